"""Properties of reading and parsing that hold for any input (hypothesis).

Any text gives a record or an ExtractError, never another exception; any bytes give text
or an ExtractError; the parser never invents text; records survive the JSON round trip.
"""

from __future__ import annotations

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tnkg.errors import ExtractError
from tnkg.extract.data import page_headings as words
from tnkg.extract.esf_page import parse_page
from tnkg.extract.lang.punctuation import BULLETS
from tnkg.extract.record import ProjectRecord, record_from_json, record_to_json
from tnkg.extract.textio import decode_page

# page-like pieces, so that examples reach the header, heading and list rules
PIECES = st.sampled_from(
    [*words.HEADER_LABELS, *words.SECTION_HEADINGS, *words.LIST_HEADINGS,
     *words.FURNITURE_LINES, *BULLETS, ":", " ", "\n", "\n\n", ".", "kr", "till",
     "2011-06-14", "2019-02-30", "8 562 409", "\u00a0", "Programområde 1", "anna@example.se"]
)
PAGE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def parse_or_error(text: str) -> ProjectRecord | None:
    try:
        return parse_page(text, "prop.txt")
    except ExtractError as error:
        assert "prop.txt" in str(error)
        return None


@SETTINGS
@given(PAGE_TEXT)
def test_any_text_gives_a_record_or_an_extract_error(text: str):
    rec = parse_or_error(text)
    assert rec is None or isinstance(rec, ProjectRecord)


@SETTINGS
@given(PAGE_TEXT)
def test_parser_never_invents_names(text: str):
    rec = parse_or_error(text)
    if rec is None:
        return
    page = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    written = [rec.title, rec.owner, rec.phase, rec.region, rec.contact.name,
               *rec.co_financiers, *rec.partners, *rec.participants,
               *(m.name for m in rec.municipalities), *(s.heading for s in rec.sections)]
    for value in written:
        assert value is None or value == "text" or value in page


@SETTINGS
@given(PAGE_TEXT)
def test_record_survives_the_json_round_trip(text: str):
    rec = parse_or_error(text)
    if rec is None:
        return
    data = json.loads(json.dumps(record_to_json(rec), ensure_ascii=False))
    assert record_from_json(data) == rec


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from(["p.txt", "p.html"]))
def test_any_bytes_give_text_or_an_extract_error(data: bytes, name: str):
    try:
        text = decode_page(data, name)
    except ExtractError as error:
        assert name in str(error) and "\n" not in str(error)
        return
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
