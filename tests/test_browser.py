"""The HTML edition in a real browser (headless Chromium through Playwright).

Runs wherever Chromium is installed (``.ci/run`` installs Debian's); elsewhere the tests
skip, except under CI, where a missing browser is a failure.  Screenshots of the sample at
phone and desktop widths are kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import run
from pipeline.resources import SAMPLE

from .test_site import make_volume

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


#: Pages checked with axe-core: the sample and its index, and a page for each structure of
#: tests/fixtures/render/structures (tables, figures, records, apparatus, MathML …).
STRUCTURES = sorted((Path(__file__).parent / "fixtures" / "render" / "structures").glob("*.xml"))


@pytest.fixture(scope="module")
def structure_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("structures")
    assert run(["render", *map(str, STRUCTURES), "--out", str(out), "--to", "html"],
               io.StringIO(), io.StringIO()) == 0
    return out


def axe_violations(browser: Any, path: Path, width: int = 1280) -> list[tuple[str, str, str]]:
    """What axe-core finds on a page: (rule, impact, element) for each node.  A document's own
    colours (its renditions' and @style's CSS, classes css-N) are rendered as its encoder wrote
    them, so their contrast is the document's, not the page's."""
    opened = browser.new_page(viewport={"width": width, "height": 900})
    opened.goto(path.as_uri())
    found = axe_violations_at(opened)
    opened.close()
    return found


def axe_violations_at(opened: Any) -> list[tuple[str, str, str]]:
    """What axe-core finds on an open page (see :func:`axe_violations`)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(opened).response
    return [(violation["id"], violation["impact"], node["html"][:120])
            for violation in response["violations"] for node in violation["nodes"]
            if not (violation["id"] == "color-contrast" and " css-" in node["html"])]


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_the_sample_and_its_index_pass_axe(browser: Any, edition: Path, width: int) -> None:
    for name in (f"{SAMPLE.stem}.html", "index.html"):
        assert axe_violations(browser, edition / name, width) == [], name


@pytest.mark.parametrize("structure", [p.stem for p in STRUCTURES])
def test_every_structure_passes_axe(browser: Any, structure_pages: Path, structure: str) -> None:
    assert axe_violations(browser, structure_pages / f"{structure}.html") == []


# --- a published volume (tei-pipeline site) ---------------------------------------------------

@pytest.fixture(scope="module")
def volume_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    volume = make_volume(tmp_path_factory.mktemp("volume"))
    out = tmp_path_factory.mktemp("site")
    assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], io.StringIO(),
               io.StringIO()) == 0
    return out


SITE_PAGES = ["index.html", "persons.html", "terms.html", "documents/2-later-d257.html",
              "documents/2-later-d300.html"]


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_every_kind_of_site_page_passes_axe(browser: Any, volume_site: Path, width: int) -> None:
    for name in SITE_PAGES:
        assert axe_violations(browser, volume_site / name, width) == [], name


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_no_site_page_overflows(browser: Any, volume_site: Path, width: int) -> None:
    opened = browser.new_page(viewport={"width": width, "height": 900})
    for name in SITE_PAGES:
        opened.goto((volume_site / name).as_uri())
        assert opened.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    ARTIFACTS.mkdir(exist_ok=True)
    opened.goto((volume_site / "index.html").as_uri())
    opened.screenshot(path=str(ARTIFACTS / f"site-home-{width}.png"), full_page=False)
    opened.goto((volume_site / "documents" / "2-later-d257.html").as_uri())
    opened.screenshot(path=str(ARTIFACTS / f"site-document-{width}.png"), full_page=False)
    opened.close()


def test_a_reader_goes_from_the_home_page_to_a_document_next_and_back(
        browser: Any, volume_site: Path) -> None:
    opened = browser.new_page()
    opened.goto((volume_site / "index.html").as_uri())
    opened.get_by_role("link", name="257. Memorandum of Conversation").click()
    assert opened.url.endswith("documents/2-later-d257.html")
    opened.locator("a[rel=next]").click()
    assert opened.url.endswith("documents/2-later-d300.html")
    opened.go_back()
    assert opened.url.endswith("documents/2-later-d257.html")
    opened.locator(".breadcrumb a").first.click()
    assert opened.url.endswith("/index.html")
    opened.close()


def test_a_cross_reference_lands_on_the_cited_note(browser: Any, volume_site: Path) -> None:
    opened = browser.new_page()
    opened.goto((volume_site / "documents" / "2-later-d300.html").as_uri())
    opened.get_by_role("link", name="footnote 2, Document 257").click()
    assert opened.url.endswith("documents/2-later-d257.html#d257fn2")
    assert in_view(opened, "#d257fn2")
    opened.close()


def test_the_home_page_filters_by_person(browser: Any, volume_site: Path) -> None:
    opened = browser.new_page()
    opened.goto((volume_site / "index.html").as_uri())
    assert opened.locator("form.filters").is_visible()
    opened.select_option("select[name=person]", "p-shevardnadze-eduard-a")
    shown = opened.locator("ol.contents li:visible a")
    assert shown.all_inner_texts() == ["257. Memorandum of Conversation",
                                       "300. Memorandum From the Secretary to the President"]
    assert opened.locator("output").inner_text() == "2 of 4 documents"
    opened.close()


@pytest.fixture(scope="module")
def served_site(volume_site: Path) -> Iterator[str]:
    """The site over HTTP on the loopback (Pagefind fetches its index; a file:// page may not)."""
    handler = functools.partial(_QuietHandler, directory=str(volume_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_search_for_a_participant_finds_the_memorandum(browser: Any, served_site: str,
                                                         volume_site: Path) -> None:
    if not (volume_site / "pagefind").is_dir():
        pytest.skip("Pagefind is not installed (pip install 'tei-pipeline[search]')")
    opened = browser.new_page()
    opened.goto(f"{served_site}/index.html")
    opened.locator("#search input").fill("Zarechnak")
    result = opened.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert result.get_attribute("href").endswith("documents/2-later-d257.html")
    assert axe_violations_at(opened) == []
    opened.close()


def test_the_home_page_orders_by_title(browser: Any, volume_site: Path) -> None:
    opened = browser.new_page()
    opened.goto((volume_site / "index.html").as_uri())
    first = opened.locator("ol.contents").first
    before = first.locator("li a").all_inner_texts()
    opened.select_option("select[name=order]", "title")
    assert first.locator("li a").all_inner_texts() == sorted(
        before, key=lambda title: title.split(". ", 1)[1])
    opened.select_option("select[name=order]", "number")
    assert first.locator("li a").all_inner_texts() == before
    opened.close()
