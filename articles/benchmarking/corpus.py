"""A reproducible corpus of Russian news articles in the seed files' format, for benchmarks.

Pure Python, no Django: `generate()` yields the articles lazily with what each one names
(persons with roles, organizations, places, events), `write_corpus()` writes their files.
The same (count, seed, until) gives the same bytes with the same Faker and pymorphy3
dictionaries. Popularity is skewed (Zipf-like), so a few persons are named in thousands of
articles. Some files carry the damage real files have: "&" + no-break space instead of a
space, CRLF line endings, CP1251 instead of UTF-8; `articles.parsing` repairs all three.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from articles.extraction import morph
from articles.parsing import parse_bytes

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILE = "000_9e9f9821349f9dac.txt"
DEFAULT_UNTIL = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
SPAN = datetime.timedelta(days=3652)  # publication dates cover the ten years before `until`

# The Kapital.kz footer, exactly as the seed file ends.
FOOTER = (
    "При работе с материалами Центра деловой информации Kapital.kz разрешено использование "
    "лишь 30% текста с обязательной гиперссылкой на источник. При использовании полного "
    "материала необходимо разрешение редакции.\n"
    "Читать все последние новости \u27a4"
)

NBSP_DAMAGE_RATE = 0.10
CRLF_RATE = 0.05
CP1251_RATE = 0.05
ZIPF_EXPONENT = 0.7


@dataclass(frozen=True)
class Mention:
    name: str  # nominative "Имя Фамилия"
    role: str  # as the article gives it, e.g. "министр финансов Казахстана"; may be ""


@dataclass(frozen=True)
class EventMention:
    name: str
    place: str  # nominative
    start_date: datetime.date


@dataclass(frozen=True)
class GeneratedArticle:
    filename: str  # "000042_<16 hex digits: the source ID>.txt"
    content: bytes
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published_at: datetime.datetime
    persons: tuple[Mention, ...]
    organizations: tuple[str, ...]
    places: tuple[str, ...]
    events: tuple[EventMention, ...]


def generate(
    count: int, *, seed: int = 0, until: datetime.datetime | None = None
) -> Iterator[GeneratedArticle]:
    """`count` articles published in the ten years before `until` (aware; default 2026-01-01)."""
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    until = DEFAULT_UNTIL if until is None else until
    if until.tzinfo is None or until.utcoffset() is None:
        raise ValueError("until must be timezone-aware")
    return _generate(count, seed, until.astimezone(datetime.UTC))


def write_corpus(directory: Path, articles: Iterable[GeneratedArticle]) -> list[Path]:
    """Write each article to `directory` (created if missing) under its file name."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = directory / article.filename
        path.write_bytes(article.content)
        paths.append(path)
    return paths


def _generate(count: int, seed: int, until: datetime.datetime) -> Iterator[GeneratedArticle]:
    if not count:
        return
    rng = random.Random(seed)
    pools = _Pools.build(count, rng, seed, until)
    source_ids: set[int] = set()
    for index in range(count):
        source_id = rng.getrandbits(64)
        while source_id in source_ids:
            source_id = rng.getrandbits(64)
        source_ids.add(source_id)
        yield _ArticleWriter(pools, rng, until).write(f"{index:06d}_{source_id:016x}.txt")


# --- Words -----------------------------------------------------------------------------

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

CASES = ("nomn", "gent", "datv", "ablt")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clean(text: str) -> str:
    # What the parser would make of it: NFC, single spaces.
    return " ".join(unicodedata.normalize("NFC", text).split())


def _before(preposition: str, word: str) -> str:
    # "в Астане" but "во Владимире", "с Ивановым" but "со Смирновым".
    clusters = {"в": "вВфФ", "с": "сСзЗшШжЖ"}[preposition]
    if word[:1] in clusters and word[1:2].lower() not in "аеёиоуыэюя":
        return f"{preposition}о {word}"
    return f"{preposition} {word}"


def _date_in_words(date: datetime.date) -> str:
    return f"{date.day} {MONTHS_GENITIVE[date.month - 1]} {date.year} года"


@functools.lru_cache(maxsize=10_000)
def _noun_forms(word: str, tag: str, gender: str) -> dict[str, str] | None:
    """The case forms of a name (tag "Name"/"Surn"), a city ("Geox") or a plain noun ("")."""
    for parse in morph.analyzer().parse(word.lower()):
        grammemes = parse.tag.grammemes
        if {"NOUN", "sing", "nomn"} <= grammemes and (not tag or tag in grammemes):
            if gender and gender not in grammemes:
                continue
            forms = {"nomn": word}
            for case in ("gent", "datv", "ablt", "loct"):
                inflected = parse.inflect({case})
                if inflected is None:
                    return None
                forms[case] = morph.as_written(word, inflected.word)
            return forms
    return None


