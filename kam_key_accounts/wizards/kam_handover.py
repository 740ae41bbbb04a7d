from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..tools import kam_user_domain


class KamHandover(models.TransientModel):
    """Hand key accounts over to another KAM from a date: what happens from that day on is credited
    to the new KAM (objectives, pay, the analysis), what happened before stays with the previous one."""

    _name = "kam.handover"
    _description = "Key Account Hand-over"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        required=True,
        domain="[('is_key_account', '=', True)]",
        default=lambda self: self._default_partner_ids(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="New Key Account Manager",
        required=True,
        domain=lambda self: kam_user_domain(self.env),
    )
    date = fields.Date(
        string="From",
        required=True,
        default=fields.Date.context_today,
        help="The first day credited to the new KAM.",
    )

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") != "res.partner":
            return []
        partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
        return partners.filtered("is_key_account").ids

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a key account manager can hand key accounts over."))
        accounts = self.partner_ids.filtered("is_key_account")
        if not accounts:
            raise UserError(self.env._("Choose the key accounts to hand over."))
        self._check_date(accounts)
        previous = {account: account.key_account_manager_id for account in accounts}
        accounts.with_context(kam_handover_date=self.date).write({"key_account_manager_id": self.user_id.id})
        day = format_date(self.env, self.date)
        for account in accounts:
            account.message_post(
                body=self.env._(
                    "Handed over from %(previous)s to %(new)s, from %(day)s.",
                    previous=previous[account].name or self.env._("nobody"),
                    new=self.user_id.name,
                    day=day,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}

    def _check_date(self, accounts):
        """Not before the current KAM took the account over: their period cannot be split backwards
        (correct the earlier hand-over instead)."""
        Assignment = self.env["kam.account.assignment"].sudo()
        current = Assignment.search(
            [
                ("partner_id", "in", accounts.ids),
                ("key_account_id", "in", accounts.ids),
                ("date_to", "=", False),
            ]
        )
        too_early = current.filtered(lambda row: row.date_from and row.date_from > self.date)
        if too_early:
            row = too_early[0]
            raise UserError(
                self.env._(
                    "%(account)s has been managed by %(kam)s since %(day)s: "
                    "hand it over from that day or later.",
                    account=row.key_account_id.display_name,
                    kam=row.user_id.name,
                    day=format_date(self.env, row.date_from),
                )
            )
