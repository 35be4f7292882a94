"""Going back to a version from the revision history, for the object chosen alone.

django-reversion's views revert a version's whole revision (every article an
action published together, say) and only then ask whether the user may: a
refusal after the fact, judged on the reverted state. Here plan() names every
object a revert would write or delete, as stored now and as it would become,
without writing anything; the admin judges each (permissions.py);
apply() then writes exactly that.

What a revert writes: the version's object, the objects of its revision that
belong to it (an article's links, an entity's other names), and the deletion of
what belongs to it now but did not then. A revert is kept only by the change
form's save of the object itself, which recomputes its derived columns (search,
stems, slugs) as any save does; what belongs to it has none.
"""

from dataclasses import dataclass

from reversion.models import Version

from . import revisions


@dataclass
class Change:
    model: type
    stored: object  # as the database holds it now; None if absent
    new: object  # as the version has it; None for a deletion
    version: Version | None


def versions_of(model):
    """The versions of `model`'s own objects: a history URL names one of these, or none."""
    return Version.objects.get_for_model(model).select_related("revision")


def plan(version):
    """The changes reverting `version` makes, the version's own object first."""
    target = version._object_version.object
    versions = [version] + [
        other
        for other in version.revision.version_set.exclude(pk=version.pk)
        if _points_to(other._object_version.object, target)
    ]
    changes = [
        Change(v._model, _stored(v._model, v.object_id), v._object_version.object, v)
        for v in versions
    ]
    stored_target = changes[0].stored
    if stored_target is not None:
        kept = {(change.model, str(change.new.pk)) for change in changes}
        changes += [
            Change(type(obj), obj, None, None)
            for obj in revisions.belonging_to(stored_target)
            if (type(obj), str(obj.pk)) not in kept
        ]
    return changes


def apply(changes):
    """Write `changes` (from plan()), in the caller's transaction."""
    for change in changes:
        if change.new is None:
            change.stored.delete()
    target, *belonging = [change for change in changes if change.new is not None]
    target.version.revert()
    for change in belonging:
        # A link to a person deleted since, say, is left out: the rest is restored.
        if _targets_exist(change.new):
            change.version.revert()


def _points_to(obj, target):
    return any(
        field.many_to_one
        and field.related_model is type(target)
        and getattr(obj, field.attname) == target.pk
        for field in obj._meta.concrete_fields
    )


def _targets_exist(obj):
    # Checked here: foreign keys are checked only at the commit (deferred constraints).
    return all(
        getattr(obj, field.attname) is None
        or field.related_model._default_manager.filter(pk=getattr(obj, field.attname)).exists()
        for field in obj._meta.concrete_fields
        if field.many_to_one
    )


def _stored(model, object_id):
    return model._default_manager.filter(pk=object_id).first()
