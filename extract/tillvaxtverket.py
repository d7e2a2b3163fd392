"""Tillväxtverket's project-bank export (regional fund and Interreg IVA, 2007-2013) -> records.

A CSV file is read as an export when its header row has the columns of
`data/tillvaxtverket_repairs.REQUIRED_COLUMNS` (by name, in any order); the file name does
not matter. Every row becomes one `ProjectRecord` whose `source` is `{path}#{arende_id}` and
whose `layout` is `tillvaxtverket-csv`:

- `title` = projektnamn, `owner` = stodmottagare (the beneficiary), `start_date`/`end_date`,
  `contact` = projektledare, its e-mail and phone (personal data: the graph leaves it out
  unless asked for), one section `Projektbeskrivning` holding the description;
- `fund` from malprogram (`Mål 2 ...` -> ERDF, `Interreg IVA ...` -> Interreg IVA);
- `municipalities` = kommun_fordelning resolved to SCB codes;
- `extra`: `arende_id`, `programme` (malprogram), `area` (omrade), `priority`
  (insatsomrade), `granted_sek`, `granted_eur`, `public_funding_sek` (offentlig_finansiar),
  `counties` (the Swedish counties of lan_fordelning, `{name, code}` with the SCB county
  code), `regions_abroad` (its other entries, `{name, official_name, country, iso3166_2}`)
  and `lan_fordelning` (the field as written, the evidence of the regions abroad, which the
  places finder makes the project's partner regions).

Text is repaired where the repair is certain (`repair_text`) and kept otherwise;
`Information saknas` and `Värde saknas` are missing values (None), never names. An amount
of 0 is a missing value too: the export writes 0 for the currency a programme does not
grant in (every Mål 2 row has 0 EUR).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from tnkg.errors import ExtractError
from tnkg.extract import municipalities
from tnkg.extract.data import tillvaxtverket_repairs as known
from tnkg.extract.gazetteer import Gazetteer
from tnkg.extract.record import Contact, ProjectRecord, Section
from tnkg.extract.textio import decode_page, public_address

LAYOUT = "tillvaxtverket-csv"
SECTION_HEADING = "Projektbeskrivning"

_A_RING_MOJIBAKE = re.compile(f"Å([{re.escape(known.LEAD_A_RING_CONTINUATIONS)}])")
_A_CIRCUMFLEX_MOJIBAKE = re.compile(f"Â([{re.escape(known.LEAD_A_CIRCUMFLEX_CONTINUATIONS)}])")
_DROPPED = re.compile(f"[{re.escape(known.DROPPED_CONTROLS)}]")
# the look-behind after the hyphen (it reads the character before it): a pattern opening
# with a set of characters is skipped to, one opening with a look-behind tried everywhere
_WORD_HYPHEN = re.compile(rf"[{known.WORD_HYPHENS}](?<=\w.)(?=\w)")
_MARK = re.escape(known.UNKNOWN_MARK)
_MARK_RUN = re.compile(rf"\s*{_MARK}{{2,}}\.?")  # `¿¿¿` trailing junk
_MARK_DASH = re.compile(rf"(?:(?<=\s)|^){_MARK}(?=\s)")
_CONTROL_REPAIRS = str.maketrans(known.CONTROL_REPAIRS)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _repair_mojibake(match: re.Match[str]) -> str:
    # `Å` stands for the lost lead byte C3: the pair is the UTF-8 of one letter
    return bytes([0xC3, ord(match.group(1))]).decode("utf-8", errors="strict")


def _pair_quotes(text: str) -> str:
    """`¿phrase¿` -> ”phrase” where one mark can only open and a later one only close."""
    chars = list(text)
    opener: int | None = None
    for i, ch in enumerate(chars):
        if ch != known.UNKNOWN_MARK:
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = before in known.OPEN_AFTER and not after.isspace()
        closes = not before.isspace() and after in known.CLOSE_BEFORE
        if opens and not closes:
            opener = i
        elif closes and not opens and opener is not None:
            if i - opener <= known.MAX_QUOTED_LENGTH and "\n" not in text[opener:i]:
                chars[opener] = chars[i] = known.QUOTE
            opener = None
    return "".join(chars)


def repair_text(text: str) -> str:
    """The text with the export's flaws repaired where the repair is certain.

    >>> repair_text("statusen ¿bra arbetsgivare¿. ¿¿¿")
    'statusen ”bra arbetsgivare”.'
    >>> repair_text("Å\\x96resund-Kategat-Skagerrak")
    'Öresund-Kategat-Skagerrak'
    >>> repair_text("EU¿s strukturfonder")  # apostrophe or hyphen: not certain, kept
    'EU¿s strukturfonder'
    """
    text = _A_RING_MOJIBAKE.sub(_repair_mojibake, text)
    text = _A_CIRCUMFLEX_MOJIBAKE.sub(r"\1", text)
    text = text.translate(_CONTROL_REPAIRS)
    text = _DROPPED.sub("", text)
    text = _WORD_HYPHEN.sub("", text)
    if known.UNKNOWN_MARK in text:  # one value in 170
        text = _MARK_RUN.sub("", text)
        text = _MARK_DASH.sub(known.DASH, text)
        text = _pair_quotes(text)
    return text.strip()


def clean_value(value: str | None) -> str | None:
    """A field's repaired text, or None for a missing value (`Information saknas`, empty)."""
    if value is None:
        return None
    text = repair_text(value)
    return None if text.casefold() in known.MISSING_VALUES else text


