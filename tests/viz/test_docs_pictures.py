"""The README's and docs/viz.md's pictures are what the code draws of the demo graph today:
scripts/make_docs_pictures.py draws them again here, and the committed files must match."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from PIL import Image
from support import REPO

pytestmark = pytest.mark.browser

SCRIPT = REPO / "scripts" / "make_docs_pictures.py"
spec = importlib.util.spec_from_file_location("make_docs_pictures", SCRIPT)
make_docs_pictures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_docs_pictures)


def assert_same_picture(committed, drawn, name):
    old = np.asarray(Image.open(committed).convert("RGB"), dtype=float)
    new = np.asarray(Image.open(drawn).convert("RGB"), dtype=float)
    fix = f"run `python scripts/make_docs_pictures.py` to draw docs/img/{name} again"
    assert old.shape == new.shape, f"docs/img/{name}: {old.shape[:2]}, now {new.shape[:2]}; {fix}"
    # font rendering may differ by a shade between machines; a moved node or label is more
    changed = (np.abs(old - new).max(axis=2) > 40).mean()
    assert changed < 0.002, f"docs/img/{name}: {changed:.1%} of it differs from the code's; {fix}"


def test_the_screenshot_is_the_demo_page_as_it_opens(browser, pipeline_sample_dir, tmp_path):
    drawn = make_docs_pictures.write_screenshot(pipeline_sample_dir, tmp_path / "graph.png",
                                                browser)
    name = make_docs_pictures.SCREENSHOT_NAME
    assert_same_picture(make_docs_pictures.DOCS_IMG / name, drawn, name)


def test_the_figure_is_the_demo_figure(pipeline_sample_dir, tmp_path):
    drawn = make_docs_pictures.write_figure(pipeline_sample_dir, tmp_path / "figure.png")
    name = make_docs_pictures.FIGURE_NAME
    assert_same_picture(make_docs_pictures.DOCS_IMG / name, drawn, name)


def test_the_docs_show_both_pictures():
    page = (REPO / "docs" / "viz.md").read_text("utf-8")
    assert f"(img/{make_docs_pictures.SCREENSHOT_NAME})" in page
    assert f"(img/{make_docs_pictures.FIGURE_NAME})" in page
