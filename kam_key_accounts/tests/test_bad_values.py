from datetime import date

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

    def test_unique_keys_are_answered_before_the_database(self):
        """kam.checked.mixin reads each UNIQUE constraint and says its message before the INSERT."""
        self.assertRefusedBeforeSql(
            lambda: self.env["kam.team.role"].create({"name": self.role_sponsor.name}),
            "An account team role with this name already exists.",
        )
        scheme = self.env["kam.pay.scheme"].create({"user_id": self.kam.id, "year": self.today.year})
        step = {"scheme_id": scheme.id, "achievement_from": 90, "payout": 50}
        self.env["kam.pay.scheme.step"].create(step)
        self.assertRefusedBeforeSql(
            lambda: self.env["kam.pay.scheme.step"].create(step),
            "Two steps cannot start at the same achievement.",
        )
        # two new rows with the same key in one call, and a write onto an existing key
        Role = self.env["kam.team.role"].with_user(self.kam_manager)
        self.assertRefusedBeforeSql(
            lambda: Role.create([{"name": "Twin"}, {"name": "Twin"}]), "already exists"
        )
        other = Role.create({"name": "Buyer's assistant"})
        self.assertRefusedBeforeSql(lambda: other.write({"name": self.role_sponsor.name}), "already exists")
        other.name = "Buyer's deputy"  # its own key, changed: fine
        self.assertEqual(other.name, "Buyer's deputy")

    def test_overlapping_running_contracts_are_refused_by_a_date_change(self):
        Contract = self.env["kam.contract"].with_user(self.kam_manager)
        values = {"name": "Framework", "partner_id": self.group.id}
        first = Contract.create(
            {**values, "date_start": date(self.today.year, 1, 1), "date_end": date(self.today.year, 6, 30)}
        )
        second = Contract.create(
            {**values, "date_start": date(self.today.year, 7, 1), "date_end": date(self.today.year, 12, 31)}
        )
        (first | second).action_start()
        self.assertRefusedBeforeSql(
            lambda: second.write({"date_start": date(self.today.year, 6, 1)}),
            "one running contract at a time",
        )
        self.assertEqual(second.date_start, date(self.today.year, 7, 1))
