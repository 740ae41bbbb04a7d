from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mice_half_day_hours = fields.Float(related="company_id.mice_half_day_hours", readonly=False)
    mice_fb_categ_ids = fields.Many2many(related="company_id.mice_fb_categ_ids", readonly=False)
