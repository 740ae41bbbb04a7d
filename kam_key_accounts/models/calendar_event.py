import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date, is_html_empty

# Writing one of these can make a meeting a held business review with an outcome.
REVIEW_CLOSING_FIELDS = {
    "kam_plan_id",
    "kam_review_outcome",
    "start",
    "stop",
    "start_date",
    "stop_date",
    "allday",
}


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ["calendar.event", "kam.workflow.mixin"]

    kam_plan_id = fields.Many2one(
        "kam.account.plan", string="Account Plan", index="btree_not_null", ondelete="set null"
    )
    kam_review_outcome = fields.Html(string="Review Outcome", help="What the business review decided.")
    # Reviews close their loop (issue 17)
    kam_review_done = fields.Boolean(
        string="Review Closed",
        readonly=True,
        copy=False,
        help="The review took place and its outcome was recorded: the key account's last review date, "
        "the chatter of the plan and of the account and the next review's activity followed from it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._kam_close_reviews()
        return events

    def write(self, vals):
        result = super().write(vals)
        if REVIEW_CLOSING_FIELDS.intersection(vals):
            self._kam_close_reviews()
        return result

    def _workflow_fields(self):
        # a review is closed once, by _kam_close_reviews, never by hand
        return {"kam_review_done"}

    def _workflow_state_field(self):
        return "kam_review_done"

    @api.model
    def _cron_kam_close_reviews(self):
        """The reviews whose outcome was written before the meeting ended close once it has ended."""
        self.search(
            [
                ("kam_plan_id", "!=", False),
                ("kam_review_done", "=", False),
                ("kam_review_outcome", "!=", False),
                ("stop", "<", fields.Datetime.now()),
            ]
        )._kam_close_reviews()

    def _kam_closable_reviews(self):
        now = fields.Datetime.now()
        return self.filtered(
            lambda event: event.kam_plan_id
            and not event.kam_review_done
            and event.stop
            and event.stop < now
            and not is_html_empty(event.kam_review_outcome)
        )

    def _kam_review_day(self):
        """The review's day where it was held: the organizer's calendar day."""
        self.ensure_one()
        if self.allday:
            return self.start_date
        timezone = pytz.timezone(self.user_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(self.start).astimezone(timezone).date()

    def _kam_close_reviews(self):
        """Close the loop of the business reviews among these meetings that took place and carry an
        outcome, once each: the key account's last review date moves forward to the review's day,
        the outcome is logged on the plan and on the account, and the KAM gets an activity for the
        next review, due on the account's new next review date.

        Called where the meeting was written (create, write) and by the daily cron; whoever may
        write the meeting closes its review.
        """
        reviews = self._kam_closable_reviews()
        if not reviews:
            return
        reviews._workflow_write({"kam_review_done": True})
        # sudo: the review's consequences follow from a meeting the user was allowed to write; the
        # key-account settings guard (res.partner write) is for hand edits, and a review's attendee
        # may not read the plan or write the account
        reviews = reviews.sudo()
        review_days = {}
        for account, account_reviews in reviews.grouped(lambda review: review.kam_plan_id.partner_id).items():
            review_days[account] = max(review._kam_review_day() for review in account_reviews)
        accounts = reviews.kam_plan_id.partner_id
        moved = accounts.filtered(
            lambda account: not account.kam_last_review_date
            or account.kam_last_review_date < review_days[account]
        )
        # never backwards; one write per review day, not one per account
        for day, day_accounts in moved.grouped(lambda account: review_days[account]).items():
            day_accounts.write({"kam_last_review_date": day})
        reviews._kam_log_outcomes()
        reviews._kam_propose_next_reviews(accounts)

    def _kam_log_outcomes(self):
        """One note per review on its plan and on its key account, headed in the KAM's language."""
        plan_bodies, account_bodies = {}, {}
        for review in self:
            plan = review.kam_plan_id
            lang = (plan.user_id or plan.partner_id.key_account_manager_id).lang or self.env.lang
            header = self.with_context(lang=lang).env._(
                "Business review of %(date)s: %(meeting)s",
                date=format_date(self.env, review._kam_review_day(), lang_code=lang),
                meeting=review.name,
            )
            body = Markup("<p><strong>%s</strong></p>%s") % (header, review.kam_review_outcome)
            # two reviews of a plan closed at once share its note
            plan_bodies[plan.id] = plan_bodies.get(plan.id, Markup()) + body
            account_bodies[plan.partner_id.id] = account_bodies.get(plan.partner_id.id, Markup()) + body
        self.kam_plan_id._message_log_batch(plan_bodies, message_type="comment")
        self.kam_plan_id.partner_id._message_log_batch(account_bodies, message_type="comment")

    def _kam_propose_next_reviews(self, accounts):
        """The KAM's activity for the next review of these accounts, due on their next review date:
        an open one moves to the new date rather than being duplicated."""
        activity_type = self.env.ref(
            "kam_key_accounts.mail_act_kam_business_review", raise_if_not_found=False
        )
        accounts = accounts.filtered("kam_next_review_date")
        if not activity_type or not accounts:
            return
        Activity = self.env["mail.activity"]
        open_activities = Activity.search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", accounts.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        proposed = set(open_activities.mapped("res_id"))
        moved = open_activities.filtered(
            lambda activity: activity.date_deadline != accounts.browse(activity.res_id).kam_next_review_date
        )
        for deadline, activities in moved.grouped(
            lambda activity: accounts.browse(activity.res_id).kam_next_review_date
        ).items():
            activities.write({"date_deadline": deadline})
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        Activity.create(
            [
                {
                    "res_model_id": partner_model_id,
                    "res_id": account.id,
                    "activity_type_id": activity_type.id,
                    "user_id": account.key_account_manager_id.id,
                    "date_deadline": account.kam_next_review_date,
                }
                for account in accounts
                if account.id not in proposed
            ]
        )
