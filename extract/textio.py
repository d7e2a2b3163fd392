"""Bytes -> text for project pages: encodings, line ends, HTML, Unicode normalisation.

Pages come saved by browsers, exported from Windows tools and scraped as HTML, so the
encoding is detected, never assumed: a byte-order mark decides; else valid UTF-8 is
UTF-8; else Windows-1252 when the bytes decode and read like text. Anything else is
an `ExtractError` naming the file, never a traceback.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from tnkg.errors import ExtractError

# Longest marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Pages bigger than this are refused unread: a project page is tens of kilobytes, and the
# parser and places pipeline would take minutes and gigabytes over a stray 50 MB dump.
MAX_PAGE_BYTES = 5_000_000

# Invisible format characters (zero-width spaces and joiners, direction marks and embeddings,
# word joiner, soft hyphen, a stray byte-order mark) that make one name look like two;
# removed so that `Arbets\u200bförmedlingen` is `Arbetsförmedlingen`.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Control characters that text files do not contain (tab, LF, FF, CR are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Share of control characters above which decoded bytes are taken for binary data.
_MAX_CONTROL_SHARE = 0.01

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)

# Elements whose content is not page text.
_DROPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
# Elements that break the line before and after them.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)


# A page file may open with `# source: URL`, the public address it was saved from.
_SOURCE_LINE = re.compile(r"\A\ufeff?#\s*source:\s*(\S*)[ \t]*\r?(?:\n|\Z)", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://[^\s<>\"{}|\\^`]+", re.ASCII)


def public_address(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) address that can stand as an IRI, else None.

    >>> public_address("https://www.esf.se/projekt/1"), public_address("/home/me/page.txt")
    ('https://www.esf.se/projekt/1', None)
    """
    value = (value or "").strip()
    return value if _ADDRESS.fullmatch(value) else None


def split_source_line(text: str) -> tuple[str | None, str]:
    """(the address of a leading `# source: URL` line, the text without that line); the
    line is removed even when its address is unusable, so it never reads as page text."""
    match = _SOURCE_LINE.match(text)
    if match is None:
        return None, text
    return public_address(match.group(1)), text[match.end():]


def read_text(path: str | Path) -> str:
    """The text of the page at `path`, decoded, with LF line ends, NFC-normalised.

    Raises ExtractError naming the file for directories, unreadable or empty files
    and binary data.
    """
    return decode_page(read_bytes(path), path)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of the file at `path`, or an ExtractError that says why not."""
    path = Path(path)
    if path.is_dir():
        raise ExtractError(f"{path}: is a directory, not a page")
    try:
        check_page_file(path)
        return path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except PermissionError:
        raise ExtractError(f"{path}: permission denied, cannot read the file") from None
    except OSError as error:
        raise ExtractError(f"{path}: cannot read the file ({error.strerror or error})") from None


def check_page_file(path: Path) -> None:
    """ExtractError unless `path` is a regular file of at most MAX_PAGE_BYTES.

    A FIFO or a device would block the read or never end. OSError (missing, unreadable)
    is left to the caller.
    """
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise ExtractError(f"{path}: not a regular file (a FIFO, socket or device), not a page")
    if status.st_size > MAX_PAGE_BYTES:
        raise ExtractError(
            f"{path}: {status.st_size:,} bytes, too big for a project page (the limit is "
            f"{MAX_PAGE_BYTES:,} bytes; split the file or check that it is a page)"
        )


def decode_page(data: bytes, path: str | Path) -> str:
    """Page bytes -> text, as `read_text` does for a file (`path` names it in errors)."""
    if not data:
        raise ExtractError(f"{path}: the file is empty")
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if Path(path).suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(text):
        text = html_to_text(text)
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    if not text.strip():
        raise ExtractError(f"{path}: the file has no text")
    return text


def _decode(data: bytes, path: str | Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ExtractError(
                    f"{path}: not valid {encoding.upper()} although it starts with its byte-order "
                    "mark"
                ) from None
            # decoding with the mark's codec drops it; utf-32/utf-16 keep none either
            return _checked_text(text.lstrip("\ufeff"), path)
    if b"\x00" in data:
        raise ExtractError(f"{path}: binary file (contains NUL bytes), not a text page")
    try:
        return _checked_text(data.decode("utf-8"), path)
    except UnicodeDecodeError as error:
        if _is_truncated_utf8(data, error):
            raise ExtractError(
                f"{path}: the file ends inside a UTF-8 character: it looks cut short (an "
                "interrupted download or copy?); fetch or save it again"
            ) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ExtractError(
            f"{path}: binary file or unknown encoding (neither UTF-8 nor Windows-1252)"
        ) from None
    return _checked_text(text, path)


def _is_truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    # UTF-8 up to an incomplete character at the very end. Windows-1252 text can end in a
    # byte that opens a UTF-8 sequence too (`Café` as 0xE9), so it counts only when the rest
    # holds multi-byte UTF-8 characters, which Windows-1252 text practically never does.
    return (
        error.reason == "unexpected end of data"
        and error.end == len(data)
        and not data[: error.start].isascii()
    )


def _checked_text(text: str, path: str | Path) -> str:
    controls = len(_CONTROL.findall(text))
    if controls and controls > _MAX_CONTROL_SHARE * len(text):
        raise ExtractError(f"{path}: binary file (control characters), not a text page")
    return text


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML document, one block element a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropped_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROPPED:
            self._dropped_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                # list items keep a bullet, so the page parser reads them as list entries
                self.parts.append("• ")
            if tag == "pre":
                self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped_depth = max(0, self._dropped_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._dropped_depth:
            return
        if self._pre_depth:
            self.parts.append(data)
        else:
            # outside <pre>, HTML collapses whitespace, source line breaks included
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of an HTML document: no script/style, block elements on own lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = [line.strip() for line in "".join(collector.parts).split("\n")]
    # block boundaries leave runs of empty lines; keep at most one, as in the text pages
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"
