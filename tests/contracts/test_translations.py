import gettext
from pathlib import Path

import polib

from ..factories import ROOT

CATALOG = ROOT / "locale" / "ru" / "LC_MESSAGES"


def test_every_message_has_a_russian_translation():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalog_matches_the_po_file():
    """django.mo must be recompiled (manage.py compilemessages) whenever django.po changes."""
    po = polib.pofile(str(CATALOG / "django.po"))
    with Path(CATALOG / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for entry in po.translated_entries():
        context = entry.msgctxt
        if entry.msgid_plural:
            for n, expected in [(1, 0), (3, 1), (5, 2)]:
                if context is None:
                    got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    got = compiled.npgettext(context, entry.msgid, entry.msgid_plural, n)
                assert got == entry.msgstr_plural[expected], entry.msgid
        elif context is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.pgettext(context, entry.msgid) == entry.msgstr, entry.msgid
