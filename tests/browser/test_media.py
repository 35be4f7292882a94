"""The media library in Chromium: an editor uploads a photo in the admin, writes an
article in the rich-text editor around it (a subheading, a link, a figure chosen in
the library's picker) and makes it the lead image; a reader then sees the photo in
its renditions, with its caption and credit, on a page axe and the Nu checker pass.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from articles.media import pictures
from articles.media.renditions import WIDTHS
from articles.models import Article, Image

from ..factories import jpeg_bytes
from .conftest import AXE_SCRIPT, DESKTOP, PHONE
from .test_accessibility import REPORT_VIOLATIONS, report
from .test_html_validity import nu_errors

pytestmark = pytest.mark.browser

# A 16:9 photo: its lead image ("16x9") and figure ("full") sets have the same widths.
PHOTO_WIDTH, PHOTO_HEIGHT = 1600, 900
RENDITION_WIDTHS = [width for width in WIDTHS if width <= PHOTO_WIDTH]
ALT = "Здание акимата Астаны на площади Независимости"
CAPTION = "Акимат Астаны после реконструкции фасада"
CREDIT = "Айгерим Садыкова"
# The body's figure has a caption of its own, which the page shows instead of the library's.
FIGURE_CAPTION = "Фасад акимата, вид с площади"

TITLE = "Акимат Астаны открыл здание после реконструкции"
SLUG = "akimat-astany-otkryl-zdanie"
LEAD = "Работы на фасаде и в залах заняли два года"
PARAGRAPH = "Реконструкция здания акимата завершилась в срок."
SUBHEADING = "Что изменилось"
LINK_TEXT = "акимата"
LINK_PARAGRAPH = f"Фотографии залов опубликованы на сайте {LINK_TEXT}."
LINK_URL = "https://astana.gov.kz/ru/news"

IMAGE_CHECKS = """img => img.complete && img.naturalWidth > 0"""


def ui(text):
    # The interface text as the live server renders it (this process's catalog, the
    # compiled locale/ru/LC_MESSAGES/django.mo), as tests/browser/test_reader.py does.
    with translation.override("ru"):
        return translation.gettext(text)


def credit_line(credit):
    return ui("Photo: %(credit)s") % {"credit": credit}


def expect_success_message(page):
    expect(page.locator(".messagelist .success")).to_have_count(1)


def widths(srcset):
    """The widths of a srcset ("a.jpg 320w, b.jpg 640w"), in order."""
    return [int(width) for width in re.findall(r"\s(\d+)w(?:,|$)", srcset)]


def urls(srcset):
    return [candidate.split()[0] for candidate in srcset.split(",")]


def manifest_widths(image, set_name, format_name):
    return [entry[0] for entry in image.renditions["sets"][set_name][format_name]]


def expect_loaded(page, img):
    """Waits until the browser has fetched and decoded `img` (lazy ones scrolled to)."""
    img.scroll_into_view_if_needed()
    page.wait_for_function(IMAGE_CHECKS, arg=img.element_handle())


def write_photo(folder, name="photo.jpg", **options):
    path = folder / name
    path.write_bytes(jpeg_bytes(PHOTO_WIDTH, PHOTO_HEIGHT, **options))
    return path


@pytest.fixture
def editor(page, sign_in):
    """`page`, signed in to the admin as a superuser with a password nobody knows."""
    return sign_in(page)


def upload_image(page, path):
    """Adds an image through the admin's add form, as an editor does."""
    page.goto(reverse("admin:articles_image_add"))
    page.set_input_files("#id_upload", path)
    page.fill("#id_alt", ALT)
    page.fill("#id_caption", CAPTION)
    page.fill("#id_credit", CREDIT)
    page.click("input[name=_save]")
    expect_success_message(page)
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:articles_image_changelist"))))
    return Image.objects.get(alt=ALT)


