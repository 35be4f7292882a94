"""Editors review what the extractor suggested: the queue, approve, reject, rename, merge."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from articles.admin import decisions
from articles.models import (
    ArticleEvent,
    ArticleOrganization,
    ArticlePerson,
    Event,
    Organization,
    Person,
    Place,
    ReviewStatus,
)

from ..factories import link, make_article, make_event, make_person, person_form

pytestmark = pytest.mark.django_db

SUGGESTED, APPROVED, REJECTED = ReviewStatus.SUGGESTED, ReviewStatus.APPROVED, ReviewStatus.REJECTED


def suggested_event(article, name="Саммит ШОС"):
    event = make_event(name, place="Астана", review_status=SUGGESTED)
    ArticleEvent.objects.create(
        article=article, event=event, review_status=SUGGESTED, confidence=0.7, evidence="…саммит…"
    )
    return event


def test_suggested_events_stay_hidden_until_approved(client):
    article = make_article(title="О саммите")
    event = suggested_event(article)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Саммит ШОС" not in client.get(article.get_absolute_url()).content.decode()
    assert "Саммит ШОС" not in client.get("/events/").content.decode()
    assert "Саммит ШОС" not in client.get("/articles/").content.decode()

    decisions.set_review_status(Event.objects.filter(pk=event.pk), APPROVED)

    assert client.get(event.get_absolute_url()).status_code == 200
    assert "Саммит ШОС" in client.get(article.get_absolute_url()).content.decode()
    assert ArticleEvent.objects.get().review_status == APPROVED


def test_a_new_person_waits_for_approval_and_then_shows_with_its_link(client):
    article = make_article()
    person = make_person("Реджеп Тайипом Эрдоган", review_status=SUGGESTED)
    ArticlePerson.objects.create(article=article, person=person, review_status=SUGGESTED)

    assert client.get(person.get_absolute_url()).status_code == 404
    assert "Реджеп Тайипом" not in client.get(article.get_absolute_url()).content.decode()
    assert list(client.get("/articles/", {"person": person.slug}).context["articles"]) == []

    decisions.set_review_status(Person.objects.filter(pk=person.pk), APPROVED)

    # The link itself is still a suggestion: an approved person's links show at once.
    assert client.get(person.get_absolute_url()).status_code == 200
    assert "Реджеп Тайипом Эрдоган" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("model", [Organization, Place])
def test_new_organizations_and_places_wait_for_approval_too(client, model):
    article = make_article()
    entity = model.objects.create(name="Абай", review_status=SUGGESTED)
    entity.link_model().objects.create(
        article=article, **{model._meta.model_name: entity}, review_status=SUGGESTED
    )

    assert client.get(entity.get_absolute_url()).status_code == 404
    decisions.set_review_status(model.objects.filter(pk=entity.pk), APPROVED)
    assert client.get(entity.get_absolute_url()).status_code == 200


def test_the_setting_publishes_new_entities_until_they_are_rejected(client, settings):
    settings.NEWSROOM_PUBLISH_NEW_ENTITIES = True
    article = make_article()
    person = make_person("Нурсултан Назарбаев", review_status=SUGGESTED)
    ArticlePerson.objects.create(article=article, person=person, review_status=SUGGESTED)
    event = Event.objects.create(name="Саммит ШОС", review_status=SUGGESTED)
    ArticleEvent.objects.create(article=article, event=event, review_status=SUGGESTED)

    assert client.get(person.get_absolute_url()).status_code == 200
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Нурсултан Назарбаев" in page
    # Events wait for an editor whatever the setting says.
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Саммит ШОС" not in page


def test_the_setting_can_hide_suggested_links(client, settings):
    settings.NEWSROOM_PUBLISH_SUGGESTED_LINKS = False
    article = make_article()
    person = make_person("Нурсултан Назарбаев", review_status=SUGGESTED)
    ArticlePerson.objects.create(article=article, person=person, review_status=SUGGESTED)

    assert client.get(person.get_absolute_url()).status_code == 404
    assert "Нурсултан Назарбаев" not in client.get(article.get_absolute_url()).content.decode()
    assert list(client.get("/articles/", {"person": person.slug}).context["articles"]) == []


def test_rejected_links_and_entities_are_never_public(client):
    article = make_article(title="Статья")
    rejected_link = make_person("Ошибка Связи")
    ArticlePerson.objects.create(article=article, person=rejected_link, review_status=REJECTED)
    rejected = make_person("Не Персона", review_status=REJECTED)
    link(article, rejected)

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Ошибка Связи" not in html
    assert "Не Персона" not in html
    assert client.get(rejected_link.get_absolute_url()).status_code == 404
    assert client.get(rejected.get_absolute_url()).status_code == 404
    response = client.get("/articles/", {"person": rejected_link.slug})
    assert list(response.context["articles"]) == []


def test_organization_and_place_pages_and_filters(client):
    article = make_article(title="Про ШОС")
    make_article(title="Другое")
    sco = Organization.objects.create(name="Шанхайская организация сотрудничества")
    astana = Place.objects.create(name="Астана")
    ArticleOrganization.objects.create(article=article, organization=sco)
    article.places.add(astana)

    page = client.get(sco.get_absolute_url())
    assert page.status_code == 200
    assert [row.article for row in page.context["links"]] == [article]
    assert client.get(astana.get_absolute_url()).status_code == 200
    assert list(client.get("/organizations/").context["entities"]) == [sco]
    assert list(client.get("/places/").context["entities"]) == [astana]
    by_org = client.get("/articles/", {"organization": sco.slug})
    assert [a.title for a in by_org.context["articles"]] == ["Про ШОС"]
    by_place = client.get("/articles/", {"place": astana.slug})
    assert [a.title for a in by_place.context["articles"]] == ["Про ШОС"]


def test_review_queue_lists_suggestions_and_takes_decisions(admin_client):
    article = make_article(title="О саммите")
    event = suggested_event(article)
    other = suggested_event(article, name="Форум")
    make_person("Одобренная Персона")

    page = admin_client.get(reverse("review_queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Саммит ШОС" in html
    assert "…саммит…" in html
    assert "Одобренная Персона" not in html

    admin_client.post(
        reverse("review_queue"), {"model": "event", "pk": event.pk, "decision": "approve"}
    )
    admin_client.post(
        reverse("review_queue"), {"model": "event", "pk": other.pk, "decision": "reject"}
    )

    assert dict(Event.objects.values_list("name", "review_status")) == {
        "Саммит ШОС": APPROVED,
        "Форум": REJECTED,
    }


def test_review_queue_needs_staff(client):
    response = client.get(reverse("review_queue"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_merge_moves_links_and_keeps_the_losers_names():
    first, second = make_article(), make_article()
    survivor = make_person("Нурсултан Назарбаев")
    loser = make_person("Н. Назарбаев", review_status=SUGGESTED)
    loser.aliases.create(name="Назарбаева")
    link(first, survivor, "")
    ArticlePerson.objects.create(
        article=first, person=loser, role="Президент", review_status=SUGGESTED
    )
    ArticlePerson.objects.create(
        article=second, person=loser, role="Елбасы", review_status=SUGGESTED
    )
    summit = make_event("Саммит")
    summit.participants.add(loser)

    decisions.merge(survivor, [loser])

    assert list(Person.objects.all()) == [survivor]
    assert sorted(survivor.aliases.values_list("name", flat=True)) == ["Н. Назарбаев", "Назарбаева"]
    links = sorted(ArticlePerson.objects.values_list("article__pk", "role", "review_status"))
    assert links == [(first.pk, "Президент", APPROVED), (second.pk, "Елбасы", SUGGESTED)]
    assert list(summit.participants.all()) == [survivor]


def test_merge_action_in_the_admin_asks_for_the_survivor(admin_client):
    a = Organization.objects.create(name="Шанхайская организация сотрудничества")
    b = Organization.objects.create(name="ШОС", review_status=SUGGESTED)
    url = reverse("admin:articles_organization_changelist")

    confirm = admin_client.post(url, {"action": "merge", "_selected_action": [a.pk, b.pk]})
    assert confirm.status_code == 200
    assert 'name="survivor"' in confirm.content.decode()

    admin_client.post(url, {"action": "merge", "_selected_action": [a.pk, b.pk], "survivor": a.pk})
    assert list(Organization.objects.values_list("name", flat=True)) == [a.name]
    assert list(a.aliases.values_list("name", flat=True)) == ["ШОС"]


def test_renaming_in_the_admin_keeps_the_old_name_as_an_alias(admin_client):
    person = make_person("Н. Назарбаев", review_status=SUGGESTED)
    url = reverse("admin:articles_person_change", args=[person.pk])
    response = admin_client.post(
        url, person_form(person, name="Нурсултан Назарбаев", review_status="approved")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Нурсултан Назарбаев"
    assert list(person.aliases.values_list("name", flat=True)) == ["Н. Назарбаев"]


def queue_row(html, name):
    """The queue's table row whose first link is `name`, as text without tags."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    row = next(row for row in rows if re.search(rf">{re.escape(name)}</a>", row))
    text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    # The tags of <time> elements were cut at: "3 – 20 мая", "2024 , Бишкек".
    return re.sub(r" ?– ?", "–", text).replace(" ,", ",")


