from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestBadValues(KamCommon):
    """Bad values get our translated message before PostgreSQL's constraint (the last line) sees them."""

    def test_a_tier_is_reviewed_at_least_every_month(self):
        with self.assertUserError("at least one month"):
            self.env["kam.tier"].create({"name": "Never", "review_frequency_months": -3})
        with self.assertUserError("at least one month"):
            self.tier_key.review_frequency_months = 0

    def test_one_kam_objective_per_measure_and_period(self):
        Objective = self.env["kam.objective"].with_user(self.kam_manager)
        values = {"user_id": self.kam.id, "year": self.today.year, "measure": "ordered_revenue", "target": 1}
        first = Objective.create(values)
        with self.assertUserError("already has an objective on Ordered Revenue"):
            Objective.create(values)
        with self.assertUserError("already has an objective"):
            Objective.create([dict(values, year=self.today.year - 1), dict(values, year=self.today.year - 1)])
        other = Objective.create(dict(values, measure="invoiced_revenue"))
        with self.assertUserError("already has an objective"):
            other.measure = "ordered_revenue"
        first.target = 5  # its own row is no duplicate

    def test_candidate_thresholds_are_not_negative(self):
        for field in ("kam_candidate_min_revenue", "kam_candidate_min_buying"):
            with self.subTest(field=field), self.assertUserError("cannot be negative"):
                self.company.write({field: -2})

    def test_a_portal_user_is_no_kam(self):
        portal = new_test_user(self.env, "portal_paul", groups="base.group_portal", name="Paul Portal")
        with self.assertUserError("portal or public user"):
            self.group.key_account_manager_id = portal
        self.assertEqual(self.group.key_account_manager_id, self.kam)

    def test_a_kam_in_charge_is_not_deleted(self):
        with self.assertUserError("reassign them first", UserError):
            self.kam.unlink()
        self.kam.active = False  # archiving stays possible
        self.assertFalse(self.kam.active)
