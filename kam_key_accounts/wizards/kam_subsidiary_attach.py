from odoo import api, fields, models
from odoo.exceptions import UserError


class KamSubsidiaryAttach(models.TransientModel):
    """Attach a company under another one of the group tree: it joins the group, and its figures
    follow (res.partner.write recomputes the key account of the company and of its own subsidiaries)."""

    _name = "kam.subsidiary.attach"
    _description = "Attach a Subsidiary"

    parent_id = fields.Many2one(
        "res.partner",
        string="Parent Company",
        required=True,
        domain="[('is_company', '=', True)]",
        default=lambda self: self._default_parent_id(),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Subsidiary",
        required=True,
        domain="[('is_company', '=', True), ('id', '!=', parent_id)]",
        help="A company to attach under the parent company; its own subsidiaries come with it.",
    )

    @api.model
    def _default_parent_id(self):
        if self.env.context.get("active_model") != "res.partner":
            return False
        return self.env.context.get("active_id", False)

    def action_attach(self):
        self.ensure_one()
        if not (self.parent_id.is_company and self.partner_id.is_company):
            raise UserError(self.env._("Only a company can be attached under a company."))
        if self.partner_id == self.parent_id:
            raise UserError(self.env._("A company cannot be its own subsidiary."))
        # Odoo's recursion check refuses a parent that is already below the subsidiary
        self.partner_id.parent_id = self.parent_id
        # the tree again, on the attached company: its new parent and siblings around it
        return self.partner_id.action_open_kam_group_tree()
