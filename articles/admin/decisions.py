"""Editors' decisions on entities: approve, reject, merge."""

from django.db import transaction

from articles.models import Event, Person, ReviewStatus

# When two links of one article meet in a merge, the editor's decision wins.
_STATUS_WEIGHT = {ReviewStatus.SUGGESTED: 0, ReviewStatus.APPROVED: 1, ReviewStatus.REJECTED: 2}


@transaction.atomic
def set_review_status(queryset, status):
    """Approve or reject entities; approving one also approves its suggested links."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    model.objects.filter(pk__in=ids).update(review_status=status)
    if status == ReviewStatus.APPROVED:
        links = model.link_model().objects.of_any(ids)
        links.filter(review_status=ReviewStatus.SUGGESTED).update(
            review_status=ReviewStatus.APPROVED
        )
    return len(ids)


@transaction.atomic
def merge(survivor, losers):
    """Fold `losers` into `survivor`: links move, the losers' names become aliases."""
    for loser in losers:
        if loser.pk == survivor.pk or type(loser) is not type(survivor):
            raise ValueError(f"cannot merge {loser!r} into {survivor!r}")
        _move_links(survivor, loser)
        _move_names(survivor, loser)
        _move_details(survivor, loser)
        loser.delete()
    survivor.review_status = ReviewStatus.APPROVED
    survivor.save()


def _move_links(survivor, loser):
    kept = {link.article_id: link for link in survivor.article_links.all()}
    for link in loser.article_links.all():
        existing = kept.get(link.article_id)
        if existing is None:
            link.entity = survivor
            link.save()
            continue
        if _STATUS_WEIGHT[link.review_status] > _STATUS_WEIGHT[existing.review_status]:
            existing.review_status = link.review_status
        if getattr(existing, "role", None) == "" and getattr(link, "role", ""):
            existing.role = link.role
        existing.save()
        link.delete()


def _move_names(survivor, loser):
    names = {loser.name, *loser.aliases.values_list("name", flat=True)} - {survivor.name}
    for name in sorted(names):
        survivor.aliases.get_or_create(name=name)


def _move_details(survivor, loser):
    if isinstance(survivor, Person):
        for event in loser.events.all():
            event.participants.add(survivor)
        for field in ("description", "photo_url"):
            if not getattr(survivor, field):
                setattr(survivor, field, getattr(loser, field))
    elif isinstance(survivor, Event):
        survivor.participants.add(*loser.participants.all())
        if survivor.start_date is None and loser.start_date is not None:
            survivor.start_date = loser.start_date
            survivor.end_date = loser.end_date
            survivor.date_precision = loser.date_precision
        for field in ("place", "description"):
            if not getattr(survivor, field):
                setattr(survivor, field, getattr(loser, field))
    elif hasattr(survivor, "description") and not survivor.description:
        survivor.description = loser.description
