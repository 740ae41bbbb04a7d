from datetime import date

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import KamCommon


def team_outlook_data(env, kam, account):
    """Anne's year, by hand: objective 100,000 of ordered revenue, 40,000 ordered today; open
    weighted pipeline 90,000 = 100,000 at 60 % expected today + 60,000 at 50 % expected next year.
    Remaining 60,000: coverage 90,000 / 60,000 = 1.5x; forecast 40,000 + 60,000 = 100,000."""
    today = fields.Date.context_today(env["res.partner"])
    env["kam.objective"].create(
        {"user_id": kam.id, "year": today.year, "measure": "ordered_revenue", "target": 100000.0}
    )
    Lead = env["crm.lead"]
    for name, revenue, probability, deadline in (
        ("This year", 100000.0, 60.0, today),
        ("Next year", 60000.0, 50.0, date(today.year + 1, 6, 30)),
    ):
        Lead.create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": account.id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
            }
        )


@tagged("post_install", "-at_install")
class TestKamTeamOutlook(KamCommon):
    """The team table's pipeline coverage and forecast, per KAM, against values by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.subsidiary, 40000.0)
        team_outlook_data(cls.env, cls.kam, cls.subsidiary)
        Partner = cls.env["res.partner"]
        # Bruno went past his objective of 1,000: nothing remains to cover
        boree = Partner.create(
            {
                "name": "Groupe Borée",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls._order(boree, 2000.0)
        cls.env["kam.objective"].create(
            {"user_id": cls.kam_other.id, "year": cls.today.year, "target": 1000.0}
        )
        cls.env["crm.lead"].create(
            {
                "name": "Borée",
                "type": "opportunity",
                "partner_id": boree.id,
                "expected_revenue": 10000.0,
                "probability": 50.0,
            }
        )  # undated: counts in this year
        # Emma has no objective
        cls.kam_emma = new_test_user(
            cls.env, "kam_emma", groups="kam_key_accounts.group_kam_user", name="Emma KAM"
        )
        Partner.create(
            {
                "name": "Groupe Céleste",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_emma.id,
            }
        )

    def _team(self, user):
        self.env.invalidate_all()
        data = self.env["kam.dashboard"].with_user(user).get_dashboard_data()
        return data, {row["id"]: row for row in data.get("team", [])}

    def test_coverage_and_forecast_as_the_manager(self):
        _data, team = self._team(self.kam_manager)
        anne, bruno, emma = team[self.kam.id], team[self.kam_other.id], team[self.kam_emma.id]
        self.assertAlmostEqual(anne["ordered"], 40000.0)
        self.assertAlmostEqual(anne["pipeline_weighted"], 90000.0)
        self.assertAlmostEqual(anne["remaining"], 60000.0)
        self.assertAlmostEqual(anne["coverage"], 1.5)
        self.assertAlmostEqual(anne["forecast"], 100000.0)
        # objective reached: no ratio, the forecast still adds the undated opportunity (5,000)
        self.assertAlmostEqual(bruno["remaining"], -1000.0)
        self.assertIsNone(bruno["coverage"])
        self.assertAlmostEqual(bruno["forecast"], 2000.0 + 5000.0)
        # no objective: no ratio either
        self.assertIsNone(emma["remaining"])
        self.assertIsNone(emma["coverage"])
        self.assertEqual(emma["forecast"], 0.0)

    def test_the_kam_sees_no_team_and_the_same_figures(self):
        data, team = self._team(self.kam)
        self.assertFalse(team)
        self.assertNotIn("team", data)
        self.assertAlmostEqual(data["figures"]["ordered"], 40000.0)

    def test_a_won_opportunity_leaves_the_pipeline_for_the_orders(self):
        """Winning "This year" (60,000 weighted) and ordering it: the coverage reads what is left."""
        lead = self.env["crm.lead"].search([("name", "=", "This year")])
        lead.action_set_won()
        self._order(self.subsidiary, 50000.0)
        _data, team = self._team(self.kam_manager)
        anne = team[self.kam.id]
        # remaining 100,000 - 90,000 = 10,000; pipeline 30,000 (next year's only)
        self.assertAlmostEqual(anne["coverage"], 3.0)
        self.assertAlmostEqual(anne["forecast"], 90000.0)

    def test_team_table_reads_in_a_fixed_number_of_queries(self):
        Dashboard = self.env["kam.dashboard"].with_user(self.kam_manager)
        Dashboard._team(self.today)  # warm the caches that are not per request
        self.env.invalidate_all()
        # the ledger's check, the accounts, the ordered revenue, the objectives and their actuals,
        # and the outlook's two sums of the pipeline: the same with 5 KAMs or 500
        with self.assertQueryCount(14):
            rows = Dashboard._team(self.today)
        self.assertGreaterEqual(len(rows), 5, "Anne, Bruno, Emma and the demo KAMs")


@tagged("post_install", "-at_install")
class TestKamTeamOutlookLayout(HttpCase):
    """The manager's team table at 1440 px, in English and in French: the coverage and forecast
    columns show, nothing is cut and the table does not scroll sideways."""

    browser_size = "1440x900"

    def _check_layout(self):
        kam = new_test_user(self.env, "tour_outlook_kam", groups="kam_key_accounts.group_kam_user")
        kam.name = "Tour Outlook KAM"
        account = self.env["res.partner"].create(
            {
                "name": "Tour Outlook SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": kam.id,
            }
        )
        product = self.env["product.product"].create({"name": "Tour outlook", "type": "service"})
        order = self.env["sale.order"].create(
            {
                "partner_id": account.id,
                "order_line": [(0, 0, {"product_id": product.id, "price_unit": 40000})],
            }
        )
        order.action_confirm()
        team_outlook_data(self.env, kam, account)
        self.start_tour(
            "/odoo/action-kam_key_accounts.kam_dashboard_action",
            "kam_dashboard_team_layout_tour",
            login="admin",
        )

    def test_layout_in_english(self):
        self._check_layout()

    def test_layout_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.ref("base.user_admin").lang = "fr_FR"
        self._check_layout()
