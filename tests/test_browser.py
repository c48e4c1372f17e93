"""The HTML edition in a real browser (headless Chromium through Playwright).

Runs wherever Chromium is installed (``.ci/run`` installs Debian's); elsewhere the tests
skip, except under CI, where a missing browser is a failure.  Screenshots of the sample at
phone and desktop widths are kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import run
from pipeline.resources import SAMPLE

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not CHROMIUM:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition")
    assert run(["build", str(SAMPLE), "--out", str(out)], io.StringIO(), io.StringIO()) == 0
    return out


@pytest.fixture(params=sorted(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Any, edition: Path) -> Iterator[Any]:
    width = WIDTHS[request.param]
    opened = browser.new_page(viewport={"width": width, "height": 900})
    opened.goto((edition / f"{SAMPLE.stem}.html").as_uri())
    opened.width_name = request.param
    yield opened
    opened.close()


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and -5 <= box["y"] < page.viewport_size["height"]


def test_every_note_link_jumps_to_its_note_and_back(page: Any) -> None:
    refs = page.locator("a[role=doc-noteref]")
    assert refs.count() == 5
    for i in range(refs.count()):
        target = refs.nth(i).get_attribute("href")
        refs.nth(i).click()
        assert page.evaluate("location.hash") == target
        assert in_view(page, target)
        page.locator(f"{target} a[role=doc-backlink]").click()
        assert page.evaluate("location.hash") == f"#ref-{target[1:]}"
        assert in_view(page, f"#ref-{target[1:]}")


def test_every_page_anchor_resolves_and_shows_its_number(page: Any) -> None:
    markers = page.locator("a.pb")
    assert markers.count() == 10
    for i in range(markers.count()):
        href = markers.nth(i).get_attribute("href")
        page.goto(page.url.split("#")[0] + href)
        assert page.locator(href).count() == 1
        assert in_view(page, href)
        assert markers.nth(i).inner_text().strip() == href.removeprefix("#page-")


def test_nothing_overflows_the_viewport(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"sample-{page.width_name}.png"), full_page=False)


def test_speaker_labels_lead_to_the_participants_list(page: Any) -> None:
    label = page.locator(".sp .speaker a").first
    target = label.get_attribute("href")
    label.click()
    assert page.evaluate("location.hash") == target and in_view(page, target)


def test_the_index_links_to_every_document(browser: Any, edition: Path) -> None:
    index = browser.new_page()
    index.goto((edition / "index.html").as_uri())
    links = index.locator("tbody a")
    assert links.count() >= 1
    for i in range(links.count()):
        assert (edition / links.nth(i).get_attribute("href")).is_file()
    index.close()
