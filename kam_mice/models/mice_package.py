from odoo import api, fields, models
from odoo.tools import float_is_zero, formatLang


class MicePackage(models.Model):
    """A day-delegate package (DDR): a bundle of services sold per person and per day as one
    programme item, with the cost of each component, so that its margin shows."""

    _name = "mice.package"
    _description = "MICE Day-Delegate Package"
    _order = "sequence, name, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('sale_ok', '=', True), ('type', '=', 'service')]",
        help="The service sold per person and per day: its sales price, through the pricelists, is the "
        "package's price on quotations.",
    )
    component_ids = fields.One2many("mice.package.component", "package_id", string="Components", copy=True)
    cost_per_person = fields.Monetary(
        compute="_compute_cost_per_person", store=True, help="The sum of the components' costs."
    )
    price_per_person = fields.Monetary(
        compute="_compute_price_per_person",
        inverse="_inverse_price_per_person",
        store=True,
        help="The product's sales price, before pricelists.",
    )
    margin_per_person = fields.Monetary(compute="_compute_margin", store=True)
    margin_percent = fields.Float(string="Margin (%)", compute="_compute_margin", store=True)

    @api.depends("component_ids.cost_subtotal")
    def _compute_cost_per_person(self):
        for package in self:
            package.cost_per_person = sum(package.component_ids.mapped("cost_subtotal"))

    @api.depends("product_id.list_price", "company_id")
    def _compute_price_per_person(self):
        for package in self:
            product = package.product_id
            package.price_per_person = product.currency_id._convert(
                product.list_price,
                package.currency_id or product.currency_id,
                package.company_id or self.env.company,
                fields.Date.context_today(package),
            )

    def _inverse_price_per_person(self):
        for package in self.filtered("product_id"):
            package.product_id.list_price = package.currency_id._convert(
                package.price_per_person,
                package.product_id.currency_id,
                package.company_id,
                fields.Date.context_today(package),
            )

    @api.depends("price_per_person", "cost_per_person")
    def _compute_margin(self):
        for package in self:
            package.margin_per_person = package.price_per_person - package.cost_per_person
            # a ratio, shown as a percentage: like sale_margin's margin_percent
            package.margin_percent = (
                package.margin_per_person / package.price_per_person
                if not package.currency_id.is_zero(package.price_per_person)
                else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        # like Odoo's delivery methods and rewards: a package of its own brings its own product
        missing = [vals for vals in vals_list if not vals.get("product_id")]
        if missing:
            products = self.env["product.product"].create(
                [self._prepare_product_values(vals) for vals in missing]
            )
            for vals, product in zip(missing, products, strict=True):
                vals["product_id"] = product.id
        return super().create(vals_list)

    @api.model
    def _prepare_product_values(self, vals):
        return {
            "name": vals.get("name"),
            "type": "service",
            "sale_ok": True,
            "purchase_ok": False,
            "invoice_policy": "order",
            "list_price": vals.get("price_per_person", 0.0),
        }

    def _components_description(self):
        """The components, one a line, as the client reads them on a quotation."""
        self.ensure_one()
        lines = []
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for component in self.component_ids:
            quantity = component.quantity
            if float_is_zero(quantity - 1.0, precision_digits=precision):
                lines.append(f"- {component.product_id.display_name}")
                continue
            if float_is_zero(quantity - round(quantity), precision_digits=precision):
                shown = str(round(quantity))
            else:
                shown = formatLang(self.env, quantity, dp="Product Unit of Measure")
            lines.append(f"- {shown} × {component.product_id.display_name}")
        return "\n".join(lines)
