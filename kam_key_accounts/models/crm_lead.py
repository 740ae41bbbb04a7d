from odoo import api, fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "kam.figure.source"]  # feeds the figures ledger

    key_account_id = fields.Many2one(
        related="partner_id.key_account_id",
        string="Key Account",
        store=True,
        index=True,
        help="The key account whose group the customer belongs to.",
    )
    # The calls for tenders answered within an opportunity
    kam_tender_ids = fields.One2many(
        "kam.tender", "lead_id", string="Calls for Tenders", groups="kam_key_accounts.group_kam_user"
    )
    kam_tender_count = fields.Integer(
        string="Tenders", compute="_compute_kam_tender_count", groups="kam_key_accounts.group_kam_user"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Without a salesperson given, a key account's opportunities go to its KAM.
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id") and "user_id" not in vals}
        )
        managers = {partner.id: partner.key_account_id.key_account_manager_id.id for partner in partners}
        for vals in vals_list:
            if "user_id" not in vals and managers.get(vals.get("partner_id")):
                vals["user_id"] = managers[vals["partner_id"]]
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_id_key_account_manager(self):
        manager = self.partner_id.key_account_id.key_account_manager_id
        if manager and not self._origin.id:
            self.user_id = manager

    def _compute_kam_tender_count(self):
        counts = dict(
            self.env["kam.tender"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.kam_tender_count = counts.get(lead, 0)

    def action_view_kam_tenders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_tender_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_name": self.name,
            "default_company_id": self.company_id.id or self.env.company.id,
        }
        if self.kam_tender_count == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.kam_tender_ids.id
        return action
