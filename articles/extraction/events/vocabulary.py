"""The words and patterns the event rules read: event nouns, verbs, prepositions, endings."""

import re

from articles.extraction.types import DatePrecision

EVENT_NOUNS = frozenset(
    {
        "встреча",
        "саммит",
        "заседание",
        "форум",
        "конференция",
        "визит",
        "переговоры",
        "совещание",
        "съезд",
        "выборы",
        "сессия",
        "фестиваль",
        "выставка",
        "конгресс",
        "симпозиум",
        "пленум",
        "референдум",
        "чемпионат",
        "олимпиада",
        "турнир",
        "конкурс",
        "ярмарка",
        "церемония",
        "парад",
    }
)

# Kinds that, held by the heads of state of an organization, are its summit.
_SUMMIT_KINDS = frozenset({"саммит", "заседание", "встреча", "совещание"})
_HEADS_OF_STATE = re.compile(r"^совет\w*\s+глав\s+государств", re.IGNORECASE)
# Whose heads gather: a "встреча глав правительств" is a session of the "межправительственный
# совет" those heads form, as a "заседание Совета глав государств" is a summit.
_HEADS = re.compile(
    r"(?:^|совет\w*\s+)глав\w*\s+(государств|правительств)"
    r"|меж(государств|правительств)енн\w*\s+совет",
    re.IGNORECASE,
)

_CLAUSE_BOUNDARIES = frozenset({",", ";", ":", "(", ")", "—", "–", "-", "«", "»", "“", "”", '"'})
_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"'}
_MAX_TITLE_TOKENS = 12
# "прибывших в Астану на 12-ю Встречу": a place this many tokens before the event still
# belongs to it; further back it more likely belongs to the sentence's main verb.
_PLACE_WINDOW = 6
_IN = frozenset({"в", "во"})
_WITH = frozenset({"с", "со"})
_ABBREVIATION = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]+")
_ROMAN = re.compile(r"[IVXLC]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# "казахстанско-узбекский": only the last part declines.
_COMPOUND = re.compile(r"((?:[^\W\d_]+о-)+)([^\W\d_]+)")
_PLACE_ADJECTIVE_SUFFIX = re.compile(r"[а-яё]{0,3}(?:ск|цк)ий")
_BRACKETED_TAIL = re.compile(r"\s*\([^()]*\)$")
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
_PRECISION_RANK = {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}

# "следующая встреча" is another meeting than the one reported, of the same series.
_INSTANCES = frozenset({"следующий", "предыдущий", "прошлый"})
# Adjectives that say nothing about which visit it is.
_NOT_NAMING = frozenset({"очередной", "предстоящий", "нынешний", "недавний", "ближайший"})
# "с участием", "с целью": no party; "по итогам", "по словам": no topic.
_NOT_PARTNERS = frozenset({"участие", "цель", "помощь", "учёт", "учет"})
_NOT_TOPICS = frozenset(
    {"итог", "слово", "данные", "мнение", "повод", "приглашение", "инициатива", "линия"}
    | {"случай", "причина", "просьба", "территория", "телефон"}
)
_HOLD_VERBS = frozenset({"провести", "проводить"})
_MEET_VERBS = frozenset({"встретиться", "встречаться"})
# "на полях встречи", "в ходе визита": an event held within another one.
_WITHIN = frozenset({("на", "полях"), ("в", "ходе"), ("в", "рамках"), ("во", "время")})
