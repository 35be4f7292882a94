"""Named events (summits, meetings, forums, visits...) in a Russian news article.

An event noun only names an event together with a complement that says which one: a
genitive chain ("Встреча секретарей советов безопасности"), an organization ("саммит ШОС"),
a title in quotes ("форум «Астана Финанс Дейс»"), capitalised adjectives inside the
sentence ("Международный энергетический форум") or a compound of two countries
("казахстанско-узбекский бизнес-форум"), a topic ("конференция по транспортной
взаимосвязанности"), or the parties ("переговоры Жаксылыкова с руководством АБР", from
"Жаксылыков провел переговоры с руководством АБР"). A visit is named by who visits and
where: "прибыл с рабочим визитом в Москву" is the "Рабочий визит Ерлана Байжанова в Москву".
A verb alone ("встретился с ...") names a meeting only between two named parties at a stated
place or date.

A bare noun ("во встрече приняли участие") points back at an event already named, so it is
never a new one; as the subject of a sentence ("Заседание пройдет в Минске в июне") it gives
that event a place and a date. "Следующая встреча министров" is another instance of a
series the text names in full, and takes that name. Mentions of one event are merged: the
same name or complement, a summit and the session of its heads of state, a gathering of
heads of government and the session of their council, and a restatement without a place or
a date of its own ("встречи министров финансов региона").
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from razdel import sentenize, tokenize

from articles.extraction import morph
from articles.extraction.dates import DateMention, find_dates
from articles.extraction.types import DatePrecision, Document, EntityMention, EventMention, Span

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
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_SURNAME_GENITIVES = {
    "masc": (
        *(("ский", "ского"), ("цкий", "цкого"), ("ов", "ова"), ("ев", "ева")),
        *(("ёв", "ёва"), ("ин", "ина"), ("ын", "ына")),
    ),
    "femn": (
        *(("ская", "ской"), ("цкая", "цкой"), ("ова", "овой"), ("ева", "евой")),
        *(("ина", "иной"), ("ына", "ыной")),
    ),
}
_FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    text: str
    dates: tuple[DateMention, ...]
    organizations: tuple[tuple[Span, EntityMention], ...]
    places: tuple[tuple[Span, EntityMention], ...]
    place_entities: tuple[EntityMention, ...]
    organization_entities: tuple[EntityMention, ...]


@dataclass(frozen=True)
class _Part:
    after: int  # index of the first token after it (and after a bracketed alias)
    start: int  # character where it starts
    end: int  # character where its name ends
    through: int  # character where it ends, a bracketed alias included
    organization: EntityMention | None = None
    short: str = ""  # the abbreviation a name writes instead: "МВФ"
    strong: bool = False  # an organization, a title or a proper noun
    word: bool = False  # a lowercase genitive, which may turn out to be a subject


@dataclass(frozen=True)
class _Partner:
    end: int  # index of the first token after it
    written: str  # with its preposition: "с руководством АБР"
    named: bool  # a person or an organization, not just "с представителями бизнеса"


@dataclass(frozen=True)
class _Complement:
    end: int  # index of the first token after it
    name_end: int  # character where its name ends (a parenthesised "(ШОС)" does not count)
    organization: EntityMention | None
    only_organization: bool  # the complement is one organization and nothing else
    strong: bool  # names an organization, a title or a proper noun
    parts: tuple[_Part, ...] = ()
    weak: bool = False  # says too little to name an event on its own
    partner: _Partner | None = None

    @property
    def last(self) -> int:
        return self.partner.end if self.partner else self.end


@dataclass(frozen=True)
class _Reading:
    """What one rule read: the tokens the name covers and the name it gives."""

    first: int
    last: int  # index after the last token of the name
    head: str  # the name up to its noun: "Рабочий визит"
    complement: str  # the rest of the name, as written: "Ерлана Байжанова в Москву"
    kind: str
    name: str = ""  # when it is not head and complement: "Саммит ШОС"
    aliases: tuple[str, ...] = ()
    organization: EntityMention | None = None
    strong: bool = True
    place: str = ""  # when the name itself says it: "Астанинский", "в Москву"
    summit: bool = False
    instance: bool = False
    locative: bool = False  # only a place where something is ("в Астане") counts
    span: tuple[int, int] | None = None  # the tokens of the mention, when more than the name


@dataclass(frozen=True)
class _Found:
    name: str
    kind: str
    aliases: tuple[str, ...]
    place: str
    organization: str
    when: DateMention | None
    span: Span
    summit: bool
    confidence: float
    head: str = ""
    complement: str = ""
    instance: bool = False  # "следующая встреча": not the series' reported meeting
    heads: str = ""  # "правительств": a gathering of heads of government
    within: str = ""  # the kind of event it is held within ("на полях встречи")


# --- Morphology -----------------------------------------------------------------------


def _kind_of(parse) -> str:
    # "бизнес-форум" is a forum.
    return parse.normal_form.rpartition("-")[2]


def _event_parses(token: _Token) -> list:
    if not _WORD.fullmatch(token.text):
        return []
    return [
        parse
        for parse in morph.parses(token.text)
        if parse.tag.POS == "NOUN" and _kind_of(parse) in EVENT_NOUNS
    ]


def _verb(token: _Token):
    if not _WORD.fullmatch(token.text):
        return None
    parse = morph.parses(token.text)[0]
    return parse if parse.tag.POS == "VERB" else None


def _is_genitive(token: _Token) -> bool:
    if not _WORD.fullmatch(token.text):
        return False
    parses = morph.parses(token.text)
    # "в" is also an abbreviated noun to pymorphy; its usual reading decides.
    if parses[0].tag.POS in _FUNCTION_WORDS:
        return False
    return any(
        parse.tag.POS in {"NOUN", "ADJF"} and "gent" in parse.tag and "Apro" not in parse.tag
        for parse in parses
    )


def _is_genitive_surname(token: _Token) -> bool:
    # Read as a surname: "встречи А. Жаксылыков провел" is no meeting of Жаксылыков's.
    return _WORD.fullmatch(token.text) is not None and any(
        {"Surn", "gent", "sing"} <= parse.tag.grammemes for parse in morph.parses(token.text)
    )


def _in_case(token: _Token, case: str):
    if not _WORD.fullmatch(token.text):
        return None
    return next(
        (
            parse
            for parse in morph.parses(token.text)
            if parse.tag.POS in {"NOUN", "ADJF"} and case in parse.tag and "Apro" not in parse.tag
        ),
        None,
    )


def _agrees(tag, noun) -> bool:
    if tag.case != noun.tag.case or tag.number != noun.tag.number:
        return False
    return tag.number == "plur" or noun.tag.gender in {None, "GNdr", "ms-f", tag.gender}


def _compound(text: str) -> tuple[str, str]:
    # pymorphy3 guesses "казахстанско-российской" badly as a whole; its last part is a word.
    match = _COMPOUND.fullmatch(text)
    return (match[1], match[2]) if match else ("", text)


def _is_bilateral(token: _Token) -> bool:
    # "казахстанско-узбекский", "российско-китайские": the parties of the event.
    prefix, _ = _compound(token.text)
    return bool(prefix) and all(
        part.lower().endswith(("ско", "цко")) for part in prefix[:-1].split("-")
    )


def _agreeing_adjective(token: _Token, noun):
    # Ordinals and adjectives that agree with the noun in case and number belong to the
    # event's name ("12-ю Встречу", "Астанинском саммите"); participles do not.
    if _ROMAN.fullmatch(token.text):
        return token.text
    _, declined = _compound(token.text)
    for parse in morph.parses(declined):
        if parse.tag.POS == "ADJF" and "Apro" not in parse.tag and _agrees(parse.tag, noun):
            return parse
    return None


def _with_case_of(word: str, original: str) -> str:
    return morph.capitalised(word) if morph.is_capitalised(original) else word


def _nominative(token: _Token, parse, noun) -> str:
    if isinstance(parse, str):  # a Roman numeral
        return parse
    if "Anum" in parse.tag and "-" in token.text:
        return token.text.split("-", 1)[0] + "-" + _ordinal_ending(noun)
    prefix, _ = _compound(token.text)
    inflected = morph.inflect(parse, "nomn")
    if inflected is None:
        return token.text
    return prefix + inflected if prefix else _with_case_of(inflected, token.text)


def _ordinal_ending(noun) -> str:
    if noun.tag.number == "plur":
        return "е"
    return {"femn": "я", "neut": "е"}.get(noun.tag.gender, "й")


def _accusative(name: str) -> str:
    # "визит в Москву": where a visit goes is named in the accusative.
    return " ".join(_word_accusative(word) for word in name.split())


def _word_accusative(word: str) -> str:
    if not _WORD.fullmatch(word):
        return word
    for parse in morph.parses(word):
        if parse.tag.POS in {"NOUN", "ADJF"} and "nomn" in parse.tag:
            inflected = morph.inflect(parse, "accs")
            return morph.as_written(word, inflected) if inflected else word
    return word


# --- Persons, without the person finder -----------------------------------------------


def _is_initial(tokens, index) -> bool:
    return (
        0 <= index < len(tokens) - 1
        and len(tokens[index].text) == 1
        and tokens[index].text.isupper()
        and tokens[index + 1].text == "."
    )


def _is_capital_word(token: _Token, context) -> bool:
    text = token.text
    if not (_WORD.fullmatch(text) and text[:1].isupper()) or _ABBREVIATION.fullmatch(text):
        return False
    return not _covered(token, (span for span, _ in (*context.places, *context.organizations)))


def _has_tag(word: str, tags: frozenset) -> bool:
    return bool(_WORD.fullmatch(word)) and any(tags & p.tag.grammemes for p in morph.parses(word))


def _in_name(tokens, index: int, context) -> bool:
    # A first name, a surname or no dictionary word at all ("Жаксылыков"), or any capitalised
    # word after a first name or an initial ("Павлом Зоринским"); never a place or an
    # organization.
    token = tokens[index]
    if not _is_capital_word(token, context):
        return False
    if _has_tag(token.text, _PERSON_TAGS) or not morph.is_known(token.text):
        return True
    return index > 0 and (
        _is_initial(tokens, index - 2) or _has_tag(tokens[index - 1].text, frozenset({"Name"}))
    )


def _name_start(tokens, end: int, context) -> int:
    """Where a person's name ending just before `end` starts; `end` when there is none."""
    start = end
    while True:
        if _is_initial(tokens, start - 2):
            start -= 2
        elif start > 0 and _in_name(tokens, start - 1, context):
            start -= 1
        else:
            break
    return start if start < end and _in_name(tokens, end - 1, context) else end


