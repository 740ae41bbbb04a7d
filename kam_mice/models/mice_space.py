from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .mice_request_requirement import LAYOUTS

# The rental rates of a space: rate field, product field, unit of measure of the product.
RENTAL_RATES = {
    "day": ("rental_day_rate", "rental_day_product_id", "uom.product_uom_day"),
    "half_day": ("rental_half_day_rate", "rental_half_day_product_id", "uom.product_uom_unit"),
    "hour": ("rental_hour_rate", "rental_hour_product_id", "uom.product_uom_hour"),
}


class MiceSpace(models.Model):
    """A function space of a venue, with a capacity per layout; may be a combination of sections."""

    _name = "mice.space"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Function Space"
    _order = "venue_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    venue_id = fields.Many2one("mice.venue", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="venue_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    capacity_theatre = fields.Integer(string="Theatre")
    capacity_classroom = fields.Integer(string="Classroom")
    capacity_ushape = fields.Integer(string="U-shape")
    capacity_boardroom = fields.Integer(string="Boardroom")
    capacity_banquet = fields.Integer(string="Banquet")
    capacity_cocktail = fields.Integer(string="Cocktail")
    capacity_cabaret = fields.Integer(string="Cabaret")
    capacity_max = fields.Integer(string="Max Capacity", compute="_compute_capacity_max", store=True)
    area = fields.Float(string="Area (m²)")
    floor = fields.Char()
    equipment = fields.Text()
    # The rental rates are the sale prices of service products, so that pricelists apply to them; a
    # rate typed before its product exists waits on the space until "Create Rental Products".
    rental_day_product_id = fields.Many2one(
        "product.product",
        string="Full Day Product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        ondelete="restrict",
    )
    rental_half_day_product_id = fields.Many2one(
        "product.product",
        string="Half Day Product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        ondelete="restrict",
    )
    rental_hour_product_id = fields.Many2one(
        "product.product",
        string="Hourly Product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        ondelete="restrict",
    )
    rental_day_rate = fields.Monetary(
        string="Full Day Rate",
        compute="_compute_rental_rates",
        inverse="_inverse_rental_rates",
        store=True,
        readonly=False,
        help="The sale price of the full-day product; it also prices each day of a booking over "
        "several days.",
    )
    rental_half_day_rate = fields.Monetary(
        string="Half Day Rate",
        compute="_compute_rental_rates",
        inverse="_inverse_rental_rates",
        store=True,
        readonly=False,
        help="The sale price of the half-day product, for a booking of at most the half-day hours of "
        "the company (Sales settings).",
    )
    rental_hour_rate = fields.Monetary(
        string="Hourly Rate",
        compute="_compute_rental_rates",
        inverse="_inverse_rental_rates",
        store=True,
        readonly=False,
        help="The sale price of the hourly product, charged per hour begun.",
    )
    fb_minimum = fields.Monetary(
        string="F&B Minimum Spend",
        help="Food and beverage the client spends at least per day the space is booked (untaxed); "
        "a quotation charges the shortfall.",
    )
    rental_waived_if_minimum = fields.Boolean(
        string="Rental Waived if Minimum Met",
        help="When the client's food and beverage reaches the minimum spend, the rental is not charged.",
    )
    setup_hours = fields.Float(string="Setup Time", default=1.0, help="Held before each booking by default.")
    teardown_hours = fields.Float(
        string="Teardown Time", default=1.0, help="Held after each booking by default."
    )
    section_ids = fields.Many2many(
        "mice.space",
        "mice_space_section_rel",
        "combination_id",
        "section_id",
        string="Sections",
        check_company=True,
        help="A combination (a ballroom) is made of sections: booking it holds them all.",
    )
    combination_ids = fields.Many2many(
        "mice.space", "mice_space_section_rel", "section_id", "combination_id", string="Part of"
    )

    _sql_constraints = [
        (
            "capacities_not_negative",
            "CHECK (LEAST(capacity_theatre, capacity_classroom, capacity_ushape, capacity_boardroom, "
            "capacity_banquet, capacity_cocktail, capacity_cabaret) >= 0)",
            "A capacity cannot be negative.",
        ),
        (
            "setup_teardown_not_negative",
            "CHECK (setup_hours >= 0 AND teardown_hours >= 0)",
            "Setup and teardown times cannot be negative.",
        ),
        ("area_not_negative", "CHECK (area >= 0)", "An area cannot be negative."),
        (
            "space_amounts_not_negative",
            "CHECK (rental_day_rate >= 0 AND rental_half_day_rate >= 0 AND rental_hour_rate >= 0 "
            "AND fb_minimum >= 0)",
            "Rental rates and minimum spends cannot be negative.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_measures",)

    @api.constrains(
        *[f"capacity_{layout}" for layout, _label in LAYOUTS],
        "setup_hours",
        "teardown_hours",
        "area",
        "rental_day_rate",
        "rental_half_day_rate",
        "rental_hour_rate",
        "fb_minimum",
    )
    def _check_measures(self):
        for space in self:
            if min(space[f"capacity_{layout}"] for layout, _label in LAYOUTS) < 0:
                raise ValidationError(self.env._("A capacity cannot be negative."))
            if space.setup_hours < 0 or space.teardown_hours < 0:
                raise ValidationError(self.env._("Setup and teardown times cannot be negative."))
            if space.area < 0:
                raise ValidationError(self.env._("An area cannot be negative."))
            if min(space[rate] for rate, _product, _uom in RENTAL_RATES.values()) < 0 or space.fb_minimum < 0:
                raise ValidationError(self.env._("Rental rates and minimum spends cannot be negative."))

    @api.depends(*[f"capacity_{layout}" for layout, _label in LAYOUTS])
    def _compute_capacity_max(self):
        for space in self:
            space.capacity_max = max(space[f"capacity_{layout}"] for layout, _label in LAYOUTS)

    @api.depends(
        "rental_day_product_id.list_price",
        "rental_half_day_product_id.list_price",
        "rental_hour_product_id.list_price",
    )
    def _compute_rental_rates(self):
        for space in self:
            for rate, product, _uom in RENTAL_RATES.values():
                # no product: the rate typed on the space waits for its product
                if space[product]:
                    space[rate] = space[product].list_price

    def _inverse_rental_rates(self):
        for space in self:
            for rate, product, _uom in RENTAL_RATES.values():
                if space[product] and space[product].list_price != space[rate]:
                    # sudo: the space's rental products are its prices, set by whoever may edit the
                    # space (a MICE manager), not only by a sales administrator
                    space[product].sudo().list_price = space[rate]

    @api.depends("venue_id.name")
    def _compute_display_name(self):
        for space in self:
            space.display_name = f"{space.venue_id.name} / {space.name}" if space.venue_id else space.name

    @api.constrains("section_ids", "combination_ids")
    def _check_sections(self):
        for space in self | self.combination_ids:
            if space in space._all_held_spaces(include_self=False):
                raise ValidationError(
                    self.env._("The combination %(space)s cannot include itself.", space=space.name)
                )
            if space.section_ids.venue_id - space.venue_id:
                raise ValidationError(
                    self.env._("The sections of %(space)s must be in the same venue.", space=space.name)
                )

    def action_create_rental_products(self):
        """Create the missing rental products from the rates typed on the space: a service product
        per rate, its sale price the rate, so that pricelists can change it."""
        self.check_access("write")
        category = self.env.ref("kam_mice.product_category_space_rental")
        for space in self:
            missing = [
                kind
                for kind, (rate, product, _uom) in RENTAL_RATES.items()
                if space[rate] and not space[product]
            ]
            if not missing:
                continue
            # sudo: see _inverse_rental_rates; the products belong to the space's company
            products = (
                self.env["product.product"]
                .sudo()
                .create(
                    [
                        {
                            "name": space._rental_product_name(kind),
                            "type": "service",
                            "invoice_policy": "order",
                            "sale_ok": True,
                            "purchase_ok": False,
                            "list_price": space[RENTAL_RATES[kind][0]],
                            "uom_id": self.env.ref(RENTAL_RATES[kind][2]).id,
                            "uom_po_id": self.env.ref(RENTAL_RATES[kind][2]).id,
                            "categ_id": category.id,
                            "company_id": space.company_id.id,
                        }
                        for kind in missing
                    ]
                )
            )
            space.write(
                {RENTAL_RATES[kind][1]: product.id for kind, product in zip(missing, products, strict=True)}
            )
        return True

    def _rental_product_name(self, kind):
        self.ensure_one()
        if kind == "day":
            return self.env._("%(space)s: full-day rental", space=self.display_name)
        if kind == "half_day":
            return self.env._("%(space)s: half-day rental", space=self.display_name)
        return self.env._("%(space)s: hourly rental", space=self.display_name)

    def write(self, vals):
        relinked = {"section_ids", "combination_ids"} & vals.keys()
        before = self._with_combinations() if relinked else self.browse()
        res = super().write(vals)
        if relinked:
            (before | self._with_combinations())._rebuild_holds()
        return res

    def _with_combinations(self):
        """These spaces and the combinations that include them, at any depth."""
        return self._reachable("combination_ids")

    def _rebuild_holds(self):
        """A combination holds its sections: when they change, the bookings of these spaces that
        have not ended hold the new set, and a change that would hold a space twice is refused.
        Past bookings keep the holds of their time."""
        # sudo: a space is held for every company's and every user's bookings alike
        bookings = (
            self.env["mice.booking"]
            .sudo()
            .search(
                [
                    ("space_id", "in", self.ids),
                    ("holds_space", "=", True),
                    ("hold_end", ">", fields.Datetime.now()),
                ]
            )
        )
        try:
            bookings._sync_slots()
        except ValidationError as clash:
            raise ValidationError(
                self.env._(
                    "The sections of %(spaces)s cannot change: %(clash)s",
                    spaces=", ".join(self.mapped("display_name")),
                    clash=clash.args[0],
                )
            ) from None

    def _all_held_spaces(self, include_self=True):
        """The spaces a booking of these spaces holds: themselves and their sections, at any depth."""
        return self._reachable("section_ids", include_self)

    def _reachable(self, relation, include_self=True):
        """The spaces reached from these through ``relation`` (sections or combinations), at any
        depth; a cycle ends the walk."""
        found = self if include_self else self.browse()
        todo = self[relation]
        while todo - found:
            new = todo - found
            found |= new
            todo = new[relation]
        return found

    def capacity_for(self, layout):
        self.ensure_one()
        return self[f"capacity_{layout}"] if layout else self.capacity_max

    @api.model
    def _find_available(self, periods, attendees, layout, venues=None):
        """The spaces free for ``attendees`` seated in ``layout`` over every one of ``periods``
        (``(start, end)`` in UTC, one per day of an event), each space's set-up and tear-down
        included, best fit first: ``[(space, capacity)]``.

        Free means that no held booking (confirmed, or a 1st option not expired) holds the space or
        one of its sections: the rows the exclusion constraint checks. Second options hold nothing.
        Two queries whatever the history: the candidates, then what holds them in the periods (the
        slots' range index answers it, one index scan per period).
        """
        if not periods or attendees <= 0 or any(end <= start for start, end in periods):
            return []
        domain = [(f"capacity_{layout}", ">=", attendees)]
        if venues:
            domain.append(("venue_id", "in", venues.ids))
        candidates = self.search(domain)
        if not candidates:
            return []
        held = {space: space._all_held_spaces() for space in candidates}
        before = timedelta(hours=max(candidates.mapped("setup_hours")))
        after = timedelta(hours=max(candidates.mapped("teardown_hours")))
        self.env.cr.execute(
            SQL(
                """
                SELECT slot.space_id, slot.hold_start, slot.hold_end
                  FROM unnest(%(ranges)s::tsrange[]) AS wanted (period)
                  JOIN mice_booking_slot slot
                    ON tsrange(slot.hold_start, slot.hold_end, '[)') && wanted.period
                  JOIN mice_booking booking ON booking.id = slot.booking_id
                 WHERE slot.space_id = ANY(%(spaces)s)
                   -- an expired option no longer blocks (the daily job releases it)
                   AND NOT (booking.state = 'option' AND booking.option_expiry < %(today)s)
                """,
                ranges=[f"[{start - before},{end + after})" for start, end in periods],
                spaces=list({space.id for spaces in held.values() for space in spaces}),
                today=fields.Date.context_today(self),
            )
        )
        taken = {}
        for space_id, start, end in self.env.cr.fetchall():
            taken.setdefault(space_id, []).append((start, end))
        found = []
        for space in candidates:
            setup, teardown = timedelta(hours=space.setup_hours), timedelta(hours=space.teardown_hours)
            holds = [(start - setup, end + teardown) for start, end in periods]
            slots = [slot for held_space in held[space] for slot in taken.get(held_space.id, ())]
            if not any(
                start < hold_end and hold_start < end
                for start, end in slots
                for hold_start, hold_end in holds
            ):
                found.append((space, space.capacity_for(layout)))
        # the best fit first: the fewest empty seats (the sort is stable: then the spaces' order)
        found.sort(key=lambda row: row[1])
        return found
