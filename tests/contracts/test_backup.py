"""Backup and restore, as docs/operations.md ("Backup and restore") tells operators to do them.

The portable path (dumpdata, then loaddata into a freshly migrated database) on
both databases; pg_dump and pg_restore on PostgreSQL. Each restores every
article, entity, alias, link and participant exactly, and PostgreSQL's
generated search columns come back computed.
"""

import shutil
import subprocess
import tarfile
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone
from PIL import Image as PILImage

from articles.media import renditions
from articles.models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    ContentState,
    Event,
    EventAlias,
    Image,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    ReviewStatus,
)

from ..factories import link, make_article, make_event, make_image, make_person

# The flags docs/operations.md gives for `manage.py dumpdata`. YAML keeps every value as it is:
# JSON cuts times to the millisecond (DjangoJSONEncoder), and XML loses the spaces
# around a text (the search stems begin and end with one).
DUMPDATA_FLAGS = [
    "--format=yaml",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--all",
]

CONTENT_MODELS = [
    Image,
    Article,
    Person,
    Organization,
    Place,
    Event,
    PersonAlias,
    OrganizationAlias,
    PlaceAlias,
    EventAlias,
    ArticlePerson,
    ArticleOrganization,
    ArticlePlace,
    ArticleEvent,
    Event.participants.through,
]

# Columns PostgreSQL computes itself (migrations 0002 and 0004); no model field names them.
GENERATED_COLUMNS = ["search_vector", "title_vector", "lead_vector"]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


@pytest.fixture
def newsroom(db):
    """Articles published, scheduled and draft, with every kind of entity, alias and link."""
    now = timezone.now()
    photo = make_image(width=1400, height=900, alt="Лидеры на саммите", credit="Пресс-служба")
    summit = make_article(
        title="Саммит ШОС в Астане",
        lead="Лидеры встретились в Астане.",
        body=f'<p>Текст.</p><figure><img src="" alt="" data-file="{photo.pk}"></figure>',
        lead_image=photo,
    )
    visit = make_article(title="Визит в Москву", published_at=now - timedelta(days=3))
    draft = make_article(title="Черновик о переговорах", status=Article.Status.DRAFT)
    make_article(title="Запланированная статья", published_at=now + timedelta(days=1))

    nazarbayev = make_person(
        "Нурсултан Назарбаев",
        description="Первый президент Казахстана",
        photo_url="https://example.kz/nazarbayev.jpg",
        image=make_image(width=600, height=800, alt="Портрет", name="portrait.png"),
    )
    putin = make_person("Владимир Путин", review_status=ReviewStatus.SUGGESTED)
    nazarbayev.aliases.create(name="Н. Назарбаев")
    nazarbayev.aliases.create(name="Нурсултана Назарбаева")
    link(summit, nazarbayev, "Президент Казахстана")
    ArticlePerson.objects.create(
        article=visit,
        person=putin,
        role="Президент России",
        position=1,
        review_status=ReviewStatus.SUGGESTED,
        confidence=0.87,
        evidence="Президент России Владимир Путин",
    )
    link(draft, putin)

    sco = Organization.objects.create(
        name="Шанхайская организация сотрудничества", description="Межгосударственное объединение"
    )
    sco.aliases.create(name="ШОС")
    ArticleOrganization.objects.create(article=summit, organization=sco, confidence=0.5)
    astana = Place.objects.create(name="Астана")
    astana.aliases.create(name="Нур-Султан")
    ArticlePlace.objects.create(
        article=summit, place=astana, review_status=ReviewStatus.REJECTED, evidence="в Астане"
    )

    meeting = make_event(
        "Саммит ШОС",
        place="Астана",
        start_date=date(2017, 6, 8),
        end_date=date(2017, 6, 9),
        date_precision=Event.DatePrecision.DAY,
        description="Встреча глав государств",
        review_status=ReviewStatus.APPROVED,
    )
    meeting.aliases.create(name="Астанинский саммит")
    meeting.participants.add(nazarbayev, putin)
    ArticleEvent.objects.create(article=summit, event=meeting)
    make_event("Переговоры", start_date=date(2017, 6, 1), date_precision=Event.DatePrecision.MONTH)

    # A database with a history has other ids than a new one has: here a content type
    # (with its permissions) and the editors' group of migration 0006 made again. Only
    # their natural keys find them in a new database.
    ContentType.objects.filter(app_label="admin", model="logentry").delete()
    ContentType.objects.clear_cache()
    create_permissions(apps.get_app_config("admin"), verbosity=0)
    Group.objects.filter(name="Редактор").delete()
    editors = Group.objects.create(name="Редактор")
    editors.permissions.set(
        Permission.objects.filter(codename__in=["view_article", "view_logentry"])
    )
    # An editor in that group, with a permission of that content type and an admin log entry.
    editor = User.objects.create_user("editor", password="секретный пароль", is_staff=True)
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="change_logentry"))
    LogEntry.objects.log_actions(editor.pk, [summit], ADDITION, change_message="[]")


