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
        from .models import ContentState, Event, Image, tracking

        revisions.register()

        # Whatever is saved or deleted in this app may change what readers see.
        for model in self.get_models():
            if model is not ContentState:
                post_save.connect(tracking.mark_changed, sender=model)
                post_delete.connect(tracking.mark_changed, sender=model)
        m2m_changed.connect(tracking.mark_changed, sender=Event.participants.through)
        # After each commit that changed content, the content version changes.
        tracking.announce_with(version.bump_after_commit, guard=version.check_announceable)
        # An image deleted by any path takes its files with it, once that is committed.
        post_delete.connect(_delete_image_files, sender=Image)
        connection_created.connect(_sqlite_variable_limit)


def _delete_image_files(sender, instance, using, **kwargs):
    from .media import library

    transaction.on_commit(lambda: library.delete_image_files(instance), using=using)


def _sqlite_variable_limit(sender, connection, **kwargs):
    # Django 5.2 assumes SQLite's old limit of 999 variables a statement, which cut
    # an import's batch of articles into several INSERTs; the library states its own.
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )
