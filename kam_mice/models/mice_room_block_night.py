from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class MiceRoomBlockNight(models.Model):
    """One night of a room block: the rooms allotted, picked up by the rooming list, released."""

    _name = "mice.room.block.night"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Room Block Night"
    _order = "block_id, date"

    block_id = fields.Many2one("mice.room.block", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="block_id.company_id", store=True)
    date = fields.Date(string="Night of", required=True)
    rooms_allotted = fields.Integer(string="Allotted", required=True, default=0)
    rooms_picked_up = fields.Integer(string="Picked Up", compute="_compute_rooms_picked_up", store=True)
    rooms_released = fields.Integer(string="Released", readonly=True, copy=False, help="At the cut-off.")
    rooms_available = fields.Integer(string="Available", compute="_compute_rooms_available")

    _sql_constraints = [
        ("night_unique", "UNIQUE (block_id, date)", "A room block has one line per night."),
        ("night_allotted_not_negative", "CHECK (rooms_allotted >= 0)", "An allotment cannot be negative."),
        (
            "night_pickup_within_allotment",
            "CHECK (rooms_picked_up + rooms_released <= rooms_allotted)",
            "A night's rooms picked up and released cannot exceed its allotment.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_allotment",)

    @api.depends("block_id.rooming_ids.arrival", "block_id.rooming_ids.departure")
    def _compute_rooms_picked_up(self):
        for night in self:
            night.rooms_picked_up = len(
                night.block_id.rooming_ids.filtered(
                    lambda entry, day=night.date: entry.arrival and entry.arrival <= day < entry.departure
                )
            )

    @api.depends("rooms_allotted", "rooms_picked_up", "rooms_released")
    def _compute_rooms_available(self):
        for night in self:
            night.rooms_available = night.rooms_allotted - night.rooms_picked_up - night.rooms_released

    @api.constrains("rooms_allotted", "rooms_picked_up", "rooms_released")
    def _check_allotment(self):
        for night in self:
            if night.rooms_allotted < 0:
                raise ValidationError(self.env._("An allotment cannot be negative."))
            if night.rooms_picked_up + night.rooms_released > night.rooms_allotted:
                block = night.block_id
                raise ValidationError(
                    self.env._(
                        "%(block)s has no room left on the night of %(date)s: %(allotted)s allotted, "
                        "%(picked)s picked up by the rooming list, %(released)s released at the cut-off.",
                        block=", ".join([block.venue_id.name, block.room_type]),
                        date=format_date(self.env, night.date),
                        allotted=night.rooms_allotted,
                        picked=night.rooms_picked_up,
                        released=night.rooms_released,
                    )
                )