def _name_end(tokens, start: int, context) -> int:
    """Where a person's name starting at `start` ends; `start` when there is none."""
    end = start
    while True:
        if _is_initial(tokens, end):
            end += 2
        elif end < len(tokens) and _in_name(tokens, end, context):
            end += 1
        else:
            break
    return end if end > start and _in_name(tokens, end - 1, context) else start


def _name_words(tokens) -> list[str]:
    words = []
    for position, token in enumerate(tokens):
        if token.text == "." and words and position and _is_initial(tokens, position - 1):
            words[-1] += "."
        else:
            words.append(token.text)
    return words


def _person_genitive(tokens, verb) -> str:
    # "Ерлан Байжанов прибыл" makes the "визит Ерлана Байжанова"; the verb tells the gender.
    *given, surname = _name_words(tokens)
    gender = _gender(given, surname, verb)
    words = [_given_genitive(word, gender) for word in given]
    return " ".join([*words, _surname_genitive(surname, gender)])


def _gender(given, surname: str, verb) -> str:
    if verb is not None and verb.tag.gender in {"masc", "femn"}:
        return verb.tag.gender
    for word in given:
        for parse in morph.parses(word) if _WORD.fullmatch(word) else ():
            if {"Name", "nomn"} <= parse.tag.grammemes and parse.tag.gender in {"masc", "femn"}:
                return parse.tag.gender
    return "femn" if _FEMININE_SURNAME.search(surname) else "masc"


