"""Export each add-on's .pot from a real database and merge it into its fr.po (kept translations stay)."""

import subprocess
from pathlib import Path

import polib

from .console import info, step
from .paths import ADDONS, ROOT

I18N_DB = "kam_i18n"


def _merge(pot_path: Path, po_path: Path):
    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(entry.msgctxt, entry.msgid): entry for entry in old if not entry.obsolete}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = dict(pot.metadata, Language="fr", **{"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    merged.header = pot.header
    untranslated = 0
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = previous.msgstr if previous else ""
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        untranslated += not entry.msgstr
        merged.append(entry)
    merged.save(str(po_path))
    return len(pot), untranslated


def export(odoo, config, template):
    step("Exporting the translation templates")
    odoo.copy(template, I18N_DB)
    try:
        for addon in ADDONS:
            pot_path = ROOT / addon / "i18n" / f"{addon}.pot"
            pot_path.parent.mkdir(exist_ok=True)
            subprocess.run(
                odoo.command(
                    config,
                    "-d",
                    I18N_DB,
                    "--i18n-export",
                    pot_path,
                    "--modules",
                    addon,
                    "--stop-after-init",
                    "--log-level",
                    "warn",
                ),
                check=True,
            )
            total, untranslated = _merge(pot_path, pot_path.parent / "fr.po")
            info(f"{addon}: {total} terms, {untranslated} without French in i18n/fr.po")
    finally:
        odoo.drop(I18N_DB)