def test_the_queue_shows_what_an_editor_judges_from(admin_client):
    sentence = (
        "Президент Кыргызстана Т. Токтогулов заявил на встрече в Бишкеке, что стороны "
        "договорились об углублении сотрудничества в энергетике, транспорте, сельском "
        "хозяйстве, образовании и здравоохранении, а также о совместных проектах на границе "
        "двух стран в ближайшие годы."
    )
    assert len(sentence) > 240
    first = make_article(published_at=datetime(2024, 3, 12, 10, tzinfo=UTC))
    second = make_article(published_at=datetime(2024, 6, 5, 10, tzinfo=UTC))
    person = make_person("Талант Токтогулов", review_status=SUGGESTED)
    ArticlePerson.objects.create(
        article=first, person=person, review_status=SUGGESTED, confidence=0.9, evidence=sentence
    )
    ArticlePerson.objects.create(
        article=second,
        person=person,
        review_status=SUGGESTED,
        confidence=0.6,
        role="Президент Кыргызстана",
    )
    event = make_event(
        "Форум регионов",
        place="Бишкек",
        start_date=date(2024, 9, 1),
        date_precision=Event.DatePrecision.MONTH,
        review_status=SUGGESTED,
    )
    ArticleEvent.objects.create(article=first, event=event, review_status=SUGGESTED)

    html = admin_client.get(reverse("review_queue")).content.decode()

    assert queue_row(html, "Талант Токтогулов") == (
        f"Талант Токтогулов роль: Президент Кыргызстана 2 статьи 12 марта — 5 июня 2024 "
        f"{first.title} 0,90 {sentence} — Одобрить Отклонить"
    )
    assert queue_row(html, "Форум регионов").startswith(
        "Форум регионов сентябрь 2024, Бишкек 1 статья 12 марта 2024"
    )


