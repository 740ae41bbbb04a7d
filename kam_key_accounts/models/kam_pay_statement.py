from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

STATEMENT_PERIODS = [
    ("q1", "Q1"),
    ("q2", "Q2"),
    ("q3", "Q3"),
    ("q4", "Q4"),
    ("year", "Year"),
]
# Quarters of the year a period closes: its statement reads the year up to its end.
PERIOD_QUARTERS = {"q1": 1, "q2": 2, "q3": 3, "q4": 4, "year": 4}
STATEMENT_STATES = [
    ("draft", "Draft"),
    ("submitted", "To Approve"),
    ("approved", "Approved"),
    ("cancel", "Cancelled"),
]
# The figures the Compute action freezes: like the state, only the actions write them.
FROZEN_FIELDS = {
    "computed_date",
    "variable_target",
    "achievement",
    "payout_rate",
    "ytd_payout",
    "paid_before",
    "previous_statement_id",
    "previous_achievement_now",
    "previous_payout_now",
}


class KamPayStatement(models.Model):
    """What a KAM's variable pay gives for a period (a quarter or the year), frozen and approved.

    Year to date: the statement of a quarter reads the figures from the 1st of January to the
    quarter's end. A yearly objective counts with its target pro rata of the quarters elapsed (a
    quarter of it per quarter); a quarterly objective, or a qualitative one, counts once its own
    period has ended, with its whole target. The weighted achievement gives the payout rate by the
    scheme's curve, and the year-to-date payout is that rate applied to the variable target pro
    rata of the quarters elapsed. What the scheme's approved statements of earlier periods paid is
    deducted: the rest is due. Their figures recomputed today, minus what they paid, is the
    difference on earlier periods (a cancelled order of Q1 lowers Q2's amount due), so that an
    approved statement is never rewritten.
    """

    _name = "kam.pay.statement"
    _description = "Variable Pay Statement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.approval.mixin",
        "kam.workflow.mixin",
        "kam.checked.mixin",
    ]
    _order = "date_to desc, user_id, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    scheme_id = fields.Many2one(
        "kam.pay.scheme",
        string="Variable Pay Scheme",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    # copied from the scheme when the statement is made: a later change of the scheme leaves it be
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        compute="_compute_from_scheme",
        store=True,
        precompute=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_from_scheme", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(compute="_compute_from_scheme", store=True, precompute=True, aggregator=None)
    period = fields.Selection(STATEMENT_PERIODS, required=True, default="q1")
    date_from = fields.Date(string="From", compute="_compute_dates", store=True)
    date_to = fields.Date(string="To", compute="_compute_dates", store=True)
    state = fields.Selection(
        STATEMENT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    computed_date = fields.Datetime(string="Computed On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    note = fields.Text()
    line_ids = fields.One2many("kam.pay.statement.line", "statement_id", string="Objectives")
    # Frozen by the Compute action
    variable_target = fields.Monetary(string="Variable Pay at Target", readonly=True, copy=False)
    achievement = fields.Float(string="Achievement (%)", readonly=True, copy=False)
    payout_rate = fields.Float(string="Payout (% of Target)", readonly=True, copy=False)
    ytd_payout = fields.Monetary(
        string="Year-to-Date Payout",
        readonly=True,
        copy=False,
        help="The variable pay at target, pro rata of the quarters elapsed, times the payout rate.",
    )
    paid_before = fields.Monetary(
        string="Paid for Earlier Periods",
        readonly=True,
        copy=False,
        help="What the approved statements of the scheme's earlier periods paid.",
    )
    previous_statement_id = fields.Many2one(
        "kam.pay.statement", string="Earlier Statement", readonly=True, copy=False
    )
    previous_achievement = fields.Float(
        related="previous_statement_id.achievement", string="Earlier Achievement (Frozen)"
    )
    previous_achievement_now = fields.Float(
        string="Earlier Achievement (Today)",
        readonly=True,
        copy=False,
        help="The earlier statement's achievement recomputed from today's figures.",
    )
    previous_payout_now = fields.Monetary(
        string="Earlier Periods Recomputed",
        readonly=True,
        copy=False,
        help="The earlier statement's year-to-date payout recomputed from today's figures.",
    )
    adjustment_amount = fields.Monetary(
        string="Difference on Earlier Periods",
        compute="_compute_amounts",
        store=True,
        help="Earlier periods recomputed today minus what was paid for them: changes to their "
        "orders (a cancelled order) show here, never by rewriting an approved statement.",
    )
    period_amount = fields.Monetary(
        string="Earned This Period",
        compute="_compute_amounts",
        store=True,
        help="The year-to-date payout minus the earlier periods recomputed today.",
    )
    amount_due = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        help="Earned this period plus the difference on earlier periods: the year-to-date payout "
        "minus what was paid for earlier periods.",
    )

    _sql_constraints = [
        ("scheme_period_unique", "UNIQUE(scheme_id, period)", "A pay scheme has one statement per period."),
        (
            "one_statement_per_end",
            "EXCLUDE USING btree (scheme_id WITH =, date_to WITH =)",
            "The year's statement closes the fourth quarter: a pay scheme has one or the other.",
        ),
    ]

    @api.depends("scheme_id")
    def _compute_from_scheme(self):
        for statement in self:
            scheme = statement.scheme_id
            statement.user_id, statement.company_id, statement.year = (
                scheme.user_id,
                scheme.company_id,
                scheme.year,
            )

    @api.depends("period", "year", "user_id")
    def _compute_name(self):
        labels = dict(self._fields["period"]._description_selection(self.env))
        for statement in self:
            statement.name = self.env._(
                "%(period)s %(year)s - %(kam)s",
                period=labels.get(statement.period, ""),
                year=statement.year or "",
                kam=statement.user_id.name or "",
            )

    @api.depends("period", "year")
    def _compute_dates(self):
        for statement in self:
            if not statement.period or not 2000 <= (statement.year or 0) <= 2100:
                statement.date_from = statement.date_to = False
                continue
            statement.date_from = date(statement.year, 1, 1)
            statement.date_to = date(statement.year, 1, 1) + relativedelta(
                months=3 * PERIOD_QUARTERS[statement.period], days=-1
            )

    @api.depends("ytd_payout", "paid_before", "previous_payout_now")
    def _compute_amounts(self):
        for statement in self:
            earlier_now = statement.previous_payout_now if statement.previous_statement_id else 0.0
            statement.adjustment_amount = earlier_now - statement.paid_before
            statement.period_amount = statement.ytd_payout - earlier_now
            statement.amount_due = statement.ytd_payout - statement.paid_before

    @api.constrains("scheme_id", "period")
    def _check_one_per_end(self):
        """The exclusion constraint's rule in words: Q4 and the year end on the same day."""
        ends = {}
        for statement in self:
            if not statement.scheme_id or not statement.date_to:
                continue
            key = (statement.scheme_id.id, statement.date_to)
            if key in ends and ends[key].period != statement.period:
                self._raise_one_per_end()
            ends[key] = statement
        if not ends:
            return
        # sudo: the rule holds whatever the record rules let this user see
        stored = self.sudo().search_fetch(
            [
                ("scheme_id", "in", list({key[0] for key in ends})),
                ("date_to", "in", list({key[1] for key in ends})),
                ("id", "not in", self._origin.ids),
            ],
            ["scheme_id", "period", "date_to"],
        )
        # the same period twice is the UNIQUE constraint's to say
        if any(
            (other.scheme_id.id, other.date_to) in ends
            and other.period != ends[other.scheme_id.id, other.date_to].period
            for other in stored
        ):
            self._raise_one_per_end()

    def _raise_one_per_end(self):
        raise ValidationError(
            self.env._("The year's statement closes the fourth quarter: a pay scheme has one or the other.")
        )

    def _checks_before_sql(self):
        return ("_check_one_per_end",)

    # ------------------------------------------------------------------------------------------
    # Approved statements are read-only
    # ------------------------------------------------------------------------------------------
    def _mail_fields(self):
        """What the chatter and the activities write on any record, approved or not."""
        return set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)

    def write(self, vals):
        if not self._workflow_is_moving() and vals.keys() - self._mail_fields():
            locked = self.filtered(lambda statement: statement.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "%(statements)s is no longer a draft: an approved statement is never changed, "
                        "a submitted one goes back to draft first.",
                        statements=", ".join(locked.mapped("display_name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda statement: statement.state not in ("draft", "cancel"))
        if kept:
            raise UserError(
                self.env._(
                    "Only draft or cancelled statements can be deleted: %(statements)s.",
                    statements=", ".join(kept.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------------------------------
    def _workflow_fields(self):
        return {"state", "approved_by_id", "approved_date", *FROZEN_FIELDS}

    def _kam_approval_activity_type(self):
        return "kam_key_accounts.mail_act_kam_pay_statement_approval"

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("kam_key_accounts.group_kam_manager"):
            raise AccessError(self.env._("Only a Key Accounts manager handles pay statements."))

    def action_compute(self):
        """Freeze the figures of each statement's period, as they stand today."""
        self._check_manager()
        self._check_state(["draft"])
        figures = self._figures_at([(statement.scheme_id, statement.date_to) for statement in self])
        earlier = self._earlier_approved()
        recomputed = self._figures_at(
            [
                (statement.scheme_id, before.date_to)
                for statement, (before, _paid) in earlier.items()
                if before
            ]
        )
        now = fields.Datetime.now()
        with self._workflow_moving():
            self.line_ids.unlink()
            self.env["kam.pay.statement.line"].create(
                [
                    dict(line, statement_id=statement.id)
                    for statement in self
                    for line in figures[statement.scheme_id, statement.date_to]["lines"]
                ]
            )
            for statement in self:
                result = figures[statement.scheme_id, statement.date_to]
                before, paid = earlier[statement]
                again = recomputed[statement.scheme_id, before.date_to] if before else {}
                statement.write(
                    {
                        "computed_date": now,
                        "variable_target": statement.scheme_id.variable_target,
                        "achievement": result["achievement"],
                        "payout_rate": result["payout_rate"],
                        "ytd_payout": result["ytd_payout"],
                        "paid_before": paid,
                        "previous_statement_id": before.id,
                        "previous_achievement_now": again.get("achievement", 0.0),
                        "previous_payout_now": again.get("ytd_payout", 0.0),
                    }
                )
        return True

    def action_submit(self):
        self._check_manager()
        self._check_state(["draft"])
        not_computed = self.filtered(lambda statement: not statement.computed_date)
        if not_computed:
            raise UserError(
                self.env._(
                    "Compute %(statements)s before submitting it.",
                    statements=", ".join(not_computed.mapped("display_name")),
                )
            )
        self._workflow_write({"state": "submitted"})
        self._kam_request_approval()
        return True

    def action_approve(self):
        self._check_manager()
        self._check_state(["submitted"])
        own = self.filtered(lambda statement: statement.user_id == self.env.user)
        if own:
            raise UserError(
                self.env._(
                    "%(statements)s is your own variable pay: another manager approves it.",
                    statements=", ".join(own.mapped("display_name")),
                )
            )
        self._check_still_current()
        self._workflow_write(
            {"state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        self._kam_approval_answered(self.env._("Approved"))
        return True

    def action_reset_draft(self):
        self._check_manager()
        self._check_state(["submitted", "cancel"])
        self._workflow_write({"state": "draft"})
        self._kam_approval_withdrawn()
        return True

    def action_cancel(self):
        self._check_manager()
        self._check_state(["draft"])
        self._workflow_write({"state": "cancel"})
        return True

    # ------------------------------------------------------------------------------------------
    # Earlier periods
    # ------------------------------------------------------------------------------------------
    def _scheme_statements(self):
        """Every statement of the statements' schemes, in one search."""
        return self.search([("scheme_id", "in", self.scheme_id.ids)], order="date_to")

    def _earlier_approved(self):
        """``{statement: (the scheme's last approved statement before its period or none, what the
        approved statements before its period paid)}``."""
        approved = self._scheme_statements().filtered(lambda other: other.state == "approved")
        result = {}
        for statement in self:
            before = approved.filtered(
                lambda other, statement=statement: other.scheme_id == statement.scheme_id
                and other.date_to < statement.date_to
            )
            result[statement] = (before[-1:], sum(before.mapped("amount_due")))
        return result

    def _check_still_current(self):
        """Statements are approved in their periods' order, each against what was paid before it:
        otherwise two statements would pay the same period twice."""
        # the others being approved with it count as pending: each is approved on its own, in order
        every = self._scheme_statements()
        earlier = self._earlier_approved()
        for statement in self:
            same_scheme = every.filtered(
                lambda other, statement=statement: other.scheme_id == statement.scheme_id
                and other != statement
            )
            if same_scheme.filtered(
                lambda other, statement=statement: other.date_to > statement.date_to
                and other.state == "approved"
            ):
                raise UserError(
                    self.env._(
                        "A later statement of %(kam)s is approved already: %(statement)s cannot be "
                        "approved after it.",
                        kam=statement.user_id.name,
                        statement=statement.display_name,
                    )
                )
            pending = same_scheme.filtered(
                lambda other, statement=statement: other.date_to < statement.date_to
                and other.state in ("draft", "submitted")
            )
            if pending:
                raise UserError(
                    self.env._(
                        "Approve or cancel the earlier statements first: %(statements)s.",
                        statements=", ".join(pending.mapped("display_name")),
                    )
                )
            if earlier[statement][0] != statement.previous_statement_id:
                raise UserError(
                    self.env._(
                        "An earlier statement was approved since %(statement)s was computed: "
                        "set it back to draft and compute it again.",
                        statement=statement.display_name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # The figures of a period
    # ------------------------------------------------------------------------------------------
    @api.model
    def _figures_at(self, ends):
        """``{(scheme, end date): {lines, achievement, payout_rate, ytd_payout}}``: each scheme's
        objectives from the 1st of January to ``end`` (see the class), from today's figures.
        One query per (credit, period, company) for all of them, whatever their number."""
        ends = list(dict.fromkeys(ends))
        if not ends:
            return {}
        schemes = self.env["kam.pay.scheme"].union(*(scheme for scheme, _end in ends))
        objectives_by_scheme = schemes._objectives_by_scheme()
        counted = {}  # (scheme, end) -> [(objective, date_from, date_to excluded, target)]
        for scheme, end in ends:
            quarters = (end.month + 2) // 3
            rows = []
            for objective in objectives_by_scheme[scheme.id]:
                if not objective.date_from or objective.date_from > end:
                    continue
                if objective.period_type == "year" and objective.measure != "qualitative":
                    rows.append(
                        (
                            objective,
                            objective.date_from,
                            end + relativedelta(days=1),
                            objective.target * quarters / 4,
                        )
                    )
                elif objective.date_to <= end:
                    rows.append(
                        (
                            objective,
                            objective.date_from,
                            objective.date_to + relativedelta(days=1),
                            objective.target,
                        )
                    )
            counted[scheme, end] = rows
        periods = [
            (objective, (date_from, date_to))
            for rows in counted.values()
            for objective, date_from, date_to, _target in rows
        ]
        objectives = self.env["kam.objective"].union(*(objective for objective, _period in periods))
        actuals = objectives._actuals_over(periods)
        result = {}
        for (scheme, end), rows in counted.items():
            lines = []
            for objective, date_from, date_to, target in rows:
                actual = actuals.get((objective.id, (date_from, date_to)), 0.0)
                lines.append(
                    {
                        "objective_id": objective.id,
                        "name": objective.display_name,
                        "measure": objective.measure,
                        "date_from": date_from,
                        "date_to": date_to - relativedelta(days=1),
                        "objective_target": objective.target,
                        "target": target,
                        "actual": actual,
                        "achievement": 100.0 * actual / target if target else 0.0,
                        "weight": objective.weight,
                    }
                )
            weight = sum(line["weight"] for line in lines)
            achievement = (
                sum(line["achievement"] * line["weight"] for line in lines) / weight if weight else 0.0
            )
            rate = scheme._payout_rate(achievement)
            quarters = (end.month + 2) // 3
            result[scheme, end] = {
                "lines": lines,
                "achievement": achievement,
                "payout_rate": rate,
                "ytd_payout": scheme.currency_id.round(scheme.variable_target * quarters / 4 * rate / 100),
            }
        return result
