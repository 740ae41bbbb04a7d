from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamPlanCompetitor(models.Model):
    """A competitor present at the account: share of wallet, strengths, weaknesses, threat."""

    _name = "kam.plan.competitor"
    _inherit = ["kam.checked.mixin"]
    _description = "Competitor at the Account"
    _order = "plan_id, share_of_wallet desc, id"

    plan_id = fields.Many2one("kam.account.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    name = fields.Char(string="Competitor", required=True)
    share_of_wallet = fields.Float(
        string="Share of Wallet (%)", help="Estimated share of the client's spend."
    )
    strengths = fields.Text()
    weaknesses = fields.Text()
    threat_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], default="medium", required=True
    )

    _sql_constraints = [
        (
            "share_of_wallet_range",
            "CHECK(share_of_wallet >= 0 AND share_of_wallet <= 100)",
            "A share of wallet is between 0 and 100 %.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_share_of_wallet",)

    @api.constrains("share_of_wallet")
    def _check_share_of_wallet(self):
        if any(not 0 <= competitor.share_of_wallet <= 100 for competitor in self):
            raise ValidationError(self.env._("A share of wallet is between 0 and 100 %."))
