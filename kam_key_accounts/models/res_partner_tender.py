from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Tenders, framework contracts and escalations of a key account's group."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_tender_open_count = fields.Integer(
        string="Open Tenders", compute="_compute_kam_tender_figures", groups="kam_key_accounts.group_kam_user"
    )
    kam_contract_running_count = fields.Integer(
        string="Running Contracts",
        compute="_compute_kam_tender_figures",
        groups="kam_key_accounts.group_kam_user",
    )
    kam_escalation_open_count = fields.Integer(
        string="Open Escalations",
        compute="_compute_kam_escalation_counts",
        groups="kam_key_accounts.group_kam_user",
    )
    kam_escalation_late_count = fields.Integer(
        string="Late Escalations",
        compute="_compute_kam_escalation_counts",
        groups="kam_key_accounts.group_kam_user",
    )

    def _compute_kam_tender_figures(self):
        accounts = self.filtered("is_key_account")
        tenders = dict(
            self.env["kam.tender"]._read_group(
                [
                    ("key_account_id", "in", accounts.ids),
                    ("state", "not in", ("won", "lost", "abandoned", "no_bid")),
                ],
                ["key_account_id"],
                ["__count"],
            )
        )
        contracts = dict(
            self.env["kam.contract"]._read_group(
                [("partner_id", "in", accounts.ids), ("state", "in", ("running", "to_renew"))],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.kam_tender_open_count = tenders.get(partner, 0)
            partner.kam_contract_running_count = contracts.get(partner, 0)

    def _compute_kam_escalation_counts(self):
        accounts = self.filtered("is_key_account")
        now = fields.Datetime.now()
        open_counts = dict(
            self.env["kam.escalation"]._read_group(
                [("key_account_id", "in", accounts.ids), ("state", "in", ("new", "in_progress"))],
                ["key_account_id"],
                ["__count"],
            )
        )
        late = self.env["kam.escalation"]._read_group(
            [
                ("key_account_id", "in", accounts.ids),
                ("state", "in", ("new", "in_progress")),
                ("response_deadline", "<", now),
            ],
            ["key_account_id"],
            ["__count"],
        )
        late_counts = dict(late)
        for partner in self:
            partner.kam_escalation_open_count = open_counts.get(partner, 0)
            partner.kam_escalation_late_count = late_counts.get(partner, 0)

    @api.model
    def _kam_linked_models(self):
        return {
            **super()._kam_linked_models(),
            "kam.tender": "partner_id",
            "kam.contract": "partner_id",
            "kam.negotiation": "partner_id",
            "kam.escalation": "partner_id",
        }

    def _kam_check_unflag(self):
        result = super()._kam_check_unflag()
        # sudo: the count must see every contract, whoever unflags the account.
        running = (
            self.env["kam.contract"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "in", ("running", "to_renew"))], limit=1)
        )
        if running:
            raise ValidationError(
                self.env._(
                    "%(account)s has a running framework contract (%(contract)s): end it before "
                    "unflagging the key account.",
                    account=running.partner_id.display_name,
                    contract=running.name,
                )
            )
        return result

    def action_open_kam_tender_records(self):
        """Open the group's tenders, contracts or escalations (``kam_model`` in the context)."""
        self.ensure_one()
        model = self.env.context.get("kam_model", "kam.tender")
        actions = {
            "kam.tender": "kam_key_accounts.kam_tender_action",
            "kam.contract": "kam_key_accounts.kam_contract_action",
            "kam.escalation": "kam_key_accounts.kam_escalation_action",
        }
        action = self.env["ir.actions.act_window"]._for_xml_id(actions[model])
        field = "partner_id" if model == "kam.contract" else "key_account_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
