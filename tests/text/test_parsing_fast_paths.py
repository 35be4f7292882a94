"""The parser's fast paths give what the plain definitions they replace give.

Each reference below is the regular-expression version the parser used before
(str methods and bytes.translate() do the same work in a fraction of the time).
The characters drawn are the ones where they could part: every kind of whitespace
and line break, the invisible characters, the control characters, and letters.
"""

import re

from hypothesis import given
from hypothesis import strategies as st

from articles.text import parsing

LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029\x85]")
INLINE_WHITESPACE = re.compile(r"[^\S\n]+")
WHITESPACE = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
CONTROLS = "".join(map(chr, range(0x20))) + "\x7f\x85\x98"
INVISIBLE = "\u00ad\u200b\u200f\u202a\u2060\u2064\ufeff\x9f"
CHARACTERS = st.sampled_from(WHITESPACE + CONTROLS + INVISIBLE + "аБz9&;.")
TEXTS = st.text(CHARACTERS, max_size=40)


def reference_normalise_whitespace(text):
    lines = LINE_BREAK.sub("\n", text).split("\n")
    return "\n".join(INLINE_WHITESPACE.sub(" ", line).strip() for line in lines)


def reference_is_blank(text):
    return not parsing._drop_invisible(text).strip()


def decoding_error(data):
    try:
        parsing.decode(data)
    except parsing.ParseError as error:
        return str(error)
    return None


def reference_decoding_error(data):
    # decode() before: the control bytes counted in the Latin-1 reading of the file.
    data = bytes(data)
    if data and not parsing._bom_encoding(data) and b"\x00" not in data:
        try:
            parsing._reject_binary(data.decode("latin-1"))
        except parsing.ParseError as error:
            return str(error)
    return decoding_error(data)


def test_whitespace_drawn_is_every_character_python_counts_as_whitespace():
    assert len(WHITESPACE) == 29
    assert {"\n", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2028", "\u3000"} < set(WHITESPACE)


@given(TEXTS)
def test_whitespace_is_normalised_as_by_the_regular_expressions(text):
    assert parsing._normalise_whitespace(text) == reference_normalise_whitespace(text)


def test_each_kind_of_line_break_is_one_line_break():
    text = "a\r\nb\rc\u2028d\u2029e\x85f\r\r\ng\n\rh"

    assert parsing._normalise_whitespace(text) == "a\nb\nc\nd\ne\nf\n\ng\n\nh"


def test_other_whitespace_inside_a_line_is_one_space_and_none_at_its_ends():
    text = " \tодин\xa0\x0b два\u3000\x1c \n\x0c три  "

    assert parsing._normalise_whitespace(text) == "один два\nтри"


@given(TEXTS)
def test_blank_is_only_whitespace_and_invisible_characters(text):
    assert parsing._is_blank(text) is reference_is_blank(text)


@given(st.binary(max_size=60) | TEXTS.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_control_bytes_are_counted_as_in_the_latin_1_reading(data):
    assert decoding_error(data) == reference_decoding_error(data)


def test_a_file_of_control_bytes_is_binary():
    data = b"\x01\x02" + b"a" * 198 + b"\x03"

    assert decoding_error(data) == "binary file: 3 control characters in 201 characters"
    assert decoding_error(data[:-1]) is None
