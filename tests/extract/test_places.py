"""find_places and load_pipeline: the interface others call, and the traps around it."""

from __future__ import annotations

import pytest
import spacy

from tnkg.errors import ExtractError
from tnkg.extract.places import PlaceFinder, load_pipeline
from tnkg.extract.record import Place, Section


def test_pipeline_has_the_registered_components(finder):
    nlp = finder.nlp
    assert nlp.lang == "sv"
    assert nlp.pipe_names == ["tnkg_sentences", "tnkg_gazetteer", "tnkg_disambiguate",
                              "tnkg_roles"]


def test_one_place_per_place_with_first_spelling_and_variants(finder):
    sections = [
        Section("Bakgrund", "b. Warszawa – detta är en ny kontakt för oss."),
        Section("Transnationellt samarbete",
                "Våra transnationella partners är Trondheim, Warzawa och Köpenhamn."),
    ]
    found = {p.name: p for p in finder.find(sections)}
    warsaw = found["Warszawa"]
    assert isinstance(warsaw, Place)
    assert (warsaw.kind, warsaw.country, warsaw.geonames_id) == ("city", "PL", 756135)
    assert warsaw.variants == ("Warzawa",)
    assert warsaw.role == "partner"
    assert warsaw.evidence.startswith("Våra transnationella partners")


def test_genitive_names_the_country(finder):
    (uk,) = finder.find([Section("Bakgrund", "Arbetet är en satsning från Storbritanniens "
                                             "regering.")])
    assert (uk.name, uk.kind, uk.country, uk.role) == ("Storbritannien", "country", "GB",
                                                       "mention")


def test_near_miss_never_makes_a_word_a_city(finder):
    text = "Våra partners är Arbetsförmedlingen, Warzawa och Försäkringskassan."
    found = finder.find([Section("Transnationellt samarbete", text)])
    assert [(p.name, p.geonames_id) for p in found] == [("Warzawa", 756135)]


def test_region_carries_its_iso_code(finder):
    (reg,) = finder.find([Section("text", "Vår partner är Region Själland.")])
    assert (reg.kind, reg.country, reg.iso3166_2, reg.geonames_id) == ("region", "DK", "DK-85",
                                                                       None)


def test_place_in_a_list_after_a_cue_line(finder):
    text = "Projektets partners är:\n• Tallinn\n• Riga\n\nÖvrigt\nVi har möten i Oslo."
    roles = {p.name: p.role for p in finder.find([Section("text", text)])}
    assert roles == {"Tallinn": "partner", "Riga": "partner", "Oslo": "mention"}


def test_trained_pipeline_entities_help(finder, tmp_path):
    # A pipeline saved by ourselves stands in for a trained Swedish model: its entity
    # ruler marks a person who shares a city's name.
    text = "Paris samarbetar med Tallinn i projektet."
    blank_roles = {p.name: p.role for p in finder.find([Section("text", text)])}
    assert blank_roles == {"Paris": "partner", "Tallinn": "partner"}
    trained = spacy.blank("sv")
    ruler = trained.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Paris"}])
    trained.to_disk(tmp_path / "model")
    model_finder = PlaceFinder(model=str(tmp_path / "model"), gazetteer=finder.gazetteer)
    model_nlp = model_finder.nlp
    assert model_nlp.pipe_names[0] == "tnkg_sentences" and "entity_ruler" in model_nlp.pipe_names
    found = {p.name: p.role for p in model_finder.find([Section("text", text)])}
    assert found == {"Tallinn": "partner"}


def test_missing_model_is_a_one_line_error():
    with pytest.raises(ExtractError, match="never downloads"):
        load_pipeline("sv_no_such_pipeline")


def test_evidence_is_the_most_explicit_sentence_of_the_strongest_role(finder):
    # both sentences make Warszawa a partner; the partner list says it best
    sections = [
        Section("Transnationellt samarbete",
                "Vår partner fick vi kontakt med genom en av våra projektledare som har "
                "kontakter i Warszawa. Våra transnationella partners är Trondheim, Warzawa, "
                "Köpenhamn och Birmingham."),
    ]
    found = {p.name: p for p in finder.find(sections)}
    assert found["Warszawa"].role == "partner"
    assert found["Warszawa"].evidence.startswith("Våra transnationella partners är")


@pytest.mark.parametrize("text", [
    "Under mobiliseringsfasen kartläggs behoven hos Bemanning Partner AB och kommunerna.",
    "Richard Florida uttalade 2006 att Sverige har goda förutsättningar.",
    "Enligt ekonomiprofessor Richard Florida, Toronto University, är tolerans viktig.",
    "Projektet vill ge en bra Mentor till varje deltagare.",
])
def test_organisation_and_person_names_yield_no_place(finder, text):
    assert finder.find([Section("Transnationellt samarbete", text)]) == ()


@pytest.mark.parametrize(("text", "name", "key"), [
    ("Vi samarbetar med Birmingham City Council.", "Birmingham", 2655603),
    ("Vår partner är Region Midtjylland.", "Region Midtjylland", "DK-82"),
    ("Vi samarbetar med Trondheim kommune.", "Trondheim", 3133880),
    ("Vi samarbetar med Trondheim Kommune.", "Trondheim", 3133880),
    ("Vi samarbetar med Riga Technical University kring validering.", "Riga", 456172),
    ("Vår partner är Aalborg Universitet.", "Aalborg", 2624886),
])
def test_organisations_named_after_their_place_still_name_it(finder, text, name, key):
    (place,) = finder.find([Section("Transnationellt samarbete", text)])
    assert (place.name, place.geonames_id or place.iso3166_2, place.role) == (name, key,
                                                                              "partner")


def test_ordinary_word_town_needs_a_place_context(finder):
    # `reading` is a word on this page; `i Reading` still names the town
    words = [Section("Syfte", "Projektet stärker reading och skrivande. Reading är viktigt.")]
    assert finder.find(words) == ()
    town = [Section("Transnationellt samarbete", "Vår partner finns i Reading.")]
    assert [(p.name, p.country) for p in finder.find(town)] == [("Reading", "GB")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Vi samarbetar med partners i finska Lappland.", ("region", "FI", "FI-10")),
    ("Vi samarbetar med partners i Lappland i Finland.", ("region", "FI", "FI-10")),
    ("Vår partner är Viken fylkeskommune i Norge.", ("region", "NO", "NO-30")),
    ("Vi samarbetar med partners i Lappland.", None),  # Swedish Lappland
    ("Vi samarbetar med norska Kalmar.", None),  # a municipality is always Swedish
])
def test_swedish_names_abroad_need_a_foreign_qualifier(finder, text, expected):
    found = [p for p in finder.find([Section("Transnationellt samarbete", text)])
             if p.kind != "country"]
    assert [(p.kind, p.country, p.iso3166_2) for p in found] == ([expected] if expected else [])
