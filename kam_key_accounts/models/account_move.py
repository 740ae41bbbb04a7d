from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "kam.figure.source"]  # feeds the figures ledger

    key_account_id = fields.Many2one(
        related="partner_id.key_account_id",
        string="Key Account",
        store=True,
        index=True,
        help="The key account whose group the customer belongs to.",
    )
