"""How the admin names each model inside a sentence: its noun in the cases the admin's
phrases need (phrases.py), and what a word agreeing with it follows (gender, animacy).

The words themselves are translations (pgettext with the case as context), so that
django.po holds the Russian; the gender and animacy are those of the Russian noun:
they choose which form of a phrase gettext gives ("добавлена", "добавлено").
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import ngettext_lazy, pgettext_lazy

MASCULINE, FEMININE, NEUTER = "masculine", "feminine", "neuter"


@dataclass(frozen=True)
class Noun:
    gender: str
    animate: bool
    accusative: str
    genitive: str
    accusative_plural: str
    genitive_plural: str
    # ngettext's pair with "%(count)d": "1 статья", "3 статьи", "5 статей".
    counted: str
    nominative: str = ""

    @property
    def name(self):
        """The noun that starts a sentence ("Статья «…» успешно изменена.")."""
        return capfirst(self.nominative)

    @property
    def agreement(self):
        """What a word in the accusative singular agrees with: a masculine animate noun
        takes the genitive's ending ("ещё одного пользователя")."""
        return f"{MASCULINE} animate" if self.gender == MASCULINE and self.animate else self.gender

    @property
    def plural_agreement(self):
        """The same in the plural, where only animacy counts ("выбранных персон")."""
        return "animate" if self.animate else "inanimate"

    def count(self, number):
        return self.counted % {"count": number}


