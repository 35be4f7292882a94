"""Which tokens of a text belong to which organization, place or person."""

import bisect

from articles.extraction.ner import ORG
from articles.text import morph

from .units import COMMA, DASH, ENTITY, WORD, Unit
from .vocabulary import _DASHES, _MAX_QUOTED, _WORD, _word_facts


class _Index:
    # Which tokens belong to which organization, place or person, for one text.
    def __init__(self, tokens, entities, persons):
        self.tokens = tokens
        self.starts = [token.start for token in tokens]
        self.entity = [None] * len(tokens)
        self.person = [None] * len(tokens)
        for number, span in enumerate(entities):
            for i in self._covered(span.start, span.end):
                self.entity[i] = (number, span.label)
        for number, (start, end) in enumerate(persons):
            for i in self._covered(start, end):
                self.person[i] = number

    def _covered(self, start, end):
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.tokens) and self.tokens[i].start < end:
            yield i
            i += 1

    def token_range(self, start, end):
        covered = list(self._covered(start, end))
        return (covered[0], covered[-1]) if covered else (None, None)

    def same_sentence(self, i, j):
        return 0 <= j < len(self.tokens) and self.tokens[i].sentence == self.tokens[j].sentence

    def in_chain(self, i):
        token = self.tokens[i]
        if self.person[i] is not None:
            return False
        if self.entity[i] is not None or _WORD.fullmatch(token.text) or token.text in _DASHES:
            return True
        if token.text == ",":
            return self._between_genitives(i)
        return self._bracketed_abbreviation(i) is not None or self._quoted(i) is not None

    def _between_genitives(self, i):
        # "министра инвестиций, промышленности и торговли": a comma inside one dependent.
        return all(
            self.same_sentence(i, j)
            and self.entity[j] is None
            and self.person[j] is None
            and _word_facts(self.tokens[j].text.lower())[2]
            for j in (i - 1, i + 1)
        )

    def _quoted(self, i):
        # «Нур Отан»: the (first, last) token indices of a short quoted name around i.
        text = self.tokens[i].text
        if text == "«":
            step, other = 1, "»"
        elif text == "»":
            step, other = -1, "«"
        else:
            return None
        for j in range(i + step, i + step * _MAX_QUOTED, step):
            if not self.same_sentence(i, j) or self.person[j] is not None:
                return None
            if self.tokens[j].text == other:
                return (min(i, j), max(i, j)) if abs(i - j) > 1 else None
        return None

    def _bracketed_abbreviation(self, i):
        # "(ШОС)" after a name: the start index of the three tokens, or None.
        for first in (i, i - 1, i - 2):
            if first >= 0 and first + 2 < len(self.tokens):
                a, b, c = self.tokens[first : first + 3]
                if a.text == "(" and c.text == ")" and morph.is_abbreviation(b.text):
                    return first
        return None

    def units(self, lo, hi) -> list[Unit]:
        found = []
        i = lo
        while i < hi:
            token = self.tokens[i]
            if self.entity[i] is not None:
                j = i
                while j < hi and self.entity[j] == self.entity[i]:
                    j += 1
                end = self.tokens[j - 1].end
                found.append(Unit(ENTITY, token.start, end, "", self.entity[i][1]))
                i = j
                continue
            if token.text == "(" and self._bracketed_abbreviation(i) == i and i + 2 < hi:
                end = self.tokens[i + 2].end
                found.append(Unit(ENTITY, token.start, end, "", "ABBR"))
                i += 3
                continue
            quoted = self._quoted(i)
            if quoted and quoted[0] == i and quoted[1] < hi:
                end = self.tokens[quoted[1]].end
                found.append(Unit(ENTITY, token.start, end, "", ORG))
                i = quoted[1] + 1
                continue
            if token.text in _DASHES:
                found.append(Unit(DASH, token.start, token.end, token.text))
            elif token.text == ",":
                found.append(Unit(COMMA, token.start, token.end, token.text))
            elif morph.is_abbreviation(token.text) or not morph.is_cyrillic(token.text):
                found.append(Unit(ENTITY, token.start, token.end, token.text, "ABBR"))
            else:
                found.append(Unit(WORD, token.start, token.end, token.text))
            i += 1
        return found
