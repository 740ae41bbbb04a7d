from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTier(models.Model):
    """A key-account tier (Strategic, Key, Development...): how close and how often we review."""

    _name = "kam.tier"
    _inherit = ["kam.checked.mixin"]
    _description = "Key Account Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer(help="Colour of the tier on kanban cards and tags.")
    review_frequency_months = fields.Integer(
        string="Review Every (Months)",
        default=3,
        help="How often the account is reviewed; sets the next review date of its key accounts.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the tier between companies."
    )
    active = fields.Boolean(default=True)
    # the service level: how fast we answer the escalations of the tier's accounts
    escalation_response_hours = fields.Integer(
        string="Escalation Response (Hours)",
        default=48,
        help="Time to answer an escalation of the tier's key accounts; halved for critical ones.",
    )

    _sql_constraints = [
        (
            "review_frequency_positive",
            "CHECK(review_frequency_months > 0)",
            "The review frequency of a tier must be at least one month.",
        ),
        (
            "escalation_response_hours_positive",
            "CHECK(escalation_response_hours > 0)",
            "The escalation response time of a tier must be at least one hour.",
        ),
    ]

    @api.constrains("review_frequency_months")
    def _check_review_frequency_months(self):
        for tier in self:
            if tier.review_frequency_months <= 0:
                raise ValidationError(
                    self.env._("The review frequency of a tier must be at least one month.")
                )

    def _checks_before_sql(self):
        return ("_check_review_frequency_months", "_check_escalation_response_hours")

    @api.constrains("escalation_response_hours")
    def _check_escalation_response_hours(self):
        if any(tier.escalation_response_hours <= 0 for tier in self):
            raise ValidationError(
                self.env._("The escalation response time of a tier must be at least one hour.")
            )
