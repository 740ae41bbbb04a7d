from odoo import fields, models


class MiceBookingSlot(models.Model):
    """One space held by a booking over its hold range.

    A booking of a combination holds one row per section too, so the exclusion constraint below
    (space, time range) covers combinations: a ballroom and its sections can never be held twice.
    Rows exist only for bookings that hold space (confirmed ones and 1st options).
    """

    _name = "mice.booking.slot"
    _description = "MICE Booking Slot"
    _log_access = False

    booking_id = fields.Many2one("mice.booking", required=True, index=True, ondelete="cascade")
    space_id = fields.Many2one("mice.space", required=True, ondelete="cascade")
    hold_start = fields.Datetime(required=True)
    hold_end = fields.Datetime(required=True)

    _sql_constraints = [
        ("slot_range_ordered", "CHECK (hold_end > hold_start)", "A booking must end after it starts."),
        (
            # the space as a one-value range, as hr_work_entry does: a gist index compares it with
            # no extension (btree_gist) to install
            "no_overlap",
            "EXCLUDE USING gist (int4range(space_id, space_id, '[]') WITH =, "
            "tsrange(hold_start, hold_end, '[)') WITH &&)",
            "A space cannot be held twice at the same time.",
        ),
    ]
