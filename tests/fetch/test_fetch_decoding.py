"""Content types, sniffing and charset decoding of fetched bodies."""

from __future__ import annotations

import codecs
import random

import pytest

from bot.fetch.decoding import (
    ContentType,
    codec_for,
    decode_body,
    describe_type,
    parse_content_type,
    prescan_charset,
    sniff_type,
)

NEWS = "Les députés ont adopté le texte à une large majorité, après trois jours de débat."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("garbage", None),
        ("text/html", ContentType("text/html")),
        ("Text/HTML; Charset=UTF-8", ContentType("text/html", "UTF-8")),
        ('text/html; charset="iso-8859-1"', ContentType("text/html", "iso-8859-1")),
        ("application/xhtml+xml;charset=utf-8;q=1", ContentType("application/xhtml+xml", "utf-8")),
        ("text/plain; format=flowed", ContentType("text/plain")),
    ],
)
def test_parses_content_type_headers(header: str | None, expected: ContentType | None) -> None:
    assert parse_content_type(header) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"%PDF-1.4\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"PK\x03\x04\x14\x00", "application/zip"),
        (b"\n  <!DOCTYPE html><html>", "text/html"),
        (codecs.BOM_UTF8 + b"<html lang='en'>", "text/html"),
        (
            b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>",
            "application/xhtml+xml",
        ),
        (b"<?xml version='1.0'?><rss version='2.0'>", "application/rss+xml"),
        (
            b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>",
            "application/atom+xml",
        ),
        (b'{"items": [1, 2]}', "application/json"),
        (b"[Update] The vote was postponed.", "text/plain"),
        (b"Just words.", "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
    ],
)
def test_sniffs_types(body: bytes, expected: str) -> None:
    assert sniff_type(body) == expected


@pytest.mark.parametrize(
    ("mime", "expected"),
    [
        ("application/pdf", "a PDF document"),
        ("image/webp", "an image"),
        ("video/mp4", "a video"),
        ("audio/mpeg", "an audio file"),
        ("application/json", "JSON data"),
        ("application/ld+json", "JSON data"),
        ("application/atom+xml", "a news feed"),
        ("application/xml", "an XML document"),
        ("application/zip", "an archive"),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "an office document",
        ),
        ("application/octet-stream", "a binary file"),
        ("application/x-thing", "a file of type application/x-thing"),
    ],
)
def test_describes_types(mime: str, expected: str) -> None:
    assert describe_type(mime) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("UTF-8", "utf-8"),
        ('"utf8"', "utf-8"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("windows-874", "cp874"),
        ("Shift_JIS", "cp932"),
        ("GB2312", "gb18030"),
        ("klingon-8", None),
        ("utf-7", None),
        ("rot13", None),
        ("zlib", None),
        ("", None),
        (None, None),
    ],
)
def test_maps_charset_labels_to_codecs(label: str | None, expected: str | None) -> None:
    assert codec_for(label) == expected


def test_prescans_meta_and_xml_declarations() -> None:
    assert prescan_charset(b'<html><head><meta charset="koi8-r">') == "koi8-r"
    equiv = b'<meta http-equiv="content-type" content="text/html; charset=windows-1251">'
    assert prescan_charset(equiv) == "windows-1251"
    assert prescan_charset(b"<?xml version='1.0' encoding='ISO-8859-2'?><html>") == "ISO-8859-2"
    assert prescan_charset(b" " * 9000 + b'<meta charset="koi8-r">') is None


def test_a_byte_order_mark_wins() -> None:
    decoded = decode_body(codecs.BOM_UTF8 + NEWS.encode(), declared="iso-8859-1", markup=True)
    assert decoded is not None
    assert (decoded.text, decoded.charset) == (NEWS, "utf-8")
    utf16 = decode_body(codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"), declared=None, markup=False)
    assert utf16 is not None
    assert utf16.text == NEWS


def test_prefers_utf8_when_a_legacy_label_is_wrong() -> None:
    decoded = decode_body(NEWS.encode(), declared="iso-8859-1", markup=False)
    assert decoded is not None
    assert (decoded.text, decoded.charset) == (NEWS, "utf-8")


def test_keeps_the_declared_charset_despite_a_stray_byte() -> None:
    body = (NEWS * 5).encode() + b" \xff"
    decoded = decode_body(body, declared="utf-8", markup=False)
    assert decoded is not None
    assert decoded.charset == "utf-8"
    assert decoded.text.startswith(NEWS)
    assert decoded.text.count("\ufffd") == 1


def test_detects_when_the_declared_charset_is_plainly_wrong() -> None:
    decoded = decode_body((NEWS * 3).encode("cp1252"), declared="utf-8", markup=False)
    assert decoded is not None
    assert decoded.text == NEWS * 3


def test_a_meta_tag_cannot_declare_utf16() -> None:
    body = f'<meta charset="utf-16"><p>{NEWS}</p>'.encode()
    decoded = decode_body(body, declared=None, markup=True)
    assert decoded is not None
    assert decoded.charset == "utf-8"


def test_reads_meta_only_in_markup() -> None:
    body = f'<meta charset="koi8-r"><p>{NEWS}</p>'.encode("cp1252")
    as_markup = decode_body(body, declared=None, markup=True)
    assert as_markup is not None
    assert as_markup.charset == "koi8-r"
    as_text = decode_body(body, declared=None, markup=False)
    assert as_text is not None
    assert as_text.charset != "koi8-r"


def test_gives_up_on_binary_noise() -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4000))
    assert decode_body(noise, declared=None, markup=True) is None
    assert decode_body(noise, declared="utf-8", markup=True) is None


def test_detects_from_a_sample_of_a_long_page() -> None:
    line = "<p>Fête du marché : « les commerçants réclament des garanties » — à suivre.</p>\n"
    page = line * 6000
    decoded = decode_body(page.encode("cp1252"), declared=None, markup=True)
    assert decoded is not None
    assert decoded.text == page
