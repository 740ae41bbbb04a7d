from odoo import api, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kam_owner(self):
        """A KAM still in charge is archived, or their accounts handed over, before deletion: the
        database would refuse it anyway (a key account has a KAM), with a message nobody reads."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        accounts = Partner.search([("key_account_manager_id", "in", self.ids)])
        objectives = self.env["kam.objective"].sudo().search_count([("user_id", "in", self.ids)])
        schemes = self.env["kam.pay.scheme"].sudo().search_count([("user_id", "in", self.ids)])
        if not (accounts or objectives or schemes):
            return
        parts = []
        if accounts:
            parts.append(
                self.env._(
                    "the key accounts %(accounts)s (hand them over)",
                    accounts=", ".join(accounts[:5].mapped("display_name"))
                    + ("..." if len(accounts) > 5 else ""),
                )
            )
        if objectives:
            parts.append(self.env._("%(count)s objectives", count=objectives))
        if schemes:
            parts.append(self.env._("%(count)s variable pay schemes", count=schemes))
        raise UserError(
            self.env._(
                "%(users)s still has %(what)s: reassign them first, or archive the user instead.",
                users=", ".join(self.mapped("name")),
                what="; ".join(parts),
            )
        )
