"""Roles of places, one sentence at a time: each cue, each trap, and unseen-style cases.

The table is tests/data/places/roles.tsv: case, section heading, sentence (`\\n` for a line
break), expected places, cues. `Name:role` must be found with that role; a bare `Name` must not
get a partner, planned or related role; no other place may get one. Every cue of the language
data's tables (`tnkg.extract.lang.*.role_cues`) is exercised by a row that names it, and every
cue a row names exists and fires on that row's sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tnkg.extract.places.roles import CATEGORIES, RoleCues
from tnkg.extract.record import Section

TABLE = Path(__file__).parents[1] / "data" / "places" / "roles.tsv"
PARTNER_ROLES = {"partner", "planned", "related"}


def _rows() -> list[list[str]]:
    return [
        (line.split("\t") + ["", ""])[:5]
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _read_table():
    rows = []
    for case, heading, sentence, expected, _cues in _rows():
        wanted, banned = {}, set()
        for item in filter(None, (x.strip() for x in expected.split(","))):
            name, _, role = item.partition(":")
            if role:
                wanted[name] = role
            else:
                banned.add(name)
        rows.append(pytest.param(heading, sentence.replace("\\n", "\n"), wanted, banned, id=case))
    return rows


def _names(place):
    return {place.name, *place.variants}


@pytest.mark.parametrize(("heading", "sentence", "wanted", "banned"), _read_table())
def test_sentence_gives_expected_roles(finder, heading, sentence, wanted, banned):
    places = finder.find([Section(heading, sentence)])
    got = {n: p.role for p in places for n in _names(p)}
    for name, role in wanted.items():
        assert got.get(name) == role, f"{name}: expected {role}, got {got.get(name)}"
    for name in banned:
        assert got.get(name) not in PARTNER_ROLES, f"{name} must not be {got.get(name)}"
    extra = {n for p in places if p.role in PARTNER_ROLES for n in _names(p)}
    assert not (extra - set(wanted)), f"unexpected partner places: {extra - set(wanted)}"


def test_evidence_is_the_sentence_that_gives_the_role(finder):
    text = (
        "Köpenhamn har ett flertal intressanta projekt. "
        "Våra partners är Köpenhamn och Riga."
    )
    (kbh, _riga) = finder.find([Section("Transnationellt samarbete", text)])
    assert kbh.role == "partner"
    assert kbh.evidence == "Våra partners är Köpenhamn och Riga."


@pytest.fixture(scope="module")
def role_cues():
    return RoleCues.load()


def test_every_cue_of_the_tables_has_a_row(role_cues):
    named = {name.strip() for row in _rows() for name in row[4].split(",") if name.strip()}
    assert set(role_cues.names()) - named == set()


@pytest.mark.parametrize(("case", "sentence", "cues"), [
    pytest.param(row[0], row[2].replace("\\n", "\n"), row[4], id=row[0]) for row in _rows()
])
def test_every_cue_a_row_names_exists_and_fires(role_cues, case, sentence, cues):
    found = role_cues.of(sentence)
    carried = {name for category in CATEGORIES for name in getattr(found, category)}
    named = {name.strip() for name in cues.split(",") if name.strip()}
    assert named <= set(role_cues.names()), f"{case}: no such cue {named - set(role_cues.names())}"
    assert named <= carried, f"{case}: {named - carried} do not fire"
