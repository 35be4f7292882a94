"""An article's rich-text body: the allow-list it is stored under, and its text.

The admin's editor (django-prose-editor) writes HTML; whatever reaches the server
goes through sanitize() before it is stored, so a page may print the stored body
as it is. Everything that reads the body's words (search, snippets, extraction,
feeds' summaries) reads to_text(), whose paragraphs are the HTML's blocks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# What the editor's toolbar makes, and nothing else: paragraphs, two levels of
# subheading, bold, italic, links, quotes, lists, line breaks, and figures whose
# image is one from the media library (data-file is its ID).
ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "strong",
        "em",
        "a",
        "blockquote",
        "ul",
        "ol",
        "li",
        "br",
        "figure",
        "img",
        "figcaption",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "data-file"},
}
# The editor marks its figures with these classes; any other class is dropped.
ALLOWED_CLASSES = {"figure": {"figure"}, "figcaption": {"figure-caption"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A link opens no window that could script ours (rel is ours to set: an editor's is dropped).
LINK_REL = "noopener"

# Blocks: each becomes a paragraph of the text (a list item, a caption too).
BLOCK_TAGS = frozenset(
    {"p", "h2", "h3", "blockquote", "ul", "ol", "li", "figure", "figcaption", "div"}
)
# Markup's line breaks and tabs inside a block are a space; spaces an editor typed,
# and no-break spaces, are kept, so the text of a file's paragraphs is theirs exactly.
SPACE = re.compile(r" *[\t\n\r\f][ \t\n\r\f]*")
DIGITS = re.compile(r"[0-9]{1,18}")
# Where plain text breaks into paragraphs (the importer's files, old bodies).
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

MAX_CLEANING_PASSES = 3


def _cleaner_of(tags):
    return nh3.Cleaner(
        tags=set(tags),
        # "*": none on every tag (nh3 would otherwise allow lang and title everywhere).
        attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        # Not kept as text either: what was inside a script or style is code, not prose.
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object"},
        strip_comments=True,
    )


_cleaner = _cleaner_of(ALLOWED_TAGS)


# Pasted text brings headings and blocks the editor does not make: they keep their
# place as the nearest ones it does, so that their words do not run together.
RENAMED_BLOCKS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3", "div": "p"}
RENAMED_BLOCK = re.compile(r"<(/?)(h1|h4|h5|h6|div)>")
_renaming_cleaner = _cleaner_of(ALLOWED_TAGS | set(RENAMED_BLOCKS))


def _renamed_blocks(markup: str) -> str:
    cleaned = _renaming_cleaner.clean(markup)
    return RENAMED_BLOCK.sub(lambda m: f"<{m[1]}{RENAMED_BLOCKS[m[2]]}>", cleaned)


def sanitize(markup: str) -> str:
    """`markup` with only the allow-list's tags, attributes, classes and URL schemes left.

    An image that is not from the library (no numeric data-file) is dropped: a page
    only shows the library's renditions, never an address an editor pasted.
    """
    cleaned = _cleaner.clean(_renamed_blocks(markup or ""))
    # What was inside an element taken out (a <table>, a <select>) can come out as markup
    # no parser writes (an <a> in an <a>), which reads differently the next time: cleaned
    # again until it reads the same, so that a stored body is stable.
    for _ in range(MAX_CLEANING_PASSES):
        again = _cleaner.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    cleaned = _drop_foreign_images(cleaned)
    return "" if not to_text(cleaned) and not figure_ids(cleaned) else cleaned.strip()


def from_paragraphs(paragraphs) -> str:
    """Plain-text paragraphs as the body's HTML: each a <p>, its text escaped."""
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p.strip())


def from_plain_text(text: str) -> str:
    """A plain-text body (paragraphs separated by a blank line) as HTML."""
    return from_paragraphs(p.strip() for p in PARAGRAPH_BREAK.split(text or ""))


def looks_like_html(text: str) -> bool:
    """Whether `text` is already the editor's HTML (it starts with a block tag)."""
    return bool(re.match(r"\s*<(p|h2|h3|blockquote|ul|ol|figure)[\s>]", text or ""))


def paragraphs(markup: str) -> list[str]:
    """The text of each block of the body, in order, with spaces collapsed."""
    reader = _TextReader()
    reader.feed(markup or "")
    reader.close()
    return reader.finish()


def to_text(markup: str) -> str:
    """The body's text: its blocks' text, separated by a blank line (as in the files)."""
    return "\n\n".join(paragraphs(markup))


def figure_ids(markup: str) -> list[int]:
    """The library images the body's figures show (data-file), in order, once each."""
    seen = []
    for segment in segments(markup):
        if isinstance(segment, Figure) and segment.image_id not in seen:
            seen.append(segment.image_id)
    return seen