class BodyEditor:
    """The article body's django-prose-editor, driven through its toolbar and dialogs."""

    def __init__(self, page):
        self.page = page
        self.root = page.locator(".field-body .prose-editor")
        self.content = self.root.locator(".ProseMirror[contenteditable=true]")
        self.menubar = self.root.locator(".prose-menubar")

    def button(self, name):
        return self.menubar.locator(f"button[data-name='{name}']")

    def dialog(self):
        return self.root.locator("dialog.prose-editor-dialog[open]")

    def start(self):
        self.content.click()
        expect(self.content).to_be_focused()

    def type(self, text):
        self.page.keyboard.type(text)

    def new_block(self):
        """A new paragraph after the current block (the caret is at its end)."""
        self.page.keyboard.press("Enter")

    def heading(self, level):
        """Makes the current block a subheading, with the toolbar's block-type menu."""
        self.menubar.locator(".prose-menubar__selected").click()
        option = self.menubar.locator(f".prose-menubar__option[data-name='heading{level}']")
        expect(option).to_be_visible()
        option.click()
        # The menu shows the block's type once the editor has made it.
        expect(self.menubar.locator(".prose-menubar__selected button")).to_have_attribute(
            "data-level", str(level)
        )
        expect(self.content).to_be_focused()

    def link_last_word(self, word, href):
        """Turns `word`, just before the paragraph's last character, into a link."""
        self.page.keyboard.press("End")
        self.page.keyboard.press("ArrowLeft")
        for _ in word:
            self.page.keyboard.press("Shift+ArrowLeft")
        expect(self.button("link")).not_to_have_class(re.compile(r"\bdisabled\b"))
        self.button("link").click()
        dialog = self.dialog()
        dialog.locator("input[name=href]").fill(href)
        dialog.locator("button[type=submit]").click()
        expect(dialog).to_have_count(0)
        # The editor takes the focus back, and puts its selection (the link) into the
        # page again, on the next animation frame (Tiptap's focus command): a key
        # pressed before then would be undone by it.
        self.page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")
        expect(self.content).to_be_focused()
        # Out of the link, to the paragraph's end: the link button goes off once the
        # editor has taken the new (empty) selection in, which a key pressed earlier
        # would not see (the selection's change reaches it a task later).
        self.page.keyboard.press("End")
        expect(self.button("link")).to_have_class(re.compile(r"\bdisabled\b"))


def choose_in_picker(page, editor_page_dialog, image):
    """Opens the library's picker from the figure dialog's "Browse..." and picks `image`."""
    with page.expect_popup() as opened:
        editor_page_dialog.locator(".prose-editor-field-with-picker button").click()
    picker = opened.value
    choice = picker.locator(f".picker-choice[data-id='{image.pk}']")
    expect(choice.locator("img.picker-thumbnail")).to_be_visible()
    with picker.expect_event("close"):
        choice.click()


