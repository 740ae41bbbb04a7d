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
