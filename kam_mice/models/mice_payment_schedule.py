from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TRIGGERS = [
    ("confirmation", "At Confirmation"),
    ("before_start", "Days Before the Event"),
    ("after_end", "Days After the Event"),
]


def _shifted(day, days):
    """``day`` moved by ``days``, kept within the calendar (an event in year 1 or 9999 is legal)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


# what an invoiced instalment has billed: it keeps them
INVOICED_TERMS = {"request_id", "trigger", "days", "is_balance", "percent"}


class MicePaymentSchedule(models.Model):
    """One instalment of a request's payment schedule, invoiced through Odoo's sale flow when due."""

    _name = "mice.payment.schedule"
    _inherit = ["kam.workflow.mixin", "kam.checked.mixin"]
    _description = "MICE Payment Schedule"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("mice.request", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Instalment", required=True, translate=True)
    trigger = fields.Selection(TRIGGERS, required=True, default="confirmation")
    days = fields.Integer(help="Days before the event starts, or after it ends, depending on the trigger.")
    is_balance = fields.Boolean(
        string="Balance", help="Invoices what remains of the order, deducting the deposits already invoiced."
    )
    percent = fields.Float(string="Deposit (%)", help="Share of the order total invoiced as a down payment.")
    due_date = fields.Date(compute="_compute_due_date", store=True, index=True)
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    status = fields.Selection(
        [("planned", "Planned"), ("due", "Due"), ("invoiced", "Invoiced")],
        compute="_compute_status",
    )

    _sql_constraints = [
        ("schedule_days_not_negative", "CHECK (days >= 0)", "A number of days cannot be negative."),
        (
            "schedule_percent_range",
            "CHECK (is_balance OR (percent > 0 AND percent <= 100))",
            "A deposit is a percentage between 0 and 100.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_days_and_percent",)

    @api.constrains("days", "percent", "is_balance")
    def _check_days_and_percent(self):
        for line in self:
            if line.days < 0:
                raise ValidationError(self.env._("A number of days cannot be negative."))
            if not line.is_balance and not 0 < line.percent <= 100:
                raise ValidationError(self.env._("A deposit is a percentage between 0 and 100."))

    @api.model
    def _default_schedule_commands(self):
        return [
            fields.Command.create(
                {"name": self.env._("Deposit"), "trigger": "confirmation", "percent": 30.0}
            ),
            fields.Command.create(
                {"name": self.env._("Second deposit"), "trigger": "before_start", "days": 30, "percent": 50.0}
            ),
            fields.Command.create(
                {"name": self.env._("Balance"), "trigger": "after_end", "is_balance": True}
            ),
        ]

    @api.depends(
        "trigger", "days", "request_id.date_confirmed", "request_id.date_start", "request_id.date_end"
    )
    def _compute_due_date(self):
        for line in self:
            request = line.request_id
            if line.trigger == "confirmation":
                line.due_date = request.date_confirmed
            elif line.trigger == "before_start":
                line.due_date = request.date_start and _shifted(request.date_start, -line.days)
            else:
                line.due_date = request.date_end and _shifted(request.date_end, line.days)

    @api.depends("due_date", "invoice_id")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.invoice_id:
                line.status = "invoiced"
            elif line.due_date and line.due_date <= today:
                line.status = "due"
            else:
                line.status = "planned"

    # ------------------------------------------------------------------ workflow
    def _workflow_fields(self):
        # its status follows its invoice, which only the invoicing (Invoice Now, the daily job) sets
        return {"invoice_id"}

    def _workflow_state_field(self):
        return "invoice_id"

    def write(self, vals):
        if not self._workflow_is_moving() and INVOICED_TERMS & vals.keys():
            self._check_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._check_not_invoiced()

    def _check_not_invoiced(self):
        invoiced = self.filtered("invoice_id")
        if invoiced:
            raise UserError(
                self.env._(
                    "%(instalment)s of %(request)s is invoiced (%(invoice)s): it no longer changes. "
                    "Credit the invoice to change what is billed.",
                    instalment=invoiced[0].name,
                    request=invoiced[0].request_id.name,
                    invoice=invoiced[0].invoice_id.display_name,
                )
            )

    @api.constrains("percent", "is_balance", "request_id")
    def _check_total_percent(self):
        for request in self.request_id:
            deposits = request.payment_schedule_ids.filtered(lambda line: not line.is_balance)
            if sum(deposits.mapped("percent")) > 100.0:
                raise ValidationError(
                    self.env._("The deposits of %(request)s add up to more than 100%%.", request=request.name)
                )

    @api.model
    def _cron_invoice_due(self):
        """Invoice every due instalment of confirmed requests; instalments already invoiced are skipped."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("invoice_id", "=", False),
                ("due_date", "<=", today),
                ("request_id.order_id.state", "=", "sale"),
                ("request_id.state", "=", "open"),
            ]
        )
        due._create_invoices()

    def _create_invoices(self):
        for line in self.sorted(lambda line: (line.due_date, line.is_balance, line.sequence)):
            order = line.request_id.order_id
            if line.invoice_id or order.state != "sale":
                continue
            if line.is_balance and order.mice_pending_attendees:
                continue  # the final invoice waits until the attendee update is approved
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_company(order.company_id)
                .create(
                    {
                        "advance_payment_method": "delivered" if line.is_balance else "percentage",
                        "amount": line.percent,
                        "sale_order_ids": [fields.Command.set(order.ids)],
                    }
                )
            )
            invoice = wizard._create_invoices(order)
            line._workflow_write({"invoice_id": invoice[:1].id})

    def action_create_invoice(self):
        """Invoice this instalment now, whatever its due date."""
        self.env["account.move"].check_access("create")
        self._create_invoices()
        return True
