"""The page parser's rules, one behaviour a test, on small texts written here."""

from __future__ import annotations

import pytest

from tnkg.errors import ExtractError
from tnkg.extract.esf_page import parse_page
from tnkg.extract.record import Contact

HEADER = """Logotyp på utskrifter

Stäng

3 december - Webbinarium om fattigdom i dagens Sverige

Mer information och anmälan.

Testprojektet

ProgramområdeProgramområde 1 Kompetensförsörjning
ProjektfasGenomförande
ProjektägareTestägaren AB
KontaktpersonAnna Andersson
E-postanna@example.se
Telefonnummer08-12 34 56
Beviljat ESF-stöd{amount}
Total projektbudget2 000 000 kr
Projektperiod{period}
RegionStockholm
In English
"""


def page(body: str = "", amount: str = "1 000 000 kr", period: str = "2011-06-14 till 2014-05-31"):
    return parse_page(HEADER.format(amount=amount, period=period) + "\n" + body, "test.txt")


def headings(rec) -> list[str]:
    return [s.heading for s in rec.sections]


def test_title_is_the_last_line_before_the_header_after_furniture():
    assert page().title == "Testprojektet"


def test_header_fields_of_the_2007_page():
    rec = page()
    assert rec.programme_area.number == 1
    assert rec.programme_area.name == "Kompetensförsörjning"
    assert (rec.phase, rec.owner, rec.region) == ("Genomförande", "Testägaren AB", "Stockholm")
    assert (rec.contact.name, rec.contact.email, rec.contact.phone) == (
        "Anna Andersson", "anna@example.se", "08-12 34 56"
    )
    assert (rec.start_date, rec.end_date) == ("2011-06-14", "2014-05-31")


@pytest.mark.parametrize(
    ("written", "kronor"),
    [
        ("8 562 409 kr", 8562409),
        ("8\u00a0562\u00a0409 kr", 8562409),  # non-breaking spaces, as on the bank's pages
        ("8\u202f562\u202f409 kr", 8562409),  # narrow no-break spaces
        ("8562409", 8562409),
        ("8 562 409", 8562409),
        ("8.562.409 kr", 8562409),
        ("8 562 409,00 kr", 8562409),
        ("652 091 kr", 652091),
        ("0 kr", 0),
    ],
)
def test_amount_in_whole_kronor(written: str, kronor: int):
    assert page(amount=written).esf_grant_sek == kronor


def test_amount_that_is_no_number_is_null_with_a_warning():
    rec = page(amount="1,2,3,4 kr")
    assert rec.esf_grant_sek is None
    assert any("ESF grant" in warning for warning in rec.warnings)


@pytest.mark.parametrize(
    ("written", "dates"),
    [
        ("2011-06-14 till 2014-05-31", ("2011-06-14", "2014-05-31")),
        ("2019-01-15 - 2021-11-30", ("2019-01-15", "2021-11-30")),
        ("2019-01-15 – 2021-11-30", ("2019-01-15", "2021-11-30")),
        ("2019-01-15", ("2019-01-15", None)),
    ],
)
def test_period_as_iso_dates(written: str, dates: tuple):
    rec = page(period=written)
    assert (rec.start_date, rec.end_date) == dates


def test_impossible_date_is_null_with_a_warning():
    rec = page(period="2011-02-30 till 2014-05-31")
    assert (rec.start_date, rec.end_date) == (None, "2014-05-31")
    assert any("2011-02-30" in warning for warning in rec.warnings)


def test_headings_in_page_order():
    rec = page("Sammanfattning\n\nEtt.\n\nBakgrund\n\nTvå.\n\nSyfte\n\nTre.\n")
    assert headings(rec) == ["Sammanfattning", "Bakgrund", "Syfte"]
    assert [s.text for s in rec.sections] == ["Ett.", "Två.", "Tre."]


def test_glued_heading_starts_new_section():
    rec = page("Bakgrund\nFolk går från bidrag till arbete.Syfte\nAtt fler får jobb.\n")
    assert headings(rec) == ["Bakgrund", "Syfte"]
    assert rec.sections[0].text == "Folk går från bidrag till arbete."
    assert rec.sections[1].text == "Att fler får jobb."


def test_long_glued_heading_starts_new_section():
    rec = page("Syfte\nVi byter partner vid behov.Tillgänglighet för personer med "
               "funktionsnedsättning\nLokalerna är anpassade.\n")
    assert headings(rec) == ["Syfte", "Tillgänglighet för personer med funktionsnedsättning"]


@pytest.mark.parametrize(
    "line",
    [
        "Deltagande aktörer och organisationer vill verka för projektet.",
        "Syftet med projektet är att fler ska arbeta.",
        "Region Västerbotten har genomfört en förprojektering.",
        "Tillgänglighet för personer med funktionshinder omfattar fyra delar:",
        "Kommun och landsting samverkar.",
        "Bakgrunden är enkel.",
    ],
)
def test_line_that_begins_with_heading_words_is_text(line: str):
    rec = page(f"Bakgrund\n{line}\nMer text.\n")
    assert headings(rec) == ["Bakgrund"]
    assert line in rec.sections[0].text
    assert not (rec.participants or rec.municipalities)


def test_capital_subheadings_stay_in_the_text():
    rec = page("Transnationellt samarbete\nVi reser.\nMETOD\nStudiebesök.\nRESULTAT\nNya idéer.\n")
    assert headings(rec) == ["Transnationellt samarbete"]
    assert "METOD\nStudiebesök." in rec.sections[0].text