def content_rows(using):
    rows = {}
    for model in CONTENT_MODELS:
        if model._meta.auto_created:
            # A many-to-many table's own ids are not data: the dump names pairs, and
            # loaddata numbers them anew (from where the new database's sequence is).
            fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
            rows[model._meta.label] = list(
                model.objects.using(using).order_by(*fields).values(*fields)
            )
        else:
            rows[model._meta.label] = list(model.objects.using(using).order_by("pk").values())
    return rows


def account_rows(using):
    users = User.objects.using(using).order_by("username")
    return {
        "users": [
            (
                user.username,
                user.password,
                user.is_staff,
                sorted(user.groups.values_list("name", flat=True)),
                sorted(user.user_permissions.values_list("content_type__app_label", "codename")),
            )
            for user in users
        ],
        "groups": [
            (
                group.name,
                sorted(group.permissions.values_list("content_type__app_label", "codename")),
            )
            for group in Group.objects.using(using).order_by("name")
        ],
        "log": list(
            LogEntry.objects.using(using)
            .order_by("action_time")
            .values_list(
                "user__username",
                "content_type__app_label",
                "content_type__model",
                "object_id",
                "object_repr",
                "action_flag",
            )
        ),
    }


def generated_columns(cursor):
    columns = ", ".join(f"{column}::text" for column in GENERATED_COLUMNS)
    cursor.execute(f"SELECT id, {columns} FROM articles_article ORDER BY id")
    return cursor.fetchall()


def server_url(dbname):
    settings_dict = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=dbname,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )


@pytest.fixture
def scratch_postgresql():
    """The name of a new, empty PostgreSQL database on the test server, dropped after."""
    name = f"newsroom_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield name
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(request, tmp_path):
    """A second database alias, migrated and nothing more: what a new deployment has."""
    alias = "restored"
    settings_dict = {**connections.settings["default"], "TEST": {}}
    if connection.vendor == "postgresql":
        settings_dict["NAME"] = request.getfixturevalue("scratch_postgresql")
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    # Created here rather than declared in settings: Django's test cases allow such a
    # connection without listing it in their databases.
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        call_command("migrate", database=alias, verbosity=0)
        # What migrations 0003 and 0006 create: loaddata must get along with them.
        assert list(ContentState.objects.using(alias).values_list("pk", flat=True)) == [1]
        assert sorted(Group.objects.using(alias).values_list("name", flat=True)) == [
            "Автор",
            "Редактор",
        ]
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def test_dumpdata_and_loaddata_into_a_fresh_database_restore_every_row(
    newsroom, fresh_database, tmp_path
):
    backup = tmp_path / "newsroom.yaml.gz"

    call_command("dumpdata", *DUMPDATA_FLAGS, output=str(backup), verbosity=0)
    call_command("loaddata", str(backup), database=fresh_database, verbosity=0)

    restored = content_rows(fresh_database)
    assert restored == content_rows("default")
    assert len(restored["articles.Article"]) == 4
    assert [row["name"] for row in restored["articles.PersonAlias"]] == [
        "Н. Назарбаев",
        "Нурсултана Назарбаева",
    ]
    assert [row["role"] for row in restored["articles.ArticlePerson"]] == [
        "Президент Казахстана",
        "Президент России",
        "",
    ]
    assert len(restored["articles.Event_participants"]) == 2
    accounts = account_rows(fresh_database)
    assert accounts == account_rows("default")
    assert accounts["users"][0][:4] == ("editor", User.objects.get().password, True, ["Редактор"])
    # The database goes on: its sequences were moved past the restored ids.
    added = Article(title="Новая статья", lead="Лид", body="Текст", status=Article.Status.DRAFT)
    added.save(using=fresh_database)
    assert added.pk > max(row["id"] for row in restored["articles.Article"])


