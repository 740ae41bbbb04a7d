from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTenderCriterion(models.Model):
    """A weighted criterion of the go/no-go scorecard (strategic fit, chances, margin...)."""

    _name = "kam.tender.criterion"
    _inherit = ["kam.checked.mixin"]
    _description = "Go/No-Go Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(default=1.0, help="Relative weight of the criterion in the go/no-go score.")
    description = fields.Text(translate=True, help="How to score it, from 0 (worst) to 5 (best).")
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the criterion.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("weight_positive", "CHECK(weight > 0)", "The weight of a go/no-go criterion must be positive."),
    ]

    def _checks_before_sql(self):
        return ("_check_weight",)

    @api.constrains("weight")
    def _check_weight(self):
        if any(criterion.weight <= 0 for criterion in self):
            raise ValidationError(self.env._("The weight of a go/no-go criterion must be positive."))
