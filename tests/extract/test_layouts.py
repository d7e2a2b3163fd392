"""Golden pages: every file in tests/data/pages parses to its `*.expected.json`.

Each layout and input form has a small page there: the 2007-2013 page with glued labels
(also saved as Windows-1252 with CRLF, and as UTF-16), the 2014-2020 page, a page
flattened to one line, pages cut short in the header and in a section, free text, and
an HTML page. `places` and `content_sha256` are not the parser's job and are not compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tnkg.extract.data import page_headings as words
from tnkg.extract.esf_page import parse_page
from tnkg.extract.pipeline import default_corpus
from tnkg.extract.record import record_to_json
from tnkg.extract.textio import read_text

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
CASES = sorted(p for p in PAGES.iterdir() if not p.name.endswith(".json"))


def test_every_page_has_an_expected_record():
    assert CASES, "no golden pages found"
    for page in CASES:
        assert (PAGES / f"{page.stem}.expected.json").is_file(), page.name


@pytest.mark.parametrize("page", CASES, ids=lambda p: p.name)
def test_page_parses_to_expected_record(page: Path):
    expected = json.loads((PAGES / f"{page.stem}.expected.json").read_text(encoding="utf-8"))
    got = record_to_json(parse_page(read_text(page), page.name))
    assert got["source"] == page.name
    for key, value in expected.items():
        assert got[key] == value, key


@pytest.mark.parametrize(
    ("page", "layout"),
    [
        ("esf2007_glued.txt", "esf-2007"),
        ("esf2014_colon.txt", "esf-2014"),
        ("esf_flat.txt", "esf-flat"),
        ("free_text_report.txt", "free-text"),
    ],
)
def test_layout_is_recorded(page: str, layout: str):
    assert parse_page(read_text(PAGES / page), page).layout == layout


def test_encodings_and_line_ends_give_the_same_record():
    records = [
        record_to_json(parse_page(read_text(PAGES / name), "page.txt"))
        for name in ("esf2007_glued.txt", "esf2007_cp1252_crlf.txt", "esf2007_utf16.txt")
    ]
    assert records[0] == records[1] == records[2]


def test_flat_page_agrees_with_its_multiline_form():
    flat = parse_page(read_text(PAGES / "esf_flat.txt"), "flat.txt")
    # the same page as the 2014 layout writes it, one field a line
    lines = "\n".join(
        [
            "Vägen vidare",
            "Programområde:", "Programområde 1 Kompetensförsörjning",
            "Projektfas:", "Genomförande",
            "Projektägare:", "Stadskansliet",
            "Kontaktperson:", "Lisa Berg",
            "E-post:", "lisa.berg@example.se",
            "Telefonnummer:", "0480-45 00 00",
            "Beviljat ESF-stöd:", "1 000 000 kr",
            "Total projektbudget:", "2 000 000 kr",
            "Projektperiod:", "2011-06-14 till 2013-06-30",
            "Region:", "Småland och Öarna",
            "Sammanfattning", "Projektet stärker kompetensen hos personalen.",
            "Bakgrund", "Kommunen behöver fler undersköterskor.",
            "Syfte", "Syftet är att fler ska utbilda sig.",
            "Samarbetspartners", "• Kalmar kommun", "• Falu Kommun", "• Linnéuniversitetet",
            "Deltagande aktörer", "• Vårdförbundet",
            "Kommun", "• Kalmar", "• Nybro",
        ]
    )
    multiline = parse_page(lines, "flat.txt")
    for key in ("title", "owner", "contact", "esf_grant_sek", "start_date", "end_date",
                "region", "sections", "partners", "participants", "municipalities"):
        assert getattr(flat, key) == getattr(multiline, key), key


def test_page_cut_in_the_header_keeps_the_fields_before_the_cut():
    rec = parse_page(read_text(PAGES / "cut_in_header.txt"), "cut.txt")
    assert (rec.title, rec.owner, rec.phase) == (
        "Kortprojektet", "Malung-Sälens kommun", "Genomförande"
    )
    assert rec.contact.name is None and rec.esf_grant_sek is None and rec.start_date is None


def test_free_text_has_null_header_and_one_text_section():
    text = read_text(PAGES / "free_text_report.txt")
    rec = parse_page(text, "report.txt")
    assert rec.title is None and rec.owner is None and rec.region is None
    assert [s.heading for s in rec.sections] == ["text"]
    assert "Gdańsk och Rostock" in rec.sections[0].text


def flatten(text: str) -> str:
    """A 2007 page as a flattened 2014-style page: `Label: value`, everything on one line."""
    labels = sorted(words.HEADER_LABELS, key=len, reverse=True)
    header, _, body = text.partition("In English")
    lines = []
    for line in header.split("\n"):
        label = next((lab for lab in labels if line.startswith(lab)), None)
        lines.append(f"{label}: {line[len(label):]}" if label else line)
    parts = (*lines, "In English", *body.split("\n"))
    return " ".join(part.strip() for part in parts if part.strip())


@pytest.mark.parametrize("name", [p.name for p in default_corpus()])
def test_flattened_sample_page_gives_the_gold_record(name: str, gold_records):
    page = next(p for p in default_corpus() if p.name == name)
    rec = record_to_json(parse_page(flatten(read_text(page)), name))
    gold = gold_records[name]
    assert rec["layout"] == "esf-flat"
    for key in ("title", "programme_area", "phase", "owner", "contact", "esf_grant_sek",
                "total_budget_sek", "start_date", "end_date", "region", "co_financiers",
                "partners", "participants", "municipalities"):
        assert rec[key] == gold[key], key
    assert list(rec["sections"]) == gold["section_headings"]
