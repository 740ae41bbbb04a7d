from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import flag_search_domain

# The health trend compares the score now with the one recorded this many days ago (or earlier).
HEALTH_TREND_DAYS = 30

# Key-account settings only the account's KAM, its team or a KAM manager may change.
KAM_SETTINGS = {
    "is_key_account",
    "kam_tier_id",
    "key_account_manager_id",
    "kam_team_member_ids",
    "kam_listing",
    "kam_client_revenue",
    "kam_potential_share",
    "kam_relationship_start_date",
    "kam_last_review_date",
    "kam_next_review_date",
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "kam.checked.mixin"]

    is_key_account = fields.Boolean(
        string="Key Account",
        index=True,
        copy=False,
        tracking=True,
        help="A company managed as a key account: its subsidiaries' figures count for its group.",
    )
    kam_tier_id = fields.Many2one("kam.tier", string="Tier", index=True, tracking=True, ondelete="restrict")
    kam_tier_color = fields.Integer(related="kam_tier_id.color", string="Tier Colour")
    key_account_manager_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    kam_team_member_ids = fields.One2many("kam.team.member", "partner_id", string="Account Team")
    kam_listing = fields.Selection(
        [("cac40", "CAC 40"), ("sbf120", "SBF 120"), ("other", "Other")],
        string="Market Listing",
    )
    kam_currency_id = fields.Many2one(
        "res.currency", string="Figures Currency", compute="_compute_kam_currency_id"
    )
    kam_client_revenue = fields.Monetary(
        string="Client Annual Revenue",
        currency_field="kam_currency_id",
        help="The client group's own yearly revenue.",
    )
    kam_potential_share = fields.Float(
        string="Our Potential Share (%)",
        help="Share of the client's spend in our categories that we could win.",
    )
    kam_relationship_start_date = fields.Date(string="Client Since")
    kam_last_review_date = fields.Date(string="Last Review", tracking=True)
    kam_next_review_date = fields.Date(
        string="Next Review",
        compute="_compute_kam_next_review_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Last review (or the start of the relationship) plus the tier's review frequency.",
    )
    kam_review_overdue = fields.Boolean(
        string="Review Overdue", compute="_compute_kam_review_overdue", search="_search_kam_review_overdue"
    )
    key_account_id = fields.Many2one(
        "res.partner",
        string="Key Account Group",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The key account this company belongs to: itself, or its nearest parent company that is one.",
    )
    kam_plan_ids = fields.One2many("kam.account.plan", "partner_id", string="Account Plans")
    # Relationship map (the account's stakeholders, across its plans)
    kam_stakeholder_ids = fields.One2many("kam.stakeholder", "key_account_id", string="Stakeholders")
    kam_stakeholder_count = fields.Integer(
        string="Relationship Map", compute="_compute_kam_stakeholder_count"
    )
    kam_active_plan_id = fields.Many2one(
        "kam.account.plan", string="Active Plan", compute="_compute_kam_health_score"
    )
    kam_health_score = fields.Integer(
        string="Health Score",
        compute="_compute_kam_health_score",
        help="0 to 100, from the active account plan: see the plan's Health tab for each factor.",
    )
    kam_can_edit = fields.Boolean(string="Can Edit Key-Account Settings", compute="_compute_kam_can_edit")
    kam_is_mine = fields.Boolean(
        string="My Key Accounts", compute="_compute_kam_can_edit", search="_search_kam_is_mine"
    )
    # Group figures (the key account and every subsidiary), in the current company's currency.
    kam_subsidiary_count = fields.Integer(string="Subsidiaries", compute="_compute_kam_subsidiary_count")
    kam_revenue_ordered_this_year = fields.Monetary(
        string="Ordered This Year",
        compute="_compute_kam_revenue_ordered_this_year",
        currency_field="kam_currency_id",
    )
    kam_revenue_ordered_last_year = fields.Monetary(
        string="Ordered Last Year",
        compute="_compute_kam_revenue_ordered_last_year",
        currency_field="kam_currency_id",
    )
    kam_revenue_invoiced_this_year = fields.Monetary(
        string="Invoiced This Year",
        compute="_compute_kam_revenue_invoiced_this_year",
        currency_field="kam_currency_id",
    )
    kam_revenue_invoiced_last_year = fields.Monetary(
        string="Invoiced Last Year",
        compute="_compute_kam_revenue_invoiced_last_year",
        currency_field="kam_currency_id",
    )
    kam_pipeline_amount = fields.Monetary(
        string="Open Pipeline", compute="_compute_kam_pipeline_amount", currency_field="kam_currency_id"
    )
    kam_pipeline_weighted = fields.Monetary(
        string="Weighted Pipeline", compute="_compute_kam_pipeline_weighted", currency_field="kam_currency_id"
    )
    kam_won_count = fields.Integer(string="Won Opportunities", compute="_compute_kam_won_count")
    kam_lost_count = fields.Integer(string="Lost Opportunities", compute="_compute_kam_lost_count")
    # Global accounts: the topmost key account at or above the company (itself for a key account
    # with none above it), kept by the roll-up in SQL with key_account_id (_kam_sync_key_accounts).
    kam_global_account_id = fields.Many2one(
        "res.partner",
        string="Global Account",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The topmost key account of the group: a local key account's figures also count for it.",
    )
    kam_local_account_ids = fields.Many2many(
        "res.partner",
        string="Local Key Accounts",
        relation="kam_global_local_account_rel",  # not stored: a name, as both ends are partners
        column1="global_account_id",
        column2="local_account_id",
        compute="_compute_kam_local_account_ids",
        help="The key accounts of the group below this global account, each with its own KAM.",
    )
    kam_is_global_account = fields.Boolean(
        string="Is a Global Account",
        compute="_compute_kam_local_account_ids",
        search="_search_kam_is_global_account",
    )
    # Health history (issue 17): the score now against the snapshot of about a month ago
    kam_health_trend = fields.Integer(
        string="Health Trend",
        compute="_compute_kam_health_trend",
        groups="kam_key_accounts.group_kam_user",
        help="Points gained (or lost) since the latest recorded score at least 30 days old.",
    )
    kam_health_trend_direction = fields.Selection(
        [("up", "Up"), ("down", "Down"), ("flat", "Flat")],
        string="Health Direction",
        compute="_compute_kam_health_trend",
        groups="kam_key_accounts.group_kam_user",
        help="Empty while the account has no active plan or no score recorded 30 days ago or earlier.",
    )
    # Tenders, framework contracts and escalations of a key account's group
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
    # The group tree (a hierarchy view of the companies): each company's own figures and its KAM
    kam_subsidiary_company_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Subsidiary Companies",
        domain=[("is_company", "=", True)],
    )
    kam_group_manager_id = fields.Many2one(
        related="key_account_id.key_account_manager_id", string="Group KAM"
    )
    kam_own_ordered_this_year = fields.Monetary(
        string="Own Orders This Year",
        compute="_compute_kam_own_ordered_this_year",
        currency_field="kam_currency_id",
        help="Confirmed orders of this company itself (and its contacts) this year, without its "
        "subsidiaries.",
    )

    _sql_constraints = [
        (
            "key_account_has_manager",
            "CHECK(is_key_account IS NOT TRUE OR key_account_manager_id IS NOT NULL)",
            "A key account needs a key account manager.",
        ),
        (
            "key_account_is_company",
            "CHECK(is_key_account IS NOT TRUE OR is_company IS TRUE)",
            "Only a company can be a key account.",
        ),
        (
            "kam_client_revenue_positive",
            "CHECK(kam_client_revenue IS NULL OR kam_client_revenue >= 0)",
            "The client's annual revenue cannot be negative.",
        ),
        (
            "kam_potential_share_range",
            "CHECK(kam_potential_share IS NULL OR (kam_potential_share >= 0 AND kam_potential_share <= 100))",
            "Our potential share must be between 0 and 100 %.",
        ),
    ]

    def _compute_kam_currency_id(self):
        self.kam_currency_id = self.env.company.currency_id

    @api.depends("kam_last_review_date", "kam_relationship_start_date", "kam_tier_id.review_frequency_months")
    def _compute_kam_next_review_date(self):
        for partner in self:
            start = partner.kam_last_review_date or partner.kam_relationship_start_date
            months = partner.kam_tier_id.review_frequency_months
            partner.kam_next_review_date = start + relativedelta(months=months) if start and months else False

    @api.depends("kam_next_review_date")
    def _compute_kam_review_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.kam_review_overdue = bool(
                partner.is_key_account
                and partner.kam_next_review_date
                and partner.kam_next_review_date < today
            )

    def _search_kam_review_overdue(self, operator, value):
        overdue = [
            ("is_key_account", "=", True),
            ("kam_next_review_date", "<", fields.Date.context_today(self)),
        ]
        return flag_search_domain(self.env, operator, value, overdue)

    @api.depends_context("uid")
    @api.depends("key_account_manager_id", "kam_team_member_ids.user_id")
    def _compute_kam_can_edit(self):
        user = self.env.user
        is_manager = user.has_group("kam_key_accounts.group_kam_manager")
        is_kam = user.has_group("kam_key_accounts.group_kam_user")
        for partner in self:
            mine = partner.key_account_manager_id == user or user in partner.kam_team_member_ids.user_id
            partner.kam_is_mine = mine
            partner.kam_can_edit = is_manager or (is_kam and mine)

    def _search_kam_is_mine(self, operator, value):
        mine = [
            "|",
            ("key_account_manager_id", "=", self.env.uid),
            ("kam_team_member_ids.user_id", "=", self.env.uid),
        ]
        return flag_search_domain(self.env, operator, value, mine)

    @api.depends_context("uid")  # the active plan is read through the user's access rules
    def _compute_kam_health_score(self):
        plans = self.env["kam.account.plan"].search(
            [("partner_id", "in", self.ids), ("state", "=", "active")]
        )
        by_account = {plan.partner_id.id: plan for plan in plans}
        for partner in self:
            plan = by_account.get(partner.id, self.env["kam.account.plan"])
            partner.kam_active_plan_id = plan
            partner.kam_health_score = plan.health_score

    def _compute_kam_stakeholder_count(self):
        accounts = self.filtered("is_key_account")
        counts = dict(
            self.env["kam.stakeholder"]._read_group(
                [("key_account_id", "in", accounts.ids)], ["key_account_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kam_stakeholder_count = counts.get(partner, 0)

    def _compute_kam_subsidiary_count(self):
        accounts = self.filtered("is_key_account")
        counts = dict(
            self.env["res.partner"]._read_group(
                [
                    ("key_account_id", "in", accounts.ids),
                    ("is_company", "=", True),
                    ("id", "not in", accounts.ids),
                ],
                ["key_account_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.kam_subsidiary_count = counts.get(partner, 0)

    # Group figures: one compute per field, so that a view pays only for the figures it shows
    # (the kanban shows two). Each is one query for all the records, through the shared measures
    # (kam.measure over the figures ledger): the same number for every user who may see the account.
    def _kam_compute_figure(self, field_name, measure, period):
        accounts = self.filtered("is_key_account")
        values = self.env["kam.measure"]._compute_measure(measure, accounts.ids, *period) if accounts else {}
        for partner in self:
            partner[field_name] = values.get(partner.id, 0)

    def _kam_year(self, offset=0):
        return self.env["kam.measure"]._year_bounds(fields.Date.context_today(self).year + offset)

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_revenue_ordered_this_year(self):
        self._kam_compute_figure("kam_revenue_ordered_this_year", "ordered_revenue", self._kam_year())

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_revenue_ordered_last_year(self):
        self._kam_compute_figure("kam_revenue_ordered_last_year", "ordered_revenue", self._kam_year(-1))

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_revenue_invoiced_this_year(self):
        self._kam_compute_figure("kam_revenue_invoiced_this_year", "invoiced_revenue", self._kam_year())

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_revenue_invoiced_last_year(self):
        self._kam_compute_figure("kam_revenue_invoiced_last_year", "invoiced_revenue", self._kam_year(-1))

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_pipeline_amount(self):
        self._kam_compute_figure("kam_pipeline_amount", "pipeline_amount", (None, None))

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_pipeline_weighted(self):
        self._kam_compute_figure("kam_pipeline_weighted", "pipeline_weighted", (None, None))

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_won_count(self):
        self._kam_compute_figure("kam_won_count", "won_count", (None, None))

    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_lost_count(self):
        self._kam_compute_figure("kam_lost_count", "lost_count", (None, None))

    def _compute_kam_local_account_ids(self):
        accounts = self.filtered("is_key_account")
        locals_by_global = {}
        if accounts.ids:
            locals_by_global = dict(
                self.env["res.partner"]._read_group(
                    [
                        ("is_key_account", "=", True),
                        ("kam_global_account_id", "in", accounts.ids),
                        ("id", "not in", accounts.ids),
                    ],
                    ["kam_global_account_id"],
                    ["id:recordset"],
                )
            )
        for partner in self:
            local_accounts = locals_by_global.get(partner, self.env["res.partner"])
            partner.kam_local_account_ids = local_accounts
            partner.kam_is_global_account = bool(local_accounts)

    def _search_kam_is_global_account(self, operator, value):
        # the global accounts of the local key accounts (a comparison of two columns: SQL)
        self.flush_model(["is_key_account", "kam_global_account_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT local.kam_global_account_id FROM res_partner local
                 WHERE local.is_key_account AND local.kam_global_account_id != local.id
                """
            )
        )
        global_accounts = [("id", "in", [row[0] for row in self.env.cr.fetchall()])]
        return flag_search_domain(self.env, operator, value, global_accounts)

    def _checks_before_sql(self):
        return ("_check_key_account_settings", "_check_kam_amounts")

    def _unique_constraints(self):
        # Odoo's and other apps' keys of a partner keep their own handling: ours has none
        return []

    @api.constrains("is_key_account", "key_account_manager_id", "is_company")
    def _check_key_account_settings(self):
        """A key account is a company with a KAM, an internal user."""
        for partner in self.filtered("is_key_account"):
            if not partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a company: only a company can be a key account.",
                        partner=partner.display_name,
                    )
                )
            if not partner.key_account_manager_id:
                raise ValidationError(
                    self.env._("Choose the key account manager of %(partner)s.", partner=partner.display_name)
                )
            # sudo: a KAM may not read other users' portal flag
            if partner.key_account_manager_id.sudo().share:
                raise ValidationError(
                    self.env._(
                        "%(user)s is a portal or public user: the key account manager of %(partner)s is an "
                        "internal user.",
                        user=partner.key_account_manager_id.sudo().name,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("kam_client_revenue", "kam_potential_share")
    def _check_kam_amounts(self):
        for partner in self:
            if partner.kam_client_revenue < 0:
                raise ValidationError(self.env._("The client's annual revenue cannot be negative."))
            if not 0 <= partner.kam_potential_share <= 100:
                raise ValidationError(self.env._("Our potential share must be between 0 and 100 %."))

    @api.model_create_multi
    def create(self, vals_list):
        # New records arrive with every field of the form, empty ones included: only real values count.
        if any(vals.get(name) for vals in vals_list for name in KAM_SETTINGS):
            self._kam_check_settings_access(self.browse())
        partners = super().create(vals_list)
        partners.filtered(
            lambda partner: partner.parent_id or partner.is_key_account
        )._kam_sync_key_accounts()
        return partners

    def write(self, vals):
        if KAM_SETTINGS.intersection(vals):
            self._kam_check_settings_access(self)
            if vals.get("is_key_account") is False:
                self.filtered("is_key_account")._kam_check_unflag()
        result = super().write(vals)
        if "parent_id" in vals or "is_key_account" in vals:
            self._kam_sync_key_accounts()
        if "key_account_manager_id" in vals:
            self._kam_record_handover()
        return result

    def unlink(self):
        orphans = self.child_ids - self
        result = super().unlink()
        orphans.exists()._kam_sync_key_accounts()
        return result

    def onchange_parent_id(self):
        # A company attached to a group keeps its own address: a local key account or a subsidiary
        # abroad stays in its country (the analysis's dimension). Odoo copies the parent's address
        # to contacts (this result is also what _fields_sync applies after create and write).
        result = super().onchange_parent_id()
        if result and self.is_company:
            result.pop("value", None)
        return result

    def _load_records_create(self, vals_list):
        # Data files and imports copy the parent's address to every child they create, companies
        # included: a company of a group gets back the address it was given (one write per address).
        partners = super()._load_records_create(vals_list)
        address_fields = self._address_fields()
        by_address = defaultdict(list)
        for partner, vals in zip(partners, vals_list, strict=True):
            if partner.is_company and partner.parent_id and any(vals.get(name) for name in address_fields):
                address = tuple((name, vals.get(name) or False) for name in address_fields)
                by_address[address].append(partner.id)
        for address, partner_ids in by_address.items():
            self.browse(partner_ids).write(dict(address))
        return partners

    def _children_sync(self, values):
        # as onchange_parent_id: a parent's new address reaches its contacts, not its subsidiaries
        address_fields = self._address_fields()
        if not self.child_ids.filtered("is_company") or not any(name in values for name in address_fields):
            return super()._children_sync(values)
        super()._children_sync({name: value for name, value in values.items() if name not in address_fields})
        self.child_ids.filtered(
            lambda child: child.type == "contact" and not child.is_company
        ).update_address(values)

    # ------------------------------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------------------------------
    def _kam_check_settings_access(self, partners):
        """Key-account settings belong to KAM managers, and to the KAM and team of each account."""
        if self.env.su or self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            return
        if not self.env.user.has_group("kam_key_accounts.group_kam_user"):
            raise AccessError(self.env._("Only key account managers can change key-account settings."))
        not_mine = partners.filtered(lambda partner: not (partner.is_key_account and partner.kam_is_mine))
        if not partners or not_mine:
            raise AccessError(
                self.env._(
                    "You can only change the key-account settings of the accounts you manage or whose team "
                    "you belong to (%(accounts)s). Ask a key account manager.",
                    accounts=", ".join(not_mine.mapped("display_name")) or self.env._("new account"),
                )
            )

    def _kam_check_unflag(self):
        """Refuse to unflag key accounts whose plan is still running: it must be closed first."""
        running = self.env["kam.account.plan"].search(
            [("partner_id", "in", self.ids), ("state", "in", ("submitted", "approved", "active"))]
        )
        if running:
            raise UserError(
                self.env._(
                    "Close the account plans %(plans)s before removing the key-account flag.",
                    plans=", ".join(running.mapped("display_name")),
                )
            )
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

    @api.model
    def _kam_linked_models(self):
        """Models that store their customer's key account, as {model: customer field}; extend it."""
        return {
            "crm.lead": "partner_id",
            "sale.order": "partner_id",
            "account.move": "partner_id",
            "kam.tender": "partner_id",
            "kam.contract": "partner_id",
            "kam.negotiation": "partner_id",
            "kam.escalation": "partner_id",
        }

    def _kam_sync_key_accounts(self):
        """Recompute the key account of these partners and of everything below them, in SQL.

        One recursive query resolves, for the whole subtree, the nearest ancestor-or-self that is a
        key account and updates the partners whose group changed; then one statement moves the
        records of every linked model. Flagging a group of thousands of companies costs the same few
        queries as flagging one.
        """
        if not self.ids:
            return
        Partner = self.env["res.partner"]
        Partner.flush_model(["parent_id", "is_key_account", "key_account_id", "kam_global_account_id"])
        # the whole chain up to the root: the nearest key account is the company's, the topmost
        # its global account
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE subtree AS (
                    SELECT id FROM res_partner WHERE id = ANY(%(ids)s)
                    UNION
                    SELECT child.id FROM res_partner child JOIN subtree ON child.parent_id = subtree.id
                ), chain AS (
                    SELECT partner.id AS partner_id, partner.id AS ancestor_id, partner.parent_id,
                           COALESCE(partner.is_key_account, FALSE) AS is_key, 0 AS depth
                      FROM res_partner partner JOIN subtree ON subtree.id = partner.id
                    UNION ALL
                    SELECT chain.partner_id, parent.id, parent.parent_id,
                           COALESCE(parent.is_key_account, FALSE), chain.depth + 1
                      FROM chain JOIN res_partner parent ON parent.id = chain.parent_id
                ), resolved AS (
                    SELECT partner_id,
                           (array_agg(ancestor_id ORDER BY depth) FILTER (WHERE is_key))[1] AS key_account_id,
                           (array_agg(ancestor_id ORDER BY depth DESC) FILTER (WHERE is_key))[1]
                               AS global_account_id
                      FROM chain GROUP BY partner_id
                )
                UPDATE res_partner
                   SET key_account_id = resolved.key_account_id,
                       kam_global_account_id = resolved.global_account_id
                  FROM resolved
                 WHERE res_partner.id = resolved.partner_id
                   AND (res_partner.key_account_id IS DISTINCT FROM resolved.key_account_id
                        OR res_partner.kam_global_account_id IS DISTINCT FROM resolved.global_account_id)
             RETURNING res_partner.id
                """,
                ids=self.ids,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        Partner.invalidate_model(["key_account_id", "kam_global_account_id"])
        if not changed:
            return
        linked = [(self.env[model_name], field) for model_name, field in self._kam_linked_models().items()]
        for Model, partner_field in linked:
            Model.flush_model([partner_field, "key_account_id"])
        # One statement moves the records of the big linked models (one data-modifying CTE each),
        # so the cost stays the same whatever the number of records.
        updates = SQL(", ").join(
            SQL(
                """
                %(alias)s AS (
                    UPDATE %(table)s AS record SET key_account_id = partner.key_account_id
                      FROM res_partner partner
                     WHERE record.%(partner_field)s = partner.id AND partner.id = ANY(%(changed)s)
                       AND record.key_account_id IS DISTINCT FROM partner.key_account_id
                 RETURNING record.id
                )
                """,
                alias=SQL.identifier(f"moved_{index}"),
                table=SQL.identifier(Model._table),
                partner_field=SQL.identifier(partner_field),
                changed=changed,
            )
            for index, (Model, partner_field) in enumerate(linked)
        )
        self.env.cr.execute(SQL("WITH %s SELECT 1", updates))
        # Every other stored field that depends on a key account (on any model: tenders, contracts,
        # negotiation rounds, escalation deadlines by tier...) is recomputed by the ORM, which is
        # told what changed; the linked models above are already current in the database.
        Partner.browse(changed).modified(["key_account_id", "kam_global_account_id"])
        for Model, _partner_field in linked:
            field = Model._fields["key_account_id"]
            self.env.remove_to_compute(field, self.env.records_to_compute(field))
            Model.invalidate_model(["key_account_id"])
        # the credit of the time: these companies count for their new key account from today (UTC,
        # as the ledger's days)
        self.env["kam.account.assignment"]._record(changed, fields.Date.today())

    def _kam_record_handover(self):
        """A new KAM takes the key accounts over from today, or from the hand-over's date."""
        accounts = self.filtered("is_key_account")
        if not accounts:
            return
        # the ledger's days are UTC calendar days (kam.figure)
        day = self.env.context.get("kam_handover_date") or fields.Date.today()
        self.flush_model(["key_account_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE key_account_id = ANY(%s) AND id = commercial_partner_id",
                accounts.ids,
            )
        )
        companies = [row[0] for row in self.env.cr.fetchall()]
        self.env["kam.account.assignment"]._record(companies, fields.Date.to_date(day))

    def action_open_kam_assignments(self):
        """The key account managers of the group's companies over time (the credit of the figures)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.kam_account_assignment_action"
        )
        # a global account's local accounts too: their figures count for it
        action["domain"] = ["|", ("key_account_id", "=", self.id), ("global_account_id", "=", self.id)]
        action["context"] = {"search_default_current": 0}
        return action

    def action_open_kam_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_account_plan_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        if self.kam_active_plan_id:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.kam_active_plan_id.id)
        return action

    def action_open_kam_relationship_map(self):
        """The account's org chart: its stakeholders by reporting line, coloured by attitude."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.kam_stakeholder_action_relationship_map"
        )
        action["domain"] = [("key_account_id", "=", self.id)]
        action["context"] = {"default_key_account_id": self.id}
        action["display_name"] = self.env._("%(account)s: relationship map", account=self.display_name)
        return action

    def action_open_kam_records(self):
        """Open the group's opportunities, orders or invoices (``kam_model`` in the context)."""
        self.ensure_one()
        model = self.env.context.get("kam_model", "sale.order")
        actions = {
            "crm.lead": "crm.crm_lead_opportunities",
            "sale.order": "sale.action_orders",
            "account.move": "account.action_move_out_invoice_type",
            "res.partner": "base.action_partner_form",
        }
        action = self.env["ir.actions.act_window"]._for_xml_id(actions[model])
        # the documents of the group figures: a global account's local accounts' included
        action["domain"] = [
            "|",
            ("key_account_id", "=", self.id),
            ("key_account_id.kam_global_account_id", "=", self.id),
        ]
        if model == "res.partner":
            # the subsidiaries counted on the button: the account's own
            action["domain"] = [
                ("key_account_id", "=", self.id),
                ("is_company", "=", True),
                ("id", "!=", self.id),
            ]
            action["view_mode"] = "list,kanban,form"
            action["views"] = [(False, "list"), (False, "kanban"), (False, "form")]
        action["context"] = {"create": False}
        action["display_name"] = self.env._("%(account)s: group", account=self.display_name)
        return action

    # ------------------------------------------------------------------------------------------
    # Health history
    # ------------------------------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_kam_health_trend(self):
        """The live score against the latest snapshot dated 30 days ago or earlier: two queries for
        all the accounts, through the snapshots' access rules (a KAM's trend is his accounts')."""
        cutoff = fields.Date.context_today(self) - relativedelta(days=HEALTH_TREND_DAYS)
        accounts = self.filtered(lambda partner: partner.is_key_account and partner.kam_active_plan_id)
        Snapshot = self.env["kam.health.snapshot"]
        past_scores = {}
        if accounts:
            latest = Snapshot._read_group(
                [("partner_id", "in", accounts.ids), ("date", "<=", cutoff)], ["partner_id"], ["date:max"]
            )
            days = {partner.id: day for partner, day in latest}
            for snapshot in Snapshot.search(
                [("partner_id", "in", list(days)), ("date", "in", list(set(days.values())))]
            ):
                if days[snapshot.partner_id.id] == snapshot.date:
                    past_scores[snapshot.partner_id.id] = snapshot.score
        for partner in self:
            past = past_scores.get(partner.id) if partner in accounts else None
            if past is None:
                partner.kam_health_trend = 0
                partner.kam_health_trend_direction = False
                continue
            trend = partner.kam_health_score - past
            partner.kam_health_trend = trend
            partner.kam_health_trend_direction = "up" if trend > 0 else "down" if trend < 0 else "flat"

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
        Escalation = self.env["kam.escalation"]
        open_counts = dict(
            Escalation._read_group(
                [("key_account_id", "in", accounts.ids), ("state", "in", Escalation._deadline_open_states)],
                ["key_account_id"],
                ["__count"],
            )
        )
        # late as the escalation itself says it (kam.deadline.mixin)
        late_counts = dict(
            Escalation._read_group(
                [("key_account_id", "in", accounts.ids), ("is_late", "=", True)],
                ["key_account_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.kam_escalation_open_count = open_counts.get(partner, 0)
            partner.kam_escalation_late_count = late_counts.get(partner, 0)

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

    # ------------------------------------------------------------------------------------------
    # White space and the group tree
    # ------------------------------------------------------------------------------------------
    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_own_ordered_this_year(self):
        # one query for every card of the tree: the ledger's rows by customer company (kam.figure
        # stores the commercial partner), whoever reads them (access is to the partner)
        Figure = self.env["kam.figure"]
        companies = self.filtered("is_company")
        sums = {}
        if companies.ids:
            Figure._refresh_figures()
            sums = Figure._sum_by(
                ["ordered_amount"],
                "partner_id",
                companies.ids,
                *self._kam_year(),
                companies=self.env.companies,
                currency_company=self.env.company,
            )
        for partner in self:
            partner.kam_own_ordered_this_year = sums.get(partner.id, {}).get("ordered_amount", 0.0)

    @api.model
    def hierarchy_read(self, domain, fields, parent_field, child_field=None, order=None):
        result = super().hierarchy_read(domain, fields, parent_field, child_field=child_field, order=order)
        # Known by its child field: Odoo 18's first read of a hierarchy view goes without the
        # action's context.
        if child_field != "kam_subsidiary_company_ids" and not self.env.context.get("kam_group_tree"):
            return result
        # The group tree shows companies: around the focused company, Odoo adds its parent's and its
        # own children without the view's domain, which would bring their contacts in.
        companies = set(self.browse([row["id"] for row in result]).filtered("is_company").ids)
        return [row for row in result if row["id"] in companies]

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        if self.env.context.get("kam_group_tree"):
            # the group tree's parent and child nodes: companies only (see hierarchy_read)
            domain = [*(domain or []), ("is_company", "=", True)]
        return super().search_read(domain, fields, offset=offset, limit=limit, order=order, **read_kwargs)

    def action_open_kam_white_space(self):
        """The white-space matrix of this key account's group: its companies x the tracked offers."""
        self.ensure_one()
        account = self if self.is_key_account else self.key_account_id
        if not account:
            raise UserError(
                self.env._("%(partner)s belongs to no key account's group.", partner=self.display_name)
            )
        return self.env["kam.white.space"]._action_for_accounts(account)

    def action_open_kam_group_tree(self):
        """The group as a tree (parent and subsidiaries at any depth), opened on this company."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.res_partner_action_kam_group_tree"
        )
        account = self if self.is_key_account else self.key_account_id
        action["display_name"] = self.env._("%(account)s: group tree", account=(account or self).display_name)
        action["context"] = {"hierarchy_res_id": self.id, "kam_group_tree": True, "create": False}
        return action
