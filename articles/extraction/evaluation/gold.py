"""An editor's gold file: what an article contains, as tests/corpus/README.md describes it."""

import json
from dataclasses import dataclass
from pathlib import Path

OPTIONAL_NOTE = "may leave it to editors"


@dataclass(frozen=True)
class GoldEvent:
    name: str
    place: str = ""
    date: str | None = None
    note: str = ""

    @property
    def optional(self) -> bool:
        return OPTIONAL_NOTE in self.note.casefold()


@dataclass(frozen=True)
class Gold:
    file: str
    source_id: str
    persons: tuple[tuple[str, str], ...] = ()  # (name, role)
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    not_persons: tuple[str, ...] = ()


def load_gold(path: str | Path) -> Gold:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Gold(
        file=data["file"],
        source_id=data["source_id"],
        persons=tuple((person["name"], person.get("role") or "") for person in data["persons"]),
        organizations=tuple(data["organizations"]),
        places=tuple(data["places"]),
        events=tuple(
            GoldEvent(
                name=event["name"],
                place=event.get("place") or "",
                date=event.get("date"),
                note=event.get("note") or "",
            )
            for event in data["events"]
        ),
        not_persons=tuple(data.get("not_persons", ())),
    )
