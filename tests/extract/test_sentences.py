"""Sentence boundaries on project pages: abbreviations, bullets, headings, glued headings."""

from __future__ import annotations

import pytest
import spacy

from tnkg.extract.places.components import register
from tnkg.extract.sentences import SentenceSplitter

CASES = [
    (
        "bl_a_with_periods",
        "Vi har bl.a. partners i Riga. Nästa mening.",
        ["Vi har bl.a. partners i Riga.", "Nästa mening."],
    ),
    (
        "bl_a_spaced",
        "Varför bl a Polen har tagit initiativ. Finland bjuder in.",
        ["Varför bl a Polen har tagit initiativ.", "Finland bjuder in."],
    ),
    ("t_ex", "Vi har t.ex. Stockholm. Och sen.", ["Vi har t.ex. Stockholm.", "Och sen."]),
    (
        "t_ex_spaced",
        "Vi har t ex Oslo som partner. Sen.",
        ["Vi har t ex Oslo som partner.", "Sen."],
    ),
    ("s_k", "Det s.k. Tallinnprojektet. Sen.", ["Det s.k. Tallinnprojektet.", "Sen."]),
    (
        "sk",
        "Ungdomar sk. NEETS, där de erbjuds arbete.",
        ["Ungdomar sk. NEETS, där de erbjuds arbete."],
    ),
    ("m_m", "Resor, möten m.m. Vi reser.", ["Resor, möten m.m. Vi reser."]),
    (
        "dvs",
        "Genom samhandling, dvs. Gemensamt arbete.",
        ["Genom samhandling, dvs. Gemensamt arbete."],
    ),
    (
        "ek_forening",
        "Coompanion Östergötland, ek. förening driver projektet.",
        ["Coompanion Östergötland, ek. förening driver projektet."],
    ),
    ("etc", "Resekostnader etc. Måste betalas.", ["Resekostnader etc. Måste betalas."]),
    (
        "glued_heading",
        "hjälpa människor till arbete.Syfte\n\nProjektidén är",
        ["hjälpa människor till arbete.", "Syfte", "Projektidén är"],
    ),
    (
        "heading_line",
        "Transnationellt samarbete\n\nVåra partners är Oslo.",
        ["Transnationellt samarbete", "Våra partners är Oslo."],
    ),
    (
        "bullets",
        "Våra partners är:\n• Riga\n• Tallinn",
        ["Våra partners är:", "• Riga", "• Tallinn"],
    ),
    ("numbered_items", "1. Första punkten\n2. Andra", ["1. Första punkten", "2. Andra"]),
    ("lettered_item_glued", "d.Birmingham har ett samarbete.", ["d.Birmingham har ett samarbete."]),
    (
        "wrapped_line",
        "hos både individer och att skapa\nutbud av utbildning. Dessutom.",
        ["hos både individer och att skapa\nutbud av utbildning.", "Dessutom."],
    ),
    (
        "sentence_after_number",
        "Det ökade med 3 %. 2010 var det lägre.",
        ["Det ökade med 3 %.", "2010 var det lägre."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in CASES])
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in SentenceSplitter().split(text)] == expected


def test_component_sets_the_same_sentence_starts():
    register()
    nlp = spacy.blank("sv")
    nlp.add_pipe("tnkg_sentences")
    doc = nlp("Vi har bl.a. partners i Riga. Våra partners är:\n• Tallinn")
    assert [s.text for s in doc.sents] == [
        "Vi har bl.a. partners i Riga.",
        "Våra partners är:\n",
        "• Tallinn",
    ]
