from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamPlanAction(models.Model):
    """A step of an account plan's action plan, owned by an internal user or an external team member."""

    _name = "kam.plan.action"
    _description = "Account Plan Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "kam.deadline.mixin"]
    _order = "date_deadline, id"
    _check_company_auto = True
    _deadline_open_states = ("todo", "in_progress")

    plan_id = fields.Many2one("kam.account.plan", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="plan_id.partner_id", string="Key Account", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    name = fields.Char(string="Action", required=True, tracking=True)
    objective_id = fields.Many2one(
        "kam.plan.objective", domain="[('plan_id', '=', plan_id)]", ondelete="set null"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="Our colleague who carries the action. For an external owner, the plan's KAM follows it up.",
    )
    member_id = fields.Many2one(
        "kam.team.member",
        string="External Owner",
        domain="[('partner_id', '=', partner_id), ('member_type', '=', 'external')]",
    )
    date_deadline = fields.Date(string="Due Date", required=True, tracking=True)
    state = fields.Selection(
        [("todo", "To Do"), ("in_progress", "In Progress"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="todo",
        required=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_deadline_passed", search="_search_deadline_passed"
    )
    description = fields.Html()

    @api.constrains("objective_id", "plan_id")
    def _check_objective(self):
        for action in self:
            if action.objective_id and action.objective_id.plan_id != action.plan_id:
                raise ValidationError(self.env._("An action can only serve an objective of its own plan."))

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions._schedule_owner_activity()
        return actions

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in ("done", "cancelled"):
            label = dict(self._fields["state"]._description_selection(self.env))[vals["state"]]
            self.activity_ids.action_feedback(feedback=self.env._("Action: %(state)s.", state=label))
        return result

    def _schedule_owner_activity(self):
        """Each action reminds its owner (or, for an external owner, the plan's KAM) by its due date."""
        for action in self.filtered(lambda action: action.state in ("todo", "in_progress")):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_deadline,
                summary=action.name,
                user_id=(action.user_id or action.plan_id.user_id or self.env.user).id,
            )

    def action_done(self):
        self.write({"state": "done"})
        return True
