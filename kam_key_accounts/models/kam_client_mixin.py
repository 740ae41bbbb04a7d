from odoo import api, fields, models


class KamClientMixin(models.AbstractModel):
    """The header of a document about a key account's client: the client company, the key account
    group it belongs to, the company that works for it and the colleague in charge.

    Tenders, contracts, negotiations, escalations and MICE requests share it; each names its fields
    for its users (a contract's client is the key account itself, a request's owner is its event
    manager) by redefining only the attributes that differ.
    """

    _name = "kam.client.mixin"
    _description = "Key Account Client"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True), ('key_account_id', '!=', False)]",
    )
    key_account_id = fields.Many2one(
        related="partner_id.key_account_id", string="Key Account", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('share', '=', False)]",
    )

    @api.depends("partner_id")
    def _compute_user_id(self):
        # a colleague chosen by hand stays
        for record in self:
            record.user_id = record.user_id or record._default_owner()

    def _default_owner(self):
        """Who is in charge of a new document: the key account's KAM, else whoever creates it."""
        self.ensure_one()
        return self.partner_id.key_account_id.key_account_manager_id or self.env.user
