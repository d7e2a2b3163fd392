"""What the ESF project bank prints on a project page, as data.

The parser in `tnkg.extract.esf_page` knows no Swedish words of its own: header
labels, section headings, list headings and page furniture all live here, so a
new page variant usually needs a line in this file, not new code.
Matching is case-sensitive on purpose: the bank writes headings in sentence
case, and sub-headings an applicant wrote in capitals (`METOD`) stay in the text.
"""

from __future__ import annotations

# Header label -> record field. Longest labels are tried first, so `Telefonnummer`
# wins over `Telefon`. 2007-2013 pages glue the value to the label
# (`ProjektägareArbetsmiljöforum i Norden AB`); 2014-2020 pages write `Label:` and the
# value on the same or the next line.
HEADER_LABELS: dict[str, str] = {
    "Projektnamn": "title",
    "Programområde": "programme_area",
    "Projektfas": "phase",
    "Projektägare": "owner",
    "Kontaktperson": "contact_name",
    "E-post": "email",
    "E-postadress": "email",
    "Telefonnummer": "phone",
    "Telefon": "phone",
    "Beviljat ESF-stöd": "esf_grant_sek",
    "Beviljat stöd": "esf_grant_sek",
    "Total projektbudget": "total_budget_sek",
    "Projektperiod": "period",
    "Region": "region",
    # labels of 2014-2020 pages (esf.se's project bank of that period)
    "Namn": "title",
    "Stödmottagare": "owner",
    "Startdatum": "start_date",
    "Slutdatum": "end_date",
    # labels with no field of their own: kept in `extra`, and known so that a flattened
    # page splits on them instead of gluing them to a value
    "Projektnummer": "extra",
    "Planerat antal deltagare": "extra",
    "Stödmottagare postnr": "extra",
    "Stödmottagarens address": "extra",
    "Stödmottagarens adress": "extra",
    "Unionens medfinansieringsgrad": "extra",
    "Interventionstyp": "extra",
    "Diarienummer": "extra",
    "Ärendenummer": "extra",
    "Investeringsprioritet": "extra",
    "Specifikt mål": "extra",
}

# How far down a page its header block may start: banners, cookie notices and preambles
# come first on real pages; the header is the densest run of labels in these lines.
HEADER_SEARCH_LINES = 60

# Header fields whose value is prose-like; longer values mean the "label" was really
# the first word of a sentence (`Region Västerbotten har genomfört ...`).
MAX_HEADER_VALUE_CHARS = 150

# The bank's own section headings. A line that is exactly one of these (optionally
# with a trailing colon) starts a section, and so does one glued to the end of the
# previous sentence (`...från bidrag till arbete.Syfte`).
SECTION_HEADINGS: tuple[str, ...] = (
    "Sammanfattning",
    "Bakgrund",
    "Syfte",
    "Målsättning",
    "Målgrupp",
    "Tillgänglighet för personer med funktionsnedsättning",
    "Jämställdhetsintegrering",
    "Transnationellt samarbete",
    "Projektbeskrivning",
    "Projektets resultat",
    "Resultat",
    "Förväntade resultat",
    "Förväntat resultat",
    "Genomförande",
    "Metod",
    "Aktiviteter",
    "Organisation",
    "Projektorganisation",
    "Uppföljning och utvärdering",
    "Lärande och spridning",
    "Innovativa inslag",
)

# List heading -> record field. Entries follow as bullet lines.
LIST_HEADINGS: dict[str, str] = {
    "Medfinansiärer": "co_financiers",
    "Samarbetspartners": "partners",
    "Deltagande aktörer": "participants",
    "Kommun": "municipalities",
    "Kommuner": "municipalities",
}

# Lines of the page frame that belong to no field and no section.
FURNITURE_LINES: frozenset[str] = frozenset(
    {
        "Logotyp på utskrifter",
        "Stäng",
        "Mer information och anmälan.",
        "Mer information och anmälan",
        "In English",
        "Skriv ut",
        "Tillbaka",
        "Tillbaka till projektbanken",
        "Till toppen",
        "Dela",
        "Dela sidan",
    }
)

# Dated banners above the title, e.g. `3 december - Webbinarium om fattigdom i dagens Sverige`;
# a period of dates (`1 mars 2017 – 28 februari 2020`) is text, not a banner.
MONTHS: tuple[str, ...] = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
BANNER_PATTERN = r"\d{1,2} (?:" + "|".join(MONTHS) + r")(?: \d{4})? [-–] (?!\d)[^\n]*"

# Labels of fields that Interreg descriptions write inside their running text, without a line
# break (`... i Inre Skandinavien Projektägare svensk och norsk: Compare Karlstad ... Beviljat
# EU-stöd: 600 000 SEK Total omslutning: ...`): each starts a new sentence.
INLINE_FIELD_LABELS: tuple[str, ...] = (
    "Projektägare",
    "Beviljat",
    "Beviljade",
    "Total omslutning",
    "Projektledare",
    "Kontaktperson",
    "Kontaktpersoner",
    "Svensk kontaktperson",
    "Norsk kontaktperson",
    "Svensk och norsk kontaktperson",
    "Projektnamn",
)
