"""SluggedModel: the slug filled in from a name once, then kept stable; and what the
rows that belong to an entity share (its links and other names)."""

from django.db import connections, models

from ..text.slugs import transliterate_slug, unique_slug


def owner_key(model, related_name):
    """A foreign key to the row this one belongs to (deleted with it), named as `model`
    is: a link's article and entity, an alias's entity."""
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=model._meta.verbose_name,
    )


class OwnedByEntity:
    """A row of one entity: an article's link to it, or another name of it."""

    # The name of the foreign key to the entity, an owner_key() whose related name
    # Entity.link_model() ("article_links") or Entity.alias_model() ("aliases") follows.
    entity_field = None

    @property
    def entity(self):
        return getattr(self, self.entity_field)

    @entity.setter
    def entity(self, entity):
        setattr(self, self.entity_field, entity)


def _slugs_starting_with(manager, prefix):
    """`manager`'s rows whose slug starts with `prefix`, found by the slug's index.

    SQLite answers Django's `LIKE … ESCAPE` from no index: every look-up read the
    whole table, and an import slowed down as the table grew. It reads a range of
    its byte order from the index; slugs are ASCII (SlugField), so every one
    starting with `prefix` sorts before `prefix` + DEL. PostgreSQL's slug index is
    made for LIKE (varchar_pattern_ops), and its collation need not be byte order.
    """
    if connections[manager.db].vendor == "sqlite":
        return manager.filter(slug__gte=prefix, slug__lt=prefix + "\x7f").order_by()
    return manager.filter(slug__startswith=prefix).order_by()


class SluggedModel(models.Model):
    """A model whose slug is filled in from its name once, and then kept stable."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug(taken=())
        super().save(*args, **kwargs)

    @classmethod
    def fill_slugs(cls, instances):
        """Give new `instances` (for bulk_create) free, distinct slugs: one query when their
        plain slugs are free, as they nearly always are."""
        max_length = cls._meta.get_field("slug").max_length
        # (instance, slug) pairs: unsaved instances cannot be dictionary keys.
        wanted = [
            (
                instance,
                transliterate_slug(getattr(instance, cls.slug_source_field), max_length=max_length),
            )
            for instance in instances
            if not instance.slug
        ]
        taken = set(
            cls._default_manager.filter(slug__in={slug for _, slug in wanted}).values_list(
                "slug", flat=True
            )
        )
        for instance, slug in wanted:
            instance.slug = slug if slug not in taken else instance._unique_slug(taken=taken)
            taken.add(instance.slug)

    def _unique_slug(self, *, taken):
        """A free slug for this instance, not in the database nor in `taken`."""
        manager = type(self)._default_manager
        return unique_slug(
            getattr(self, self.slug_source_field),
            taken_with_prefix=lambda prefix: [
                *_slugs_starting_with(manager, prefix)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True),
                *(slug for slug in taken if slug.startswith(prefix)),
            ],
            max_length=self._meta.get_field("slug").max_length,
        )
