from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamObjective(KamCommon):
    """KAM objectives sum the measure over the KAM's key accounts, the same way plan objectives do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second = cls.env["res.partner"].create(
            {
                "name": "Groupe Zéphyr",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam.id,
            }
        )
        cls.foreign = cls.env["res.partner"].create(
            {
                "name": "Groupe Borée",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        quarter_start = date(cls.today.year, 3 * ((cls.today.month - 1) // 3) + 1, 1)
        cls.quarter = str((cls.today.month - 1) // 3 + 1)
        cls._order(cls.sub_subsidiary, 1000.0, when=quarter_start)
        cls._order(cls.second, 500.0, when=quarter_start)
        cls._order(cls.foreign, 7000.0, when=quarter_start)
        cls._order(cls.second, 300.0, when=date(cls.today.year - 1, 6, 1))
        if quarter_start.month > 1:  # an order of this year, before this quarter
            cls._order(cls.subsidiary, 200.0, when=quarter_start - relativedelta(months=1))
        cls.before_quarter = 200.0 if quarter_start.month > 1 else 0.0
        Objective = cls.env["kam.objective"]
        cls.yearly = Objective.create({"user_id": cls.kam.id, "year": cls.today.year, "target": 10000})
        cls.quarterly = Objective.create(
            {
                "user_id": cls.kam.id,
                "year": cls.today.year,
                "period_type": "quarter",
                "quarter": cls.quarter,
                "target": 3000,
            }
        )
        cls.other = Objective.create({"user_id": cls.kam_other.id, "year": cls.today.year, "target": 14000})

    def test_actuals_sum_the_kams_accounts_over_the_period(self):
        self.assertAlmostEqual(self.yearly.actual, 1500.0 + self.before_quarter)
        self.assertAlmostEqual(self.quarterly.actual, 1500.0)
        self.assertAlmostEqual(self.quarterly.achievement, 50.0)
        self.assertAlmostEqual(self.other.actual, 7000.0)
        self.assertEqual(self.yearly.account_count, 2)
        last_year = self.env["kam.objective"].create(
            {"user_id": self.kam.id, "year": self.today.year - 1, "target": 300}
        )
        self.assertAlmostEqual(last_year.actual, 300.0)
        self.assertEqual(last_year.status, "on_track")

    def test_same_code_as_plan_objectives(self):
        plan = self.env["kam.account.plan"].create(
            {
                "name": "Plan Aurore",
                "partner_id": self.group.id,
                "date_start": date(self.today.year, 1, 1),
                "date_end": date(self.today.year, 12, 31),
                "objective_ids": [
                    (0, 0, {"measure": "ordered_revenue", "year": self.today.year, "target": 1})
                ],
            }
        )
        self.assertAlmostEqual(plan.objective_ids.actual, 1000.0 + self.before_quarter)
        self.assertEqual(type(plan.objective_ids)._compute_actuals, type(self.yearly)._compute_actuals)

    def test_many_objectives_cost_one_query_per_measure_and_period(self):
        Objective = self.env["kam.objective"]
        users = [self.kam, self.kam_other, self.kam_manager]
        objectives = Objective.browse()
        for year in (self.today.year - 2, self.today.year - 3):
            for user in users:
                objectives |= Objective.create({"user_id": user.id, "year": year, "target": 10})
        self._commit_figures()
        self.env.invalidate_all()
        # the objectives, the ledger's check for changed documents, one sum per year, and the
        # company's currency for the conversion (2, once)
        with self.assertQueryCount(6):
            objectives.mapped("actual")

    def test_quarter_is_required_for_quarterly_objectives(self):
        with self.assertUserError("quarterly objective needs its quarter"):
            self.env["kam.objective"].create(
                {"user_id": self.kam.id, "year": self.today.year, "period_type": "quarter", "target": 1}
            )
        with self.assertUserError("quarterly objective needs its quarter"):
            self.quarterly.quarter = False
        with self.assertUserError("between 2000 and 2100"):
            self.env["kam.objective"].create({"user_id": self.kam.id, "year": 1999, "target": 1})
        with self.assertUserError("between 2000 and 2100"):
            self.yearly.year = 1999
        with self.assertUserError("target cannot be negative"):
            self.yearly.target = -5
        with self.assertUserError("target cannot be negative"):
            self.env["kam.objective"].create({"user_id": self.kam.id, "year": 2001, "target": -1})
        # said before the database's exclusion constraint (the last line) refuses it
        with self.assertUserError("already has an objective on Ordered Revenue"):
            self.env["kam.objective"].create({"user_id": self.kam.id, "year": self.today.year, "target": 5})

    def test_kam_reads_own_objectives_only_and_cannot_change_them(self):
        mine = self.env["kam.objective"].with_user(self.kam).search([])
        self.assertEqual(set(mine.ids), {self.yearly.id, self.quarterly.id})
        with self.assertRaises(AccessError):
            self.yearly.with_user(self.kam).target = 1
        with self.assertRaises(AccessError):
            self.other.with_user(self.kam).read(["target"])
        managed = self.env["kam.objective"].with_user(self.kam_manager).search([])
        self.assertTrue({self.yearly.id, self.other.id} <= set(managed.ids))
