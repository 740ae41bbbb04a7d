from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class KamPaySchemeStep(models.Model):
    """A step of a stepped payout curve: from this achievement on, this share of the variable target."""

    _name = "kam.pay.scheme.step"
    _inherit = ["kam.checked.mixin"]
    _description = "Variable Pay Step"
    _order = "scheme_id, achievement_from"

    scheme_id = fields.Many2one("kam.pay.scheme", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="scheme_id.company_id", store=True)
    achievement_from = fields.Float(string="From Achievement (%)", required=True)
    payout = fields.Float(string="Payout (% of Target)", required=True)

    _sql_constraints = [
        (
            "values_positive",
            "CHECK(achievement_from >= 0 AND payout >= 0)",
            "A step's achievement and payout cannot be negative.",
        ),
        (
            "step_unique",
            "UNIQUE(scheme_id, achievement_from)",
            "Two steps cannot start at the same achievement.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_values",)

    @api.constrains("achievement_from", "payout")
    def _check_values(self):
        if any(step.achievement_from < 0 or step.payout < 0 for step in self):
            raise ValidationError(self.env._("A step's achievement and payout cannot be negative."))

    def unlink(self):
        # a stepped scheme keeps at least one step, however its steps are deleted
        schemes = self.scheme_id
        result = super().unlink()
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):  # uninstalling removes everything
            schemes.exists()._check_steps()
        return result
