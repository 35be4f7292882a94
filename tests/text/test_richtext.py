"""The body's sanitizer against hostile markup, and the text read from the body.

Each allow-list rule gets a payload that breaks it and the exact output it must come
out as; the escaping contract's payloads (tests/contracts/test_escaping.py) must come
out with nothing a browser would run; hypothesis checks that sanitizing twice changes
nothing and that the importer's paragraphs survive the HTML round trip.
"""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text import richtext
from articles.text.richtext import Figure, from_paragraphs, sanitize, segments, to_text

from ..contracts.test_escaping import PAYLOAD_PARTS, URL_PAYLOAD, payload

FIGURE = '<figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7"></figure>'
# A browser strips these from both ends of a URL and drops tabs and newlines inside it
# (the WHATWG URL standard) before it reads the scheme.
URL_EDGES = "".join(map(chr, range(0x21)))
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}


# --- One rule, one payload -------------------------------------------------------------

# (payload, exactly what sanitize() makes of it)
DROPPED_WITH_CONTENT = [
    pytest.param("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>", id="script"),
    pytest.param("<p>a<SCRIPT SRC=//evil.example/x.js></SCRIPT>b</p>", "<p>ab</p>", id="SCRIPT"),
    pytest.param("<style>p{background:url(javascript:x)}</style><p>x</p>", "<p>x</p>", id="style"),
    pytest.param(
        '<iframe src="https://evil.example">inner</iframe><p>x</p>', "<p>x</p>", id="iframe"
    ),
    pytest.param('<object data="x.swf">fallback</object><p>x</p>', "<p>x</p>", id="object"),
    pytest.param('<embed src="x.swf"><p>x</p>', "<p>x</p>", id="embed"),
    pytest.param("<svg onload=alert(1)><p>x</p></svg>", "<p>x</p>", id="svg-onload"),
    pytest.param(
        "<svg><script>alert(1)</script><text>t</text></svg><p>x</p>", "<p>x</p>", id="svg-script"
    ),
    pytest.param("<math><mi>x</mi></math><p>y</p>", "<p>y</p>", id="math"),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "",
        id="math-mxss",
    ),
    pytest.param(
        "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", "", id="svg-style-mxss"
    ),
    pytest.param(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '"&gt;', id="noscript"
    ),
    pytest.param("<p>x</p><template><p>t</p></template>", "<p>x</p>", id="template"),
    # Raw-text elements: their markup is text, and stays text (escaped).
    pytest.param(
        "<p>x</p><xmp><script>alert(1)</script></xmp>",
        "<p>x</p>&lt;script&gt;alert(1)&lt;/script&gt;",
        id="xmp",
    ),
    pytest.param(
        "<p>x</p><textarea><p>y</p></textarea>", "<p>x</p>&lt;p&gt;y&lt;/p&gt;", id="textarea"
    ),
]

EVENT_AND_STYLE_ATTRIBUTES = [
    pytest.param('<p onclick="alert(1)">x</p>', "<p>x</p>", id="onclick"),
    pytest.param('<p ONMOUSEOVER="alert(1)">x</p>', "<p>x</p>", id="onmouseover"),
    pytest.param(
        '<figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7" '
        'onerror="alert(1)" onload="alert(2)"></figure>',
        FIGURE,
        id="img-onerror",
    ),
    pytest.param(
        '<p><a href="https://example.com/" onfocus="alert(1)" autofocus>x</a></p>',
        '<p><a href="https://example.com/" rel="noopener">x</a></p>',
        id="a-onfocus",
    ),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>", id="style"),
    pytest.param(
        '<p><strong style="color:red">x</strong></p>', "<p><strong>x</strong></p>", id="style-b"
    ),
    # Not even the attributes nh3 allows on every tag by default.
    pytest.param('<p title="x" lang="en" id="y" dir="rtl" data-x="1">x</p>', "<p>x</p>", id="p"),
    pytest.param(
        '<p><a href="https://example.com/" lang="en" ping="https://t.example/">x</a></p>',
        '<p><a href="https://example.com/" rel="noopener">x</a></p>',
        id="a-ping-lang",
    ),
]

