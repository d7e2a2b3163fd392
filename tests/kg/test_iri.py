"""IRI minting: valid whatever the input, stable, flat, under the configured base."""

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tnkg.errors import BuildError
from tnkg.extract.keys import slugify
from tnkg.extract.record import Place, ProjectRecord
from tnkg.kg.iri import DEFAULT_BASE_IRI, Minter, check_base_iri, project_key
from tnkg.kg.nodes import place_iri

MINTER = Minter()
_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x20)}


def is_valid_syntax_iri(iri: str) -> bool:
    """Oxigraph parses it as an IRI (RFC 3987) and it needs no escaping in N-Triples."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return not (_FORBIDDEN & set(iri))


@given(st.text())
def test_organisation_iri_is_valid_and_stable_for_any_key(key):
    iri = MINTER.organisation(key)
    assert is_valid_syntax_iri(str(iri))
    assert iri == Minter().organisation(key)
    assert str(iri).startswith(DEFAULT_BASE_IRI + "organisation/")
    assert "/" not in str(iri)[len(DEFAULT_BASE_IRI + "organisation/"):]


@given(st.text(), st.text(), st.text())
def test_membership_and_region_iris_are_valid_for_any_text(project, organisation, region):
    assert is_valid_syntax_iri(str(MINTER.membership(project, "partner", organisation)))
    assert is_valid_syntax_iri(str(MINTER.region("IT", None, region)))
    assert is_valid_syntax_iri(str(MINTER.esf_region(region)))


@given(st.text(min_size=1))
def test_slug_is_ascii_and_nonempty(text):
    slug = slugify(text)
    assert slug and slug.isascii() and " " not in slug and slug == slugify(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Övre Norrland", "ovre-norrland"), ("Småland och Öarna", "smaland-och-oarna"),
     ("  Falu   Kommun ", "falu-kommun")],
)
def test_slug_examples(text, slug):
    assert slugify(text) == slug


def test_project_key_ignores_case_and_spacing_but_not_content():
    rec = ProjectRecord(source="a.txt", title="Tre-M", owner="Hedemora Lärcentrum",
                        start_date="2012-01-01")
    same = ProjectRecord(source="b.txt", title="  tre-m ", owner="HEDEMORA  lärcentrum",
                         start_date="2012-01-01")
    other = ProjectRecord(source="a.txt", title="Tre-M", owner="Hedemora Lärcentrum",
                          start_date="2012-01-02")
    assert project_key(rec) == project_key(same) != project_key(other)
    assert len(project_key(rec)) == 16


def test_free_text_pages_without_header_fields_get_distinct_projects():
    first = ProjectRecord(source="a.txt", content_sha256="a" * 64, layout="free-text")
    second = ProjectRecord(source="b.txt", content_sha256="b" * 64, layout="free-text")
    assert project_key(first) != project_key(second)


def test_csv_row_keeps_its_own_id():
    rec = ProjectRecord(source="export.csv#185210", layout="tillvaxtverket-csv")
    assert project_key(rec) == "tvv-185210"


def test_iris_follow_the_documented_scheme():
    minter = Minter("https://example.org/kg/")
    copenhagen = Place("Köpenhamn", "city", "DK", "partner", "", geonames_id=2618425)
    emilia = Place("Emilia-Romagna", "region", "IT", "related", "", iso3166_2="IT-45")
    assert str(minter.municipality("2080")) == "https://example.org/kg/municipality/2080"
    assert str(place_iri(copenhagen, minter=minter)) == "https://example.org/kg/city/2618425"
    assert str(place_iri(emilia, minter=minter)) == "https://example.org/kg/region/IT-45"
    tie = minter.tie("ab12", place_iri(copenhagen, minter=minter))
    assert str(tie) == "https://example.org/kg/tie/ab12-city-2618425"


@pytest.mark.parametrize("base", ["not an iri", "ftp://x.org/", "https://exa mple.org/", "/rel/"])
def test_bad_base_iri_is_a_build_error(base):
    with pytest.raises(BuildError, match="base-iri"):
        check_base_iri(base)


def test_base_iri_gets_a_trailing_slash():
    assert check_base_iri("https://example.org/kg") == "https://example.org/kg/"
