from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .mice_request_requirement import LAYOUTS


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
    daily_rate = fields.Monetary()
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
    ]

    def _checks_before_sql(self):
        return ("_check_measures",)

    @api.constrains(
        *[f"capacity_{layout}" for layout, _label in LAYOUTS], "setup_hours", "teardown_hours", "area"
    )
    def _check_measures(self):
        for space in self:
            if min(space[f"capacity_{layout}"] for layout, _label in LAYOUTS) < 0:
                raise ValidationError(self.env._("A capacity cannot be negative."))
            if space.setup_hours < 0 or space.teardown_hours < 0:
                raise ValidationError(self.env._("Setup and teardown times cannot be negative."))
            if space.area < 0:
                raise ValidationError(self.env._("An area cannot be negative."))

    @api.depends(*[f"capacity_{layout}" for layout, _label in LAYOUTS])
    def _compute_capacity_max(self):
        for space in self:
            space.capacity_max = max(space[f"capacity_{layout}"] for layout, _label in LAYOUTS)

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
