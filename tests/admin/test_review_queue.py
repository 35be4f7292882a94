"""Editors review what the extractor suggested: the queue, approve, reject, rename, merge."""

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


def test_suggested_person_links_are_public_by_default(client):
    article = make_article()
    person = make_person("Нурсултан Назарбаев", review_status=SUGGESTED)
    ArticlePerson.objects.create(article=article, person=person, review_status=SUGGESTED)

    assert client.get(person.get_absolute_url()).status_code == 200
    assert "Нурсултан Назарбаев" in client.get(article.get_absolute_url()).content.decode()


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