def test_bulk_decisions_take_every_selected_one_and_only_those(admin_client):
    article = make_article()
    chosen = [
        make_person(name, review_status=SUGGESTED)
        for name in ("Первый Выбранный", "Второй Выбранный")
    ]
    left = make_person("Оставленный Без Решения", review_status=SUGGESTED)
    for person in [*chosen, left]:
        ArticlePerson.objects.create(article=article, person=person, review_status=SUGGESTED)
    html = admin_client.get(reverse("review_queue")).content.decode()
    assert 'form id="bulk-person"' in html.replace('method="post" ', "")
    assert f'name="pk" value="{left.pk}" form="bulk-person"' in html

    response = admin_client.post(
        reverse("review_queue"),
        {"model": "person", "decision": "approve", "pk": [p.pk for p in chosen]},
    )

    assert response.status_code == 302
    assert dict(Person.objects.values_list("name", "review_status")) == {
        "Первый Выбранный": APPROVED,
        "Второй Выбранный": APPROVED,
        "Оставленный Без Решения": SUGGESTED,
    }
    admin_client.post(
        reverse("review_queue"), {"model": "person", "decision": "reject", "pk": [left.pk]}
    )
    assert Person.objects.get(pk=left.pk).review_status == REJECTED


def test_merge_candidates_are_named_with_their_counts_and_dates_and_lead_to_the_merge(
    admin_client,
):
    known = make_person("Нурсултан Назарбаев")
    for day in (3, 20):
        link(make_article(published_at=datetime(2017, 5, day, 10, tzinfo=UTC)), known)
    make_person("Отклонённый Назарбаев", review_status=REJECTED)
    make_person("Касым-Жомарт Токаев")
    new = make_person("Н. Назарбаева", review_status=SUGGESTED)
    ArticlePerson.objects.create(article=make_article(), person=new, review_status=SUGGESTED)

    html = admin_client.get(reverse("review_queue")).content.decode()
    row = queue_row(html, "Н. Назарбаева")

    assert "Нурсултан Назарбаев 2 статьи, 3–20 мая 2017 Объединить…" in row
    assert "Отклонённый" not in row
    assert "Токаев" not in row
    merge = admin_client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge", "_selected_action": [new.pk, known.pk]},
    )
    assert merge.status_code == 200
    assert merge.templates[0].name == "admin/articles/merge.html"