HOSTILE_HREFS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "https:javascript:alert(1)",
    "ftp://example.com/file",
    URL_PAYLOAD,
]

UNKNOWN_TAGS = [
    pytest.param("<p>x<marquee>m</marquee></p>", "<p>xm</p>", id="marquee"),
    pytest.param('<form action="https://evil.example"><p>x</p></form>', "<p>x</p>", id="form"),
    pytest.param('<p>x<input value="v" autofocus onfocus="alert(1)"></p>', "<p>x</p>", id="input"),
    pytest.param(
        '<p>x<button formaction="javascript:alert(1)">b</button></p>', "<p>xb</p>", id="button"
    ),
    pytest.param('<base href="https://evil.example/"><p>x</p>', "<p>x</p>", id="base"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>',
        "<p>x</p>",
        id="meta",
    ),
    pytest.param(
        '<link rel="stylesheet" href="https://evil.example/x.css"><p>x</p>', "<p>x</p>", id="link"
    ),
    pytest.param("<p>a<span>b</span>c</p>", "<p>abc</p>", id="span"),
    pytest.param("<table><tr><td>t</td></tr></table><p>x</p>", "t<p>x</p>", id="table"),
]


@pytest.mark.parametrize(("markup", "expected"), DROPPED_WITH_CONTENT)
def test_script_style_embeds_and_foreign_content_go_with_their_content(markup, expected):
    assert sanitize(markup) == expected


@pytest.mark.parametrize(("markup", "expected"), EVENT_AND_STYLE_ATTRIBUTES)
def test_event_style_and_other_unlisted_attributes_are_dropped(markup, expected):
    assert sanitize(markup) == expected


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_a_link_to_a_scheme_outside_the_list_loses_its_href(href):
    assert sanitize(f'<p><a href="{href}">x</a></p>') == '<p><a rel="noopener">x</a></p>'


@pytest.mark.parametrize(
    "href",
    [
        "https://example.com/a?b=1&amp;c=2#d",
        "http://example.com/",
        "HTTPS://EXAMPLE.COM/",
        "mailto:editor@example.kz",
        "/articles/2025/slug/",
        "#section",
        "?page=2",
    ],
)
def test_https_mailto_and_relative_links_are_kept_exactly(href):
    assert sanitize(f'<p><a href="{href}" title="Источник">x</a></p>') == (
        f'<p><a href="{href}" title="Источник" rel="noopener">x</a></p>'
    )


def test_a_link_gets_rel_noopener_and_loses_target():
    assert (
        sanitize('<p><a href="https://example.com/" target="_blank" rel="opener">x</a></p>')
        == '<p><a href="https://example.com/" rel="noopener">x</a></p>'
    )
    assert sanitize(
        '<p><a href="https://example.com/" rel="noopener noreferrer opener">x</a></p>'
    ) == ('<p><a href="https://example.com/" rel="noopener">x</a></p>')


@pytest.mark.parametrize(
    "src",
    ["data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml,<svg onload=alert(1)>", URL_PAYLOAD],
)
def test_an_image_loses_a_data_or_javascript_src(src):
    markup = f'<figure class="figure"><img src="{src}" alt="a" data-file="7"></figure>'
    assert sanitize(markup) == '<figure class="figure"><img src="" alt="a" data-file="7"></figure>'


def test_an_image_loses_srcset_and_other_attributes():
    assert (
        sanitize(
            '<figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7" '
            'srcset="javascript:alert(1) 1x" width="10" title="t" class="x"></figure>'
        )
        == FIGURE
    )


@pytest.mark.parametrize(("markup", "expected"), UNKNOWN_TAGS)
def test_an_unknown_tag_is_dropped_and_its_text_kept(markup, expected):
    assert sanitize(markup) == expected


