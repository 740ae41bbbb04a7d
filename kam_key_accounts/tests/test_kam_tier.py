from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestKamTier(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_user = new_test_user(cls.env, "tier_kam_user", groups="kam_key_accounts.group_kam_user")
        cls.kam_manager = new_test_user(
            cls.env, "tier_kam_manager", groups="kam_key_accounts.group_kam_manager"
        )

    def test_default_tiers_are_shipped_in_order(self):
        tiers = self.env["kam.tier"].search([])
        strategic = self.env.ref("kam_key_accounts.kam_tier_strategic")
        self.assertEqual(tiers[:1], strategic)
        self.assertEqual(strategic.review_frequency_months, 3)

    def test_review_frequency_must_be_positive(self):
        tier = self.env["kam.tier"].create({"name": "Quarterly"})
        with self.assertRaisesRegex(ValidationError, "at least one month"):
            tier.review_frequency_months = 0

    def test_database_refuses_a_zero_review_frequency(self):
        # the last line, behind our message: a write that does not go through the ORM
        tier = self.env["kam.tier"].create({"name": "Broken"})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE kam_tier SET review_frequency_months = 0 WHERE id = %s", [tier.id])

    def test_only_managers_configure_tiers(self):
        self.assertTrue(self.env["kam.tier"].with_user(self.kam_user).search([]))
        with self.assertRaises(AccessError):
            self.env["kam.tier"].with_user(self.kam_user).create({"name": "Mine"})
        tier = self.env["kam.tier"].with_user(self.kam_manager).create({"name": "Platinum"})
        self.assertEqual(tier.review_frequency_months, 3)

    def test_french_name_of_a_tier(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        strategic = self.env.ref("kam_key_accounts.kam_tier_strategic").with_context(lang="fr_FR")
        self.assertEqual(strategic.name, "Stratégique")
