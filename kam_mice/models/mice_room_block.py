from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import groupby


class MiceRoomBlock(models.Model):
    """Guest rooms held at a venue for a residential event, released unused at the cut-off date."""

    _name = "mice.room.block"
    _inherit = ["kam.workflow.mixin", "kam.checked.mixin"]
    _description = "MICE Guest-room Block"
    _order = "request_id, date_from, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "mice.request", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    venue_id = fields.Many2one("mice.venue", required=True, check_company=True)
    room_type = fields.Char(required=True, default="Double")
    date_from = fields.Date(string="First Night", required=True)
    nights = fields.Integer(required=True, default=1)
    date_to = fields.Date(string="Departure", compute="_compute_date_to", store=True)
    rooms_per_night = fields.Integer(string="Rooms per Night", required=True, default=1)
    rooms_picked_up = fields.Integer(string="Picked Up", help="Rooms per night actually booked by attendees.")
    release_date = fields.Date(string="Cut-off Date", required=True)
    rooms_released = fields.Integer(string="Released", readonly=True, copy=False)
    room_nights = fields.Integer(compute="_compute_room_nights", store=True)
    state = fields.Selection(
        [("held", "Held"), ("released", "Released at Cut-off")], default="held", required=True, copy=False
    )

    _sql_constraints = [
        ("room_block_nights_positive", "CHECK (nights > 0)", "A room block covers at least one night."),
        ("room_block_rooms_positive", "CHECK (rooms_per_night > 0)", "A room block holds at least one room."),
        (
            "room_block_pickup_range",
            "CHECK (rooms_picked_up >= 0 AND rooms_picked_up <= rooms_per_night)",
            "The pickup is between zero and the rooms held.",
        ),
        (
            "room_block_release_before",
            "CHECK (release_date <= date_from)",
            "The cut-off comes before the first night.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_rooms_and_dates",)

    @api.constrains("nights", "rooms_per_night", "rooms_picked_up", "release_date", "date_from")
    def _check_rooms_and_dates(self):
        for block in self:
            if block.nights <= 0:
                raise ValidationError(self.env._("A room block covers at least one night."))
            if block.rooms_per_night <= 0:
                raise ValidationError(self.env._("A room block holds at least one room."))
            if not 0 <= block.rooms_picked_up <= block.rooms_per_night:
                raise ValidationError(self.env._("The pickup is between zero and the rooms held."))
            if block.release_date and block.date_from and block.release_date > block.date_from:
                raise ValidationError(self.env._("The cut-off comes before the first night."))

    @api.depends("date_from", "nights")
    def _compute_date_to(self):
        for block in self:
            block.date_to = block.date_from and block.date_from + timedelta(days=block.nights)

    @api.depends("nights", "rooms_per_night", "rooms_picked_up", "state")
    def _compute_room_nights(self):
        for block in self:
            rooms = block.rooms_picked_up if block.state == "released" else block.rooms_per_night
            block.room_nights = rooms * block.nights

    @api.model
    def _cron_release_unused(self):
        """At cut-off, give back the rooms nobody picked up; blocks already released are left alone."""
        due = self.search([("state", "=", "held"), ("release_date", "<=", fields.Date.context_today(self))])
        for unused, blocks in groupby(due, key=lambda b: b.rooms_per_night - b.rooms_picked_up):
            self.browse([b.id for b in blocks])._workflow_write(
                {"state": "released", "rooms_released": unused}
            )
        return due
