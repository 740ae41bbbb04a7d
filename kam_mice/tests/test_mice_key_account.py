from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import MiceCommon


@tagged("post_install", "-at_install")
class TestMiceKeyAccount(MiceCommon):
    def test_requests_follow_the_group_and_feed_the_plan_measures(self):
        subsidiary = self.env["res.partner"].create(
            {"name": "Acme Lyon", "is_company": True, "parent_id": self.client.id}
        )
        confirmed = self._create_request(partner_id=subsidiary.id, contact_id=False)
        self._add_programme(confirmed)
        confirmed.action_build_quotation()
        confirmed.action_confirm()
        self._create_request(partner_id=subsidiary.id, contact_id=False)  # still an inquiry
        self.assertFalse(confirmed.key_account_id)
        self.client.write({"is_key_account": True, "key_account_manager_id": self.mice_manager.id})
        self.assertEqual(confirmed.key_account_id, self.client, "the subsidiary's request joins the group")
        self.assertTrue(confirmed.is_key_account)
        self.assertEqual(confirmed.key_account_manager_id, self.mice_manager)

        Measure = self.env["kam.measure"]
        self.assertIn("mice_revenue", dict(Measure._selection_measure()))
        # the confirmed order of the request, dated and credited as the order (its confirmation),
        # not the event; a share of ordered revenue, never on top of it
        ordered_on = confirmed.order_id.date_order.date()
        year = Measure._year_bounds(ordered_on.year)
        revenue = Measure._compute_measures({"mice_revenue", "ordered_revenue"}, self.client.ids, *year)
        self.assertAlmostEqual(
            revenue[self.client.id]["mice_revenue"], confirmed.order_id.amount_untaxed_company
        )
        self.assertAlmostEqual(
            revenue[self.client.id]["ordered_revenue"], revenue[self.client.id]["mice_revenue"]
        )
        events = Measure._compute_measure("mice_events", self.client.ids, *year)
        self.assertEqual(events[self.client.id], 1, "only confirmed requests count")
        self.assertFalse(Measure._compute_measure("mice_events", self.client.ids, year[1], None))

    def test_confirmed_requests_show_in_the_key_account_analysis(self):
        self.client.write({"is_key_account": True, "key_account_manager_id": self.mice_manager.id})
        confirmed = self._create_request(partner_id=self.client.id, contact_id=False)
        self._add_programme(confirmed)
        confirmed.action_build_quotation()
        confirmed.action_confirm()
        self._create_request(partner_id=self.client.id, contact_id=False)  # an inquiry does not count
        self.env.flush_all()
        [(amount, events, ordered)] = self.env["kam.account.report"]._read_group(
            [("key_account_id", "=", self.client.id)],
            [],
            ["mice_amount:sum", "mice_event_count:sum", "ordered_amount:sum"],
        )
        self.assertEqual(events, 1)
        self.assertAlmostEqual(amount, confirmed.order_id.amount_untaxed_company)
        self.assertGreater(amount, 0)
        # the MICE order is part of ordered revenue: adding the two columns would count it twice
        self.assertAlmostEqual(ordered, amount)

    def test_options_about_to_expire_are_among_the_kams_deadlines(self):
        kam = new_test_user(
            self.env, "kam_mice_deadlines", groups="kam_key_accounts.group_kam_user,kam_mice.group_mice_user"
        )
        self.client.write({"is_key_account": True, "key_account_manager_id": kam.id})
        request = self._create_request(partner_id=self.client.id, contact_id=False)
        today = fields.Date.context_today(request)
        soon = self._book(
            request,
            self.ballroom,
            self._dt(10, 9),
            self._dt(10, 12),
            state="option",
            option_expiry=today + timedelta(days=5),
        )
        self._book(
            request,
            self.ballroom,
            self._dt(11, 9),
            self._dt(11, 12),
            state="option",
            option_expiry=today + timedelta(days=60),
        )
        deadlines = self.env["kam.dashboard"].with_user(kam).get_dashboard_data()["deadlines"]
        options = [d for d in deadlines if d["model"] == "mice.booking"]
        self.assertEqual([d["id"] for d in options], [soon.id])
        self.assertEqual(options[0]["date"], fields.Date.to_string(today + timedelta(days=5)))

    def test_the_clients_rating_of_an_event_counts_in_the_accounts_health(self):
        self.client.write({"is_key_account": True, "key_account_manager_id": self.mice_manager.id})
        today = fields.Date.today()
        plan = self.env["kam.account.plan"].create(
            {
                "name": "Acme plan",
                "partner_id": self.client.id,
                "date_start": today.replace(month=1, day=1),
                "date_end": today.replace(month=12, day=31),
            }
        )

        def others():
            """The plan's other factors, weighted as kam_key_accounts and its escalations weigh them."""
            return (
                20 * plan.health_completeness
                + 15 * plan.health_roles
                + 15 * plan.health_actions
                + 25 * plan.health_objectives
                + 15 * plan.health_recency
                + 10 * plan.health_invoices
                + 10 * plan.health_escalations
            )

        before = plan.health_score
        self.assertEqual(before, round(100 * others() / 110), "no event rated: the factor weighs nothing")
        past = today - timedelta(days=20)
        events = self.env["mice.request"]
        for _n in range(2):
            event = self._create_request(
                partner_id=self.client.id,
                contact_id=False,
                date_start=past,
                date_end=past + timedelta(days=1),
            )
            self._add_programme(event)
            event.action_build_quotation()
            event.action_confirm()
            events |= event
        events[0].satisfaction = "1"
        plan.invalidate_recordset()
        self.assertEqual(plan.health_satisfaction, 0.0)
        self.assertEqual(plan.health_score, round(100 * others() / 120))
        self.assertLess(plan.health_score, before)
        events[1].satisfaction = "5"
        plan.invalidate_recordset()
        self.assertEqual(plan.health_satisfaction, 0.5, "(0 + 1) / 2")
        self.assertEqual(plan.health_score, round(100 * (others() + 5) / 120))

    def test_only_a_confirmed_event_that_took_place_is_rated(self):
        future = self._create_request()  # March 2030
        with self.assertRaisesRegex(ValidationError, "once it has taken place"):
            future.satisfaction = "5"
        past = self._create_request(
            date_start=fields.Date.today() - timedelta(days=3),
            date_end=fields.Date.today() - timedelta(days=2),
        )
        with self.assertRaisesRegex(ValidationError, "rates a confirmed event"):
            past.satisfaction = "3"
