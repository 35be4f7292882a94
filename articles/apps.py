import sqlite3

from django.apps import AppConfig
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from .admin import revisions
        from .caching import version
        from .models import (
            Article,
            ContentState,
            EditorialNote,
            Event,
            Image,
            PreviewLink,
            tracking,
        )

        revisions.register()

        # Whatever is saved or deleted in this app may change what readers see
        # (a preview link and the editorial log show nothing to the public).
        for model in self.get_models():
            if model not in (ContentState, PreviewLink, EditorialNote):
                post_save.connect(tracking.mark_changed, sender=model)
                post_delete.connect(tracking.mark_changed, sender=model)
        m2m_changed.connect(tracking.mark_changed, sender=Event.participants.through)
        m2m_changed.connect(tracking.mark_changed, sender=Article.tags.through)
        # After each commit that changed content, the content version changes.
        tracking.announce_with(version.bump_after_commit, guard=version.check_announceable)
        # An image deleted by any path takes its files with it, once that is committed.
        post_delete.connect(_delete_image_files, sender=Image)
        # An article taken off the site leaves the top stories.
        post_save.connect(_leave_top_stories, sender=Article)
        # An article whose text changed gets its entities extracted in the background.
        post_save.connect(_schedule_extraction, sender=Article)
        connection_created.connect(_sqlite_variable_limit)


def _delete_image_files(sender, instance, using, **kwargs):
    from .media import library

    transaction.on_commit(lambda: library.delete_image_files(instance), using=using)


def _leave_top_stories(sender, instance, using, raw=False, **kwargs):
    if not raw and instance.status != instance.Status.PUBLISHED:
        from .models import TopStory

        TopStory.objects.using(using).filter(article=instance).delete()


def _schedule_extraction(sender, instance, using, raw=False, **kwargs):
    if raw:
        # loaddata: a backup's rows, extracted when it was made.
        return
    from .tasks import schedule_extraction

    schedule_extraction(instance, using=using)


def _sqlite_variable_limit(sender, connection, **kwargs):
    # Django 5.2 assumes SQLite's old limit of 999 variables a statement, which cut
    # an import's batch of articles into several INSERTs; the library states its own.
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )
