import math
from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors as pgerrors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_amount, format_date, format_datetime, format_time

from .mice_request_requirement import LAYOUTS

BOOKING_STATES = [
    ("option", "Option"),
    ("confirmed", "Confirmed"),
    ("released", "Released"),
    ("cancelled", "Cancelled"),
]
OPTION_RANKS = [("1", "1st Option"), ("2", "2nd Option"), ("3", "3rd Option")]
# Fields whose change changes what a booking holds: its slots are rebuilt after such writes.
SLOT_FIELDS = {"space_id", "date_start", "date_end", "setup_hours", "teardown_hours", "state", "option_rank"}
# Fields whose change changes what a booking costs: the quotations' space lines follow such writes.
CHARGE_FIELDS = {"space_id", "date_start", "date_end", "state", "fb_minimum"}
HELD_STATES = ("option", "confirmed")
# Range indexes of the periods the diary reads: {index name: (start field, end field)}
DIARY_RANGES = {
    "mice_booking_period_gist": ("date_start", "date_end"),
    "mice_booking_hold_gist": ("hold_start", "hold_end"),
}
# What a diary bar says of its booking, read in bulk column by column (besides request and space)
DIARY_BAR_FIELDS = (
    "date_start",
    "date_end",
    "hold_start",
    "hold_end",
    "state",
    "option_rank",
    "option_expiry",
    "holds_space",
    "attendees",
)
# The longest period the diary reads in one call (its widest scale shows two weeks)
DIARY_MAX_DAYS = 62
# The operators of a condition on a booking's space the diary turns into one on the space
DIARY_SPACE_OPERATORS = (
    "=",
    "!=",
    "in",
    "not in",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "=like",
    "=ilike",
)
OPERATOR_ARITY = {expression.AND_OPERATOR: 2, expression.OR_OPERATOR: 2, expression.NOT_OPERATOR: 1}


def _top_level_leaves(domain):
    """The leaves the whole domain requires (its top-level AND), whatever its other terms say."""
    domain = expression.normalize_domain(list(domain or []))

    def end_of(index):  # the index after the term starting at ``index`` (prefix notation)
        missing = 1
        while missing:
            token = domain[index]
            missing += (OPERATOR_ARITY.get(token, 0) if isinstance(token, str) else 0) - 1
            index += 1
        return index

    leaves, todo = [], [0] if domain else []
    while todo:
        index = todo.pop()
        token = domain[index]
        if token == expression.AND_OPERATOR:
            todo += [index + 1, end_of(index + 1)]
        elif isinstance(token, list | tuple) and len(token) == 3:
            leaves.append(tuple(token))
    return leaves