def _given_genitive(word: str, gender: str) -> str:
    if word.endswith("."):
        return word
    for parse in morph.parses(word):
        grammemes = parse.tag.grammemes
        if {"Name", "nomn", "sing", gender} <= grammemes:
            inflected = morph.inflect(parse, "gent")
            if inflected:
                return morph.as_written(word, inflected)
    return _regular_genitive(word, gender)


def _surname_genitive(word: str, gender: str) -> str:
    for ending, genitive in _SURNAME_GENITIVES[gender]:
        if word.endswith(ending):
            return word[: -len(ending)] + genitive
    # A foreign woman's surname does not decline; a man's that ends in a consonant does.
    return _regular_genitive(word, gender) if gender == "masc" else word


def _regular_genitive(word: str, gender: str) -> str:
    if gender == "masc" and _CONSONANT_END.search(word):
        return word + "а"
    if gender == "masc" and word.endswith(("й", "ь")):
        return word[:-1] + "я"
    if gender == "femn" and word.endswith("а"):
        return word[:-1] + ("и" if word[-2:-1] in "гкхжшчщ" else "ы")
    if gender == "femn" and word.endswith("я"):
        return word[:-1] + "и"
    return word


# --- Text -----------------------------------------------------------------------------


def _sentences(text: str) -> Iterator[tuple[_Token, ...]]:
    # Paragraphs first: a title without a full stop must not run into the lead.
    offset = 0
    for paragraph in text.split("\n\n"):
        for sentence in sentenize(paragraph):
            start = offset + sentence.start
            yield tuple(
                _Token(token.text, start + token.start, start + token.stop)
                for token in tokenize(sentence.text)
            )
        offset += len(paragraph) + 2


def _spans_of(entities: Sequence[EntityMention]) -> tuple[tuple[Span, EntityMention], ...]:
    pairs = ((span, entity) for entity in entities for span in entity.spans)
    return tuple(sorted(pairs, key=lambda pair: (pair[0].start, -pair[0].end)))


def _covered(token: _Token, spans: Iterable[Span]) -> bool:
    return any(span.start <= token.start and token.end <= span.end for span in spans)


def _written(text: str, start: int, end: int, parts: Sequence[_Part]) -> str:
    # "Международного валютного фонда (МВФ)" is written "МВФ" inside a name.
    pieces, position = [], start
    for part in parts:
        if part.short and position <= part.start and part.through <= end:
            pieces += [text[position : part.start], part.short]
            position = part.through
    pieces.append(text[position:end])
    return _BRACKETED_TAIL.sub("", " ".join("".join(pieces).split()))


def _organization_at(tokens, index, context) -> tuple[EntityMention | None, int]:
    token = tokens[index]
    for span, entity in context.organizations:
        if span.start == token.start and span.end > span.start:
            return entity, _token_after(tokens, index, span.end)
    # Mentions the organization finder left without a span: a name, alias or written form
    # found as is.
    for entity in context.organization_entities:
        for written in sorted({entity.name, *entity.aliases, *entity.forms}, key=len, reverse=True):
            end = token.start + len(written)
            if written and context.text.startswith(written, token.start):
                after = _token_after(tokens, index, end)
                if tokens[after - 1].end == end:
                    return entity, after
    return None, index


def _token_after(tokens, index, end: int) -> int:
    while index < len(tokens) and tokens[index].start < end:
        index += 1
    return index


def _skip_parenthesised_alias(tokens, index, entity, context) -> int:
    # "Шанхайской организации сотрудничества (ШОС)": the bracket repeats the organization.
    if index + 2 >= len(tokens) or tokens[index].text != "(" or tokens[index + 2].text != ")":
        return index
    inner, _ = _organization_at(tokens, index + 1, context)
    return index + 3 if inner is entity else index


def _closing_quote(tokens, index) -> int | None:
    closing = _QUOTES[tokens[index].text]
    for end in range(index + 2, min(len(tokens), index + _MAX_TITLE_TOKENS)):
        if tokens[end].text == closing:
            return end
    return None


# --- One event mention ----------------------------------------------------------------


def _parts(tokens, index, context) -> list[_Part]:
    date_starts = {mention.span.start for mention in context.dates}
    parts: list[_Part] = []
    position = index
    while position < len(tokens) and tokens[position].start not in date_starts:
        read = _part_at(tokens, position, context)
        if read:
            parts.extend(read)
            position = read[-1].after
        elif parts and _joins_chain(tokens, position):
            position += 1
        else:
            break
    return _without_subject(tokens, parts)


def _part_at(tokens, position, context) -> list[_Part]:
    token = tokens[position]
    entity, after = _organization_at(tokens, position, context)
    if entity is not None:
        return [_organization_part(tokens, position, after, entity, context)]
    if token.text in _QUOTES and position + 1 < len(tokens):
        closing = _closing_quote(tokens, position)
        if closing is None or not tokens[position + 1].text[:1].isupper():
            return []
        end = tokens[closing].end
        return [_Part(closing + 1, token.start, end, end, strong=True)]
    # "Переговоры А. Жаксылыкова и Т. Осмонова"
    if _is_initial(tokens, position) and position + 2 < len(tokens):
        surname = tokens[position + 2]
        if _is_genitive_surname(surname):
            return [_Part(position + 3, token.start, surname.end, surname.end, strong=True)]
    if _ABBREVIATION.fullmatch(token.text) or _is_genitive(token):
        proper = token.text[:1].isupper()
        return [
            _Part(position + 1, token.start, token.end, token.end, strong=proper, word=not proper)
        ]
    if token.text.lower() == "по":
        return _topic(tokens, position)
    return []


def _organization_part(tokens, position, after, entity, context) -> _Part:
    following = _skip_parenthesised_alias(tokens, after, entity, context)
    start, end, through = tokens[position].start, tokens[after - 1].end, tokens[following - 1].end
    short = _abbreviation(entity) if "(" in context.text[start:through] else ""
    return _Part(following, start, end, through, entity, short, strong=True)


def _topic(tokens, position) -> list[_Part]:
    # "конференция по транспортной взаимосвязанности": what the event is about names it as
    # a genitive would.
    end = position + 1
    while end < len(tokens) and _in_case(tokens[end], "datv") is not None:
        end += 1
    nouns = [
        parse
        for parse in (_in_case(token, "datv") for token in tokens[position + 1 : end])
        if parse.tag.POS == "NOUN"
    ]
    if not nouns or nouns[0].normal_form in _NOT_TOPICS:
        return []
    return [
        _Part(index + 1, tokens[index].start, tokens[index].end, tokens[index].end, word=True)
        for index in range(position + 1, end)
    ]


