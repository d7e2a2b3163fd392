"""Page text -> ProjectRecord for ESF project-bank pages and free text about projects.

A project page is page furniture, the title, a header block of labelled fields, then
sections under the bank's headings and bullet lists (co-financiers, partners,
participants, municipalities). Three layouts of the header block are read:

- ``esf-2007``: the label glued to its value, one field a line
  (``ProjektägareArbetsmiljöforum i Norden AB``);
- ``esf-2014``: ``Label:`` with the value on the same or the next line;
- ``esf-flat``: the whole page flattened into one line; it is first split back into
  lines on the known labels, furniture, headings and bullets, then read like the others.

A text with no header block is ``free-text``: header fields stay null and its text is
one section ``text`` (or its sections, when it uses the bank's headings). The header block
and its values are read by `tnkg.extract.page_header`; the words the parser looks for are
data, in `tnkg.extract.data.page_headings`.
"""

from __future__ import annotations

import re
import unicodedata

from tnkg.errors import ExtractError
from tnkg.extract.data import page_headings as words
from tnkg.extract.lang.punctuation import BULLETS, INLINE_BULLETS
from tnkg.extract.municipalities import resolve_municipalities
from tnkg.extract.page_header import (
    find_header,
    find_title,
    is_furniture,
    parse_amount,
    parse_date,
    parse_period,
    parse_programme_area,
)
from tnkg.extract.record import Contact, ProjectRecord, Section

FREE_TEXT_SECTION = "text"


def _alternation(phrases) -> str:
    """A regex alternation of literal phrases, longest first so that longer ones win."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_SECTION_HEADINGS = tuple(sorted(words.SECTION_HEADINGS, key=len, reverse=True))
_SECTION_SET = frozenset(words.SECTION_HEADINGS)
_BULLET_START = re.compile(
    "^(?:"
    + "|".join(
        re.escape(b) + (r"\s*" if b in INLINE_BULLETS else r"\s+") for b in BULLETS
    )
    + ")"
)
_INLINE_BULLET = re.compile(r"\s*[" + "".join(INLINE_BULLETS) + r"]\s*")
# what may directly precede a heading glued to the previous sentence (`arbete.Syfte`)
_SENTENCE_END = ".!?:;)\"”»'’"
# --- the flattened layout: where to put line breaks back ------------------------------------
_LABEL_ALT = _alternation(words.HEADER_LABELS)
_HEADING_ALT = _alternation(words.SECTION_HEADINGS)
_INLINE_BULLET_CLASS = "[" + "".join(INLINE_BULLETS) + "]"
# what may follow a heading in running text: the first word of its section
_SECTION_START = r"(?=\s+[A-ZÅÄÖÉÜ0-9\"”“«(•·–-]|\s*$)"
# a colon ends no sentence here: `Projektfas: Genomförande` is a value, not a heading
_FLAT_SENTENCE_END = '.!?)"”»'
_FLAT_LABEL = re.compile(r"(?<!\S)(?:" + _LABEL_ALT + r")\s*:")
_FLAT_SPLITS: tuple[tuple[re.Pattern[str], str], ...] = (
    # every `Label:` starts a line
    (re.compile(r"\s*(?<!\S)(?=(?:" + _LABEL_ALT + r")\s*:)"), "\n"),
    # furniture stands on its own line
    (re.compile(r"\s*(?<!\S)(" + _alternation(words.FURNITURE_LINES) + r")(?!\S)\s*"), r"\n\1\n"),
    # a heading after the end of a sentence, or at the start of a line, when a section follows
    (
        re.compile(
            r"(?<=["
            + re.escape(_FLAT_SENTENCE_END)
            + r"])\s*("
            + _HEADING_ALT
            + r")"
            + _SECTION_START
        ),
        r"\n\1\n",
    ),
    (re.compile(r"^(" + _HEADING_ALT + r")" + _SECTION_START, re.M), r"\1\n"),
    # a heading of several words, capitalised, is no phrase of running text: it needs no
    # sentence end before it (`... se bilaga Transnationellt samarbete Samtliga ...`)
    (
        re.compile(r"(?<=\S)\s+(" + _alternation(h for h in words.SECTION_HEADINGS if " " in h)
                   + r")" + _SECTION_START),
        r"\n\1\n",
    ),
)
_INLINE_BULLET_SPLIT = re.compile(r"\s*(?=" + _INLINE_BULLET_CLASS + ")")
# a header value or a bullet entry running on into a heading (`Region: Stockholm
# Sammanfattning Ett ...`): split at a heading that is not the value's first word
_RUN_ON_HEADING = re.compile(r"(?<=\S)\s+(" + _HEADING_ALT + r")" + _SECTION_START)


def parse_page(text: str, source: str) -> ProjectRecord:
    """Parse one page's text into a record (places are left empty; see pipeline).

    Raises ExtractError when the text has nothing to read.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ExtractError(f"{source}: the page has no text")
    lines = text.split("\n")
    # two labels on a line (a page flattened to few lines); each ends in a colon
    flat = any(line.count(":") >= 2 and len(_FLAT_LABEL.findall(line)) >= 2 for line in lines)
    if flat:
        lines = _unflatten(text)
    lines = [line.rstrip() for line in lines]

    header = find_header(lines)
    warnings: list[str] = []
    if header is None:
        layout = "free-text"
        body = lines
        title = None
    else:
        layout = "esf-flat" if flat else ("esf-2014" if header.colon else "esf-2007")
        body = lines[header.end :]
        title = header.values.get("title") or find_title(lines[: header.start])

    sections, lists = _read_body(body, free_text=header is None)
    if not sections and layout == "free-text":
        raise ExtractError(f"{source}: the page has no text outside page furniture")
    if layout == "free-text" and _only_a_title(sections, lists):
        # a page cut off after its title still is a record, with what it has
        warnings.append(
            f"only a title line ({sections[0].text.strip()[:60]!r}): no header fields, lists "
            "or text about the project"
        )
    municipalities, unknown = resolve_municipalities(lists["municipalities"])
    warnings.extend(unknown)

    values = header.values if header else {}
    start_date, end_date = parse_period(values.get("period"), warnings)
    # 2014-2020 pages give the dates under labels of their own
    start_date = start_date or parse_date(values.get("start_date"), "start date", warnings)
    end_date = end_date or parse_date(values.get("end_date"), "end date", warnings)
    return ProjectRecord(
        source=source,
        title=title,
        programme_area=parse_programme_area(values.get("programme_area")),
        phase=values.get("phase"),
        owner=values.get("owner"),
        contact=Contact(values.get("contact_name"), values.get("email"), values.get("phone")),
        esf_grant_sek=parse_amount(values.get("esf_grant_sek"), "ESF grant", warnings),
        total_budget_sek=parse_amount(values.get("total_budget_sek"), "total budget", warnings),
        start_date=start_date,
        end_date=end_date,
        region=values.get("region"),
        sections=tuple(sections),
        co_financiers=tuple(lists["co_financiers"]),
        partners=tuple(lists["partners"]),
        participants=tuple(lists["participants"]),
        municipalities=municipalities,
        layout=layout,
        warnings=tuple(warnings),
        extra=tuple(header.extra) if header else (),
    )


