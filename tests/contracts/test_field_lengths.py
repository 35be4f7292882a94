"""What the importer stores is cut to the length of its field, and no shorter."""

import pytest

from articles.extraction.types import EntityMention, Extraction, Kind, Span
from articles.importing.linking import apply_extraction
from articles.models import ArticleOrganization, Organization

from ..factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "Президент Казахстана выступил."


def organization(name):
    return EntityMention(
        kind=Kind.ORGANIZATION,
        name=name,
        forms=(name,),
        aliases=(),
        spans=(Span(0, 9, "Президент"),),
        confidence=0.8,
    )


def test_an_extracted_organization_name_of_250_characters_is_stored_whole():
    name = ("Республиканское государственное предприятие " * 6)[:250]
    assert len(name) == 250 and not name.endswith(" ")

    for article in (make_article(), make_article()):
        apply_extraction(article, Extraction(organizations=(organization(name),)), text=TEXT)

    assert list(Organization.objects.values_list("name", flat=True)) == [name]
    assert ArticleOrganization.objects.count() == 2
