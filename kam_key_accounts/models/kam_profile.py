from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The variable part of a KAM's pay, in % of the total on-target pay (French market practice).
VARIABLE_SHARE_MIN, VARIABLE_SHARE_MAX = 10.0, 40.0


class KamProfile(models.Model):
    """A KAM seniority level with its usual gross annual pay band: the defaults of new pay schemes."""

    _name = "kam.profile"
    _inherit = ["kam.checked.mixin"]
    _description = "KAM Profile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    seniority = fields.Selection(
        [("junior", "Junior"), ("confirmed", "Confirmed"), ("senior", "Senior")], required=True
    )
    experience_min = fields.Integer(string="Experience From (Years)")
    experience_max = fields.Integer(string="Experience To (Years)")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR", raise_if_not_found=False)
    )
    pay_min = fields.Monetary(string="Gross Annual Pay From", required=True)
    pay_max = fields.Monetary(string="Gross Annual Pay To", required=True)
    variable_share_min = fields.Float(string="Variable Share From (%)", default=VARIABLE_SHARE_MIN)
    variable_share_max = fields.Float(string="Variable Share To (%)", default=VARIABLE_SHARE_MAX)
    variable_share = fields.Float(string="Default Variable Share (%)", default=20.0)

    _sql_constraints = [
        (
            "pay_band",
            "CHECK(pay_min >= 0 AND pay_min <= pay_max)",
            "The pay band must go from a lower to a higher amount.",
        ),
        (
            "variable_share_band",
            f"CHECK({VARIABLE_SHARE_MIN} <= variable_share_min AND variable_share_min <= variable_share "
            f"AND variable_share <= variable_share_max AND variable_share_max <= {VARIABLE_SHARE_MAX})",
            "The variable share must lie between 10 and 40 %, within the profile's band.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_bands",)

    @api.constrains("pay_min", "pay_max", "variable_share_min", "variable_share_max", "variable_share")
    def _check_bands(self):
        for profile in self:
            if not 0 <= profile.pay_min <= profile.pay_max:
                raise ValidationError(self.env._("The pay band must go from a lower to a higher amount."))
            if not (
                VARIABLE_SHARE_MIN
                <= profile.variable_share_min
                <= profile.variable_share
                <= profile.variable_share_max
                <= VARIABLE_SHARE_MAX
            ):
                raise ValidationError(
                    self.env._("The variable share must lie between 10 and 40 %, within the profile's band.")
                )