def test_classes_other_than_the_figures_are_dropped():
    assert sanitize(
        '<figure class="figure evil"><img src="/m/a.jpg" alt="Акимат" data-file="7">'
        '<figcaption class="figure-caption x">Подпись</figcaption></figure>'
        '<p class="lead">x</p><h2 class="figure">t</h2>'
    ) == (
        '<figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7">'
        '<figcaption class="figure-caption">Подпись</figcaption></figure>'
        "<p>x</p><h2>t</h2>"
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"),
        ("<p>a<!--[if IE]><script>alert(1)</script><![endif]-->b</p>", "<p>ab</p>"),
        ("<p>a<![CDATA[ hidden ]]>b</p>", "<p>ab</p>"),
        # In HTML a CDATA section is a bogus comment that ends at the first ">": the rest
        # is text, escaped.
        ("<p><![CDATA[<script>alert(1)</script>]]></p>", "<p>alert(1)]]&gt;</p>"),
        ("<p>a<?php echo 1 ?>b</p>", "<p>ab</p>"),
        ("<p>a</p><!DOCTYPE html><p>b</p>", "<p>a</p><p>b</p>"),
    ],
)
def test_comments_cdata_and_processing_instructions_are_dropped(markup, expected):
    assert sanitize(markup) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p><strong><em>x</p>", "<p><strong><em>x</em></strong></p>"),
        ("<p><strong>a<em>b</strong>c</em></p>", "<p><strong>a<em>b</em></strong><em>c</em></p>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<p>a<p>b", "<p>a</p><p>b</p>"),
        ("<blockquote>q", "<blockquote>q</blockquote>"),
        ("<h2><h3>x</h3></h2>", "<h2></h2><h3>x</h3>"),
        ("<p>a</em></strong></p></p>b", "<p>a</p><p></p>b"),
        (
            "<p><a href='https://example.com/'>x<p>y",
            (
                '<p><a href="https://example.com/" rel="noopener">x</a></p>'
                '<p><a href="https://example.com/" rel="noopener">y</a></p>'
            ),
        ),
    ],
)
def test_nested_and_unclosed_tags_come_out_balanced(markup, expected):
    assert sanitize(markup) == expected


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/m/a.jpg" alt="a">',
        '<img src="/m/a.jpg" alt="a" data-file="">',
        '<img src="/m/a.jpg" alt="a" data-file="x7">',
        '<img src="/m/a.jpg" alt="a" data-file="1 onerror=alert(1)">',
        '<img src="/m/a.jpg" alt="a" data-file="-1">',
        '<img src="/m/a.jpg" alt="a" data-file="1.5">',
        '<img src="/m/a.jpg" alt="a" data-file="1e3">',
        # More digits than an ID has.
        '<img src="/m/a.jpg" alt="a" data-file="1234567890123456789">',
        '<img src="https://tracker.example/pixel.gif" alt="a">',
    ],
)
def test_an_image_without_a_numeric_data_file_is_dropped(img):
    assert sanitize(f"<p>x</p><figure>{img}<figcaption>c</figcaption></figure>") == "<p>x</p>"
    assert sanitize(f"<p>x</p>{img}") == "<p>x</p>"
    assert sanitize(img) == ""


def test_headings_other_than_h2_and_h3_and_divs_become_the_nearest_the_editor_makes():
    assert sanitize("<h1>Один</h1><h2>Два</h2><h3>Три</h3><h4>Четыре</h4><h5>Пять</h5>") == (
        "<h2>Один</h2><h2>Два</h2><h3>Три</h3><h3>Четыре</h3><h3>Пять</h3>"
    )
    # Pasted blocks keep their words apart.
    assert sanitize('<div class="x">а</div><div>б</div>') == "<p>а</p><p>б</p>"
    assert to_text(sanitize("<h6>Шесть</h6><div>слов</div>")) == "Шесть\n\nслов"


def test_a_library_image_inside_a_paragraph_becomes_a_figure_between_two_paragraphs():
    # A <figure> inside a <p> is not HTML: a browser would read the stored body as
    # "<p>a</p><figure>…</figure>b<p></p>", and so would the next sanitize().
    assert sanitize(
        '<p>до <strong>жирно<img src="/m/a.jpg" alt="Акимат" data-file="7"> ещё</strong> после</p>'
    ) == (f"<p>до <strong>жирно</strong></p>{FIGURE}<p><strong> ещё</strong> после</p>")
    assert sanitize('<p>текст<img src="/m/a.jpg" alt="Акимат" data-file="7"></p>') == (
        f"<p>текст</p>{FIGURE}"
    )


