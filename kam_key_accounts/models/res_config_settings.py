from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_candidate_min_revenue = fields.Monetary(
        related="company_id.kam_candidate_min_revenue", readonly=False
    )
    kam_candidate_min_pipeline = fields.Monetary(
        related="company_id.kam_candidate_min_pipeline", readonly=False
    )
    kam_candidate_min_buying = fields.Integer(related="company_id.kam_candidate_min_buying", readonly=False)
    kam_candidate_min_growth = fields.Float(related="company_id.kam_candidate_min_growth", readonly=False)
    kam_plan_four_eyes = fields.Boolean(related="company_id.kam_plan_four_eyes", readonly=False)
    kam_offer_categ_ids = fields.Many2many(related="company_id.kam_offer_categ_ids", readonly=False)
