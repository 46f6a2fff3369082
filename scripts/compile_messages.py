"""Compile the translation catalogues (locale/*/LC_MESSAGES/django.po → .mo) with polib.

The .mo files are committed, so a fresh machine shows the English interface without GNU
gettext; run this after editing a .po file (`make messages` also refreshes the .po files,
which needs gettext's xgettext).
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

# django.po and djangojs.po (the admin widgets' texts Django's own catalogue lacks).
for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
    catalogue = polib.pofile(str(po_path))
    # Two entries of one text (a union merge of two branches can add one): GNU msgfmt refuses
    # them, polib would keep either.
    seen, twice = set(), []
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid)
        if key in seen and not entry.obsolete:
            twice.append(entry.msgid)
        seen.add(key)
    if twice:
        raise SystemExit(f"{po_path}: {len(twice)} texts defined twice, e.g. {twice[0]!r}")
    missing = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    if missing:
        raise SystemExit(f"{po_path}: {len(missing)} untranslated, e.g. {missing[0]!r}")
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(ROOT)} ({len(catalogue)} messages)")