# By model label. Each line is written out for makemessages, which reads literal msgids.
NOUNS = {
    "articles.article": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "article"),
        genitive=pgettext_lazy("genitive", "article"),
        accusative_plural=pgettext_lazy("accusative", "articles"),
        genitive_plural=pgettext_lazy("genitive", "articles"),
        counted=ngettext_lazy("%(count)d article", "%(count)d articles", "count"),
    ),
    "articles.person": Noun(
        FEMININE,
        True,
        accusative=pgettext_lazy("accusative", "person"),
        genitive=pgettext_lazy("genitive", "person"),
        accusative_plural=pgettext_lazy("accusative", "persons"),
        genitive_plural=pgettext_lazy("genitive", "persons"),
        counted=ngettext_lazy("%(count)d person", "%(count)d persons", "count"),
    ),
    "articles.organization": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "organization"),
        genitive=pgettext_lazy("genitive", "organization"),
        accusative_plural=pgettext_lazy("accusative", "organizations"),
        genitive_plural=pgettext_lazy("genitive", "organizations"),
        counted=ngettext_lazy("%(count)d organization", "%(count)d organizations", "count"),
    ),
    "articles.place": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "place"),
        genitive=pgettext_lazy("genitive", "place"),
        accusative_plural=pgettext_lazy("accusative", "places"),
        genitive_plural=pgettext_lazy("genitive", "places"),
        counted=ngettext_lazy("%(count)d place", "%(count)d places", "count"),
    ),
    "articles.event": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "event"),
        genitive=pgettext_lazy("genitive", "event"),
        accusative_plural=pgettext_lazy("accusative", "events"),
        genitive_plural=pgettext_lazy("genitive", "events"),
        counted=ngettext_lazy("%(count)d event", "%(count)d events", "count"),
    ),
    "articles.image": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "image"),
        genitive=pgettext_lazy("genitive", "image"),
        accusative_plural=pgettext_lazy("accusative", "images"),
        genitive_plural=pgettext_lazy("genitive", "images"),
        counted=ngettext_lazy("%(count)d image", "%(count)d images", "count"),
    ),
    # The article form's inline rows and the entities' other names.
    "articles.articleperson": Noun(
        FEMININE,
        True,
        accusative=pgettext_lazy("accusative", "person in the article"),
        genitive=pgettext_lazy("genitive", "person in the article"),
        accusative_plural=pgettext_lazy("accusative", "persons in the article"),
        genitive_plural=pgettext_lazy("genitive", "persons in the article"),
        counted=ngettext_lazy(
            "%(count)d person in the article", "%(count)d persons in the article", "count"
        ),
    ),
    "articles.articleorganization": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "organization in the article"),
        genitive=pgettext_lazy("genitive", "organization in the article"),
        accusative_plural=pgettext_lazy("accusative", "organizations in the article"),
        genitive_plural=pgettext_lazy("genitive", "organizations in the article"),
        counted=ngettext_lazy(
            "%(count)d organization in the article",
            "%(count)d organizations in the article",
            "count",
        ),
    ),
    "articles.articleplace": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "place in the article"),
        genitive=pgettext_lazy("genitive", "place in the article"),
        accusative_plural=pgettext_lazy("accusative", "places in the article"),
        genitive_plural=pgettext_lazy("genitive", "places in the article"),
        counted=ngettext_lazy(
            "%(count)d place in the article", "%(count)d places in the article", "count"
        ),
    ),
    "articles.articleevent": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "event in the article"),
        genitive=pgettext_lazy("genitive", "event in the article"),
        accusative_plural=pgettext_lazy("accusative", "events in the article"),
        genitive_plural=pgettext_lazy("genitive", "events in the article"),
        counted=ngettext_lazy(
            "%(count)d event in the article", "%(count)d events in the article", "count"
        ),
    ),
    "articles.personalias": Noun(
        NEUTER,
        False,
        accusative=pgettext_lazy("accusative", "other name"),
        genitive=pgettext_lazy("genitive", "other name"),
        accusative_plural=pgettext_lazy("accusative", "other names"),
        genitive_plural=pgettext_lazy("genitive", "other names"),
        counted=ngettext_lazy("%(count)d other name", "%(count)d other names", "count"),
    ),
    "auth.user": Noun(
        MASCULINE,
        True,
        accusative=pgettext_lazy("accusative", "user"),
        genitive=pgettext_lazy("genitive", "user"),
        accusative_plural=pgettext_lazy("accusative", "users"),
        genitive_plural=pgettext_lazy("genitive", "users"),
        counted=ngettext_lazy("%(count)d user", "%(count)d users", "count"),
    ),
    "auth.group": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "group"),
        genitive=pgettext_lazy("genitive", "group"),
        accusative_plural=pgettext_lazy("accusative", "groups"),
        genitive_plural=pgettext_lazy("genitive", "groups"),
        counted=ngettext_lazy("%(count)d group", "%(count)d groups", "count"),
    ),
    # django-axes' records of login attempts ("Запись о попытке доступа", …).
    "axes.accessattempt": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "access attempt"),
        genitive=pgettext_lazy("genitive", "access attempt"),
        accusative_plural=pgettext_lazy("accusative", "access attempts"),
        genitive_plural=pgettext_lazy("genitive", "access attempts"),
        counted=ngettext_lazy("%(count)d access attempt", "%(count)d access attempts", "count"),
    ),
    "axes.accesslog": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "access log"),
        genitive=pgettext_lazy("genitive", "access log"),
        accusative_plural=pgettext_lazy("accusative", "access logs"),
        genitive_plural=pgettext_lazy("genitive", "access logs"),
        counted=ngettext_lazy("%(count)d access log", "%(count)d access logs", "count"),
    ),
    "axes.accessfailurelog": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "access failure"),
        genitive=pgettext_lazy("genitive", "access failure"),
        accusative_plural=pgettext_lazy("accusative", "access failures"),
        genitive_plural=pgettext_lazy("genitive", "access failures"),
        counted=ngettext_lazy("%(count)d access failure", "%(count)d access failures", "count"),
    ),
    # django-tasks-db's queue (tasks.py): "задача".
    "django_tasks_database.dbtaskresult": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "task result"),
        genitive=pgettext_lazy("genitive", "task result"),
        accusative_plural=pgettext_lazy("accusative", "task results"),
        genitive_plural=pgettext_lazy("genitive", "task results"),
        counted=ngettext_lazy("%(count)d task result", "%(count)d task results", "count"),
    ),
    "articles.topstory": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "top story"),
        genitive=pgettext_lazy("genitive", "top story"),
        accusative_plural=pgettext_lazy("accusative", "top stories"),
        genitive_plural=pgettext_lazy("genitive", "top stories"),
        counted=ngettext_lazy("%(count)d top story", "%(count)d top stories", "count"),
    ),
    # "рубрика", "тег", "автор", "автор статьи" (a byline's row): each its own gender.
    "articles.rubric": Noun(
        FEMININE,
        False,
        accusative=pgettext_lazy("accusative", "rubric"),
        genitive=pgettext_lazy("genitive", "rubric"),
        accusative_plural=pgettext_lazy("accusative", "rubrics"),
        genitive_plural=pgettext_lazy("genitive", "rubrics"),
        counted=ngettext_lazy("%(count)d rubric", "%(count)d rubrics", "count"),
    ),
    "articles.tag": Noun(
        MASCULINE,
        False,
        accusative=pgettext_lazy("accusative", "tag"),
        genitive=pgettext_lazy("genitive", "tag"),
        accusative_plural=pgettext_lazy("accusative", "tags"),
        genitive_plural=pgettext_lazy("genitive", "tags"),
        counted=ngettext_lazy("%(count)d tag", "%(count)d tags", "count"),
    ),
    "articles.author": Noun(
        MASCULINE,
        True,
        accusative=pgettext_lazy("accusative", "author"),
        genitive=pgettext_lazy("genitive", "author"),
        accusative_plural=pgettext_lazy("accusative", "authors"),
        genitive_plural=pgettext_lazy("genitive", "authors"),
        counted=ngettext_lazy("%(count)d author", "%(count)d authors", "count"),
    ),
    "articles.articleauthor": Noun(
        MASCULINE,
        True,
        accusative=pgettext_lazy("accusative", "author of the article"),
        genitive=pgettext_lazy("genitive", "author of the article"),
        accusative_plural=pgettext_lazy("accusative", "authors of the article"),
        genitive_plural=pgettext_lazy("genitive", "authors of the article"),
        counted=ngettext_lazy(
            "%(count)d author of the article", "%(count)d authors of the article", "count"
        ),
    ),
}