def test_in_english_and_furniture_are_in_no_section():
    rec = page("Sammanfattning\nText.\n")
    assert all("In English" not in s.text and "Stäng" not in s.text for s in rec.sections)
    assert "Webbinarium" not in rec.section_text()


@pytest.mark.parametrize(
    "bullet_lines",
    [
        " • Alfa AB\n • Beta AB\n • Alfa AB",
        "• Alfa AB\n• Beta AB\n• Alfa AB",
        "  - Alfa AB\n  - Beta AB\n  - Alfa AB",
        "* Alfa AB\n* Beta AB\n* Alfa AB",
        "• Alfa AB • Beta AB • Alfa AB",  # bullets on one line, as in a flattened list
        "Alfa AB\nBeta AB\nAlfa AB",  # no bullets at all
    ],
)
def test_list_entries_as_written_with_duplicates(bullet_lines: str):
    rec = page(f"Samarbetspartners\n\n{bullet_lines}\n")
    assert rec.partners == ("Alfa AB", "Beta AB", "Alfa AB")


def test_each_list_goes_to_its_field():
    rec = page(
        "Medfinansiärer\n • A\nSamarbetspartners\n • B\nDeltagande aktörer\n • C\n"
        "Kommun\n • Malung\n • Lilla-Edet\n"
    )
    assert (rec.co_financiers, rec.partners, rec.participants) == (("A",), ("B",), ("C",))
    assert [(m.name, m.code) for m in rec.municipalities] == [
        ("Malung", "2023"), ("Lilla-Edet", "1462")
    ]


def test_hyphen_inside_an_entry_is_no_bullet():
    rec = page("Deltagande aktörer\n • Arbetsmarknadsförvaltningen - Stockholms stad\n")
    assert rec.participants == ("Arbetsmarknadsförvaltningen - Stockholms stad",)


def test_unknown_municipality_keeps_null_code_and_warns():
    rec = page("Kommun\n • Atlantis\n")
    assert [(m.name, m.code) for m in rec.municipalities] == [("Atlantis", None)]
    assert any("Atlantis" in warning for warning in rec.warnings)


def test_list_heading_does_not_swallow_the_next_section():
    rec = page("Samarbetspartners\n • A\n\nTransnationellt samarbete\nVi reser.\n")
    assert rec.partners == ("A",)
    assert headings(rec) == ["Transnationellt samarbete"]


def test_repeated_heading_continues_its_section():
    rec = page("Syfte\nEtt.\nBakgrund\nTvå.\nSyfte\nTre.\n")
    assert headings(rec) == ["Syfte", "Bakgrund"]
    assert rec.sections[0].text == "Ett.\nTre."


def test_2014_value_on_the_next_line_may_look_like_a_heading():
    rec = parse_page(
        "Titel\nProgramområde:\n2\nProjektfas:\nGenomförande\nProjektägare:\nRegion Gotland\n"
        "Sammanfattning\nText.\n",
        "p.txt",
    )
    assert (rec.phase, rec.owner) == ("Genomförande", "Region Gotland")
    assert rec.programme_area.number == 2
    assert headings(rec) == ["Sammanfattning"]


def test_sentence_starting_with_a_label_is_no_header():
    rec = parse_page("Region Skåne deltar i arbetet.\nProjektet pågår i tre år.\n", "news.txt")
    assert rec.layout == "free-text" and rec.region is None


def test_labels_late_in_free_text_are_no_header():
    text = (
        "Nyhet om projektet\n\nFörsta stycket om projektet.\nAndra stycket.\nTredje stycket.\n"
        "Fjärde stycket.\nKontaktperson: Eva Ek\nE-post: eva@example.se\n"
    )
    rec = parse_page(text, "news.txt")
    assert rec.layout == "free-text" and rec.contact.name is None
    assert "Kontaktperson: Eva Ek" in rec.sections[0].text


@pytest.mark.parametrize("text", ["", "   \n\n \t", "\n"])
def test_text_without_content_is_an_error_naming_the_source(text: str):
    with pytest.raises(ExtractError, match="empty.txt"):
        parse_page(text, "empty.txt")


def test_decomposed_characters_are_normalised():
    rec = page("Kommun\n • Ja\u0308rfa\u0308lla\n")
    assert rec.municipalities[0].name == "Järfälla"
    assert rec.municipalities[0].code == "0123"


def test_empty_glued_field_does_not_take_the_next_label_as_its_value():
    rec = parse_page(
        "Titel\nProjektfasGenomförande\nKontaktperson\nE-postanna@example.se\n"
        "Telefonnummer08-12 34 56\n",
        "p.txt",
    )
    assert rec.contact == Contact(None, "anna@example.se", "08-12 34 56")


def test_html_definition_list_header_reads_like_the_2007_page():
    rec = parse_page(
        "Titel\nProjektfas\nGenomförande\nProjektägare\nLuleå kommun\nRegion\nÖvre Norrland\n"
        "Sammanfattning\nText.\n",
        "p.html",
    )
    assert (rec.title, rec.phase, rec.owner, rec.region) == (
        "Titel", "Genomförande", "Luleå kommun", "Övre Norrland"
    )
    assert headings(rec) == ["Sammanfattning"]
