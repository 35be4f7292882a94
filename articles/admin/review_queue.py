"""The review queue: what the extractor suggested, for an editor to approve or reject."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Subquery
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from articles.models import Event, Organization, Person, Place, ReviewStatus

from . import decisions, permissions

# Events first: they stay hidden from readers until approved.
REVIEWED_MODELS = [Event, Person, Organization, Place]
QUEUE_LENGTH = 100


def reviewed_model(name):
    for model in REVIEWED_MODELS:
        if model._meta.model_name == name:
            return model
    return None


def suggestions(model):
    """Suggested entities with the strongest evidence the extractor gave for each."""
    best_link = model.link_model().objects.of(OuterRef("pk")).order_by("-confidence", "pk")
    return (
        model.objects.filter(review_status=ReviewStatus.SUGGESTED)
        .annotate(
            article_total=Count("article_links", distinct=True),
            confidence_max=Max("article_links__confidence"),
            evidence=Subquery(best_link.values("evidence")[:1]),
            article_title=Subquery(best_link.values("article__title")[:1]),
            article_pk=Subquery(best_link.values("article_id")[:1]),
        )
        .order_by("-confidence_max", "name", "pk")
    )


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
                sections.append(
                    {
                        "model_name": model._meta.model_name,
                        "title": model._meta.verbose_name_plural,
                        "total": queryset.count(),
                        "items": queryset[:QUEUE_LENGTH],
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
