from odoo import fields, models


class KamDepartment(models.Model):
    """A department that acts on escalations (logistics, quality, billing...): HR is not required."""

    _name = "kam.department"
    _description = "Escalation Department"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one("res.users", string="Head", domain="[('share', '=', False)]")
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the department.")
    active = fields.Boolean(default=True)
