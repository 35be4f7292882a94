"""Sentences and tokens, the entities they cover, quotes and bracketed aliases."""

from collections.abc import Iterable, Iterator, Sequence

from razdel import sentenize, tokenize

from articles.extraction.types import EntityMention, Span

from .records import _Part, _Token
from .vocabulary import _BRACKETED_TAIL, _MAX_TITLE_TOKENS, _QUOTES


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