def test_a_photo_uploaded_in_the_admin_shows_in_its_renditions_in_an_article_written_around_it(
    editor, reader, new_page, tmp_path
):
    image = upload_image(editor, write_photo(tmp_path))
    assert (image.width, image.height) == (PHOTO_WIDTH, PHOTO_HEIGHT)
    assert image.is_ready

    editor.goto(reverse("admin:articles_article_add"))
    editor.fill("#id_title", TITLE)
    editor.fill("#id_slug", SLUG)
    editor.fill("#id_lead", LEAD)

    body = BodyEditor(editor)
    body.start()
    body.type(PARAGRAPH)
    body.new_block()
    body.heading(2)
    body.type(SUBHEADING)
    expect(body.content.locator("h2")).to_have_text(SUBHEADING)
    body.new_block()
    body.type(LINK_PARAGRAPH)
    body.link_last_word(LINK_TEXT, LINK_URL)
    expect(body.content.locator(f"a[href='{LINK_URL}']")).to_have_text(LINK_TEXT)
    body.new_block()

    # The figure: its image chosen in the library's picker, in a window of its own.
    body.button("figure").click()
    dialog = body.dialog()
    choose_in_picker(editor, dialog, image)
    image_url = dialog.locator("input[name=imageUrl]")
    expect(image_url).to_have_value(re.compile(r"^/media/images/.+\.jpg$"))
    # What the picker gives the dialog: the library's alternative text and caption.
    expect(dialog.locator("input[name=altText]")).to_have_value(ALT)
    expect(dialog.locator("input[name=caption]")).to_have_value(CAPTION)
    dialog.locator("input[name=caption]").fill(FIGURE_CAPTION)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0)
    expect(body.content.locator(f"figure img[data-file='{image.pk}']")).to_have_count(1)

    # The lead image: chosen in the raw-ID lookup (the images' list in a popup).
    with editor.expect_popup() as opened:
        editor.click("#lookup_id_lead_image")
    lookup = opened.value
    with lookup.expect_event("close"):
        # The row's thumbnail and its alternative text both choose it: the thumbnail.
        lookup.locator(f"a[data-popup-opener='{image.pk}'] img.image-thumbnail").click()
    expect(editor.locator("#id_lead_image")).to_have_value(str(image.pk))
    expect(editor.locator(".field-lead_image .image-chooser-preview img")).to_be_visible()

    editor.select_option("#id_status", Article.Status.PUBLISHED)
    editor.click("input[name=_save]")
    expect_success_message(editor)

    article = Article.objects.get(title=TITLE)
    assert article.lead_image == image
    assert Article.objects.public().filter(pk=article.pk).exists()

    # A reader, in a browser of their own.
    response = reader.goto(article.get_absolute_url())
    assert response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)

    lead = reader.locator("figure.lead-figure")
    lead_img = lead.locator("picture img")
    expect(lead_img).to_be_visible()
    expect(lead_img).to_have_attribute("alt", ALT)
    expect_loaded(reader, lead_img)
    assert widths(lead_img.get_attribute("srcset")) == manifest_widths(image, "16x9", "jpeg")
    assert manifest_widths(image, "16x9", "jpeg") == RENDITION_WIDTHS
    # A <source> for each better format the renditions were made in, the same widths.
    sources = {
        source.get_attribute("type"): widths(source.get_attribute("srcset"))
        for source in lead.locator("picture source").all()
    }
    better = [name for name in image.renditions["sets"]["16x9"] if name != "jpeg"]
    assert better
    assert sources == {f"image/{name}": manifest_widths(image, "16x9", name) for name in better}
    expect(lead.locator("figcaption")).to_be_visible()
    expect(lead.locator("figcaption")).to_contain_text(CAPTION)
    expect(lead.locator("figcaption .credit")).to_have_text(credit_line(CREDIT))

    content = reader.locator(".body")
    expect(content.get_by_text(PARAGRAPH)).to_be_visible()
    expect(content.get_by_role("heading", level=2)).to_have_text(SUBHEADING)
    link = content.get_by_role("link", name=LINK_TEXT)
    expect(link).to_have_attribute("href", LINK_URL)
    expect(link).to_have_attribute("rel", "noopener")
    figure = content.locator("figure")
    expect(figure).to_have_count(1)
    figure_img = figure.locator("picture img")
    expect(figure_img).to_have_attribute("alt", ALT)
    expect_loaded(reader, figure_img)
    expect(figure_img).to_be_visible()
    assert widths(figure_img.get_attribute("srcset")) == manifest_widths(image, "full", "jpeg")
    assert manifest_widths(image, "full", "jpeg") == RENDITION_WIDTHS
    expect(figure.locator("figcaption")).to_contain_text(FIGURE_CAPTION)
    expect(figure.locator("figcaption .credit")).to_have_text(credit_line(CREDIT))

    # Every file the page offers (each srcset's, the fallback JPEG's, the one the
    # browser chose) is an image the server gives, of the type the page says.
    files = {}
    for picture in (lead.locator("picture"), figure.locator("picture")):
        for source in picture.locator("source").all():
            files.update(
                dict.fromkeys(urls(source.get_attribute("srcset")), source.get_attribute("type"))
            )
        img = picture.locator("img")
        files.update(dict.fromkeys(urls(img.get_attribute("srcset")), "image/jpeg"))
        files[img.get_attribute("src")] = "image/jpeg"
        chosen = img.evaluate("img => new URL(img.currentSrc).pathname")
        assert chosen in files, chosen
    for url, content_type in sorted(files.items()):
        answer = reader.request.get(url)
        assert (answer.status, answer.headers["content-type"]) == (200, content_type), url

    # The page as made from the editor's body: no accessibility violation, valid HTML.
    assert AXE_SCRIPT.exists(), f"{AXE_SCRIPT} is missing: run `npm ci --prefix tests/browser`."
    checked = new_page(bypass_csp=True)  # axe is a script of the page's own
    violations = {}
    for name, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        checked.set_viewport_size(viewport)
        checked.goto(article.get_absolute_url())
        checked.add_script_tag(path=AXE_SCRIPT)
        if found := checked.evaluate(REPORT_VIOLATIONS):
            violations[name] = found
    assert not violations, report(violations)

    page_file = tmp_path / "article.html"
    page_file.write_bytes(reader.request.get(article.get_absolute_url()).body())
    errors = nu_errors([page_file])
    assert not errors, "\n".join(errors)


