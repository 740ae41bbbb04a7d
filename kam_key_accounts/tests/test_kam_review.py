from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_account_plan import PlanCommon


@tagged("post_install", "-at_install")
class TestBusinessReviewLoop(PlanCommon):
    """A business review held with an outcome updates the account, logs it, proposes the next one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # strategic: reviewed every 3 months
        cls.group.write(
            {
                "kam_tier_id": cls.env.ref("kam_key_accounts.kam_tier_strategic").id,
                "kam_last_review_date": date(2024, 5, 2),
            }
        )
        (cls.kam | cls.kam_other).write({"tz": "Europe/Paris"})
        cls.review_type = cls.env.ref("kam_key_accounts.mail_act_kam_business_review")

    def _review(self, start, user=None, outcome=False):
        """A two-hour business review of the plan, organised by ``user`` (the KAM by default)."""
        user = user or self.kam
        return (
            self.env["calendar.event"]
            .with_user(user)
            .create(
                {
                    "name": "QBR Aurore",
                    "kam_plan_id": self.plan.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "user_id": user.id,
                    "partner_ids": [(6, 0, user.partner_id.ids)],
                    "kam_review_outcome": outcome,
                }
            )
        )

    def _review_notes(self, record):
        return record.message_ids.filtered(lambda message: "Business review of" in message.body)

    def _review_activities(self):
        return self.group.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.review_type
        )

    def test_outcome_written_after_the_meeting_closes_the_review(self):
        # 2024-11-18 08:30 UTC is 09:30 in Paris: the review's day is November 18
        review = self._review(datetime(2024, 11, 18, 8, 30))
        self.assertFalse(review.kam_review_done, "no outcome yet")
        self.assertEqual(self.group.kam_last_review_date, date(2024, 5, 2))

        review.with_user(self.kam).write(
            {"kam_review_outcome": "<p>Renouvellement du contrat-cadre validé.</p>"}
        )

        self.assertTrue(review.kam_review_done)
        self.assertEqual(self.group.kam_last_review_date, date(2024, 11, 18))
        # 2024-11-18 + 3 months
        self.assertEqual(self.group.kam_next_review_date, date(2025, 2, 18))
        for record in (self.plan, self.group):
            notes = self._review_notes(record)
            self.assertEqual(len(notes), 1, record.display_name)
            self.assertIn("Business review of 11/18/2024: QBR Aurore", notes.body)
            self.assertIn("Renouvellement du contrat-cadre validé.", notes.body)
            self.assertEqual(notes.author_id, self.kam.partner_id)
        activity = self._review_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam)
        self.assertEqual(activity.date_deadline, date(2025, 2, 18))

    def test_a_review_closes_once(self):
        review = self._review(datetime(2024, 11, 18, 8, 30), outcome="<p>Objectifs confirmés.</p>")
        self.assertTrue(review.kam_review_done)
        review.with_user(self.kam).write({"kam_review_outcome": "<p>Objectifs confirmés, compte rendu.</p>"})
        self.env["calendar.event"]._cron_kam_close_reviews()
        review._kam_close_reviews()
        self.assertEqual(len(self._review_notes(self.plan)), 1)
        self.assertEqual(len(self._review_notes(self.group)), 1)
        self.assertEqual(len(self._review_activities()), 1)
        self.assertEqual(self.group.kam_last_review_date, date(2024, 11, 18))

    def test_meeting_ending_after_its_outcome_closes_by_the_cron(self):
        # the KAM writes the outcome during the meeting (10:00 UTC, it ends at 10:30)
        with freeze_time("2024-11-18 10:00:00"):
            review = self._review(datetime(2024, 11, 18, 8, 30), outcome="<p>Plan d'action validé.</p>")
            self.env["calendar.event"]._cron_kam_close_reviews()
            self.assertFalse(review.kam_review_done, "the meeting has not ended")
            self.assertEqual(self.group.kam_last_review_date, date(2024, 5, 2))
            self.assertFalse(self._review_activities())
        # the next day's cron
        self.env["calendar.event"]._cron_kam_close_reviews()
        self.assertTrue(review.kam_review_done)
        self.assertEqual(self.group.kam_last_review_date, date(2024, 11, 18))
        self.assertEqual(self._review_activities().date_deadline, date(2025, 2, 18))

    def test_empty_outcome_or_future_meeting_does_not_close(self):
        past = self._review(datetime(2024, 11, 18, 8, 30), outcome="<p><br></p>")
        future = self._review(datetime.now() + timedelta(days=2), outcome="<p>Préparé à l'avance.</p>")
        self.env["calendar.event"]._cron_kam_close_reviews()
        self.assertFalse(past.kam_review_done)
        self.assertFalse(future.kam_review_done)
        self.assertEqual(self.group.kam_last_review_date, date(2024, 5, 2))
        self.assertFalse(self._review_notes(self.plan))

    def test_last_review_never_moves_backwards(self):
        self.group.kam_last_review_date = date(2025, 1, 10)
        review = self._review(datetime(2024, 11, 18, 8, 30), outcome="<p>Revue rattrapée.</p>")
        self.assertTrue(review.kam_review_done)
        self.assertEqual(self.group.kam_last_review_date, date(2025, 1, 10))
        self.assertEqual(len(self._review_notes(self.group)), 1, "the outcome is logged all the same")
        # 2025-01-10 + 3 months
        self.assertEqual(self._review_activities().date_deadline, date(2025, 4, 10))

    def test_open_proposal_moves_instead_of_duplicating(self):
        self._review(datetime(2024, 11, 18, 8, 30), outcome="<p>Première revue.</p>")
        self.assertEqual(self._review_activities().date_deadline, date(2025, 2, 18))
        # held early, before the proposed date: the same activity moves to 2025-01-06 + 3 months
        self._review(datetime(2025, 1, 6, 14, 0), outcome="<p>Revue avancée.</p>")
        activity = self._review_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2025, 4, 6))
        self.assertEqual(self.group.kam_last_review_date, date(2025, 1, 6))
        self.assertEqual(len(self._review_notes(self.plan)), 2, "one note per review")

    def test_reviewed_account_is_no_longer_overdue(self):
        self.assertTrue(self.group.kam_review_overdue)
        start = datetime.combine(self.today - timedelta(days=3), datetime.min.time()).replace(hour=9)
        self._review(start, outcome="<p>Revue du trimestre.</p>")
        self.assertEqual(self.group.kam_last_review_date, self.today - timedelta(days=3))
        self.assertFalse(self.group.kam_review_overdue)
        overdue = self.env["res.partner"].search([("kam_review_overdue", "=", True)])
        self.assertNotIn(self.group, overdue)

    def test_whoever_may_write_the_meeting_closes_it(self):
        # Bruno is a KAM, not this account's: he may not set its last review by hand...
        with self.assertRaises(AccessError):
            self.group.with_user(self.kam_other).write({"kam_last_review_date": date(2024, 11, 18)})
        # ...but the review he organised and wrote up updates it
        review = self._review(datetime(2024, 11, 18, 8, 30), user=self.kam_other)
        review.with_user(self.kam_other).write({"kam_review_outcome": "<p>Relais pris par Bruno.</p>"})
        self.assertTrue(review.kam_review_done)
        self.assertEqual(self.group.kam_last_review_date, date(2024, 11, 18))
        self.assertEqual(self._review_notes(self.plan).author_id, self.kam_other.partner_id)
        # the proposal goes to the account's KAM
        self.assertEqual(self._review_activities().user_id, self.kam)

    def test_review_done_is_not_written_by_hand(self):
        review = self._review(datetime(2024, 11, 18, 8, 30))
        with self.assertRaises(UserError):
            review.with_user(self.kam).write({"kam_review_done": True})
        self.assertFalse(review.kam_review_done)