@dataclass(frozen=True)
class Figure:
    """A figure in the body: the library image it shows, and this placement's caption."""

    image_id: int
    alt: str
    caption: str
    # The rendition the editor showed; pages render the library's own instead.
    src: str = ""


def segments(markup: str) -> list[str | Figure]:
    """The body split into sanitized HTML (str) and figures (Figure), in order, so
    that a page renders each figure from the library (its renditions and credit)."""
    splitter = _FigureSplitter()
    splitter.feed(markup or "")
    splitter.close()
    return splitter.finish()


def _drop_foreign_images(markup: str) -> str:
    parts = []
    for segment in segments(markup):
        parts.append(segment if isinstance(segment, str) else _figure_html(segment))
    return "".join(parts)


def _figure_html(figure: Figure) -> str:
    caption = html.escape(figure.caption, quote=False)
    caption = f'<figcaption class="figure-caption">{caption}</figcaption>' if caption else ""
    src, alt = html.escape(figure.src), html.escape(figure.alt)
    return (
        f'<figure class="figure"><img src="{src}" alt="{alt}" '
        f'data-file="{figure.image_id}">{caption}</figure>'
    )


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _break(self):
        text = SPACE.sub(" ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._break()
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        self.current.append(data)

    def finish(self):
        self._break()
        return self.blocks


# Elements that hold only phrasing content: a figure found inside one is put after it
# (the element closed before the figure and opened again after), as a browser would.
PHRASING_ONLY = frozenset({"p", "h2", "h3", "a", "strong", "em"})


class _FigureSplitter(HTMLParser):
    """Re-serializes the (already sanitized) markup, cutting out each <figure> whose
    <img> has a numeric data-file; a figure without one, or a bare <img>, is dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str | Figure] = []
        self.html: list[str] = []
        self.figure: dict | None = None
        self.nested_figures = 0
        self.in_caption = False
        # The elements open outside figures: (tag, its start tag as written, whether
        # it was opened again after a figure).
        self.open: list[tuple[str, str, bool]] = []

    def _flush(self):
        if self.html:
            self.out.append("".join(self.html))
            self.html = []

    def _add_figure(self, figure):
        closed = []
        while self.open and self.open[-1][0] in PHRASING_ONLY:
            closed.append(self.open.pop())
            self._close(*closed[-1][:2])
        self._flush()
        self.out.append(figure)
        for tag, start, _reopened in reversed(closed):
            self.open.append((tag, start, True))
            self.html.append(start)

    def _close(self, tag, start):
        if self.html and self.html[-1] == start:
            # Nothing inside: an element opened again after a figure, or one left
            # empty by the figure cut out of it, is not written at all.
            self.html.pop()
        else:
            self.html.append(f"</{tag}>")

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            if self.figure is not None:
                self.nested_figures += 1
            else:
                self.figure = {"image_id": None, "alt": "", "src": "", "caption": []}
            return
        if tag == "img":
            values = dict(attrs)
            file_id = (values.get("data-file") or "").strip()
            if self.figure is not None and DIGITS.fullmatch(file_id):
                self.figure["image_id"] = int(file_id)
                self.figure["alt"] = values.get("alt") or ""
                self.figure["src"] = values.get("src") or ""
            elif self.figure is None and DIGITS.fullmatch(file_id):
                # A library image outside a figure (pasted): a figure of its own.
                self._add_figure(
                    Figure(int(file_id), values.get("alt") or "", "", values.get("src") or "")
                )
            return
        if self.figure is not None:
            self.in_caption = self.in_caption or tag == "figcaption"
            if tag == "br" and self.in_caption:
                self.figure["caption"].append(" ")
            return
        start = self.get_starttag_text() or ""
        self.html.append(start)
        if tag != "br":
            self.open.append((tag, start, False))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.figure is not None:
            if tag == "figcaption":
                self.in_caption = False
            elif tag == "figure" and self.nested_figures:
                self.nested_figures -= 1
            elif tag == "figure":
                figure, self.figure = self.figure, None
                if figure["image_id"] is not None:
                    caption = SPACE.sub(" ", html.unescape("".join(figure["caption"]))).strip()
                    self._add_figure(
                        Figure(figure["image_id"], figure["alt"], caption, figure["src"])
                    )
            return
        if tag in ("img", "br"):
            return
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                _tag, start, reopened = self.open[index]
                del self.open[index:]
                if reopened:
                    self._close(tag, start)
                    return
                break
        self.html.append(f"</{tag}>")

    def handle_data(self, data):
        if self.figure is not None:
            if self.in_caption:
                self.figure["caption"].append(data)
            return
        self.html.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def finish(self):
        self._flush()
        return self.out
