"""Every admin page reads as correct Russian: titles, buttons, messages, inline labels
and history entries name each model in the case and gender the sentence needs
(articles/admin/grammar.py, phrases.py, wording.py).

Each page of each registered model is visited as a superuser and compared with the
exact list below: a model registered later fails here until its wording is written.
"""

import json
import re
from html import unescape

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import (
    Article,
    Author,
    Event,
    Image,
    Organization,
    Person,
    Place,
    Rubric,
    Tag,
    TopStory,
)

from ..contracts.test_admin_matrix import form_of
from ..factories import (
    article_form,
    jpeg_bytes,
    link,
    logged_in,
    make_article,
    make_event,
    make_image,
    make_organization,
    make_person,
    make_place,
    make_superuser,
    make_user,
    no_inline_forms,
)

pytestmark = pytest.mark.django_db

SITE = "Newsroom"

# Per model: (changelist, add, change, delete) page titles, None where a superuser
# is refused the page; the history's title is "История изменений: <object>".
TITLES = {
    "articles.article": (
        "Выберите статью для изменения",
        "Добавить статью",
        "Изменить статью",
        "Удалить статью",
    ),
    "articles.person": (
        "Выберите персону для изменения",
        "Добавить персону",
        "Изменить персону",
        "Удалить персону",
    ),
    "articles.organization": (
        "Выберите организацию для изменения",
        "Добавить организацию",
        "Изменить организацию",
        "Удалить организацию",
    ),
    "articles.place": (
        "Выберите место для изменения",
        "Добавить место",
        "Изменить место",
        "Удалить место",
    ),
    "articles.event": (
        "Выберите событие для изменения",
        "Добавить событие",
        "Изменить событие",
        "Удалить событие",
    ),
    "articles.image": (
        "Выберите изображение для изменения",
        "Добавить изображение",
        "Изменить изображение",
        "Удалить изображение",
    ),
    "articles.topstory": (
        "Выберите главную статью для изменения",
        "Добавить главную статью",
        "Изменить главную статью",
        "Удалить главную статью",
    ),
    "articles.rubric": (
        "Выберите рубрику для изменения",
        "Добавить рубрику",
        "Изменить рубрику",
        "Удалить рубрику",
    ),
    "articles.tag": (
        "Выберите тег для изменения",
        "Добавить тег",
        "Изменить тег",
        "Удалить тег",
    ),
    "articles.author": (
        "Выберите автора для изменения",
        "Добавить автора",
        "Изменить автора",
        "Удалить автора",
    ),
    "auth.user": (
        "Выберите пользователя для изменения",
        "Добавить пользователя",
        "Изменить пользователя",
        "Удалить пользователя",
    ),
    "auth.group": (
        "Выберите группу для изменения",
        "Добавить группу",
        "Изменить группу",
        "Удалить группу",
    ),
    # django-axes' records are written by the login, never added by hand.
    "axes.accessattempt": (
        "Выберите запись о попытке доступа для изменения",
        None,
        "Изменить запись о попытке доступа",
        "Удалить запись о попытке доступа",
    ),
    "axes.accesslog": (
        "Выберите запись о доступе для изменения",
        None,
        "Изменить запись о доступе",
        "Удалить запись о доступе",
    ),
    "axes.accessfailurelog": (
        "Выберите ошибку доступа для изменения",
        None,
        "Изменить ошибку доступа",
        "Удалить ошибку доступа",
    ),
    # The task queue is read-only, even for a superuser.
    "django_tasks_database.dbtaskresult": (
        "Выберите задачу для просмотра",
        None,
        "Просмотреть задачу",
        None,
    ),
}

# The object-tools button of each list a superuser may add to.
ADD_BUTTONS = {label: titles[1] for label, titles in TITLES.items() if titles[1]}

