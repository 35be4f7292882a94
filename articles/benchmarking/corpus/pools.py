"""Pools: the persons, places, organizations and events articles draw from, Zipf-skewed.

The words they are made of (roles, cities, organizations' and events' words) are data,
in pools.toml next to this module.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from faker import Faker

from .base import SPAN, ZIPF_EXPONENT, Mention
from .phrases import CLAUSES, FILLERS, QUOTES
from .seed import _SeedText
from .words import CASES, _adjective_forms, _clean, _noun_forms

_DATA = tomllib.loads(resources.files(__package__).joinpath("pools.toml").read_text("utf-8"))

# Who a person is: (the head noun, which declines; the rest, which stays as it is).
ROLES = (
    *(
        (head, f"{ministry} Казахстана")
        for head in _DATA["ministry_heads"]
        for ministry in _DATA["ministries"]
    ),
    *(("аким", f"{region} области") for region in _DATA["regions"]),
    *(tuple(role) for role in _DATA["other_roles"]),
)
# (name, locative, genitive)
CITIES = tuple(tuple(city) for city in _DATA["cities"])
PLACE_COUNT = 60  # CITIES, then Russian towns from Faker

ACRONYMS = tuple(_DATA["acronyms"])
LEGAL_FORMS = tuple(_DATA["legal_forms"])
# (adjective, the city it names or None)
EVENT_PREFIXES = tuple((adjective, city or None) for adjective, city in _DATA["event_prefixes"])
EVENT_TOPICS = tuple(_DATA["event_topics"])
EVENT_KINDS = tuple(tuple(kind) for kind in _DATA["event_kinds"])

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