def _joins_chain(tokens, position) -> bool:
    if position + 1 >= len(tokens) or position == 0:
        return False
    previous, token, following = tokens[position - 1], tokens[position], tokens[position + 1]
    if _is_initial(tokens, position + 1) and position + 3 < len(tokens):
        following = tokens[position + 3]  # "А. Жаксылыкова и Т. Осмонова"
    genitive = _is_genitive(following) or bool(_ABBREVIATION.fullmatch(following.text))
    # "министров иностранных дел России и Японии"
    if token.text == "и":
        return genitive
    # "министров энергетики Казахстана, Кыргызстана и Узбекистана": a list of proper names.
    if token.text == ",":
        return genitive and previous.text[:1].isupper() and following.text[:1].isupper()
    # "глав государств — членов ЕАЭС", the spaced spelling of "государств-членов".
    return (
        token.text in {"—", "–", "-"}
        and previous.text.lower() == "государств"
        and following.text.lower() in {"членов", "участников"}
    )


def _without_subject(tokens, parts: list[_Part]) -> list[_Part]:
    # "На переговорах министров иностранных дел стороны обсудят": a word that reads as
    # genitive or nominative, followed by a verb that agrees with it, is the subject.
    if not parts or not parts[-1].word or parts[-1].after >= len(tokens):
        return parts
    last, verb = tokens[parts[-1].after - 1], tokens[parts[-1].after]
    numbers = {p.tag.number for p in morph.parses(last.text) if "nomn" in p.tag}
    if any(p.tag.POS == "VERB" and p.tag.number in numbers for p in morph.parses(verb.text)):
        return parts[:-1]
    return parts


def _complement(tokens, index, context) -> _Complement:
    parts = _parts(tokens, index, context)
    if not parts:
        return _Complement(index, tokens[index - 1].end, None, False, False, weak=True)
    strong = any(part.strong for part in parts)
    organization = next((part.organization for part in parts if part.organization), None)
    only_organization = len(parts) == 1 and organization is not None
    return _Complement(
        parts[-1].after,
        parts[-1].end,
        organization,
        only_organization,
        strong,
        tuple(parts),
        # One lowercase genitive ("встреча министров") says too little to name an event.
        weak=not strong and len(parts) < 2,
    )


def _with_partner(tokens, complement: _Complement, context) -> _Complement:
    # "встреча Айдоса Жаксылыкова с делегацией Всемирного банка": the other party too.
    if not complement.strong or not complement.parts:
        return complement
    partner = _partner(tokens, complement.end, context)
    return replace(complement, partner=partner) if partner else complement


def _partner(tokens, index, context) -> _Partner | None:
    # "с Т. Осмоновым", "с Павлом Зоринским": a person.
    if index >= len(tokens) or tokens[index].text.lower() not in _WITH:
        return None
    end = _name_end(tokens, index + 1, context)
    if end == index + 1:
        return _partner_group(tokens, index, context)
    written = _written(context.text, tokens[index].start, tokens[end - 1].end, ())
    return _Partner(end, written, named=True)


def _partner_group(tokens, index, context) -> _Partner | None:
    # "с руководством Азиатского банка развития (АБР)", "с представителями бизнеса",
    # "с министром финансов Латвии Янисом Озолсом": whose, and maybe a name, make it named.
    heads = index + 1
    while heads < len(tokens) and _is_instrumental(tokens[heads]):
        heads += 1
    if heads == index + 1 or _is_instrumental(tokens[index + 1]).normal_form in _NOT_PARTNERS:
        return None
    parts = _parts(tokens, heads, context)
    chain_end = parts[-1].after if parts else heads
    end = _name_end(tokens, chain_end, context)
    named = end > chain_end or any(part.strong for part in parts)
    written = _written(context.text, tokens[index].start, tokens[end - 1].end, parts)
    return _Partner(end, written, named)


def _is_instrumental(token: _Token):
    return None if token.text[:1].isupper() else _in_case(token, "ablt")


def _modifiers(tokens, index, noun) -> list:
    found = []
    position = index - 1
    while position >= 0:
        parse = _agreeing_adjective(tokens[position], noun)
        if parse is None:
            break
        found.append((tokens[position], parse))
        position -= 1
    return found[::-1]


def _is_ordinal(parse) -> bool:
    return isinstance(parse, str) or "Anum" in parse.tag


def _is_instance(parse) -> bool:
    return not isinstance(parse, str) and parse.normal_form in _INSTANCES


def _name_modifiers(modifiers, sentence_start: int, context) -> list:
    # Only a run that starts at an ordinal, a proper adjective, a compound of two countries
    # or a "следующий" is part of a name: "очередной Астанинский саммит" is the
    # "Астанинский саммит".
    for position, (token, parse) in enumerate(modifiers):
        if _starts_name(token, parse, sentence_start, context):
            return modifiers[position:]
    return []


def _starts_name(token, parse, sentence_start: int, context) -> bool:
    if _is_ordinal(parse) or _is_instance(parse) or _is_bilateral(token):
        return True
    return token.text[:1].isupper() and (
        token.start != sentence_start or bool(_place_of_adjective(token, parse, context))
    )


def _place_of_adjective(token, parse, context) -> str:
    if isinstance(parse, str) or "-" in token.text or "-" in parse.normal_form:
        return ""
    lemma = parse.normal_form
    for entity in context.place_entities:
        for word in re.split(r"[\s-]+", entity.name.lower()):
            if _derives_from(lemma, word):
                return entity.name
    return ""


def _derives_from(adjective: str, place: str) -> bool:
    # Place adjectives are irregular (Москва: московский, Астана: астанинский): accept a
    # shared stem that differs from the place at most in its last letter, then a short
    # link and -ский/-цкий. "Казань" then does not claim "казахстанский".
    stem = place[:-1] if place[-1:] in "аяоеиыуюйь" else place
    common = 0
    while common < min(len(adjective), len(stem)) and adjective[common] == stem[common]:
        common += 1
    return common >= max(4, len(stem) - 1) and bool(
        _PLACE_ADJECTIVE_SUFFIX.fullmatch(adjective[common:])
    )