APP_TITLES = {
    "articles": "Администрирование приложения «Newsroom»",
    "auth": "Администрирование приложения «Пользователи и группы»",
    "axes": "Администрирование приложения «Axes»",
    "django_tasks_database": "Администрирование приложения «Tasks Database Backend»",
}

# The inlines' "add another" links.
INLINE_ADD_TEXTS = {
    "articles.article": (
        "Добавить ещё одного автора статьи",
        "Добавить ещё одну персону в статье",
        "Добавить ещё одну организацию в статье",
        "Добавить ещё одно место в статье",
        "Добавить ещё одно событие в статье",
    ),
    **dict.fromkeys(
        ["articles.person", "articles.organization", "articles.place", "articles.event"],
        ("Добавить ещё одно другое название",),
    ),
}

# (model, the object's name) -> the messages after its add, its change, its deletion.
MESSAGES = {
    "article": (
        "Статья «Саммит» успешно добавлена.",
        "Статья «Саммит» успешно изменена.",
        "Статья «Саммит» успешно удалена.",
    ),
    "person": (
        "Персона «Иван Петров» успешно добавлена.",
        "Персона «Иван Петров» успешно изменена.",
        "Персона «Иван Петров» успешно удалена.",
    ),
    "organization": (
        "Организация «ООН» успешно добавлена.",
        "Организация «ООН» успешно изменена.",
        "Организация «ООН» успешно удалена.",
    ),
    "place": (
        "Место «Астана» успешно добавлено.",
        "Место «Астана» успешно изменено.",
        "Место «Астана» успешно удалено.",
    ),
    "event": (
        "Событие «Саммит» успешно добавлено.",
        "Событие «Саммит» успешно изменено.",
        "Событие «Саммит» успешно удалено.",
    ),
    "rubric": (
        "Рубрика «Экономика» успешно добавлена.",
        "Рубрика «Экономика» успешно изменена.",
        "Рубрика «Экономика» успешно удалена.",
    ),
    "tag": (
        "Тег «Инфляция» успешно добавлен.",
        "Тег «Инфляция» успешно изменён.",
        "Тег «Инфляция» успешно удалён.",
    ),
    "author": (
        "Автор «Айгерим Сейткали» успешно добавлен.",
        "Автор «Айгерим Сейткали» успешно изменён.",
        "Автор «Айгерим Сейткали» успешно удалён.",
    ),
    "image": (
        "Изображение «Площадь» успешно добавлено.",
        "Изображение «Площадь» успешно изменено.",
        "Изображение «Площадь» успешно удалено.",
    ),
    "group": (
        "Группа «Корректоры» успешно добавлена.",
        "Группа «Корректоры» успешно изменена.",
        "Группа «Корректоры» успешно удалена.",
    ),
    # UserAdmin shows the new user's form again, for the rest of the details.
    "user": (
        "Пользователь «ivanov» успешно добавлен. Ниже его можно изменить снова.",
        "Пользователь «ivanov» успешно изменён.",
        "Пользователь «ivanov» успешно удалён.",
    ),
}


def page_text(response):
    """(<title>, [<h1>], [message]) of a page, as a reader reads them."""
    content = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", content, re.S)
    return text(title), [text(h) for h in h1], messages_of(content)


def text(fragment):
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def messages_of(content):
    listed = re.search(r'<ul class="messagelist">(.*?)</ul>', content, re.S)
    return (
        [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1), re.S)]
        if listed
        else []
    )


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def root_client():
    return logged_in(make_superuser("root"))