# Any other model: "объект типа «…»", which reads right in every sentence.
_OTHER = Noun(
    MASCULINE,
    False,
    accusative=pgettext_lazy("accusative", "object of type “%(name)s”"),
    genitive=pgettext_lazy("genitive", "object of type “%(name)s”"),
    accusative_plural=pgettext_lazy("accusative", "objects of type “%(name)s”"),
    genitive_plural=pgettext_lazy("genitive", "objects of type “%(name)s”"),
    counted=ngettext_lazy(
        "%(count)d object of type “%(name)s”", "%(count)d objects of type “%(name)s”", "count"
    ),
)
# Its subject too: a verb agreeing with "объект", not with the model's own name.
_OTHER_NOMINATIVE = pgettext_lazy("nominative", "object of type “%(name)s”")


# Every entity's other names are "другие названия".
for _label in ["organizationalias", "placealias", "eventalias"]:
    NOUNS[f"articles.{_label}"] = NOUNS["articles.personalias"]


def known(opts):
    return getattr(opts, "_meta", opts).label_lower in NOUNS


def noun(opts):
    """The noun of the model with these Options (or of this model), in the active language."""
    opts = getattr(opts, "_meta", opts)
    found = NOUNS.get(opts.label_lower, _OTHER)
    # Only the fallback's forms have a %(name)s; the others are left as they are.
    name = {"name": opts.verbose_name}
    return Noun(
        found.gender,
        found.animate,
        *(str(getattr(found, case) % name) for case in _CASES),
        counted=_Counted(found.counted, opts.verbose_name),
        nominative=str(_OTHER_NOMINATIVE % name if found is _OTHER else opts.verbose_name),
    )


_CASES = ["accusative", "genitive", "accusative_plural", "genitive_plural"]


class _Counted:
    """ngettext's pair, with the fallback's name put in after the count chose the form."""

    def __init__(self, pair, name):
        self.pair, self.name = pair, name

    def __mod__(self, values):
        return self.pair % {**values, "name": self.name}