@on_postgresql
def test_loaddata_computes_the_generated_search_columns(newsroom, fresh_database, tmp_path):
    backup = tmp_path / "newsroom.yaml.gz"

    call_command("dumpdata", *DUMPDATA_FLAGS, output=str(backup), verbosity=0)
    call_command("loaddata", str(backup), database=fresh_database, verbosity=0)

    with connection.cursor() as source, connections[fresh_database].cursor() as restored:
        expected, got = generated_columns(source), generated_columns(restored)
    summit = Article.objects.get(title="Саммит ШОС в Астане").pk
    assert got == expected
    assert len(got) == 4
    # Computed by the new database from the stored forms: "Астане" as the stem and as written.
    search_vector = {row[0]: row[1] for row in got}[summit]
    assert "'астан'" in search_vector
    assert "'астане'" in search_vector


def every_table(conn):
    tables = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return {
        table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        for (table,) in tables
    }


def sequences(conn):
    return conn.execute(
        "SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = 'public' ORDER BY sequencename"
    ).fetchall()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_restore_every_table_and_regenerate_search_columns(
    newsroom, scratch_postgresql, tmp_path
):
    source = server_url(connection.settings_dict["NAME"])
    target = server_url(scratch_postgresql)
    backup = tmp_path / "newsroom.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={backup}", f"--dbname={source}"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={target}",
            str(backup),
        ],
        check=True,
        capture_output=True,
    )

    with psycopg.connect(source) as original, psycopg.connect(target) as restored:
        expected, got = every_table(original), every_table(restored)
        assert got == expected
        assert sequences(restored) == sequences(original)
        with original.cursor() as before, restored.cursor() as after:
            assert generated_columns(after) == generated_columns(before)
        # Still generated columns, not copies: an edit recomputes them.
        kinds = restored.execute(
            "SELECT attname, attgenerated FROM pg_attribute "
            "WHERE attrelid = 'articles_article'::regclass AND attgenerated <> '' "
            "ORDER BY attname"
        ).fetchall()
        summit = Article.objects.get(title="Саммит ШОС в Астане").pk
        restored.execute(
            # The vectors follow the stored forms (migration 0008), which save() fills.
            "UPDATE articles_article SET title_stems = ' визит алматы алмат ' WHERE id = %s",
            [summit],
        )
        title_vector = restored.execute(
            "SELECT title_vector::text FROM articles_article WHERE id = %s", [summit]
        ).fetchone()[0]
    assert sorted(expected) == sorted(got)
    assert len(expected["articles_article"]) == 4
    assert len(expected["articles_personalias"]) == 2
    assert kinds == [("lead_vector", "s"), ("search_vector", "s"), ("title_vector", "s")]
    assert "алмат" in title_vector
    assert "саммит" not in title_vector


def media_files(root):
    """Every file under `root`, by its path inside it, with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def test_the_media_files_are_backed_up_beside_the_rows_and_restored_with_them(
    newsroom, fresh_database, tmp_path, settings
):
    """docs/operations.md: the two media folders go into archives beside the dump."""
    backup = tmp_path / "newsroom.yaml.gz"
    roots = {
        "media": Path(settings.STORAGES["default"]["OPTIONS"]["location"]),
        "originals": Path(settings.STORAGES["originals"]["OPTIONS"]["location"]),
    }
    before = {name: media_files(root) for name, root in roots.items()}
    call_command("dumpdata", *DUMPDATA_FLAGS, output=str(backup), verbosity=0)
    for name, root in roots.items():
        with tarfile.open(tmp_path / f"newsroom-{name}.tar.gz", "w:gz") as archive:
            archive.add(root, arcname=".")
        # The host is lost: nothing of the files is left.
        shutil.rmtree(root)
        root.mkdir()

    call_command("loaddata", str(backup), database=fresh_database, verbosity=0)
    for name, root in roots.items():
        with tarfile.open(tmp_path / f"newsroom-{name}.tar.gz") as archive:
            archive.extractall(root, filter="data")

    assert {name: media_files(root) for name, root in roots.items()} == before
    images = list(Image.objects.using(fresh_database).order_by("pk"))
    assert len(images) == 2
    for image in images:
        names = [entry[2] for _set, _format, entry in renditions.entries(image.renditions)]
        assert names and all((roots["media"] / name).is_file() for name in names)
        with image.file.open("rb") as original:
            assert PILImage.open(original).size == (image.width, image.height)
    summit = Article.objects.using(fresh_database).get(title="Саммит ШОС в Астане")
    assert summit.lead_image_id == images[0].pk
