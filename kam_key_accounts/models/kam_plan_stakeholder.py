from odoo import api, fields, models

from .kam_stakeholder import ATTITUDE_COLORS, ATTITUDES, BUYING_ROLES


class KamPlanStakeholder(models.Model):
    """A stakeholder as the plan saw them: a read-only copy of the account's relationship map, made
    by the plan's actions when it is submitted and when it is approved, so that an old plan still
    shows who mattered then, whatever the map has become."""

    _name = "kam.plan.stakeholder"
    _description = "Stakeholder at the Plan's Approval"
    _order = "plan_id, influence desc, id"

    plan_id = fields.Many2one(
        "kam.account.plan", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    stakeholder_id = fields.Many2one(
        "kam.stakeholder", string="On the Map", index="btree_not_null", ondelete="set null", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, readonly=True)
    avatar_128 = fields.Image(related="partner_id.avatar_128")
    function = fields.Char(string="Job Position", readonly=True)
    buying_role = fields.Selection(BUYING_ROLES, readonly=True)
    influence = fields.Integer(readonly=True)
    attitude = fields.Selection(ATTITUDES, readonly=True)
    attitude_color = fields.Integer(compute="_compute_attitude_color")
    reports_to_id = fields.Many2one("kam.plan.stakeholder", index="btree_not_null", readonly=True)
    owner_id = fields.Many2one("res.users", string="Relationship Owner", readonly=True)
    last_interaction_date = fields.Date(string="Last Interaction", readonly=True)
    notes = fields.Text(readonly=True)
    frozen_date = fields.Date(string="Frozen On", readonly=True)

    @api.depends("attitude")
    def _compute_attitude_color(self):
        for copy in self:
            copy.attitude_color = ATTITUDE_COLORS.get(copy.attitude, 0)
