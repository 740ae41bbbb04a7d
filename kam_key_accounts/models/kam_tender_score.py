from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTenderScore(models.Model):
    """The score of one go/no-go criterion for one tender, from 0 to 5."""

    _name = "kam.tender.score"
    _inherit = ["kam.checked.mixin"]
    _description = "Go/No-Go Score"
    _order = "tender_id, sequence, id"

    tender_id = fields.Many2one("kam.tender", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="tender_id.company_id", store=True, index=True)
    criterion_id = fields.Many2one("kam.tender.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(
        compute="_compute_weight",
        store=True,
        readonly=False,
        precompute=True,
        help="Copied from the criterion.",
    )
    score = fields.Selection(
        [("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")],
        help="From 0 (worst) to 5 (best); empty while not assessed.",
    )
    note = fields.Char()

    _sql_constraints = [
        ("criterion_unique", "UNIQUE(tender_id, criterion_id)", "A criterion is scored once per tender."),
        ("weight_positive", "CHECK(weight > 0)", "The weight of a go/no-go criterion must be positive."),
    ]

    @api.depends("criterion_id")
    def _compute_weight(self):
        for line in self:
            line.weight = line.criterion_id.weight or 1.0

    def _checks_before_sql(self):
        return ("_check_weight",)

    @api.constrains("weight")
    def _check_weight(self):
        if any(line.weight <= 0 for line in self):
            raise ValidationError(self.env._("The weight of a go/no-go criterion must be positive."))
