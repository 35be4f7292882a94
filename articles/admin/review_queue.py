"""The review queue: what the extractor suggested, for an editor to approve or reject,
one at a time or in bulk, with what it takes to judge each: the role or the date the
article states, the whole sentence, its articles, and the entities it may duplicate."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from articles import search
from articles.models import Event, Organization, Person, Place, ReviewStatus
from articles.text.names import person_key

from . import decisions, permissions

# Events first: they stay hidden from readers until approved.
REVIEWED_MODELS = [Event, Person, Organization, Place]
QUEUE_LENGTH = 50
MERGE_CANDIDATES = 3
# Words this short say nothing about which entity a name is ("и", "по").
SHORTEST_NAME_WORD = 3


def with_articles(queryset):
    """Annotate the number of articles naming each entity and when they came out (their
    creation for those not published yet)."""
    seen = Coalesce("article_links__article__published_at", "article_links__article__created_at")
    return queryset.annotate(
        article_total=Count("article_links", distinct=True),
        first_seen=Min(seen),
        last_seen=Max(seen),
    )


def reviewed_model(name):
    for model in REVIEWED_MODELS:
        if model._meta.model_name == name:
            return model
    return None


def suggestions(model):
    """Suggested entities with the strongest evidence the extractor gave for each."""
    links = model.link_model().objects.of(OuterRef("pk"))
    best_link = links.order_by("-confidence", "pk")
    queryset = with_articles(model.objects.filter(review_status=ReviewStatus.SUGGESTED))
    if model is Person:
        # The role the most confident of the articles that state one gives.
        stated = links.exclude(role="").order_by("-confidence", "pk").values("role")[:1]
        queryset = queryset.annotate(role=Subquery(stated))
    return queryset.annotate(
        confidence_max=Max("article_links__confidence"),
        evidence=Subquery(best_link.values("evidence")[:1]),
        article_title=Subquery(best_link.values("article__title")[:1]),
        article_pk=Subquery(best_link.values("article_id")[:1]),
    ).order_by("-confidence_max", "name", "pk")


def candidate_words(entity):
    """What another entity's name must hold to be the same one: a person's surname;
    for the other kinds every word of the name that says something."""
    if isinstance(entity, Person):
        return person_key(entity.name)[0]
    return " ".join(word for word in entity.name.split() if len(word) >= SHORTEST_NAME_WORD)


def merge_candidates(entity):
    """Entities of the same kind, not rejected, whose names (or other names) have the
    words of this one's in some form: what an editor may want to merge it with."""
    model = type(entity)
    condition = search.name_condition(model.objects.all(), candidate_words(entity))
    if condition is None:
        return []
    others = (
        model.objects.filter(condition)
        .exclude(pk=entity.pk)
        .exclude(review_status=ReviewStatus.REJECTED)
    )
    return list(with_articles(others).order_by("-article_total", "name", "pk")[:MERGE_CANDIDATES])


class ReviewQueueView(TemplateView):
    template_name = "admin/articles/review_queue.html"

    def dispatch(self, request, *args, **kwargs):
        # Editors review; an author ("Автор") may not decide on any of these.
        if not any(permissions.may_review(request.user, model) for model in REVIEWED_MODELS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sections = []
        for model in REVIEWED_MODELS:
            if permissions.may_review(self.request.user, model):
                queryset = suggestions(model)
                items = list(queryset[:QUEUE_LENGTH])
                for item in items:
                    item.merge_candidates = merge_candidates(item)
                sections.append(
                    {
                        "model_name": model._meta.model_name,
                        "title": model._meta.verbose_name_plural,
                        "total": queryset.count(),
                        "items": items,
                    }
                )
        return {
            **admin.site.each_context(self.request),
            **super().get_context_data(**kwargs),
            "title": _("Review queue"),
            "sections": sections,
        }

    def post(self, request, *args, **kwargs):
        model = reviewed_model(request.POST.get("model", ""))
        decision = {
            "approve": ReviewStatus.APPROVED,
            "reject": ReviewStatus.REJECTED,
        }.get(request.POST.get("decision", ""))
        if model is None or decision is None:
            messages.error(request, _("Unknown decision."))
            return redirect("review_queue")
        if not permissions.may_review(request.user, model):
            raise PermissionDenied
        ids = [pk for pk in request.POST.getlist("pk") if pk.isdigit()]
        chosen = model.objects.filter(pk__in=ids, review_status=ReviewStatus.SUGGESTED)
        permissions.check_review(request.user, chosen, decision)
        count = decisions.set_review_status(chosen, decision)
        messages.success(request, _("Decisions saved: %(count)d.") % {"count": count})
        return redirect("review_queue")