def _abbreviation(entity: EntityMention) -> str:
    names = [name for name in (*entity.aliases, entity.name) if _ABBREVIATION.fullmatch(name)]
    return min(names, key=len) if names else ""


def _organizer(entity: EntityMention, context) -> EntityMention:
    # "Совет глав государств-членов ШОС" is a body of the ШОС: its sessions are the ШОС's
    # summits, so they are attached to the ШОС and can merge with "саммит ШОС".
    if not _HEADS_OF_STATE.match(entity.name):
        return entity
    words = set(re.findall(r"\w+", entity.name))
    for other in context.organization_entities:
        if other is not entity and words & {other.name, *other.aliases}:
            return other
    return entity


def _heads(complement: str) -> str:
    match = _HEADS.search(complement)
    return (match[1] or match[2]).lower() if match else ""


# --- Who does it ----------------------------------------------------------------------


def _is_circumstance(tokens, index, context) -> bool:
    # A date or a place between a verb and its subject or object: "Байжанов 20 февраля
    # прибыл", "провел в Маниле переговоры". A place without "в" is none: in "Делегация
    # Монголии прибыла" it says whose.
    token = tokens[index]
    if _covered(token, (mention.span for mention in context.dates)):
        return True
    place = next((span for span, _ in context.places if _covered(token, (span,))), None)
    if place is not None:
        first = _token_after(tokens, 0, place.start)
        return first > 0 and tokens[first - 1].text.lower() in _IN
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    places = (span for span, _ in context.places)
    return token.text.lower() in _IN and following is not None and _covered(following, places)


def _skip_back(tokens, position: int, context) -> int:
    while position > 0 and _is_circumstance(tokens, position - 1, context):
        position -= 1
    return position


def _skip_forward(tokens, position: int, context) -> int:
    while position < len(tokens) and _is_circumstance(tokens, position, context):
        position += 1
    return position


def _subject(tokens, first: int, last: int, context) -> tuple[str, object] | None:
    """Who does what the verb next to tokens[first:last] says, in the genitive, and the verb.

    "Ерлан Байжанов прибыл с визитом", "с визитом находилась делегация Узбекистана".
    """
    before = _skip_back(tokens, first, context)
    verb = _verb(tokens[before - 1]) if before > 0 else None
    if verb is not None:
        agent = _agent_before(tokens, _skip_back(tokens, before - 1, context), verb, context)
        return (agent, verb) if agent else None
    after = _skip_forward(tokens, last, context)
    verb = _verb(tokens[after]) if after < len(tokens) else None
    if verb is None:
        return None
    agent = _agent_after(tokens, after + 1, verb, context)
    return (agent, verb) if agent else None


def _agent_before(tokens, end: int, verb, context) -> str:
    start = _name_start(tokens, end, context)
    if start < end:
        return _person_genitive(tokens[start:end], verb)
    # "Делегация Узбекистана прибыла"; the first head wins: "Министр энергетики Казахстана",
    # not "энергетики Казахстана".
    for head in range(_clause_start(tokens, end, context), end - 1):
        group = _group(tokens, head, context)
        if group and group[1] == end:
            return group[0]
    return ""


def _agent_after(tokens, start: int, verb, context) -> str:
    end = _name_end(tokens, start, context)
    if end > start:
        return _person_genitive(tokens[start:end], verb)
    group = _group(tokens, start, context) if start < len(tokens) else None
    return group[0] if group else ""


def _group(tokens, head: int, context) -> tuple[str, int] | None:
    # "делегация Узбекистана": a common noun in the nominative and a chain that says whose.
    token = tokens[head]
    if not _WORD.fullmatch(token.text) or _covered(token, (s for s, _ in context.places)):
        return None
    noun = next(
        (
            parse
            for parse in morph.parses(token.text)
            if parse.tag.POS == "NOUN"
            and "nomn" in parse.tag
            and not _PERSON_TAGS & parse.tag.grammemes
        ),
        None,
    )
    chain = _visitor_chain(tokens, head + 1, context) if noun is not None else None
    genitive = chain and morph.inflect(noun, "gent")
    if not genitive:
        return None
    return f"{genitive} {chain[0]}", chain[1]


def _visitor_chain(tokens, position: int, context) -> tuple[str, int] | None:
    parts = _parts(tokens, position, context) if position < len(tokens) else []
    if not parts or not (any(part.strong for part in parts) or len(parts) > 1):
        return None
    written = _written(context.text, tokens[position].start, parts[-1].through, parts)
    return written, parts[-1].after


def _destination(tokens, position: int, context) -> tuple[str, int]:
    if position + 1 < len(tokens) and tokens[position].text.lower() in _IN:
        for span, entity in context.places:
            if span.start == tokens[position + 1].start:
                return entity.name, _token_after(tokens, position + 1, span.end)
    return "", position


# --- Where and when -------------------------------------------------------------------


def _is_boundary(token: _Token, context) -> bool:
    # "3–4 июня": a dash inside a date does not end a clause.
    return token.text in _CLAUSE_BOUNDARIES and not _covered(
        token, (mention.span for mention in context.dates)
    )


def _clause_start(tokens, index, context) -> int:
    while index > 0 and not _is_boundary(tokens[index - 1], context):
        index -= 1
    return index


def _opens_relative_clause(token: _Token) -> bool:
    # ", который состоится в июне", ", запланированный на июнь": still about the event.
    return any(
        parse.normal_form == "который" or parse.tag.POS == "PRTF"
        for parse in morph.parses(token.text)
    )


def _clause_end(tokens, index, context) -> int:
    while index < len(tokens) and not _is_boundary(tokens[index], context):
        index += 1
    if (
        index + 1 < len(tokens)
        and tokens[index].text == ","
        and _opens_relative_clause(tokens[index + 1])
    ):
        return _clause_end(tokens, index + 1, context)
    return index


