from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, is_html_empty

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("active", "Active"),
    ("closed", "Closed"),
]
# Once approved, the objectives are the contract between the KAM and management.
LOCKED_STATES = ("approved", "active", "closed")
MAX_PLAN_YEARS = 5


class KamAccountPlan(models.Model):
    """The account business plan of one key account over one to five years."""

    _name = "kam.account.plan"
    _description = "Account Business Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.approval.mixin",
        "kam.workflow.mixin",
        "kam.checked.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_key_account', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    team_member_ids = fields.One2many(related="partner_id.kam_team_member_ids", string="Account Team")
    date_start = fields.Date(
        string="Start",
        required=True,
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_end = fields.Date(
        string="End", required=True, compute="_compute_date_end", store=True, readonly=False, precompute=True
    )
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    # Analysis
    market_context = fields.Html(string="Market and Client Context")
    client_strategy = fields.Html(string="Client Strategy and Needs")
    competitor_ids = fields.One2many("kam.plan.competitor", "plan_id", string="Competitors", copy=True)
    swot_ids = fields.One2many("kam.plan.swot", "plan_id", string="SWOT", copy=True)
    sold_categ_ids = fields.Many2many(
        "product.category", string="Categories Sold", compute="_compute_white_space"
    )
    white_space_categ_ids = fields.Many2many(
        "product.category",
        string="White Space",
        compute="_compute_white_space",
        help="Offers tracked by the company (Sales > Settings > Key Accounts) that no company of this group "
        "has ordered yet.",
    )
    kam_offer_categ_ids = fields.Many2many(related="company_id.kam_offer_categ_ids", string="Tracked Offers")
    # Formalisation and piloting
    objective_ids = fields.One2many("kam.plan.objective", "plan_id", string="Objectives", copy=True)
    action_ids = fields.One2many("kam.plan.action", "plan_id", string="Action Plan")
    # Relationship map: the account's current stakeholders, and the copy frozen by submit and approve
    stakeholder_ids = fields.One2many(
        related="partner_id.kam_stakeholder_ids", string="Stakeholders", readonly=False
    )
    stakeholder_snapshot_ids = fields.One2many(
        "kam.plan.stakeholder", "plan_id", string="Stakeholders Then", readonly=True
    )
    stakeholder_snapshot_date = fields.Date(
        string="Map Frozen On",
        compute="_compute_stakeholder_snapshot_date",
        help="The day the plan last froze the account's relationship map (when submitted or approved).",
    )
    review_ids = fields.One2many("calendar.event", "kam_plan_id", string="Reviews")
    review_count = fields.Integer(compute="_compute_review_count")
    overdue_action_count = fields.Integer(string="Overdue Actions", compute="_compute_overdue_action_count")
    # Health score: factors from 0 to 1, weighted (see _kam_health_factors and the readme)
    health_completeness = fields.Float(string="Plan Completeness", compute="_compute_health")
    health_roles = fields.Float(string="Key Roles Covered", compute="_compute_health")
    health_actions = fields.Float(string="Action Progress", compute="_compute_health")
    health_objectives = fields.Float(string="Objective Achievement", compute="_compute_health")
    health_recency = fields.Float(string="Interaction Recency", compute="_compute_health")
    health_invoices = fields.Float(string="Invoices Paid on Time", compute="_compute_health")
    health_score = fields.Integer(compute="_compute_health")
    # The plan's key account's tenders, contracts and negotiations at hand; its escalations lower the
    health_escalations = fields.Float(string="Escalations Under Control", compute="_compute_health")
    kam_tender_open_count = fields.Integer(related="partner_id.kam_tender_open_count", string="Open Tenders")
    kam_contract_running_count = fields.Integer(
        related="partner_id.kam_contract_running_count", string="Running Contracts"
    )
    # Negotiations of the plan's key account (its group's, in the plan's company)
    kam_negotiation_ids = fields.Many2many(
        "kam.negotiation", string="Negotiations", compute="_compute_kam_negotiations"
    )
    kam_negotiation_open_count = fields.Integer(
        string="Open Negotiations", compute="_compute_kam_negotiations"
    )
    kam_negotiation_open_amount = fields.Monetary(
        string="Value at Stake",
        compute="_compute_kam_negotiations",
        help="The value of the negotiations in progress: our offer of their last round.",
    )
    kam_negotiation_agreed_count = fields.Integer(
        string="Agreed in the Period",
        compute="_compute_kam_negotiations",
        help="Negotiations agreed between the start and the end of the plan.",
    )
    kam_negotiation_agreed_amount = fields.Monetary(
        string="Agreed Value in the Period",
        compute="_compute_kam_negotiations",
        help="The agreed prices of the negotiations agreed between the start and the end of the plan.",
    )

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end >= date_start)", "A plan cannot end before it starts."),
        (
            "at_most_five_years",
            "CHECK(date_end < date_start + interval '5 years')",
            "A plan covers five years at most.",
        ),
        (
            "one_active_plan",
            "EXCLUDE USING btree (partner_id WITH =) WHERE (state = 'active')",
            "A key account has one active plan at a time.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.key_account_manager_id or plan.user_id or self.env.user

    @api.depends("partner_id")
    def _compute_date_start(self):
        """A new plan starts on January 1 of this year, or of next year when a plan of the account
        already covers this year."""
        this_year = fields.Date.context_today(self).year
        new_plans = self._new_plans()
        plans_by_account = new_plans._other_plans_by_account()
        for plan in self:
            if plan not in new_plans:
                plan.date_start = plan.date_start  # a saved plan keeps its period
                continue
            others = plans_by_account.get(plan.partner_id, [])
            planned = any(other.date_start.year <= this_year <= other.date_end.year for other in others)
            plan.date_start = date(this_year + 1 if planned else this_year, 1, 1)

    @api.depends("partner_id", "date_start")
    def _compute_date_end(self):
        """A new plan ends on December 31, after as many calendar years as the account's last plan
        covered (plans run one to five years): one year for a first plan."""
        new_plans = self._new_plans()
        plans_by_account = new_plans._other_plans_by_account()
        for plan in self:
            if plan not in new_plans or not plan.date_start:
                plan.date_end = plan.date_end  # a saved plan keeps its period
                continue
            last = plans_by_account.get(plan.partner_id, [None])[0]
            years = min(last.date_end.year - last.date_start.year + 1, MAX_PLAN_YEARS) if last else 1
            plan.date_end = date(min(plan.date_start.year + years - 1, date.max.year), 12, 31)

    def _new_plans(self):
        """The plans whose period is still to propose: new ones (saved ones keep theirs)."""
        return self.filtered(lambda plan: not (plan._origin.id and plan.date_start and plan.date_end))

    def _other_plans_by_account(self):
        """``{key account: [its other plans, the latest first]}`` for these plans' accounts."""
        plans_by_account = {}
        if self.partner_id:
            # one search for all the accounts
            for plan in self.search(
                [("partner_id", "in", self.partner_id.ids), ("id", "not in", self._origin.ids)],
                order="date_end desc, id desc",
            ):
                plans_by_account.setdefault(plan.partner_id, []).append(plan)
        return plans_by_account

    @api.depends("partner_id", "company_id")
    def _compute_white_space(self):
        # Categories sold to each group, for all the plans in one query.
        self.env["sale.order"].flush_model(["key_account_id", "state", "company_id"])
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT o.key_account_id, array_agg(DISTINCT t.categ_id)
                  FROM sale_order_line l
                  JOIN sale_order o ON o.id = l.order_id
                  JOIN product_product p ON p.id = l.product_id
                  JOIN product_template t ON t.id = p.product_tmpl_id
                 WHERE o.key_account_id = ANY(%s) AND o.state = 'sale' AND o.company_id = ANY(%s)
                 GROUP BY o.key_account_id
                """,
                self.partner_id.ids,
                self.env.companies.ids,
            )
        )
        sold_by_account = dict(self.env.cr.fetchall())
        # The tracked offers that no company of the group ever ordered, from the white-space matrix.
        # sudo: the plan's analysis is the same for whoever reads it (access is checked on the plan)
        never_ordered = (
            self.env["kam.white.space"]
            .sudo()
            ._read_group(
                [("key_account_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)],
                ["key_account_id", "company_id", "categ_id"],
                ["is_never_ordered:bool_and"],
            )
        )
        white_space = {}
        for account, company, categ, never in never_ordered:
            if never:
                white_space.setdefault((account.id, company.id), []).append(categ.id)
        for plan in self:
            sold = self.env["product.category"].browse(sold_by_account.get(plan.partner_id.id, []))
            plan.sold_categ_ids = sold
            plan.white_space_categ_ids = self.env["product.category"].browse(
                white_space.get((plan.partner_id.id, plan.company_id.id), [])
            )

    @api.depends("stakeholder_snapshot_ids.frozen_date")
    def _compute_stakeholder_snapshot_date(self):
        for plan in self:
            days = [day for day in plan.stakeholder_snapshot_ids.mapped("frozen_date") if day]
            plan.stakeholder_snapshot_date = max(days) if days else False

    def _compute_review_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("kam_plan_id", "in", self.ids)], ["kam_plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.review_count = counts.get(plan, 0)

    def _compute_overdue_action_count(self):
        counts = dict(
            self.env["kam.plan.action"]._read_group(
                [("plan_id", "in", self.ids), ("is_overdue", "=", True)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.overdue_action_count = counts.get(plan, 0)

    def _compute_health(self):
        factors = self._kam_health_factors()
        for plan in self:
            score = total_weight = 0.0
            for name, (weight, values) in factors.items():
                value = values.get(plan.id, 0.0)
                if f"health_{name}" in plan._fields:
                    plan[f"health_{name}"] = value or 0.0
                if value is None:  # a factor without data for this plan weighs nothing
                    continue
                score += weight * value
                total_weight += weight
            plan.health_score = round(100 * score / total_weight) if total_weight else 0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(self.env._("A plan cannot end before it starts."))
            # past year 9994 the fifth anniversary is beyond Python's dates: any end date is within it
            if plan.date_start.year <= 9994 and plan.date_end >= plan.date_start + relativedelta(years=5):
                raise ValidationError(self.env._("A plan covers five years at most."))

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for plan in self:
            if not plan.partner_id.is_key_account:
                raise ValidationError(
                    self.env._("%(partner)s is not a key account.", partner=plan.partner_id.display_name)
                )

    def _checks_before_sql(self):
        return ("_check_dates",)

    def write(self, vals):
        if {"date_start", "date_end"} & vals.keys() and self.filtered(
            lambda plan: plan.state in LOCKED_STATES
        ):
            raise UserError(self.env._("Set the plan back to draft before changing its period."))
        return super().write(vals)

    def _check_objectives_editable(self):
        locked = self.filtered(lambda plan: plan.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "The objectives of %(plans)s were approved: set the plan back to draft to change them.",
                    plans=", ".join(locked.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------------------------------
    def _workflow_fields(self):
        return {"state", "approved_by_id", "approved_date"}

    def action_submit(self):
        self._check_state(["draft"])
        self._workflow_write({"state": "submitted"})
        self._kam_snapshot_stakeholders()
        self._kam_request_approval()
        return True

    def action_approve(self):
        if not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a Key Accounts manager can approve a plan."))
        self._check_state(["submitted"])
        self._check_four_eyes()
        self._workflow_write(
            {"state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        self._kam_snapshot_stakeholders()
        self._kam_approval_answered(self.env._("Approved"))
        return True

    def _check_four_eyes(self):
        """A manager who is also the plan's KAM does not approve it (unless the company allows it)."""
        own = self.filtered(lambda plan: plan.company_id.kam_plan_four_eyes and plan.user_id == self.env.user)
        if own:
            raise UserError(
                self.env._(
                    "You are the key account manager of %(plans)s: another manager approves it.",
                    plans=", ".join(own.mapped("display_name")),
                )
            )

    def _kam_approval_activity_type(self):
        return "kam_key_accounts.mail_act_kam_plan_approval"

    def action_activate(self):
        self._check_state(["approved"])
        others = self.search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "active"), ("id", "not in", self.ids)]
        )
        if others or len(self.partner_id) < len(self):
            raise UserError(
                self.env._(
                    "A key account has one active plan at a time: close %(plans)s first.",
                    plans=", ".join(others.mapped("display_name")) or self.env._("the other plan"),
                )
            )
        self._workflow_write({"state": "active"})
        return True

    def action_close(self):
        self._check_state(["active", "approved"])
        self._workflow_write({"state": "closed"})
        return True

    def action_reset_draft(self):
        self._check_state(["submitted", "approved", "active"])
        self._workflow_write({"state": "draft", "approved_by_id": False, "approved_date": False})
        self._kam_approval_withdrawn()
        return True

    def action_schedule_review(self):
        """Open a calendar meeting for a quarterly business review of this plan."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_kam_plan_id": self.id,
                "default_name": self.env._("Business review: %(account)s", account=self.partner_id.name),
                "default_partner_ids": [
                    self.env.user.partner_id.id,
                    *self.stakeholder_ids.partner_id.ids,
                ],
                "default_duration": 2.0,
            },
        }

    def action_open_relationship_map(self):
        """The account's org chart, as it is today."""
        self.ensure_one()
        return self.partner_id.action_open_kam_relationship_map()

    def action_open_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action["domain"] = [("kam_plan_id", "=", self.id)]
        action["context"] = {"default_kam_plan_id": self.id}
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    def _kam_snapshot_stakeholders(self):
        """Freeze the relationship map of each plan's account, as it is now, on the plan (replacing
        an earlier copy): who the plan was made with stays readable when the map moves on."""
        if not self:
            return
        # sudo: the copies are read-only rows written by the workflow only, and they copy the whole
        # map of the plan's company, whoever (KAM or manager) moves the plan
        Copy = self.env["kam.plan.stakeholder"].sudo()
        Copy.search([("plan_id", "in", self.ids)]).unlink()
        today = fields.Date.context_today(self)
        stakeholders = (
            self.env["kam.stakeholder"]
            .sudo()
            .search(
                [("key_account_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)]
            )
        )
        values_by_stakeholder = dict(zip(stakeholders, stakeholders._kam_snapshot_values(), strict=True))
        copies = Copy.create(
            [
                {**values_by_stakeholder[stakeholder], "plan_id": plan.id, "frozen_date": today}
                for plan in self
                for stakeholder in stakeholders
                if stakeholder.key_account_id == plan.partner_id and stakeholder.company_id == plan.company_id
            ]
        )
        if not copies:
            return
        # the reporting lines, copy to copy within each plan, in one statement
        Copy.flush_model()
        self.env["kam.stakeholder"].flush_model(["reports_to_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE kam_plan_stakeholder copy SET reports_to_id = boss.id
                  FROM kam_stakeholder stakeholder, kam_plan_stakeholder boss
                 WHERE copy.id = ANY(%s) AND stakeholder.id = copy.stakeholder_id
                   AND boss.plan_id = copy.plan_id AND boss.stakeholder_id = stakeholder.reports_to_id
                """,
                copies.ids,
            )
        )
        copies.invalidate_recordset(["reports_to_id"])

    def action_open_white_space(self):
        """The white-space matrix of the plan's group: its companies x the tracked offers."""
        self.ensure_one()
        return self.partner_id.action_open_kam_white_space()

    # ------------------------------------------------------------------------------------------
    # Health score
    # ------------------------------------------------------------------------------------------
    def _kam_health_factors(self):
        """``{factor: (weight, {plan id: value from 0 to 1, or None})}``: extend it to add a factor;
        None says the factor does not apply to the plan (no data), and its weight leaves the total."""
        today = fields.Date.context_today(self)
        completeness, roles, actions, objectives, recency, invoices = {}, {}, {}, {}, {}, {}
        overdue_amounts = self._kam_overdue_receivables()
        self.objective_ids.mapped(
            "progress_ratio"
        )  # all plans' actuals at once (filtered() below loses the batch)
        for plan in self:
            parts = [
                not is_html_empty(plan.market_context),
                not is_html_empty(plan.client_strategy),
                bool(plan.competitor_ids),
                len(set(plan.swot_ids.mapped("kind"))) == 4,
                bool(plan.objective_ids),
                bool(plan.action_ids),
                bool(plan.stakeholder_ids),
            ]
            completeness[plan.id] = sum(parts) / len(parts)
            present = set(plan.stakeholder_ids.mapped("buying_role"))
            roles[plan.id] = (("decision_maker" in present) + ("champion" in present)) / 2
            live = plan.action_ids.filtered(lambda action: action.state != "cancelled")
            if live:
                done = len(live.filtered(lambda action: action.state == "done"))
                overdue = len(live.filtered("is_overdue"))
                actions[plan.id] = max(0.0, (done + len(live) - overdue) / (2 * len(live)))
            else:
                actions[plan.id] = 0.0
            current = plan.objective_ids.filtered(
                lambda objective: objective.year == today.year and objective.target > 0
            )
            objectives[plan.id] = (
                sum(min(objective.progress_ratio, 1.0) for objective in current) / len(current)
                if current
                else 0.0
            )
            interactions = [day for day in plan.stakeholder_ids.mapped("last_interaction_date") if day]
            days = (today - max(interactions)).days if interactions else None
            recency[plan.id] = 0.0 if days is None else 1.0 if days <= 30 else 0.5 if days <= 90 else 0.0
            open_amount, overdue_amount = overdue_amounts.get(plan.partner_id.id, (0.0, 0.0))
            invoices[plan.id] = 1.0 - overdue_amount / open_amount if open_amount else 1.0
        return {
            "completeness": (20, completeness),
            "roles": (15, roles),
            "actions": (15, actions),
            "objectives": (25, objectives),
            "recency": (15, recency),
            "invoices": (10, invoices),
            "escalations": (10, self._kam_escalation_factor()),
        }

    def _kam_escalation_factor(self):
        """``{plan id: value}``: an open escalation costs a quarter, a late one half (two late ones
        empty the factor); the counts come from one _read_group each over all the key accounts."""
        accounts = self.partner_id
        open_counts = {account.id: account.kam_escalation_open_count for account in accounts}
        late_counts = {account.id: account.kam_escalation_late_count for account in accounts}
        values = {}
        for plan in self:
            late = late_counts.get(plan.partner_id.id, 0)
            on_time = open_counts.get(plan.partner_id.id, 0) - late
            values[plan.id] = max(0.0, 1.0 - 0.25 * on_time - 0.5 * late)
        return values

    def _kam_overdue_receivables(self):
        """``{key account id: (open amount, overdue amount)}`` of the groups' posted customer invoices."""
        today = fields.Date.context_today(self)
        # sudo: the score is the plan's, the same for whoever reads it, not limited to the invoices
        # the reader's sales rights show (access is checked on the plan)
        rows = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("key_account_id", "in", self.partner_id.ids),
                    ("state", "=", "posted"),
                    ("move_type", "=", "out_invoice"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                ["key_account_id", "invoice_date_due:day"],
                ["amount_residual_signed:sum"],
            )
        )
        result = {}
        for account, due, amount in rows:
            open_amount, overdue_amount = result.get(account.id, (0.0, 0.0))
            overdue = amount if due and due < today else 0.0
            result[account.id] = (open_amount + amount, overdue_amount + overdue)
        return result

    # ------------------------------------------------------------------------------------------
    # Health history
    # ------------------------------------------------------------------------------------------
    def action_record_health(self):
        """Record today's health score of the plans' key accounts now (the daily cron records every
        active plan's): one row per account and day, rewritten if recorded again today."""
        self.check_access("read")
        self._check_state(["active"])
        # sudo: the history is written by the system only (users read it); access to the plan was
        # checked above
        self.env["kam.health.snapshot"].sudo()._record(self)
        return True

    @api.depends("partner_id", "company_id", "date_start", "date_end")
    def _compute_kam_negotiations(self):
        # sudo: the figures are the plan's, the same for whoever reads it (access is checked on the
        # plan); the list shows the negotiations the reader may open. One search for all the plans.
        negotiations = (
            self.env["kam.negotiation"]
            .sudo()
            .search_fetch(
                [("key_account_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)],
                ["key_account_id", "company_id", "state", "value_amount", "agreement_date", "date_deadline"],
            )
        )
        visible = negotiations.with_env(self.env)._filtered_access("read")
        ids_by_account = defaultdict(list)
        for negotiation in negotiations:
            ids_by_account[negotiation.key_account_id.id, negotiation.company_id.id].append(negotiation.id)
        for plan in self:
            own = negotiations.browse(ids_by_account[plan.partner_id.id, plan.company_id.id])
            running = own.filtered(lambda n: n.state == "open")
            agreed = own.filtered(
                lambda n, plan=plan: n.state == "agreed"
                and n.agreement_date
                and plan.date_start
                and plan.date_end
                and plan.date_start <= n.agreement_date <= plan.date_end
            )
            plan.kam_negotiation_open_count = len(running)
            plan.kam_negotiation_open_amount = sum(running.mapped("value_amount"))
            plan.kam_negotiation_agreed_count = len(agreed)
            plan.kam_negotiation_agreed_amount = sum(agreed.mapped("value_amount"))
            # in progress first, the nearest deadline first
            plan.kam_negotiation_ids = (own & visible).sorted(
                lambda n: (n.state != "open", n.date_deadline or date.max, -n.id)
            )

    def action_open_kam_negotiations(self):
        """The key account's negotiations, those in progress first shown."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_negotiation_action")
        action["domain"] = [("key_account_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "search_default_open": 1}
        return action

    def action_open_kam_tender_records(self):
        """The key account's tenders or contracts (``kam_model`` in the context), from the plan."""
        self.ensure_one()
        return self.partner_id.action_open_kam_tender_records()
