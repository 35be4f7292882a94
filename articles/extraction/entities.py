"""Persons (with the roles the article gives them), organizations and places of a document."""

from . import ner, organizations, persons, roles
from .types import Document, Extraction


def extract_entities(document: Document) -> Extraction:
    text = document.text
    tagged = ner.tag(text)
    bodies = organizations.bodies(text, tagged)
    org_mentions = organizations.find_mentions(text, bodies)
    person_spans = persons.find_mentions(text, tagged, organizations.known_names(org_mentions))
    found_roles = roles.find_roles(text, ner.tokens(text), bodies, person_spans)
    # "член Госсовета — министр ... КНР": the role says whose Госсовет it is.
    qualified = {
        (start, end): place for role in found_roles.values() for start, end, place in role.qualified
    }
    orgs, places = organizations.build(text, org_mentions, qualified)
    return Extraction(
        persons=tuple(persons.group(text, person_spans, found_roles)),
        organizations=tuple(orgs),
        places=tuple(places),
    )
