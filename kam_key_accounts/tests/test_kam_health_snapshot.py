from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_account_plan import PlanCommon

# A bare plan scores only "no overdue invoice" and "no escalation": 10 + 10 out of 110.
BARE_SCORE = round(100 * (10 + 10) / 110)  # 18
# With its context and strategy written, completeness is 2 parts of 7 (weight 20).
CONTEXT_SCORE = round(100 * (20 * 2 / 7 + 10 + 10) / 110)  # 23


@tagged("post_install", "-at_install")
class TestHealthHistory(PlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_group = Partner.create({"name": "Groupe Boréal", "is_company": True})
        cls.other_group.write({"is_key_account": True, "key_account_manager_id": cls.kam_other.id})
        cls.other_plan = cls.env["kam.account.plan"].create(
            {"name": "Boréal", "partner_id": cls.other_group.id, "date_start": date(cls.year, 1, 1)}
        )
        for plan in (cls.plan, cls.other_plan):
            plan.action_submit()
            plan.with_user(cls.kam_manager).action_approve()
            plan.action_activate()
        cls.draft_group = Partner.create({"name": "Groupe Cassiopée", "is_company": True})
        cls.draft_group.write({"is_key_account": True, "key_account_manager_id": cls.kam.id})
        cls.env["kam.account.plan"].create(
            {"name": "Cassiopée", "partner_id": cls.draft_group.id, "date_start": date(cls.year, 1, 1)}
        )
        cls.Snapshot = cls.env["kam.health.snapshot"]
        cls.utc_today = fields.Date.today()

    def _snapshot(self, account, days_ago, score, plan=None):
        return self.Snapshot.create(
            {
                "partner_id": account.id,
                "plan_id": (plan or self.plan).id,
                "user_id": account.key_account_manager_id.id,
                "company_id": self.company.id,
                "date": self.today - timedelta(days=days_ago),
                "score": score,
            }
        )

    def _today_rows(self):
        return self.Snapshot.search(
            [("partner_id", "in", (self.group | self.other_group | self.draft_group).ids)]
        ).filtered(lambda snapshot: snapshot.date == self.utc_today)

    def test_cron_records_one_row_per_account_and_day(self):
        self.assertEqual(self.plan.health_score, BARE_SCORE)
        self.Snapshot._cron_record()
        self.Snapshot._cron_record()
        rows = self._today_rows()
        self.assertEqual(rows.partner_id, self.group | self.other_group, "no row without an active plan")
        mine = rows.filtered(lambda snapshot: snapshot.partner_id == self.group)
        self.assertEqual(len(mine), 1)
        self.assertEqual(
            (mine.score, mine.plan_id, mine.user_id, mine.company_id),
            (BARE_SCORE, self.plan, self.kam, self.company),
        )
        # the plan improves the same day: the day's row follows, still one
        self.plan.write(
            {"market_context": "<p>Transition énergétique</p>", "client_strategy": "<p>Coûts</p>"}
        )
        self.Snapshot._cron_record()
        mine = self._today_rows().filtered(lambda snapshot: snapshot.partner_id == self.group)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.score, CONTEXT_SCORE)

    def test_the_database_keeps_one_row_per_account_and_day(self):
        self._snapshot(self.group, 3, 50)
        self.assertRefusedBeforeSql(
            lambda: self._snapshot(self.group, 3, 60), "A key account has one health score a day."
        )

    def test_trend_against_the_score_of_a_month_ago(self):
        self.assertEqual(self.group.kam_health_score, BARE_SCORE)
        self.assertFalse(self.group.kam_health_trend_direction, "no history yet")
        self._snapshot(self.group, 20, 30)  # too recent to compare with
        self.assertFalse(self.group.kam_health_trend_direction)
        self._snapshot(self.group, 40, 10)
        self._snapshot(self.group, 35, 12)
        self.group.invalidate_recordset(["kam_health_trend", "kam_health_trend_direction"])
        # 18 now against 12 thirty-five days ago
        self.assertEqual((self.group.kam_health_trend, self.group.kam_health_trend_direction), (6, "up"))
        month_ago = self._snapshot(self.group, 30, 25)
        self.group.invalidate_recordset(["kam_health_trend", "kam_health_trend_direction"])
        # 18 now against 25 thirty days ago
        self.assertEqual((self.group.kam_health_trend, self.group.kam_health_trend_direction), (-7, "down"))
        month_ago.score = BARE_SCORE
        self.group.invalidate_recordset(["kam_health_trend", "kam_health_trend_direction"])
        self.assertEqual((self.group.kam_health_trend, self.group.kam_health_trend_direction), (0, "flat"))
        # an account without an active plan has no score now, hence no trend
        self._snapshot(self.draft_group, 40, 55)
        self.assertFalse(self.draft_group.kam_health_trend_direction)

    def test_reading_the_trend_writes_nothing(self):
        self._snapshot(self.group, 35, 12)
        before = self.Snapshot.search_count([])
        self.group.with_user(self.kam).read(
            ["kam_health_score", "kam_health_trend", "kam_health_trend_direction"]
        )
        self.plan.with_user(self.kam).read(["health_score"])
        self.assertEqual(self.Snapshot.search_count([]), before)

    def test_record_score_action(self):
        self.plan.with_user(self.kam).action_record_health()
        self.assertEqual(self._today_rows().partner_id, self.group)
        self.assertEqual(self._today_rows().score, BARE_SCORE)
        # the account's KAM only (and managers)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.kam_other).action_record_health()
        draft_plan = self.draft_group.kam_plan_ids
        with self.assertUserError("this step is not possible now", UserError):
            draft_plan.with_user(self.kam).action_record_health()

    def test_kam_reads_the_history_of_his_accounts_only(self):
        mine = self._snapshot(self.group, 35, 12)
        theirs = self._snapshot(self.other_group, 35, 70, plan=self.other_plan)
        Snapshot = self.Snapshot.with_user(self.kam)
        self.assertEqual(Snapshot.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            Snapshot.browse(theirs.id).read(["score"])
        # nobody writes the history by hand
        for user in (self.kam, self.kam_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Snapshot.with_user(user).create(
                    {
                        "partner_id": self.group.id,
                        "company_id": self.company.id,
                        "date": date(2024, 1, 1),
                        "score": 99,
                    }
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                mine.with_user(user).write({"score": 99})
        # a manager reads the whole portfolio's
        self.assertEqual(
            self.Snapshot.with_user(self.kam_manager).search([("id", "in", (mine | theirs).ids)]),
            mine | theirs,
        )
        # another KAM sees no trend on an account he does not manage
        self.assertFalse(self.group.with_user(self.kam_other).kam_health_trend_direction)
        self.assertEqual(self.group.with_user(self.kam).kam_health_trend_direction, "up")