@pytest.fixture
def one_of_each():
    """An object of every registered model, by label."""
    article = make_article(title="Первая статья")
    person = make_person("Нурсултан Назарбаев")
    link(article, person, "Президент")
    return {
        "articles.article": article,
        "articles.person": person,
        "articles.organization": make_organization("ШОС"),
        "articles.place": make_place("Астана"),
        "articles.event": make_event("Саммит ШОС"),
        "articles.image": make_image(width=400, height=300),
        "articles.topstory": TopStory.objects.create(article=article),
        "articles.rubric": Rubric.objects.create(name="Экономика"),
        "articles.tag": Tag.objects.create(name="Инфляция"),
        "articles.author": Author.objects.create(name="Айгерим Сейткали"),
        "auth.user": make_user("staff"),
        "auth.group": Group.objects.get(name="Автор"),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="10.0.0.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(username="x", ip_address="10.0.0.1"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="10.0.0.1", locked_out=False
        ),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            task_path="articles.tasks.extract_article",
            args_kwargs={"args": [article.pk], "kwargs": {}},
            queue_name="default",
            backend_name="default",
        ),
    }


def registered():
    return {model._meta.label_lower: model for model in admin.site._registry}


def test_every_registered_model_has_its_titles_here_and_its_noun_in_grammar(root_client):
    from articles.admin import grammar

    assert sorted(registered()) == sorted(TITLES)
    inline_models = [
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    ]
    labels = [model._meta.label_lower for model in [*registered().values(), *inline_models]]
    assert [label for label in labels if label not in grammar.NOUNS] == []
    # The index and each application's page, which name no model.
    assert page_text(root_client.get(reverse("admin:index")))[:2] == (
        f"Редакция | {SITE}",
        ["Редакция"],
    )
    for app_label, title in APP_TITLES.items():
        page = root_client.get(reverse("admin:app_list", args=[app_label]))
        assert page_text(page)[:2] == (f"{title} | {SITE}", [title]), app_label


@pytest.mark.parametrize("label", sorted(TITLES))
def test_every_page_of_every_model_has_its_exact_title(root_client, one_of_each, label):
    model, obj = registered()[label], one_of_each[label]
    changelist, add, change, delete = TITLES[label]
    history = f"История изменений: {obj}"
    pages = [
        ("changelist", url(model, "changelist"), changelist, f"{changelist} | {SITE}"),
        ("add", url(model, "add"), add, f"{add} | {SITE}"),
        ("change", url(model, "change", obj.pk), change, f"{obj} | {change} | {SITE}"),
        ("delete", url(model, "delete", obj.pk), delete, f"{delete} | {SITE}"),
        ("history", url(model, "history", obj.pk), history, f"{history} | {SITE}"),
    ]
    for view, address, heading, title in pages:
        response = root_client.get(address)
        if heading is None:
            assert response.status_code == 403, view
            continue
        assert response.status_code == 200, view
        assert page_text(response)[:2] == (" ".join(title.split()), [heading]), view
    assert object_tools(root_client.get(url(model, "changelist")), "addlink") == (
        [ADD_BUTTONS[label]] if label in ADD_BUTTONS else []
    )


def object_tools(response, css_class):
    """The texts of the page's object-tools links of `css_class`."""
    tools = re.search(r'<ul class="object-tools">(.*?)</ul>', response.content.decode(), re.S)
    links = (
        re.findall(rf'class="{css_class}"[^>]*>(.*?)</a>', tools.group(1), re.S) if tools else []
    )
    # The library's list has its upload button first, named in its own words.
    return [text(link) for link in links if "Загрузить" not in text(link)]


def test_the_inlines_add_another_row_in_the_accusative(root_client, one_of_each):
    for label, expected in INLINE_ADD_TEXTS.items():
        obj = one_of_each[label]
        content = root_client.get(url(type(obj), "change", obj.pk)).content.decode()
        found = [
            json.loads(unescape(data))["options"]["addText"]
            for data in re.findall(r'data-inline-formset="([^"]*)"', content)
        ]
        assert tuple(found) == expected, label


