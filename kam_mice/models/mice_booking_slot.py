from odoo import fields, models, tools


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
    ]

    def init(self):
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        if not tools.sql.constraint_definition(self.env.cr, self._table, "mice_booking_slot_no_overlap"):
            self.env.cr.execute(
                """
                ALTER TABLE mice_booking_slot
                ADD CONSTRAINT mice_booking_slot_no_overlap
                EXCLUDE USING gist (space_id WITH =, tsrange(hold_start, hold_end, '[)') WITH &&)
                """
            )
