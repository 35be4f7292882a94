"""Top stories («Главное») in the admin: editors pick published articles (an
autocomplete of the articles' search) and order them; authors see the list."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from articles.models import Article, TopStory

from .inlines import HelpInHeadingChangelist
from .wording import WordedAdmin


class RequiredAutocompleteSelect(AutocompleteSelect):
    """Django leaves a required autocomplete without options on an add form, which
    HTML forbids (a required single select needs one); Select2 shows the empty one as
    its placeholder, and the Nu checker wants it labelled."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not any(value):
            groups.insert(0, (None, [self.create_option(name, "", "---------", False, 0)], 0))
        return groups


class TopStoryForm(forms.ModelForm):
    class Meta:
        model = TopStory
        fields = ["article", "position"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article.status != Article.Status.PUBLISHED:
            # A scheduled article may wait here for its time; a draft may not.
            raise forms.ValidationError(
                _("Only a published or scheduled article can be a top story."),
                code="unpublished",
            )
        return article


@admin.register(TopStory)
class TopStoryAdmin(HelpInHeadingChangelist, WordedAdmin, admin.ModelAdmin):
    form = TopStoryForm
    list_display = ["position", "article", "published_at", "on_site"]
    list_display_links = ["article"]
    list_editable = ["position"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_public()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["widget"] = RequiredAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("publication time"), ordering="article__published_at")
    def published_at(self, obj):
        return obj.article.published_at

    @admin.display(boolean=True, description=_("on the site"))
    def on_site(self, obj):
        return obj.is_public
