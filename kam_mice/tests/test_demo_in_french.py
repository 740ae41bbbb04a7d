import re
import unittest

from lxml import etree

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import format_date, html2plaintext

# Words a French screen never shows: English grammar words and the words of the English demo
# content and labels (French borrows none of them; "team building" and "incentive" it does).
ENGLISH_WORDS = re.compile(
    r"\b(the|of|and|with|for|to|from|by|your|this|is|are|Opportunity|Analysis|Strengths?|Weakness(es)?"
    r"|Threats?|Workshops?|Meeting|Seminar|Training|Dinner|Rooms?|Deadline|Agreement|Framework|Review"
    r"|Plenary|Proposal|Deposit)\b",
    re.IGNORECASE,
)
LABEL_ATTRIBUTES = ("string", "placeholder", "help", "title", "confirm", "data-tooltip", "aria-label")
SUBVIEWS = ("list", "form", "kanban")


@tagged("post_install", "-at_install")
class TestDemoInFrench(TransactionCase):
    """A KAM of the demo who works in French opens the first screens: labels and demo content read
    French (the demo groups are French companies)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claire = cls.env.ref("kam_key_accounts.demo_user_claire", raise_if_not_found=False)
        if not cls.claire:
            raise unittest.SkipTest("the demo data is not loaded")
        cls.env["res.lang"]._activate_lang("fr_FR")
        # Claire picks French in her preferences; she sells MICE too and sees the quotations of her
        # accounts (the demo's are OdooBot's, who built them)
        groups = ("kam_mice.group_mice_user", "sales_team.group_sale_salesman_all_leads")
        cls.claire.write(
            {"lang": "fr_FR", "groups_id": [Command.link(cls.env.ref(group).id) for group in groups]}
        )
        # as the web client calls: as her, with her language in the context
        cls.french_env = cls.env(user=cls.claire, context={"lang": "fr_FR"})

    # ------------------------------------------------------------------ what a form shows
    def _form_texts(self, record):
        """The labels and the values a form shows, read as the web client does (get_views, then the
        fields of its nodes, sub-lists included)."""
        views = self.french_env[record._name].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        descriptions = {name: model["fields"] for name, model in views["models"].items()}
        texts = []
        self._collect(arch, record.with_env(self.french_env), descriptions, texts)
        return texts

    def _collect(self, node, records, descriptions, texts):
        if not isinstance(node.tag, str):  # a comment of the view: not shown
            texts += [node.tail] if node.tail and node.tail.strip() else []
            return
        fields = descriptions[records._name]
        texts += [node.get(attribute) for attribute in LABEL_ATTRIBUTES if node.get(attribute)]
        texts += [text for text in (node.text, node.tail) if text and text.strip()]
        if node.tag == "field" and node.get("name") in fields:
            name = node.get("name")
            description = fields[name]
            if not node.get("string") and not node.get("nolabel"):
                texts.append(description["string"])
            subviews = [child for child in node if child.tag in SUBVIEWS]
            if subviews:
                lines = self.french_env[description["relation"]].browse(
                    [line_id for row in records.web_read({name: {}}) for line_id in row[name]]
                )
                for subview in subviews:
                    self._collect(subview, lines, descriptions, texts)
            else:
                texts += self._values(records, name, description)
            return
        for child in node:
            self._collect(child, records, descriptions, texts)

    @staticmethod
    def _values(records, name, description):
        """What the web client reads of the field (web_read, the display names of relations)."""
        kind = description["type"]
        if kind in ("many2one", "one2many", "many2many"):
            rows = records.web_read({name: {"fields": {"display_name": {}}}})
            values = [row[name] for row in rows if row[name]]
            related = [value for value in values if isinstance(value, dict)]
            related += [line for value in values if isinstance(value, list) for line in value]
            return [line["display_name"] for line in related if line["display_name"]]
        values = [row[name] for row in records.web_read({name: {}}) if row[name]]
        if kind == "html":
            return [html2plaintext(value) for value in values]
        if kind == "selection":
            labels = dict(description["selection"])
            return [labels[value] for value in values]
        return values if kind in ("char", "text") else []

    def _assert_french(self, screen, texts):
        self.assertTrue(texts, f"{screen}: nothing read")
        english = sorted({text.strip() for text in texts if ENGLISH_WORDS.search(text)})
        self.assertFalse(english, f"{screen} shows English to a French user: {english}")

    # ------------------------------------------------------------------ the screens
    def test_key_account_form(self):
        aurelys = self.env.ref("kam_key_accounts.demo_partner_aurelys")
        texts = self._form_texts(aurelys)
        self._assert_french("Key account form", texts)
        self.assertIn("Groupe Aurélys", texts)

    def test_account_plan_form(self):
        plan = self.env.ref("kam_key_accounts.demo_plan_aurelys")
        texts = self._form_texts(plan)
        self._assert_french("Account plan form", texts)
        self.assertIn("Relation de confiance avec la directrice des achats depuis neuf ans", texts)

    def test_tender_form(self):
        tender = self.env.ref("kam_key_accounts.demo_tender_aurelys_travel")
        texts = self._form_texts(tender)
        self._assert_french("Tender form", texts)
        self.assertIn("Mémoire technique", texts, "the checklist copied from the tender type")

    def test_mice_request_forms(self):
        for xmlid in ("kam_mice.demo_request_convention", "kam_mice.demo_request_team_building"):
            request = self.env.ref(xmlid)
            texts = self._form_texts(request)
            self._assert_french(f"MICE request form ({request.title})", texts)
            self.assertIn("Lyon ou Annecy", texts)

    def test_proposals_of_the_demo_are_french(self):
        request = self.env.ref("kam_mice.demo_request_convention")
        order = self.env.ref("kam_mice.demo_order_convention")
        # the lines we write; the down payment lines are in the client's language (Odoo's rule), and
        # the demo clients are English for Odoo's own crm tests
        names = order.order_line.filtered(lambda line: not line.is_downpayment).mapped("name")
        self._assert_french("Proposal of a MICE request", names)
        self.assertIn(f"Jour 1 : {format_date(self.french_env, request.date_start)}", names)
        self.assertIn("08:00-18:00 Sessions plénières", names)
        self.assertIn("Chambres des participants", names)

    def test_kam_dashboard(self):
        data = self.french_env["kam.dashboard"].get_dashboard_data()
        texts = [band["label"] for band in data["accounts"]]
        texts += [account["name"] for band in data["accounts"] for account in band["accounts"]]
        texts += [action["name"] for action in data["overdue_actions"]["records"]]
        texts += [f"{deadline['kind']}: {deadline['name']}" for deadline in data["deadlines"]]
        texts += [objective["name"] for objective in data["objectives"]]
        self._assert_french("KAM dashboard", texts)
        self.assertIn("Présenter la feuille de route de la plateforme au comité achats", texts)
