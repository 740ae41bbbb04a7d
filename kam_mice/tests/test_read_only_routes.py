"""What a KAM and a manager read is served by a read-only transaction, as on a replica.

Odoo 18 sends the web client's reads (``@api.readonly`` methods) to ``db_replica_host``; in tests
it runs them in a ``READ ONLY`` transaction instead, which refuses any write as a hot standby
does. A read that tried to write would be served again on a read/write cursor, and odoo.http
logs a warning when it does: none may appear. (tests/test_cluster.py runs the same reads on a
real streaming replica.)
"""

from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .web_client import WebClient

RETRY = "retrying with a read/write cursor"


@tagged("post_install", "-at_install")
class TestReadOnlyRoutes(HttpCase, WebClient):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.kam = new_test_user(
            env,
            "replica_kam",
            groups="kam_key_accounts.group_kam_user,kam_mice.group_mice_user",
            name="Rita KAM",
        )
        cls.manager = new_test_user(
            env,
            "replica_manager",
            groups="kam_key_accounts.group_kam_manager,kam_mice.group_mice_manager",
            name="Ravi Manager",
        )
        cls.account = env["res.partner"].create(
            {
                "name": "Replica Industries",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam.id,
            }
        )
        product = env["product.product"].create(
            {"name": "Audit day", "type": "service", "list_price": 1000.0, "taxes_id": [Command.clear()]}
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "user_id": cls.kam.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 7})],
            }
        )
        cls.order.action_confirm()
        today = fields.Date.context_today(cls.account)
        cls.plan = env["kam.account.plan"].create(
            {
                "name": "Replica plan",
                "partner_id": cls.account.id,
                "objective_ids": [Command.create({"year": today.year, "target": 10000})],
            }
        )
        venue = env["mice.venue"].create({"name": "Replica Hall"})
        space = env["mice.space"].create({"name": "Room R", "venue_id": venue.id, "capacity_theatre": 50})
        request = env["mice.request"].create(
            {
                "title": "Replica seminar",
                "date_start": today,
                "date_end": today,
                "attendees_expected": 20,
                "partner_id": cls.account.id,
                "user_id": cls.kam.id,
                "event_type_id": env.ref("kam_mice.mice_event_type_meeting").id,
            }
        )
        start = datetime.combine(today, datetime.min.time()) + timedelta(hours=9)
        env["mice.booking"].create(
            {
                "request_id": request.id,
                "space_id": space.id,
                "date_start": start,
                "date_end": start + timedelta(hours=3),
                "attendees": 20,
                "layout": "theatre",
                "option_rank": "1",
                "option_expiry": today,
            }
        )
        cls.today = today

    def _reads(self, user):
        """The reads of ``user``'s screens, as the web client makes them; their results by name."""
        week = datetime.combine(self.today, datetime.min.time()) - timedelta(days=self.today.weekday())
        calls = {
            "dashboard": ("kam.dashboard", "get_dashboard_data", [], {}),
            "analysis": (
                "kam.account.report",
                "web_read_group",
                [],
                {"domain": [], "fields": ["ordered_amount:sum"], "groupby": ["key_account_id"]},
            ),
            "candidates": (
                "kam.candidate",
                "web_search_read",
                [],
                {"domain": [], "specification": {"partner_id": {}}, "limit": 20},
            ),
            "key accounts": (
                "res.partner",
                "web_search_read",
                [],
                {
                    "domain": [("is_key_account", "=", True)],
                    "specification": {"name": {}, "kam_revenue_ordered_this_year": {}},
                },
            ),
            "plan": (
                "kam.account.plan",
                "web_read",
                [[self.plan.id]],
                {
                    "specification": {
                        "name": {},
                        "objective_ids": {"fields": {"actual": {}, "achievement": {}}},
                    }
                },
            ),
            "objectives": (
                "kam.plan.objective",
                "web_search_read",
                [],
                {"domain": [], "specification": {"actual": {}, "target": {}}},
            ),
            "diary": (
                "mice.booking",
                "get_diary_data",
                [fields.Datetime.to_string(week), fields.Datetime.to_string(week + timedelta(days=7)), []],
                {},
            ),
        }
        if not user.has_group("kam_key_accounts.group_kam_manager"):
            del calls["candidates"]  # a manager's list
        results = {}
        for name, (model, method, args, kwargs) in calls.items():
            answer = self._call(model, method, *args, **kwargs)
            self.assertNotIn(
                "error", answer, f"{name}: {answer.get('error', {}).get('data', {}).get('message')}"
            )
            results[name] = answer["result"]
        return results

    def test_kam_and_manager_reads_write_nothing(self):
        for user in (self.kam, self.manager):
            with self.subTest(user=user.login), self.assertNoLogs("odoo.http", "WARNING"):
                self._login(user.login)
                results = self._reads(user)
            analysis = {
                group["key_account_id"][0]: group["ordered_amount"] for group in results["analysis"]["groups"]
            }
            self.assertEqual(analysis.get(self.account.id), 7000.0)
            plan_objective = results["plan"][0]["objective_ids"][0]
            self.assertEqual(plan_objective["actual"], 7000.0)
            self.assertTrue(results["diary"]["bookings"], "the day's booking is in the diary")

    def test_ledger_changed_in_sql_is_rewritten_on_a_read_write_cursor(self):
        """A change made in SQL (no ORM precommit) leaves documents to rewrite: the replica cannot,
        so the read is served on a read/write cursor, with the new figure, not the old one."""
        self._login(self.kam.login)
        self.env.cr.execute(
            "UPDATE sale_order SET amount_untaxed_company = 9000 WHERE id = %s", [self.order.id]
        )
        with self.assertLogs("odoo.http", "WARNING") as logs:
            answer = self._call(
                "kam.account.report",
                "web_read_group",
                domain=[("key_account_id", "=", self.account.id)],
                fields=["ordered_amount:sum"],
                groupby=["key_account_id"],
            )
        self.assertIn("The figures ledger has changed documents to rewrite", logs.output[0])
        self.assertIn(RETRY, logs.output[0])
        self.assertEqual(answer["result"]["groups"][0]["ordered_amount"], 9000.0)