def fund_of(programme: str | None) -> str | None:
    """ERDF for `Mål 2 ...`, Interreg IVA for `Interreg IVA ...`; None for another programme."""
    folded = (programme or "").casefold()
    for prefix, fund in known.FUND_BY_PROGRAMME:
        if folded.startswith(prefix):
            return fund
    return None


class RegionsAbroad:
    """Regions abroad as lan_fordelning writes them, with country and ISO 3166-2 code.

    The curated table first (the export's Swedish spellings, Norwegian fylker with their
    codes of 2007-2013); else the gazetteer's ISO 3166-2 regions (pycountry and Swedish
    names), when the name means exactly one region outside Sweden.

    >>> regions = RegionsAbroad()
    >>> regions.find("Telemark fylke")["iso3166_2"]
    'NO-08'
    """

    def __init__(self, gazetteer: Gazetteer | None = None):
        path = resources.files("tnkg.extract").joinpath("data", "tillvaxtverket_regions.csv")
        lines = [line for line in path.read_text("utf-8").splitlines()
                 if not line.startswith("#")]
        self.table = {row["written"].casefold(): row for row in csv.DictReader(lines)}
        self.gazetteer = gazetteer

    def find(self, name: str) -> dict[str, str | None] | None:
        """The region a name means, or None when neither the table nor the gazetteer knows it."""
        row = self.table.get(name.casefold())
        if row is not None:
            return {
                "name": name,
                "official_name": row["name"],
                "country": row["country"],
                "iso3166_2": row["iso3166_2"],
            }
        if self.gazetteer is None:
            return None
        regions = {
            c.iso3166_2: c
            for c in self.gazetteer.lookup(name)
            if c.kind == "region" and c.country != "SE" and c.iso3166_2
        }
        if len(regions) != 1:
            return None
        found = next(iter(regions.values()))
        return {
            "name": name,
            "official_name": found.name,
            "country": found.country,
            "iso3166_2": found.iso3166_2,
        }


def _split_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _amount(value: str | None, column: str, warnings: list[str]) -> int | None:
    """Whole units of an amount column; 0 and missing are None, anything else a warning."""
    text = clean_value(value)
    if text is None:
        return None
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not _AMOUNT.match(compact):
        warnings.append(f"{column} {text!r} is not an amount: left empty")
        return None
    amount = round(float(compact.replace(",", ".")))
    return amount or None


def _date(value: str | None, column: str, warnings: list[str]) -> str | None:
    text = clean_value(value)
    if text is not None and not _DATE.match(text):
        warnings.append(f"{column} {text!r} is not a date (YYYY-MM-DD): left empty")
        return None
    return text


def _places_of_distribution(
    value: str | None, regions: RegionsAbroad, warnings: list[str]
) -> tuple[list, list]:
    """lan_fordelning -> (Swedish counties, regions abroad); unknown names become warnings."""
    counties, abroad = [], []
    for name in _split_list(clean_value(value)):
        code = municipalities.find_county_code(name)
        if code is not None:
            counties.append({"name": name, "code": code})
            continue
        region = regions.find(name)
        if region is not None:
            abroad.append(region)
        else:
            warnings.append(
                f"lan_fordelning {name!r}: neither a Swedish county nor a known "
                "region abroad, left out"
            )
    return counties, abroad


