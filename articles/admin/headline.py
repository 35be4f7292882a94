"""The article's title on its change form: a text box that wraps and grows, so that
a long headline (up to its 300 characters) is seen whole while it is typed, which a
one-line input at 1280 pixels cannot show (about 120 characters fill it)."""

import re

from django import forms

LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


class HeadlineWidget(forms.Textarea):
    """One line of text in a box of several: Enter adds no line break
    (headline.js), and any break pasted in is a space when the form is sent."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 2, "class": "vLargeTextField headline-input", **(attrs or {})})

    class Media:
        js = ["admin/newsroom/headline.js"]

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value
