"""search._marked_words() marks what its plain definition marks.

The reference is the word-by-word loop it replaced (re.split, accumulate and
map do the same work in C). The characters drawn are the ones where the two
could part: letters that normalize into several ("ß", "İ") or into another
("Ё"), marks, digits, "_" and "-", spaces.
"""

from hypothesis import given
from hypothesis import strategies as st

from articles import search, stemming

CHARACTERS = st.sampled_from("саммитеСАММИТЁёеßİIi\u0301_-9 .ﬁ")
TEXTS = st.text(CHARACTERS, max_size=60)
QUERIES = st.sampled_from(["саммите", "Саммит ёж", "ss ﬁ", "i̇ 9", "се", "ёё"])


def reference_marked_words(text, terms):
    wanted = frozenset().union(*(term.forms for term in terms))
    found = []
    for match in stemming.WORD.finditer(text):
        word = stemming.normalize(match.group())
        found.append((match.start(), match.end(), not wanted.isdisjoint(stemming.forms(word))))
    return found


@given(TEXTS, QUERIES)
def test_words_are_marked_as_by_the_word_by_word_loop(text, query):
    terms = stemming.query(query)
    assert search._marked_words(text, terms) == reference_marked_words(text, terms)


def test_a_word_that_normalizes_longer_keeps_the_positions_as_written():
    terms = stemming.query("саммит")
    text = "Straße: саммит"
    assert search._marked_words(text, terms) == [(0, 6, False), (8, 14, True)]
