from rest_framework.renderers import JSONRenderer

# Inside JSON these can only stand in strings, where their \u escapes are the same
# value; in UTF-8 no other character's bytes contain them.
HTML_UNSAFE = {b"<": b"\\u003c", b">": b"\\u003e", b"&": b"\\u0026"}


class HtmlSafeJSONRenderer(JSONRenderer):
    """JSON in which no text can be read as markup: <, > and & as \\u escapes.

    The values are unchanged for any JSON reader, but a response a browser sniffs
    as HTML, or a page pasting it into a <script>, finds no tag in it.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        for character, escape in HTML_UNSAFE.items():
            content = content.replace(character, escape)
        return content
