"""Word forms for search: the one definition of which forms a word is found by.

Pure Python, no database and no NLP models, so the web process can stem a query
and the stored text stays the same whatever the database. Article.save() and
fill_derived_fields() (bulk_create's callers) store document()'s forms of the
title, lead and body, and only they do: SQLite searches those columns and
PostgreSQL builds its search vectors from them (migration 0008), so a text changed
with QuerySet.update() or bulk_update() is not found by its new words anywhere.
The stemmers are the Snowball ones PostgreSQL's "russian" configuration uses.
"""

import re
import threading
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import snowballstemmer

# Letters and digits; PostgreSQL's parser also splits words on "_" and "-".
WORD = re.compile(r"[^\W_]+")

# PostgreSQL's russian.stop and english.stop (the Snowball lists, which write
# е for ё as everything here does). A stop word in a query would otherwise have to
# appear in the text on SQLite, while PostgreSQL drops it.
_RUSSIAN_STOP_LIST = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
    для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того
    потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем
    всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
    всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том
    нельзя такой им более всегда конечно всю между
"""
_ENGLISH_STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
RUSSIAN_STOP_WORDS = frozenset(_RUSSIAN_STOP_LIST.split())
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_LIST.split())

# A Russian word's final vowel after four letters.
FINAL_VOWEL = re.compile(r"(?<=[а-я]{4})[аеиоуыэюя]$")
# PostgreSQL's limit on a word of a tsvector (in UTF-8); its own parser skips
# longer words, and a vector built from stored forms must not hold one.
MAX_WORD_BYTES = 2047

# Snowball stemmers keep the word being stemmed in the object: one per thread.
_stemmers = threading.local()


def normalize(text):
    return text.casefold().replace("ё", "е")


def words(text):
    """The normalized words of `text`, in order."""
    return WORD.findall(normalize(text))


def _stem(language, word):
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(language)
        setattr(_stemmers, language, stemmer)
    return stemmer.stemWord(word)


@lru_cache(maxsize=100_000)
def forms(word):
    """The forms a normalized word is found by; none for a stop word or a word
    longer than MAX_WORD_BYTES (as PostgreSQL's parser skips it).

    As in PostgreSQL: ASCII words are English, other words Russian, words with
    digits are kept as they are. Two forms make up for where the stemmer
    parts a word's cases, so that a word is found when any form of one case
    is a form of the other:
    - the word as written: the stemmer cuts "-ев", "-ов", "-ин" off a surname
      only in the nominative ("назарбаев" → "назарба", "назарбаева" → "назарбаев");
    - without its final vowel, for Russian words of five letters or
      more: "-на" reads as a verb ending in the nominative only ("астана" →
      "аста", "астане" → "астан").
    """
    # (Up to four bytes a character: most words need no encoding to tell.)
    if len(word) * 4 > MAX_WORD_BYTES and len(word.encode()) > MAX_WORD_BYTES:
        return ()
    if word.isascii() and word.isalpha():
        if word in ENGLISH_STOP_WORDS:
            return ()
        found = [word, _stem("english", word)]
    elif word.isalpha():
        if word in RUSSIAN_STOP_WORDS:
            return ()
        found = [word, _stem("russian", word)]
        if FINAL_VOWEL.search(word):
            found.append(word[:-1])
    else:
        found = [word]
    return tuple(dict.fromkeys(found))


def document(text):
    """The forms of every word of `text`, each once, space-delimited on both sides.

    A form is then found with a plain substring test for " form ".
    """
    found = dict.fromkeys(chain.from_iterable(map(forms, words(text))))
    return f" {' '.join(found)} " if found else ""


class Term(NamedTuple):
    word: str
    forms: frozenset


def query(text):
    """The query's words, stop words left out; a text matches when it has a form of each."""
    terms = {}
    for word in words(text):
        word_forms = frozenset(forms(word))
        if word_forms:
            terms.setdefault(word_forms, Term(word, word_forms))
    return list(terms.values())
