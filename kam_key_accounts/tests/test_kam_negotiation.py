from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamNegotiation(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_member = cls.env["res.users"].create(
            {
                "name": "Team Member",
                "login": "kam_team_fred",
                "groups_id": [fields.Command.link(cls.env.ref("kam_key_accounts.group_kam_user").id)],
            }
        )
        cls.group.kam_team_member_ids = [
            fields.Command.create({"user_id": cls.team_member.id, "role_id": cls.role_sponsor.id})
        ]
        tender_type = cls.env["kam.tender.type"].create({"name": "Negotiation type"})
        cls.tender = cls.env["kam.tender"].create(
            {
                "name": "Cleaning services",
                "partner_id": cls.subsidiary.id,
                "type_id": tender_type.id,
                "submission_deadline": fields.Datetime.now() + timedelta(days=10),
            }
        )
        cls.negotiation = cls.env["kam.negotiation"].create(
            {"name": "Rates", "tender_id": cls.tender.id, "user_id": cls.kam.id}
        )
        cls.negotiation.with_user(cls.kam).write({"walk_away_price": 80000.0, "target_price": 95000.0})

    def test_partner_from_the_subject(self):
        self.assertEqual(self.negotiation.partner_id, self.subsidiary)
        self.assertEqual(self.negotiation.key_account_id, self.group)

    def test_limits_visible_to_kam_and_managers_only(self):
        self.assertEqual(self.negotiation.with_user(self.kam).walk_away_price, 80000.0)
        self.assertEqual(self.negotiation.with_user(self.kam_manager).target_price, 95000.0)
        as_member = self.negotiation.with_user(self.team_member)
        self.assertEqual(as_member.name, "Rates", "the team member reads the negotiation")
        self.assertFalse(as_member.can_see_limits)
        self.assertEqual(as_member.walk_away_price, 0.0)
        self.assertEqual(as_member.read(["target_price"])[0]["target_price"], 0.0)
        with self.assertRaises(AccessError):
            as_member.read(["walk_away_amount"])
        with self.assertUserError("price limits", AccessError):
            as_member.write({"walk_away_price": 1.0})
        self.assertEqual(self.negotiation.sudo().walk_away_amount, 80000.0)
        with self.assertRaises(AccessError):
            self.negotiation.with_user(self.salesman).read(["name"])

    def test_rounds_price_walk_and_agreement(self):
        with Form(self.negotiation.with_user(self.kam)) as form:
            for day, offer, demand in ((20, 100000, 70000), (10, 92000, 85000)):
                with form.round_ids.new() as line:
                    line.date = self.today - timedelta(days=day)
                    line.our_offer = offer
                    line.their_demand = demand
        self.assertEqual(self.negotiation.round_count, 2)
        walk = self.env["kam.negotiation.price"].search([("negotiation_id", "=", self.negotiation.id)])
        self.assertEqual(len(walk), 4)
        self.assertEqual(
            sorted(walk.filtered(lambda row: row.side == "offer").mapped("amount")), [92000.0, 100000.0]
        )
        action = self.negotiation.action_view_price_walk()
        self.assertEqual(action["res_model"], "kam.negotiation.price")
        self.negotiation.action_agree()
        self.assertEqual(self.negotiation.state, "agreed")
        self.assertEqual(self.negotiation.agreement_amount, 92000.0)
        with self.assertUserError("in progress", UserError):
            self.negotiation.action_fail()

    def test_bad_input(self):
        with self.assertUserError("tender, a contract renewal or an opportunity"):
            self.env["kam.negotiation"].create({"name": "Nothing", "partner_id": self.group.id})
        with self.assertUserError("cannot be negative"):
            self.negotiation.round_ids = [fields.Command.create({"our_offer": -1.0})]
        with self.assertUserError("cannot be negative"):
            self.negotiation.agreement_amount = -5.0
