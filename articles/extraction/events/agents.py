"""Who does it: the subject of a sentence, a visitor, the destination of a visit."""

from articles.text import morph

from .complements import _parts
from .morphology import _verb
from .person_names import _name_end, _name_start, _person_genitive
from .place_and_date import _clause_start
from .text import _covered, _token_after, _written
from .vocabulary import _IN, _WORD


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
            and not morph.PERSON_TAGS & parse.tag.grammemes
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
