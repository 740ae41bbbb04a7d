from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MicePackageComponent(models.Model):
    """One service a day-delegate package includes, in a quantity per person, at its cost."""

    _name = "mice.package.component"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Package Component"
    _order = "package_id, sequence, id"
    _check_company_auto = True

    package_id = fields.Many2one("mice.package", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="package_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="package_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    quantity = fields.Float(
        string="Quantity per Person", default=1.0, digits="Product Unit of Measure", required=True
    )
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost",
        store=True,
        readonly=False,
        precompute=True,
        help="The product's cost unless set here: what the venue pays for one unit.",
    )
    cost_subtotal = fields.Monetary(string="Cost per Person", compute="_compute_cost_subtotal", store=True)

    _sql_constraints = [
        (
            "package_component_amounts_not_negative",
            "CHECK (quantity >= 0 AND unit_cost >= 0)",
            "The quantity and the cost of a package component cannot be negative.",
        ),
    ]

    @api.depends("product_id")
    def _compute_unit_cost(self):
        for component in self:
            if not component.product_id:
                continue
            company = component.company_id or self.env.company
            product = component.product_id.with_company(company)  # its cost is the company's
            component.unit_cost = product.cost_currency_id._convert(
                product.standard_price,
                component.currency_id or product.cost_currency_id,
                company,
                fields.Date.context_today(component),
            )

    @api.depends("quantity", "unit_cost")
    def _compute_cost_subtotal(self):
        for component in self:
            component.cost_subtotal = component.quantity * component.unit_cost

    @api.constrains("quantity", "unit_cost")
    def _check_amounts(self):
        for component in self:
            currency = component.currency_id or self.env.company.currency_id
            if component.quantity < 0 or currency.compare_amounts(component.unit_cost, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The quantity and the cost of a package component cannot be negative "
                        "(%(product)s in %(package)s).",
                        product=component.product_id.display_name,
                        package=component.package_id.name,
                    )
                )

    def _checks_before_sql(self):
        return ("_check_amounts",)
