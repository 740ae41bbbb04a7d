from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamPayScheme(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.subsidiary, 9000.0)
        Objective = cls.env["kam.objective"]
        Objective.create({"user_id": cls.kam.id, "year": cls.today.year, "target": 10000, "weight": 3})
        Objective.create(
            {
                "user_id": cls.kam.id,
                "year": cls.today.year,
                "measure": "qualitative",
                "name": "Référencement",
                "target": 100,
                "manual_actual": 50,
                "weight": 1,
            }
        )
        cls.confirmed = cls.env.ref("kam_key_accounts.kam_profile_confirmed")
        cls.confirmed.currency_id = cls.currency  # the amounts below read as they are, unconverted
        cls.scheme = cls.env["kam.pay.scheme"].create(
            {"user_id": cls.kam.id, "year": cls.today.year, "profile_id": cls.confirmed.id}
        )

    def test_profile_gives_the_defaults(self):
        self.assertEqual((self.confirmed.pay_min, self.confirmed.pay_max), (40000, 80000))
        self.assertEqual(self.scheme.annual_pay, 60000)
        self.assertEqual(self.scheme.variable_share, 20)
        self.assertEqual(self.scheme.variable_target, 12000)
        self.assertEqual(self.scheme.fixed_pay, 48000)
        self.assertFalse(self.scheme.outside_band)
        self.scheme.annual_pay = 90000
        self.assertTrue(self.scheme.outside_band)

    def test_profile_band_in_the_company_currency(self):
        """A profile's band is in its own currency (EUR): a USD company reads it at its own rate."""
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        self.confirmed.currency_id = eur  # as the profiles are shipped
        company = self.env["res.company"].create({"name": "KAM Americas", "currency_id": usd.id})
        self.env["res.currency.rate"].create(
            {"name": self.today, "rate": 0.8, "currency_id": eur.id, "company_id": company.id}
        )
        scheme = self.env["kam.pay.scheme"].create(
            {
                "user_id": self.kam.id,
                "year": self.today.year,
                "company_id": company.id,
                "profile_id": self.confirmed.id,
            }
        )
        self.assertEqual(scheme.currency_id, usd)
        # mid-band 60,000 EUR at 0.8 EUR per USD
        self.assertAlmostEqual(scheme.annual_pay, 75000.0, places=2)
        self.assertFalse(scheme.outside_band)
        scheme.annual_pay = 95000  # the band is 50,000-100,000 USD
        self.assertFalse(scheme.outside_band)
        scheme.annual_pay = 45000  # 36,000 EUR: below the band
        self.assertTrue(scheme.outside_band)

    def test_linear_payout_from_the_weighted_achievement(self):
        # (90 % x 3 + 50 % x 1) / 4 = 80 %: at the threshold, paid linearly
        self.assertAlmostEqual(self.scheme.achievement, 80.0)
        self.assertAlmostEqual(self.scheme.payout_rate, 80.0)
        self.assertAlmostEqual(self.scheme.expected_amount, 9600.0)
        self.scheme.threshold = 85
        self.assertEqual(self.scheme.expected_amount, 0.0)
        self.scheme.simulation_achievement = 200
        self.assertEqual(self.scheme.simulation_rate, 150.0)  # capped
        self.assertEqual(self.scheme.simulation_amount, 18000.0)

    def test_stepped_payout(self):
        self.scheme.write(
            {
                "curve": "stepped",
                "step_ids": [
                    (0, 0, {"achievement_from": 70, "payout": 50}),
                    (0, 0, {"achievement_from": 100, "payout": 100}),
                    (0, 0, {"achievement_from": 120, "payout": 180}),
                ],
            }
        )
        self.assertEqual(self.scheme.payout_rate, 50.0)
        self.scheme.simulation_achievement = 110
        self.assertEqual(self.scheme.simulation_rate, 100.0)
        self.scheme.simulation_achievement = 130
        self.assertEqual(self.scheme.simulation_rate, 150.0)  # the cap wins over the step

    def test_bad_values_are_refused(self):
        for values, message in (
            ({"variable_share": 45}, "between 10 and 40 %"),
            ({"variable_share": 5}, "between 10 and 40 %"),
            ({"threshold": 120}, "threshold must lie between 0 and 100"),
            ({"cap": 90}, "cap cannot be below 100"),
            ({"curve": "stepped"}, "needs at least one step"),
        ):
            with self.assertUserError(message):
                self.scheme.write(values)
        self.assertEqual(self.scheme.variable_share, 20)
        with self.assertUserError("between 10 and 40 %"):
            self.env["kam.pay.scheme"].create({"user_id": self.kam_other.id, "variable_share": 50})
        self.assertRefusedBeforeSql(
            lambda: self.env["kam.pay.scheme"].create({"user_id": self.kam.id, "year": self.today.year}),
            "one pay scheme per year",
        )

    def test_managers_only_kams_see_their_own(self):
        other = self.env["kam.pay.scheme"].create({"user_id": self.kam_other.id, "year": self.today.year})
        as_kam = self.env["kam.pay.scheme"].with_user(self.kam)
        self.assertEqual(as_kam.search([]), self.scheme)
        self.assertAlmostEqual(self.scheme.with_user(self.kam).expected_amount, 9600.0)
        with self.assertRaises(AccessError):
            other.with_user(self.kam).read(["annual_pay"])
        with self.assertRaises(AccessError):
            self.scheme.with_user(self.kam).annual_pay = 100000
        with self.assertRaises(AccessError):
            self.env["kam.pay.scheme"].with_user(self.salesman).search([])
        managed = self.env["kam.pay.scheme"].with_user(self.kam_manager).search([])
        self.assertTrue((self.scheme | other) <= managed, "a manager sees every KAM's scheme (demo ones too)")

    def test_a_stepped_curve_keeps_a_step(self):
        stepped = {"curve": "stepped", "step_ids": [Command.create({"achievement_from": 80, "payout": 60})]}
        self.scheme.write(stepped)
        with self.assertUserError("needs at least one step"):
            self.scheme.step_ids.unlink()
        with self.assertUserError("needs at least one step"):
            self.scheme.write({"step_ids": [Command.clear()]})
        with self.assertUserError("needs at least one step"):
            self.env["kam.pay.scheme"].create(
                {"user_id": self.kam_other.id, "year": self.today.year, "curve": "stepped"}
            )
        self.assertEqual(self.scheme.payout_rate, 60.0, "80 % reaches the step")
        # back to linear, the steps may go; a scheme goes with its steps
        self.scheme.write({"curve": "linear", "step_ids": [Command.clear()]})
        self.assertFalse(self.scheme.step_ids)
        self.scheme.write(stepped)
        step = self.scheme.step_ids
        self.scheme.unlink()
        self.assertFalse(step.exists())

    def test_kam_simulates_their_own_pay(self):
        scheme = self.scheme.with_user(self.kam)
        with Form(scheme) as form:
            form.simulation_achievement = 120
            self.assertEqual(form.simulation_amount, 14400.0)  # 12,000 x 120 %
            with self.assertRaises(AssertionError):  # the terms are read-only to the KAM
                form.annual_pay = 100000
        self.assertEqual(self.scheme.simulation_achievement, 120)
        self.assertEqual(self.scheme.simulation_rate, 120.0)
        scheme.write({"simulation_achievement": 200})
        self.assertEqual(self.scheme.simulation_amount, 18000.0)  # capped at 150 %

    def test_kam_cannot_change_the_terms_nor_another_scheme(self):
        other = self.env["kam.pay.scheme"].create({"user_id": self.kam_other.id, "year": self.today.year})
        scheme = self.scheme.with_user(self.kam)
        for values in (
            {"annual_pay": 100000},
            {"cap": 200, "simulation_achievement": 90},
            {"curve": "stepped", "step_ids": [Command.create({"achievement_from": 0, "payout": 200})]},
        ):
            with self.assertUserError("Only a Key Accounts manager changes the terms", AccessError):
                scheme.write(values)
        with self.assertRaises(AccessError):
            other.with_user(self.kam).write({"simulation_achievement": 90})
        with self.assertRaises(AccessError):
            self.env["kam.pay.scheme.step"].with_user(self.kam).create(
                {"scheme_id": self.scheme.id, "achievement_from": 0, "payout": 200}
            )
        with self.assertRaises(AccessError):
            scheme.unlink()
        with self.assertRaises(AccessError):
            self.env["kam.pay.scheme"].with_user(self.kam).create(
                {"user_id": self.kam.id, "year": self.today.year + 1}
            )
        self.assertEqual((self.scheme.annual_pay, self.scheme.cap), (60000, 150))
        self.assertEqual(other.simulation_achievement, 100)
        # a manager changes both
        with Form(self.scheme.with_user(self.kam_manager)) as form:
            form.annual_pay = 70000
            form.simulation_achievement = 90
        self.assertEqual((self.scheme.annual_pay, self.scheme.simulation_achievement), (70000, 90))
