"""One article at a time: its entities, sentences, paragraphs and damage."""

from __future__ import annotations

import datetime
import random
import re

from .base import (
    CP1251_RATE,
    CRLF_RATE,
    FOOTER,
    NBSP_DAMAGE_RATE,
    SPAN,
    EventMention,
    GeneratedArticle,
)
from .phrases import (
    EVENT_SHARE,
    EVENT_TEMPLATES,
    FILLER_OPENINGS,
    FIRST_MENTION_CASES,
    LATER_STYLES,
    LEAD_TEMPLATES,
    ORGANIZATION_COUNTS,
    ORGANIZATION_TEMPLATES,
    PARAGRAPH_SIZE_WEIGHTS,
    PARAGRAPH_SIZES,
    PERSON_COUNTS,
    PERSON_TEMPLATES,
    PLACE_COUNTS,
    PLACE_TEMPLATES,
    TITLE_TOPICS,
    TITLE_VERBS,
)
from .pools import _Event, _Person, _Place, _Pools
from .words import CASES, _before, _cap, _clean, _date_in_words


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
