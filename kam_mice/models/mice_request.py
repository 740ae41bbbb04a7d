import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

BUDGET_TYPES = [("total", "Total"), ("per_person", "Per Person")]
REQUEST_STATES = [("open", "Open"), ("lost", "Lost"), ("cancelled", "Cancelled")]


class MiceRequest(models.Model):
    """A MICE request of a business client, from the first inquiry to the invoiced event."""

    _name = "mice.request"
    _description = "MICE Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.workflow.mixin",
        "kam.checked.mixin",
        "kam.client.mixin",
    ]
    _order = "priority desc, date_start, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "title", "partner_id.name"]

    @api.model
    def _default_stage_id(self):
        return self.env["mice.request.stage"].search([("fold", "=", False)], limit=1)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(string="Event Manager", check_company=True)
    # any business client, key account or not
    partner_id = fields.Many2one(domain="[('is_company', '=', True)]")
    key_account_id = fields.Many2one(index="btree_not_null", string="Key Account Group")
    is_key_account = fields.Boolean(related="key_account_id.is_key_account", string="Key Account")
    key_account_manager_id = fields.Many2one(
        related="key_account_id.key_account_manager_id", string="Key Account Manager"
    )
    contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('parent_id', '=', partner_id)]",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
    )
    event_type_id = fields.Many2one(
        "mice.event.type",
        string="Type",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    event_subtype_id = fields.Many2one(
        "mice.event.type",
        string="Sub-type",
        compute="_compute_event_subtype_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('parent_id', '=', event_type_id)]",
    )
    stage_id = fields.Many2one(
        "mice.request.stage",
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    is_confirmed = fields.Boolean(related="stage_id.is_won", string="Is Confirmed")
    state = fields.Selection(
        REQUEST_STATES, default="open", required=True, tracking=True, copy=False, index=True
    )
    lost_reason_id = fields.Many2one("mice.lost.reason", tracking=True, copy=False)
    priority = fields.Selection([("0", "Normal"), ("1", "High")], default="0")
    color = fields.Integer()
    date_confirmed = fields.Date(string="Confirmed On", readonly=True, copy=False)

    # Dates
    date_start = fields.Date(string="Start Date", required=True, tracking=True, index=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    duration_days = fields.Integer(string="Days", compute="_compute_duration", store=True)
    duration_nights = fields.Integer(string="Nights", compute="_compute_duration", store=True)
    duration_label = fields.Char(string="Duration", compute="_compute_duration_label")
    date_option_ids = fields.One2many("mice.request.date.option", "request_id", string="Date Options")

    # Attendees
    attendees_expected = fields.Integer(string="Expected Attendees", required=True, default=1, tracking=True)
    attendees_guaranteed = fields.Integer(string="Guaranteed Attendees", tracking=True, copy=False)
    guarantee_due_date = fields.Date(help="The client must give the final guaranteed count by this date.")
    attendees_actual = fields.Integer(string="Actual Attendees", tracking=True, copy=False)
    attrition_percent = fields.Float(
        string="Attrition Minimum (%)",
        default=90.0,
        help="Contractual minimum, as a percentage of the guaranteed count, invoiced even when fewer attend.",
    )
    attendees_minimum = fields.Integer(
        string="Minimum Billable", compute="_compute_attendee_figures", store=True
    )
    attrition_gap = fields.Integer(
        compute="_compute_attendee_figures",
        store=True,
        help="Attendees invoiced but absent: the contractual minimum minus the actual count.",
    )
    attendees_billable = fields.Integer(
        string="Attendees Priced",
        compute="_compute_attendee_figures",
        store=True,
        help="The count per-person items are priced on: actual (at least the minimum), "
        "else guaranteed, else expected.",
    )

    # Budget and wishes
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, readonly=False
    )
    budget_type = fields.Selection(BUDGET_TYPES, default="total", required=True)
    budget_amount = fields.Monetary(string="Budget")
    budget_total = fields.Monetary(string="Total Budget", compute="_compute_budget_total", store=True)
    destination = fields.Char(string="Destination Wishes")
    venue_wishes = fields.Text()
    dietary_needs = fields.Text(
        help="Diets and allergies of the attendees, with their numbers (vegetarian 12, gluten free 3...): "
        "the event order prints them for the kitchen."
    )
    requirement_ids = fields.One2many("mice.request.requirement", "request_id", string="Requirements")
    notes = fields.Html()

    # Programme and quotations
    programme_line_ids = fields.One2many("mice.programme.line", "request_id", string="Programme")
    order_ids = fields.One2many("sale.order", "mice_request_id", string="Proposals")
    order_count = fields.Integer(compute="_compute_order_count", string="Proposal Count")
    order_id = fields.Many2one(
        "sale.order",
        string="Chosen Proposal",
        copy=False,
        tracking=True,
        check_company=True,
        domain="[('mice_request_id', '=', id)]",
    )
    order_state = fields.Selection(related="order_id.state", string="Proposal Status")
    amount_untaxed = fields.Monetary(
        string="Amount",
        compute="_compute_amounts",
        store=True,
        help="The chosen proposal, else the programme.",
    )
    cost_total = fields.Monetary(string="Cost", compute="_compute_amounts", store=True)
    margin = fields.Monetary(compute="_compute_amounts", store=True)
    booking_ids = fields.One2many("mice.booking", "request_id", string="Space Bookings")
    booking_count = fields.Integer(compute="_compute_booking_count")
    room_block_ids = fields.One2many("mice.room.block", "request_id", string="Room Blocks")
    capacity_warning = fields.Char(compute="_compute_capacity_warning")
    conversion_rate = fields.Float(
        string="Conversion (%)",
        compute="_compute_conversion_rate",
        store=True,
        aggregator="avg",
        help="100 for a confirmed request, 0 otherwise: its average over requests is the conversion rate.",
    )
    payment_schedule_ids = fields.One2many("mice.payment.schedule", "request_id", copy=True)

    # After the event: the client's rating, on Odoo's rating scale; it counts in the key account's health
    satisfaction = fields.Selection(
        [("1", "Dissatisfied"), ("3", "Okay"), ("5", "Satisfied")],
        string="Client Satisfaction",
        tracking=True,
        copy=False,
        help="How the client rated the event once it took place: the key account's health reads it.",
    )
    satisfaction_note = fields.Text(string="Client Feedback", copy=False)

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE (name, company_id)",
            "A request reference must be unique per company.",
        ),
        ("dates_ordered", "CHECK (date_end >= date_start)", "A request cannot end before it starts."),
        (
            "attendees_expected_positive",
            "CHECK (attendees_expected > 0)",
            "Expected attendees must be positive.",
        ),
        (
            "attendees_counts_not_negative",
            "CHECK (COALESCE(attendees_guaranteed, 0) >= 0 AND COALESCE(attendees_actual, 0) >= 0)",
            "Attendee counts cannot be negative.",
        ),
        ("budget_not_negative", "CHECK (COALESCE(budget_amount, 0) >= 0)", "A budget cannot be negative."),
        (
            "attrition_percent_range",
            "CHECK (attrition_percent >= 0 AND attrition_percent <= 100)",
            "The attrition minimum is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("name", "title")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.name} {request.title}" if request.title else request.name

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for request in self:
            if request.contact_id.parent_id != request.partner_id:
                request.contact_id = request.partner_id.child_ids.filtered(lambda p: p.type == "contact")[:1]

    def _default_owner(self):
        # whoever takes the request in manages the event
        return self.env.user

    @api.depends("event_type_id")
    def _compute_event_subtype_id(self):
        for request in self:
            if request.event_subtype_id.parent_id != request.event_type_id:
                request.event_subtype_id = False

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for request in self:
            if request.date_start and request.date_end and request.date_end >= request.date_start:
                nights = (request.date_end - request.date_start).days
                request.duration_nights = nights
                request.duration_days = nights + 1
            else:
                request.duration_nights = request.duration_days = 0

    @api.depends("duration_days", "duration_nights")
    def _compute_duration_label(self):
        for request in self:
            days, nights = request.duration_days, request.duration_nights
            parts = [self.env._("1 day") if days == 1 else self.env._("%(count)s days", count=days)]
            if nights:
                parts.append(
                    self.env._("1 night") if nights == 1 else self.env._("%(count)s nights", count=nights)
                )
            request.duration_label = ", ".join(parts) if days else False

    @api.depends("attendees_expected", "attendees_guaranteed", "attendees_actual", "attrition_percent")
    def _compute_attendee_figures(self):
        for request in self:
            minimum = math.ceil(request.attendees_guaranteed * request.attrition_percent / 100.0 - 1e-9)
            request.attendees_minimum = minimum
            if request.attendees_actual:
                request.attrition_gap = max(minimum - request.attendees_actual, 0)
                request.attendees_billable = max(request.attendees_actual, minimum)
            else:
                request.attrition_gap = 0
                request.attendees_billable = request.attendees_guaranteed or request.attendees_expected

    @api.depends("partner_id", "company_id")
    def _compute_pricelist_id(self):
        for request in self:
            if not request.pricelist_id and request.partner_id:
                request.pricelist_id = request.partner_id.with_company(
                    request.company_id
                ).property_product_pricelist

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for request in self:
            request.currency_id = request.pricelist_id.currency_id or request.company_id.currency_id

    @api.depends("budget_type", "budget_amount", "attendees_billable")
    def _compute_budget_total(self):
        for request in self:
            if request.budget_type == "per_person":
                request.budget_total = request.budget_amount * request.attendees_billable
            else:
                request.budget_total = request.budget_amount

    @api.depends("stage_id.is_won")
    def _compute_conversion_rate(self):
        for request in self:
            request.conversion_rate = 100.0 if request.stage_id.is_won else 0.0

    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("mice_request_id", "in", self.ids)], ["mice_request_id"], ["__count"]
            )
        )
        for request in self:
            request.order_count = counts.get(request, 0)

    def _compute_booking_count(self):
        counts = dict(
            self.env["mice.booking"]._read_group(
                [("request_id", "in", self.ids), ("state", "in", ("option", "confirmed"))],
                ["request_id"],
                ["__count"],
            )
        )
        for request in self:
            request.booking_count = counts.get(request, 0)

    @api.depends("attendees_guaranteed", "booking_ids.space_id", "booking_ids.layout", "booking_ids.state")
    def _compute_capacity_warning(self):
        for request in self:
            request.capacity_warning = False
            # a line being typed in the form has no space yet
            held = request.booking_ids.filtered(lambda b: b.space_id and b.state in ("option", "confirmed"))
            guaranteed = request.attendees_guaranteed
            # a day whose largest space cannot seat everyone: breakout rooms beside a plenary
            # that seats the group are as planned
            too_small = self.env["mice.booking"]
            for day in {booking.date_start.date() for booking in held if booking.date_start}:
                of_day = held.filtered(lambda b, day=day: b.date_start and b.date_start.date() == day)
                if max(b.space_id.capacity_for(b.layout) for b in of_day) < guaranteed:
                    too_small |= of_day
            if request.attendees_guaranteed and too_small:
                request.capacity_warning = self.env._(
                    "%(count)s guaranteed attendees exceed the capacity of %(spaces)s.",
                    count=request.attendees_guaranteed,
                    spaces=", ".join(too_small.space_id.mapped("name")),
                )

    @api.depends(
        "order_id.amount_untaxed",
        "programme_line_ids.price_subtotal",
        "programme_line_ids.cost_subtotal",
    )
    def _compute_amounts(self):
        for request in self:
            programme_total = sum(request.programme_line_ids.mapped("price_subtotal"))
            request.cost_total = sum(request.programme_line_ids.mapped("cost_subtotal"))
            request.amount_untaxed = request.order_id.amount_untaxed if request.order_id else programme_total
            request.margin = request.amount_untaxed - request.cost_total

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search(["|", ("id", "in", stages.ids), ("fold", "=", False)])

    def _checks_before_sql(self):
        return ("_check_dates_and_attendees", "_check_budget", "_check_attrition_percent")

    @api.constrains(
        "date_start", "date_end", "attendees_expected", "attendees_guaranteed", "attendees_actual"
    )
    def _check_dates_and_attendees(self):
        # Same rules as the CHECK constraints, with messages naming the request.
        for request in self:
            if request.date_start and request.date_end and request.date_end < request.date_start:
                raise ValidationError(
                    self.env._("%(request)s cannot end before it starts.", request=request.display_name)
                )
            if (
                request.attendees_expected <= 0
                or request.attendees_guaranteed < 0
                or request.attendees_actual < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The attendee counts of %(request)s must be positive.", request=request.display_name
                    )
                )

    @api.constrains("budget_amount")
    def _check_budget(self):
        for request in self:
            # negative once rounded to the currency, as stored (a draft's amount is not rounded yet)
            currency = request.currency_id or self.env.company.currency_id
            if currency.compare_amounts(request.budget_amount, 0.0) < 0:
                raise ValidationError(
                    self.env._("The budget of %(request)s cannot be negative.", request=request.display_name)
                )

    @api.constrains("attrition_percent")
    def _check_attrition_percent(self):
        for request in self:
            if not 0 <= request.attrition_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The attrition minimum of %(request)s is a percentage between 0 and 100.",
                        request=request.display_name,
                    )
                )

    @api.constrains("guarantee_due_date", "date_start")
    def _check_guarantee_due_date(self):
        for request in self:
            if request.guarantee_due_date and request.guarantee_due_date > request.date_start:
                raise ValidationError(
                    self.env._(
                        "The guarantee of %(request)s is due after the event starts.", request=request.name
                    )
                )

    def _check_guarantee_still_open(self):
        """A guarantee given after its due date is a contract change: only managers may record it."""
        if self.env.is_superuser() or self.env.user.has_group("kam_mice.group_mice_manager"):
            return
        today = fields.Date.context_today(self)
        late = self.filtered(lambda r: r.guarantee_due_date and r.guarantee_due_date < today)
        if late:
            raise ValidationError(
                self.env._(
                    "The guarantee of %(request)s was due on %(date)s: "
                    "only a MICE manager can change it now.",
                    request=late[0].name,
                    date=format_date(self.env, late[0].guarantee_due_date),
                )
            )

    @api.constrains("date_start", "date_end")
    def _check_bookings_in_dates(self):
        """A definite request keeps its spaces: its dates cannot move away from its bookings."""
        for request in self.filtered("is_confirmed"):
            held = request.booking_ids.filtered(lambda b: b.state in ("option", "confirmed"))
            start, end = request.date_start, request.date_end
            outside = held.filtered(
                lambda b, start=start, end=end: b.date_start.date() < start or b.date_end.date() > end
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "%(request)s is confirmed: move or release its space bookings (%(spaces)s) "
                        "before changing its dates.",
                        request=request.name,
                        spaces=", ".join(outside.space_id.mapped("name")),
                    )
                )

    @api.constrains("event_type_id", "event_subtype_id")
    def _check_subtype(self):
        for request in self:
            if request.event_subtype_id and request.event_subtype_id.parent_id != request.event_type_id:
                raise ValidationError(
                    self.env._(
                        "%(subtype)s is not a sub-type of %(type)s.",
                        subtype=request.event_subtype_id.name,
                        type=request.event_type_id.name,
                    )
                )

    @api.model
    def default_get(self, fields_list):
        # the kanban's "+" in the Confirmed column: a new request starts open, and confirming its
        # proposal moves it there
        defaults = super().default_get(fields_list)
        if self.env["mice.request.stage"].browse(defaults.get("stage_id")).is_won:
            defaults["stage_id"] = self._default_stage_id().id
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("mice.request") or "/"
                )
            if "payment_schedule_ids" not in vals:
                vals["payment_schedule_ids"] = self.env["mice.payment.schedule"]._default_schedule_commands()
        requests = super().create(vals_list)
        requests.filtered("is_confirmed")._on_confirmed()
        return requests

    def write(self, vals):
        if "attendees_guaranteed" in vals:
            self.filtered(
                lambda r: r.attendees_guaranteed != vals["attendees_guaranteed"]
            )._check_guarantee_still_open()
        attendee_fields = {
            "attendees_expected",
            "attendees_guaranteed",
            "attendees_actual",
            "attrition_percent",
        }
        before = (
            {request: request.attendees_billable for request in self} if attendee_fields & vals.keys() else {}
        )
        newly_confirmed = self.browse()
        if vals.get("stage_id"):
            stage = self.env["mice.request.stage"].browse(vals["stage_id"])
            if stage.is_won:
                newly_confirmed = self.filtered(lambda r: not r.is_confirmed)
        res = super().write(vals)
        if newly_confirmed:
            newly_confirmed._on_confirmed()
        if before:
            self.filtered(lambda r: r.attendees_billable != before[r])._sync_order_attendees()
        return res

    def _on_confirmed(self):
        """Definite requests: date it, and mark the source opportunity as won."""
        self.filtered(lambda r: not r.date_confirmed).date_confirmed = fields.Date.context_today(self)
        first_options = self.booking_ids.filtered(lambda b: b.state == "option" and b.option_rank == "1")
        if first_options:
            first_options._workflow_write({"state": "confirmed"})
        leads = self.lead_id.filtered(lambda lead: lead.active and lead.probability < 100)
        if leads:
            leads.action_set_won()

    def _workflow_fields(self):
        return {"state", "date_confirmed"}

    def _check_workflow_values(self, vals_list, creating=False):
        """The confirmed stage follows the confirmation of the chosen proposal (Confirm): a request
        does not move to it, or out of it, by its stage alone."""
        super()._check_workflow_values(vals_list, creating=creating)
        if self._workflow_is_moving():
            return
        if not creating and "order_id" in vals_list[0]:
            confirmed = self.filtered("is_confirmed")
            if confirmed:
                raise UserError(
                    self.env._(
                        "%(request)s is confirmed with %(order)s: its chosen proposal no longer changes.",
                        request=confirmed[0].name,
                        order=confirmed[0].order_id.name,
                    )
                )
        Stage = self.env["mice.request.stage"]
        for vals in vals_list:
            if not vals.get("stage_id"):
                continue
            won = Stage.browse(vals["stage_id"]).is_won
            leaving = not creating and any(request.is_confirmed for request in self)
            if won or leaving:
                raise UserError(
                    self.env._(
                        "A request is confirmed by confirming its chosen proposal (Confirm), and stays "
                        "confirmed: its stage does not say it alone."
                    )
                )

    @api.constrains("satisfaction", "date_start", "stage_id")
    def _check_satisfaction(self):
        today = fields.Date.context_today(self)
        for request in self.filtered("satisfaction"):
            if not request.is_confirmed or request.date_start > today:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the client rates a confirmed event once it has taken place.",
                        request=request.display_name,
                    )
                )

    def _confirmed_stage(self):
        return self.env["mice.request.stage"].search([("is_won", "=", True)], limit=1)

    # ------------------------------------------------------------------ actions
    def action_build_quotation(self):
        """Build a new proposal version (a quotation) from the programme; it becomes the chosen one."""
        self.check_access("write")
        orders = self._build_quotations()
        if len(orders) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "sale.order",
                "res_id": orders.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return self.action_view_orders()

    def _build_quotations(self):
        orders = self.env["sale.order"]
        for request in self:
            if not request.programme_line_ids:
                raise UserError(
                    self.env._(
                        "Add a programme to %(request)s before quoting it.", request=request.display_name
                    )
                )
            if request.state != "open":
                raise UserError(self.env._("%(request)s is lost or cancelled.", request=request.display_name))
            Order = self.env["sale.order"]
            with Order._workflow_moving():  # its version number
                order = Order.create(request._prepare_order_values())
            for block in request.room_block_ids.filtered("product_id"):
                block._sync_lines_of(order)
            request.booking_ids._sync_lines_of(order)
            request.order_id = order
            orders |= order
        return orders

    def _prepare_order_values(self):
        self.ensure_one()
        version = max(self.order_ids.mapped("mice_version") or [0]) + 1
        lines = []
        for date, day_lines in self.programme_line_ids._grouped_by_day():
            lines.append(
                fields.Command.create(
                    {
                        "display_type": "line_section",
                        "name": self.env._(
                            "Day %(day)s: %(date)s",
                            day=(date - self.date_start).days + 1,
                            date=format_date(self.env, date),
                        ),
                    }
                )
            )
            lines += [fields.Command.create(vals) for vals in day_lines._prepare_order_line_values(self)]
        return {
            "partner_id": self.contact_id.id or self.partner_id.id,
            "partner_invoice_id": self.partner_id.address_get(["invoice"])["invoice"],
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "user_id": self.user_id.id,
            "opportunity_id": self.lead_id.id,
            "origin": self.name,
            "mice_request_id": self.id,
            "mice_version": version,
            "order_line": lines,
        }

    def _sync_order_attendees(self):
        """Per-person lines follow the attendee count on quotations; on orders the change is proposed."""
        for request in self:
            for order in request.order_ids:
                if order.state in ("draft", "sent"):
                    order._mice_apply_attendees(request.attendees_billable)
                elif order.state == "sale" and order == request.order_id:
                    order._mice_propose_attendees(request.attendees_billable)

    def _release_bookings(self):
        held = self.booking_ids.filtered(lambda b: b.state in ("option", "confirmed"))
        if held:
            held._workflow_write({"state": "released"})
        blocks = self.room_block_ids.filtered(lambda b: b.state == "held")
        if blocks:
            blocks._release()

    def action_view_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_mice.mice_booking_action")
        action["domain"] = [("request_id", "=", self.id)]
        # the diary and the calendar open on the event's first day
        action["context"] = {
            "default_request_id": self.id,
            "initial_date": fields.Date.to_string(self.date_start),
        }
        return action

    def _event_order_days(self):
        """Per day of the event, in the venue's local time: the bookings with their set-up timeline,
        the programme items and, among them, the food-and-beverage services."""
        self.ensure_one()
        held = self.booking_ids.filtered(lambda b: b.state in ("option", "confirmed"))
        timeline = [
            {
                "booking": booking,
                "tz": booking._local_tz(),
                "date": booking._local_date(booking.date_start),
                "setup_day": booking._local_date(booking.hold_start),
                "teardown_day": booking._local_date(booking.hold_end),
            }
            for booking in held
        ]
        days = sorted(set(self.programme_line_ids.mapped("date")) | {row["date"] for row in timeline})
        return [
            {
                "date": day,
                "timeline": [row for row in timeline if row["date"] == day],
                "items": self.programme_line_ids.filtered(lambda line, day=day: line.date == day),
                "services": self.programme_line_ids.filtered(
                    lambda line, day=day: line.date == day and line.item_type == "catering"
                ),
            }
            for day in days
        ]

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        action["domain"] = [("mice_request_id", "=", self.id)]
        action["context"] = {"default_mice_request_id": self.id, "create": False}
        return action

    def action_confirm(self):
        """Confirm the chosen proposal: the order is confirmed, the request becomes definite."""
        self.check_access("write")
        for request in self:
            if not request.order_id:
                raise UserError(
                    self.env._(
                        "Choose a proposal of %(request)s before confirming it.", request=request.display_name
                    )
                )
        self.order_id.filtered(lambda o: o.state in ("draft", "sent")).action_confirm()
        return True

    def _mark_confirmed(self):
        stage = self._confirmed_stage()
        to_move = self.filtered(lambda r: not r.is_confirmed and r.state == "open")
        if stage and to_move:
            with to_move._workflow_moving():
                to_move.stage_id = stage

    def action_set_lost(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lost or Cancelled"),
            "res_model": "mice.request.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }

    def action_reopen(self):
        self.check_access("write")
        self._workflow_write({"state": "open", "lost_reason_id": False})
        return True

    def action_view_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }
