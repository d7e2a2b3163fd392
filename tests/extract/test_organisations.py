"""Organisation names: one key per organisation, agencies' and municipalities' units, places."""

from __future__ import annotations

import doctest
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import gold_json

from tnkg.extract import municipalities, organisations
from tnkg.extract.keys import clean_name, slugify
from tnkg.extract.municipalities import all_municipalities
from tnkg.extract.organisations import resolve_organisation

GOLD = sorted((Path(__file__).parents[1] / "data" / "gold").glob("*.json"))
RULES = tomllib.loads(
    resources.files("tnkg.extract").joinpath("data", "organisation_rules.toml").read_text("utf-8")
)
KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# Every organisation name of the sample's gold records:
# name -> (key, kind, parent key, located_in, governs, county)
SAMPLE = {
    "Almega Serviceentreprenörerna": (
        "almega-serviceentreprenorerna",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Arbetsförmedlingen Avdelningen BM Sekritariat och avd. Rehab CFAR är i Stockholm": (
        "arbetsformedlingen-avdelningen-bm-sekritariat-och-avd-rehab-cfar-ar-i-stockholm",
        "unit",
        "arbetsformedlingen",
        "0180",
        None,
        "01",
    ),
    "Arbetsförmedlingen Falun": (
        "arbetsformedlingen-falun",
        "unit",
        "arbetsformedlingen",
        "2080",
        None,
        "20",
    ),
    "Arbetsförmedlingen Hedemora": (
        "arbetsformedlingen-hedemora",
        "unit",
        "arbetsformedlingen",
        "2083",
        None,
        "20",
    ),
    "Arbetsförmedlingen Lycksele": (
        "arbetsformedlingen-lycksele",
        "unit",
        "arbetsformedlingen",
        "2481",
        None,
        "24",
    ),
    "Arbetsförmedlingen Skellefteå": (
        "arbetsformedlingen-skelleftea",
        "unit",
        "arbetsformedlingen",
        "2482",
        None,
        "24",
    ),
    "Arbetsförmedlingen Umeå": (
        "arbetsformedlingen-umea",
        "unit",
        "arbetsformedlingen",
        "2480",
        None,
        "24",
    ),
    "Arbetsmarknadsenheten": ("arbetsmarknadsenheten", "organisation", None, None, None, None),
    "Arbetsmarknadsförvaltningen - Stockholms stad": (
        "kommun-0180-arbetsmarknadsforvaltningen",
        "unit",
        "kommun-0180",
        "0180",
        None,
        "01",
    ),
    "Arbetsmarknadsområde Göteborg": (
        "arbetsmarknadsomrade-goteborg",
        "organisation",
        None,
        "1480",
        None,
        "14",
    ),
    "Arbetsmiljöforum i Norden AB": (
        "arbetsmiljoforum-i-norden-ab",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Avd för arbetsgivarpol": ("avd-for-arbetsgivarpol", "organisation", None, None, None, None),
    "Barn och utbildningsförvaltningen": (
        "barn-och-utbildningsforvaltningen",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Basta": ("basta", "organisation", None, None, None, None),
    "Bjurholms kommun": ("kommun-2403", "municipality", None, "2403", "2403", "24"),
    "Borlänge kommun Vuxenutbildningen": (
        "kommun-2081-vuxenutbildningen",
        "unit",
        "kommun-2081",
        "2081",
        None,
        "20",
    ),
    "Coompanion Östergötland, ek. förening": (
        "coompanion-ostergotland-ek-forening",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Dalawux": ("dalawux", "organisation", None, None, None, None),
    "Dorotea Lärcentrum": ("dorotea-larcentrum", "organisation", None, "2425", None, "24"),
    "ENKU": ("enku", "organisation", None, None, None, None),
    "European Minds AB, Luleå": (
        "european-minds-ab-lulea",
        "organisation",
        None,
        "2580",
        None,
        "25",
    ),
    "Falu Kommun": ("kommun-2080", "municipality", None, "2080", "2080", "20"),
    "FÖRETAGARNA DALARNA": ("foretagarna-dalarna", "organisation", None, None, None, "20"),
    "Försäkringskassan Borlänge": (
        "forsakringskassan-borlange",
        "unit",
        "forsakringskassan",
        "2081",
        None,
        "20",
    ),
    "Försäkringskassan Falun": (
        "forsakringskassan-falun",
        "unit",
        "forsakringskassan",
        "2080",
        None,
        "20",
    ),
    "Försäkringskassan Umeå": (
        "forsakringskassan-umea",
        "unit",
        "forsakringskassan",
        "2480",
        None,
        "24",
    ),
    "Försäkringskassan i Västra Götaland": (
        "forsakringskassan-vastra-gotaland",
        "unit",
        "forsakringskassan",
        None,
        None,
        "14",
    ),
    "Gagnefs Kommun, Utvecklingscentrum": (
        "kommun-2026-utvecklingscentrum",
        "unit",
        "kommun-2026",
        "2026",
        None,
        "20",
    ),
    "Handisam": ("handisam", "organisation", None, None, None, None),
    "Hedemora Lärcentrum": ("hedemora-larcentrum", "organisation", None, "2083", None, "20"),
    "Kommunförbundet Norrbotten": (
        "kommunforbundet-norrbotten",
        "organisation",
        None,
        None,
        None,
        "25",
    ),
    "Kommunkansliet": ("kommunkansliet", "organisation", None, None, None, None),
    "Kommunledningsförvaltning": (
        "kommunledningsforvaltning",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Kommunledningskontoret Vännäs": (
        "kommunledningskontoret-vannas",
        "organisation",
        None,
        "2460",
        None,
        "24",
    ),
    "Kommunstyrelsens förvaltning": (
        "kommunstyrelsens-forvaltning",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Kunskapsnavet": ("kunskapsnavet", "organisation", None, None, None, None),
    "LFC Sthlm Södertörn": ("lfc-sthlm-sodertorn", "organisation", None, None, None, None),
    "Leksand kommun": ("kommun-2029", "municipality", None, "2029", "2029", "20"),
    "Länsstyrelsen, enheten för lokal och social utveckling": (
        "lansstyrelsen-enheten-for-lokal-och-social-utveckling",
        "unit",
        "lansstyrelsen",
        None,
        None,
        None,
    ),
    "Lärcentrum": ("larcentrum", "organisation", None, None, None, None),
    "Lärcentrum Malung, Malungs kommun": (
        "kommun-2023-larcentrum-malung",
        "unit",
        "kommun-2023",
        "2023",
        None,
        "20",
    ),
    "Malå kommun": ("kommun-2418", "municipality", None, "2418", "2418", "24"),
    "Meritea AB": ("meritea-ab", "organisation", None, None, None, None),
    "Mora kommun": ("kommun-2062", "municipality", None, "2062", "2062", "20"),
    "Nordmalings Kommun/utbildning": (
        "kommun-2401-utbildning",
        "unit",
        "kommun-2401",
        "2401",
        None,
        "24",
    ),
    "Näringsenheten": ("naringsenheten", "organisation", None, None, None, None),
    "Näringsilvskontor": ("naringsilvskontor", "organisation", None, None, None, None),
    "Näringsliv": ("naringsliv", "organisation", None, None, None, None),
    "Näringslivsservice i Vännäs": (
        "naringslivsservice-i-vannas",
        "organisation",
        None,
        "2460",
        None,
        "24",
    ),
    "Orsa lärcentrum, AME": ("orsa-larcentrum-ame", "organisation", None, "2034", None, "20"),
    "Region Dalarna": ("region-dalarna", "organisation", None, None, None, "20"),
    "Regionförbundet Västerbottens län": (
        "regionforbundet-vasterbottens-lan",
        "organisation",
        None,
        None,
        None,
        "24",
    ),
    "Rättviks Gymnasium/Lärcentrum": (
        "rattviks-gymnasium-larcentrum",
        "organisation",
        None,
        "2031",
        None,
        "20",
    ),
    "Samordningsförbundet Umeå": (
        "samordningsforbundet-umea",
        "organisation",
        None,
        "2480",
        None,
        "24",
    ),
    "Sida": ("sida", "organisation", None, None, None, None),
    "Socialtjänst och arbetsmarknds förvaltningen": (
        "socialtjanst-och-arbetsmarknds-forvaltningen",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Stockholms Stad, Socialförvaltningen": (
        "kommun-0180-socialforvaltningen",
        "unit",
        "kommun-0180",
        "0180",
        None,
        "01",
    ),
    "Storumans kommun": ("kommun-2421", "municipality", None, "2421", "2421", "24"),
    "Sv Fritids- & Kulturchefsfören": (
        "sv-fritids-kulturchefsforen",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Södertälje kommun": ("kommun-0181", "municipality", None, "0181", "0181", "01"),
    "Tillväxt Skellefteå": ("tillvaxt-skelleftea", "organisation", None, "2482", None, "24"),
    "VIVA Kompetenscentrum": ("viva-kompetenscentrum", "organisation", None, None, None, None),
    "Vilhelmina Lärcentrum": ("vilhelmina-larcentrum", "organisation", None, "2462", None, "24"),
    "Vindeln Utveckling": ("vindeln-utveckling", "organisation", None, "2404", None, "24"),
    "Värmdö kommun, Central förvaltning": (
        "kommun-0120-central-forvaltning",
        "unit",
        "kommun-0120",
        "0120",
        None,
        "01",
    ),
    "Västerbergslagens Utbildningscentrum, VBU": (
        "vasterbergslagens-utbildningscentrum-vbu",
        "organisation",
        None,
        None,
        None,
        None,
    ),
    "Yrkesutbindningsenheten": ("yrkesutbindningsenheten", "organisation", None, None, None, None),
    "Älvdalens Gymnasieskola Vux": (
        "alvdalens-gymnasieskola-vux",
        "organisation",
        None,
        "2039",
        None,
        "20",
    ),
    "Åsele Lärcentrum": ("asele-larcentrum", "organisation", None, "2463", None, "24"),
}


def _gold_names() -> set[str]:
    names = set()
    for rec in gold_json().values():
        names.add(rec["owner"])
        for role in ("co_financiers", "partners", "participants"):
            names.update(rec[role])
    return names


def test_table_covers_every_organisation_of_the_gold_records():
    assert set(SAMPLE) == _gold_names()


@pytest.mark.parametrize(("name", "expected"), SAMPLE.items(), ids=list(SAMPLE))
def test_sample_organisations_resolve(name, expected):
    org = resolve_organisation(name)
    got = (
        org.key, org.kind, org.parent.key if org.parent else None,
        org.located_in, org.governs, org.county,
    )  # fmt: skip
    assert got == expected
    assert org.name == name


@pytest.mark.parametrize(
    "variants",
    [
        ("Falu Kommun", "falu kommun", "Falu  kommun", " Falu\tKommun ", "Falun kommun",
         "Falu\u200b kommun", "FALU KOMMUN"),
        ("Arbetsförmedlingen Falun", "arbetsförmedlingen falun", "Arbetsförmedlingen i Falun",
         "Arbetsförmedlingen, Falun", "Arbetsförmedlingen - Falun", "Arbetsformedlingen Falun"),
        ("Hedemora Lärcentrum", "Hedemora  lärcentrum", "HEDEMORA LÄRCENTRUM",
         "Hedemora Lär\u00adcentrum"),
        ("Gagnefs Kommun, Utvecklingscentrum", "Gagnefs kommun Utvecklingscentrum",
         "Utvecklingscentrum, Gagnefs kommun", "Gagnef kommun / Utvecklingscentrum"),
    ],
)  # fmt: skip
def test_spellings_of_one_organisation_share_one_key(variants):
    keys = {resolve_organisation(v).key for v in variants}
    assert len(keys) == 1, keys


def test_name_is_nfc_and_whitespace_collapsed():
    decomposed = "Fo\u0308retagarna  Dalarna\u200b\n"
    org = resolve_organisation(decomposed)
    assert org.name == "Företagarna Dalarna"
    assert org.key == "foretagarna-dalarna"


def test_a_municipality_unit_has_the_municipality_organisation_as_parent():
    unit = resolve_organisation("Gagnefs Kommun, Utvecklingscentrum")
    assert unit.parent == resolve_organisation("Gagnefs Kommun")
    assert unit.parent.kind == "municipality"
    assert unit.parent.governs == "2026"


@pytest.mark.parametrize("municipality", all_municipalities(), ids=lambda m: m.code)
def test_every_municipality_acting_as_an_organisation(municipality):
    for name in (f"{municipality.name} kommun", f"{municipality.name}s stad"):
        org = resolve_organisation(name)
        assert (org.kind, org.key, org.governs) == (
            "municipality", f"kommun-{municipality.code}", municipality.code,
        )  # fmt: skip


@pytest.mark.parametrize("alias", RULES["municipality_body"]["aliases"].items())
def test_municipality_aliases_from_the_rules(alias):
    name, code = alias
    org = resolve_organisation(name)
    assert (org.kind, org.governs) == ("municipality", code)


@pytest.mark.parametrize("written", [w for agency in RULES["agency"] for w in agency["written"]])
def test_every_agency_of_the_rules_has_local_units(written):
    agency = next(a for a in RULES["agency"] if written in a["written"])
    unit = resolve_organisation(f"{written} Umeå")
    assert (unit.kind, unit.parent.key, unit.parent.name) == (
        "unit", slugify(agency["name"]), agency["name"],
    )  # fmt: skip
    assert unit.located_in == "2480"
    bare = resolve_organisation(written)
    assert (bare.kind, bare.key, bare.parent) == ("agency", slugify(agency["name"]), None)


@pytest.mark.parametrize(
    ("name", "located_in", "county"),
    [
        ("Försäkringskassan i Västra Götaland", None, "14"),
        ("Länsstyrelsen i Dalarnas län", None, "20"),
        ("Länsstyrelsen Skåne", None, "12"),
        ("Arbetsförmedlingen Kalmar", "0880", "08"),
        ("Arbetsförmedlingen Malung", "2023", "20"),
    ],
)
def test_agency_units_are_placed_in_the_municipality_or_county_their_name_says(
    name, located_in, county
):
    org = resolve_organisation(name)
    assert (org.kind, org.located_in, org.county) == ("unit", located_in, county)


def test_coordination_associations_are_bodies_of_their_own():
    org = resolve_organisation("Samordningsförbundet Umeå")
    assert (org.kind, org.parent, org.located_in) == ("organisation", None, "2480")


@pytest.mark.parametrize("word", RULES["place"]["ambiguous"])
def test_ambiguous_place_words_need_a_preposition_or_kommun(word):
    assert resolve_organisation(f"{word} Konsult AB").located_in is None
    assert resolve_organisation(f"Utveckling {word}").located_in is None
    code = resolve_organisation(f"{word} kommun").governs
    assert code is not None
    assert resolve_organisation(f"Lärcentrum i {word}").located_in == code


@pytest.mark.parametrize("word", RULES["place"]["county_level"])
def test_county_level_bodies_read_their_place_as_a_county(word):
    org = resolve_organisation(f"{word} Stockholm")
    assert (org.located_in, org.county) == (None, "01")


@pytest.mark.parametrize(
    ("name", "located_in"),
    [
        ("Lärcentrum Umeå", "2480"),
        ("Umeå Lärcentrum", "2480"),
        ("Umeås Lärcentrum", "2480"),
        ("Lärcentrum, Upplands Väsby", "0114"),
        ("Lärcentrum i Lilla Edet", "1462"),
        ("Företag i Umeå och Partner AB", None),  # a place in the middle places nothing
        ("umeå lärcentrum", None),  # a place is written with a capital
        ("We Are Here AB", None),  # no reading of Åre without its ring inside a name
    ],
)
def test_leading_or_trailing_municipality_places_an_organisation(name, located_in):
    org = resolve_organisation(name)
    assert (org.kind, org.located_in) == ("organisation", located_in)


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "—", "北京大学", "Ärende"])
def test_names_without_latin_letters_still_get_a_key(text):
    key = resolve_organisation(text).key
    assert KEY.fullmatch(key)


def test_different_non_latin_names_get_different_keys():
    assert resolve_organisation("北京大学").key != resolve_organisation("清华大学").key


@given(st.text())
def test_any_text_gives_an_organisation_with_a_url_safe_key(text):
    org = resolve_organisation(text)
    assert KEY.fullmatch(org.key)
    assert org.name == clean_name(text)
    assert org.kind in {"municipality", "agency", "unit", "organisation"}


SWEDISH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ ,-/")


@given(SWEDISH)
def test_case_and_spacing_never_change_the_key(text):
    key = resolve_organisation(text).key
    assert resolve_organisation(text.upper()).key == key
    assert resolve_organisation(text.lower()).key == key
    assert resolve_organisation(text.replace(" ", "  ")).key == key


@pytest.mark.parametrize("word", RULES["place"]["county_words"])
def test_a_county_word_anywhere_makes_a_name_county_level(word):
    org = resolve_organisation(f"Örebro {word} landsting")
    assert (org.located_in, org.county) == (None, "18")


def test_lansstyrelsen_units_name_their_county_not_a_municipality():
    for name in ("Länsstyrelsen Stockholm", "Länsstyrelsen i Stockholms län"):
        org = resolve_organisation(name)
        assert (org.key, org.parent.key, org.located_in, org.county) == (
            "lansstyrelsen-stockholm",
            "lansstyrelsen",
            None,
            "01",
        )


@pytest.mark.parametrize("module", [organisations, municipalities], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert (result.attempted > 0, result.failed) == (True, 0)
