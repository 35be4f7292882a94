from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from .admin import revisions
        from .caching import version
        from .models import ContentState, Event, tracking

        revisions.register()

        # Whatever is saved or deleted in this app may change what readers see.
        for model in self.get_models():
            if model is not ContentState:
                post_save.connect(tracking.mark_changed, sender=model)
                post_delete.connect(tracking.mark_changed, sender=model)
        m2m_changed.connect(tracking.mark_changed, sender=Event.participants.through)
        # After each commit that changed content, the content version changes.
        tracking.announce_with(version.bump_after_commit, guard=version.check_announceable)
