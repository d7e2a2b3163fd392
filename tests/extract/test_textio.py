"""Reading page files: encodings detected, line ends, HTML, and one-line errors."""

from __future__ import annotations

import codecs
import os

import pytest

from tnkg.errors import ExtractError
from tnkg.extract.textio import html_to_text, read_text

TEXT = "Projektägare Malmö stad\nRegion Sydsverige – Öresund\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8", TEXT.encode("utf-8")),
        ("utf8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("utf16-le-bom", TEXT.encode("utf-16")),  # Python writes the native (LE) mark
        ("utf16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("cp1252", TEXT.encode("cp1252")),
        ("crlf", TEXT.replace("\n", "\r\n").encode("utf-8")),
        ("cp1252-crlf", TEXT.replace("\n", "\r\n").encode("cp1252")),
        ("cr", TEXT.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends_read_the_same(tmp_path, name: str, data: bytes):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    assert read_text(path) == TEXT


def test_utf8_is_preferred_when_bytes_are_valid_utf8(tmp_path):
    # "Ã¤" in cp1252 is the UTF-8 encoding of "ä": valid UTF-8 must read as UTF-8
    path = tmp_path / "page.txt"
    path.write_bytes("Göteborg och Umeå".encode())
    assert read_text(path) == "Göteborg och Umeå"


def test_text_is_nfc_normalised(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("Ja\u0308rfa\u0308lla".encode())
    assert read_text(path) == "Järfälla"


def test_html_file_becomes_text_without_script_and_style(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><style>p{}</style><script>var x = 1;</script></head><body>"
        "<h1>Titel &amp; mer</h1><p>Första\n   stycket.</p><div>Andra<br>raden</div>"
        "<ul><li>Alfa</li><li>Beta</li></ul></body></html>",
        encoding="utf-8",
    )
    assert read_text(path) == "Titel & mer\n\nFörsta stycket.\n\nAndra\nraden\n\n• Alfa\n\n• Beta\n"


def test_html_is_recognised_by_content_in_a_txt_file(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html>\n<html><body><p>Hej</p></body></html>", encoding="utf-8")
    assert read_text(path) == "Hej\n"


def test_text_mentioning_tags_is_not_html(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Vi använder <b> ibland.\nRad två.", encoding="utf-8")
    assert read_text(path) == "Vi använder <b> ibland.\nRad två."


def test_pre_keeps_its_line_breaks():
    # outside <pre> the break would collapse to a space; lines are stripped either way
    assert html_to_text("<pre>a\n  b</pre>") == "a\nb\n"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"abc\x00def", "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 4, "binary"),  # undefined in Windows-1252
        (bytes(range(1, 32)) * 10, "binary"),  # control characters, valid UTF-8 though
        (b"<html><body><script>x</script></body></html>", "no text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),  # a lone surrogate
    ],
)
def test_bad_bytes_give_one_line_error_naming_the_file(tmp_path, data: bytes, problem: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ExtractError) as caught:
        read_text(path)
    message = str(caught.value)
    assert "bad.txt" in message and problem in message and "\n" not in message


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ExtractError, match="no such file"):
        read_text(tmp_path / "missing.txt")


def test_directory_is_an_error(tmp_path):
    with pytest.raises(ExtractError, match="directory"):
        read_text(tmp_path)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Hej", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ExtractError, match="permission denied"):
            read_text(path)
    finally:
        path.chmod(0o644)


def test_permission_error_is_reported_even_for_root(tmp_path, monkeypatch):
    # root reads chmod-000 files, so the error path is also driven directly
    path = tmp_path / "locked.txt"
    path.write_text("Hej", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    with pytest.raises(ExtractError, match="locked.txt: permission denied"):
        read_text(path)
