from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamTenderSecurity(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_member = new_test_user(cls.env, "kam_team_gus", groups="kam_key_accounts.group_kam_user")
        cls.group.kam_team_member_ids = [
            Command.create({"user_id": cls.team_member.id, "role_id": cls.role_sponsor.id})
        ]
        cls.other_account = cls.env["res.partner"].create(
            {
                "name": "Groupe Sirius",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        cls.tender_type = cls.env["kam.tender.type"].create({"name": "Security type"})
        deadline = fields.Datetime.now() + timedelta(days=10)
        cls.tender = cls.env["kam.tender"].create(
            {
                "name": "Mine",
                "partner_id": cls.subsidiary.id,
                "type_id": cls.tender_type.id,
                "submission_deadline": deadline,
            }
        )
        cls.other_tender = cls.env["kam.tender"].create(
            {
                "name": "Theirs",
                "partner_id": cls.other_account.id,
                "type_id": cls.tender_type.id,
                "submission_deadline": deadline,
            }
        )
        cls.contract = cls.env["kam.contract"].create(
            {
                "name": "Mine",
                "partner_id": cls.group.id,
                "date_start": cls.today,
                "date_end": cls.today + timedelta(days=300),
            }
        )
        cls.other_contract = cls.env["kam.contract"].create(
            {
                "name": "Theirs",
                "partner_id": cls.other_account.id,
                "date_start": cls.today,
                "date_end": cls.today + timedelta(days=300),
            }
        )
        cls.escalation = cls.env["kam.escalation"].create({"name": "Mine", "partner_id": cls.group.id})
        cls.other_escalation = cls.env["kam.escalation"].create(
            {"name": "Theirs", "partner_id": cls.other_account.id}
        )

    def test_kam_user_sees_and_edits_own_accounts_only(self):
        for user in (self.kam, self.team_member):
            for mine, theirs in (
                (self.tender, self.other_tender),
                (self.contract, self.other_contract),
                (self.escalation, self.other_escalation),
            ):
                Model = self.env[mine._name].with_user(user)
                found = Model.search([("id", "in", (mine | theirs).ids)])
                self.assertEqual(found, mine.with_user(user), f"{user.login} on {mine._name}")
                mine.with_user(user).write({"name": "Edited"})
                with self.assertRaises(AccessError):
                    theirs.with_user(user).write({"name": "Edited"})
                with self.assertRaises(AccessError):
                    theirs.with_user(user).read(["name"])

    def test_kam_user_creates_for_own_accounts_only(self):
        deadline = fields.Datetime.now() + timedelta(days=10)
        Tender = self.env["kam.tender"].with_user(self.kam)
        tender = Tender.create(
            {
                "name": "New",
                "partner_id": self.group.id,
                "type_id": self.tender_type.id,
                "submission_deadline": deadline,
            }
        )
        self.assertEqual(tender.user_id, self.kam)
        with self.assertRaises(AccessError):
            Tender.create(
                {
                    "name": "Not mine",
                    "partner_id": self.other_account.id,
                    "type_id": self.tender_type.id,
                    "submission_deadline": deadline,
                    "user_id": self.kam_other.id,
                }
            )

    def test_manager_sees_all(self):
        for record in (self.other_tender, self.other_contract, self.other_escalation):
            record.with_user(self.kam_manager).write({"name": "By manager"})
        found = (
            self.env["kam.tender"]
            .with_user(self.kam_manager)
            .search([("id", "in", (self.tender | self.other_tender).ids)])
        )
        self.assertEqual(len(found), 2)

    def test_configuration_belongs_to_managers(self):
        with self.assertRaises(AccessError):
            self.tender_type.with_user(self.kam).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.env["kam.tender.criterion"].with_user(self.kam).create({"name": "Mine", "weight": 1})
        self.env["kam.tender.criterion"].with_user(self.kam_manager).create(
            {"name": "Managers'", "weight": 1}
        )

    def test_salesman_has_no_access_but_keeps_selling(self):
        with self.assertRaises(AccessError):
            self.env["kam.tender"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env["kam.contract"].with_user(self.salesman).search([])
        # Quotations of a key account under contract still follow it for plain salespeople.
        pricelist = self.env["product.pricelist"].create({"name": "Contract rates"})
        self.contract.write({"pricelist_id": pricelist.id})
        self.contract.action_start()
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create({"partner_id": self.subsidiary.id, "user_id": self.salesman.id})
        )
        self.assertEqual(order.pricelist_id, pricelist)
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Plain lead", "type": "opportunity"})
        )
        lead.read(["name", "expected_revenue"])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "KAM Other Company"})
        self.kam_manager.write({"company_ids": [Command.link(other_company.id)]})
        tender = self.env["kam.tender"].create(
            {
                "name": "Other company tender",
                "partner_id": self.group.id,
                "type_id": self.tender_type.id,
                "company_id": other_company.id,
                "submission_deadline": fields.Datetime.now() + timedelta(days=5),
            }
        )
        as_manager = self.env["kam.tender"].with_user(self.kam_manager)
        self.assertNotIn(tender, as_manager.with_context(allowed_company_ids=[self.company.id]).search([]))
        self.assertIn(
            tender,
            as_manager.with_context(allowed_company_ids=[self.company.id, other_company.id]).search([]),
        )
        with self.assertRaises(AccessError):
            tender.with_user(self.kam).read(["name"])