@functools.lru_cache(maxsize=1_000)
def _adjective_forms(word: str, gender: str) -> dict[str, str]:
    for parse in morph.analyzer().parse(word.lower()):
        if {"ADJF", "masc", "sing", "nomn"} <= parse.tag.grammemes:
            forms = {}
            for case in ("nomn", "gent", "loct"):
                forms[case] = morph.as_written(word, parse.inflect({gender, case}).word)
            return forms
    raise ValueError(f"pymorphy3 does not know the adjective {word!r}")


# --- Pools -----------------------------------------------------------------------------

# Who a person is: the head noun declines, the rest stays as it is.
ROLES = (
    *(
        (head, f"{ministry} Казахстана")
        for head in ("министр", "вице-министр")
        for ministry in (
            "финансов",
            "энергетики",
            "здравоохранения",
            "национальной экономики",
            "сельского хозяйства",
            "юстиции",
            "просвещения",
            "цифрового развития",
            "торговли и интеграции",
            "экологии и природных ресурсов",
            "транспорта",
            "труда и социальной защиты населения",
        )
    ),
    *(
        ("аким", f"{region} области")
        for region in (
            "Карагандинской",
            "Павлодарской",
            "Алматинской",
            "Костанайской",
            "Атырауской",
            "Туркестанской",
            "Мангистауской",
            "Акмолинской",
        )
    ),
    ("председатель", "правления банка"),
    ("председатель", "комитета государственных доходов"),
    ("председатель", "совета директоров компании"),
    ("заместитель", "премьер-министра Казахстана"),
    ("заместитель", "акима города"),
    ("депутат", "городского маслихата"),
    ("директор", "департамента налоговой политики"),
    ("директор", "департамента по защите прав потребителей"),
    ("глава", "департамента строительства"),
    ("руководитель", "пресс-службы министерства"),
    ("руководитель", "проекта"),
    ("эксперт", "в области энергетики"),
    ("аналитик", "инвестиционного банка"),
    ("экономист", ""),
    ("советник", "председателя правления"),
)

# (name, locative, genitive): Kazakh cities first, as the most named, then Russia and the CIS.
CITIES = (
    ("Астана", "Астане", "Астаны"),
    ("Алматы", "Алматы", "Алматы"),
    ("Шымкент", "Шымкенте", "Шымкента"),
    ("Караганда", "Караганде", "Караганды"),
    ("Актобе", "Актобе", "Актобе"),
    ("Тараз", "Таразе", "Тараза"),
    ("Павлодар", "Павлодаре", "Павлодара"),
    ("Усть-Каменогорск", "Усть-Каменогорске", "Усть-Каменогорска"),
    ("Семей", "Семее", "Семея"),
    ("Атырау", "Атырау", "Атырау"),
    ("Костанай", "Костанае", "Костаная"),
    ("Кызылорда", "Кызылорде", "Кызылорды"),
    ("Уральск", "Уральске", "Уральска"),
    ("Петропавловск", "Петропавловске", "Петропавловска"),
    ("Актау", "Актау", "Актау"),
    ("Темиртау", "Темиртау", "Темиртау"),
    ("Туркестан", "Туркестане", "Туркестана"),
    ("Кокшетау", "Кокшетау", "Кокшетау"),
    ("Талдыкорган", "Талдыкоргане", "Талдыкоргана"),
    ("Экибастуз", "Экибастузе", "Экибастуза"),
    ("Рудный", "Рудном", "Рудного"),
    ("Жезказган", "Жезказгане", "Жезказгана"),
    ("Балхаш", "Балхаше", "Балхаша"),
    ("Конаев", "Конаеве", "Конаева"),
    ("Жанаозен", "Жанаозене", "Жанаозена"),
    ("Байконур", "Байконуре", "Байконура"),
    ("Степногорск", "Степногорске", "Степногорска"),
    ("Щучинск", "Щучинске", "Щучинска"),
    ("Москва", "Москве", "Москвы"),
    ("Санкт-Петербург", "Санкт-Петербурге", "Санкт-Петербурга"),
    ("Новосибирск", "Новосибирске", "Новосибирска"),
    ("Екатеринбург", "Екатеринбурге", "Екатеринбурга"),
    ("Казань", "Казани", "Казани"),
    ("Омск", "Омске", "Омска"),
    ("Челябинск", "Челябинске", "Челябинска"),
    ("Оренбург", "Оренбурге", "Оренбурга"),
    ("Ташкент", "Ташкенте", "Ташкента"),
    ("Бишкек", "Бишкеке", "Бишкека"),
    ("Минск", "Минске", "Минска"),
    ("Баку", "Баку", "Баку"),
    ("Ереван", "Ереване", "Еревана"),
    ("Душанбе", "Душанбе", "Душанбе"),
)
PLACE_COUNT = 60  # CITIES, then Russian towns from Faker