def test_the_picker_opened_from_the_figure_dialog_lists_the_uploaded_images_with_thumbnails(
    editor, tmp_path
):
    # Two files at once, through the admin's upload of several images.
    photos = [
        write_photo(tmp_path, "square.jpg", color=(200, 40, 40)),
        write_photo(tmp_path, "facade.jpg", color=(40, 160, 60)),
    ]
    editor.goto(reverse("admin:articles_image_upload"))
    editor.set_input_files("#id_files", photos)
    editor.fill("#id_alt", ALT)
    editor.fill("#id_caption", CAPTION)
    editor.fill("#id_credit", CREDIT)
    editor.click("#image_upload_form input[type=submit]")
    expect_success_message(editor)
    images = list(Image.objects.order_by("pk"))
    assert len(images) == 2
    assert all(image.is_ready for image in images)

    editor.goto(reverse("admin:articles_article_add"))
    body = BodyEditor(editor)
    body.start()
    body.button("figure").click()
    with editor.expect_popup() as opened:
        body.dialog().locator(".prose-editor-field-with-picker button").click()
    picker = opened.value

    choices = picker.locator(".picker-grid .picker-item")
    expect(choices).to_have_count(len(images))
    for image in images:
        thumbnail = pictures.renditions(image.renditions, "full", "webp")[0]
        item = choices.filter(has=picker.locator(f".picker-choice[data-id='{image.pk}']"))
        choice = item.locator(".picker-choice")
        # Opened by the editor, the picker has someone to give the image to.
        expect(choice).to_be_enabled()
        expect(choice).to_have_attribute("data-url", re.compile(r"^/media/images/.+\.jpg$"))
        img = choice.locator("img.picker-thumbnail")
        expect(img).to_be_visible()
        expect(img).to_have_attribute("src", thumbnail.url)
        expect(img).to_have_attribute("width", str(thumbnail.width))
        # Named once, by the text beside it (axe: image-redundant-alt).
        expect(img).to_have_attribute("alt", "")
        expect_loaded(picker, img)
        expect(choice).to_have_accessible_name(ALT)
        expect(item.locator(".picker-caption")).to_have_text(CAPTION)
        expect(item.locator(".picker-credit")).to_have_text(credit_line(CREDIT))
        answer = picker.request.get(thumbnail.url)
        assert (answer.status, answer.headers["content-type"]) == (200, "image/webp")
