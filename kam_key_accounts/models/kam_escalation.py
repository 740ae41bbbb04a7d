from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

OPEN_STATES = ("new", "in_progress")
DEFAULT_RESPONSE_HOURS = 48


class KamEscalation(models.Model):
    """An after-sales escalation on a key account: complaint, delivery or quality issue, billing dispute."""

    _name = "kam.escalation"
    _description = "Key Account Escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.workflow.mixin",
        "kam.client.mixin",
        "kam.deadline.mixin",
    ]
    _order = "response_deadline, id desc"
    _check_company_auto = True
    _deadline_field = "response_deadline"
    _deadline_open_states = OPEN_STATES
    _deadline_flag = "is_late"

    name = fields.Char(string="Subject", required=True, tracking=True)
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
    is_late = fields.Boolean(
        string="Late", compute="_compute_deadline_passed", search="_search_deadline_passed"
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