# Organizations whose names do not decline, so any sentence can hold them.
ACRONYMS = ("ЕАБР", "ЕБРР", "АБР", "МВФ", "ОПЕК", "ЕАЭС", "ВОЗ", "ЮНЕСКО", "ОБСЕ", "МФЦА")
LEGAL_FORMS = ("ТОО", "ТОО", "ТОО", "АО", "АО", "ООО", "ЗАО", "НПО")

# (adjective, the city it names or None); events named after a city take place there.
EVENT_PREFIXES = (
    ("Международный", None),
    ("Евразийский", None),
    ("Центральноазиатский", None),
    ("Казахстанский", None),
    ("Республиканский", None),
    ("Национальный", None),
    ("Астанинский", "Астана"),
    ("Алматинский", "Алматы"),
    ("Шымкентский", "Шымкент"),
    ("Карагандинский", "Караганда"),
)
EVENT_TOPICS = (
    "экономический",
    "инвестиционный",
    "энергетический",
    "цифровой",
    "нефтегазовый",
    "аграрный",
    "финансовый",
    "медийный",
    "транспортный",
    "логистический",
    "туристический",
    "образовательный",
    "промышленный",
    "строительный",
    "банковский",
    "инновационный",
    "научный",
    "горнорудный",
)
EVENT_KINDS = (
    ("форум", "masc"),
    ("саммит", "masc"),
    ("конгресс", "masc"),
    ("конференция", "femn"),
    ("выставка", "femn"),
)

MALE_SHARE = 0.7
ROLE_SHARE = 0.8  # persons whom articles introduce with a role
FAKER_SENTENCES = 3000


@dataclass(frozen=True)
class _Person:
    first: dict[str, str]  # case -> form
    last: dict[str, str]
    female: bool
    role: dict[str, str] | None  # case -> role phrase

    @property
    def mention(self) -> Mention:
        return Mention(
            f"{self.first['nomn']} {self.last['nomn']}", self.role["nomn"] if self.role else ""
        )


@dataclass(frozen=True)
class _Place:
    name: str
    loct: str
    gent: str


@dataclass(frozen=True)
class _Event:
    forms: dict[str, str]  # nomn, gent, loct
    female: bool
    place: _Place
    date: datetime.date


class _Zipf:
    """Picks from `items` with weight 1 / rank ** ZIPF_EXPONENT (the first item is rank 1)."""

    def __init__(self, items: Sequence):
        self.items = tuple(items)
        self.cumulative = list(
            itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(items) + 1))
        )

    def pick(self, rng: random.Random):
        index = bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.items[min(index, len(self.items) - 1)]

    def sample(self, rng: random.Random, k: int, key=None) -> list:
        """Up to `k` different items (and different `key`s), the first one drawn first."""
        chosen, keys = [], set()
        for _ in range(k * 20):
            if len(chosen) == k:
                break
            item = self.pick(rng)
            item_key = item if key is None else key(item)
            if item_key not in keys:
                keys.add(item_key)
                chosen.append(item)
        return chosen


