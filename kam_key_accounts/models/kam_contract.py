from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

RUNNING_STATES = ("running", "to_renew")
DEFAULT_RENEWAL_MARGIN_DAYS = 30


class KamContract(models.Model):
    """A framework agreement (contrat-cadre, referencing) with a key account and its subsidiaries."""

    _name = "kam.contract"
    _description = "Framework Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.workflow.mixin",
        "kam.checked.mixin",
        "kam.client.mixin",
    ]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(string="Contract Reference", tracking=True)
    partner_id = fields.Many2one(
        string="Key Account",
        domain="[('is_key_account', '=', True)]",
        help="The group the agreement is signed with: its subsidiaries' orders fall under it too.",
    )
    key_account_id = fields.Many2one(string="Key Account Group")  # the client is the key account
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(string="Key Account Manager")
    tender_id = fields.Many2one(
        "kam.tender",
        string="Origin Tender",
        index=True,
        check_company=True,
        domain="[('key_account_id', '=', partner_id)]",
    )
    previous_contract_id = fields.Many2one(
        "kam.contract", string="Renews", index=True, copy=False, check_company=True
    )
    renewal_tender_id = fields.Many2one("kam.tender", copy=False, check_company=True)
    renewal_lead_id = fields.Many2one(
        "crm.lead", string="Renewal Opportunity", copy=False, check_company=True
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    notice_period = fields.Integer(default=3, tracking=True)
    notice_unit = fields.Selection([("days", "Days"), ("months", "Months")], required=True, default="months")
    notice_date = fields.Date(
        compute="_compute_notice_date",
        store=True,
        index=True,
        help="Last day to give notice before the end of the contract.",
    )
    tacit_renewal = fields.Boolean(
        tracking=True, help="Renewed for the same duration unless notice is given."
    )
    committed_volume = fields.Monetary(tracking=True, help="Untaxed amount the client commits to order.")
    product_ids = fields.Many2many(
        "product.product",
        string="Products Covered",
        check_company=True,
        help="The offer the agreement covers: only these products consume it. Empty: the orders on "
        "the negotiated pricelist, or every order of the group when there is none.",
    )
    consumed_amount = fields.Monetary(
        string="Consumed",
        compute="_compute_consumption",
        help="Ordered revenue of the group over the period, within the contract's scope: its products, "
        "else its pricelist, else every order.",
    )
    consumption_rate = fields.Float(string="Consumption (%)", compute="_compute_consumption")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Negotiated Pricelist",
        check_company=True,
        help="Default pricelist of the group's quotations while the contract runs.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("to_renew", "To Renew"),
            ("renewed", "Renewed"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    note = fields.Html()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("dates_order", "CHECK(date_end >= date_start)", "A contract cannot end before it starts."),
        (
            "amounts_positive",
            "CHECK(COALESCE(committed_volume, 0) >= 0 AND COALESCE(notice_period, 0) >= 0)",
            "The committed volume and the notice period cannot be negative.",
        ),
        (
            "running_no_overlap",
            # ids as one-value ranges, as hr_work_entry does: no extension (btree_gist)
            "EXCLUDE USING gist (int4range(partner_id, partner_id, '[]') WITH =, "
            "int4range(company_id, company_id, '[]') WITH =, "
            "daterange(date_start, date_end, '[]') WITH &&) WHERE (state IN ('running', 'to_renew'))",
            "Another running contract of this key account already covers these dates.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_user_id(self):
        # the contract follows its key account's KAM (its partner is the key account itself)
        for contract in self:
            contract.user_id = contract.partner_id.key_account_manager_id or contract.user_id or self.env.user

    @api.depends("date_end", "notice_period", "notice_unit")
    def _compute_notice_date(self):
        for contract in self:
            if not contract.date_end:
                contract.notice_date = False
                continue
            unit = "days" if contract.notice_unit == "days" else "months"
            contract.notice_date = contract.date_end - relativedelta(**{unit: contract.notice_period})

    @api.depends(
        "partner_id",
        "date_start",
        "date_end",
        "committed_volume",
        "company_id",
        "pricelist_id",
        "product_ids",
    )
    def _compute_consumption(self):
        """Ordered revenue (the figures ledger's) credited to each group over each contract period,
        within its scope, in one query for all the contracts."""
        contracts = self.filtered(
            lambda contract: contract.partner_id and contract.date_start and contract.date_end and contract.id
        )
        totals = {}
        if contracts:
            self.env["kam.figure"]._refresh_figures()
            self.flush_model(
                ["partner_id", "company_id", "date_start", "date_end", "pricelist_id", "product_ids"]
            )
            self.env["sale.order"].flush_model(["pricelist_id"])
            self.env["sale.order.line"].flush_model(["order_id", "product_id", "price_subtotal"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT contract.id,
                           SUM(CASE WHEN EXISTS (SELECT 1 FROM kam_contract_product_product_rel covered
                                                  WHERE covered.kam_contract_id = contract.id)
                                    THEN (SELECT COALESCE(SUM(line.price_subtotal), 0)
                                                 / COALESCE(NULLIF(sale.currency_rate, 0), 1)
                                            FROM sale_order_line line
                                            JOIN kam_contract_product_product_rel covered
                                              ON covered.product_product_id = line.product_id
                                             AND covered.kam_contract_id = contract.id
                                           WHERE line.order_id = figure.res_id)
                                    WHEN contract.pricelist_id IS NOT NULL
                                    THEN CASE WHEN sale.pricelist_id = contract.pricelist_id
                                              THEN figure.ordered_amount ELSE 0 END
                                    ELSE figure.ordered_amount END)
                      FROM kam_contract contract
                      JOIN kam_figure figure
                        ON figure.source = 'order' AND figure.key_account_id = contract.partner_id
                       AND figure.company_id = contract.company_id
                       AND figure.date BETWEEN contract.date_start AND contract.date_end
                      JOIN sale_order sale ON sale.id = figure.res_id
                     WHERE contract.id = ANY(%s)
                     GROUP BY contract.id
                    """,
                    contracts.ids,
                )
            )
            totals = dict(self.env.cr.fetchall())
        for contract in self:
            contract.consumed_amount = totals.get(contract.id, 0.0)
            contract.consumption_rate = (
                100.0 * contract.consumed_amount / contract.committed_volume
                if contract.committed_volume
                else 0.0
            )

    def _checks_before_sql(self):
        return ("_check_values", "_check_running_overlap")

    @api.constrains("date_start", "date_end", "committed_volume", "notice_period")
    def _check_values(self):
        for contract in self:
            if contract.date_start and contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._("%(contract)s cannot end before it starts.", contract=contract.display_name)
                )
            if contract.committed_volume < 0 or contract.notice_period < 0:
                raise ValidationError(
                    self.env._(
                        "%(contract)s: the committed volume and the notice period cannot be negative.",
                        contract=contract.display_name,
                    )
                )

    @api.constrains("state", "partner_id", "company_id", "date_start", "date_end")
    def _check_running_overlap(self):
        """A key account has one running contract at a time (the exclusion constraint's rule), said
        in words; one search for all the records."""
        running = self.filtered(
            lambda contract: contract.state in RUNNING_STATES and contract.date_start and contract.date_end
        )
        if not running:
            return
        # sudo: the rule holds whatever the record rules let this user see
        others = self.sudo().search(
            [
                ("id", "not in", self._origin.ids),
                ("state", "in", RUNNING_STATES),
                ("partner_id", "in", running.partner_id.ids),
            ]
        )
        for contract in running:
            clash = (others | (running - contract)).filtered(
                lambda other, contract=contract: other.partner_id == contract.partner_id
                and other.company_id == contract.company_id
                and other.date_start <= contract.date_end
                and other.date_end >= contract.date_start
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(contract)s overlaps %(other)s: a key account has one running contract at a time.",
                        contract=contract.name,
                        other=clash[0].display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_start(self):
        self._check_state(("draft",), self.env._("Only draft contracts can start."))
        self._workflow_write({"state": "running"})
        self.previous_contract_id.filtered(lambda previous: previous.state in RUNNING_STATES)._workflow_write(
            {"state": "renewed"}
        )

    def action_terminate(self):
        self._check_state(RUNNING_STATES, self.env._("Only running contracts can be terminated."))
        self._workflow_write({"state": "terminated"})

    def action_reset_draft(self):
        self._check_state(("terminated", "expired"), self.env._("Only ended contracts can go back to draft."))
        self._workflow_write({"state": "draft"})

    def action_renew(self):
        """A draft contract that follows this one, for the same duration."""
        self.ensure_one()
        self._check_state(RUNNING_STATES, self.env._("Only running contracts can be renewed."))
        duration = relativedelta(self.date_end, self.date_start)
        start = self.date_end + relativedelta(days=1)
        renewal = self.copy(
            {
                "name": self.env._("%(contract)s (renewal)", contract=self.name),
                "date_start": start,
                "date_end": start + duration,
                "previous_contract_id": self.id,
                "tender_id": self.renewal_tender_id.id or self.tender_id.id,
            }
        )
        return self._open_record(renewal)

    def action_open_renewal_tender(self):
        """A call for tenders to re-tender the contract (the client's new consultation)."""
        self.ensure_one()
        if not self.renewal_tender_id:
            tender_type = self.tender_id.type_id or self.env["kam.tender.type"].search([], limit=1)
            if not tender_type:
                raise UserError(self.env._("Create a tender type first (Configuration > Tender Types)."))
            self.renewal_tender_id = self.env["kam.tender"].create(
                {
                    "name": self.env._("Renewal of %(contract)s", contract=self.name),
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "type_id": tender_type.id,
                    "user_id": self.user_id.id,
                    "submission_deadline": datetime.combine(
                        max(
                            self.notice_date or self.date_end,
                            fields.Date.context_today(self) + relativedelta(days=1),
                        ),
                        time(12),
                    ),
                    "estimated_value": self.committed_volume,
                }
            )
        return self._open_record(self.renewal_tender_id)

    def action_open_renewal_opportunity(self):
        self.ensure_one()
        if not self.renewal_lead_id:
            self.renewal_lead_id = self.env["crm.lead"].create(
                {
                    "name": self.env._("Renewal of %(contract)s", contract=self.name),
                    "type": "opportunity",
                    "partner_id": self.partner_id.id,
                    "user_id": self.user_id.id,
                    "company_id": self.company_id.id,
                    "expected_revenue": self.committed_volume,
                    "date_deadline": self.notice_date,
                }
            )
        return self._open_record(self.renewal_lead_id)

    # ------------------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------------------
    def _open_record(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _renewal_margin_days(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("kam_key_accounts.contract_renewal_margin_days")
        )
        try:
            return max(int(value), 0) if value else DEFAULT_RENEWAL_MARGIN_DAYS
        except ValueError:
            return DEFAULT_RENEWAL_MARGIN_DAYS

    @api.model
    def _cron_renewals(self):
        """Flag contracts whose notice date comes closer than the margin, and end past contracts.

        Idempotent: a flagged contract leaves "running", so a second run finds nothing to do.
        """
        today = fields.Date.context_today(self)
        limit = today + relativedelta(days=self._renewal_margin_days())
        due = self.search([("state", "=", "running"), ("notice_date", "<=", limit)])
        due._workflow_write({"state": "to_renew"})
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("kam.contract")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": contract.id,
                    "activity_type_id": todo.id,
                    "summary": self.env._("Renew or re-tender %(contract)s", contract=contract.name),
                    "note": self.env._(
                        "Notice must be given by %(date)s. Open a renewal tender or a renewal opportunity.",
                        date=format_date(self.env, contract.notice_date),
                    ),
                    "date_deadline": max(contract.notice_date, today),
                    "user_id": (contract.user_id or contract.create_uid).id,
                }
                for contract in due
            ]
        )
        ended = self.search([("state", "in", RUNNING_STATES), ("date_end", "<", today)])
        for contract in ended.filtered("tacit_renewal"):
            duration = relativedelta(contract.date_end, contract.date_start)
            start = contract.date_end + relativedelta(days=1)
            contract._workflow_write({"date_start": start, "date_end": start + duration, "state": "running"})
        (ended - ended.filtered("tacit_renewal"))._workflow_write({"state": "expired"})
        return True