def test_the_related_fields_links_are_titled_in_russian_with_no_quote_inside(
    root_client, one_of_each
):
    # Django's Russian put "…" inside the title attribute, which ended it there.
    pages = {
        "articles.event": [("add", "Добавить ещё один объект типа «персона»")],
        "articles.topstory": [
            ("add", "Добавить ещё один объект типа «статья»"),
            ("change", "Изменить выбранный объект типа «статья»"),
            ("view", "Просмотреть выбранный объект типа «статья»"),
        ],
    }
    for label, expected in pages.items():
        obj = one_of_each[label]
        content = root_client.get(url(type(obj), "change", obj.pk)).content.decode()
        links = re.findall(
            r'<a class="related-widget-wrapper-link ([a-z]+)-related"[^>]*?title="([^"]*)"',
            content,
            re.S,
        )
        assert sorted(set(links)) == expected, label


def added_changed_deleted(client, model, add_data, change_data=None):
    """The messages after adding an object, saving its change form, and deleting it."""
    added = client.post(url(model, "add"), add_data, follow=True)
    obj = model._default_manager.order_by("-pk").first()
    change_url = url(model, "change", obj.pk)
    data = change_data or form_of(client, change_url, rename=False)
    changed = client.post(change_url, data, follow=True)
    deleted = client.post(url(model, "delete", obj.pk), {"post": "yes"}, follow=True)
    return [page_text(response)[2] for response in (added, changed, deleted)]


def entity_form(name, **fields):
    return {
        "name": name,
        "slug": "",
        "review_status": "approved",
        **no_inline_forms("aliases"),
        **fields,
    }


def image_form():
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(640, 480), "image/jpeg")
    return {"upload": upload, "alt": "Площадь", "caption": "", "credit": "", "source": ""}


def user_form():
    password = "x-секрет-42-длинный"
    return {
        "username": "ivanov",
        "password1": password,
        "password2": password,
        "usable_password": "true",
    }