def test_a_linked_library_image_loses_the_empty_link_around_it():
    linked = '<p><a href="https://example.com/"><img src="/m/a.jpg" alt="Акимат" data-file="7">'
    assert sanitize(f"{linked}</a></p>") == FIGURE


def test_a_figure_in_a_figure_is_one_figure():
    assert (
        sanitize(
            '<figure class="figure"><img src="/m/b.jpg" alt="b" data-file="8">'
            f"{FIGURE}</figure><p>x</p>"
        )
        == f"{FIGURE}<p>x</p>"
    )


def test_a_line_break_in_a_caption_is_a_space():
    markup = (
        '<figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7">'
        '<figcaption class="figure-caption">Акимат<br>Фото: Иван Петров</figcaption></figure>'
    )
    assert segments(sanitize(markup)) == [
        Figure(7, "Акимат", "Акимат Фото: Иван Петров", "/m/a.jpg")
    ]


def test_a_data_file_of_other_digits_than_ascii_is_not_an_id():
    assert (
        sanitize('<p>x</p><figure><img src="/m/a.jpg" data-file="\u0663"></figure>') == "<p>x</p>"
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # An <a> left inside an <a> once the <select> or <table> between them is gone.
        (
            "<p><a>0<select><a>1</a></select></a></p>",
            '<p><a rel="noopener">0</a><a rel="noopener">1</a></p>',
        ),
        (
            "<a><a>0<table><a>1",
            '<a rel="noopener"></a><a rel="noopener">0</a><a rel="noopener">1</a>',
        ),
    ],
)
def test_markup_that_reads_differently_once_cleaned_is_cleaned_again(markup, expected):
    assert sanitize(markup) == expected
    assert sanitize(expected) == expected


# --- What is allowed survives ----------------------------------------------------------

ALLOWED_MARKUP = [
    ("p", "<p>Абзац</p>"),
    ("h2", "<h2>Подзаголовок</h2>"),
    ("h3", "<h3>Подзаголовок</h3>"),
    ("strong", "<p><strong>жирный</strong></p>"),
    ("em", "<p><em>курсив</em></p>"),
    ("a", '<p><a href="https://example.com/" title="Пример" rel="noopener">ссылка</a></p>'),
    ("blockquote", "<blockquote><p>Цитата</p></blockquote>"),
    ("ul", "<ul><li>один</li><li>два</li></ul>"),
    ("ol", "<ol><li>один</li><li>два</li></ol>"),
    ("li", "<ul><li><p>пункт</p></li></ul>"),
    ("br", "<p>строка<br>строка</p>"),
    (
        "figure",
        '<figure class="figure"><img src="/media/images/ab/x/full-640x480.webp" alt="Акимат" '
        'data-file="7"><figcaption class="figure-caption">Фото: Иван Петров</figcaption></figure>',
    ),
]


@pytest.mark.parametrize(("tag", "markup"), ALLOWED_MARKUP, ids=[tag for tag, _ in ALLOWED_MARKUP])
def test_each_allowed_tag_survives_as_it_is(tag, markup):
    assert sanitize(markup) == markup


def test_the_allowed_markup_covers_the_allow_list():
    tags = set()
    for _tag, markup in ALLOWED_MARKUP:
        tags |= {tag for tag, _attrs in _tags(markup)}
    assert tags == richtext.ALLOWED_TAGS


def test_a_figure_comes_out_as_a_figure_segment():
    markup = (
        '<p>До</p><figure class="figure"><img src="/m/a.jpg" alt="Акимат" data-file="7">'
        '<figcaption class="figure-caption">Фото: <strong>Иван</strong> &amp; Ко</figcaption>'
        "</figure><p>После</p>"
    )
    assert segments(sanitize(markup)) == [
        "<p>До</p>",
        Figure(7, "Акимат", "Фото: Иван & Ко", "/m/a.jpg"),
        "<p>После</p>",
    ]


def test_markup_without_text_or_figure_is_empty():
    assert sanitize("<p><br></p><p>\xa0</p><p><a href='https://example.com/'></a></p>") == ""
    assert sanitize("<script>alert(1)</script>") == ""
    assert sanitize("") == ""
    assert sanitize(None) == ""


