"""Who may write what in the admin: one rule per model, whatever the way in.

Editors ("Редактор") publish and review; authors ("Автор", without the
publish_article permission) write drafts (migration 0006). Every admin write
asks check() with the object as the database holds it (`stored`, None for a
new one) and as it would be after the write (`new`, None for a deletion): the
change and add forms, their inline rows, deletions, the actions, the review
queue, merging, and a revert or recover from the revision history, before
anything is reverted.

The rules, beyond Django's add/change/delete permission of the model:
- an article: only a publisher touches one stored as published, deletes one
  taken off the site (unpublished), makes one published, changes its
  publication time, or gives it a state other than draft and in review
  (workflow.py: authors submit, editors publish);
- a person, organization, place or event, and each article's link to one: only
  a reviewer (who may change that kind of entity) decides its review status; a
  new one from anyone else is "suggested";
- a link or a byline row of a published article is the publisher's, as the
  article is.
"""

import copy

from django.core.exceptions import PermissionDenied

from articles.models import Article, ArticleAuthor, Entity, EntityLink, ReviewStatus

# The states an author (no publish_article) may give an article.
AUTHOR_STATES = {Article.Status.DRAFT, Article.Status.REVIEW}
# The rows that belong to an article and follow its rule.
ARTICLE_ROWS = (EntityLink, ArticleAuthor)


def may_publish(user):
    return user.has_perm("articles.publish_article")


def reviewed_entity(model):
    """The entity model whose review status `model` carries (itself or its link's), or None."""
    if issubclass(model, EntityLink):
        return model._meta.get_field(model.entity_field).related_model
    if issubclass(model, Entity):
        return model
    return None


def may_review(user, model):
    """Approve or reject entities of `model`'s kind, and their links to articles."""
    entity = reviewed_entity(model)
    return entity is not None and user.has_perm(permission(entity, "change"))


def permission(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may_change_stored(user, obj):
    """Whether `user` may change or delete `obj` as stored (the object-level rule alone)."""
    if isinstance(obj, Article):
        return obj.status != Article.Status.PUBLISHED or may_publish(user)
    if isinstance(obj, ARTICLE_ROWS):
        return not _article_published(obj.article_id) or may_publish(user)
    return True


def may_delete_stored(user, obj):
    """Whether `user` may delete `obj` as stored: an article taken off the site was
    public, and only a publisher deletes what readers once saw."""
    if isinstance(obj, Article) and obj.status == Article.Status.UNPUBLISHED:
        return may_publish(user)
    return may_change_stored(user, obj)


def check(user, model, stored, new):
    """Raise PermissionDenied unless `user` may turn `stored` into `new` (None: absent)."""
    action = "add" if stored is None else "delete" if new is None else "change"
    if not user.has_perm(permission(model, action)):
        raise PermissionDenied
    allowed = may_change_stored if new is not None else may_delete_stored
    if stored is not None and not allowed(user, stored):
        raise PermissionDenied
    if issubclass(model, Article):
        _check_publication(user, stored, new)
    if (
        issubclass(model, ARTICLE_ROWS)
        and new is not None
        and _article_published(new.article_id)
        and not may_publish(user)
    ):
        raise PermissionDenied
    if reviewed_entity(model) is not None and new is not None:
        _check_review_status(user, model, stored, new)


def check_changes(user, objects, **changes):
    """check() each of `objects` (as stored) against itself with `changes` (a bulk update)."""
    for obj in objects:
        new = copy.copy(obj)
        for name, value in changes.items():
            setattr(new, name, value)
        check(user, type(obj), obj, new)


def check_review(user, entities, status):
    """What decisions.set_review_status() writes: the entities, and on approval their
    suggested links."""
    entities = list(entities)
    check_changes(user, entities, review_status=status)
    if status == ReviewStatus.APPROVED and entities:
        model = type(entities[0])
        links = (
            model.link_model().objects.of_any(entities).filter(review_status=ReviewStatus.SUGGESTED)
        )
        check_changes(user, links, review_status=status)


def check_merge(user, survivor, losers):
    """What decisions.merge() writes: the survivor, the losers' links moved, the losers deleted."""
    model = type(survivor)
    check(user, model, survivor, survivor)
    for loser in losers:
        for row in loser.article_links.all():
            check(user, type(row), row, row)
        check(user, model, loser, None)


def _check_publication(user, stored, new):
    if new is None or may_publish(user):
        return
    if stored is None:
        if new.status not in AUTHOR_STATES or new.published_at is not None:
            raise PermissionDenied
    elif new.published_at != stored.published_at or (
        new.status != stored.status and new.status not in AUTHOR_STATES
    ):
        raise PermissionDenied


def _check_review_status(user, model, stored, new):
    if may_review(user, model):
        return
    was = ReviewStatus.SUGGESTED if stored is None else stored.review_status
    if new.review_status != was:
        raise PermissionDenied


def _article_published(article_id):
    return (
        article_id is not None
        and Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED).exists()
    )


def stored(model, obj):
    """`obj` as the database holds it now, or None (new, or deleted meanwhile)."""
    if obj.pk is None:
        return None
    return model._default_manager.filter(pk=obj.pk).first()