def _distance(span_start: int, span_end: int, phrase: Span) -> int:
    return phrase.start - span_end if span_end <= phrase.start else span_start - phrase.end


def _is_locative(span: Span) -> bool:
    # "в Минске" says where something is; "в Москву" where someone goes.
    words = re.findall(r"[^\W\d_]+", span.text)
    return bool(words) and any(
        "loct" in parse.tag or "Fixd" in parse.tag for parse in morph.parses(words[-1])
    )


def _place_nearby(tokens, first: int, last: int, phrase: Span, context, locative=False) -> str:
    start = max(_clause_start(tokens, first, context), first - _PLACE_WINDOW)
    end = _clause_end(tokens, last, context)
    low, high = tokens[start].start, tokens[end - 1].end if end > last else phrase.end
    # After "в"/"во" a place can only be accusative ("в Астану") or locative ("в Астане"),
    # so the preposition alone tells that the place is where the event is.
    after_preposition = {
        tokens[position + 1].start
        for position in range(len(tokens) - 1)
        if tokens[position].text.lower() in _IN
    }
    candidates = [
        (span, entity)
        for span, entity in context.places
        if low <= span.start
        and span.end <= high
        and (span.end <= phrase.start or span.start >= phrase.end)
        and span.start in after_preposition
        and (not locative or _is_locative(span))
    ]
    if not candidates:
        return ""
    _, nearest = min(candidates, key=lambda pair: _distance(pair[0].start, pair[0].end, phrase))
    return nearest.name


def _date_nearby(tokens, first: int, last: int, phrase: Span, context) -> DateMention | None:
    start, end = _clause_start(tokens, first, context), _clause_end(tokens, last, context)
    low, high = tokens[start].start, tokens[end - 1].end if end > last else phrase.end
    candidates = [
        mention
        for mention in context.dates
        if low <= mention.span.start
        and mention.span.end <= high
        and (mention.span.end <= phrase.start or mention.span.start >= phrase.end)
        and not mention.bound
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda m: _distance(m.span.start, m.span.end, phrase))


def _within(tokens, first: int) -> str:
    for position in range(first - 2):
        pair = (tokens[position].text.lower(), tokens[position + 1].text.lower())
        nouns = _event_parses(tokens[position + 2]) if pair in _WITHIN else []
        if nouns:
            return _kind_of(nouns[0])
    return ""


def _located(tokens, reading: _Reading, context) -> _Found:
    start, end = tokens[reading.first].start, tokens[reading.last - 1].end
    phrase = Span(start, end, context.text[start:end])
    place = reading.place or _place_nearby(
        tokens, reading.first, reading.last, phrase, context, reading.locative
    )
    when = _date_nearby(tokens, reading.first, reading.last, phrase, context)
    first, last = reading.span or (reading.first, reading.last)
    span_start, span_end = tokens[first].start, tokens[last - 1].end
    confidence = 0.5 + 0.15 * reading.strong + 0.1 * bool(place) + 0.1 * bool(when)
    name = reading.name or f"{reading.head} {reading.complement}".strip()
    return _Found(
        name=name,
        kind=reading.kind,
        aliases=reading.aliases,
        place=place,
        organization=reading.organization.name if reading.organization else "",
        when=when,
        span=Span(span_start, span_end, context.text[span_start:span_end]),
        summit=reading.summit,
        confidence=confidence,
        head=reading.head,
        complement=reading.complement,
        instance=reading.instance,
        heads=_heads(reading.complement) if reading.kind in _SUMMIT_KINDS else "",
        within=_within(tokens, reading.first),
    )


# --- Reading a sentence ---------------------------------------------------------------


def _names(noun_token, noun, named, complement, context) -> tuple[str, str, str, tuple]:
    """The name, its head up to the noun, its complement as written, and aliases."""
    words = [_nominative(token, parse, noun) for token, parse in named]
    noun_word = _nominative(noun_token, noun, noun)
    head = morph.capitalised(" ".join([*words, noun_word]))
    written = _complement_text(noun_token, complement, context)
    literal = f"{head} {written}".strip()
    abbreviation = _abbreviation(complement.organization) if complement.organization else ""
    if not (complement.only_organization and abbreviation and not complement.partner):
        return literal, head, written, ()
    # "саммита Шанхайской организации сотрудничества (ШОС)" is the "Саммит ШОС"; an
    # ordinal stays ("XII саммит БРИКС"), other adjectives ("Астанинский") do not.
    ordinals = [word for word, (_, parse) in zip(words, named, strict=True) if _is_ordinal(parse)]
    name = morph.capitalised(" ".join([*ordinals, noun_word, abbreviation]))
    return name, head, written, (literal,) if literal != name else ()


def _complement_text(noun_token, complement: _Complement, context) -> str:
    if complement.only_organization or not complement.parts:
        written = " ".join(context.text[noun_token.end : complement.name_end].split())
        written = _BRACKETED_TAIL.sub("", written)
    else:
        end = complement.parts[-1].through
        written = _written(context.text, noun_token.end, end, complement.parts)
    return f"{written} {complement.partner.written}" if complement.partner else written


def _is_summit(kind: str, complement_text: str) -> bool:
    return kind == "саммит" or (
        kind in _SUMMIT_KINDS and bool(_HEADS_OF_STATE.match(complement_text))
    )


def _title_only(tokens, index, named) -> _Complement | None:
    # "в Международном энергетическом форуме", "казахстанско-узбекский бизнес-форум": a
    # capital inside the sentence, or the parties, make the adjectives a title that names
    # the event without any complement.
    if any(
        (token.text[:1].isupper() and token.start != tokens[0].start) or _is_bilateral(token)
        for token, _ in named
    ):
        return _Complement(index + 1, tokens[index].end, None, False, True)
    return None


def _read_event(tokens, index, context) -> _Found | None:
    nouns = _event_parses(tokens[index])
    if not nouns:
        return None
    # Of the noun's readings ("встречи": genitive singular or nominative plural) take the
    # one its adjectives agree with.
    noun, modifiers = max(
        ((noun, _modifiers(tokens, index, noun)) for noun in nouns),
        key=lambda pair: len(pair[1]),
    )
    if _kind_of(noun) == "визит":
        visit = _read_visit(tokens, index, noun, modifiers, context)
        if visit is not None:
            return visit
    return _read_named(tokens, index, noun, modifiers, context) or _read_held(
        tokens, index, noun, modifiers, context
    )