@dataclass(frozen=True)
class _Pools:
    faker: Faker  # for headlines, which need more variety than any pool
    persons: _Zipf
    organizations: _Zipf
    places: _Zipf
    events: _Zipf
    clauses: tuple[str, ...]  # what follows "…, что": lower case, no final stop
    quotes: tuple[str, ...]
    fillers: tuple[str, ...]  # sentences naming nobody, some with slots ({number})
    faker_sentences: tuple[str, ...]
    person_statements: tuple[str, ...]  # from the seed, with {r} {a} {sja} slots

    @classmethod
    def build(cls, count: int, rng: random.Random, seed: int, until: datetime.datetime):
        faker = Faker("ru_RU")
        faker.seed_instance(seed)
        seed_text = _SeedText.read()
        faker_sentences = tuple(_clean(faker.sentence()) for _ in range(FAKER_SENTENCES))
        # Faker's sentences are random words: a quarter of the clauses, a few quotes.
        faker_clauses = tuple(
            _clean(faker.sentence()).rstrip(".").lower() for _ in range(len(CLAUSES))
        )
        places = _places(faker)
        return cls(
            faker=faker,
            persons=_Zipf(_persons(max(50, count // 20), rng, faker)),
            organizations=_Zipf(_organizations(max(20, count // 50), rng, faker)),
            places=_Zipf(places),
            events=_Zipf(_events(max(10, count // 100), rng, places, until)),
            clauses=(*CLAUSES * 3, *faker_clauses),
            quotes=(*QUOTES, *seed_text.quotes, *faker_sentences[: len(QUOTES) // 2]),
            fillers=(*FILLERS, *seed_text.fillers),
            faker_sentences=faker_sentences,
            person_statements=seed_text.person_statements,
        )


def _persons(size: int, rng: random.Random, faker) -> list[_Person]:
    roles = [_role_forms(head, rest) for head, rest in ROLES]
    persons, names = [], set()
    for _ in range(size * 50):
        if len(persons) == size:
            break
        female = rng.random() >= MALE_SHARE
        if female:
            first, last, gender = faker.first_name_female(), faker.last_name_female(), "femn"
        else:
            first, last, gender = faker.first_name_male(), faker.last_name_male(), "masc"
        if (first, last) in names:
            continue
        first_forms = _noun_forms(first, "Name", gender)
        last_forms = _noun_forms(last, "Surn", gender)
        if first_forms is None or last_forms is None:
            continue  # a name pymorphy3 cannot decline: leave it out
        names.add((first, last))
        role = rng.choice(roles) if rng.random() < ROLE_SHARE else None
        persons.append(_Person(first_forms, last_forms, female, role))
    if len(persons) < size:
        raise ValueError(f"Faker has too few distinct names for {size} persons")
    return persons


def _role_forms(head: str, rest: str) -> dict[str, str]:
    forms = _noun_forms(head, "", "")
    return {case: f"{forms[case]} {rest}".strip() for case in CASES}


def _places(faker) -> list[_Place]:
    places = [_Place(*city) for city in CITIES]
    names = {place.name for place in places}
    for _ in range(PLACE_COUNT * 100):
        if len(places) == PLACE_COUNT:
            break
        name = faker.city_name()
        if name in names or not re.fullmatch(r"[А-ЯЁ][а-яё]+", name) or name[-1] in "еиоуыэюя":
            continue  # indeclinable or plural names read badly in "в …"
        forms = _noun_forms(name, "Geox", "")
        if forms is None or forms["loct"] == name:
            continue
        names.add(name)
        places.append(_Place(name, forms["loct"], forms["gent"]))
    return places


def _organizations(size: int, rng: random.Random, faker) -> list[str]:
    organizations, names = [], set(ACRONYMS)
    for _ in range(size * 50):
        if len(organizations) + len(ACRONYMS) >= size:
            break
        match = re.search(r"«[^«»]+»", faker.company())
        if match is None:
            continue
        name = f"{rng.choice(LEGAL_FORMS)} {_clean(match.group())}"
        if name not in names:
            names.add(name)
            organizations.append(name)
    organizations.extend(ACRONYMS)
    rng.shuffle(organizations)
    return organizations


def _events(size: int, rng: random.Random, places: list[_Place], until: datetime.datetime):
    by_name = {place.name: place for place in places}
    events, keys = [], set()
    first_day = (until - SPAN).date()
    for _ in range(size * 50):
        if len(events) == size:
            break
        prefix, city = rng.choice(EVENT_PREFIXES)
        topic = rng.choice(EVENT_TOPICS)
        kind, gender = rng.choice(EVENT_KINDS)
        place = by_name[city] if city else rng.choice(places[:20])
        date = first_day + datetime.timedelta(days=rng.randrange(SPAN.days))
        kind_forms = _noun_forms(kind, "", gender)
        forms = {
            case: " ".join(
                (
                    _adjective_forms(prefix, gender)[case],
                    _adjective_forms(topic, gender)[case],
                    kind_forms[case],
                )
            )
            for case in ("nomn", "gent", "loct")
        }
        if (forms["nomn"], place.name, date) not in keys:
            keys.add((forms["nomn"], place.name, date))
            events.append(_Event(forms, gender == "femn", place, date))
    return events


# --- The seed article as a source of sentences -----------------------------------------

# How the seed names its one main person: replaced by a slot for ours.
SEED_PERSON_PHRASES = (
    "Президент Казахстана Нурсултан Назарбаев",
    "Нурсултан Назарбаев",
    "президент Казахстана",
    "глава государства",
)
_QUOTE_UNIT = re.compile(r"«(?P<quote>.+)»,? — .+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z«])")
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z][\w-]*")
_NAMED = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


@dataclass(frozen=True)
class _SeedText:
    quotes: tuple[str, ...]
    fillers: tuple[str, ...]
    person_statements: tuple[str, ...]

    @classmethod
    def read(cls) -> _SeedText:
        """The seed's sentences that name nobody but its main person (who becomes a slot)."""
        article = parse_bytes((SEEDS_DIR / SEED_FILE).read_bytes())  # also drops the footer
        quotes, fillers, statements = [], [], []
        for block in (article.lead, *article.paragraphs):
            for unit in _units(block):
                if not unit.endswith((".", "!", "?")):
                    unit += "."  # the seed's lead has no final stop
                quote = _QUOTE_UNIT.fullmatch(unit)
                if quote:
                    for sentence in _SENTENCE_END.split(quote.group("quote")):
                        sentence = sentence.rstrip(".") + "."
                        if _names_nobody(sentence):
                            quotes.append(sentence)
                    continue
                template = _person_template(unit)
                if template is None:
                    if _names_nobody(unit):
                        fillers.append(unit.replace("{", "{{").replace("}", "}}"))
                elif _names_nobody(template.replace("{r}", "")):
                    statements.append(template)
        return cls(tuple(quotes), tuple(fillers), tuple(statements))


def _units(text: str) -> list[str]:
    # Sentences, except that a quotation with its attribution stays one unit.
    units, start, depth = [], 0, 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(0, depth - 1)
        elif char in ".!?" and not depth and _SENTENCE_END.match(text, index + 1):
            units.append(text[start : index + 1])
            start = _SENTENCE_END.match(text, index + 1).end()
    units.append(text[start:])
    return [unit for unit in units if unit]


def _names_nobody(sentence: str) -> bool:
    for position, match in enumerate(_WORD.finditer(sentence)):
        word = match.group()
        if position and word[0].isupper():
            return False
        if any(_NAMED & parse.tag.grammemes for parse in morph.parses(word)[:1]):
            return False
    return True


def _person_template(sentence: str) -> str | None:
    """The sentence with the seed's person as {r} and its verbs agreeing ({a}, {sja})."""
    template = sentence.replace("{", "{{").replace("}", "}}")
    for phrase in SEED_PERSON_PHRASES:
        template = re.sub(re.escape(phrase), "{r}", template, flags=re.IGNORECASE)
    if "{r}" not in template:
        return None
    words = []
    for word in re.split(r"(\W+)", template):
        parse = morph.parses(word.lower())[0] if word.isalpha() else None
        if parse and {"VERB", "past", "masc"} <= parse.tag.grammemes:
            feminine, word_lower = parse.inflect({"femn"}).word, word.lower()
            if feminine == f"{word_lower}а":
                word += "{a}"
            elif word.endswith("ся") and feminine == f"{word_lower[:-2]}ась":
                word = word[:-2] + "{sja}"
            else:
                return None
        words.append(word)
    return "".join(words)


# --- Sentences -------------------------------------------------------------------------

CLAUSES = (
    "рост экономики по итогам года превысит 4%",
    "работа в этом направлении будет продолжена",
    "проект планируется завершить до конца года",
    "финансирование программы увеличат на 15%",
    "все обязательства перед партнерами будут выполнены",
    "ситуация на рынке остается стабильной",
    "спрос на жилье продолжает расти",
    "инфляция замедлится во втором полугодии",
    "новые правила вступят в силу с 1 января",
    "в регионе откроют еще три предприятия",
    "тарифы на коммунальные услуги пересматривать не планируется",
    "объем инвестиций в отрасль вырос вдвое",
    "государство продолжит поддерживать малый и средний бизнес",
    "экспорт зерна по итогам сезона увеличится",
    "строительство дороги завершат в следующем году",
    "цифровизация госуслуг позволит сократить очереди",
    "вопрос находится на особом контроле",
    "бюджет на следующий год будет социально ориентированным",
    "стороны договорились о расширении сотрудничества",
    "переговоры прошли в конструктивной атмосфере",
    "новые рабочие места получат более тысячи человек",
    "ставку по кредитам для фермеров снизят",
    "доля возобновляемой энергетики должна вырасти",
    "проверки выявили ряд нарушений",
    "план по налоговым поступлениям выполнен",
    "цены на топливо в ближайшее время не изменятся",
    "количество туристов за год выросло на треть",
    "ремонт школ и больниц будет завершен к осени",
)
FILLERS = (
    "Мероприятие прошло в рамках государственной программы развития регионов.",
    "Участники обсудили вопросы привлечения инвестиций и создания новых рабочих мест.",
    "Особое внимание было уделено развитию транспортной инфраструктуры.",
    "Сроки реализации проекта пока не определены.",
    "Итоги работы будут подведены в конце года.",
    "В ведомстве подчеркнули, что все работы ведутся по графику.",
    "Общая стоимость проекта оценивается в {number} млрд тенге.",
    "По итогам встречи стороны подписали меморандум о взаимопонимании.",
    "Решение было принято по итогам заседания рабочей группы.",
    "Документ опубликован на официальном портале правовой информации.",
    "Подробности пока не раскрываются.",
    "В следующем году программу планируется расширить.",
    "Ранее эта тема уже обсуждалась на заседании правительства.",
    "Работы планируется завершить до конца текущего года.",
    "В обсуждении приняли участие представители бизнеса и общественных организаций.",
    "Новые требования коснутся как крупных компаний, так и малого бизнеса.",
    "Ожидается, что проект окупится в течение семи лет.",
    "На эти цели из местного бюджета выделено более {number} млн тенге.",
    "Соответствующий законопроект уже внесен на рассмотрение.",
    "Всего в программе участвуют более {number} предприятий.",
    "За год поступило {number} обращений от граждан.",
    "Сейчас готовность объекта составляет {percent}%.",
)
FILLER_OPENINGS = (
    "Отмечается, что",
    "Как сообщается,",
    "Ранее сообщалось, что",
    "По предварительным данным,",
    "Эксперты полагают, что",
    "Напомним, что",
    "Кроме того,",
    "При этом",
)
QUOTES = (
    "Мы рассчитываем на дальнейший рост показателей.",
    "Это важный шаг для всей отрасли.",
    "Все поставленные задачи будут выполнены в срок.",
    "Мы открыты для диалога с бизнесом.",
    "Главное для нас — качество услуг для граждан.",
    "Нам предстоит большая работа.",
    "Решение принято с учетом мнения жителей.",
    "Мы видим серьезный интерес со стороны инвесторов.",
    "Результаты первого полугодия нас обнадеживают.",
    "Без поддержки государства отрасль не справится.",
    "Эта программа доказала свою эффективность.",
    "Мы не планируем повышать цены.",
)
TITLE_TOPICS = (
    "о планах на следующий год",
    "о росте цен на жилье",
    "о развитии цифровой экономики",
    "о поддержке малого бизнеса",
    "о реформе здравоохранения",
    "о новых налоговых правилах",
    "о строительстве новых школ",
    "о ситуации на рынке труда",
    "об итогах полугодия",
    "о модернизации коммунального хозяйства",
    "о ценах на топливо",
    "о развитии туризма",
    "о запуске новых производств",
    "о кредитовании фермеров",
)
TITLE_VERBS = ("рассказал{a}", "высказал{sja}", "заявил{a}", "напомнил{a}", "сообщил{a}")

# A person's mention, by the case the sentence puts them in; {r} is the reference to them.
PERSON_TEMPLATES = {
    "nomn": (
        "{r} заявил{a}, что {clause}.",
        "{r} отметил{a}, что {clause}.",
        "{r} сообщил{a} журналистам, что {clause}.",
        "Как рассказал{a} {r}, {clause}.",
        "{r} провел{a} рабочую встречу {in_place}.",
        "{r} выступил{a} на заседании с докладом о ходе реализации программы.",
        "«{quote}», — сказал{a} {r}.",
        "«{quote}», — подчеркнул{a} {r}.",
        "{r} встретил{sja} с представителями деловых кругов {in_place}.",
    ),
    "gent": (
        "По словам {r}, {clause}.",
        "Выступление {r} вызвало большой интерес у участников.",
        "Инициативу {r} поддержали депутаты.",
        "Об этом стало известно из заявления {r}.",
        "Позиция {r} по этому вопросу не изменилась.",
    ),
    "datv": (
        "Слово также было предоставлено {r}.",
        "Журналисты задали {r} несколько вопросов о планах на следующий год.",
        "{r} поручено подготовить предложения до конца месяца.",
        "Благодарность за многолетнюю работу была вручена {r}.",
    ),
    "ablt": (
        "Встреча {with_r} прошла {in_place}.",
        "Документ был подписан {r}.",
        "Журналисты побеседовали {with_r} после заседания.",
        "Соответствующее решение было принято {r}.",
    ),
}
FIRST_MENTION_CASES = ("nomn", "nomn", "nomn", "gent", "datv", "ablt")
LEAD_TEMPLATES = (
    "{r} отметил{a}, что {clause}.",
    "{r} сообщил{a}, что {clause}.",
    "По словам {r_gent}, {clause}.",
)
ORGANIZATION_TEMPLATES = (
    "В {org} сообщили, что {clause}.",
    "Представители {org} приняли участие в обсуждении.",
    "По данным {org}, {clause}.",
    "Соглашение о сотрудничестве было подписано {with_org}.",
    "Пресс-служба {org} подтвердила эту информацию.",
    "Проект реализуется при участии {org}.",
)
PLACE_TEMPLATES = (
    "{in_place} {clause}.",
    "Аналогичная работа ведется {in_place}.",
    "Жители {place_gent} смогут воспользоваться новой услугой уже в этом году.",
    "{in_place} также планируется открыть новый центр обслуживания населения.",
)
EVENT_TEMPLATES = {
    "past": (
        "{date} {in_place} открыл{sja} {event}.",
        "{event} прош{went} {date} {in_place}.",
        "Участники {event_gent}, котор{which} прош{went} {in_place} {date}, обсудили вопросы "
        "развития отрасли.",
        "На {event_loct} {in_place} {date} было подписано несколько соглашений.",
    ),
    "future": (
        "{date} {in_place} откроется {event}.",
        "{event} пройдет {date} {in_place}.",
        "Участники {event_gent}, котор{which} пройдет {in_place} {date}, обсудят вопросы "
        "развития отрасли.",
        "На {event_loct} {in_place} {date} планируется подписать несколько соглашений.",
    ),
}
PARAGRAPH_SIZES = (1, 2, 3, 4)
PARAGRAPH_SIZE_WEIGHTS = (15, 35, 35, 15)


PERSON_COUNTS = ((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))
ORGANIZATION_COUNTS = ((0, 1, 2, 3), (30, 35, 25, 10))
PLACE_COUNTS = ((1, 2), (65, 35))
EVENT_SHARE = 0.3
# How a person is named after the first mention (always the full name, with the role).
LATER_STYLES = (("full", "initial", "surname", "role"), (25, 35, 25, 15))


def _surname_stem(person: _Person) -> str:
    surname = person.last["nomn"]
    return surname.removesuffix("а") if person.female else surname


class _Slots(dict):
    """Template fields: the fixed ones given, the others drawn when the template uses them."""

    def __init__(self, writer: _ArticleWriter, **fixed: str):
        super().__init__(fixed)
        self.writer = writer

    def __missing__(self, key: str) -> str:
        return getattr(self.writer, f"_draw_{key}")()


class _ArticleWriter:
    def __init__(self, pools: _Pools, rng: random.Random, until: datetime.datetime):
        self.pools = pools
        self.rng = rng
        self.until = until
        self.places: list[_Place] = []

    def write(self, filename: str) -> GeneratedArticle:
        rng, pools = self.rng, self.pools
        published_at = self.until - datetime.timedelta(
            seconds=rng.randrange(1, int(SPAN.total_seconds()))
        )
        # Different surnames ("Зиновьев", "Зиновьева" too), so a surname alone is unambiguous.
        persons = pools.persons.sample(rng, rng.choices(*PERSON_COUNTS)[0], key=_surname_stem)
        organizations = pools.organizations.sample(rng, rng.choices(*ORGANIZATION_COUNTS)[0])
        events = [pools.events.pick(rng)] if rng.random() < EVENT_SHARE else []
        places = pools.places.sample(rng, rng.choices(*PLACE_COUNTS)[0])
        if events:  # the event's place is one of the article's places
            places = list(dict.fromkeys([events[0].place, *places]))[: len(places)]
        self.places = places

        title = self._title(persons[0])
        lead = self._lead(persons[0])
        sentences = self._entity_sentences(persons, organizations, places, events, published_at)
        paragraphs = self._paragraphs(sentences)
        text = "\n\n".join((title, lead, *paragraphs, FOOTER))
        return GeneratedArticle(
            filename=filename,
            content=self._damaged(text),
            title=title,
            lead=lead,
            paragraphs=paragraphs,
            published_at=published_at,
            persons=tuple(person.mention for person in persons),
            organizations=tuple(organizations),
            places=tuple(place.name for place in places),
            events=tuple(
                EventMention(event.forms["nomn"], event.place.name, event.date) for event in events
            ),
        )

    # Titles and leads

    def _title(self, person: _Person) -> str:
        rng = self.rng
        name = person.mention.name
        choice = rng.random()
        if choice < 0.5:  # a fresh Faker sentence: what keeps the top persons' headlines unique
            return f"{name}: {_clean(self.pools.faker.sentence()).rstrip('.')}"
        if choice < 0.6:
            return f"{name}: {rng.choice(self.pools.quotes).rstrip('.')}"
        if choice < 0.9:
            verb = rng.choice(TITLE_VERBS).format_map(self._gender(person))
            title = f"{name} {verb} {rng.choice(TITLE_TOPICS)}"
            return f"{title} {self._draw_in_place()}" if rng.random() < 0.5 else title
        return f"{name}: {_cap(self._draw_clause())}"

    def _lead(self, person: _Person) -> str:
        style = self.rng.choice(("role", "full", "full_role")) if person.role else "full"
        return self._format(
            self.rng.choice(LEAD_TEMPLATES),
            person,
            r=self._reference(person, "nomn", style),
            r_gent=self._reference(person, "gent", style),
        )

    # Body

    def _entity_sentences(
        self,
        persons: list[_Person],
        organizations: list[str],
        places: list[_Place],
        events: list[_Event],
        published_at: datetime.datetime,
    ) -> list[str]:
        """Sentences naming every entity at least once; each person's first mention first."""
        rng = self.rng
        main, *others = persons
        first = [self._person_sentence(person, first=True) for person in others]
        first += [self._organization_sentence(name) for name in organizations]
        event_places = {event.place for event in events}
        first += [self._place_sentence(place) for place in places if place not in event_places]
        first += [self._event_sentence(event, published_at) for event in events]
        later = [
            self._person_sentence(person, first=False)
            for person in (main, *others)
            for _ in range(rng.randint(1, 3) if person is main else rng.randint(0, 1))
        ]
        rng.shuffle(first)
        rng.shuffle(later)
        return [self._person_sentence(main, first=True), *first, *later]

    def _paragraphs(self, entity_sentences: list[str]) -> tuple[str, ...]:
        rng = self.rng
        sizes = rng.choices(PARAGRAPH_SIZES, PARAGRAPH_SIZE_WEIGHTS, k=rng.randint(4, 10))
        while sum(sizes) < len(entity_sentences):
            growable = [index for index, size in enumerate(sizes) if size < PARAGRAPH_SIZES[-1]]
            if growable:
                sizes[rng.choice(growable)] += 1
            else:
                sizes.append(1)
        slots = sum(sizes)
        taken = set(rng.sample(range(slots), len(entity_sentences)))
        entity = iter(entity_sentences)
        sentences = [next(entity) if slot in taken else self._filler() for slot in range(slots)]
        paragraphs, start = [], 0
        for size in sizes:
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        return tuple(paragraphs)

    def _person_sentence(self, person: _Person, *, first: bool) -> str:
        rng = self.rng
        if first:
            case = rng.choice(FIRST_MENTION_CASES)
            style = "full_role" if person.role else "full"
            templates = PERSON_TEMPLATES[case]
        else:
            case = rng.choice(CASES)
            style = rng.choices(*LATER_STYLES)[0]
            if style == "role" and not person.role:
                style = "surname"
            templates = PERSON_TEMPLATES[case]
            if case == "nomn":
                templates += self.pools.person_statements
        reference = self._reference(person, case, style)
        return self._format(
            rng.choice(templates), person, r=reference, with_r=_before("с", reference)
        )

    def _reference(self, person: _Person, case: str, style: str) -> str:
        if style == "role":
            return person.role[case]
        if style == "initial":
            name = f"{person.first['nomn'][0]}. {person.last[case]}"
        elif style == "surname":
            name = person.last[case]
        else:
            name = f"{person.first[case]} {person.last[case]}"
        return f"{person.role[case]} {name}" if style == "full_role" else name

    def _organization_sentence(self, name: str) -> str:
        template = self.rng.choice(ORGANIZATION_TEMPLATES)
        return self._format(template, org=name, with_org=_before("с", name))

    def _place_sentence(self, place: _Place) -> str:
        template = self.rng.choice(PLACE_TEMPLATES)
        return self._format(template, in_place=_before("в", place.loct), place_gent=place.gent)

    def _event_sentence(self, event: _Event, published_at: datetime.datetime) -> str:
        tense = "past" if event.date < published_at.date() else "future"
        return self._format(
            self.rng.choice(EVENT_TEMPLATES[tense]),
            event=event.forms["nomn"],
            event_gent=event.forms["gent"],
            event_loct=event.forms["loct"],
            in_place=_before("в", event.place.loct),
            date=_date_in_words(event.date),
            sja="ась" if event.female else "ся",
            went="ла" if event.female else "ел",
            which="ая" if event.female else "ый",
        )

    def _filler(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.45:
            return self._format(rng.choice(self.pools.fillers))
        if choice < 0.8:
            return f"{rng.choice(FILLER_OPENINGS)} {self._draw_clause()}."
        return rng.choice(self.pools.faker_sentences)

    # Template fields

    def _format(self, template: str, person: _Person | None = None, **fixed: str) -> str:
        if person is not None:
            fixed.update(self._gender(person))
        return _cap(template.format_map(_Slots(self, **fixed)))

    @staticmethod
    def _gender(person: _Person) -> dict[str, str]:
        return {"a": "а", "sja": "ась"} if person.female else {"a": "", "sja": "ся"}

    def _draw_clause(self) -> str:
        return self.rng.choice(self.pools.clauses)

    def _draw_quote(self) -> str:
        quotes = self.rng.choices(self.pools.quotes, k=self.rng.randint(1, 2))
        return " ".join(quotes).removesuffix(".")

    def _draw_number(self) -> str:
        return str(self.rng.randrange(20, 1000, 10))  # ends in 0: "более 30 предприятий"

    def _draw_percent(self) -> str:
        return str(self.rng.randrange(10, 100, 5))

    def _draw_in_place(self) -> str:
        return _before("в", self.rng.choice(self.places).loct)

    # Damage

    def _damaged(self, text: str) -> bytes:
        rng = self.rng
        nbsp, crlf, cp1251 = (
            rng.random() < rate for rate in (NBSP_DAMAGE_RATE, CRLF_RATE, CP1251_RATE)
        )
        body = text.removesuffix(FOOTER)
        footer = FOOTER
        if nbsp:
            body = self._nbsp_damage(body)
        if crlf:
            body, footer = body.replace("\n", "\r\n"), footer.replace("\n", "\r\n")
        if cp1251:  # "➤" has no CP1251 byte: "?" as a converter would write
            return body.encode("cp1251") + footer.encode("cp1251", errors="replace")
        return (body + footer).encode()

    def _nbsp_damage(self, body: str) -> str:
        # "&nbsp;" half-decoded to "&" + U+00A0, where typographers put no-break spaces: after
        # a full stop (initials, sentence ends) and before a dash. The headline is spared.
        start = body.index("\n")
        spaces = [m.start() for m in re.finditer(r"(?<=\.) | (?=—)", body[start:])]
        if not spaces:
            spaces = [m.start() for m in re.finditer(" ", body[start:])]
        chosen = [position for position in spaces if self.rng.random() < 0.5]
        chosen = chosen or [self.rng.choice(spaces)]
        chars = list(body)
        for position in chosen:
            chars[start + position] = "&\u00a0"
        return "".join(chars)
