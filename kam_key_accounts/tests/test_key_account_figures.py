from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccountFigures(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second currency worth half of the company's: 1,000 in it is 2,000 in the company's.
        cls.foreign = cls.env["res.currency"].create({"name": "KZX", "symbol": "ꝁ", "rounding": 0.01})
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": cls.last_year, "rate": 0.5, "company_id": cls.company.id}
        )
        cls.foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "KZX", "currency_id": cls.foreign.id}
        )
        last_year = cls.today - relativedelta(years=1)
        cls._order(cls.group, 1000.0)
        cls._order(cls.sub_subsidiary, 500.0)
        cls._order(cls.contact, 1000.0, pricelist=cls.foreign_pricelist)  # 2,000 in the company's currency
        cls._order(cls.subsidiary, 300.0, when=last_year)
        cls._order(cls.subsidiary, 9999.0, confirm=False)  # a quotation: not revenue
        cls._order(cls.outsider, 7777.0)  # not in the group
        cls._invoice(cls.subsidiary, 800.0)
        cls._invoice(cls.sub_subsidiary, 100.0, refund=True)
        cls._invoice(cls.group, 400.0, when=last_year)
        cls._invoice(cls.outsider, 5555.0)
        Lead = cls.env["crm.lead"]
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.open_lead = Lead.create(
            {
                "name": "Open",
                "type": "opportunity",
                "partner_id": cls.subsidiary.id,
                "expected_revenue": 4000.0,
                "probability": 25.0,
            }
        )
        Lead.create(
            {
                "name": "Open 2",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "expected_revenue": 1000.0,
                "probability": 50.0,
            }
        )
        Lead.create(
            {
                "name": "Won",
                "type": "opportunity",
                "partner_id": cls.group.id,
                "expected_revenue": 3000.0,
                "stage_id": won_stage.id,
            }
        )
        lost = Lead.create(
            {
                "name": "Lost",
                "type": "opportunity",
                "partner_id": cls.subsidiary.id,
                "expected_revenue": 2000.0,
            }
        )
        lost.action_set_lost()

    def test_group_figures_count_subsidiaries_and_convert_currencies(self):
        group = self.group
        self.assertAlmostEqual(group.kam_revenue_ordered_this_year, 1000.0 + 500.0 + 2000.0)
        self.assertAlmostEqual(group.kam_revenue_ordered_last_year, 300.0)
        self.assertAlmostEqual(group.kam_revenue_invoiced_this_year, 800.0 - 100.0)
        self.assertAlmostEqual(group.kam_revenue_invoiced_last_year, 400.0)
        self.assertAlmostEqual(group.kam_pipeline_amount, 4000.0 + 1000.0)
        self.assertAlmostEqual(group.kam_pipeline_weighted, 1000.0 + 500.0)
        self.assertEqual(group.kam_won_count, 1)
        self.assertEqual(group.kam_lost_count, 1)
        self.assertEqual(group.kam_subsidiary_count, 2)

    def test_figures_follow_a_reparented_subsidiary(self):
        self.subsidiary.parent_id = self.outsider
        self.group.invalidate_recordset()
        self.assertAlmostEqual(self.group.kam_revenue_ordered_this_year, 1000.0)
        self.assertAlmostEqual(self.group.kam_pipeline_amount, 0.0)
        self.assertEqual(self.group.kam_subsidiary_count, 0)

    FIGURES = (
        "kam_revenue_ordered_this_year",
        "kam_revenue_ordered_last_year",
        "kam_revenue_invoiced_this_year",
        "kam_revenue_invoiced_last_year",
        "kam_pipeline_amount",
        "kam_pipeline_weighted",
        "kam_won_count",
        "kam_lost_count",
    )

    def _count_figure_queries(self, accounts):
        self._commit_figures()
        accounts.invalidate_recordset()
        before = self.env.cr.sql_log_count
        accounts.read(self.FIGURES)
        return self.env.cr.sql_log_count - before

    def test_figures_of_many_accounts_take_a_fixed_number_of_queries(self):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Account {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
                for i in range(40)
            ]
        )
        for account in accounts[:10]:
            self._order(account, 10.0)
        self.env.flush_all()
        few = self._count_figure_queries(accounts[:3] | self.group)
        many = self._count_figure_queries(accounts | self.group)
        self.assertEqual(few, many)
        accounts.invalidate_recordset()
        # the key-account flags, the ledger's check for changed documents, then one query per figure
        with self.assertQueryCount(10):
            accounts.read(self.FIGURES)
        accounts.invalidate_recordset()
        with self.assertQueryCount(3):  # what the kanban card pays for its revenue (ledger check included)
            accounts.mapped("kam_revenue_ordered_this_year")
        self.assertAlmostEqual(accounts[0].kam_revenue_ordered_this_year, 10.0)
