from odoo import api, fields, models


class SaleOrder(models.Model):
    """Quotations of a key account's group default to the pricelist of its running framework contract."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    kam_contract_id = fields.Many2one(
        "kam.contract",
        string="Framework Contract",
        compute="_compute_kam_contract_id",
        help="The running framework contract of the customer's key account on the order date.",
    )

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
