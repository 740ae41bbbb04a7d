from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mice_programme_line_id = fields.Many2one(
        "mice.programme.line",
        string="Programme Item",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
    mice_room_block_id = fields.Many2one(
        "mice.room.block", string="Room Block", index="btree_not_null", copy=False, ondelete="set null"
    )
    mice_room_charge = fields.Selection(
        [("rooms", "Room Nights"), ("attrition", "Room Attrition")], string="Room Charge", copy=False
    )
    mice_booking_id = fields.Many2one(
        "mice.booking", string="Space Booking", index="btree_not_null", copy=False, ondelete="set null"
    )
    mice_space_charge = fields.Selection(
        [
            ("rental", "Space Rental"),
            ("rental_waived", "Space Rental, Waived"),
            ("fb_shortfall", "F&B Minimum Shortfall"),
        ],
        string="Space Charge",
        copy=False,
    )
