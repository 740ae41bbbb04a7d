from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    mice_half_day_hours = fields.Float(
        string="Half Day Rental: Hours",
        default=4.0,
        help="A function space booked this long or less may be rented for a half day.",
    )
    mice_fb_categ_ids = fields.Many2many(
        "product.category",
        "res_company_mice_fb_categ_rel",
        "company_id",
        "categ_id",
        string="Food & Beverage Categories",
        help="Products of these categories (and of their sub-categories) count towards the food-and-"
        "beverage minimum spend of a function space.",
    )

    @api.constrains("mice_half_day_hours")
    def _check_mice_half_day_hours(self):
        for company in self:
            if not 0 < company.mice_half_day_hours <= 24:
                raise ValidationError(
                    self.env._("A half day of space rental lasts more than 0 and at most 24 hours.")
                )
