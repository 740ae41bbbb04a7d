from datetime import timedelta

from odoo import fields
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
