from odoo import api, fields, models

from odoo.addons.base.models.res_partner import _tz_get


class MiceVenue(models.Model):
    """A venue: one of ours, or a supplier's hotel or conference centre."""

    _name = "mice.venue"
    _description = "MICE Venue"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Address",
        check_company=True,
        help="The venue's own partner (address, contacts); for suppliers' venues, the supplier.",
    )
    is_own_venue = fields.Boolean(string="Own Venue")
    lang = fields.Selection(
        related="partner_id.lang", string="Language", help="Event orders are printed in this language."
    )
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        compute="_compute_tz",
        store=True,
        readonly=False,
        precompute=True,
        help="The venue's local time: event orders print the times of its bookings in it.",
    )
    space_ids = fields.One2many("mice.space", "venue_id", string="Spaces")
    space_count = fields.Integer(compute="_compute_space_count")
    notes = fields.Html()

    @api.depends("partner_id")
    def _compute_tz(self):
        for venue in self:
            venue.tz = venue.partner_id.tz or venue.tz or self.env.user.tz or "UTC"

    @api.depends("space_ids")
    def _compute_space_count(self):
        counts = dict(
            self.env["mice.space"]._read_group([("venue_id", "in", self.ids)], ["venue_id"], ["__count"])
        )
        for venue in self:
            venue.space_count = counts.get(venue, 0)
