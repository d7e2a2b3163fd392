"""The header block of a project page: the densest run of known labels near its top, the
title above it, and the fields' values (programme area, amounts, dates) as the record wants them.

Three forms of a field are read: `Label: value` (or the value on the next line), the label
glued to its value (`ProjektägareArbetsmiljöforum i Norden AB`) and a label alone on its
line with the value below (HTML `<dt>`). The labels are data, in
`tnkg.extract.data.page_headings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from tnkg.extract.data import page_headings as words
from tnkg.extract.record import ProgrammeArea

_LABELS = tuple(sorted(words.HEADER_LABELS, key=len, reverse=True))
_SECTION_SET = frozenset(words.SECTION_HEADINGS)
_BANNER = re.compile(words.BANNER_PATTERN)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EMAIL = re.compile(r"\S+@\S+")
# fields of a contact block, which a news text may end with (`Kontaktperson: Eva Ek`): such
# a block is a header only right below the title
_CONTACT_FIELDS = frozenset({"contact_name", "email", "phone"})
_MAX_LINES_BEFORE_CONTACTS = 3
# a `Label: value` line of a label the parser does not know (inside a header block it is
# kept in `extra` and does not end the block)
_UNKNOWN_LABEL = re.compile(r"^([A-ZÅÄÖ][\w./-]*(?: [\w./-]+){0,3})\s*:\s*(.*)$")


@dataclass
class Header:
    """Header fields as found, before they become a record."""

    start: int  # index of the first header line
    end: int  # index after the last header line
    values: dict[str, str] = field(default_factory=dict)
    extra: list[tuple[str, str]] = field(default_factory=list)
    colon: bool = False


class _Label(NamedTuple):
    label: str
    field: str
    value: str
    form: str  # "colon" (`Region: X`), "glued" (`RegionX`), "spaced" (`Region X`), "bare"


def _match_label(line: str) -> _Label | None:
    """The header field on this line, or None when it is not one."""
    stripped = line.strip()
    if not stripped.startswith(_LABELS):
        return None  # most lines: one look at every label at once
    for label in _LABELS:
        if not stripped.startswith(label):
            continue
        rest = stripped[len(label) :]
        colon = rest.lstrip().startswith(":")
        value = rest.lstrip()[1:].strip() if colon else rest.strip()
        name = words.HEADER_LABELS[label]
        if not value:
            # `Label:` or a label alone on its line (HTML <dt>): the value is on the next line
            return _Label(label, name, "", "colon" if colon else "bare")
        if colon and len(value) <= words.MAX_HEADER_VALUE_CHARS:
            return _Label(label, name, value, "colon")
        if not colon and _plausible(name, value):
            return _Label(label, name, value, "spaced" if rest[0].isspace() else "glued")
    return None


def _plausible(name: str, value: str) -> bool:
    """Whether a value glued to a label fits the field (else the label was a sentence's word)."""
    if len(value) > words.MAX_HEADER_VALUE_CHARS:
        return False
    if name == "email":
        return bool(_EMAIL.search(value))
    if name == "phone":
        return sum(c.isdigit() for c in value) >= 5 and len(value) <= 40
    if name in ("esf_grant_sek", "total_budget_sek", "programme_area"):
        return any(c.isdigit() for c in value)
    if name in ("period", "start_date", "end_date"):
        return bool(_ISO_DATE.search(value))
    if name in ("contact_name",):
        return True
    # owner, region, phase, title, extra: a name, so it starts with a capital or a digit
    return value[0].isupper() or value[0].isdigit()


def _is_structure(line: str) -> bool:
    stripped = line.strip().rstrip(":").strip()
    return stripped in _SECTION_SET or stripped in words.LIST_HEADINGS


def find_header(lines: list[str]) -> Header | None:
    """The header block: the densest run of known labels near the top of the page (banners,
    cookie notices and preambles may come first), or None when the text has none."""
    best: Header | None = None
    index = 0
    limit = min(len(lines), words.HEADER_SEARCH_LINES)
    before = 0  # text lines before: past the title, a contact block is a news text's footer
    while index < limit:
        line = lines[index].strip()
        if _match_label(line) is None:
            before += bool(line) and not is_furniture(line)
            index += 1
            continue
        header = _read_header_block(lines, index)
        if before > _MAX_LINES_BEFORE_CONTACTS and set(header.values) <= _CONTACT_FIELDS:
            index = max(header.end, index + 1)
            continue
        # one glued "label" alone is more likely a sentence (`Region Skåne deltar.`), unless
        # the page ends there (a page cut short) right below its title; at the end of a
        # text it is the text's fact box (`Projektägare` / `Sverige: ...`), not a header
        fields = _known_fields(header)
        cut_short = before <= _MAX_LINES_BEFORE_CONTACTS and not any(
            rest.strip() for rest in lines[header.end :])
        if (fields >= 2 or cut_short) and (best is None or fields > _known_fields(best)):
            best = header
        index = max(header.end, index + 1)
    return best


def _known_fields(header: Header) -> int:
    return len(header.values) + sum(1 for label, _ in header.extra if label in words.HEADER_LABELS)


def _read_header_block(lines: list[str], start: int) -> Header:
    header = Header(start=start, end=start)
    index = start
    pending: tuple[str, str] | None = None  # (label, field) of a `Label:` awaiting its value
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        match = _match_label(line)
        if pending is not None:
            if _is_value_line(lines, index, match):
                _store(header, *pending, line)
                pending = None
                index += 1
                header.end = index
                continue
            pending = None
        if match is None:
            unknown = _UNKNOWN_LABEL.match(line)
            if unknown is None or _is_structure(line) or header.end == start:
                break
            # `Ort: Göteborg` between known labels: kept, the block goes on
            value = unknown.group(2).strip()
            index += 1
            if not value and index < len(lines) and _is_value_line(lines, index, None):
                value = lines[index].strip()  # `Ort:` with the value on the next line
                index += 1
            header.extra.append((unknown.group(1), value))
            header.end = index
            continue
        label, name, value, form = match
        header.colon = header.colon or form == "colon"
        if value:
            _store(header, label, name, value)
        else:
            pending = (label, name)
        index += 1
        header.end = index
    return header


def _is_value_line(lines: list[str], index: int, match: _Label | None) -> bool:
    """Whether lines[index] is the value of the label line above it (`Projektägare:`).

    Another field's line is not a value (`Telefonnummer:`, `E-postx@y.se` after an empty
    `Kontaktperson`), but a name that starts with a label's word is (`Region Gotland` as
    the owner). A heading is a value only inside the block, when another field follows
    (`Projektfas:` / `Genomförande` / `Projektägare:`).
    """
    line = lines[index].strip()
    if (match is not None and match.form != "spaced") or len(line) > words.MAX_HEADER_VALUE_CHARS:
        return False
    if not _is_structure(line):
        return True
    following = next((rest for rest in lines[index + 1 :] if rest.strip()), None)
    return following is not None and _match_label(following) is not None


def _store(header: Header, label: str, name: str, value: str) -> None:
    if name == "extra":
        header.extra.append((label, value))
    else:
        header.values.setdefault(name, value)


def is_furniture(line: str) -> bool:
    return line in words.FURNITURE_LINES or bool(_BANNER.fullmatch(line))


def find_title(lines: list[str]) -> str | None:
    """The last line before the header block that is not page furniture."""
    for line in reversed(lines):
        line = line.strip()
        if line and not is_furniture(line):
            return line
    return None


def parse_programme_area(value: str | None) -> ProgrammeArea | None:
    if not value:
        return None
    # 2007-2013 pages repeat the label in the value: `Programområde 1 Kompetensförsörjning`
    for label, name in words.HEADER_LABELS.items():
        if name == "programme_area" and value.startswith(label):
            value = value[len(label) :].strip()
            break
    match = re.match(r"(\d+)\s*[:.\-–]?\s*(.*)$", value)
    if match is None:
        return ProgrammeArea(None, value)
    return ProgrammeArea(int(match.group(1)), match.group(2).strip() or None)


def parse_amount(value: str | None, what: str, warnings: list[str]) -> int | None:
    """Whole kronor from `8 562 409 kr`, `8562409`, `8.562.409`, `8 562 409,00 kr`."""
    if not value:
        return None
    match = re.search(r"\d[\d\s.,]*", value)
    digits = re.sub(r"\s", "", match.group(0)).rstrip(".,") if match else ""
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", digits):
        digits = re.sub(r"[.,]", "", digits)  # thousands separators
    whole = re.fullmatch(r"(\d+)(?:[.,]\d{1,2})?", digits)
    if whole is None:
        warnings.append(f"{what} is not an amount in kronor: {value!r}")
        return None
    return int(whole.group(1))


def parse_date(value: str | None, what: str, warnings: list[str]) -> str | None:
    """The ISO date of `Startdatum 2016-01-01`; None, with a warning, for anything else."""
    return (_iso_dates(value, what, warnings) + [None])[0] if value else None


def parse_period(value: str | None, warnings: list[str]) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    found = _iso_dates(value, "project period", warnings) + [None, None]
    return found[0], found[1]


def _iso_dates(value: str, what: str, warnings: list[str]) -> list[str | None]:
    found: list[str | None] = []
    for match in _ISO_DATE.finditer(value):
        try:
            found.append(date(*(int(part) for part in match.groups())).isoformat())
        except ValueError:
            warnings.append(f"{what} has an impossible date: {match.group(0)!r}")
            found.append(None)
    if not found:
        warnings.append(f"{what} has no ISO dates: {value!r}")
    return found
