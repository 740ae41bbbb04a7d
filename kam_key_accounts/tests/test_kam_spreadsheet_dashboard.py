import base64
import json
import re

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import KamCommon

REFERENCE = re.compile(r'(PIVOT\.VALUE|PIVOT\.HEADER|ODOO\.LIST)\((\d+),\s*(?:(\d+),\s*)?"([^"]+)"')


def dashboard_data(env):
    dashboard = env.ref("kam_key_accounts.spreadsheet_dashboard_key_accounts")
    return dashboard, json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))


@tagged("post_install", "-at_install")
class TestKamSpreadsheetDashboard(KamCommon):
    """The Key Accounts dashboard: every model, field and formula it refers to exists and computes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.subsidiary, 4200.0)
        cls.env["kam.tender"].create(
            {
                "name": "Appel d'offres Aurore 2030",
                "partner_id": cls.subsidiary.id,
                "type_id": cls.env.ref("kam_key_accounts.kam_tender_type_private").id,
                "submission_deadline": "2030-03-01 12:00:00",
            }
        )
        cls.env.flush_all()

    def test_dashboard_is_published_for_kam_users(self):
        dashboard, _data = dashboard_data(self.env)
        self.assertTrue(dashboard.is_published)
        self.assertEqual(dashboard.dashboard_group_id.name, "Key Accounts")
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(dashboard, Dashboard.with_user(self.kam).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.salesman).search([]))

    def test_every_model_and_field_exists(self):
        _dashboard, data = dashboard_data(self.env)
        sources = [("pivot", pivot) for pivot in data["pivots"].values()]
        sources += [("list", spreadsheet_list) for spreadsheet_list in data["lists"].values()]
        for kind, source in sources:
            Model = self.env[source["model"]]  # KeyError if the model does not exist
            if kind == "pivot":
                fields = [group["fieldName"].split(":")[0] for group in source["rows"] + source["columns"]]
                fields += [m["fieldName"] for m in source["measures"] if m["fieldName"] != "__count"]
            else:
                fields = source["columns"] + [order["name"] for order in source["orderBy"]]
            fields += [match["chain"] for match in source["fieldMatching"].values()]
            for field in fields:
                self.assertIn(field, Model._fields, f"{source['name']}: {source['model']}.{field}")
            Model.search(source["domain"], limit=1)  # the domain is valid
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    Model = self.env[meta["resModel"]]
                    self.assertIn(meta["measure"], Model._fields)
                    for group in meta["groupBy"]:
                        self.assertIn(group.split(":")[0], Model._fields)
        # every formula refers to a pivot or list that exists, with a field it reads
        references = 0
        for sheet in data["sheets"]:
            for cell in sheet["cells"].values():
                for function, source_id, _row, field in REFERENCE.findall(cell.get("content", "")):
                    source = data["lists" if function == "ODOO.LIST" else "pivots"][source_id]
                    field = field.lstrip("#")
                    if function == "ODOO.LIST":
                        self.assertIn(field, source["columns"])
                    elif function == "PIVOT.HEADER":
                        self.assertIn(field, [group["fieldName"] for group in source["rows"]])
                    else:
                        self.assertIn(field, [measure["fieldName"] for measure in source["measures"]])
                    references += 1
        self.assertGreater(references, 100)
        filters = data["globalFilters"]
        self.assertEqual([f["type"] for f in filters], ["date"])
        self.assertTrue(all(filters[0]["id"] in pivot["fieldMatching"] for pivot in data["pivots"].values()))

    def test_kam_user_opens_and_computes_the_dashboard(self):
        """What the web client asks for when a KAM user opens the dashboard, as that user."""
        dashboard, data = dashboard_data(self.env)
        result = dashboard.with_user(self.kam).get_readonly_dashboard()
        self.assertNotIn("is_sample", result)
        self.assertEqual(result["snapshot"]["pivots"].keys(), data["pivots"].keys())
        pivot = data["pivots"]["2"]
        rows = (
            self.env[pivot["model"]]
            .with_user(self.kam)
            .read_group(
                pivot["domain"],
                [m["fieldName"] for m in pivot["measures"]],
                [group["fieldName"] for group in pivot["rows"]],
                lazy=False,
                orderby="ordered_amount desc",
            )
        )
        by_account = {row["key_account_id"][0]: row["ordered_amount"] for row in rows}
        self.assertAlmostEqual(by_account[self.group.id], 4200.0)
        tender_list = data["lists"]["1"]
        tenders = (
            self.env[tender_list["model"]]
            .with_user(self.kam)
            .search_read(tender_list["domain"], tender_list["columns"], order="submission_deadline asc")
        )
        self.assertIn("Appel d'offres Aurore 2030", [tender["name"] for tender in tenders])


@tagged("post_install", "-at_install")
class TestKamSpreadsheetDashboardTour(HttpCase):
    def test_dashboard_computes_in_the_browser(self):
        # an order of a key account this year, so that the ordered revenue cannot be 0
        account = self.env["res.partner"].create(
            {
                "name": "Tour Dashboard SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.env.ref("base.user_admin").id,
            }
        )
        product = self.env["product.product"].create({"name": "Tour service", "type": "service"})
        order = self.env["sale.order"].create(
            {
                "partner_id": account.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 900})],
            }
        )
        order.action_confirm()
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "kam_key_accounts_dashboard_tour",
            login="admin",
        )


@tagged("post_install", "-at_install")
class TestKamSpreadsheetDashboardLayout(HttpCase):
    """On a 1440x900 laptop screen, in English and in French (longer titles): no card title, header or
    figure is cut, and the sheet does not scroll sideways."""

    browser_size = "1440x900"

    def _check_layout(self):
        dashboard = self.env.ref("kam_key_accounts.spreadsheet_dashboard_key_accounts")
        self.start_tour(
            f"/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id={dashboard.id}",
            "kam_key_accounts_dashboard_layout_tour",
            login="admin",
        )

    def test_layout_in_english(self):
        self._check_layout()

    def test_layout_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.ref("base.user_admin").lang = "fr_FR"
        self._check_layout()
