from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccountSecurity(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_account = cls.env["res.partner"].create(
            {
                "name": "Groupe Sirius",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls.team_member = new_test_user(cls.env, "kam_team_eve", groups="kam_key_accounts.group_kam_user")
        cls.group.kam_team_member_ids = [
            Command.create({"user_id": cls.team_member.id, "role_id": cls.role_sponsor.id})
        ]

    def test_kam_user_reads_every_key_account(self):
        accounts = self.env["res.partner"].with_user(self.kam).search([("is_key_account", "=", True)])
        self.assertIn(self.group, accounts)
        self.assertIn(self.other_account, accounts)
        rows = self.other_account.with_user(self.kam).read(["key_account_manager_id", "kam_tier_id"])
        self.assertEqual(rows[0]["key_account_manager_id"][0], self.kam_other.id)
        # as the web client reads the list
        result = (
            self.env["res.partner"]
            .with_user(self.kam)
            .web_search_read(
                [("is_key_account", "=", True)], {"display_name": {}, "kam_revenue_ordered_this_year": {}}
            )
        )
        self.assertGreaterEqual(result["length"], 2)

    def test_kam_user_edits_own_accounts_only(self):
        self.group.with_user(self.kam).write({"kam_listing": "cac40"})
        self.assertEqual(self.group.kam_listing, "cac40")
        self.group.with_user(self.team_member).write({"kam_potential_share": 15.0})
        self.assertEqual(self.group.kam_potential_share, 15.0)
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.kam).write({"kam_listing": "cac40"})
        with self.assertRaises(AccessError):
            self.outsider.with_user(self.kam).write(
                {"is_key_account": True, "key_account_manager_id": self.kam.id}
            )
        self.assertFalse(self.outsider.is_key_account)

    def test_kam_user_edits_own_teams_only(self):
        Member = self.env["kam.team.member"].with_user(self.kam)
        member = Member.create(
            {"partner_id": self.group.id, "user_id": self.kam_other.id, "role_id": self.role_sponsor.id}
        )
        member.date_start = self.today
        with self.assertRaises(AccessError):
            Member.create(
                {"partner_id": self.other_account.id, "user_id": self.kam.id, "role_id": self.role_sponsor.id}
            )
        foreign_member = self.env["kam.team.member"].create(
            {
                "partner_id": self.other_account.id,
                "user_id": self.team_member.id,
                "role_id": self.role_sponsor.id,
            }
        )
        self.assertTrue(foreign_member.with_user(self.kam).read(["user_id"]))
        with self.assertRaises(AccessError):
            foreign_member.with_user(self.kam).unlink()

    def test_kam_manager_edits_everything(self):
        self.outsider.with_user(self.kam_manager).write(
            {"is_key_account": True, "key_account_manager_id": self.kam.id, "kam_tier_id": self.tier_key.id}
        )
        self.assertTrue(self.outsider.is_key_account)
        self.other_account.with_user(self.kam_manager).write(
            {
                "kam_team_member_ids": [
                    Command.create({"user_id": self.kam.id, "role_id": self.role_sponsor.id})
                ]
            }
        )
        self.env["kam.tier"].with_user(self.kam_manager).create({"name": "Platinum"})

    def test_salesman_without_kam_group_cannot_touch_key_account_settings(self):
        self.assertTrue(self.group.with_user(self.salesman).read(["name"]))
        with self.assertRaises(AccessError):
            self.group.with_user(self.salesman).write({"kam_listing": "sbf120"})
        with self.assertRaises(AccessError):
            self.env["kam.team.member"].with_user(self.salesman).search([])
        # ordinary partner edits still work
        self.subsidiary.with_user(self.salesman).write({"phone": "+33 1 23 45 67 89"})

    def test_sales_managers_are_kam_managers(self):
        sales_manager = new_test_user(self.env, "sales_manager_fred", groups="sales_team.group_sale_manager")
        self.assertTrue(sales_manager.has_group("kam_key_accounts.group_kam_manager"))

    def test_key_account_settings_of_another_company_stay_invisible(self):
        company_b = self.env["res.company"].create({"name": "Filiale B"})
        user_b = new_test_user(
            self.env,
            "kam_company_b",
            groups="kam_key_accounts.group_kam_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        account_a = self.env["res.partner"].create(
            {
                "name": "Client de A",
                "is_company": True,
                "company_id": self.company.id,
                "is_key_account": True,
                "key_account_manager_id": self.kam.id,
                "kam_team_member_ids": [
                    Command.create({"user_id": self.kam.id, "role_id": self.role_sponsor.id})
                ],
            }
        )
        self.assertNotIn(
            account_a, self.env["res.partner"].with_user(user_b).search([("is_key_account", "=", True)])
        )
        with self.assertRaises(AccessError):
            account_a.with_user(user_b).read(["name"])
        with self.assertRaises(AccessError):
            account_a.kam_team_member_ids.with_user(user_b).read(["role_id"])
