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

from collections.abc import Sequence

from articles.extraction.dates import find_dates
from articles.extraction.types import Document, EntityMention, EventMention

from .merging import _merged
from .reading import _read_sentence
from .records import _Context, _Found
from .text import _sentences, _spans_of
from .vocabulary import EVENT_NOUNS

__all__ = ["EVENT_NOUNS", "find_events"]


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
