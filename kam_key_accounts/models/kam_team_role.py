from odoo import fields, models


class KamTeamRole(models.Model):
    """A role in an account team: sponsor, sales engineer, project manager, after-sales, finance..."""

    _name = "kam.team.role"
    _inherit = ["kam.checked.mixin"]
    _description = "Account Team Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "An account team role with this name already exists."),
    ]
