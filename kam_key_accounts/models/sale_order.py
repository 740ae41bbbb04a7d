from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "kam.figure.source"]  # feeds the figures ledger

    key_account_id = fields.Many2one(
        related="partner_id.key_account_id",
        string="Key Account",
        store=True,
        index=True,
        help="The key account whose group the customer belongs to.",
    )
    amount_untaxed_company = fields.Monetary(
        string="Untaxed Amount (Company Currency)",
        compute="_compute_amount_untaxed_company",
        store=True,
        currency_field="company_currency_id",
        help="Untaxed amount converted at the order's rate: key-account figures sum it across currencies.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")

    @api.depends("amount_untaxed", "currency_rate")
    def _compute_amount_untaxed_company(self):
        for order in self:
            rate = order.currency_rate or 1.0
            order.amount_untaxed_company = order.amount_untaxed / rate

    @api.depends("partner_id")
    def _compute_user_id(self):
        # A key account's quotations go to its KAM, unless the order already has a salesperson.
        managed = self.filtered(
            lambda order: order.partner_id.key_account_id.key_account_manager_id
            and not (order._origin.id and order.user_id)
        )
        for order in managed:
            order.user_id = order.partner_id.key_account_id.key_account_manager_id
        return super(SaleOrder, self - managed)._compute_user_id()
