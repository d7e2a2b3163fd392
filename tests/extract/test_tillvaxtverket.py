"""Tillväxtverket's project-bank export: header detection, rows -> records, repairs, regions.

Every CSV here is written by the test, in the layout of the real export (all 22 columns).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from tnkg.errors import ExtractError
from tnkg.extract import pipeline, tillvaxtverket
from tnkg.extract.record import record_from_json, record_to_json
from tnkg.extract.tillvaxtverket import (
    RegionsAbroad,
    clean_value,
    fund_of,
    read_export,
    repair_text,
)

COLUMNS = [
    "source", "arende_id", "projektnamn_short", "stodmottagare_short", "projekt_starttid",
    "projekt_sluttid", "beviljat_belopp_sek", "beviljat_belopp_euro", "projektnamn",
    "projektbeskrivning", "pagar_slut", "stodmottagare", "projektledare", "projektledare_telnr",
    "projektledare_mail", "malprogram", "omrade", "insatsomrade", "offentlig_finansiar",
    "lan_fordelning", "kommun_fordelning", "laddningsdatum",
]  # fmt: skip

ERDF = "Mål 2 Regional konkurrenskraft och sysselsättning"
INTERREG = "Interreg IVA Gränsöverskridande samarbete"


def make_row(**values: str) -> dict[str, str]:
    """A row of the export with plausible values; keyword arguments override columns."""
    row = {
        "source": "http://projektbank.tillvaxtverket.se/projektbanken",
        "arende_id": "100001",
        "projektnamn_short": "Gränslös turism",
        "stodmottagare_short": "Strömstads kommun",
        "projekt_starttid": "2009-01-01",
        "projekt_sluttid": "2011-12-31",
        "beviljat_belopp_sek": "0",
        "beviljat_belopp_euro": "250000",
        "projektnamn": "Gränslös turism i Strömstad och Hvaler",
        "projektbeskrivning": "Projektet utvecklar turismen på båda sidor om gränsen.",
        "pagar_slut": "SLUT",
        "stodmottagare": "Strömstads kommun",
        "projektledare": "Anna Andersson",
        "projektledare_telnr": "0526-19000",
        "projektledare_mail": "anna.andersson@example.se",
        "malprogram": INTERREG,
        "omrade": "Sverige-Norge",
        "insatsomrade": "Gränslöst samarbete",
        "offentlig_finansiar": "500000",
        "lan_fordelning": "Västra Götaland, Östfolds fylke",
        "kommun_fordelning": "Strömstad, Tanum",
        "laddningsdatum": "2016-10-14 01:22:49",
    }
    row.update(values)
    return row


def write_export(path: Path, rows: list[dict[str, str]], *, delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_one(tmp_path: Path, **values: str):
    path = write_export(tmp_path / "export.csv", [make_row(**values)])
    [rec] = read_export(path.read_bytes(), path)
    return rec


# --------------------------------------------------------------------------- header detection


def test_each_row_becomes_a_record_with_path_and_case_id_as_source(tmp_path):
    path = write_export(
        tmp_path / "export.csv", [make_row(arende_id="1"), make_row(arende_id="22")]
    )
    records = read_export(path.read_bytes(), path)
    assert [r.source for r in records] == [f"{path}#1", f"{path}#22"]
    assert {r.layout for r in records} == {"tillvaxtverket-csv"}


def test_export_is_known_by_its_header_not_its_file_name(tmp_path, finder):
    path = write_export(tmp_path / "projects-2016.txt", [make_row(arende_id="7")])
    records = pipeline.extract_file(path, finder=finder)
    assert [r.source for r in records] == [f"{path}#7"]
    assert records[0].title == "Gränslös turism i Strömstad och Hvaler"


def test_csv_with_another_header_is_a_one_line_error_naming_file_and_columns(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("projekt,belopp\nA,100\n", encoding="utf-8")
    result = pipeline.extract_paths([path])
    assert result.records == []
    [(where, message)] = result.errors
    assert where == str(path)
    assert message.startswith(f"{path}: not a Tillväxtverket project-bank export")
    assert "arende_id" in message and "\n" not in message


def test_semicolon_separated_export_is_read(tmp_path):
    path = write_export(tmp_path / "export.csv", [make_row()], delimiter=";")
    [rec] = read_export(path.read_bytes(), path)
    assert rec.owner == "Strömstads kommun"
    assert [m.code for m in rec.municipalities] == ["1486", "1435"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{header}\n1,2,3\n", "line 2: 3 fields where the header has 22"),
        ("{header}\n", "has a header but no rows"),
    ],
)
def test_malformed_export_is_an_error_with_the_line(tmp_path, content, problem):
    path = tmp_path / "export.csv"
    path.write_text(content.format(header=",".join(COLUMNS)), encoding="utf-8")
    with pytest.raises(ExtractError, match=problem):
        read_export(path.read_bytes(), path)


def test_case_id_given_twice_is_an_error(tmp_path):
    path = write_export(tmp_path / "export.csv", [make_row(), make_row()])
    with pytest.raises(ExtractError, match=r"line 3: arende_id 100001 again \(first on line 2\)"):
        read_export(path.read_bytes(), path)


def test_row_without_case_id_is_an_error(tmp_path):
    path = write_export(tmp_path / "export.csv", [make_row(arende_id=" ")])
    with pytest.raises(ExtractError, match="line 2: the row has no arende_id"):
        read_export(path.read_bytes(), path)


# --------------------------------------------------------------------------- fields


def test_fields_of_an_interreg_row(tmp_path):
    rec = read_one(tmp_path)
    extra = dict(rec.extra)
    assert rec.fund == "Interreg IVA"
    assert (rec.start_date, rec.end_date) == ("2009-01-01", "2011-12-31")
    assert [s.heading for s in rec.sections] == ["Projektbeskrivning"]
    assert rec.esf_grant_sek is None  # not an ESF grant
    assert extra["granted_eur"] == 250000
    assert extra["granted_sek"] is None  # 0: the programme grants in euro
    assert extra["public_funding_sek"] == 500000
    assert (extra["programme"], extra["area"], extra["priority"]) == (
        INTERREG,
        "Sverige-Norge",
        "Gränslöst samarbete",
    )
    assert rec.contact.name == "Anna Andersson"
    assert rec.contact.email == "anna.andersson@example.se"


@pytest.mark.parametrize(
    ("programme", "fund"),
    [
        (ERDF, "ERDF"),
        (INTERREG, "Interreg IVA"),
        ("Interreg IV A Sverige-Norge", "Interreg IVA"),
        ("Landsbygdsprogrammet", None),
    ],
)
def test_fund_comes_from_the_programme(programme, fund):
    assert fund_of(programme) == fund


def test_unknown_programme_leaves_fund_unknown_with_a_warning(tmp_path):
    rec = read_one(tmp_path, malprogram="Landsbygdsprogrammet")
    assert rec.fund == "unknown"
    assert any("Landsbygdsprogrammet" in w for w in rec.warnings)


def test_information_saknas_is_a_missing_value_not_a_name(tmp_path):
    rec = read_one(
        tmp_path,
        projektledare="Information saknas",
        projektledare_telnr="Information saknas",
        projektledare_mail="information saknas",
        insatsomrade="Värde saknas",
        projektbeskrivning="",
    )
    assert (rec.contact.name, rec.contact.phone, rec.contact.email) == (None, None, None)
    assert dict(rec.extra)["priority"] is None
    assert rec.sections == ()


@pytest.mark.parametrize(
    ("column", "value", "warning"),
    [
        ("beviljat_belopp_euro", "cirka 100000", "beviljat_belopp_euro 'cirka 100000' is not an"),
        ("projekt_starttid", "januari 2009", "projekt_starttid 'januari 2009' is not a date"),
    ],
)
def test_unreadable_amount_or_date_is_left_empty_with_a_warning(tmp_path, column, value, warning):
    rec = read_one(tmp_path, **{column: value})
    assert [w for w in rec.warnings if w.startswith(warning)]
    read = {
        "beviljat_belopp_euro": dict(rec.extra)["granted_eur"],
        "projekt_starttid": rec.start_date,
    }
    assert read[column] is None


def test_municipalities_get_their_scb_codes(tmp_path):
    rec = read_one(tmp_path, kommun_fordelning="Berg, Åre, Lilla Edet, Malung-Sälen, Atlantis")
    assert [(m.name, m.code) for m in rec.municipalities] == [
        ("Berg", "2326"),
        ("Åre", "2321"),
        ("Lilla Edet", "1462"),
        ("Malung-Sälen", "2023"),
        ("Atlantis", None),
    ]
    assert any("Atlantis" in w for w in rec.warnings)


def test_counties_and_regions_abroad_are_told_apart(tmp_path):
    rec = read_one(tmp_path, lan_fordelning="Jämtland, Västernorrland, Nord tröndelags fylke")
    extra = dict(rec.extra)
    assert extra["counties"] == [
        {"name": "Jämtland", "code": "23"},
        {"name": "Västernorrland", "code": "22"},
    ]
    assert extra["regions_abroad"] == [
        {
            "name": "Nord tröndelags fylke",
            "official_name": "Nord-Trøndelag",
            "country": "NO",
            "iso3166_2": "NO-17",
        }
    ]


@pytest.mark.parametrize(
    ("written", "country", "code"),
    [
        ("Telemark fylke", "NO", "NO-08"),
        ("Nordlands fylke", "NO", "NO-18"),
        ("Östfolds fylke", "NO", "NO-01"),
        ("Oslo kommun", "NO", "NO-03"),
        ("Vest-Agder", "NO", "NO-10"),
        ("Region Hovedstaden", "DK", "DK-84"),
        ("Region Sjaelland", "DK", "DK-85"),
        ("Österbotten", "FI", "FI-12"),
        ("Mellersta Österbotten", "FI", "FI-07"),
        ("Satakunta", "FI", "FI-17"),
        # not in the curated table: found through the gazetteer's ISO 3166-2 regions
        ("Region Syddanmark", "DK", "DK-83"),
        ("Lappi", "FI", "FI-10"),
    ],
)
def test_region_abroad_gets_country_and_iso_code(finder, written, country, code):
    region = RegionsAbroad(finder.gazetteer).find(written)
    assert (region["country"], region["iso3166_2"]) == (country, code)


def test_unknown_region_is_left_out_with_a_warning(tmp_path):
    rec = read_one(tmp_path, lan_fordelning="Halland, Atlantis fylke")
    assert dict(rec.extra)["counties"] == [{"name": "Halland", "code": "13"}]
    assert dict(rec.extra)["regions_abroad"] == []
    assert any("Atlantis fylke" in w for w in rec.warnings)


def test_curated_danish_and_finnish_regions_agree_with_pycountry():
    table = tillvaxtverket.RegionsAbroad().table
    checked = 0
    for row in table.values():
        if row["country"] in ("DK", "FI"):
            subdivision = pycountry.subdivisions.get(code=row["iso3166_2"])
            assert subdivision is not None and subdivision.name == row["name"], row
            checked += 1
    assert checked == 9


def test_record_survives_the_json_round_trip(tmp_path):
    rec = read_one(tmp_path)
    assert record_from_json(record_to_json(rec)) == rec


# --------------------------------------------------------------------------- repairs


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        # trailing junk: a run of marks never stands for a character
        ("statusen ¿bra arbetsgivare¿. ¿¿¿", "statusen ”bra arbetsgivare”."),
        ("Östersunds turist & kongress.¿¿¿¿¿.", "Östersunds turist & kongress."),
        # a pair around a phrase: quotes
        (
            "projekten ¿Utan bil till arbetet¿ och ¿Cykelvänlig skola¿.",
            "projekten ”Utan bil till arbetet” och ”Cykelvänlig skola”.",
        ),
        ("(¿Moving Pictures¿)", "(”Moving Pictures”)"),
        # between spaces: a dash
        (
            "internationella ¿ framför allt europeiska ¿ samarbeten",
            "internationella – framför allt europeiska – samarbeten",
        ),
        ("¿ Följa upp investeringar", "– Följa upp investeringar"),
        # inside a word or between digits: apostrophe, hyphen or dash, not certain: kept
        ("EU¿s strukturfonder", "EU¿s strukturfonder"),
        ("Long¿term tests", "Long¿term tests"),
        ("2009-01-01¿2011-12-31", "2009-01-01¿2011-12-31"),
        # a mark that only closes, with no opener before it: kept
        ("Innlandsregioner 2020¿ vil", "Innlandsregioner 2020¿ vil"),
        # mis-decoded letters (UTF-8 lead byte read as Å)
        ("Å\x96resund-Kategat-Skagerrak", "Öresund-Kategat-Skagerrak"),
        ("LÅ\x84NSSTYRELSEN", "LÄNSSTYRELSEN"),
        ("Å\x89n hovedaktivitet", "Én hovedaktivitet"),
        ("tvÅ¦rs af grÅ¦nser", "tværs af grænser"),
        ("ProfessionshÅ¸jskolen", "Professionshøjskolen"),
        # a real Å before a letter is a letter
        ("Åre och Åsele", "Åre och Åsele"),
        # UTF-8 C2 xx read as Latin-1
        ("såkaldte Â«yderområderÂ»", "såkaldte «yderområder»"),
        ("förprojektet Â¿Rural Regions 2020Â¿ är", "förprojektet ”Rural Regions 2020” är"),
        # typographic characters that lost their high byte
        ("projektet \x1dStöd till innovation\x1d och", "projektet ”Stöd till innovation” och"),
        ("Analysera \x13 utveckla", "Analysera – utveckla"),
        ("transportlösningar.\x02\x02\x02  Såväl", "transportlösningar.  Såväl"),
        # discretionary hyphens inside words
        ("företa¬gens utveckling", "företagens utveckling"),
        # a lost lead byte without its marker is not certain: kept
        ("ge ¶kad träffsäkerhet", "ge ¶kad träffsäkerhet"),
    ],
)
def test_repairs_only_what_is_certain(raw, repaired):
    assert repair_text(raw) == repaired


def test_title_owner_and_area_are_repaired(tmp_path):
    rec = read_one(
        tmp_path,
        projektnamn="Å\x96resundsbron ¿ en väg",
        stodmottagare="FÅ\x96RETAGARNA",
        omrade="Å\x96resund-Kategat-Skagerrak",
        lan_fordelning="Skåne, Å\x96sterbotten",
    )
    assert rec.title == "Öresundsbron – en väg"
    assert rec.owner == "FÖRETAGARNA"
    assert dict(rec.extra)["area"] == "Öresund-Kategat-Skagerrak"
    assert dict(rec.extra)["regions_abroad"][0]["iso3166_2"] == "FI-12"


@pytest.mark.parametrize(
    "value", ["Information saknas", " information saknas ", "Värde saknas", ""]
)
def test_missing_value_forms(value):
    assert clean_value(value) is None


# --------------------------------------------------------------------------- places


def test_places_abroad_in_the_description_get_roles(tmp_path, finder):
    path = write_export(
        tmp_path / "export.csv",
        [
            make_row(
                projektbeskrivning=(
                    "Projektet drivs tillsammans med partners i Trondheim och Steinkjer. "
                    "Erfarenheter från Tyskland visar att modellen fungerar."
                )
            )
        ],
    )
    [rec] = pipeline.extract_file(path, finder=finder)
    roles = {(p.name, p.country, p.role) for p in rec.places}
    assert ("Trondheim", "NO", "partner") in roles
    assert ("Steinkjer", "NO", "partner") in roles
    assert ("Tyskland", "DE", "mention") in roles
    trondheim = next(p for p in rec.places if p.name == "Trondheim")
    assert trondheim.geonames_id == 3133880
    assert "partners i Trondheim" in trondheim.evidence
