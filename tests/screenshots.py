"""Screenshots for the README (``nox -s screenshots``; needs Chromium): a volume published by
``tei-pipeline site`` — its home page and a document page — written to ``output/screenshots``.

The volume is the one the site tests publish: the sample memorandum, the fixtures of an
earlier chapter, a document citing the sample, and the volume's lists.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from pipeline.cli import run
from tests.test_browser import CHROMIUM, FLAGS
from tests.test_site import make_volume

PAGES = {"site-home.png": "index.html", "site-document.png": "documents/2-later-d257.html"}


def main(out: Path) -> None:
    if not CHROMIUM:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        volume = make_volume(Path(work) / "volume")
        site = Path(work) / "site"
        err = io.StringIO()
        if run(["site", str(volume), "--out", str(site), "--title",
                "A Volume (sample and fixtures)", "--jobs", "1"], stderr=err) != 0:
            sys.exit(err.getvalue())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            for name, path in PAGES.items():
                page.goto((site / path).as_uri())
                page.screenshot(path=str(out / name))
                print(f"wrote {out / name}")
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output/screenshots"))
