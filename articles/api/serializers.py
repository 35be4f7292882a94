from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.media import pictures
from articles.models import Article, Event, Organization, Person, Place
from articles.seo import base_url, web_url


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The API address of an article or entity; use with `source`."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, obj):
        return reverse(
            f"api:{obj._meta.model_name}-detail",
            kwargs={"slug": obj.slug},
            request=self.context["request"],
        )


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The address of the site's page for an article or entity."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class EntityArticlesUrlField(serializers.Field):
    """The API's article list filtered to the articles naming an entity."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, entity):
        # ArticleFilter names each entity filter after the entity's model.
        query = urlencode({entity._meta.model_name: entity.slug})
        return f"{reverse('api:article-list', request=self.context['request'])}?{query}"


class WebUrlField(serializers.URLField):
    """A stored URL, given only when it is http(s) (articles.seo.web_url)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return web_url(value or "")


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The file's absolute address.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """A library image with its renditions; null while they are not made."""

    alt = serializers.CharField(help_text="What the image shows, for readers who cannot see it.")
    caption = serializers.CharField()
    credit = serializers.CharField(help_text="Who took the photo or owns it.")
    width = serializers.IntegerField(help_text="The original's width in pixels.")
    height = serializers.IntegerField(help_text="The original's height in pixels.")
    renditions = serializers.SerializerMethodField()

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, image):
        return super().to_representation(image) if image.is_ready else None

    @extend_schema_field(
        serializers.DictField(
            child=serializers.DictField(child=RenditionSerializer(many=True)),
            help_text=(
                'By set ("full": the original\'s proportions; "16x9", "4x3", "1x1": crops; '
                '"og": 1200 × 630 for sharing), then by format ("avif", "webp", "jpeg"), '
                "narrowest first."
            ),
        )
    )
    def get_renditions(self, image):
        base = base_url(self.context["request"])
        return {
            set_name: {
                format_name: [
                    {"url": r.absolute_url(base), "width": r.width, "height": r.height}
                    for r in files
                ]
                for format_name, files in formats.items()
            }
            for set_name, formats in pictures.every_rendition(image.renditions).items()
        }


@extend_schema_field(OpenApiTypes.STR)
class BodyHtmlField(serializers.Field):
    """The body as HTML: sanitized, its figures plain <img> of the library's JPEGs."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="body_parts", **kwargs)

    def to_representation(self, parts):
        return pictures.plain_html(parts, base_url=base_url(self.context["request"]))


class EntityRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = ApiUrlField(source="*")
    page_url = PageUrlField(source="*")


class LinkedEntitySerializer(serializers.Serializer):
    """An article's link to an entity, shown as the entity."""

    slug = serializers.SlugField(source="entity.slug")
    name = serializers.CharField(source="entity.name")
    url = ApiUrlField(source="entity")
    page_url = PageUrlField(source="entity")


class SectionRefSerializer(serializers.Serializer):
    """A rubric, tag or author, with the address of its page on the site."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    page_url = PageUrlField(source="*")


class BylineSerializer(serializers.Serializer):
    """One name of an article's byline, shown as the author."""

    slug = serializers.SlugField(source="author.slug")
    name = serializers.CharField(source="author.name")
    page_url = PageUrlField(source="author")


class LinkedPersonSerializer(LinkedEntitySerializer):
    role = serializers.CharField(help_text="The person's position as this article states it.")


# An article's fields, in their order; lists leave the body out: it is the bulk of an article.
BODY_FIELDS = ["body", "body_text", "body_html"]
ARTICLE_FIELDS = [
    "slug",
    "title",
    "lead",
    "lead_image",
    *BODY_FIELDS,
    "source",
    "rubric",
    "authors",
    "tags",
    "published_at",
    "url",
    "page_url",
    "persons",
    "organizations",
    "places",
    "events",
]


class ArticleSerializer(serializers.ModelSerializer):
    url = ApiUrlField(source="*")
    page_url = PageUrlField(source="*")
    lead_image = ImageSerializer()
    # The public links, as the view prefetches them (articles.views.prefetch_public_links).
    persons = LinkedPersonSerializer(source="public_person_links", many=True)
    organizations = LinkedEntitySerializer(source="public_organization_links", many=True)
    places = LinkedEntitySerializer(source="public_place_links", many=True)
    events = LinkedEntitySerializer(source="public_event_links", many=True)
    # The byline in its order, and the tags, as the view prefetches them.
    authors = BylineSerializer(source="byline", many=True)
    tags = SectionRefSerializer(many=True)
    rubric = SectionRefSerializer()

    class Meta:
        model = Article
        fields = [name for name in ARTICLE_FIELDS if name not in BODY_FIELDS]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    # The plain text, as `body` has always been (existing clients read it so).
    body = serializers.CharField(
        source="body_text",
        read_only=True,
        help_text="The body's text, the same as body_text (kept for existing clients).",
    )
    body_text = serializers.CharField(
        read_only=True, help_text="The body's text, a blank line between its paragraphs."
    )
    body_html = BodyHtmlField(
        help_text="The body as sanitized HTML; its figures are <img> of JPEG renditions."
    )

    class Meta(ArticleSerializer.Meta):
        fields = ARTICLE_FIELDS
        read_only_fields = fields


class EntitySerializer(serializers.ModelSerializer):
    url = ApiUrlField(source="*")
    page_url = PageUrlField(source="*")
    article_count = serializers.IntegerField(
        read_only=True, help_text="How many public articles name it."
    )
    articles_url = EntityArticlesUrlField()
    image = ImageSerializer()

    common_fields = ["slug", "name", "url", "page_url", "article_count", "articles_url", "image"]


class PersonSerializer(EntitySerializer):
    photo_url = WebUrlField(
        help_text="A photo on another site (http or https), or empty; `image` wins over it."
    )

    class Meta:
        model = Person
        fields = [*EntitySerializer.common_fields, "description", "photo_url"]
        read_only_fields = fields


class OrganizationSerializer(EntitySerializer):
    class Meta:
        model = Organization
        fields = [*EntitySerializer.common_fields, "description"]
        read_only_fields = fields


class PlaceSerializer(EntitySerializer):
    class Meta:
        model = Place
        fields = EntitySerializer.common_fields
        read_only_fields = fields


class EventSerializer(EntitySerializer):
    participants = EntityRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            *EntitySerializer.common_fields,
            "description",
            "place",
            "start_date",
            "end_date",
            "date_precision",
            "participants",
        ]
        read_only_fields = fields
