from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKeyAccount(KamCommon):
    def test_subsidiaries_at_any_depth_belong_to_the_group(self):
        self.assertEqual(self.group.key_account_id, self.group)
        self.assertEqual(self.subsidiary.key_account_id, self.group)
        self.assertEqual(self.sub_subsidiary.key_account_id, self.group)
        self.assertEqual(self.contact.key_account_id, self.group)
        self.assertFalse(self.outsider.key_account_id)

    def test_records_of_a_subsidiary_carry_the_group(self):
        order = self._order(self.sub_subsidiary, 100.0, confirm=False)
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.contact.id}
        )
        invoice = self._invoice(self.subsidiary, 50.0)
        self.assertEqual(order.key_account_id, self.group)
        self.assertEqual(lead.key_account_id, self.group)
        self.assertEqual(invoice.key_account_id, self.group)

    def test_reparenting_moves_the_records_to_the_new_group(self):
        order = self._order(self.sub_subsidiary, 100.0, confirm=False)
        other_group = self.env["res.partner"].create(
            {
                "name": "Groupe Boréal",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.kam.id,
            }
        )
        self.subsidiary.parent_id = other_group
        self.assertEqual(self.sub_subsidiary.key_account_id, other_group)
        self.assertEqual(order.key_account_id, other_group)
        self.sub_subsidiary.parent_id = self.outsider
        self.assertFalse(order.key_account_id)

    def test_unflagging_releases_the_group(self):
        order = self._order(self.subsidiary, 100.0, confirm=False)
        self.group.is_key_account = False
        self.assertFalse(self.subsidiary.key_account_id)
        self.assertFalse(order.key_account_id)

    def test_a_subsidiary_flagged_itself_owns_its_branch(self):
        self.subsidiary.write({"is_key_account": True, "key_account_manager_id": self.kam_other.id})
        self.assertEqual(self.sub_subsidiary.key_account_id, self.subsidiary)
        self.assertEqual(self.group.key_account_id, self.group)

    def test_kam_is_the_default_salesperson(self):
        lead = self.env["crm.lead"].create({"name": "Deal", "partner_id": self.sub_subsidiary.id})
        self.assertEqual(lead.user_id, self.kam)
        chosen = self.env["crm.lead"].create(
            {"name": "Deal", "partner_id": self.sub_subsidiary.id, "user_id": self.salesman.id}
        )
        self.assertEqual(chosen.user_id, self.salesman)
        order = self.env["sale.order"].create({"partner_id": self.contact.id})
        self.assertEqual(order.user_id, self.kam)
        order = self.env["sale.order"].create({"partner_id": self.contact.id, "user_id": self.salesman.id})
        self.assertEqual(order.user_id, self.salesman)
        outsider_order = (
            self.env["sale.order"].with_user(self.salesman).create({"partner_id": self.outsider.id})
        )
        self.assertEqual(outsider_order.user_id, self.salesman)

    def test_kam_is_the_default_salesperson_in_the_forms(self):
        with Form(self.env["sale.order"].with_user(self.salesman)) as order:
            order.partner_id = self.subsidiary
            self.assertEqual(order.user_id, self.kam)
            order.user_id = self.salesman
        self.assertEqual(order.record.user_id, self.salesman)
        lead_form = Form(self.env["crm.lead"].with_user(self.salesman))
        lead_form.name = "Seminar"
        lead_form.partner_id = self.sub_subsidiary
        self.assertEqual(lead_form.user_id, self.kam)

    def test_next_review_follows_the_tier(self):
        self.group.kam_last_review_date = self.today
        self.assertEqual(self.group.kam_next_review_date, self.today + relativedelta(months=6))
        self.group.kam_tier_id = self.env.ref("kam_key_accounts.kam_tier_strategic")
        self.assertEqual(self.group.kam_next_review_date, self.today + relativedelta(months=3))
        self.assertFalse(self.group.kam_review_overdue)
        self.group.kam_next_review_date = self.today - relativedelta(days=1)
        self.assertTrue(self.group.kam_review_overdue)
        overdue = self.env["res.partner"].search([("kam_review_overdue", "=", True)])
        self.assertIn(self.group, overdue)
        self.assertNotIn(self.outsider, overdue)

    def test_a_key_account_needs_a_manager(self):
        with self.assertUserError("Choose the key account manager"):
            self.outsider.write({"is_key_account": True})
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE res_partner SET key_account_manager_id = NULL WHERE id = %s", [self.group.id]
            ),
            "A key account needs a key account manager.",
        )

    def test_only_a_company_is_a_key_account(self):
        with self.assertUserError("only a company can be a key account"):
            self.contact.write({"is_key_account": True, "key_account_manager_id": self.kam.id})

    def test_a_company_cannot_be_its_own_parent(self):
        with self.assertRaises(ValidationError):
            self.group.parent_id = self.sub_subsidiary
        self.assertFalse(self.group.parent_id)

    def test_amounts_cannot_be_negative(self):
        with self.assertUserError("cannot be negative"):
            self.group.kam_client_revenue = -1
        with self.assertUserError("between 0 and 100"):
            self.group.kam_potential_share = 120
        self.assertSqlConstraint(
            lambda: self.env.cr.execute(
                "UPDATE res_partner SET kam_client_revenue = -5 WHERE id = %s", [self.group.id]
            ),
            "The client's annual revenue cannot be negative.",
        )

    def test_a_team_member_is_listed_once_per_role(self):
        self.group.kam_team_member_ids = [
            Command.create({"user_id": self.kam_other.id, "role_id": self.role_sponsor.id})
        ]
        self.assertRefusedBeforeSql(
            lambda: self.env["kam.team.member"].create(
                {"partner_id": self.group.id, "user_id": self.kam_other.id, "role_id": self.role_sponsor.id}
            ),
            "This user already has this role in the account team.",
        )
        # The same person in another role is fine.
        self.env["kam.team.member"].create(
            {
                "partner_id": self.group.id,
                "user_id": self.kam_other.id,
                "role_id": self.env.ref("kam_key_accounts.kam_team_role_finance").id,
            }
        )
        self.assertEqual(len(self.group.kam_team_member_ids), 2)

    def test_external_members_need_a_contact(self):
        agency = self.env["res.partner"].create({"name": "Agence Nova", "is_company": True})
        member = self.env["kam.team.member"].create(
            {
                "partner_id": self.group.id,
                "member_type": "external",
                "contact_id": agency.id,
                "role_id": self.env.ref("kam_key_accounts.kam_team_role_agency").id,
            }
        )
        self.assertEqual(member.name, "Agence Nova")
        with self.assertUserError("contact of an external"):
            member.write({"contact_id": False})

    def test_error_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertUserError("Choisissez le responsable grands comptes"):
            self.outsider.with_context(lang="fr_FR").write({"is_key_account": True})
