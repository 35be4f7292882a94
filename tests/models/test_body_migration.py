"""Migration 0011 turns the plain-text bodies of a database into the editor's HTML and
loses nothing an editor wrote: a database as it was before (0009), with articles
imported and articles typed by hand in the old textarea, is migrated and read back."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import search
from articles.models import Article
from articles.text import parsing, stemming

BEFORE = ("articles", "0009_sqlite_forms_index")

# What an editor could type in the textarea before: Windows line breaks, a line
# break inside a paragraph, several blank lines, markup that was only ever text,
# no-break and double spaces, quotes and ampersands.
HAND_TYPED = (
    'Первый абзац: «цитата» & ссылка <a href="javascript:alert(1)">жми</a>.\r\n\r\n'
    "Второй абзац\r\nс переносом строки и  двумя пробелами.\n\n\n\n"
    "<script>alert('x')</script> Третий абзац, 5\u00a0000 тенге.\n \n"
    "Четвёртый: <b>не жирный</b>, а текст; 2 < 3 > 1."
)
HAND_TYPED_PARAGRAPHS = [
    'Первый абзац: «цитата» & ссылка <a href="javascript:alert(1)">жми</a>.',
    "Второй абзац с переносом строки и  двумя пробелами.",
    "<script>alert('x')</script> Третий абзац, 5\u00a0000 тенге.",
    "Четвёртый: <b>не жирный</b>, а текст; 2 < 3 > 1.",
]
IMPORTED_PARAGRAPHS = ["Саммит ШОС открылся в Астане.", "Его открыл Касым-Жомарт Токаев."]


def derived(title, lead, body):
    """What the old save() stored beside the text (the historical model has no save())."""
    return {
        "search_text": "\n".join((title, lead, body)).casefold(),
        "title_stems": stemming.document(title),
        "lead_stems": stemming.document(lead),
        "body_stems": stemming.document(body),
    }


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def old_database():
    """The test database at 0009, given back at the latest migration whatever happens."""
    apps = migrate(BEFORE)
    try:
        yield apps
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_plain_bodies_become_paragraphs_and_keep_every_character(old_database):
    OldArticle = old_database.get_model("articles", "Article")
    imported_body = "\n\n".join(IMPORTED_PARAGRAPHS)
    imported = OldArticle.objects.create(
        title="Саммит ШОС",
        slug="sammit",
        lead="Лид.",
        body=imported_body,
        source_id="abc123",
        status="published",
        published_at="2024-07-03T10:00:00Z",
        import_fingerprint=parsing.fingerprint("Саммит ШОС", "Лид.", imported_body),
        **derived("Саммит ШОС", "Лид.", imported_body),
    )
    typed = OldArticle.objects.create(
        title="Набрано вручную",
        slug="vruchnuyu",
        lead="Лид.",
        body=HAND_TYPED,
        status="draft",
        import_fingerprint="edited-since-import",
        **derived("Набрано вручную", "Лид.", HAND_TYPED),
    )
    assert OldArticle.objects.count() == 2

    migrate(("articles", "0011_rich_bodies_and_image_roles"))
    call_command("migrate", verbosity=0)

    assert Article.objects.count() == 2
    typed = Article.objects.get(pk=typed.pk)
    assert typed.body == (
        "<p>Первый абзац: «цитата» &amp; ссылка "
        '&lt;a href="javascript:alert(1)"&gt;жми&lt;/a&gt;.</p>\n'
        "<p>Второй абзац\nс переносом строки и  двумя пробелами.</p>\n"
        "<p>&lt;script&gt;alert('x')&lt;/script&gt; Третий абзац, 5&nbsp;000 тенге.</p>\n"
        "<p>Четвёртый: &lt;b&gt;не жирный&lt;/b&gt;, а текст; 2 &lt; 3 &gt; 1.</p>"
    )
    assert typed.paragraphs() == HAND_TYPED_PARAGRAPHS
    # Not one word of the old textarea is lost, nor one added.
    assert typed.body_text.split() == HAND_TYPED.split()

    imported = Article.objects.get(pk=imported.pk)
    assert (
        imported.body
        == "<p>Саммит ШОС открылся в Астане.</p>\n<p>Его открыл Касым-Жомарт Токаев.</p>"
    )
    assert imported.body_text == imported_body
    # Nobody had edited it: a re-import still sees it as the file's.
    assert imported.import_fingerprint == parsing.fingerprint("Саммит ШОС", "Лид.", imported_body)
    assert typed.import_fingerprint == "edited-since-import"

    # Search reads the migrated text, through the full-text index on SQLite too.
    found = search.search_articles(Article.objects.all(), "Токаева")
    assert [a.pk for a in found] == [imported.pk]
    assert [a.pk for a in search.search_articles(Article.objects.all(), "тенге")] == [typed.pk]