# --- flattened pages ---------------------------------------------------------------------------


def _unflatten(text: str) -> list[str]:
    """Put line breaks back into a page flattened into one line."""
    for pattern, replacement in _FLAT_SPLITS:
        text = pattern.sub(replacement, text)
    text = _split_list_headings(text)
    text = _INLINE_BULLET_SPLIT.sub("\n", text)
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        label = _FLAT_LABEL.match(line)
        if label or _BULLET_START.match(line):
            start = label.end() if label else 0
            parts = _RUN_ON_HEADING.split(line[start:], maxsplit=1)
            if len(parts) == 3:
                lines.extend([line[:start] + parts[0], parts[1], parts[2].strip()])
                continue
        lines.append(line)
    return lines


def _split_list_headings(text: str) -> str:
    """Put each list heading that opens bullet entries on its own line.

    Entries may end in a list heading's word (`• Falu Kommun • ...`); the bank prints
    each list once, below the sections, so only a heading's last occurrence opens it.
    """
    for heading in sorted(words.LIST_HEADINGS, key=len, reverse=True):
        pattern = re.compile(
            r"(?<!\S)" + re.escape(heading) + r"(?=\s*" + _INLINE_BULLET_CLASS + ")"
        )
        found = list(pattern.finditer(text))
        if found:
            last = found[-1]
            text = f"{text[: last.start()].rstrip()}\n{heading}\n{text[last.end() :].lstrip()}"
    return text


# --- sections and lists ------------------------------------------------------------------------


def _section_heading(line: str) -> str | None:
    heading = line.rstrip(":").rstrip()
    return heading if heading in _SECTION_SET else None


