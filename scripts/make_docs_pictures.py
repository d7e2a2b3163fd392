"""Write the pictures of the README and docs/viz.md from the demo graph, as the code draws them.

    python scripts/make_docs_pictures.py [--out DIR]    # DIR: a `tnkg build` of the sample

Without --out it builds the bundled sample first, as `make demo` does. It writes
docs/img/graph.png, a screenshot of the demo's page in headless Chromium (Debian's `chromium`,
driven by playwright) as it first opens, and docs/img/municipalities.png, the static figure of
the municipality and places-abroad view at one journal column (88 mm, 300 dpi).
tests/viz/test_docs_pictures.py draws both again and holds the committed files to them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tnkg.viz.pictures import write_picture

DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREEN = {"width": 1400, "height": 900}
FIGURE = {"view": "municipalities", "size": (88 / 25.4, None), "dpi": 300.0}
SCREENSHOT_NAME, FIGURE_NAME = "graph.png", "municipalities.png"


def write_screenshot(build_dir: Path, out: Path, browser) -> Path:
    """The demo's page (`tnkg viz`) as headless Chromium shows it first, in `out`."""
    with tempfile.TemporaryDirectory() as work:
        page_path = write_picture(build_dir, out_file=Path(work) / "graph.html").path
        page = browser.new_page(viewport=SCREEN)
        try:
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("window.tnkgReady === true", timeout=120_000)
            page.screenshot(path=str(out))
        finally:
            page.close()
    return out


def write_figure(build_dir: Path, out: Path) -> Path:
    """The static figure of the municipality and places-abroad view (`tnkg viz --format png`)."""
    return write_picture(build_dir, out_file=out, view=FIGURE["view"], size=FIGURE["size"],
                         dpi=FIGURE["dpi"]).path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="a build of the sample (default: build one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        build_dir = args.out
        if build_dir is None:
            from tnkg.build import build_graph
            from tnkg.extract.pipeline import default_corpus

            build_dir = Path(work) / "tnkg-out"
            build_graph(default_corpus(), out_dir=build_dir, jobs=1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                print(f"wrote {write_screenshot(build_dir, DOCS_IMG / SCREENSHOT_NAME, browser)}")
            finally:
                browser.close()
        print(f"wrote {write_figure(build_dir, DOCS_IMG / FIGURE_NAME)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