class MiceBooking(models.Model):
    """A function space held for a request over a time range, setup and teardown included."""

    _name = "mice.booking"
    _description = "MICE Space Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "kam.workflow.mixin", "kam.checked.mixin"]
    _order = "date_start, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "mice.request", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="request_id.user_id", string="Event Manager", store=True)
    partner_id = fields.Many2one(related="request_id.partner_id", string="Client")
    space_id = fields.Many2one(
        "mice.space",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        context={"active_test": False},
    )
    venue_id = fields.Many2one(related="space_id.venue_id", store=True, index=True)
    date_start = fields.Datetime(string="Start", required=True, tracking=True, index=True)
    date_end = fields.Datetime(string="End", required=True, tracking=True, index=True)
    setup_hours = fields.Float(
        string="Setup Time", compute="_compute_setup_teardown", store=True, readonly=False, precompute=True
    )
    teardown_hours = fields.Float(
        string="Teardown Time", compute="_compute_setup_teardown", store=True, readonly=False, precompute=True
    )
    hold_start = fields.Datetime(compute="_compute_hold_range", store=True, string="Held From")
    hold_end = fields.Datetime(compute="_compute_hold_range", store=True, string="Held Until")
    duration_hours = fields.Float(string="Hours Held", compute="_compute_hold_range", store=True)
    layout = fields.Selection(LAYOUTS, required=True, default="theatre")
    attendees = fields.Integer(required=True, default=1)
    force_capacity = fields.Boolean(
        groups="kam_mice.group_mice_manager",
        help="Allow more people than the layout seats.",
    )
    state = fields.Selection(BOOKING_STATES, required=True, default="option", tracking=True, index=True)
    option_rank = fields.Selection(OPTION_RANKS, default="1", tracking=True)
    option_expiry = fields.Date(tracking=True, index="btree_not_null")
    holds_space = fields.Boolean(compute="_compute_holds_space", store=True, index=True)
    is_expired = fields.Boolean(
        compute="_compute_is_expired", help="An option past its expiry date: it holds nothing any more."
    )
    date_warning = fields.Char(compute="_compute_date_warning")
    notes = fields.Text(string="Operations Notes")
    currency_id = fields.Many2one(related="company_id.currency_id")
    fb_minimum = fields.Monetary(
        string="F&B Minimum Spend",
        compute="_compute_fb_minimum",
        store=True,
        readonly=False,
        precompute=True,
        help="Food and beverage the client spends at least per day of the booking, the space's by "
        "default; below it, the quotations charge the shortfall.",
    )
    slot_ids = fields.One2many("mice.booking.slot", "booking_id", string="Held Spaces", readonly=True)

    _sql_constraints = [
        ("booking_dates_ordered", "CHECK (date_end > date_start)", "A booking must end after it starts."),
        ("booking_attendees_positive", "CHECK (attendees > 0)", "A booking needs at least one person."),
        (
            "booking_setup_not_negative",
            "CHECK (setup_hours >= 0 AND teardown_hours >= 0)",
            "Setup and teardown times cannot be negative.",
        ),
        (
            "booking_option_has_expiry",
            "CHECK (state != 'option' OR (option_expiry IS NOT NULL AND option_rank IS NOT NULL))",
            "An option needs a rank and an expiry date.",
        ),
        (
            "booking_fb_minimum_not_negative",
            "CHECK (COALESCE(fb_minimum, 0) >= 0)",
            "A minimum spend cannot be negative.",
        ),
    ]

    def init(self):
        # The diary asks for bookings overlapping a period (date_start <= end AND date_end >= start,
        # or the same on the hold range): two btree indexes cannot answer that without scanning the
        # history before or after the period; a range index can, and _search adds the matching
        # condition.
        for index, (start, end) in DIARY_RANGES.items():
            create_index(self.env.cr, index, self._table, [f"tsrange({start}, {end}, '[]')"], method="gist")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if query.is_empty():
            return query
        for start_field, end_field in DIARY_RANGES.values():
            period = self._diary_period(domain, start_field, end_field)
            if period:
                query.add_where(
                    SQL(
                        "tsrange(%s, %s, '[]') && tsrange(%s, %s, '[]')",
                        SQL.identifier(self._table, start_field),
                        SQL.identifier(self._table, end_field),
                        period[0],
                        period[1],
                    )
                )
        return query

    @api.model
    def _diary_period(self, domain, start_field="date_start", end_field="date_end"):
        """(start, end) when the domain asks for bookings whose ``start_field``..``end_field`` range
        overlaps a period, ANDed with the rest of the domain (whatever else it says)."""
        start = end = None
        for leaf in _top_level_leaves(domain):
            field, operator, value = leaf
            if not value:
                continue
            if field == start_field and operator in ("<", "<="):
                end = fields.Datetime.to_datetime(value)
            elif field == end_field and operator in (">", ">="):
                start = fields.Datetime.to_datetime(value)
        if start and end and start <= end:
            return start, end
        return None

    @api.depends("request_id.name", "space_id.name")
    def _compute_display_name(self):
        for booking in self:
            booking.display_name = f"{booking.request_id.name} - {booking.space_id.name}"

    @api.depends("space_id")
    def _compute_setup_teardown(self):
        for booking in self:
            booking.setup_hours = booking.space_id.setup_hours
            booking.teardown_hours = booking.space_id.teardown_hours

    @api.depends("space_id")
    def _compute_fb_minimum(self):
        for booking in self:
            booking.fb_minimum = booking.space_id.fb_minimum

    @api.depends("date_start", "date_end", "setup_hours", "teardown_hours")
    def _compute_hold_range(self):
        for booking in self:
            if booking.date_start and booking.date_end:
                booking.hold_start = booking.date_start - timedelta(hours=booking.setup_hours)
                booking.hold_end = booking.date_end + timedelta(hours=booking.teardown_hours)
                booking.duration_hours = (booking.hold_end - booking.hold_start).total_seconds() / 3600
            else:
                booking.hold_start = booking.hold_end = False
                booking.duration_hours = 0.0

    @api.depends("state", "option_rank")
    def _compute_holds_space(self):
        for booking in self:
            booking.holds_space = booking.state == "confirmed" or (
                booking.state == "option" and booking.option_rank == "1"
            )

    @api.depends("state", "option_expiry")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for booking in self:
            booking.is_expired = (
                booking.state == "option" and bool(booking.option_expiry) and booking.option_expiry < today
            )

    @api.depends("date_start", "date_end", "request_id.date_start", "request_id.date_end")
    def _compute_date_warning(self):
        for booking in self:
            request = booking.request_id
            booking.date_warning = False
            if (
                booking.date_start
                and booking.date_end
                and request.date_start
                and (
                    booking.date_start.date() < request.date_start
                    or booking.date_end.date() > request.date_end
                )
            ):
                booking.date_warning = self.env._(
                    "This booking is outside the dates of %(request)s (%(start)s to %(end)s).",
                    request=request.name,
                    start=format_date(self.env, request.date_start),
                    end=format_date(self.env, request.date_end),
                )

    def _checks_before_sql(self):
        return ("_check_times_and_attendees", "_check_option_terms", "_check_fb_minimum")

    @api.constrains("fb_minimum")
    def _check_fb_minimum(self):
        for booking in self:
            if booking.fb_minimum < 0:
                raise ValidationError(self.env._("A minimum spend cannot be negative."))

    @api.constrains("date_start", "date_end", "setup_hours", "teardown_hours", "attendees")
    def _check_times_and_attendees(self):
        for booking in self:
            if booking.date_start and booking.date_end and booking.date_end <= booking.date_start:
                raise ValidationError(
                    self.env._(
                        "The booking of %(space)s must end after it starts.", space=booking.space_id.name
                    )
                )
            if booking.attendees <= 0:
                raise ValidationError(
                    self.env._(
                        "The booking of %(space)s needs at least one person.", space=booking.space_id.name
                    )
                )
            if booking.setup_hours < 0 or booking.teardown_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The setup and teardown times of the booking of %(space)s cannot be negative.",
                        space=booking.space_id.name,
                    )
                )
            try:
                if booking.date_start and booking.date_end:
                    booking.date_start - timedelta(hours=booking.setup_hours)
                    booking.date_end + timedelta(hours=booking.teardown_hours)
            except OverflowError:
                raise ValidationError(
                    self.env._(
                        "The booking of %(space)s, setup and teardown included, is outside the calendar.",
                        space=booking.space_id.name,
                    )
                ) from None

    @api.constrains("state", "option_rank", "option_expiry")
    def _check_option_terms(self):
        for booking in self:
            if booking.state == "option" and not (booking.option_rank and booking.option_expiry):
                raise ValidationError(
                    self.env._(
                        "The option on %(space)s needs a rank and an expiry date.",
                        space=booking.space_id.name,
                    )
                )

    @api.constrains("space_id")
    def _check_space_active(self):
        for booking in self:
            if not booking.space_id.active:
                raise ValidationError(
                    self.env._(
                        "The space %(space)s is archived: it cannot be booked.", space=booking.space_id.name
                    )
                )

    @api.constrains("attendees", "layout", "space_id")
    def _check_capacity(self):
        for booking in self:
            capacity = booking.space_id.capacity_for(booking.layout)
            if booking.attendees > capacity and not booking.sudo().force_capacity:
                # sudo: force_capacity is a manager-only field; reading it to validate is always allowed
                raise ValidationError(
                    self.env._(
                        "%(space)s seats %(capacity)s people in %(layout)s layout, not %(attendees)s; "
                        "a MICE manager can force it.",
                        space=booking.space_id.name,
                        capacity=capacity,
                        layout=dict(self._fields["layout"]._description_selection(self.env))[booking.layout],
                        attendees=booking.attendees,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def _check_force_capacity_rights(self, vals_list):
        if any(vals.get("force_capacity") for vals in vals_list) and not (
            self.env.su or self.env.user.has_group("kam_mice.group_mice_manager")
        ):
            raise AccessError(self.env._("Only a MICE manager can book more people than a space seats."))

    def _check_expiry_ahead(self, vals_list):
        """An option expires today at the earliest: a past expiry would release it on the spot."""
        today = fields.Date.context_today(self)
        for vals in vals_list:
            expiry = fields.Date.to_date(vals.get("option_expiry"))
            is_option = (
                vals.get("state", "option") == "option"
                if not self
                else (vals.get("state") == "option" or any(booking.state == "option" for booking in self))
            )
            if expiry and expiry < today and is_option:
                raise ValidationError(
                    self.env._(
                        "The option's expiry (%(date)s) is already past: an option expires today at the "
                        "earliest.",
                        date=format_date(self.env, expiry),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_force_capacity_rights(vals_list)
        self._check_expiry_ahead(vals_list)
        bookings = super().create(vals_list)
        bookings._sync_slots()
        bookings._sync_order_lines()
        return bookings

    def write(self, vals):
        self._check_force_capacity_rights([vals])
        if "option_expiry" in vals:
            self._check_expiry_ahead([vals])
        freed = self.browse()
        if "state" in vals or "option_rank" in vals:
            freed = self.filtered("holds_space")
        res = super().write(vals)
        if SLOT_FIELDS & vals.keys():
            self._sync_slots()
        freed = freed.filtered(lambda b: not b.holds_space)
        if freed:
            freed._promote_waiting_options()
        if CHARGE_FIELDS & vals.keys():
            moved = {"space_id", "date_start", "date_end"} & vals.keys()
            self._sync_order_lines(relabel=self if moved else None)
        return res

    def unlink(self):
        freed = self.filtered("holds_space")
        waiting = freed._waiting_options()
        self._sync_order_lines(leaving=self)
        res = super().unlink()
        waiting.exists()._promote()
        return res

    # ------------------------------------------------------------------ holding space
    def _sync_slots(self):
        """Rebuild the slot rows of these bookings; PostgreSQL refuses any overlap on a held space."""
        if not self:
            return
        self.env["mice.booking"]._expire_options()  # an expired option never blocks a space
        self.flush_model(["space_id", "hold_start", "hold_end", "holds_space"])
        rows = [
            (booking.id, space.id, booking.hold_start, booking.hold_end)
            for booking in self.filtered("holds_space")
            for space in booking.space_id._all_held_spaces()
        ]
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM mice_booking_slot WHERE booking_id IN %s", tuple(self.ids)))
        if rows:
            try:
                # A clash is the everyday answer, not a failure: the exclusion constraint decides
                # (under concurrency too), the user reads our message, the log stays quiet (as
                # Odoo's sequence_mixin does for its expected conflicts).
                with cr.savepoint(flush=False):
                    cr.execute(
                        SQL(
                            "INSERT INTO mice_booking_slot (booking_id, space_id, hold_start, hold_end) "
                            "VALUES %s",
                            SQL(", ").join(SQL("(%s, %s, %s, %s)", *row) for row in rows),
                        ),
                        log_exceptions=False,
                    )
            except pgerrors.ExclusionViolation:
                raise ValidationError(self._clash_message(rows)) from None
        self.env["mice.booking.slot"].invalidate_model()
        self.invalidate_recordset(["slot_ids"])

    def _clash_message(self, rows):
        """Name the request that holds the space, even one committed by another transaction."""
        query = SQL(
            """
            SELECT mine.booking_id, r.name, p.name, v.name,
                   COALESCE(sp.name->>%(lang)s, sp.name->>'en_US'), b.hold_start, b.hold_end
              FROM (VALUES %(rows)s) AS mine (booking_id, space_id, hold_start, hold_end)
              JOIN mice_booking_slot s
                ON s.space_id = mine.space_id
               AND tsrange(s.hold_start, s.hold_end, '[)') && tsrange(mine.hold_start, mine.hold_end, '[)')
              JOIN mice_booking b ON b.id = s.booking_id
              JOIN mice_request r ON r.id = b.request_id
              JOIN res_partner p ON p.id = r.partner_id
              JOIN mice_space sp ON sp.id = b.space_id
              JOIN mice_venue v ON v.id = sp.venue_id
             WHERE s.booking_id NOT IN %(mine)s
             LIMIT 1
            """,
            lang=self.env.lang or "en_US",
            rows=SQL(", ").join(SQL("(%s, %s, %s::timestamp, %s::timestamp)", *row) for row in rows),
            mine=tuple(self.ids),
        )
        self.env.cr.execute(query)
        found = self.env.cr.fetchone()
        if not found:
            # Repeatable read: a booking committed meanwhile by another connection is invisible to
            # this transaction's snapshot; read it through a fresh cursor.
            with self.env.registry.cursor() as cr:
                cr.execute(query)
                found = cr.fetchone()
        if not found:
            return self.env._("These bookings hold the same space at the same time.")
        booking_id, request, client, venue, space, start, end = found
        space_label = f"{venue} / {space}"
        return self.env._(
            "%(space)s is already held from %(start)s to %(end)s by %(request)s (%(client)s): "
            "it cannot also be held for %(mine)s.",
            space=space_label,
            # in the user's time zone and format, as they typed them
            start=format_datetime(self.env, start, tz=self.env.context.get("tz"), dt_format="short"),
            end=format_datetime(self.env, end, tz=self.env.context.get("tz"), dt_format="short"),
            request=request,
            client=client,
            mine=self.browse(booking_id).request_id.name,
        )

    def _waiting_options(self):
        """2nd and 3rd options waiting behind these bookings (same space, overlapping times)."""
        if not self:
            return self.browse()
        overlaps = expression.OR(
            [
                [
                    ("space_id", "=", booking.space_id.id),
                    ("hold_start", "<", booking.hold_end),
                    ("hold_end", ">", booking.hold_start),
                ]
                for booking in self
            ]
        )
        return self.search(
            expression.AND(
                [
                    overlaps,
                    [("state", "=", "option"), ("option_rank", "in", ("2", "3")), ("id", "not in", self.ids)],
                ]
            )
        )

    def _promote_waiting_options(self):
        self._waiting_options()._promote()

    def _promote(self):
        """Move waiting options up one rank; a new 1st option tells its owner with an activity."""
        for booking in self.sorted(lambda b: (b.option_rank, b.id)):
            new_rank = str(int(booking.option_rank) - 1)
            try:
                with self.env.cr.savepoint():
                    booking.option_rank = new_rank
            except ValidationError:
                booking.invalidate_recordset()
                continue  # something else holds the space now: the option keeps waiting
            if new_rank == "1":
                booking.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=booking.user_id.id or self.env.user.id,
                    summary=self.env._("Now 1st option"),
                    note=self.env._(
                        "%(space)s is now held for %(request)s as 1st option until %(expiry)s.",
                        space=booking.space_id.display_name,
                        request=booking.request_id.name,
                        expiry=format_date(self.env, booking.option_expiry),
                    ),
                )

    @api.model
    def _expire_options(self):
        # sudo: expiry is housekeeping over every company's options; an expired option must never block
        expired = self.sudo().search(
            [("state", "=", "option"), ("option_expiry", "<", fields.Date.context_today(self))]
        )
        if expired:
            expired._workflow_write({"state": "released"})
        return expired

    @api.model
    def _cron_expire_options(self):
        self._expire_options()

    # ------------------------------------------------------------------ actions
    def action_confirm(self):
        self._check_booking_state(("option",), self.env._("Only options can be confirmed."))
        self._workflow_write({"state": "confirmed"})
        return True

    def action_release(self):
        self._check_booking_state(("option", "confirmed"), self.env._("Only held spaces can be released."))
        self._workflow_write({"state": "released"})
        return True

    def action_cancel(self):
        self._check_booking_state(("option", "confirmed"), self.env._("Only held spaces can be cancelled."))
        self._workflow_write({"state": "cancelled"})
        return True

    def action_reset_option(self):
        self._check_booking_state(
            ("released", "cancelled"), self.env._("Only released or cancelled bookings become options again.")
        )
        today = fields.Date.context_today(self)
        past = self.filtered(lambda booking: booking.option_expiry and booking.option_expiry < today)
        if past:
            raise UserError(
                self.env._(
                    "The option on %(space)s expired on %(date)s: give it a new expiry date first.",
                    space=past[0].space_id.display_name,
                    date=format_date(self.env, past[0].option_expiry),
                )
            )
        self._workflow_write({"state": "option"})
        return True

    def _check_booking_state(self, states, message):
        self.check_access("write")
        if any(booking.state not in states for booking in self):
            raise UserError(message)

    # ------------------------------------------------------------------ quotation lines
    def _sync_order_lines(self, leaving=None, relabel=None):
        """The rental and F&B minimum lines of these bookings' requests, on their open quotations
        and on their confirmed order while it is not locked (as room blocks do). ``leaving``:
        bookings about to be deleted, whose lines go; ``relabel``: bookings moved, whose lines
        say their new times."""
        orders = self.request_id.order_ids._mice_following()
        for order in orders:
            bookings = order.mice_request_id.booking_ids
            (bookings - leaving if leaving else bookings)._sync_lines_of(order, relabel=relabel)

    def _sync_lines_of(self, order, relabel=None):
        """Make the space lines of ``order`` match these bookings (all those of its request): a
        rental line per held booking, and a shortfall line where food and beverage stay below the
        minimum spend. Lines of bookings no longer held go (their quantity becomes 0 on a confirmed
        order, which keeps its lines). A line is written only when what it charges changed: its
        description, written in the language of whoever built the quotation, stays otherwise."""
        wanted = self.filtered(lambda booking: booking.state in HELD_STATES)._space_charges(order)
        commands, reprice, kept = [], set(), set()
        for line in order.order_line.filtered("mice_booking_id"):
            slot = (
                line.mice_booking_id,
                "fb_shortfall" if line.mice_space_charge == "fb_shortfall" else "rental",
            )
            values = wanted.get(slot)
            if (
                values
                and slot not in kept
                and (line.product_id.id == values["product_id"] or line.product_updatable)
            ):
                kept.add(slot)
                changes = {
                    name: value
                    for name, value in values.items()
                    if name != "name"
                    and (line[name].id if isinstance(line[name], models.BaseModel) else line[name]) != value
                }
                if changes or (relabel and line.mice_booking_id in relabel):
                    changes["name"] = values["name"]
                    commands.append(fields.Command.update(line.id, changes))
                    if values["mice_space_charge"] == "rental":
                        reprice.add(line.id)
            elif order.state in ("draft", "sent"):
                commands.append(fields.Command.delete(line.id))
            elif line.product_uom_qty:
                commands.append(fields.Command.update(line.id, {"product_uom_qty": 0}))
        for (booking, _slot), values in wanted.items():
            if (booking, _slot) not in kept:
                commands.append(fields.Command.create({**values, "mice_booking_id": booking.id}))
        if not commands:
            return
        order.write({"order_line": commands})
        if reprice:
            # a rental line that changed is priced again by the pricelist, as Odoo's "Update
            # Prices" does (a waived line, priced 0, may have become chargeable)
            lines = self.env["sale.order.line"].browse(reprice)
            lines.invalidate_recordset(["pricelist_item_id"])
            lines.with_context(force_price_recomputation=True)._compute_price_unit()
            lines.discount = 0.0
            lines._compute_discount()

    def _space_charges(self, order):
        """{(booking, "rental" or "fb_shortfall"): order line values} for these held bookings.

        The minimum spend is per space and day: when several bookings hold a space the same day,
        the highest of their minimums applies once, its shortfall charged on the first of them."""
        currency, company = order.currency_id, order.company_id
        spent = self._fb_spent(order)
        minimum, owner = {}, {}
        for booking in self.sorted(lambda booking: (booking.date_start, booking.id)):
            booking_minimum = booking.currency_id._convert(
                booking.fb_minimum, currency, company, order.date_order or fields.Date.context_today(self)
            )
            for day in booking._rental_days():
                key = (booking.space_id, day)
                minimum[key] = max(minimum.get(key, 0.0), booking_minimum)
                owner.setdefault(key, booking)
        charges = {}
        for booking in self:
            keys = [(booking.space_id, day) for day in booking._rental_days()]
            minimum_met = all(
                currency.compare_amounts(minimum[key], 0.0) > 0
                and currency.compare_amounts(spent.get(key, 0.0), minimum[key]) >= 0
                for key in keys
            )
            rental = booking._rental_charge(order)
            if rental:
                product, quantity = rental
                values = {
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "name": booking._rental_label(product),
                    "mice_space_charge": "rental",
                }
                if minimum_met and booking.space_id.rental_waived_if_minimum:
                    values.update(
                        name=booking._rental_label(product, waived=True),
                        price_unit=0.0,
                        discount=0.0,
                        mice_space_charge="rental_waived",
                    )
                charges[booking, "rental"] = values
            owned = [key for key in keys if owner[key] == booking]
            shortfall = currency.round(sum(max(minimum[key] - spent.get(key, 0.0), 0.0) for key in owned))
            if currency.compare_amounts(shortfall, 0.0) > 0:
                charges[booking, "fb_shortfall"] = {
                    "product_id": self.env.ref("kam_mice.product_fb_minimum_shortfall").id,
                    "product_uom_qty": 1.0,
                    "price_unit": shortfall,
                    "discount": 0.0,
                    "name": self.env._(
                        "F&B minimum shortfall, %(space)s, %(days)s: %(spent)s spent of a %(minimum)s "
                        "minimum",
                        space=booking.space_id.display_name,
                        days=", ".join(format_date(self.env, day) for _space, day in owned),
                        spent=format_amount(self.env, sum(spent.get(key, 0.0) for key in owned), currency),
                        minimum=format_amount(self.env, sum(minimum[key] for key in owned), currency),
                    ),
                    "mice_space_charge": "fb_shortfall",
                }
        return charges

    def _fb_spent(self, order):
        """{(space, day): untaxed amount} of the order's food and beverage served in a space: the
        lines of programme items with a space, of a product in the company's F&B categories."""
        categories = order.company_id.mice_fb_categ_ids
        if not categories:
            return {}
        fb_categories = self.env["product.category"].search([("id", "child_of", categories.ids)])
        spent = defaultdict(float)
        for line in order.order_line:
            item = line.mice_programme_line_id
            if item.space_id and line.product_id.categ_id in fb_categories:
                spent[item.space_id, item.date] += line.price_subtotal
        return spent

    def _rental_days(self):
        """The days of the booking in its venue's calendar (an end at midnight ends the day before)."""
        self.ensure_one()
        first = self._local_date(self.date_start)
        last = max(self._local_date(self.date_end - timedelta(seconds=1)), first)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def _rental_charge(self, order):
        """(product, quantity) of the cheapest rental of this booking at the order's prices: hours
        begun at the hourly rate, a half day when the booking fits in one, a full day; a booking
        over several days pays full days. None when the space has no rental product."""
        self.ensure_one()
        space = self.space_id
        days = len(self._rental_days())
        hours = (self.date_end - self.date_start).total_seconds() / 3600
        candidates = []
        if space.rental_day_product_id:
            candidates.append((space.rental_day_product_id, float(days)))
        if days == 1 or not space.rental_day_product_id:
            half_day = self.company_id.mice_half_day_hours
            if space.rental_half_day_product_id and days == 1 and round(hours - half_day, 6) <= 0:
                candidates.append((space.rental_half_day_product_id, 1.0))
            if space.rental_hour_product_id:
                candidates.append((space.rental_hour_product_id, float(math.ceil(round(hours, 6)))))
        if not candidates:
            return None
        return min(candidates, key=lambda candidate: self._rental_amount(order, *candidate))

    def _rental_amount(self, order, product, quantity):
        date = order.date_order or fields.Datetime.now()
        if order.pricelist_id:
            price = order.pricelist_id._get_product_price(
                product, quantity, currency=order.currency_id, uom=product.uom_id, date=date
            )
        else:
            price = product.currency_id._convert(product.lst_price, order.currency_id, order.company_id, date)
        return order.currency_id.round(price * quantity)

    def _rental_label(self, product, waived=False):
        self.ensure_one()
        tz = self._local_tz()
        start = format_datetime(self.env, self.date_start, tz=tz, dt_format="short")
        if len(self._rental_days()) == 1:
            period = f"{start}-{format_time(self.env, self.date_end, tz=tz, time_format='short')}"
        else:
            period = self.env._(
                "%(start)s to %(end)s",
                start=start,
                end=format_datetime(self.env, self.date_end, tz=tz, dt_format="short"),
            )
        if waived:
            return self.env._(
                "%(product)s, %(period)s: waived, F&B minimum spend met",
                product=product.display_name,
                period=period,
            )
        return self.env._("%(product)s, %(period)s", product=product.display_name, period=period)

    # ------------------------------------------------------------------ event order
    def _local_tz(self):
        """The time zone operations read this booking in: its venue's, else its event manager's,
        else the reader's."""
        self.ensure_one()
        return self.venue_id.tz or self.request_id.user_id.tz or self.env.user.tz or "UTC"

    def _local_date(self, value):
        """The day, in the venue's calendar, of one of this booking's (UTC) datetimes."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(self.with_context(tz=self._local_tz()), value).date()

    # ------------------------------------------------------------------ function diary
    @api.model
    @api.readonly
    def get_diary_data(self, date_from, date_to, domain=None):
        """The function diary's screen in one call: the bookings ``domain`` selects whose hold range
        (set-up and tear-down included) meets [``date_from``, ``date_to``) (UTC), and the rows to
        draw them on: the spaces the search can reach, by venue, each combination followed by its
        sections. Read with the user's rights: record rules decide the rows and the bars alike.
        A constant number of queries, whatever the number of spaces and bookings."""
        start, end = fields.Datetime.to_datetime(date_from), fields.Datetime.to_datetime(date_to)
        if not start or not end or end <= start:
            raise UserError(self.env._("The function diary needs a period that ends after it starts."))
        if end - start > timedelta(days=DIARY_MAX_DAYS):
            raise UserError(
                self.env._("The function diary shows %(days)s days at most.", days=DIARY_MAX_DAYS)
            )
        domain = list(domain or [])
        bookings = self.search_fetch(
            expression.AND([domain, [("hold_start", "<", end), ("hold_end", ">", start)]]),
            ["request_id", "space_id", *DIARY_BAR_FIELDS],
            order="hold_start, id",
        )
        spaces = self.env["mice.space"].search_fetch(
            self._diary_space_domain(domain),
            ["name", "sequence", "active", "venue_id", "capacity_max", "section_ids"],
        )
        spaces |= bookings.space_id  # an archived space keeps the rows of its bookings
        rows = self._diary_rows(spaces)
        venues = self.env["mice.venue"].union(*(space.venue_id for space, _level in rows))
        return {
            "venues": [{"id": venue.id, "name": venue.name} for venue in venues],
            "spaces": [
                {
                    "id": space.id,
                    "name": space.name,
                    "venue_id": space.venue_id.id,
                    "level": level,
                    "capacity": space.capacity_max,
                    "section_ids": space.section_ids.ids,
                    "held_space_ids": space._all_held_spaces(include_self=False).ids,
                }
                for space, level in rows
            ],
            "bookings": bookings._diary_bars(),
        }

    def _diary_bars(self):
        """These bookings as the diary draws them. A month of a busy venue is thousands of bars:
        the columns are read in bulk (``mapped``), the requests once each."""
        requests = self.request_id
        requests.fetch(["name", "title", "partner_id"])
        requests.partner_id.fetch(["name"])
        about = {
            request.id: {
                "request_id": request.id,
                "name": request.title or request.name,
                "reference": request.name,
                "client": request.partner_id.name,
            }
            for request in requests
        }
        today = fields.Date.context_today(self)
        to_string = fields.Datetime.to_string
        columns = zip(
            self,
            *(self.mapped(name) for name in DIARY_BAR_FIELDS),
            strict=True,
        )
        return [
            {
                "id": booking.id,
                "space_id": booking.space_id.id,
                **about[booking.request_id.id],
                "date_start": to_string(date_start),
                "date_end": to_string(date_end),
                "hold_start": to_string(hold_start),
                "hold_end": to_string(hold_end),
                "state": state,
                "option_rank": option_rank if state == "option" else False,
                "is_expired": bool(state == "option" and option_expiry and option_expiry < today),
                "holds_space": holds_space,
                "attendees": attendees,
            }
            for (
                booking,
                date_start,
                date_end,
                hold_start,
                hold_end,
                state,
                option_rank,
                option_expiry,
                holds_space,
                attendees,
            ) in columns
        ]

    @api.model
    def _diary_space_domain(self, domain):
        """The spaces a booking matching ``domain`` can be in: the domain's conditions on the space
        and the venue, the other conditions taken as true. A search on a venue or a space shows
        their rows; any other search shows every space, the free ones included."""
        domain = expression.normalize_domain(list(domain or []))
        if expression.NOT_OPERATOR in domain:  # a negated term cannot be widened leaf by leaf
            return []
        space_domain = []
        for term in domain:
            if isinstance(term, str):
                space_domain.append(term)
                continue
            field, operator, value = term
            path = field.split(".", 1) if isinstance(field, str) else [None]
            if path[0] == "venue_id":
                space_domain.append((field, operator, value))
            elif path[0] == "space_id" and len(path) == 2:
                space_domain.append((path[1], operator, value))
            elif path[0] == "space_id" and operator in DIARY_SPACE_OPERATORS:
                # a many2one compared to a name searches the display name, to ids the ids
                by_name = isinstance(value, str) or "like" in operator
                space_domain.append(("display_name" if by_name else "id", operator, value))
            else:
                space_domain.append(expression.TRUE_LEAF)
        return space_domain

    @api.model
    def _diary_rows(self, spaces):
        """``spaces`` in the diary's order, with their indentation: by venue (as the spaces' own
        order), each combination followed by its sections one level deeper, a section under the
        first of its combinations."""
        ordered = sorted(
            spaces,
            key=lambda space: (space.venue_id.name, space.venue_id.id, space.sequence, space.name, space.id),
        )
        position = {space: index for index, space in enumerate(ordered)}
        rows, placed = [], set()

        def place(space, level):
            if space in placed:
                return
            placed.add(space)
            rows.append((space, level))
            for section in sorted(space.section_ids.filtered(lambda s: s in position), key=position.get):
                place(section, level + 1)

        sections = spaces.section_ids
        for space in ordered:
            if space not in sections:
                place(space, 0)
        for space in ordered:  # the sections of a cycle of combinations
            place(space, 0)
        return rows
