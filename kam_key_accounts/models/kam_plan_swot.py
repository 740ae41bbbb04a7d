from odoo import fields, models


class KamPlanSwot(models.Model):
    """One item of a plan's SWOT analysis."""

    _name = "kam.plan.swot"
    _description = "SWOT Item"
    _order = "plan_id, kind, sequence, id"

    plan_id = fields.Many2one("kam.account.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("strength", "Strength"),
            ("weakness", "Weakness"),
            ("opportunity", "Opportunity"),
            ("threat", "Threat"),
        ],
        required=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
