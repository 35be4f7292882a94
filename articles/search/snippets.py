"""Marked titles and snippets of search results: the query's words in <mark>, escaped.

Done in Python on the text as shown, the same on every database.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.text import stemming

SNIPPET_WORDS = 30
# Words shown before the first match, so that a snippet does not start on it.
SNIPPET_LEAD_IN = 4


def highlight(text, text_query):
    """`text`, escaped, with the words that match the query in <mark>."""
    return _html(text, _marked_words(text, stemming.query(text_query)))


def snippet(article, text_query):
    """Some thirty words of the lead and body around the most matches, marked, escaped."""
    text = " ".join([article.lead, *article.paragraphs()])
    marked = _marked_words(text, stemming.query(text_query))
    if not marked:
        return escape(text)
    starts = {max(0, i - SNIPPET_LEAD_IN) for i, (*_, matched) in enumerate(marked) if matched}
    first = max(
        starts or {0},
        key=lambda i: (sum(m for *_, m in marked[i : i + SNIPPET_WORDS]), -i),
    )
    last = min(first + SNIPPET_WORDS, len(marked)) - 1
    # Cut at spaces, keeping the punctuation around the first and last words.
    start, end = marked[first][0], marked[last][1]
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    before = "… " if text[:start].strip() else ""
    after = " …" if text[end:].strip() else ""
    return mark_safe(before + _html(text, marked, start, end) + after)


def _marked_words(text, terms):
    """`text`'s words as (start, end, matched) in order."""
    wanted = frozenset().union(*(term.forms for term in terms))
    initials = {form[0] for form in wanted}
    found = []
    for match in stemming.WORD.finditer(text):
        word = stemming.normalize(match.group())
        # A word's stem starts as the word does: most words need no stemming here.
        matched = word[0] in initials and not wanted.isdisjoint(stemming.forms(word))
        found.append((match.start(), match.end(), matched))
    return found


def _html(text, marked, start=0, end=None):
    end = len(text) if end is None else end
    parts = []
    position = start
    for word_start, word_end, matched in marked:
        if not matched or word_start < start or word_end > end:
            continue
        parts += [
            escape(text[position:word_start]),
            "<mark>",
            escape(text[word_start:word_end]),
            "</mark>",
        ]
        position = word_end
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))
