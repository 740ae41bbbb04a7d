from datetime import date

from odoo.tests import tagged

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
        year = (date(2030, 1, 1), date(2031, 1, 1))
        revenue = Measure._compute_measure("mice_revenue", self.client.ids, *year)
        self.assertAlmostEqual(revenue[self.client.id], confirmed.amount_untaxed)
        events = Measure._compute_measure("mice_events", self.client.ids, *year)
        self.assertEqual(events[self.client.id], 1, "only confirmed requests count")
        self.assertFalse(Measure._compute_measure("mice_events", self.client.ids, date(2031, 1, 1), None))

    def test_confirmed_requests_show_in_the_key_account_analysis(self):
        self.client.write({"is_key_account": True, "key_account_manager_id": self.mice_manager.id})
        confirmed = self._create_request(partner_id=self.client.id, contact_id=False)
        self._add_programme(confirmed)
        confirmed.action_build_quotation()
        confirmed.action_confirm()
        self._create_request(partner_id=self.client.id, contact_id=False)  # an inquiry does not count
        self.env.flush_all()
        [(amount, events)] = self.env["kam.account.report"]._read_group(
            [("key_account_id", "=", self.client.id), ("source", "=", "mice")],
            [],
            ["mice_amount:sum", "mice_event_count:sum"],
        )
        self.assertEqual(events, 1)
        self.assertAlmostEqual(amount, confirmed.order_id.amount_untaxed_company)
        self.assertGreater(amount, 0)