# --- The escaping contract's payloads ---------------------------------------------------


def _tags(markup):
    """(tag, attrs) of every start tag of `markup`, as a browser's tokenizer sees them."""

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, attrs))

        def handle_startendtag(self, tag, attrs):
            self.tags.append((tag, attrs))

    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector.tags


def _scheme(url):
    url = re.sub(r"[\t\n\r]", "", url.strip(URL_EDGES))
    match = URL_SCHEME.match(url)
    return match.group(1).lower() if match else ""


def assert_nothing_executable(markup):
    for tag, attrs in _tags(markup):
        assert tag in richtext.ALLOWED_TAGS, (tag, markup)
        allowed = richtext.ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel"}
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, markup)
            assert name in allowed, (tag, name, markup)
            if name in ("href", "src"):
                assert _scheme(value or "") in SAFE_SCHEMES | {""}, (tag, name, value)


def _payload_inputs():
    parts = [*PAYLOAD_PARTS, payload(), URL_PAYLOAD]
    for part in parts:
        yield part
        yield f"<p>{part}</p>"
        yield f'<p><a href="{part}" title="{part}">{part}</a></p>'
        yield f"<p><a href='{part}'>x</a></p>"
        yield (
            f'<figure class="figure"><img src="{part}" alt="{part}" data-file="7">'
            f"<figcaption class='figure-caption'>{part}</figcaption></figure>"
        )
        yield f'<img src="{part}" data-file="7">'
        yield f"<h2>{part}</h2><ul><li>{part}</li></ul><blockquote>{part}</blockquote>"
        yield richtext.from_plain_text(part)


PAYLOAD_INPUTS = list(_payload_inputs())


@pytest.mark.parametrize("markup", PAYLOAD_INPUTS)
def test_the_escaping_payloads_leave_nothing_executable(markup):
    cleaned = sanitize(markup)
    assert_nothing_executable(cleaned)
    # What a page prints of each segment, too.
    for segment in segments(cleaned):
        if isinstance(segment, str):
            assert_nothing_executable(segment)


def test_the_executable_checker_catches_what_it_looks_for():
    # The checker itself, on markup sanitize() must never let out.
    for markup in [
        "<script>x</script>",
        '<p onclick="x">x</p>',
        '<a href="javascript:x">x</a>',
        '<a href=" JaVa\tScRiPt:x">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<p style="x">x</p>',
    ]:
        with pytest.raises(AssertionError):
            assert_nothing_executable(markup)


# --- Text --------------------------------------------------------------------------------


def test_to_text_keeps_paragraph_boundaries():
    markup = (
        "<h2>Подзаголовок</h2><p>Первый <strong>абзац</strong>.</p>\n<p>Второй<br>абзац.</p>"
        "<ul><li>пункт один</li><li>пункт два</li></ul>"
        "<blockquote><p>Цитата</p></blockquote><blockquote>Вторая цитата</blockquote>"
        '<figure class="figure"><img src="/m/a.jpg" alt="Не текст" data-file="7">'
        '<figcaption class="figure-caption">Подпись</figcaption></figure>'
        "<ol><li>последний</li></ol>"
    )
    assert to_text(markup) == (
        "Подзаголовок\n\nПервый абзац.\n\nВторой абзац.\n\nпункт один\n\nпункт два\n\n"
        "Цитата\n\nВторая цитата\n\nПодпись\n\nпоследний"
    )


def test_to_text_keeps_no_break_spaces_and_double_spaces_inside_a_paragraph():
    assert (
        to_text("<p>10\xa0000 тенге,  два&nbsp;пробела</p>") == "10\xa0000 тенге,  два\xa0пробела"
    )
    assert to_text(sanitize("<p>10&nbsp;000  тенге</p>")) == "10\xa0000  тенге"


def test_to_text_makes_markup_line_breaks_a_space():
    assert to_text("<p>первая\n  вторая\tтретья</p>\n\n<p>\n абзац \n</p>") == (
        "первая вторая третья\n\nабзац"
    )


def test_to_text_unescapes_entities():
    assert to_text("<p>&lt;script&gt; &amp; &quot;кавычки&quot;</p>") == '<script> & "кавычки"'


