from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..tools import flag_search_domain

OPEN_STATES = ("new", "in_progress")
DEFAULT_RESPONSE_HOURS = 48


class KamEscalation(models.Model):
    """An after-sales escalation on a key account: complaint, delivery or quality issue, billing dispute."""

    _name = "kam.escalation"
    _description = "Key Account Escalation"
    _inherit = ["mail.thread", "mail.activity.mixin", "kam.workflow.mixin"]
    _order = "response_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True), ('key_account_id', '!=', False)]",
    )
    key_account_id = fields.Many2one(related="partner_id.key_account_id", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    escalation_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("delivery", "Delivery Issue"),
            ("quality", "Quality Issue"),
            ("billing", "Billing Dispute"),
        ],
        string="Type",
        required=True,
        default="complaint",
        tracking=True,
    )
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        required=True,
        default="medium",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('share', '=', False)]",
    )
    department_id = fields.Many2one("kam.department", tracking=True, check_company=True)
    date_open = fields.Datetime(string="Opened On", required=True, default=fields.Datetime.now)
    response_deadline = fields.Datetime(
        compute="_compute_response_deadline",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="From the key account tier's service level; halved for critical escalations.",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="new",
        index=True,
        tracking=True,
    )
    description = fields.Html()
    resolution = fields.Html()
    date_resolved = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", search="_search_is_late")

    @api.depends("partner_id")
    def _compute_user_id(self):
        for escalation in self:
            if not escalation.user_id:
                escalation.user_id = (
                    escalation.partner_id.key_account_id.key_account_manager_id or self.env.user
                )

    @api.depends("date_open", "severity", "partner_id.key_account_id.kam_tier_id.escalation_response_hours")
    def _compute_response_deadline(self):
        for escalation in self:
            hours = (
                escalation.partner_id.key_account_id.kam_tier_id.escalation_response_hours
                or DEFAULT_RESPONSE_HOURS
            )
            if escalation.severity == "critical":
                hours = max(hours / 2, 1)
            escalation.response_deadline = escalation.date_open and escalation.date_open + timedelta(
                hours=hours
            )

    def _compute_is_late(self):
        now = fields.Datetime.now()
        for escalation in self:
            escalation.is_late = bool(
                escalation.state in OPEN_STATES
                and escalation.response_deadline
                and escalation.response_deadline < now
            )

    def _search_is_late(self, operator, value):
        late = [("state", "in", OPEN_STATES), ("response_deadline", "<", fields.Datetime.now())]
        return flag_search_domain(self.env, operator, value, late)

    def _workflow_fields(self):
        return {"state", "date_resolved"}

    def action_start(self):
        if any(escalation.state != "new" for escalation in self):
            raise UserError(self.env._("Only new escalations can be taken in hand."))
        self._workflow_write({"state": "in_progress"})

    def action_resolve(self):
        for escalation in self:
            if escalation.state not in OPEN_STATES:
                raise UserError(self.env._("Only open escalations can be resolved."))
            if is_html_empty(escalation.resolution):
                raise UserError(
                    self.env._(
                        "%(escalation)s: describe the resolution first.", escalation=escalation.display_name
                    )
                )
        self._workflow_write({"state": "resolved", "date_resolved": fields.Datetime.now()})

    def action_cancel(self):
        if any(escalation.state not in OPEN_STATES for escalation in self):
            raise UserError(self.env._("Only open escalations can be cancelled."))
        self._workflow_write({"state": "cancelled"})

    def action_reopen(self):
        self._workflow_write({"state": "in_progress", "date_resolved": False})
