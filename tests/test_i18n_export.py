"""The committed .pot files hold every term Odoo exports for the add-ons (run ``make i18n`` if not)."""

import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

from conftest import ADDONS, ROOT


@tagged("post_install", "-at_install")
class TestTranslationTemplates(TransactionCase):
    def test_committed_templates_match_the_installed_addons(self):
        for addon in ADDONS:
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env.cr)
            exported = {(e.msgctxt, e.msgid) for e in polib.pofile(buffer.getvalue().decode())}
            committed = {
                (e.msgctxt, e.msgid) for e in polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
            }
            self.assertTrue(exported)
            self.assertEqual(exported - committed, set(), f"{addon}: terms missing from the .pot")
            self.assertEqual(committed - exported, set(), f"{addon}: stale terms in the .pot")

    def test_french_menus_are_installed(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        menu = self.env.ref("kam_key_accounts.kam_menu_root").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Comptes clés")
        menu = self.env.ref("kam_mice.mice_event_type_menu").with_context(lang="fr_FR")
        self.assertEqual(menu.name, "Types d'événement")
