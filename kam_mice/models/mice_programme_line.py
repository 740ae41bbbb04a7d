from itertools import groupby

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round, format_date

ITEM_TYPES = [
    ("accommodation", "Accommodation"),
    ("meeting", "Meeting"),
    ("catering", "Catering"),
    ("av", "Audio-visual"),
    ("transport", "Transport"),
    ("activity", "Activity"),
    ("other", "Other"),
]
QUANTITY_BASES = [
    ("person", "Per Person"),
    ("person_night", "Per Person per Night"),
    ("unit", "Per Unit"),
    ("flat", "Flat"),
]
PER_PERSON_BASES = ("person", "person_night")


class MiceProgrammeLine(models.Model):
    """One item of the day-by-day programme, priced on a quantity basis; the source of quotation lines."""

    _name = "mice.programme.line"
    _inherit = ["kam.checked.mixin"]
    _description = "MICE Programme Item"
    _order = "request_id, date, time_start, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one("mice.request", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    sequence = fields.Integer(default=10)
    date = fields.Date(required=True)
    time_start = fields.Float(string="From", help="Start time, in hours.")
    time_end = fields.Float(string="To", help="End time, in hours.")
    item_type = fields.Selection(ITEM_TYPES, required=True, default="meeting")
    package_id = fields.Many2one(
        "mice.package",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="A day-delegate package: it sets the product, priced per person, and its cost per person.",
    )
    name = fields.Char(
        string="Description",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    space_id = fields.Many2one("mice.space", index="btree_not_null", ondelete="restrict")
    product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    # computed rather than defaulted: a default would win over the package's basis
    quantity_basis = fields.Selection(
        QUANTITY_BASES,
        required=True,
        compute="_compute_quantity_basis",
        store=True,
        readonly=False,
        precompute=True,
    )
    unit_quantity = fields.Float(
        string="Units", default=1.0, digits="Product Unit of Measure", help="For items priced per unit."
    )
    quantity = fields.Float(
        compute="_compute_quantity",
        store=True,
        digits="Product Unit of Measure",
        help="Derived from the basis.",
    )
    covers = fields.Integer(
        compute="_compute_covers",
        help="For catering: the number of people served, the priced attendees unless priced per unit.",
    )
    menu = fields.Text(help="For catering: the menu and service details the kitchen works from.")
    price_unit = fields.Monetary(
        string="Unit Price", compute="_compute_price_unit", store=True, readonly=False, precompute=True
    )
    cost = fields.Monetary(
        string="Unit Cost", compute="_compute_cost", store=True, readonly=False, precompute=True
    )
    supplier_id = fields.Many2one("res.partner", check_company=True)
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_subtotals", store=True)
    cost_subtotal = fields.Monetary(compute="_compute_subtotals", store=True)

    _sql_constraints = [
        (
            "programme_times_ordered",
            "CHECK (time_end >= time_start)",
            "A programme item cannot end before it starts.",
        ),
        (
            "programme_times_in_day",
            "CHECK (time_start >= 0 AND time_end <= 24)",
            "Programme times are hours of the day, between 0 and 24.",
        ),
        (
            "programme_units_not_negative",
            "CHECK (unit_quantity >= 0)",
            "A number of units cannot be negative.",
        ),
        (
            "programme_amounts_not_negative",
            "CHECK (price_unit >= 0 AND cost >= 0)",
            "Prices and costs cannot be negative.",
        ),
    ]

    def _quantity_for(self, attendees):
        """Quantity of this item for a number of attendees, following its basis."""
        self.ensure_one()
        if self.quantity_basis == "person":
            return attendees
        if self.quantity_basis == "person_night":
            return attendees * max(self.request_id.duration_nights, 1)
        if self.quantity_basis == "unit":
            return self.unit_quantity
        return 1.0

    @api.depends("package_id")
    def _compute_name(self):
        for line in self:
            if line.package_id:
                line.name = line.package_id.name

    @api.depends("package_id")
    def _compute_product_id(self):
        for line in self:
            if line.package_id:
                line.product_id = line.package_id.product_id

    @api.depends("package_id")
    def _compute_quantity_basis(self):
        for line in self:
            if line.package_id:
                line.quantity_basis = "person"  # a package is sold per person and per day
            elif not line.quantity_basis:
                line.quantity_basis = "person"

    @api.depends(
        "quantity_basis", "unit_quantity", "request_id.attendees_billable", "request_id.duration_nights"
    )
    def _compute_quantity(self):
        for line in self:
            line.quantity = line._quantity_for(line.request_id.attendees_billable)

    @api.depends("item_type", "quantity_basis", "unit_quantity", "request_id.attendees_billable")
    def _compute_covers(self):
        for line in self:
            if line.item_type != "catering":
                line.covers = 0
            elif line.quantity_basis == "unit":
                line.covers = int(float_round(line.unit_quantity, precision_digits=0))
            else:
                # per person, per person per night (one cover a day) or flat: the whole group is served
                line.covers = line.request_id.attendees_billable

    @api.depends("product_id", "request_id.pricelist_id", "request_id.currency_id")
    def _compute_price_unit(self):
        for line in self:
            if not line.product_id:
                continue
            request = line.request_id
            pricelist = request.pricelist_id
            if pricelist:
                line.price_unit = pricelist._get_product_price(
                    line.product_id, 1.0, currency=request.currency_id, date=request.date_start
                )
            else:
                line.price_unit = line.product_id.currency_id._convert(
                    line.product_id.lst_price,
                    request.currency_id or line.product_id.currency_id,
                    request.company_id or self.env.company,
                    request.date_start or fields.Date.context_today(line),
                )

    @api.depends("product_id", "package_id", "request_id.currency_id")
    def _compute_cost(self):
        for line in self:
            # a package costs the sum of its components, not its product's cost
            if line.package_id:
                cost, currency = line.package_id.cost_per_person, line.package_id.currency_id
            elif line.product_id:
                cost, currency = line.product_id.standard_price, line.product_id.cost_currency_id
            else:
                continue
            request = line.request_id
            line.cost = currency._convert(
                cost,
                request.currency_id or currency,
                request.company_id or self.env.company,
                request.date_start or fields.Date.context_today(line),
            )

    @api.depends("quantity", "price_unit", "cost")
    def _compute_subtotals(self):
        for line in self:
            line.price_subtotal = line.quantity * line.price_unit
            line.cost_subtotal = line.quantity * line.cost

    @api.constrains("time_start", "time_end", "unit_quantity", "price_unit", "cost")
    def _check_times_and_amounts(self):
        for line in self:
            if not 0 <= line.time_start <= line.time_end <= 24:
                raise ValidationError(
                    self.env._(
                        "The programme item “%(item)s” runs from %(start)s to %(end)s: times are hours of "
                        "the day, between 0 and 24, and it cannot end before it starts.",
                        item=line.name,
                        start=line.time_start,
                        end=line.time_end,
                    )
                )
            currency = line.currency_id or self.env.company.currency_id
            if line.unit_quantity < 0 or any(
                currency.compare_amounts(amount, 0.0) < 0 for amount in (line.price_unit, line.cost)
            ):
                raise ValidationError(
                    self.env._(
                        "The programme item “%(item)s”: units, prices and costs cannot be negative.",
                        item=line.name,
                    )
                )

    @api.constrains("date", "request_id")
    def _check_date_in_event(self):
        for line in self:
            request = line.request_id
            if not request.date_start <= line.date <= request.date_end:
                raise ValidationError(
                    self.env._(
                        "The programme item “%(item)s” on %(date)s is outside the dates of %(request)s "
                        "(%(start)s to %(end)s).",
                        item=line.name,
                        date=format_date(self.env, line.date),
                        request=request.name,
                        start=format_date(self.env, request.date_start),
                        end=format_date(self.env, request.date_end),
                    )
                )

    def _checks_before_sql(self):
        return ("_check_times_and_amounts",)

    def _grouped_by_day(self):
        ordered = self.sorted(lambda line: (line.date, line.time_start, line.sequence, line.id))
        for date, lines in groupby(ordered, key=lambda line: line.date):
            yield date, self.browse([line.id for line in lines])

    def _prepare_order_line_values(self, request):
        values = []
        for line in self:
            if not line.product_id:
                values.append({"display_type": "line_note", "name": line._order_line_label()})
                continue
            values.append(
                {
                    "product_id": line.product_id.id,
                    "name": line._order_line_description(),
                    "product_uom_qty": line._quantity_for(request.attendees_billable),
                    "price_unit": line.price_unit,
                    "mice_programme_line_id": line.id,
                }
            )
        return values

    def _order_line_description(self):
        """The label; for a package, its name and what it includes, which the client reads."""
        self.ensure_one()
        label = self._order_line_label()
        package = self.package_id
        if not package:
            return label
        lines = [label] if package.name in label else [label, package.name]
        if package.component_ids:
            lines.append(package._components_description())
        return "\n".join(lines)

    def _order_line_label(self):
        self.ensure_one()
        if self.time_start or self.time_end:
            return f"{self._format_time(self.time_start)}-{self._format_time(self.time_end)} {self.name}"
        return self.name

    @staticmethod
    def _format_time(hours):
        minutes = round(hours * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