def parse_row(
    row: dict[str, str | None], source: str, *, regions: RegionsAbroad | None = None
) -> ProjectRecord:
    """One row of the export (a dict by column name) -> a record with `source` as given."""
    regions = regions or RegionsAbroad()
    warnings: list[str] = []
    programme = clean_value(row.get("malprogram"))
    fund = fund_of(programme)
    if fund is None:
        warnings.append(f"malprogram {programme!r} names no known fund: fund left unknown")
    names = _split_list(clean_value(row.get("kommun_fordelning")))
    found, unknown = municipalities.resolve_municipalities(names)
    warnings.extend(unknown)
    counties, abroad = _places_of_distribution(row.get("lan_fordelning"), regions, warnings)
    description = clean_value(row.get("projektbeskrivning"))
    extra = {
        "arende_id": clean_value(row.get("arende_id")),
        "programme": programme,
        "area": clean_value(row.get("omrade")),
        "priority": clean_value(row.get("insatsomrade")),
        "granted_sek": _amount(row.get("beviljat_belopp_sek"), "beviljat_belopp_sek", warnings),
        "granted_eur": _amount(row.get("beviljat_belopp_euro"), "beviljat_belopp_euro", warnings),
        "public_funding_sek": _amount(
            row.get("offentlig_finansiar"), "offentlig_finansiar", warnings
        ),
        "counties": counties,
        "regions_abroad": abroad,
        "lan_fordelning": clean_value(row.get("lan_fordelning")) if abroad else None,
    }
    return ProjectRecord(
        source=source,
        title=clean_value(row.get("projektnamn")),
        owner=clean_value(row.get("stodmottagare")),
        contact=Contact(
            name=clean_value(row.get("projektledare")),
            email=clean_value(row.get("projektledare_mail")),
            phone=clean_value(row.get("projektledare_telnr")),
        ),
        start_date=_date(row.get("projekt_starttid"), "projekt_starttid", warnings),
        end_date=_date(row.get("projekt_sluttid"), "projekt_sluttid", warnings),
        sections=(Section(SECTION_HEADING, description),) if description else (),
        municipalities=found,
        layout=LAYOUT,
        fund=fund or "unknown",
        warnings=tuple(warnings),
        extra=tuple(extra.items()),
    )


def _header(text: str) -> tuple[str, list[str]]:
    """(delimiter, column names) of the first line: the delimiter that gives most columns."""
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    best = max(known.DELIMITERS, key=lambda d: len(first.split(d)))
    columns = next(csv.reader([first], delimiter=best), [])
    return best, [c.strip().casefold() for c in columns]


def is_export(text: str) -> bool:
    """Whether `text` starts with the header row of a project-bank export."""
    _delimiter, columns = _header(text)
    return set(known.REQUIRED_COLUMNS) <= set(columns)


def iter_rows(text: str, path: str | Path) -> Iterator[tuple[int, dict[str, str | None]]]:
    """(line number, row by column name) of an export; ExtractError for another header."""
    delimiter, columns = _header(text)
    missing = [c for c in known.REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ExtractError(
            f"{path}: not a Tillväxtverket project-bank export: the header row lacks "
            f"{', '.join(missing)} (give ESF pages as .txt or .html files)"
        )
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    next(reader)
    try:
        for fields in reader:
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(columns):
                raise ExtractError(
                    f"{path}: line {reader.line_num}: {len(fields)} fields where the header "
                    f"has {len(columns)} (a quote left open or a stray delimiter?)"
                )
            yield reader.line_num, dict(zip(columns, fields, strict=True))
    except csv.Error as error:
        raise ExtractError(f"{path}: line {reader.line_num}: not valid CSV ({error})") from None


def read_export(
    data: bytes, path: str | Path, *, gazetteer: Gazetteer | None = None
) -> list[ProjectRecord]:
    """The records of an export file's bytes, one per row, in file order.

    Raises ExtractError naming the file for another header, a malformed row, a row without
    `arende_id`, or an `arende_id` given twice (two rows would be one project).
    """
    text = decode_page(data, path)
    regions = RegionsAbroad(gazetteer)
    records: list[ProjectRecord] = []
    lines: dict[str, int] = {}
    for line, row in iter_rows(text, path):
        case_id = clean_value(row.get("arende_id"))
        if case_id is None:
            raise ExtractError(f"{path}: line {line}: the row has no arende_id")
        if case_id in lines:
            raise ExtractError(
                f"{path}: line {line}: arende_id {case_id} again (first on line {lines[case_id]})"
            )
        lines[case_id] = line
        rec = parse_row(row, f"{path}#{case_id}", regions=regions)
        # the bank's address with the case id as fragment: the row's own public address
        bank = public_address(row.get("source"))
        address = f"{bank.split('#')[0]}#{quote(case_id, safe='')}" if bank else None
        records.append(replace(rec, source_url=address))
    if not records:
        raise ExtractError(f"{path}: the export has a header but no rows")
    return records
