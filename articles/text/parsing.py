"""Turn the raw bytes of an article file into a clean, validated article.

File layout: headline, blank line, lead, blank line, body paragraphs separated
by blank lines, optionally followed by the source site's boilerplate footer.
Byline and photo credit paragraphs at either end of the body («Автор: …»,
«Фото: …») are taken out of it (bylines.py).
Stdlib only, so it can run outside Django (import commands, tests, scripts).
"""

from __future__ import annotations

import codecs
import hashlib
import html
import html.entities
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .bylines import join_credits, split_bylines

DEFAULT_MAX_BYTES = 1_048_576
MAX_TITLE_LENGTH = 300


class ParseError(ValueError):
    """A file that cannot be imported; str(err) is a clear one-line English reason."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    source: str = ""
    encoding: str = ""
    # From the byline and credit paragraphs, which `paragraphs` leave out.
    authors: tuple[str, ...] = ()
    credit: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.title, self.lead, self.body)


def fingerprint(title: str, lead: str, body: str) -> str:
    # Module-level so stored articles can be compared with parsed ones. A JSON array cannot
    # be confused with another split of the same characters, and ASCII escaping keeps even
    # lone surrogates hashable.
    payload = json.dumps([title, lead, body])
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


# --- Decoding -------------------------------------------------------------------------

_LEGACY_ENCODINGS = ("cp1251", "koi8-r")  # on a tie the first one wins: it is far more common

# C0 controls other than \t \n \r \f; a few stray ones (a DOS Ctrl-Z) are tolerated.
_BINARY_CONTROL = re.compile("[\x01-\x08\x0b\x0e-\x1f]")
_BINARY_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20)])


def decode(data: bytes) -> tuple[str, str]:
    data = bytes(data)  # also accept bytearray and memoryview
    if not data:
        raise ParseError("file is empty")
    encoding = _bom_encoding(data)
    if encoding:
        text = _decode_unicode_or_fail(data, encoding)
        _reject_binary(text)
    else:
        if b"\x00" in data:
            raise ParseError(
                "binary file: contains NUL bytes "
                "(UTF-16 text is accepted only with a byte order mark)"
            )
        # Every encoding tried maps these bytes to the controls of the same value, so they can
        # be counted before we know the real encoding (deleting them is the fast way).
        _reject_controls(len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES)), len(data))
        text, encoding = _decode_without_bom(data)
    if _is_blank(text):
        raise ParseError("file is empty")
    return text, encoding


def _bom_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return ""


def _decode_unicode(data: bytes, encoding: str) -> str:
    # final=False tolerates a file cut in the middle of its last character: the incomplete
    # sequence is dropped instead of turning a good file into an undecodable one.
    return codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)


def _decode_unicode_or_fail(data: bytes, encoding: str) -> str:
    try:
        return _decode_unicode(data, encoding)
    except UnicodeDecodeError as err:
        name = "UTF-8" if encoding.startswith("utf-8") else "UTF-16"
        raise ParseError(
            f"cannot decode file: it starts with a {name} byte order mark "
            f"but is not valid {name} (near byte {err.start})"
        ) from None


def _decode_without_bom(data: bytes) -> tuple[str, str]:
    try:
        text = _decode_unicode(data, "utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err.start
    else:
        if text:
            return text, "utf-8"
        utf8_error = 0
    encoding = _best_legacy_encoding(data)
    if encoding is None:
        raise ParseError(
            "cannot decode file: not UTF-8, CP1251 or KOI8-R text "
            f"(invalid UTF-8 at byte {utf8_error})"
        )
    return data.decode(encoding), encoding


def _best_legacy_encoding(data: bytes) -> str | None:
    # A single-byte table maps each byte to one character, so one byte histogram is enough
    # to judge every table without decoding the whole file with each.
    byte_counts = Counter(data)
    best_encoding, best_score = None, 0
    for encoding in _LEGACY_ENCODINGS:
        chars = _char_counts(byte_counts, encoding)
        if chars is None or not _reads_as_text(chars):
            continue
        score = _russian_score(chars)
        if best_encoding is None or score > best_score:
            best_encoding, best_score = encoding, score
    return best_encoding


def _char_counts(byte_counts: Counter[int], encoding: str) -> Counter[str] | None:
    chars: Counter[str] = Counter()
    for byte, count in byte_counts.items():
        try:
            chars[bytes([byte]).decode(encoding)] += count
        except UnicodeDecodeError:  # cp1251 leaves 0x98 unmapped
            return None
    return chars


def _count(chars: Counter[str], predicate: Callable[[str], bool]) -> int:
    return sum(count for char, count in chars.items() if predicate(char))


def _is_cyrillic_lower(char: str) -> bool:
    return "\u0430" <= char <= "\u045f"


def _is_cyrillic_upper(char: str) -> bool:
    return "\u0400" <= char <= "\u042f"


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _is_odd_symbol(char: str) -> bool:
    # Box drawing, maths signs... that the tables put in 0x80-0xBF: Russian prose has almost
    # none, UTF-8 or random bytes read through those tables are full of them.
    return not char.isascii() and unicodedata.category(char)[0] in "SC"


def _russian_score(chars: Counter[str]) -> int:
    # Decoded with the right table, Russian is mostly lowercase; the other of CP1251/KOI8-R
    # swaps the cases, so the wrong reading is mostly uppercase.
    return _count(chars, _is_cyrillic_lower) - _count(chars, _is_cyrillic_upper)


def _reads_as_text(chars: Counter[str]) -> bool:
    visible = _count(chars, lambda char: not char.isspace())
    if not visible:
        return True  # only whitespace: reported as an empty file, not as undecodable
    letters = _count(chars, str.isalpha)
    lower = _count(chars, _is_cyrillic_lower)
    cyrillic = lower + _count(chars, _is_cyrillic_upper)
    return (
        letters * 2 >= visible
        and (cyrillic + _count(chars, _is_latin)) * 2 >= letters
        and _count(chars, _is_odd_symbol) * 20 <= visible
        # Short texts may be all acronyms; from 20 letters on, less than 60% lowercase means
        # the wrong table (or no text at all).
        and (cyrillic < 20 or lower * 5 >= cyrillic * 3)
    )


def _reject_binary(text: str) -> None:
    if "\x00" in text:
        raise ParseError("binary file: contains NUL characters")
    _reject_controls(len(_BINARY_CONTROL.findall(text)), len(text))


def _reject_controls(controls: int, length: int) -> None:
    if controls > 1 and controls * 100 > length:
        raise ParseError(f"binary file: {controls} control characters in {length} characters")


def _is_blank(text: str) -> bool:
    # Whether _drop_invisible(text).strip() is empty, without copying the text: \s is what
    # str.strip() strips.
    return _VISIBLE.search(text) is None


# --- Cleaning -------------------------------------------------------------------------

# Format characters that render as nothing but break matching, search and entity repair.
# Also controls that are not whitespace, and lone surrogates (reachable only through str
# input; they would make the text unencodable).
_INVISIBLE_CHARS = (
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\ud800-\udfff"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_VISIBLE = re.compile(rf"[^\s{_INVISIBLE_CHARS}]")

_NUMERIC_REFERENCE_MAX_DIGITS = 8  # html.unescape() raises on thousands of decimal digits
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_LEFTOVER_NBSP = re.compile(r"&(?:amp;)*nbsp(?:;|(?![A-Za-z0-9]))", re.IGNORECASE)
_MAX_UNESCAPE_PASSES = 2


def _orphan_ampersand_followers() -> frozenset[str]:
    # What an entity decodes to, when it cannot start a word: "&" right before it is the
    # leftover of a half-decoded entity ("&nbsp;" -> "&\xa0"). ASCII punctuation other than
    # quotes is left alone because a real "&" is often followed by it.
    followers = {
        value
        for value in html.entities.html5.values()
        if len(value) == 1 and not value.isalnum() and not value.isascii()
    }
    followers.update('"', "'")
    followers.update(char for char in map(chr, range(0x80, 0x3001)) if char.isspace())
    return frozenset(followers)


_ORPHAN_AMPERSAND_FOLLOWERS = _orphan_ampersand_followers()
_AMPERSAND = re.compile("&(?=(.))", re.DOTALL)

# Line breaks, each made "\n"; "\r\n" first, as it is one.
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


def clean_text(text: str) -> str:
    # Invisible characters go first because they can hide an entity ("&\u200bnbsp;").
    text = _drop_invisible(text)
    text = unicodedata.normalize("NFC", text)
    text = _unescape_entities(text)
    text = _drop_invisible(text)  # entities such as &shy; and &ZeroWidthSpace; decode to them
    text = _drop_orphan_ampersands(text)
    text = _normalise_whitespace(text)
    # Entities and dropped characters can leave decomposed sequences ("e&#769;").
    return unicodedata.normalize("NFC", text)


def _drop_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def _unescape_entities(text: str) -> str:
    # Two passes undo double escaping ("&amp;nbsp;"); more would mangle text that
    # legitimately shows an entity. A no-break space escaped deeper is still pure damage.
    for _ in range(_MAX_UNESCAPE_PASSES):
        unescaped = _ENTITY.sub(_decode_entity, text)
        if unescaped == text:
            break
        text = unescaped
    return _LEFTOVER_NBSP.sub(" ", text)


def _decode_entity(match: re.Match[str]) -> str:
    reference = match.group(1)
    if reference.startswith("#"):
        digits = reference.lstrip("#xX").rstrip(";")
        if len(digits) > _NUMERIC_REFERENCE_MAX_DIGITS:
            return match.group(0)
        return html.unescape(match.group(0))
    # Exact names only: html.unescape() would also decode a prefix ("&notes" -> "¬es"), and
    # the entities valid without ";" are exactly the keys without it.
    return html.entities.html5.get(reference, match.group(0))


def _drop_orphan_ampersands(text: str) -> str:
    return _AMPERSAND.sub(
        lambda match: "" if match.group(1) in _ORPHAN_AMPERSAND_FOLLOWERS else "&", text
    )


def _normalise_whitespace(text: str) -> str:
    # str.replace() and str.split() rather than regular expressions: a third of the time.
    # "\r\n" goes first, so that each is one line break; split() with no argument splits
    # on runs of any whitespace, which no line holds but "\n".
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    return "\n".join([" ".join(line.split()) for line in text.split("\n")])


# --- Structure ------------------------------------------------------------------------

# Lines of a site's footer, matched against whole cleaned lines at the end of the text.
# Add a source by adding its patterns here.
FOOTER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "Kapital.kz",
        re.compile(r"при работе с материалами\b.*\bkapital\.kz\b.*", re.IGNORECASE),
    ),
    ("Kapital.kz", re.compile(r"читать все последние новости\b\W*", re.IGNORECASE)),
    ("Kapital.kz", re.compile("\u27a4+")),  # a lone "➤" left when the link text is lost
)


def parse_text(text: str, *, encoding: str = "") -> ParsedArticle:
    lines, source = _strip_footer(clean_text(text).split("\n"))
    blocks = _blocks(lines)
    if not blocks:
        if source:
            raise ParseError(f"no headline: the file contains only the {source} footer")
        raise ParseError("no headline: the file contains no text")
    title, *lead_lines = blocks[0]
    if len(title) > MAX_TITLE_LENGTH:
        raise ParseError(
            f"headline is too long: {len(title)} characters (limit {MAX_TITLE_LENGTH})"
        )
    body_blocks = blocks[1:]
    if not lead_lines:
        if not body_blocks:
            raise ParseError("no lead: the file contains only a headline")
        lead_lines, *body_blocks = body_blocks
    if not body_blocks:
        raise ParseError("no body: the file has a headline and a lead but no body paragraphs")
    paragraphs, authors, credits = split_bylines(" ".join(block) for block in body_blocks)
    return ParsedArticle(
        title=title,
        lead=" ".join(lead_lines),
        paragraphs=paragraphs,
        source=source,
        encoding=encoding,
        authors=authors,
        credit=join_credits(credits),
    )


def parse_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    if len(data) > max_bytes:
        raise ParseError(f"file is too large: {len(data)} bytes (the limit is {max_bytes} bytes)")
    text, encoding = decode(data)
    return parse_text(text, encoding=encoding)


def _footer_source(line: str) -> str | None:
    for source, pattern in FOOTER_PATTERNS:
        if pattern.fullmatch(line):
            return source
    return None


def _strip_footer(lines: list[str]) -> tuple[list[str], str]:
    # The footer is the longest run of boilerplate lines (blank lines aside) ending the text;
    # a boilerplate-looking line followed by real text is kept.
    cut, source = len(lines), ""
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index]:
            continue
        line_source = _footer_source(lines[index])
        if line_source is None:
            break
        cut, source = index, line_source
    return lines[:cut], source


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


# --- Natural keys ---------------------------------------------------------------------

# Up to 31 hex digits, so a file's own id can never equal a 32-digit content id.
_SOURCE_FILENAME = re.compile(r"[0-9]+_([0-9a-fA-F]{1,31})\.txt", re.IGNORECASE)


def source_id_from_filename(name: str) -> str | None:
    basename = re.split(r"[\\/]", name)[-1]
    match = _SOURCE_FILENAME.fullmatch(basename)
    return match.group(1).lower() if match else None


def content_source_id(article: ParsedArticle) -> str:
    payload = json.dumps(["source-id", article.title, article.lead, article.body])
    return hashlib.sha256(payload.encode("ascii")).hexdigest()[:32]
