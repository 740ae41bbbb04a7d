from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Thresholds of the key account candidates list: a group passes when it meets all of them;
    # 0 means no minimum.
    kam_candidate_min_revenue = fields.Monetary(
        string="Candidates: Minimum Revenue",
        currency_field="currency_id",
        default=100000.0,
        help="Confirmed orders of the group over the last 12 months, untaxed.",
    )
    kam_candidate_min_pipeline = fields.Monetary(
        string="Candidates: Minimum Open Pipeline",
        currency_field="currency_id",
        default=0.0,
        help="Expected revenue of the group's open opportunities.",
    )
    kam_candidate_min_buying = fields.Integer(
        string="Candidates: Minimum Buying Companies",
        default=2,
        help="Companies of the group (itself and its subsidiaries) with a confirmed order over the "
        "last 12 months.",
    )
    kam_candidate_min_growth = fields.Float(
        string="Candidates: Minimum Growth (%)",
        default=0.0,
        help="Revenue of the last 12 months against the 12 months before, in %. 0: no minimum.",
    )
    kam_plan_four_eyes = fields.Boolean(
        string="Account Plans: Four-Eyes Approval",
        default=True,
        help="A manager does not approve an account plan of which they are the key account manager.",
    )
    # White space: the offers (product categories) whose sales the key accounts' groups are measured on
    kam_offer_categ_ids = fields.Many2many(
        "product.category",
        "res_company_kam_offer_rel",
        "company_id",
        "categ_id",
        string="Key Account Offers",
        help="The product categories tracked in the white-space matrix of key accounts: a product counts "
        "for the nearest tracked category above it.",
    )

    @api.constrains(
        "kam_candidate_min_revenue",
        "kam_candidate_min_pipeline",
        "kam_candidate_min_buying",
        "kam_candidate_min_growth",
    )
    def _check_kam_candidate_thresholds(self):
        for company in self:
            if (
                min(
                    company.kam_candidate_min_revenue,
                    company.kam_candidate_min_pipeline,
                    company.kam_candidate_min_buying,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("The thresholds of key account candidates cannot be negative (0: no minimum).")
                )
