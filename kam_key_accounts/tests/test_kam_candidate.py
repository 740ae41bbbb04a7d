from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamCandidate(KamCommon):
    """Groups that are not key accounts yet, their figures over 12 months, thresholds, flagging."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "kam_candidate_min_revenue": 0,
                "kam_candidate_min_pipeline": 0,
                "kam_candidate_min_buying": 0,
                "kam_candidate_min_growth": 0,
            }
        )
        Partner = cls.env["res.partner"]
        # Groupe Boréal: three levels, orders on every level, over two periods of 12 months.
        cls.boreal = Partner.create({"name": "Groupe Boréal", "is_company": True})
        cls.boreal_fr = Partner.create(
            {"name": "Boréal France", "is_company": True, "parent_id": cls.boreal.id}
        )
        cls.boreal_lyon = Partner.create(
            {"name": "Boréal Lyon", "is_company": True, "parent_id": cls.boreal_fr.id}
        )
        cls.boreal_buyer = Partner.create({"name": "Marc Achat", "parent_id": cls.boreal_lyon.id})
        cls.boreal_idle = Partner.create(
            {"name": "Boréal Idle", "is_company": True, "parent_id": cls.boreal.id}
        )
        months_ago = lambda months: cls.today - relativedelta(months=months)  # noqa: E731
        cls._order(cls.boreal, 30000.0, when=months_ago(2))
        cls._order(cls.boreal_fr, 50000.0, when=months_ago(6))
        cls._order(cls.boreal_buyer, 40000.0, when=months_ago(11))  # counts for Boréal Lyon
        cls._order(cls.boreal_fr, 80000.0, when=months_ago(15))  # the previous 12 months
        cls._order(cls.boreal_lyon, 99999.0, when=months_ago(30))  # too old for both periods
        cls._order(cls.boreal_fr, 77777.0, confirm=False)  # a quotation
        cls.env["crm.lead"].create(
            [
                {
                    "name": "Boréal renewal",
                    "type": "opportunity",
                    "partner_id": cls.boreal_lyon.id,
                    "expected_revenue": 15000,
                    "probability": 40,
                },
                {
                    "name": "Boréal lost",
                    "type": "opportunity",
                    "partner_id": cls.boreal_fr.id,
                    "expected_revenue": 50000,
                    "active": False,
                    "probability": 0,
                },
            ]
        )
        # Cirrus SA: a single company, new client, one order.
        cls.cirrus = Partner.create({"name": "Cirrus SA", "is_company": True})
        cls._order(cls.cirrus, 20000.0, when=months_ago(1))
        cls.env.flush_all()

    def _candidates(self, user=None):
        Candidate = self.env["kam.candidate"].with_user(user or self.kam_manager)
        return {candidate.partner_id: candidate for candidate in Candidate.search([])}

    def test_figures_of_a_group_over_three_levels(self):
        boreal = self._candidates()[self.boreal]
        self.assertAlmostEqual(boreal.revenue, 30000 + 50000 + 40000)
        self.assertAlmostEqual(boreal.revenue_previous, 80000)
        self.assertAlmostEqual(boreal.growth, (120000 - 80000) * 100 / 80000)  # 50 %
        self.assertEqual(boreal.buying_company_count, 3)  # the group, France and Lyon (through its buyer)
        self.assertEqual(boreal.company_count, 4)
        self.assertAlmostEqual(boreal.pipeline_amount, 15000)
        self.assertEqual(boreal.opportunity_count, 1)
        cirrus = self._candidates()[self.cirrus]
        self.assertAlmostEqual(cirrus.revenue, 20000)
        self.assertFalse(cirrus.growth)  # nothing before: no growth rate
        # ranked by revenue; subsidiaries and key accounts are no candidates
        self.assertLess(boreal.rank, cirrus.rank)
        candidates = self._candidates()
        for not_candidate in (self.boreal_fr, self.boreal_lyon, self.group, self.subsidiary):
            self.assertNotIn(not_candidate, candidates)

    def test_thresholds_filter_the_groups(self):
        self.assertTrue({self.boreal, self.cirrus} <= set(self._candidates()))
        self.company.kam_candidate_min_buying = 2
        self.assertIn(self.boreal, self._candidates())
        self.assertNotIn(self.cirrus, self._candidates())
        self.company.write({"kam_candidate_min_buying": 0, "kam_candidate_min_revenue": 120000})
        self.assertIn(self.boreal, self._candidates())
        self.company.kam_candidate_min_revenue = 120001
        self.assertNotIn(self.boreal, self._candidates())
        self.company.write({"kam_candidate_min_revenue": 0, "kam_candidate_min_pipeline": 15001})
        self.assertNotIn(self.boreal, self._candidates())
        self.company.write({"kam_candidate_min_pipeline": 0, "kam_candidate_min_growth": 50})
        self.assertIn(self.boreal, self._candidates())
        self.assertIn(self.cirrus, self._candidates())  # a new client is growing
        self.company.kam_candidate_min_growth = 51
        self.assertNotIn(self.boreal, self._candidates())

    def test_settings_change_the_thresholds(self):
        settings = Form(self.env["res.config.settings"])
        settings.kam_candidate_min_revenue = 200000
        settings.kam_candidate_min_buying = 3
        settings.save().execute()
        self.assertEqual(self.company.kam_candidate_min_revenue, 200000)
        self.assertEqual(self.company.kam_candidate_min_buying, 3)
        self.assertFalse({self.boreal, self.cirrus} & set(self._candidates()))

    def test_defaults_of_a_new_company(self):
        company = self.env["res.company"].create({"name": "Société Neuve"})
        self.assertEqual(company.kam_candidate_min_revenue, 100000)
        self.assertEqual(company.kam_candidate_min_pipeline, 0)
        self.assertEqual(company.kam_candidate_min_buying, 2)
        self.assertEqual(company.kam_candidate_min_growth, 0)

    def test_flagged_candidate_leaves_the_list(self):
        candidate = self._candidates()[self.boreal]
        cirrus_rank = self._candidates()[self.cirrus].rank
        action = candidate.action_flag_key_account()
        self.assertEqual(action["res_model"], "kam.candidate.flag")
        wizard_form = Form(
            self.env["kam.candidate.flag"].with_user(self.kam_manager).with_context(**action["context"])
        )
        self.assertEqual(wizard_form.partner_id, self.boreal)
        wizard_form.user_id = self.kam
        wizard_form.tier_id = self.tier_key
        result = wizard_form.save().action_apply()
        self.assertEqual((result["res_model"], result["res_id"]), ("res.partner", self.boreal.id))
        self.assertTrue(self.boreal.is_key_account)
        self.assertEqual(self.boreal.key_account_manager_id, self.kam)
        self.assertEqual(self.boreal.kam_tier_id, self.tier_key)
        # the partner's write rolled the group up: the subsidiaries and their orders follow
        self.assertEqual(self.boreal_buyer.key_account_id, self.boreal)
        self.assertEqual(
            set(self.env["sale.order"].search([("partner_id", "=", self.boreal_fr.id)]).key_account_id),
            {self.boreal},
        )
        candidates = self._candidates()
        self.assertNotIn(self.boreal, candidates)
        self.assertEqual(candidates[self.cirrus].rank, cirrus_rank - 1)  # one group less above it

    def test_kam_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["kam.candidate"].with_user(self.kam).search([])
        with self.assertRaises(AccessError):
            self.env["kam.candidate.flag"].with_user(self.kam).create(
                {"partner_id": self.cirrus.id, "user_id": self.kam.id}
            )
        self.assertFalse(self.cirrus.is_key_account)

    def test_figures_are_those_of_the_current_company(self):
        company_b = self.env["res.company"].create(
            {"name": "Société B", "kam_candidate_min_revenue": 0, "kam_candidate_min_buying": 0}
        )
        manager_b = new_test_user(
            self.env,
            "kam_candidate_b",
            groups="kam_key_accounts.group_kam_manager",
            company_id=company_b.id,
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        order_b = (
            self.env["sale.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.cirrus.id,
                    "company_id": company_b.id,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": 7000})],
                }
            )
        )
        order_b.action_confirm()
        self.env.flush_all()
        Candidate = self.env["kam.candidate"].with_user(manager_b)
        in_b = {candidate.partner_id: candidate for candidate in Candidate.with_company(company_b).search([])}
        self.assertNotIn(self.boreal, in_b)  # Boréal bought nothing from company B
        self.assertAlmostEqual(in_b[self.cirrus].revenue, 7000)
        self.assertEqual(in_b[self.cirrus].company_id, company_b)
        # in the first company, Cirrus' figures stay its orders there (a row's id is its group's:
        # the web client reads each company in its own request, with a fresh cache)
        self.env.invalidate_all()
        in_a = {
            candidate.partner_id: candidate for candidate in Candidate.with_company(self.company).search([])
        }
        self.assertAlmostEqual(in_a[self.cirrus].revenue, 20000)

    def _list_queries(self):
        """Queries of the list as the web client loads it (rows and count), caches cleared."""
        Candidate = self.env["kam.candidate"].with_user(self.kam_manager)
        fields = ["rank", "partner_id", "country_id", "revenue", "growth", "pipeline_amount"]
        self._commit_figures()  # as a new request finds it
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = Candidate.web_search_read([], {name: {} for name in fields}, limit=80)
        return self.env.cr.sql_log_count - before, result

    def _add_groups(self, count):
        Partner = self.env["res.partner"]
        heads = Partner.create([{"name": f"Groupe {i}", "is_company": True} for i in range(count)])
        subsidiaries = Partner.create(
            [
                {"name": f"Filiale {i}", "is_company": True, "parent_id": head.id}
                for i, head in enumerate(heads)
            ]
        )
        self.env["sale.order"].create(
            [
                {"partner_id": partner.id, "order_line": [Command.create({"product_id": self.product.id})]}
                for partner in heads | subsidiaries
            ]
        ).action_confirm()
        self.env.flush_all()

    def test_list_query_count_does_not_grow_with_the_data(self):
        self._list_queries()  # warm the caches of access rights and rules
        small, result = self._list_queries()
        self.assertGreaterEqual(result["length"], 2)
        self._add_groups(30)
        big, result = self._list_queries()
        self.assertGreaterEqual(result["length"], 32)
        self.assertEqual(small, big)
        # the rows and the names of the groups and of their countries; each search turns JIT off
        # first; the figures ledger is checked for changed documents once
        with self.assertQueryCount(4 + 2 + 1):
            self.env.invalidate_all()
            self.env["kam.candidate"].with_user(self.kam_manager).web_search_read(
                [], {"rank": {}, "partner_id": {}, "country_id": {}, "revenue": {}}, limit=80
            )
