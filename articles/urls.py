from django.urls import path

from . import feeds, views
from .models import Author, Event, Organization, Person, Place, Rubric, Tag

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("persons/", views.PersonListView.as_view(), name="person_list"),
    path("persons/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    # Organizations and places have the plain entity pages.
    path(
        "organizations/",
        views.EntityListView.as_view(model=Organization),
        name="organization_list",
    ),
    path(
        "organizations/<slug:slug>/",
        views.EntityDetailView.as_view(model=Organization),
        name="organization_detail",
    ),
    path("places/", views.EntityListView.as_view(model=Place), name="place_list"),
    path("places/<slug:slug>/", views.EntityDetailView.as_view(model=Place), name="place_detail"),
    path(
        "rubrics/<slug:slug>/",
        views.SectionDetailView.as_view(model=Rubric),
        name="rubric_detail",
    ),
    path("tags/<slug:slug>/", views.SectionDetailView.as_view(model=Tag), name="tag_detail"),
    path(
        "authors/<slug:slug>/",
        views.SectionDetailView.as_view(model=Author),
        name="author_detail",
    ),
]

# RSS and Atom feeds of the latest articles (/feeds/articles/rss/), of the latest
# articles naming an entity (/feeds/persons/<slug>/atom/) and of those of a rubric, tag
# or author (/feeds/rubrics/<slug>/rss/).
FEED_ENTITIES = {"persons": Person, "events": Event, "organizations": Organization, "places": Place}
FEED_SECTIONS = {"rubrics": Rubric, "tags": Tag, "authors": Author}
urlpatterns += [
    path(f"feeds/articles/{suffix}/", feeds.ArticlesFeed(feed_type), name=f"article_feed_{suffix}")
    for suffix, feed_type in feeds.FEED_TYPES.items()
]
urlpatterns += [
    path(
        f"feeds/{prefix}/<slug:slug>/{suffix}/",
        feeds.EntityArticlesFeed(model, feed_type),
        name=f"{model._meta.model_name}_feed_{suffix}",
    )
    for prefix, model in FEED_ENTITIES.items()
    for suffix, feed_type in feeds.FEED_TYPES.items()
]
urlpatterns += [
    path(
        f"feeds/{prefix}/<slug:slug>/{suffix}/",
        feeds.SectionArticlesFeed(model, feed_type),
        name=f"{model._meta.model_name}_feed_{suffix}",
    )
    for prefix, model in FEED_SECTIONS.items()
    for suffix, feed_type in feeds.FEED_TYPES.items()
]
