from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTier(models.Model):
    """The service level of a tier: how fast we answer its escalations."""

    _inherit = "kam.tier"  # pylint: disable=consider-merging-classes-inherited

    escalation_response_hours = fields.Integer(
        string="Escalation Response (Hours)",
        default=48,
        help="Time to answer an escalation of the tier's key accounts; halved for critical ones.",
    )

    _sql_constraints = [
        (
            "escalation_response_hours_positive",
            "CHECK(escalation_response_hours > 0)",
            "The escalation response time of a tier must be at least one hour.",
        ),
    ]

    def _checks_before_sql(self):
        return (*super()._checks_before_sql(), "_check_escalation_response_hours")

    @api.constrains("escalation_response_hours")
    def _check_escalation_response_hours(self):
        if any(tier.escalation_response_hours <= 0 for tier in self):
            raise ValidationError(
                self.env._("The escalation response time of a tier must be at least one hour.")
            )
