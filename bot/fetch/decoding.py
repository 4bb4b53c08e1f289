"""Work out what a response body is and turn a page's bytes into text."""

from __future__ import annotations

import codecs
import json
import logging
import re
from dataclasses import dataclass
from typing import Final

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

PAGE_TYPES: Final = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
MARKUP_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
# Servers label all sorts of things with these; the body decides what it really is.
VAGUE_TYPES: Final = frozenset(
    {"application/octet-stream", "binary/octet-stream", "application/xml", "text/xml"}
)

_PRESCAN_BYTES: Final = 8192
_SNIFF_BYTES: Final = 1024
_DETECT_BYTES: Final = 256 * 1024
# A declared charset that fails on more than this share of the non-ASCII bytes is wrong,
# not merely sprinkled with a few stray bytes.
_MAX_ERROR_SHARE: Final = 0.05
_MAX_REPLACED_SHARE: Final = 0.1

_BOMS: Final[tuple[tuple[bytes, str, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_ASCII: Final = bytes(range(128))

_MIME: Final = re.compile(r"^\s*([a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+)\s*(?:;|$)", re.I)
_CHARSET_PARAM: Final = re.compile(r"""charset\s*=\s*["']?\s*([^"';,\s]+)""", re.I)
_META_CHARSET: Final = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I
)
_XML_ENCODING: Final = re.compile(
    rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)"""
)
_HTML_START: Final = re.compile(
    rb"^(?:<!doctype\s+html|<html|<head|<body|<title|<meta|<!--|<script|<div|<p[\s>]|<h1|<table)",
    re.I,
)
_XML_ROOTS: Final[tuple[tuple[bytes, str], ...]] = (
    (b"<html", "application/xhtml+xml"),
    (b"<rss", "application/rss+xml"),
    (b"<rdf:rdf", "application/rss+xml"),
    (b"<feed", "application/atom+xml"),
    (b"<svg", "image/svg+xml"),
)
_MAGIC: Final[tuple[tuple[bytes, str], ...]] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
)

# Labels that pages use but Python's codec registry does not know.
_LABELS: Final = {
    "windows-874": "cp874",
    "x-sjis": "cp932",
    "x-gbk": "gbk",
    "x-euc-jp": "euc_jp",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac-roman",
    "iso-8859-8-i": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Browsers decode these labels with a superset, and pages rely on that.
_SUPERSETS: Final = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# Codecs that are not page encodings, or that browsers refuse for safety.
_REFUSED_CODECS: Final = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "charmap"}
)


@dataclass(frozen=True, slots=True)
class ContentType:
    """A media type and the charset its header names, if any."""

    mime: str
    charset: str | None = None


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a body and the codec that decoded it."""

    text: str
    charset: str


def parse_content_type(header: str | None) -> ContentType | None:
    """Parse a Content-Type header, or return None when it is missing or malformed."""
    if not header:
        return None
    match = _MIME.match(header)
    if match is None:
        return None
    charset = _CHARSET_PARAM.search(header[match.end() :])
    return ContentType(match.group(1).lower(), charset.group(1) if charset else None)


def sniff_type(body: bytes) -> str:
    """Guess a body's media type from its first bytes."""
    head = body[:_SNIFF_BYTES]
    for bom, _codec, _name in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != codecs.BOM_UTF8:
                return "text/plain"
            break
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    start = head.lstrip()
    if start.startswith(b"<?xml"):
        lowered = start.lower()
        for root, mime in _XML_ROOTS:
            if root in lowered:
                return mime
        return "application/xml"
    if _HTML_START.match(start):
        return "text/html"
    if start[:1] in (b"{", b"["):
        try:
            json.loads(body)
        except ValueError:
            pass
        else:
            return "application/json"
    if b"\x00" in head:
        return "application/octet-stream"
    return "text/plain"


def describe_type(mime: str) -> str:
    """Name a media type the way a person would ("a PDF document")."""
    major, _, minor = mime.partition("/")
    if mime == "application/pdf":
        return "a PDF document"
    if major == "image":
        return "an image"
    if major == "video":
        return "a video"
    if major == "audio":
        return "an audio file"
    if major == "font" or minor.startswith(("font-", "x-font")):
        return "a font"
    if minor in ("rss+xml", "atom+xml", "feed+json") or minor.endswith("rdf+xml"):
        return "a news feed"
    if minor == "json" or minor.endswith("+json"):
        return "JSON data"
    if minor == "xml" or minor.endswith("+xml"):
        return "an XML document"
    if minor in ("javascript", "ecmascript", "x-javascript") or mime == "text/javascript":
        return "a script"
    if mime == "text/css":
        return "a style sheet"
    if minor in ("zip", "gzip", "x-gzip", "x-tar", "x-7z-compressed", "vnd.rar", "x-rar"):
        return "an archive"
    if minor.startswith(("msword", "vnd.ms-", "vnd.openxmlformats", "vnd.oasis.opendocument")):
        return "an office document"
    if minor in ("octet-stream", "x-msdownload", "x-executable"):
        return "a binary file"
    return f"a file of type {mime}"


def codec_for(label: str | None) -> str | None:
    """Return the Python codec that decodes a charset label as browsers do, or None."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    try:
        info = codecs.lookup(_LABELS.get(cleaned, cleaned))
    except LookupError:
        return None
    # The registry also holds byte transforms (rot13, zlib, base64) that are no charset.
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    return _SUPERSETS.get(info.name, info.name)


def prescan_charset(body: bytes) -> str | None:
    """Find the charset a page declares in a meta tag or an XML declaration."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace")


def _non_ascii_count(body: bytes) -> int:
    return len(body.translate(None, _ASCII))


def _decode_declared(body: bytes, codec: str) -> Decoded | None:
    """Decode with a declared codec, or return None when the declaration is plainly wrong."""
    if not codec.startswith("utf") and _non_ascii_count(body):
        # Servers often claim a legacy charset for pages written in UTF-8, and non-ASCII text
        # in a legacy charset almost never happens to be valid UTF-8.
        try:
            return Decoded(body.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(body.decode(codec), codec)
    except UnicodeDecodeError:
        pass
    text = body.decode(codec, "replace")
    errors = text.count("\ufffd")
    if errors <= max(1, _non_ascii_count(body) * _MAX_ERROR_SHARE):
        return Decoded(text, codec)
    return None


def _sample(body: bytes) -> bytes:
    """Cut a long body at a line break: detection time grows with size, accuracy does not."""
    if len(body) <= _DETECT_BYTES:
        return body
    cut = body.rfind(b"\n", 0, _DETECT_BYTES)
    return body[: cut if cut > 0 else _DETECT_BYTES]


def _detect(body: bytes) -> Decoded | None:
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(_sample(body))
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # The detector often scores windows-1250 and windows-1252 alike on Western text; browsers
    # settle such doubt on windows-1252, the commonest legacy charset on the web.
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    tied.update(best.could_be_from_charset)
    codec = codec_for("cp1252" if "cp1252" in tied else best.encoding)
    if codec is None:
        return None
    return Decoded(body.decode(codec, "replace"), codec)


def decode_body(body: bytes, *, declared: str | None, markup: bool) -> Decoded | None:
    """Decode a page: BOM, then header charset, then meta charset, then detection."""
    for bom, codec, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(codec, "replace"), name)
    labels = [declared]
    if markup:
        meta = prescan_charset(body)
        # A meta tag readable as ASCII cannot truly be in UTF-16.
        if meta is not None and meta.lower().startswith("utf-16"):
            meta = "utf-8"
        labels.append(meta)
    fallback: str | None = None
    for label in labels:
        declared_codec = codec_for(label)
        if declared_codec is None:
            if label:
                log.debug("unknown charset label=%r", label)
            continue
        decoded = _decode_declared(body, declared_codec)
        if decoded is not None:
            return decoded
        fallback = fallback or declared_codec
    detected = _detect(body)
    if detected is not None:
        return detected
    if fallback is not None:
        text = body.decode(fallback, "replace")
        # Mostly replacement characters means binary data, not a page with a few bad bytes.
        if text.count("\ufffd") <= len(text) * _MAX_REPLACED_SHARE:
            return Decoded(text, fallback)
    return None
