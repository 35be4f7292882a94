"""Builders for the tests' data: articles, persons, events, organizations, places and
the links between them, users in their roles, the admin's URLs and forms, and the
seed's paths. Plain functions (conftest.py keeps the fixtures, which may call these)."""

import importlib
import io
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.media.library import add_image
from articles.models import (
    Article,
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    ArticlePlace,
    Event,
    Organization,
    Person,
    Place,
    Rubric,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9e9f9821349f9dac.txt"
SEED_TITLE = "Нурсултан Назарбаев: Мы сопереживаем всем гражданам России"
CORPUS = ROOT / "tests" / "corpus"

# The password of the users made here.
PASSWORD = "x-секрет-42"
# The article change form's inlines (admin/articles.py).
INLINES = ["byline", "person_links", "organization_links", "place_links", "event_links"]

_numbers = count(1)


def copy_of_seed(folder):
    """The seed article's file, copied into `folder`."""
    path = folder / SEED.name
    path.write_bytes(SEED.read_bytes())
    return path


def load_articles(*paths, **options):
    """`manage.py load_articles` on `paths`: what it printed (stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("load_articles", *map(str, paths), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def make_article(**fields):
    number = next(_numbers)
    values = {
        "title": f"Статья номер {number}",
        "lead": f"Лид статьи {number}",
        "body": f"Первый абзац статьи {number}.\n\nВторой абзац.",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=number),
    }
    values.update(fields)
    return Article.objects.create(**values)


def make_scheduled(**fields):
    """A published article whose publication time is two hours away."""
    return make_article(published_at=timezone.now() + timedelta(hours=2), **fields)


def make_hidden_articles():
    """The articles no reader may see: a draft, a scheduled article, one taken off the
    site as a draft with a publication time (as before the workflow), one in review and
    one unpublished."""
    return [
        make_article(title="Черновик о саммите", status=Article.Status.DRAFT),
        make_scheduled(title="Запланированная статья"),
        make_article(
            title="Снятая статья", status=Article.Status.DRAFT, published_at=timezone.now()
        ),
        make_article(title="Статья на проверке", status=Article.Status.REVIEW),
        make_article(
            title="Снятая с публикации статья",
            status=Article.Status.UNPUBLISHED,
            published_at=timezone.now() - timedelta(days=1),
        ),
    ]


def make_articles_around_midnight():
    """Articles published at 23:00 on 9 April 2017, at 00:00 on the 10th and at noon on
    the 11th, in the site's time zone, titled by their day."""
    for title, day, hour in [
        ("9 апреля", 9, 23),
        ("10 апреля утром", 10, 0),
        ("11 апреля", 11, 12),
    ]:
        make_article(title=title, published_at=timezone.make_aware(datetime(2017, 4, day, hour, 0)))


def jpeg_bytes(width=1600, height=900, *, color=(40, 90, 160), exif=None):
    """A JPEG of `width` × `height` pixels: a left-to-right gradient over `color`, so
    that crops differ; `exif` (a PIL.Image.Exif) is written into it."""
    picture = PILImage.linear_gradient("L").resize((width, height)).convert("RGB")
    picture = PILImage.blend(picture, PILImage.new("RGB", (width, height), color), 0.5)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def make_image(*, width=1600, height=900, data=None, name="photo.jpg", **fields):
    """A library image with its renditions made (articles.media.library.add_image)."""
    values = {"alt": "Здание акимата на площади", "credit": "Иван Петров", **fields}
    upload = SimpleUploadedFile(name, data or jpeg_bytes(width, height), "image/jpeg")
    return add_image(upload, **values)


def make_person(name, **fields):
    return Person.objects.create(name=name, **fields)


def link(article, person, role=""):
    return ArticlePerson.objects.create(article=article, person=person, role=role)


LINKS = {
    Person: ArticlePerson,
    Event: ArticleEvent,
    Organization: ArticleOrganization,
    Place: ArticlePlace,
}


def link_entities(article, *entities, role=""):
    """Links `article` to each of the persons, events, organizations and places given
    (the persons in `role`)."""
    for entity in entities:
        if isinstance(entity, Person):
            link(article, entity, role)
        else:
            LINKS[type(entity)].objects.create(
                article=article, **{type(entity).__name__.lower(): entity}
            )


def make_event(name, **fields):
    return Event.objects.create(name=name, **fields)


def make_organization(name, **fields):
    return Organization.objects.create(name=name, **fields)


def make_place(name, **fields):
    return Place.objects.create(name=name, **fields)


# The migrations that grant the roles their permissions, and each one's table.
ROLE_GRANTS = [
    ("articles.migrations.0006_roles", "GROUP_PERMISSIONS"),
    ("articles.migrations.0014_top_stories", "TOP_STORY_PERMISSIONS"),
    ("articles.migrations.0015_rubrics_tags_authors_workflow", "PERMISSIONS"),
]


def restore_roles():
    """The groups «Автор» and «Редактор» as the migrations leave them: data that a
    transactional test's flush deletes (the permissions are made again, the groups not)."""
    for module, table in ROLE_GRANTS:
        for name, codenames in getattr(importlib.import_module(module), table).items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def make_user(username, group=None, *, password=PASSWORD, **fields):
    """A staff user, in the role `group` ("Автор", "Редактор", from the data migration)
    when one is given."""
    user = get_user_model().objects.create_user(
        username, password=password, is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_superuser(username, *, password=PASSWORD, **fields):
    return get_user_model().objects.create_superuser(username, password=password, **fields)


def logged_in(user, **client_options):
    """A test client logged in as `user`."""
    client = Client(**client_options)
    client.force_login(user)
    return client


def editor(username, first_name=""):
    """A superuser's logged-in client."""
    return logged_in(make_superuser(username, first_name=first_name))


def admin_url(model, view, *args):
    """The URL of an admin view of one of the app's models (a class or an object)."""
    return reverse(f"admin:articles_{model._meta.model_name}_{view}", args=args)


def object_url(obj, view, *args):
    """The URL of an admin view of one object ("change", "history", "revision", ...)."""
    return admin_url(obj, view, obj.pk, *args)


def article_form(**fields):
    """An article change form as the admin posts it, with empty inlines."""
    data = {
        "title": "Заголовок",
        "slug": "",
        "lead": "Лид",
        "body": "Текст.",
        "published_at_0": "",
        "published_at_1": "",
        "rubric": str(Rubric.objects.default().pk),
    }
    for prefix in INLINES:
        data.update(no_inline_forms(prefix))
    data.update(fields)
    return data


def person_form(person, **fields):
    """A person's change form as the admin posts it, with no other names."""
    return {
        "name": person.name,
        "slug": person.slug,
        "review_status": person.review_status,
        "description": "",
        "photo_url": "",
        **no_inline_forms("aliases"),
        **fields,
    }


def no_inline_forms(prefix):
    """The management form of an inline formset posted without forms."""
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def published_at_fields(article):
    local = article.published_at.astimezone()
    return {
        "status": article.status,
        "published_at_0": local.strftime("%d.%m.%Y"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


def article_data(article, token=None, **changes):
    data = article_form(
        title=article.title,
        slug=article.slug,
        lead=article.lead,
        body=article.body,
        rubric=str(article.rubric_id),
        **published_at_fields(article),
    )
    if token is not None:
        data["edit_snapshot"] = token
    data.update(changes)
    return data


def with_person_link(data, link_obj, person):
    data.update(
        {
            "person_links-TOTAL_FORMS": "1",
            "person_links-INITIAL_FORMS": "1",
            "person_links-0-id": str(link_obj.pk),
            "person_links-0-article": str(link_obj.article_id),
            "person_links-0-person": str(person.pk),
            "person_links-0-role": link_obj.role,
            "person_links-0-position": "0",
            "person_links-0-review_status": link_obj.review_status,
        }
    )
    return data