def _glued_heading(line: str) -> tuple[str, str] | None:
    """(text before, heading) for `...från bidrag till arbete.Syfte`, else None."""
    stripped = line.rstrip(":").rstrip()
    if not stripped.endswith(_SECTION_HEADINGS):
        return None  # most lines: one look at every heading at once
    for heading in _SECTION_HEADINGS:
        if stripped.endswith(heading) and len(stripped) > len(heading):
            before = stripped[: -len(heading)]
            if before[-1] in _SENTENCE_END:
                return before, heading
    return None


def _bullet_entries(line: str) -> list[str] | None:
    """The entries of a bullet line (several when bullets share one line), else None."""
    match = _BULLET_START.match(line.strip())
    if match is None:
        return None
    rest = line.strip()[match.end() :]
    return [entry.strip() for entry in _INLINE_BULLET.split(rest) if entry.strip()]


class _Sections:
    """Section texts collected in page order; a repeated heading continues its section."""

    def __init__(self) -> None:
        self.texts: dict[str, list[str]] = {}
        self.current: str | None = None

    def open(self, heading: str) -> None:
        self.current = heading
        self.texts.setdefault(heading, [])

    def add(self, line: str) -> None:
        if self.current is not None:
            self.texts[self.current].append(line)

    def result(self) -> list[Section]:
        sections = []
        for heading, lines in self.texts.items():
            text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
            sections.append(Section(heading, text))
        return sections


def _only_a_title(sections: list[Section], lists: dict[str, list[str]]) -> bool:
    # one line that is no sentence says nothing a record could hold (a saved tab, a stub page)
    lines = [line for s in sections for line in s.text.split("\n") if line.strip()]
    return len(lines) == 1 and not any(lists.values()) and not lines[0].endswith((".", "!", "?"))


def _read_body(lines: list[str], *, free_text: bool) -> tuple[list[Section], dict[str, list[str]]]:
    sections = _Sections()
    stray: list[str] = []  # text before the first heading or list
    # prose of a free text after a list that no heading closed (`Medfinansiärer` / one line /
    # `Om projektet` and its paragraphs): the text goes on
    trailing: list[str] = []
    lists: dict[str, list[str]] = {name: [] for name in set(words.LIST_HEADINGS.values())}
    list_name: str | None = None
    list_entries = 0
    list_bulleted = False
    structured = False  # a heading or list was seen; text outside them is now page footer

    def add_text(line: str) -> None:
        if sections.current is not None:
            sections.add(line)
        elif not structured:
            stray.append(line)
        elif free_text and (trailing or _is_prose(line)):
            trailing.append(line)

    for raw in lines:
        line = raw.strip()
        if not line:
            if list_name is None:
                add_text("")
            elif list_entries and not list_bulleted:
                list_name = None  # a list without bullets ends at a blank line
            continue
        if is_furniture(line):
            continue
        heading = _section_heading(line)
        if heading:
            sections.open(heading)
            list_name, structured = None, True
            continue
        list_heading = line.rstrip(":").rstrip()
        if list_heading in words.LIST_HEADINGS:
            list_name, list_entries, list_bulleted = words.LIST_HEADINGS[list_heading], 0, False
            sections.current, structured = None, True
            continue
        if list_name is not None:
            entries = _bullet_entries(line)
            if entries is None and list_bulleted:
                # text after a bulleted list that no heading opened: page footer, not content
                list_name = None
                continue
            # bullet entries, or a list written without bullets, one entry a line
            entries = [line] if entries is None else entries
            lists[list_name].extend(entries)
            list_entries += len(entries)
            list_bulleted = list_bulleted or _BULLET_START.match(line) is not None
            continue
        glued = _glued_heading(line)
        if glued:
            before, heading = glued
            add_text(before)
            sections.open(heading)
            structured = True
            continue
        add_text(line)

    result = sections.result()
    stray_text = re.sub(r"\n{3,}", "\n\n", "\n".join(stray + [""] + trailing)).strip()
    if stray_text and ((free_text and not result) or _is_prose(stray_text)):
        # text before the first heading: the whole text of free text, or prose a heading
        # was missing for; short lines below a header are furniture (`Projektfakta`) or a
        # page cut mid-word, and dropped
        result.insert(0, Section(FREE_TEXT_SECTION, stray_text))
    return result, lists


def _is_prose(text: str) -> bool:
    return any(len(line.split()) >= 8 for line in text.split("\n"))
