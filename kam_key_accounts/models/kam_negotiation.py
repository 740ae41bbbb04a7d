from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

LIMIT_FIELDS = {"walk_away_price": "walk_away_amount", "target_price": "target_amount"}


class KamNegotiation(models.Model):
    """A negotiation with a key account about a tender, a contract renewal or a large opportunity."""

    _name = "kam.negotiation"
    _description = "Negotiation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.workflow.mixin",
        "kam.checked.mixin",
        "kam.client.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    partner_id = fields.Many2one(
        tracking=False, compute="_compute_partner_id", store=True, readonly=False, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(string="Lead Negotiator")
    tender_id = fields.Many2one("kam.tender", index=True, check_company=True)
    contract_id = fields.Many2one("kam.contract", string="Contract Renewal", index=True, check_company=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True, check_company=True)
    round_ids = fields.One2many("kam.negotiation.round", "negotiation_id", string="Rounds")
    round_count = fields.Integer(compute="_compute_round_count")
    # The limits are stored in fields only KAM managers read; the KAM reads them through the
    # computed fields below, which check who asks.
    walk_away_amount = fields.Monetary(groups="kam_key_accounts.group_kam_manager", copy=False)
    target_amount = fields.Monetary(groups="kam_key_accounts.group_kam_manager", copy=False)
    walk_away_price = fields.Monetary(
        compute="_compute_limits",
        inverse="_inverse_limits",
        groups="kam_key_accounts.group_kam_user",
        help="Below this price we leave the table. Visible to KAM managers and the account's KAM only.",
    )
    target_price = fields.Monetary(
        compute="_compute_limits",
        inverse="_inverse_limits",
        groups="kam_key_accounts.group_kam_user",
        help="The price we aim for. Visible to KAM managers and the account's KAM only.",
    )
    can_see_limits = fields.Boolean(compute="_compute_can_see_limits")
    state = fields.Selection(
        [("open", "In Progress"), ("agreed", "Agreed"), ("failed", "Failed")],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    agreement_amount = fields.Monetary(string="Agreed Price", tracking=True, copy=False)
    agreement_date = fields.Date(string="Agreed On", copy=False)
    agreement_note = fields.Html(string="Final Agreement", copy=False)
    # What the account plan lists and counts (stage, value, deadline)
    value_amount = fields.Monetary(
        string="Value",
        compute="_compute_value_amount",
        store=True,
        help="The agreed price once agreed, else our offer of the last round.",
    )
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="By default the tender's submission deadline, else the contract's notice date, else the "
        "opportunity's expected closing.",
    )

    _sql_constraints = [
        (
            "subject_set",
            "CHECK(num_nonnulls(tender_id, contract_id, lead_id) >= 1)",
            "A negotiation is about a tender, a contract renewal or an opportunity.",
        ),
        (
            "amounts_positive",
            "CHECK(COALESCE(walk_away_amount, 0) >= 0 AND COALESCE(target_amount, 0) >= 0 "
            "AND COALESCE(agreement_amount, 0) >= 0)",
            "The prices of a negotiation cannot be negative.",
        ),
    ]

    @api.depends("tender_id", "contract_id", "lead_id")
    def _compute_partner_id(self):
        for negotiation in self:
            negotiation.partner_id = (
                negotiation.tender_id.partner_id
                or negotiation.contract_id.partner_id
                or negotiation.lead_id.partner_id.commercial_partner_id
                or negotiation.partner_id
            )

    def _default_owner(self):
        # whoever opens the negotiation leads it
        return self.env.user

    def _compute_round_count(self):
        counts = dict(
            self.env["kam.negotiation.round"]._read_group(
                [("negotiation_id", "in", self.ids)], ["negotiation_id"], ["__count"]
            )
        )
        for negotiation in self:
            negotiation.round_count = counts.get(negotiation, 0)

    @api.depends_context("uid")
    @api.depends("key_account_id.key_account_manager_id", "user_id")
    def _compute_can_see_limits(self):
        is_manager = self.env.su or self.env.user.has_group("kam_key_accounts.group_kam_manager")
        for negotiation in self:
            negotiation.can_see_limits = is_manager or self.env.user in (
                negotiation.key_account_id.key_account_manager_id | negotiation.user_id
            )

    @api.depends_context("uid")
    @api.depends("can_see_limits")
    def _compute_limits(self):
        # sudo: the limits are stored in manager-only fields; the check is can_see_limits.
        for negotiation in self:
            stored = negotiation.sudo()
            visible = negotiation.can_see_limits
            negotiation.walk_away_price = stored.walk_away_amount if visible else 0.0
            negotiation.target_price = stored.target_amount if visible else 0.0

    def _inverse_limits(self):
        for negotiation in self:
            if not negotiation.can_see_limits:
                raise AccessError(
                    self.env._(
                        "Only KAM managers and the account's key account manager can set the price limits."
                    )
                )
            # sudo: the rights were checked just above.
            negotiation.sudo().write(
                {"walk_away_amount": negotiation.walk_away_price, "target_amount": negotiation.target_price}
            )

    @api.depends("state", "agreement_amount", "round_ids.date", "round_ids.our_offer")
    def _compute_value_amount(self):
        for negotiation in self:
            last = negotiation.round_ids.sorted(lambda r: (r.date, r.id))[-1:]
            negotiation.value_amount = (
                negotiation.agreement_amount if negotiation.state == "agreed" else last.our_offer
            )

    @api.depends("tender_id.submission_deadline", "contract_id.notice_date", "lead_id.date_deadline")
    def _compute_date_deadline(self):
        for negotiation in self:
            submission = negotiation.tender_id.submission_deadline
            negotiation.date_deadline = (
                (submission and fields.Date.context_today(negotiation, submission))
                or negotiation.contract_id.notice_date
                or negotiation.lead_id.date_deadline
                or negotiation.date_deadline
            )

    def _checks_before_sql(self):
        return ("_check_amounts", "_check_subject")

    @api.constrains("walk_away_amount", "target_amount", "agreement_amount")
    def _check_amounts(self):
        for negotiation in self.sudo():
            if min(negotiation.walk_away_amount, negotiation.target_amount, negotiation.agreement_amount) < 0:
                raise ValidationError(self.env._("The prices of a negotiation cannot be negative."))

    @api.constrains("tender_id", "contract_id", "lead_id")
    def _check_subject(self):
        if any(not (n.tender_id or n.contract_id or n.lead_id) for n in self):
            raise ValidationError(
                self.env._("A negotiation is about a tender, a contract renewal or an opportunity.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        # The rows are inserted right away: check here so users read our message, not the database's.
        for vals in vals_list:
            self.new(vals)._check_subject()
        return super().create(vals_list)

    def action_agree(self):
        for negotiation in self:
            if negotiation.state != "open":
                raise UserError(self.env._("Only negotiations in progress can be agreed."))
            last = negotiation.round_ids.sorted(lambda r: (r.date, r.id))[-1:]
            amount = negotiation.agreement_amount or last.our_offer
            if not amount:
                raise UserError(self.env._("Give the agreed price (or record a round with our offer) first."))
            negotiation._workflow_write(
                {
                    "state": "agreed",
                    "agreement_amount": amount,
                    "agreement_date": negotiation.agreement_date or fields.Date.context_today(self),
                }
            )

    def action_fail(self):
        if any(negotiation.state != "open" for negotiation in self):
            raise UserError(self.env._("Only negotiations in progress can fail."))
        self._workflow_write({"state": "failed"})

    def action_reopen(self):
        self._workflow_write({"state": "open"})

    def action_view_price_walk(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.kam_negotiation_price_action"
        )
        action["domain"] = [("negotiation_id", "=", self.id)]
        action["display_name"] = self.env._("Price Walk: %(negotiation)s", negotiation=self.name)
        return action
