from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamDashboard(KamCommon):
    def _add_accounts(self, count, start):
        """``count`` key accounts of the KAM, each with an active plan, an overdue action and an order."""
        Partner, Plan = self.env["res.partner"], self.env["kam.account.plan"]
        for index in range(start, start + count):
            account = Partner.create(
                {
                    "name": f"Compte {index}",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
            )
            plan = Plan.create(
                {
                    "name": f"Plan {index}",
                    "partner_id": account.id,
                    "date_start": self.this_year,
                    "date_end": self.this_year.replace(month=12, day=31),
                    "objective_ids": [(0, 0, {"year": self.today.year, "target": 1000})],
                    "action_ids": [
                        (0, 0, {"name": f"Action {index}", "date_deadline": self.today - timedelta(days=3)})
                    ],
                }
            )
            plan.write({"state": "active"})
            self._order(account, 100.0 * (index + 1))
        self.env["kam.objective"].create(
            {"user_id": self.kam.id, "year": self.today.year - 1 - start, "target": 1000}
        )

    def _load(self, user):
        self.env.invalidate_all()
        dashboard = self.env["kam.dashboard"].with_user(user)
        before = self.env.cr.sql_log_count
        data = dashboard.get_dashboard_data()
        return data, self.env.cr.sql_log_count - before

    def _sections(self, user):
        """Queries per section, to say which one grows when the total does."""
        Dashboard = self.env["kam.dashboard"].with_user(user)
        today = self.today
        accounts = (
            self.env["res.partner"]
            .with_user(user)
            .search([("is_key_account", "=", True), ("key_account_manager_id", "=", user.id)])
        )
        counts = {}
        for name, call in (
            ("accounts", lambda: Dashboard._accounts_by_health(accounts)),
            ("figures", lambda: Dashboard._figures(today)),
            ("overdue", lambda: Dashboard._overdue_actions(today)),
            ("deadlines", lambda: Dashboard._deadlines(today)),
            ("objectives", lambda: Dashboard._objectives(today)),
            ("team", lambda: Dashboard._team(today)),
        ):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            call()
            counts[name] = self.env.cr.sql_log_count - before
        return counts

    def test_figures_of_the_kam(self):
        self._add_accounts(3, 0)
        self.env["kam.objective"].create({"user_id": self.kam.id, "year": self.today.year, "target": 1200})
        data, _queries = self._load(self.kam)
        self.assertEqual(data["figures"]["ordered"], 100 + 200 + 300)
        self.assertEqual(data["overdue_actions"]["count"], 3)
        bands = {band["key"]: band["count"] for band in data["accounts"]}
        self.assertEqual(sum(bands.values()), 4)  # the three accounts and Groupe Aurore
        self.assertEqual(bands["none"], 1)
        self.assertEqual([o["actual"] for o in data["objectives"] if o["target"] == 1200], [600.0])
        self.assertFalse(data["is_manager"])
        self.assertNotIn("team", data)
        manager_data, _queries = self._load(self.kam_manager)
        rows = self.env["kam.account.report"].search(
            [("date", ">=", self.this_year), ("date", "<=", self.today)]
        )
        everyone = sum(rows.mapped("ordered_amount"))
        self.assertGreater(everyone, 600, "the demo data adds other key accounts")
        self.assertAlmostEqual(
            manager_data["figures"]["ordered"], everyone, msg="a manager sees every key account"
        )
        self.assertEqual([o["is_amount"] for o in data["objectives"]], [True])
        team = {row["id"]: row for row in manager_data["team"]}
        self.assertEqual(team[self.kam.id]["accounts"], 4)
        self.assertEqual(team[self.kam.id]["ordered"], 600)
        self.assertEqual(team[self.kam.id]["achievement"], 50.0)

    def test_query_count_does_not_grow_with_the_data(self):
        self._add_accounts(2, 0)
        # warm the caches that are not per request (ir.rule, ir.model.access), then measure
        self._load(self.kam)
        self._load(self.kam_manager)
        _data, few = self._load(self.kam)
        _data, manager_few = self._load(self.kam_manager)
        sections = self._sections(self.kam)
        self._add_accounts(12, 2)
        self._load(self.kam)  # the same warm-up
        self._load(self.kam_manager)
        data, many = self._load(self.kam)
        _data, manager_many = self._load(self.kam_manager)
        self.assertEqual(data["overdue_actions"]["count"], 14)
        self.assertEqual(few, many, (sections, self._sections(self.kam)))
        self.assertEqual(manager_few, manager_many)


@tagged("post_install", "-at_install")
class TestKamDashboardTour(HttpCase):
    def test_dashboard_as_kam_and_as_manager(self):
        kam = self.env["res.users"].create(
            {
                "name": "Tour KAM",
                "login": "tour_kam",
                "password": "tour_kam_pw",
                "groups_id": [(6, 0, [self.env.ref("kam_key_accounts.group_kam_user").id])],
            }
        )
        self.env["res.partner"].create(
            {
                "name": "Tour Dashboard SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": kam.id,
            }
        )
        self.start_tour(
            "/odoo/action-kam_key_accounts.kam_dashboard_action", "kam_dashboard_kam_tour", login="tour_kam"
        )
        self.start_tour(
            "/odoo/action-kam_key_accounts.kam_dashboard_action", "kam_dashboard_manager_tour", login="admin"
        )
