from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamAccountReport(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.group, 1000.0)
        cls._order(cls.sub_subsidiary, 250.0)
        cls._order(cls.subsidiary, 400.0, when=cls.today - relativedelta(years=1))
        cls._order(cls.subsidiary, 9999.0, confirm=False)
        cls._order(cls.outsider, 5000.0)
        cls._invoice(cls.subsidiary, 900.0)
        cls._invoice(cls.sub_subsidiary, 150.0, refund=True)
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.env["crm.lead"].create(
            {
                "name": "Won",
                "type": "opportunity",
                "partner_id": cls.subsidiary.id,
                "expected_revenue": 3000,
                "stage_id": won_stage.id,
            }
        )
        cls.env["crm.lead"].create(
            {
                "name": "Open",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "expected_revenue": 2000,
                "probability": 25,
            }
        )
        cls.env.flush_all()

    def _figures(self, domain=()):
        rows = self.env["kam.account.report"]._read_group(
            [("key_account_id", "=", self.group.id), *domain],
            [],
            ["ordered_amount:sum", "invoiced_amount:sum", "won_amount:sum", "pipeline_weighted:sum"],
        )
        return rows[0]

    def test_figures_match_the_orders_invoices_and_opportunities(self):
        ordered, invoiced, won, pipeline = self._figures()
        self.assertAlmostEqual(ordered, 1000 + 250 + 400)
        self.assertAlmostEqual(invoiced, 900 - 150)
        self.assertAlmostEqual(won, 3000)
        self.assertAlmostEqual(pipeline, 500)
        this_year = [("date", ">=", date(self.today.year, 1, 1))]
        self.assertAlmostEqual(self._figures(this_year)[0], 1250)
        self.assertFalse(
            self.env["kam.account.report"].search_count([("key_account_id", "=", self.outsider.id)])
        )

    def test_pivot_by_kam_and_month(self):
        rows = self.env["kam.account.report"].read_group(
            [("key_account_id", "=", self.group.id)],
            ["ordered_amount:sum"],
            ["user_id", "date:month"],
            lazy=False,
        )
        self.assertEqual({row["user_id"][0] for row in rows}, {self.kam.id})
        self.assertAlmostEqual(sum(row["ordered_amount"] for row in rows), 1650)

    def test_kam_user_reads_the_analysis_other_company_does_not(self):
        self.assertTrue(self.env["kam.account.report"].with_user(self.kam).search_count([]))
        company_b = self.env["res.company"].create({"name": "Société C"})
        manager_b = new_test_user(
            self.env,
            "kam_report_b",
            groups="kam_key_accounts.group_kam_manager",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        self.assertFalse(
            self.env["kam.account.report"]
            .with_user(manager_b)
            .search_count([("key_account_id", "=", self.group.id)])
        )


@tagged("post_install", "-at_install")
class TestKamAccountReportRefresh(KamCommon):
    """The summary table behind the analysis follows every change of its sources."""

    def _ordered(self, account):
        Report = self.env["kam.account.report"]
        return sum(Report.search([("key_account_id", "=", account.id)]).mapped("ordered_amount"))

    def test_new_order_counts_at_the_next_read(self):
        self._order(self.subsidiary, 700.0)
        self.assertAlmostEqual(self._ordered(self.group), 700.0)
        order = self._order(self.sub_subsidiary, 300.0)
        self.assertAlmostEqual(self._ordered(self.group), 1000.0)
        order._action_cancel()
        self.assertAlmostEqual(self._ordered(self.group), 700.0)

    def test_reparenting_and_unflagging_move_the_figures(self):
        self._order(self.sub_subsidiary, 300.0)
        other = self.env["res.partner"].create(
            {
                "name": "Groupe Borée",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam_other.id,
            }
        )
        self.assertAlmostEqual(self._ordered(self.group), 300.0)
        self.sub_subsidiary.parent_id = other  # the roll-up moves key_account_id by SQL
        self.assertAlmostEqual(self._ordered(self.group), 0.0)
        self.assertAlmostEqual(self._ordered(other), 300.0)
        other.is_key_account = False
        self.assertFalse(self.env["kam.account.report"].search_count([("key_account_id", "=", other.id)]))

    def test_kam_change_is_seen_without_refresh(self):
        self._order(self.subsidiary, 100.0)
        self.env["kam.account.report"].search_count([])  # refreshed
        self.group.key_account_manager_id = self.kam_other
        rows = self.env["kam.account.report"].read_group(
            [("key_account_id", "=", self.group.id)], ["ordered_amount:sum"], ["user_id"], lazy=False
        )
        self.assertEqual([row["user_id"][0] for row in rows], [self.kam_other.id])

    def test_reading_unchanged_figures_costs_one_extra_query(self):
        self._order(self.subsidiary, 100.0)
        Report = self.env["kam.account.report"].with_user(self.kam_manager)
        Report.search_count([])
        self.env.invalidate_all()
        # the check for changed accounts (none) and the count itself
        with self.assertQueryCount(2):
            Report.search_count([])
        self._order(self.sub_subsidiary, 50.0)
        self.env.flush_all()  # written, not yet committed (the commit would refresh the ledger)
        self.env.invalidate_all()
        # the check, the claim of the changed order, the removal of its row, its new row, the count
        with self.assertQueryCount(5, flush=False):
            self.assertEqual(Report.search_count([("ordered_amount", "=", 50.0)]), 1)
        with self.assertQueryCount(1, flush=False):  # current within the transaction: the count only
            self.assertEqual(Report.search_count([("ordered_amount", "=", 50.0)]), 1)

    def test_upgrade_rebuilds_the_same_figures(self):
        self._order(self.subsidiary, 100.0)
        self._invoice(self.subsidiary, 80.0)
        Report = self.env["kam.account.report"]
        fields_read = ["key_account_id", "company_id", "date", "source", "ordered_amount", "invoiced_amount"]

        def figures():
            self.env.invalidate_all()
            rows = Report.search_read([], fields_read, load=None)
            return sorted((tuple(row[name] for name in fields_read) for row in rows), key=repr)

        before = figures()
        self.assertIn(100.0, [row[4] for row in before])
        self.env["kam.figure"]._rebuild_figures()
        self.assertEqual(figures(), before)
