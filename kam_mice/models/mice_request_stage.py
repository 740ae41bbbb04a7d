from odoo import fields, models


class MiceRequestStage(models.Model):
    """Pipeline stage of MICE requests, configurable like CRM stages."""

    _name = "mice.request.stage"
    _description = "MICE Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Pipeline")
    is_won = fields.Boolean(
        string="Confirmed Stage",
        help="Requests reaching this stage are definite: their opportunity is marked as won.",
    )
    requirements = fields.Text(translate=True, help="Internal requirements, shown as a tooltip on the stage.")
