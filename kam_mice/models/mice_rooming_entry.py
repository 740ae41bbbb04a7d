from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class MiceRoomingEntry(models.Model):
    """A guest of the rooming list: who sleeps in the block, from which night to which morning."""

    _name = "mice.rooming.entry"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Rooming List Entry"
    _order = "block_id, arrival, guest_name, id"
    _check_company_auto = True

    block_id = fields.Many2one(
        "mice.room.block", string="Room Block", required=True, index=True, ondelete="cascade"
    )
    request_id = fields.Many2one(related="block_id.request_id", store=True, index=True)
    company_id = fields.Many2one(related="block_id.company_id", store=True)
    room_type = fields.Char(related="block_id.room_type")
    guest_name = fields.Char(string="Guest", required=True)
    partner_id = fields.Many2one("res.partner", string="Contact", check_company=True)
    arrival = fields.Date(required=True)
    departure = fields.Date(required=True)
    nights = fields.Integer(compute="_compute_nights")
    sharing_with = fields.Char(help="A guest sharing the room is not listed again.")
    notes = fields.Char()

    _sql_constraints = [
        ("rooming_stay_ordered", "CHECK (departure > arrival)", "A guest leaves after arriving."),
    ]

    def _checks_before_sql(self):
        return ("_check_stay",)

    @api.depends("arrival", "departure")
    def _compute_nights(self):
        for entry in self:
            entry.nights = (entry.departure - entry.arrival).days if entry.arrival and entry.departure else 0

    @api.onchange("block_id")
    def _onchange_block_id(self):
        if self.block_id and not self.arrival:
            self.arrival, self.departure = self.block_id.date_from, self.block_id.date_to

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.guest_name = self.partner_id.name

    @api.constrains("arrival", "departure", "block_id")
    def _check_stay(self):
        for entry in self:
            if entry.arrival and entry.departure and entry.departure <= entry.arrival:
                raise ValidationError(self.env._("A guest leaves after arriving."))
            block = entry.block_id
            if block.date_from and not block.date_from <= entry.arrival < entry.departure <= block.date_to:
                raise ValidationError(
                    self.env._(
                        "%(guest)s stays outside the block's nights (%(start)s to %(end)s).",
                        guest=entry.guest_name,
                        start=format_date(self.env, block.date_from),
                        end=format_date(self.env, block.date_to),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        entries.block_id._after_pickup_change()
        return entries

    def write(self, vals):
        blocks = self.block_id
        res = super().write(vals)
        if {"arrival", "departure", "block_id"} & vals.keys():
            (blocks | self.block_id)._after_pickup_change()
        return res

    def unlink(self):
        blocks = self.block_id
        res = super().unlink()
        blocks._after_pickup_change()
        return res
