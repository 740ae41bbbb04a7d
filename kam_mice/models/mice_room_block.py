import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class MiceRoomBlock(models.Model):
    """Guest rooms allotted at a venue per night and room type for a residential event.

    Attendees pick rooms up through the rooming list; at the cut-off date the rooms nobody picked
    up go back to the venue, and the contracted pickup (attrition) decides what the client pays at
    least. With a room product, the block's room nights are lines of the request's quotations:
    the allotment while the block is held, the pickup and the attrition once it is released.
    """

    _name = "mice.room.block"
    _inherit = ["kam.workflow.mixin", "kam.checked.mixin"]
    _description = "MICE Guest-room Block"
    _order = "request_id, date_from, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "mice.request", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    venue_id = fields.Many2one("mice.venue", required=True, check_company=True)
    room_type = fields.Char(required=True, default="Double")
    date_from = fields.Date(string="First Night", required=True)
    nights = fields.Integer(required=True, default=1)
    date_to = fields.Date(string="Departure", compute="_compute_date_to", store=True)
    rooms_per_night = fields.Integer(
        string="Rooms per Night",
        required=True,
        default=1,
        help="Allotted each night; change a night's allotment in the Nights tab.",
    )
    release_date = fields.Date(string="Cut-off Date", required=True)
    pickup_percent = fields.Float(
        string="Contracted Pickup (%)",
        default=80.0,
        help="The client pays at least this share of the allotted room nights (attrition), whatever "
        "the pickup at the cut-off.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Room Product",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        help="With a product, the block's room nights are lines of the request's quotations (leave "
        "empty when the programme prices accommodation per person and night).",
    )
    price_unit = fields.Monetary(string="Rate per Room Night")
    night_ids = fields.One2many("mice.room.block.night", "block_id", string="Allotment per Night", copy=False)
    rooming_ids = fields.One2many("mice.rooming.entry", "block_id", string="Rooming List", copy=False)
    room_nights_allotted = fields.Integer(compute="_compute_room_nights", store=True)
    room_nights_picked_up = fields.Integer(compute="_compute_room_nights", store=True)
    rooms_released = fields.Integer(
        string="Room Nights Released", compute="_compute_room_nights", store=True, help="At the cut-off."
    )
    attrition_room_nights = fields.Integer(
        string="Attrition",
        compute="_compute_room_nights",
        store=True,
        help="Room nights below the contracted pickup: charged at the room rate once the block is released.",
    )
    room_nights = fields.Integer(
        string="Room Nights Billed",
        compute="_compute_room_nights",
        store=True,
        help="The allotment while the block is held; the pickup once released (attrition billed apart).",
    )
    pickup_ratio = fields.Float(string="Pickup", compute="_compute_room_nights", store=True, aggregator="avg")
    state = fields.Selection(
        [("held", "Held"), ("released", "Released at Cut-off")], default="held", required=True, copy=False
    )

    _sql_constraints = [
        ("room_block_nights_positive", "CHECK (nights > 0)", "A room block covers at least one night."),
        ("room_block_rooms_positive", "CHECK (rooms_per_night > 0)", "A room block holds at least one room."),
        (
            "room_block_release_before",
            "CHECK (release_date <= date_from)",
            "The cut-off comes before the first night.",
        ),
        (
            "room_block_pickup_percent_range",
            "CHECK (pickup_percent >= 0 AND pickup_percent <= 100)",
            "The contracted pickup is a percentage, from 0 to 100.",
        ),
        ("room_block_rate_not_negative", "CHECK (price_unit >= 0)", "A room rate cannot be negative."),
    ]

    def _checks_before_sql(self):
        return ("_check_rooms_and_dates",)

    @api.constrains("nights", "rooms_per_night", "release_date", "date_from", "pickup_percent", "price_unit")
    def _check_rooms_and_dates(self):
        for block in self:
            if block.nights <= 0:
                raise ValidationError(self.env._("A room block covers at least one night."))
            if block.rooms_per_night <= 0:
                raise ValidationError(self.env._("A room block holds at least one room."))
            if block.release_date and block.date_from and block.release_date > block.date_from:
                raise ValidationError(self.env._("The cut-off comes before the first night."))
            if not 0 <= block.pickup_percent <= 100:
                raise ValidationError(self.env._("The contracted pickup is a percentage, from 0 to 100."))
            if block.price_unit < 0:
                raise ValidationError(self.env._("A room rate cannot be negative."))

    @api.depends("venue_id.name", "room_type", "request_id.name")
    def _compute_display_name(self):
        for block in self:
            block.display_name = f"{block.request_id.name} - {block.venue_id.name}, {block.room_type}"

    @api.depends("date_from", "nights")
    def _compute_date_to(self):
        for block in self:
            block.date_to = block.date_from and block.date_from + timedelta(days=block.nights)

    @api.depends(
        "state",
        "pickup_percent",
        "night_ids.rooms_allotted",
        "night_ids.rooms_picked_up",
        "night_ids.rooms_released",
    )
    def _compute_room_nights(self):
        for block in self:
            allotted = sum(block.night_ids.mapped("rooms_allotted"))
            picked_up = sum(block.night_ids.mapped("rooms_picked_up"))
            block.room_nights_allotted = allotted
            block.room_nights_picked_up = picked_up
            block.rooms_released = sum(block.night_ids.mapped("rooms_released"))
            # rounded up: a contracted 80 % of 45 room nights is 36
            contracted = math.ceil(round(allotted * block.pickup_percent / 100, 6))
            block.attrition_room_nights = max(0, contracted - picked_up)
            block.room_nights = picked_up if block.state == "released" else allotted
            block.pickup_ratio = picked_up / allotted if allotted else 0.0

    # ------------------------------------------------------------------ nights
    @api.model_create_multi
    def create(self, vals_list):
        blocks = super().create(vals_list)
        blocks._sync_nights()
        blocks._sync_order_lines()
        return blocks

    def write(self, vals):
        res = super().write(vals)
        if {"date_from", "nights", "rooms_per_night"} & vals.keys():
            self._sync_nights(reset_allotment="rooms_per_night" in vals)
        if {
            "date_from",
            "nights",
            "rooms_per_night",
            "product_id",
            "price_unit",
            "venue_id",
            "room_type",
        } & vals.keys():
            self._sync_order_lines()
        return res

    def _sync_nights(self, reset_allotment=False):
        """One night line per night of the block, allotted ``rooms_per_night`` when it is created."""
        Night = self.env["mice.room.block.night"]
        for block in self:
            wanted = {block.date_from + timedelta(days=n) for n in range(block.nights)}
            existing = {night.date: night for night in block.night_ids}
            gone = block.night_ids.filtered(lambda night, wanted=wanted: night.date not in wanted)
            if gone.filtered("rooms_picked_up"):
                raise ValidationError(
                    self.env._(
                        "Guests of the rooming list stay on %(date)s: move them before taking that night "
                        "out of the block.",
                        date=format_date(self.env, min(gone.filtered("rooms_picked_up").mapped("date"))),
                    )
                )
            gone.unlink()
            if reset_allotment:
                (block.night_ids - gone).write({"rooms_allotted": block.rooms_per_night})
            Night.create(
                [
                    {"block_id": block.id, "date": day, "rooms_allotted": block.rooms_per_night}
                    for day in sorted(wanted - existing.keys())
                ]
            )

    # ------------------------------------------------------------------ quotation lines
    def _sync_order_lines(self):
        """The room nights (and, once released, the attrition) on the request's open quotations and on
        its confirmed order while it is not locked."""
        blocks = self.filtered("product_id")
        if not blocks:
            return
        orders = blocks.request_id.order_ids._mice_following()
        for order in orders:
            for block in blocks.filtered(
                lambda block, order=order: block.request_id == order.mice_request_id
            ):
                block._sync_lines_of(order)

    def _sync_lines_of(self, order):
        self.ensure_one()
        lines = order.order_line.filtered(lambda line: line.mice_room_block_id == self)
        charges = {"rooms": (self.room_nights, self._order_line_label())}
        if self.state == "released" and self.attrition_room_nights:
            charges["attrition"] = (self.attrition_room_nights, self._attrition_label())
        commands = []
        for charge, (quantity, label) in charges.items():
            line = lines.filtered(lambda line, charge=charge: line.mice_room_charge == charge)
            values = {"product_uom_qty": quantity, "price_unit": self.price_unit, "name": label}
            if line:
                commands.append(fields.Command.update(line[0].id, values))
            else:
                commands.append(
                    fields.Command.create(
                        {
                            **values,
                            "product_id": self.product_id.id,
                            "mice_room_block_id": self.id,
                            "mice_room_charge": charge,
                        }
                    )
                )
        for line in lines.filtered(lambda line: line.mice_room_charge not in charges):
            commands.append(fields.Command.update(line.id, {"product_uom_qty": 0}))
        order.write({"order_line": commands})

    def _order_line_label(self):
        return self.env._(
            "%(venue)s, %(room_type)s: room nights from %(start)s to %(end)s",
            venue=self.venue_id.name,
            room_type=self.room_type,
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )

    def _attrition_label(self):
        return self.env._(
            "Room attrition, %(venue)s, %(room_type)s: %(picked)s of %(allotted)s room nights picked up, "
            "%(percent)s %% contracted",
            venue=self.venue_id.name,
            room_type=self.room_type,
            picked=self.room_nights_picked_up,
            allotted=self.room_nights_allotted,
            percent=round(self.pickup_percent, 2),
        )

    def _after_pickup_change(self):
        """The rooming list moved: each night within its allotment, the quotations follow."""
        self.night_ids._check_allotment()
        self._sync_order_lines()

    # ------------------------------------------------------------------ cut-off
    @api.model
    def _cron_release_unused(self):
        """At cut-off, give back the rooms nobody picked up; blocks already released are left alone."""
        due = self.search([("state", "=", "held"), ("release_date", "<=", fields.Date.context_today(self))])
        due._release()
        return due

    def _release(self):
        for night in self.night_ids:
            night.rooms_released = night.rooms_allotted - night.rooms_picked_up
        self._workflow_write({"state": "released"})
        self._sync_order_lines()

    def action_open(self):
        """The block's own form: its nights and its rooming list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
