"""Who signs in to the admin: Django's users and groups and django-axes' records of
login attempts, registered again as their packages made them, with the model's
name worded as each sentence needs (wording.py)."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User

from .wording import WordedAdmin

PACKAGED = [
    (User, auth_admin.UserAdmin),
    (Group, auth_admin.GroupAdmin),
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
]

for _model, _admin in PACKAGED:
    # django-axes leaves its admin out with AXES_ENABLE_ADMIN = False.
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(_admin.__name__, (WordedAdmin, _admin), {"__module__": __name__})
        )