# The model and a valid add form of each name in MESSAGES.
ADD_FORMS = {
    "article": (Article, lambda: article_form(title="Саммит", status="draft")),
    "person": (Person, lambda: entity_form("Иван Петров", description="", photo_url="")),
    "organization": (Organization, lambda: entity_form("ООН", description="")),
    "place": (Place, lambda: entity_form("Астана")),
    "event": (
        Event,
        lambda: entity_form("Саммит", place="", description="", date_precision="day"),
    ),
    "image": (Image, image_form),
    "rubric": (
        Rubric,
        lambda: {"name": "Экономика", "slug": "", "description": "", "position": "1"},
    ),
    "tag": (Tag, lambda: {"name": "Инфляция", "slug": ""}),
    "author": (
        Author,
        lambda: {"name": "Айгерим Сейткали", "slug": "", "bio": "", "photo": "", "user": ""},
    ),
    "group": (Group, lambda: {"name": "Корректоры"}),
    "user": (get_user_model(), user_form),
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_add_change_and_delete_say_so_in_the_models_gender(root_client, name):
    model, add_form = ADD_FORMS[name]
    assert added_changed_deleted(root_client, model, add_form()) == [[m] for m in MESSAGES[name]]


def test_the_save_buttons_variants_are_worded_too(root_client):
    continued = root_client.post(
        url(Article, "add"),
        {**article_form(title="Саммит", status="draft"), "_continue": "1"},
        follow=True,
    )
    another = root_client.post(
        url(Article, "add"),
        {**article_form(title="Форум", status="draft"), "_addanother": "1"},
        follow=True,
    )
    place = Place.objects.create(name="Астана")
    place_url = url(Place, "change", place.pk)
    changed_continued = root_client.post(
        place_url, {**form_of(root_client, place_url, rename=False), "_continue": "1"}, follow=True
    )
    changed_another = root_client.post(
        place_url,
        {**form_of(root_client, place_url, rename=False), "_addanother": "1"},
        follow=True,
    )
    missing = root_client.get(url(Person, "change", 999_999), follow=True)
    assert [page_text(r)[2] for r in (continued, another, changed_continued, changed_another)] == [
        ["Статья «Саммит» успешно добавлена. Ниже её можно изменить снова."],
        ["Статья «Форум» успешно добавлена. Ниже можно добавить ещё одну статью."],
        ["Место «Астана» успешно изменено. Ниже его можно изменить снова."],
        ["Место «Астана» успешно изменено. Ниже можно добавить ещё одно место."],
    ]
    assert page_text(missing)[2] == [
        "Персона с ID «999999» не существует. Возможно, она была удалена?"
    ]


def bulk_delete(client, model, objects):
    data = {"action": "delete_selected", "_selected_action": [obj.pk for obj in objects]}
    confirmation = client.post(url(model, "changelist"), data)
    done = client.post(url(model, "changelist"), {**data, "post": "yes"}, follow=True)
    question = re.search(r"<p>(Вы уверены.*?)</p>", confirmation.content.decode(), re.S)
    return text(question.group(1)), page_text(done)[2]


# Per model: how to make the n-th object, and the selection of 1, 3 and 5 of them
# counted, with the message after their deletion.
BULK_DELETES = {
    "article": (
        lambda n: make_article(title=f"Статья {n}"),
        [
            ("1 статья", "Удалена 1 статья."),
            ("3 статьи", "Удалено 3 статьи."),
            ("5 статей", "Удалено 5 статей."),
        ],
    ),
    "person": (
        lambda n: make_person(f"Персона {n}"),
        [
            ("1 персона", "Удалена 1 персона."),
            ("3 персоны", "Удалено 3 персоны."),
            ("5 персон", "Удалено 5 персон."),
        ],
    ),
    "place": (
        lambda n: make_place(f"Место {n}"),
        [
            ("1 место", "Удалено 1 место."),
            ("3 места", "Удалено 3 места."),
            ("5 мест", "Удалено 5 мест."),
        ],
    ),
    "user": (
        lambda n: make_user(f"user{n}"),
        [
            ("1 пользователь", "Удалён 1 пользователь."),
            ("3 пользователя", "Удалено 3 пользователя."),
            ("5 пользователей", "Удалено 5 пользователей."),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BULK_DELETES))
def test_a_bulk_delete_counts_in_the_plural_form_the_number_takes(root_client, name):
    make, expected = BULK_DELETES[name]
    model = ADD_FORMS[name][0]
    numbers = iter(range(1, 10))
    seen = [
        bulk_delete(root_client, model, [make(next(numbers)) for _ in range(count)])
        for count in (1, 3, 5)
    ]
    assert seen == [
        (
            f"Вы уверены, что хотите удалить выбранное ({items})? Будут удалены все эти "
            "объекты и связанные с ними:",
            [message],
        )
        for items, message in expected
    ]


def test_the_delete_action_and_the_recover_link_name_the_model_in_the_accusative_plural(
    root_client,
):
    make_article(), make_person("Иван Петров"), Group.objects.create(name="Корректоры")
    labels = {}
    for model in (Article, Person, Group):
        content = root_client.get(url(model, "changelist")).content.decode()
        labels[model._meta.model_name] = [
            text(option)
            for option in re.findall(r'<option value="delete_selected">(.*?)</option>', content)
        ] + [text(link) for link in re.findall(r'class="recoverlink">(.*?)</a>', content, re.S)]
    recover = root_client.get(url(Person, "recoverlist"))
    assert labels == {
        "article": ["Удалить выбранные статьи", "Восстановить удалённые статьи"],
        "person": ["Удалить выбранных персон", "Восстановить удалённых персон"],
        "group": ["Удалить выбранные группы"],
    }
    assert page_text(recover)[:2] == (
        f"Восстановить удалённых персон | {SITE}",
        ["Восстановить удалённых персон"],
    )


def test_the_delete_page_names_the_object_in_the_accusative(root_client, one_of_each):
    article = one_of_each["articles.article"]
    content = root_client.get(url(Article, "delete", article.pk)).content.decode()
    question = re.search(r"<p>(Вы уверены.*?)</p>", content, re.S)
    assert text(question.group(1)) == (
        "Вы уверены, что хотите удалить статью «Первая статья»? Будут удалены и все эти "
        "связанные объекты:"
    )


def test_the_lists_filters_are_headed_by_the_fields_name(root_client):
    content = root_client.get(url(Article, "changelist")).content.decode()
    headings = [text(h) for h in re.findall(r"<summary>(.*?)</summary>", content, re.S)]
    assert headings == ["Статус", "Источник", "Время публикации"]


def test_a_view_only_user_is_told_they_view(one_of_each):
    viewer = make_user("viewer")
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_person"])
    )
    client = logged_in(viewer)
    article, person = one_of_each["articles.article"], one_of_each["articles.person"]
    pages = [
        client.get(url(Article, "changelist")),
        client.get(url(Article, "change", article.pk)),
        client.get(url(Person, "changelist")),
        client.get(url(Person, "change", person.pk)),
    ]
    assert [page_text(page)[:2] for page in pages] == [
        (f"Выберите статью для просмотра | {SITE}", ["Выберите статью для просмотра"]),
        (f"Первая статья | Просмотреть статью | {SITE}", ["Просмотреть статью"]),
        (f"Выберите персону для просмотра | {SITE}", ["Выберите персону для просмотра"]),
        (f"Нурсултан Назарбаев | Просмотреть персону | {SITE}", ["Просмотреть персону"]),
    ]


def test_the_history_names_each_row_in_its_case_and_gender(root_client, one_of_each):
    article, person = one_of_each["articles.article"], one_of_each["articles.person"]
    change_url = url(Article, "change", article.pk)
    data = form_of(root_client, change_url)
    data["title"] = "Первая статья, исправленная"
    row = next(key for key in data if key.startswith("person_links-0-role"))
    data[row] = "Первый президент"
    assert root_client.post(change_url, data).status_code == 302
    content = root_client.get(url(Article, "history", article.pk)).content.decode()
    entries = [text(td) for td in re.findall(r"<td>([^<]*?)</td>\s*</tr>", content, re.S)]
    assert entries[-1] == (
        "Изменено поле «Заголовок». Изменено поле «Роль» у персоны в статье "
        f"«{person} — Первый президент»."
    )


def test_the_review_queue_merge_and_revision_pages_have_their_titles(root_client, one_of_each):
    article = one_of_each["articles.article"]
    change_url = url(Article, "change", article.pk)
    root_client.post(change_url, form_of(root_client, change_url, rename=False))
    version = Version.objects.get_for_object(article).first()
    gone = make_article(title="Удалённая статья")
    gone_url = url(Article, "change", gone.pk)
    root_client.post(gone_url, form_of(root_client, gone_url, rename=False))
    root_client.post(url(Article, "delete", gone.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    twins = [make_person("Иван Петров"), make_person("И. Петров")]
    merge = root_client.post(
        url(Person, "changelist"),
        {"action": "merge", "_selected_action": [twin.pk for twin in twins]},
    )
    pages = [
        root_client.get(reverse("review_queue")),
        merge,
        root_client.get(url(Article, "revision", article.pk, version.pk)),
        root_client.get(url(Article, "recoverlist")),
        root_client.get(url(Article, "recover", deleted.pk)),
    ]
    assert [page_text(page)[:2] for page in pages] == [
        (f"Очередь проверки | {SITE}", ["Очередь проверки"]),
        (f"Объединение | {SITE}", ["Объединение"]),
        (
            f"Первая статья | Вернуть версию: Первая статья | {SITE}",
            ["Вернуть версию: Первая статья"],
        ),
        (f"Восстановить удалённые статьи | {SITE}", ["Восстановить удалённые статьи"]),
        (
            f"Удалённая статья | Восстановить: Удалённая статья | {SITE}",
            ["Восстановить: Удалённая статья"],
        ),
    ]
    # The merge page's button is a verb, where its title is a noun.
    assert '<input type="submit" value="Объединить">' in merge.content.decode()
