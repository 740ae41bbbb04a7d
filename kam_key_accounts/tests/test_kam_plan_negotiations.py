import re
from datetime import date, datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestPlanNegotiations(KamCommon):
    """The plan of Groupe Aurore lists and counts the negotiations of its group, hand-computed:

    - in progress: "Rates" on a tender (rounds at 100,000 then 92,000: 92,000 at stake) and
      "Opportunity" without a round (0 at stake): 2 open, 92,000;
    - agreed this year at 50,000 (counted), agreed last year at 70,000 (before the plan), failed
      at 30,000, and one of another key account (none of them counted).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = cls.today.year
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "name": "Aurore",
                "partner_id": cls.group.id,
                "date_start": date(year, 1, 1),
                "date_end": date(year, 12, 31),
            }
        )
        tender_type = cls.env["kam.tender.type"].create({"name": "Plan negotiations"})
        cls.submission = datetime.combine(cls.today + timedelta(days=10), time(9, 0))
        tender = cls.env["kam.tender"].create(
            {
                "name": "Cleaning services",
                "partner_id": cls.subsidiary.id,
                "type_id": tender_type.id,
                "submission_deadline": cls.submission,
            }
        )
        Lead, Negotiation = cls.env["crm.lead"], cls.env["kam.negotiation"]

        def lead(name, partner, deadline=None):
            return Lead.create(
                {"name": name, "type": "opportunity", "partner_id": partner.id, "date_deadline": deadline}
            )

        cls.lead_deadline = cls.today + timedelta(days=40)
        cls.rates = Negotiation.create(
            {
                "name": "Rates",
                "tender_id": tender.id,
                "user_id": cls.kam_other.id,
                "round_ids": [
                    Command.create({"date": cls.today - timedelta(days=9), "our_offer": 100000.0}),
                    Command.create({"date": cls.today - timedelta(days=2), "our_offer": 92000.0}),
                ],
            }
        )
        cls.opportunity = Negotiation.create(
            {"name": "Opportunity", "lead_id": lead("Big deal", cls.sub_subsidiary, cls.lead_deadline).id}
        )
        cls.agreed = Negotiation.create(
            {
                "name": "Agreed this year",
                "lead_id": lead("Renewal", cls.group).id,
                "agreement_amount": 50000.0,
            }
        )
        cls.agreed.action_agree()  # dated today
        cls.agreed_before = Negotiation.create(
            {
                "name": "Agreed last year",
                "lead_id": lead("Old renewal", cls.group).id,
                "agreement_amount": 70000.0,
                "agreement_date": date(year - 1, 6, 1),
            }
        )
        cls.agreed_before.action_agree()
        cls.failed = Negotiation.create(
            {
                "name": "Failed",
                "lead_id": lead("Lost", cls.subsidiary).id,
                "round_ids": [Command.create({"date": cls.today, "our_offer": 30000.0})],
            }
        )
        cls.failed.action_fail()
        other_account = cls.env["res.partner"].create(
            {
                "name": "Groupe Borée",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam_other.id,
            }
        )
        Negotiation.create(
            {
                "name": "Elsewhere",
                "lead_id": lead("Elsewhere", other_account).id,
                "round_ids": [Command.create({"our_offer": 500000.0})],
            }
        )

    def assertFigures(self, plan, open_count, open_amount, agreed_count, agreed_amount):
        self.assertEqual(
            (
                plan.kam_negotiation_open_count,
                plan.kam_negotiation_open_amount,
                plan.kam_negotiation_agreed_count,
                plan.kam_negotiation_agreed_amount,
            ),
            (open_count, open_amount, agreed_count, agreed_amount),
        )

    def test_value_and_deadline_of_a_negotiation(self):
        self.assertEqual(self.rates.value_amount, 92000.0, "our offer of the last round")
        self.assertEqual(self.opportunity.value_amount, 0.0, "no round yet")
        self.assertEqual(self.agreed.value_amount, 50000.0, "the agreed price")
        self.assertEqual(self.failed.value_amount, 30000.0)
        self.assertEqual(self.rates.date_deadline, self.submission.date(), "the tender's submission")
        self.assertEqual(self.opportunity.date_deadline, self.lead_deadline, "the expected closing")

    def test_plan_counts_its_negotiations_as_the_kam_and_the_manager(self):
        for user in (self.kam, self.kam_manager):
            with self.subTest(user=user.name):
                plan = self.plan.with_user(user)
                self.assertFigures(plan, 2, 92000.0, 1, 50000.0)
                self.assertEqual(plan.kam_negotiation_open_count, 2)
                # in progress first, the nearest deadline first; then the concluded ones
                self.assertEqual(
                    plan.kam_negotiation_ids.mapped("name")[:2], ["Rates", "Opportunity"], user.name
                )
                self.assertEqual(
                    set(plan.kam_negotiation_ids.mapped("name")[2:]),
                    {"Agreed this year", "Agreed last year", "Failed"},
                )
        # a new round lowers our offer: the value at stake follows
        self.env["kam.negotiation.round"].create(
            {"negotiation_id": self.opportunity.id, "date": self.today, "our_offer": 8000.0}
        )
        self.plan.invalidate_recordset()
        self.assertFigures(self.plan.with_user(self.kam), 2, 100000.0, 1, 50000.0)
        self.rates.action_agree()
        self.plan.invalidate_recordset()
        self.assertFigures(self.plan.with_user(self.kam), 1, 8000.0, 2, 142000.0)

    def test_the_figures_are_the_plans_the_list_the_readers(self):
        """Bruno negotiates "Rates" only: the plan's figures are the same for him, and its list
        shows what he may open."""
        self.plan.user_id = self.kam_other  # a plan he holds on an account he does not manage
        plan = self.plan.with_user(self.kam_other)
        self.assertFigures(plan, 2, 92000.0, 1, 50000.0)
        self.assertEqual(plan.kam_negotiation_ids.mapped("name"), ["Rates"])

    def test_stat_button_opens_the_accounts_negotiations(self):
        action = self.plan.with_user(self.kam).action_open_kam_negotiations()
        self.assertEqual(action["res_model"], "kam.negotiation")
        found = self.env["kam.negotiation"].with_user(self.kam).search(action["domain"])
        self.assertEqual(len(found), 5)
        self.assertEqual(action["context"]["search_default_open"], 1)

    def test_printed_plan_lists_the_negotiations(self):
        self.env.flush_all()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "kam_key_accounts.kam_account_plan_report", self.plan.ids
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        self.assertIn("In progress: 2 ( $ 92,000.00 at stake)", text)
        self.assertIn("Agreed in the plan's period: 1 ( $ 50,000.00 )", text)
        self.assertIn("Rates Aurore France Cleaning services", text)
        self.assertIn("$ 92,000.00 In Progress", text)
        self.assertNotIn("Elsewhere", text)
