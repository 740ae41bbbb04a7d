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
    # Quotations of a key account's group default to the pricelist of its running framework contract
    kam_contract_id = fields.Many2one(
        "kam.contract",
        string="Framework Contract",
        compute="_compute_kam_contract_id",
        help="The running framework contract of the customer's key account on the order date.",
    )

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

    @api.depends("partner_id", "company_id", "date_order")
    def _compute_kam_contract_id(self):
        contracts = self._kam_running_contracts()
        for order in self:
            order.kam_contract_id = contracts.get(order.id, False)

    @api.depends("partner_id", "company_id")
    def _compute_pricelist_id(self):
        result = super()._compute_pricelist_id()
        contracts = self.filtered(lambda order: order.state == "draft")._kam_running_contracts()
        for order in self:
            contract = contracts.get(order.id)
            if contract and contract.pricelist_id:
                order.pricelist_id = contract.pricelist_id
        return result

    def _kam_running_contracts(self):
        """{order id: running contract of its key account on its date}, with one search for all."""
        orders = self.filtered(lambda order: order.partner_id.key_account_id)
        if not orders:
            return {}
        # sudo: every salesperson's quotations follow the contract, even without access to contracts.
        contracts = (
            self.env["kam.contract"]
            .sudo()
            .search(
                [
                    ("state", "in", ("running", "to_renew")),
                    ("partner_id", "in", orders.partner_id.key_account_id.ids),
                    ("company_id", "in", orders.company_id.ids),
                ]
            )
        )
        today = fields.Date.context_today(self)
        found = {}
        for order in orders:
            day = order.date_order.date() if order.date_order else today
            for contract in contracts:
                if (
                    contract.partner_id == order.partner_id.key_account_id
                    and contract.company_id == order.company_id
                    and contract.date_start <= day <= contract.date_end
                ):
                    found[order.id] = contract.with_env(self.env)
                    break
        return found