# What the importer's paragraphs can hold, and more: any character but the markup
# whitespace its parser makes a space (articles/text/parsing.py, _normalise_whitespace),
# NUL (it refuses the file) and surrogates (they cannot be encoded).
PARAGRAPH_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\t\n\r\x0c")
PARAGRAPH_TEXT = st.text(
    st.one_of(PARAGRAPH_CHARS, st.sampled_from("<>&;#\"' \xa0абвАБВ")), min_size=1, max_size=40
)
PARAGRAPHS = st.lists(PARAGRAPH_TEXT.map(str.strip).filter(bool), min_size=1, max_size=6)


# Each example is small: a generous deadline (a pathological slowdown is a bug) that a
# machine busy with other work still meets.
FUZZ_SETTINGS = settings(deadline=2000)


@pytest.mark.fuzz
@FUZZ_SETTINGS
@given(PARAGRAPHS)
def test_the_importers_paragraphs_survive_the_html_round_trip(paragraphs):
    assert to_text(from_paragraphs(paragraphs)) == "\n\n".join(paragraphs)


@pytest.mark.fuzz
@FUZZ_SETTINGS
@given(PARAGRAPHS)
def test_the_importers_paragraphs_survive_the_sanitizer(paragraphs):
    # Article.save() sanitizes what from_paragraphs() made.
    markup = from_paragraphs(paragraphs)
    assert to_text(sanitize(markup)) == "\n\n".join(paragraphs)


# HTML-ish text: tags allowed and not (the allowed ones drawn more often, so that they
# nest), attributes hostile and not, text with what markup is made of.
OTHER_TAGS = ["div", "span", "h1", "h4", "script", "style", "svg", "math", "table", "td"]
OTHER_TAGS += ["textarea", "noscript", "template", "iframe", "title", "select"]
TAG_NAMES = st.one_of(
    st.sampled_from(sorted(richtext.ALLOWED_TAGS)),
    st.sampled_from(["p", "figure", "img", "figcaption", "a", "strong"]),
    st.sampled_from(OTHER_TAGS),
)
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' href="https://example.com/?a=1&amp;b=2"',
        ' href="javascript:alert(1)"',
        " href=mailto:a@b.kz",
        ' src="/m/a.jpg"',
        ' src="data:image/png;base64,AA"',
        ' data-file="7"',
        ' data-file="1 onerror=x"',
        ' class="figure"',
        ' class="figure-caption evil"',
        ' onclick="alert(1)"',
        ' style="color:red"',
        ' alt="a&quot;b"',
        " title='t'",
        ' target="_blank" rel="opener"',
    ]
)
START_TAGS = st.builds(
    lambda name, attrs, closing: f"<{name}{''.join(attrs)}{' /' if closing else ''}>",
    TAG_NAMES,
    st.lists(ATTRIBUTES, max_size=3),
    st.booleans(),
)
END_TAGS = TAG_NAMES.map(lambda name: f"</{name}>")
TEXTS = st.text(
    st.one_of(
        st.sampled_from("<>&;#\"'=/ \xa0\n\tабв!-[]"), st.characters(blacklist_categories=("Cs",))
    ),
    max_size=8,
)
ODDITIES = st.sampled_from(
    [
        '<img src="/m/a.jpg" data-file="7">',
        '<figure class="figure"><img data-file="8" alt="x">',
        "<figcaption>подпись<br>вторая</figcaption></figure>",
        "<!-- c -->",
        "<!--",
        "-->",
        "<![CDATA[x]]>",
        "&nbsp;",
        "&amp;",
        "&lt;",
        "&#0;",
        "&#x6A;",
        "&bogus;",
        "<?x?>",
        "<!DOCTYPE html>",
    ]
)
HTMLISH = st.lists(st.one_of(START_TAGS, END_TAGS, TEXTS, ODDITIES), max_size=25).map("".join)


@pytest.mark.fuzz
@FUZZ_SETTINGS
@given(HTMLISH)
def test_sanitizing_twice_changes_nothing(markup):
    once = sanitize(markup)
    assert sanitize(once) == once
    assert_nothing_executable(once)