def _read_named(tokens, index, noun, modifiers, context) -> _Found | None:
    named = _name_modifiers(modifiers, tokens[0].start, context)
    instance = any(_is_instance(parse) for _, parse in named)
    complement = _complement(tokens, index + 1, context)
    if complement.weak and not instance:
        complement = _title_only(tokens, index, named)
        if complement is None:
            return None
    complement = _with_partner(tokens, complement, context)
    name, head, written, aliases = _names(tokens[index], noun, named, complement, context)
    organization = complement.organization and _organizer(complement.organization, context)
    complement_text = context.text[tokens[index].end : complement.name_end].strip()
    adjective_places = (_place_of_adjective(token, parse, context) for token, parse in modifiers)
    reading = _Reading(
        first=index - len(modifiers),
        last=complement.last,
        head=head,
        complement=written,
        kind=_kind_of(noun),
        name=name,
        aliases=aliases,
        organization=organization,
        strong=complement.strong,
        place=next((place for place in adjective_places if place), ""),
        summit=bool(organization) and _is_summit(_kind_of(noun), complement_text),
        instance=instance,
    )
    found = _located(tokens, reading, context)
    # "Следующая встреча министров" is an event only where the text says where or when.
    if complement.weak and not (found.place or found.when):
        return None
    return found


def _read_visit(tokens, index, noun, modifiers, context) -> _Found | None:
    # "визит делегации Узбекистана в Астану", "визит в Казахстан делегации Министерства
    # коммерции КНР", "прибыл с рабочим визитом в Москву": who visits and where.
    first = index - len(modifiers)
    place, position = _destination(tokens, index + 1, context)
    chain = _visitor_chain(tokens, position, context)
    if chain is not None:
        visitor, last = chain
        if not place:
            place, last = _destination(tokens, last, context)
    elif first > 0 and tokens[first - 1].text.lower() in _WITH:
        agent = _subject(tokens, first - 1, index + 1, context)
        if agent is None:
            return None
        visitor, last = agent[0], position
    else:
        return None
    words = [_nominative(t, p, noun) for t, p in modifiers if _names_a_visit(p)]
    head = morph.capitalised(" ".join([*words, _nominative(tokens[index], noun, noun)]))
    reading = _Reading(first, last, head, visitor, "визит", place=place)
    found = _located(tokens, reading, context)
    destination = f"в {_accusative(found.place)}" if found.place else ""
    complement = f"{visitor} {destination}".strip()
    return replace(found, name=f"{head} {complement}", complement=complement)


def _names_a_visit(parse) -> bool:
    # "рабочий визит", "официальный визит" are kinds of visit; "очередной визит" is not.
    return isinstance(parse, str) or parse.normal_form not in _NOT_NAMING


def _read_held(tokens, index, noun, modifiers, context) -> _Found | None:
    # "Жаксылыков провел в Маниле переговоры с руководством АБР": the one who holds the
    # talks and the other party name them.
    first = index - len(modifiers)
    partner = _partner(tokens, index + 1, context)
    agent = _subject(tokens, first, index + 1, context) if partner else None
    if agent is None or agent[1].normal_form not in _HOLD_VERBS:
        return None
    named = _name_modifiers(modifiers, tokens[0].start, context)
    words = [_nominative(token, parse, noun) for token, parse in named]
    head = morph.capitalised(" ".join([*words, _nominative(tokens[index], noun, noun)]))
    complement = f"{agent[0]} {partner.written}"
    reading = _Reading(first, partner.end, head, complement, _kind_of(noun))
    return _located(tokens, reading, context)


def _read_meeting(tokens, index, context) -> _Found | None:
    # "Айдос Жаксылыков встретился в Астане с делегацией Всемирного банка": a verb alone
    # names a meeting only between two named parties, at a place or on a date it states.
    verb = _verb(tokens[index])
    if verb is None or verb.normal_form not in _MEET_VERBS:
        return None
    end = _skip_back(tokens, index, context)
    start = _name_start(tokens, end, context)
    partner = _partner(tokens, _skip_forward(tokens, index + 1, context), context)
    if start == end or partner is None or not partner.named:
        return None
    complement = f"{_person_genitive(tokens[start:end], verb)} {partner.written}"
    # The place and the date are looked for around the verb: "Ветрова 5 мая встретилась".
    reading = _Reading(
        index, index + 1, "Встреча", complement, "встреча", locative=True, span=(start, partner.end)
    )
    found = _located(tokens, reading, context)
    return found if found.place or found.when else None


def _read_reference(tokens, context, earlier: Sequence[_Found]) -> _Found | None:
    # "Заседание пройдет в Минске в июне текущего года": the bare subject of a sentence is
    # the event last named with that noun, and the sentence says where and when it is.
    if len(tokens) < 2 or _verb(tokens[1]) is None:
        return None
    nouns = [parse for parse in _event_parses(tokens[0]) if "nomn" in parse.tag]
    kinds = {_kind_of(parse) for parse in nouns}
    referent = next((f for f in reversed(earlier) if f.kind in kinds and not f.instance), None)
    if referent is None:
        return None
    phrase = Span(tokens[0].start, tokens[0].end, tokens[0].text)
    place = _place_nearby(tokens, 0, 1, phrase, context, locative=True)
    when = _date_nearby(tokens, 0, 1, phrase, context)
    if not (place or when) or (referent.place and place and referent.place != place):
        return None
    if referent.when and when and not _dates_agree(referent.when, when):
        return None
    return replace(referent, place=place, when=when, span=phrase, within="")


def _read_sentence(tokens, context, earlier: Sequence[_Found]) -> list[_Found]:
    reference = _read_reference(tokens, context, earlier)
    found = [reference] if reference else []
    for index in range(len(tokens)):
        event = _read_event(tokens, index, context) or _read_meeting(tokens, index, context)
        if event is not None:
            found.append(event)
    return found


