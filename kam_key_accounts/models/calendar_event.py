from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    kam_plan_id = fields.Many2one(
        "kam.account.plan", string="Account Plan", index="btree_not_null", ondelete="set null"
    )
    kam_review_outcome = fields.Html(string="Review Outcome", help="What the business review decided.")
