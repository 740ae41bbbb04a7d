from odoo import fields, models
from odoo.exceptions import UserError


class MiceAvailabilityLine(models.TransientModel):
    """A space found free by an availability search, with one click to hold it."""

    _name = "mice.availability.line"
    _description = "MICE Free Space"
    _order = "sequence, id"

    search_id = fields.Many2one("mice.availability", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    space_id = fields.Many2one("mice.space", required=True, ondelete="cascade")
    venue_id = fields.Many2one(related="space_id.venue_id")
    capacity = fields.Integer(help="Seats in the searched layout.")
    empty_seats = fields.Integer(compute="_compute_empty_seats")
    area = fields.Float(related="space_id.area")
    is_combination = fields.Boolean(compute="_compute_empty_seats", string="Combination")

    def _compute_empty_seats(self):
        for line in self:
            line.empty_seats = line.capacity - line.search_id.attendees
            line.is_combination = bool(line.space_id.section_ids)

    def action_hold(self):
        """Hold this space as a 1st option on the request, one booking per day of the search."""
        self.ensure_one()
        search = self.search_id
        request = search.request_id
        if not request:
            raise UserError(
                self.env._("Choose the request to hold %(space)s for.", space=self.space_id.display_name)
            )
        self.env["mice.booking"].create(
            [
                {
                    "request_id": request.id,
                    "space_id": self.space_id.id,
                    "date_start": start,
                    "date_end": end,
                    "layout": search.layout,
                    "attendees": search.attendees,
                    "state": "option",
                    "option_rank": "1",
                    "option_expiry": search.option_expiry,
                }
                for start, end in search._periods()
            ]
        )
        return request.action_view_bookings()