# --- One event named twice ------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def _period(mention: DateMention) -> tuple[date, date]:
    last = mention.end or mention.start
    if mention.precision == DatePrecision.DAY:
        return mention.start, last + timedelta(days=1)
    if mention.precision == DatePrecision.MONTH:
        index = last.year * 12 + last.month
        return mention.start, date(index // 12, index % 12 + 1, 1)
    return mention.start, date(last.year + 1, 1, 1)


def _dates_agree(first: DateMention | None, second: DateMention | None) -> bool:
    if first is None or second is None:
        return True
    (start, end), (other_start, other_end) = _period(first), _period(second)
    return start < other_end and other_start < end


def _same_name(first: _Found, second: _Found) -> bool:
    # The next meeting of a series is never the one the text reports.
    if first.kind != second.kind or first.instance != second.instance:
        return False
    # "Переговоры министров" again after "Переговоры министров ... России и Японии".
    shorter, longer = sorted((first.name.lower().split(), second.name.lower().split()), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    # "Визит делегации КНР в Казахстан" and "Официальный визит делегации КНР в Казахстан".
    return bool(first.complement) and _words(first.complement) == _words(second.complement)


def _same_gathering(member: _Found, found: _Found) -> bool:
    # "встреча глав правительств ... в Минске" is the session of the "межправительственный
    # совет" in Минске: the same heads at the same place.
    return bool(found.heads and found.place) and (member.heads, member.place) == (
        found.heads,
        found.place,
    )


def _same_event(group: list[_Found], found: _Found) -> bool:
    if any(member.place and found.place and member.place != found.place for member in group):
        return False
    if not all(_dates_agree(member.when, found.when) for member in group):
        return False
    if any(_same_gathering(member, found) for member in group):
        return True
    if found.organization != group[0].organization:
        return False
    return any((member.summit and found.summit) or _same_name(member, found) for member in group)


def _restates(group: list[_Found], target: list[_Found]) -> bool:
    # "встречи министров финансов региона", with no place or date of its own, is the
    # series or the meeting the text reports, said again in general words: the same kind,
    # the same first two words, and no proper name the other does not have.
    if any(member.place or member.when or member.instance for member in group):
        return False
    if any(member.instance for member in target) or not any(m.place or m.when for m in target):
        return False
    mine, theirs = group[0], target[0]
    ours, others = _words(mine.complement), _words(theirs.complement)
    if mine.kind != theirs.kind or len(ours) < 2 or ours[:2] != others[:2]:
        return False
    proper = {word for word in re.findall(r"\w+", mine.complement) if word[:1].isupper()}
    return proper <= set(re.findall(r"\w+", theirs.complement))


def _folded(groups: list[list[_Found]]) -> list[list[_Found]]:
    kept = []
    for group in groups:
        target = next(
            (other for other in groups if other is not group and _restates(group, other)), None
        )
        if target is None:
            kept.append(group)
        else:
            target.extend(group)
    return kept


def _in_series(instance: _Found, found: Sequence[_Found]) -> _Found:
    # "Следующая встреча министров" belongs to the series the text names in full: it is the
    # "Следующая встреча министров финансов стран Центральной Азии".
    ours = _words(instance.complement)
    candidates = [
        other
        for other in found
        if not other.instance
        and len(_words(other.complement)) > len(ours)
        and _words(other.complement)[: len(ours)] == ours
        and (ours or other.kind == instance.kind)
    ]
    if not candidates:
        return instance
    series = max(
        candidates,
        key=lambda f: (f.kind == instance.kind, bool(f.place or f.when), len(_words(f.complement))),
    )
    return replace(
        instance, name=f"{instance.head} {series.complement}", complement=series.complement
    )


def _placed_within(guest: _Found, found: Sequence[_Found]) -> _Found:
    # "На полях встречи А. Жаксылыков провел переговоры": where the meeting is held.
    hosts = [
        other
        for other in found
        if other.kind == guest.within
        and not other.instance
        and other.place
        and other.span.start < guest.span.start
    ]
    return replace(guest, place=hosts[-1].place) if hosts else guest


def _best_date(group: list[_Found]) -> DateMention | None:
    dates = [member.when for member in group if member.when is not None]
    return max(dates, key=lambda d: _PRECISION_RANK[d.precision], default=None)


def _event_of(group: list[_Found]) -> EventMention:
    # The summit's name wins over "заседание Совета глав государств"; otherwise the fullest
    # name ("Переговоры министров иностранных дел России и Японии", not a shorter repeat).
    summits = [member for member in group if member.kind == "саммит"]
    main = summits[0] if summits else max(group, key=lambda member: len(member.name.split()))
    aliases = []
    for member in group:
        for name in (member.name, *member.aliases):
            if name != main.name and name not in aliases:
                aliases.append(name)
    when = _best_date(group)
    confidence = max(member.confidence for member in group) + 0.05 * (len(group) - 1)
    return EventMention(
        name=main.name,
        kind=main.kind,
        place=next((member.place for member in group if member.place), ""),
        organization=main.organization,
        start_date=when.start if when else None,
        end_date=when.end if when else None,
        date_precision=when.precision if when else None,
        aliases=tuple(aliases),
        spans=tuple(member.span for member in group),
        confidence=round(min(confidence, 0.95), 2),
    )


def _merged(found: list[_Found]) -> tuple[EventMention, ...]:
    found = [_in_series(f, found) if f.instance else f for f in found]
    found = [_placed_within(f, found) if f.within and not f.place else f for f in found]
    groups: list[list[_Found]] = []
    for mention in found:
        group = next((group for group in groups if _same_event(group, mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    return tuple(_event_of(group) for group in _folded(groups))


def find_events(
    document: Document,
    *,
    organizations: Sequence[EntityMention] = (),
    places: Sequence[EntityMention] = (),
) -> tuple[EventMention, ...]:
    text = document.text
    context = _Context(
        text=text,
        dates=find_dates(text, reference=document.published),
        organizations=_spans_of(organizations),
        places=_spans_of(places),
        place_entities=tuple(places),
        organization_entities=tuple(organizations),
    )
    found: list[_Found] = []
    for tokens in _sentences(text):
        found.extend(_read_sentence(tokens, context, found))
    return _merged(found)
