from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTeamMember(models.Model):
    """Someone on a key account's team: one of our users, or an external person (agency, partner)."""

    _name = "kam.team.member"
    _inherit = ["kam.checked.mixin"]
    _description = "Account Team Member"
    _order = "partner_id, sequence, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_key_account', '=', True)]",
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    member_type = fields.Selection(
        [("internal", "Internal"), ("external", "External")],
        string="Type",
        required=True,
        default="internal",
    )
    user_id = fields.Many2one(
        "res.users",
        index=True,
        domain="[('share', '=', False)]",
        ondelete="cascade",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="External Contact",
        index=True,
        ondelete="cascade",
        help="An agency, partner or consultant working on the account with us.",
    )
    role_id = fields.Many2one("kam.team.role", required=True, ondelete="restrict")
    date_start = fields.Date(string="Since", default=fields.Date.context_today)
    name = fields.Char(compute="_compute_name")

    _sql_constraints = [
        (
            "one_member",
            "CHECK((member_type = 'internal' AND user_id IS NOT NULL AND contact_id IS NULL) OR "
            "(member_type = 'external' AND contact_id IS NOT NULL AND user_id IS NULL))",
            "A team member is either one of our users (internal) or an external contact.",
        ),
        (
            "user_role_unique",
            "UNIQUE(partner_id, user_id, role_id)",
            "This user already has this role in the account team.",
        ),
        (
            "contact_role_unique",
            "UNIQUE(partner_id, contact_id, role_id)",
            "This contact already has this role in the account team.",
        ),
    ]

    @api.depends("user_id", "contact_id")
    def _compute_name(self):
        for member in self:
            member.name = member.user_id.name or member.contact_id.name or ""

    @api.onchange("member_type")
    def _onchange_member_type(self):
        if self.member_type == "internal":
            self.contact_id = False
        else:
            self.user_id = False

    def _checks_before_sql(self):
        return ("_check_member",)

    @api.constrains("member_type", "user_id", "contact_id")
    def _check_member(self):
        for member in self:
            if member.member_type == "internal" and not member.user_id:
                raise ValidationError(self.env._("Choose the user of an internal team member."))
            if member.member_type == "external" and not member.contact_id:
                raise ValidationError(self.env._("Choose the contact of an external team member."))
