from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.mice_request_requirement import LAYOUTS


class MiceAvailability(models.TransientModel):
    """What is free for so many people, in this layout, on these days and hours: every venue's
    spaces and combinations at once, the best fit first, one click to hold one as an option."""

    _name = "mice.availability"
    _description = "MICE Space Availability Search"

    request_id = fields.Many2one(
        "mice.request",
        domain=[("state", "=", "open")],
        help="The request to hold a space for.",
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    time_start = fields.Float(string="Daily From", required=True, default=9.0)
    time_end = fields.Float(string="Daily Until", required=True, default=18.0)
    attendees = fields.Integer(required=True, default=1)
    layout = fields.Selection(LAYOUTS, required=True, default="theatre")
    venue_ids = fields.Many2many("mice.venue", string="Venues", help="Leave empty to search every venue.")
    option_expiry = fields.Date(
        string="Option Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
        help="A space held from the results is a 1st option until this date.",
    )
    line_ids = fields.One2many("mice.availability.line", "search_id", string="Free Spaces", readonly=True)
    searched = fields.Boolean(readonly=True)

    @api.onchange("request_id")
    def _onchange_request_id(self):
        request = self.request_id
        if not request:
            return
        self.date_from, self.date_to = request.date_start, request.date_end
        self.attendees = request.attendees_expected
        meeting = request.requirement_ids.filtered(
            lambda need: need.category == "meeting_space" and need.layout
        )
        if meeting:
            self.layout = meeting[0].layout
            self.attendees = meeting[0].capacity or self.attendees

    def _periods(self):
        """One (start, end) per day, in UTC: the hours are the user's, as they typed them."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The search ends before it starts."))
        if self.time_end <= self.time_start or not 0 <= self.time_start < 24 or self.time_end > 24:
            raise UserError(self.env._("Give daily hours between 00:00 and 24:00, the end after the start."))
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

        def utc(day, hours):
            local = tz.localize(datetime.combine(day, time()) + timedelta(hours=hours))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        days = (self.date_to - self.date_from).days + 1
        return [
            (utc(day, self.time_start), utc(day, self.time_end))
            for day in (self.date_from + timedelta(days=n) for n in range(days))
        ]

    def action_search(self):
        self.ensure_one()
        if self.attendees <= 0:
            raise UserError(self.env._("Say how many people the space must seat."))
        found = self.env["mice.space"]._find_available(
            self._periods(), self.attendees, self.layout, self.venue_ids or None
        )
        self.line_ids.unlink()
        self.write(
            {
                "searched": True,
                "line_ids": [
                    fields.Command.create({"sequence": rank, "space_id": space.id, "capacity": capacity})
                    for rank, (space, capacity) in enumerate(found, start=1)
                ],
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find a Space"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
