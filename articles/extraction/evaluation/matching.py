"""Pairing gold items with extracted ones, one to one."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from articles.extraction.types import EntityMention

from .normalisation import _key
from .scores import Score

G = TypeVar("G")
E = TypeVar("E")


def _pair(
    golds: Sequence[G],
    extracted: Sequence[E],
    same: Callable[[G, E], bool],
    taken: dict[int, int] | None = None,
) -> dict[int, int]:
    """Maximum one-to-one matching {gold index: extracted index} (Kuhn's algorithm).

    Gold items are served in order, and a later one never takes an extracted item away from
    an earlier one unless the earlier one has another, so required items go first. `taken`
    holds pairs fixed by an earlier, stricter pass.
    """
    fixed = dict(taken or {})
    owner = {e: g for g, e in fixed.items()}  # extracted index -> gold index
    candidates = [
        [] if g in fixed else [e for e, item in enumerate(extracted) if same(gold, item)]
        for g, gold in enumerate(golds)
    ]

    def augment(g: int, seen: set[int]) -> bool:
        for e in candidates[g]:
            if e in seen:
                continue
            seen.add(e)
            if e not in owner or (owner[e] not in fixed and augment(owner[e], seen)):
                owner[e] = g
                return True
        return False

    for g in range(len(golds)):
        if g not in fixed:
            augment(g, set())
    return {g: e for e, g in owner.items()}


def _score(
    gold_names: Sequence[str],
    extracted_names: Sequence[str],
    pairs: dict[int, int],
    optional: Sequence[bool] = (),
) -> Score:
    found = set(pairs.values())
    return Score(
        matched=tuple((gold_names[g], extracted_names[e]) for g, e in sorted(pairs.items())),
        misses=tuple(
            name
            for g, name in enumerate(gold_names)
            if g not in pairs and not (optional and optional[g])
        ),
        extras=tuple(name for e, name in enumerate(extracted_names) if e not in found),
    )


def _entity_names(entity: EntityMention) -> set[str]:
    return {_key(name) for name in (entity.name, *entity.aliases)}
