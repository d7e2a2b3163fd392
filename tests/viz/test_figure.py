"""Static figures (`tnkg viz --format png|svg|pdf`): every view at a chosen width, with its map,
legend, labels, title and source line, laid out without a browser."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from tnkg.errors import TnkgError
from tnkg.viz.figure import render_figure
from tnkg.viz.pictures import write_picture
from tnkg.viz.styles import MAP_COLOURS
from tnkg.viz.views import VIEWS, make_view

LAND = tuple(int(MAP_COLOURS["land"][i:i + 2], 16) for i in (1, 3, 5))


def svg_texts(svg: bytes) -> list[str]:
    """The text of every <text> element (figures keep their text as text in SVG)."""
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>",
                                                          svg.decode("utf-8"), re.S)]


@pytest.fixture(scope="module")
def views(gold_network):
    return {view: make_view(gold_network, view=view) for view in VIEWS}


@pytest.fixture(scope="module")
def pngs(views):
    """Each view at 1,600 pixels wide (8 inches at 200 dpi), drawn once."""
    return {view: render_figure(shown, fmt="png", size=(8.0, None), dpi=200)
            for view, shown in views.items()}


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_renders_1600_px_wide_with_a_map_and_content(pngs, view):
    image = np.asarray(Image.open(io.BytesIO(pngs[view])).convert("RGB"))
    assert image.shape[1] == 1600
    pixels = image.reshape(-1, 3)
    white = np.all(pixels == 255, axis=1).mean()
    land = np.all(pixels == LAND, axis=1).mean()
    assert land > 0.15  # the map
    assert white < 0.5  # not blank
    colours = np.unique(pixels.astype(np.int64) @ np.array([65536, 256, 1]))
    assert len(colours) > 200  # nodes, edges, text: not a few flat colours


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_figure_has_its_title_legend_labels_and_source(views, view):
    shown = views[view]
    texts = svg_texts(render_figure(shown, fmt="svg", size=(7.0, None), dpi=100))
    joined = " ".join(texts)
    assert shown.heading in joined
    kinds = {kind for _, kind in shown.G.nodes(data="kind")}
    legend = {"country": "country (", "municipality": "Swedish municipality (",
              "project": "project (", "city": "city abroad ("}
    assert all(legend[k] in joined for k in kinds if k in legend)
    assert "Natural Earth" in joined and "Source: tnkg" in joined
    labels = {str(label) for _, label in shown.G.nodes(data="label")}
    assert len(labels & set(texts)) >= min(5, len(labels))


def test_country_summary_reads_at_journal_column_width(views):
    """88 mm at 300 dpi: the labels of every country fit, in a font of 6.5 pt."""
    shown = views["countries"]
    svg = render_figure(shown, fmt="svg", size=(88 / 25.4, None), dpi=300)
    texts = svg_texts(svg)
    countries = {label for _, label in shown.G.nodes(data="label")}
    assert countries <= set(texts)
    assert re.search(rb'width="249\.4\d*pt"', svg)  # 88 mm
    sizes = {float(s) for s in re.findall(rb"font-size: ?([\d.]+)px", svg)}
    assert min(sizes) >= 6.0 * 1.0  # svg px at 72 per inch: points


def test_figures_are_the_same_each_run(views):
    first = render_figure(views["countries"], fmt="svg", size=(4.0, None), dpi=100)
    assert render_figure(views["countries"], fmt="svg", size=(4.0, None), dpi=100) == first
    pdf = render_figure(views["countries"], fmt="pdf", size=(4.0, None), dpi=100)
    assert pdf.startswith(b"%PDF")


def test_command_writes_a_figure_of_the_size_asked(pipeline_sample_dir, tmp_path, capsys):
    from tnkg.cli import main

    out = tmp_path / "countries.png"
    assert main(["viz", "--out", str(pipeline_sample_dir), "--view", "countries",
                 "--width", "1600px", "--dpi", "200", "-o", str(out)]) == 0
    assert Image.open(out).width == 1600
    assert capsys.readouterr().out.startswith(f"wrote {out}: country summary, ")


@pytest.mark.parametrize(("args", "message"), [
    (["--width", "wide"], "give a number and a unit"),
    (["--format", "png", "--width", "0mm"], "more than 0"),
])
def test_bad_figure_options_fail_in_one_line(tmp_path, capsys, args, message):
    from tnkg.cli import main

    assert main(["viz", "--out", str(tmp_path), "-o", str(tmp_path / "x.png"),
                 *args]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error


def test_unknown_format_is_an_error(tmp_path, gold_network):
    with pytest.raises(TnkgError, match="unknown format"):
        write_picture(tmp_path, fmt="gif", G=gold_network)
