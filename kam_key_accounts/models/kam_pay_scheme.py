from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kam_profile import VARIABLE_SHARE_MAX, VARIABLE_SHARE_MIN

# What a KAM may change on their own scheme: the simulation, never the terms.
SIMULATION_FIELDS = {"simulation_achievement"}


class KamPayScheme(models.Model):
    """A KAM's variable pay for a year: how much of the pay is variable, and how it follows achievement.

    The achievement is the weighted average of the KAM's objectives of the year (kam.objective).
    Nothing is paid below the threshold; the payout then follows a linear curve (payout % =
    achievement %) or the steps, and never exceeds the cap (% of the variable target).
    """

    _name = "kam.pay.scheme"
    _inherit = ["mail.thread", "kam.checked.mixin"]
    _description = "KAM Variable Pay Scheme"
    _order = "year desc, user_id"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    user_id = fields.Many2one(
        "res.users", string="Key Account Manager", required=True, index=True, domain="[('share', '=', False)]"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, aggregator=None
    )
    profile_id = fields.Many2one("kam.profile")
    annual_pay = fields.Monetary(
        string="On-Target Annual Pay",
        compute="_compute_from_profile",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Gross annual pay, fixed and variable, when the objectives are met (100 %).",
    )
    variable_share = fields.Float(
        string="Variable Share (%)",
        compute="_compute_from_profile",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    variable_target = fields.Monetary(string="Variable Pay at Target", compute="_compute_pay", store=True)
    fixed_pay = fields.Monetary(compute="_compute_pay", store=True)
    threshold = fields.Float(
        string="Threshold (%)", default=80.0, tracking=True, help="Below this achievement, no variable pay."
    )
    cap = fields.Float(
        string="Cap (% of Target)", default=150.0, tracking=True, help="The variable pay never exceeds this."
    )
    curve = fields.Selection(
        [("linear", "Linear"), ("stepped", "Stepped")], required=True, default="linear", tracking=True
    )
    step_ids = fields.One2many("kam.pay.scheme.step", "scheme_id", string="Steps", copy=True)
    outside_band = fields.Boolean(compute="_compute_outside_band")
    objective_ids = fields.Many2many("kam.objective", compute="_compute_achievement", string="Objectives")
    achievement = fields.Float(string="Achievement (%)", compute="_compute_achievement")
    payout_rate = fields.Float(string="Payout (% of Target)", compute="_compute_achievement")
    expected_amount = fields.Monetary(string="Expected Variable Pay", compute="_compute_achievement")
    simulation_achievement = fields.Float(
        string="Simulated Achievement (%)",
        default=100.0,
        help="Try an achievement to read the variable pay it would give. The scheme's KAM may change it.",
    )
    simulation_rate = fields.Float(string="Simulated Payout (%)", compute="_compute_simulation")
    simulation_amount = fields.Monetary(string="Simulated Variable Pay", compute="_compute_simulation")
    terms_editable = fields.Boolean(compute="_compute_terms_editable")
    # Pay statements: what was frozen and approved per period
    statement_ids = fields.One2many("kam.pay.statement", "scheme_id", string="Pay Statements")
    statement_count = fields.Integer(string="Statements", compute="_compute_statement_count")

    _sql_constraints = [
        (
            "variable_share_range",
            f"CHECK(variable_share BETWEEN {VARIABLE_SHARE_MIN} AND {VARIABLE_SHARE_MAX})",
            "The variable share must lie between 10 and 40 % of the pay.",
        ),
        ("annual_pay_positive", "CHECK(annual_pay >= 0)", "The annual pay cannot be negative."),
        (
            "threshold_range",
            "CHECK(threshold BETWEEN 0 AND 100)",
            "The threshold must lie between 0 and 100 %.",
        ),
        ("cap_range", "CHECK(cap >= 100)", "The cap cannot be below 100 % of the target."),
        ("user_year_unique", "UNIQUE(user_id, company_id, year)", "A KAM has one pay scheme per year."),
    ]

    @api.depends("user_id", "year")
    def _compute_name(self):
        for scheme in self:
            scheme.name = self.env._(
                "Variable pay %(year)s - %(kam)s", year=scheme.year, kam=scheme.user_id.name or ""
            )

    @api.depends("profile_id")
    def _compute_from_profile(self):
        for scheme in self:
            profile = scheme.profile_id
            if profile:
                scheme.annual_pay = sum(scheme._profile_band()) / 2
                scheme.variable_share = profile.variable_share
            elif not scheme.variable_share:
                scheme.variable_share = VARIABLE_SHARE_MIN

    @api.depends("annual_pay", "variable_share")
    def _compute_pay(self):
        for scheme in self:
            scheme.variable_target = scheme.annual_pay * scheme.variable_share / 100
            scheme.fixed_pay = scheme.annual_pay - scheme.variable_target

    def _profile_band(self):
        """The profile's pay band in the scheme's currency, at the company's rate of today."""
        self.ensure_one()
        profile = self.profile_id
        today = fields.Date.context_today(self)
        return tuple(
            profile.currency_id._convert(amount, self.currency_id, self.company_id, today)
            for amount in (profile.pay_min, profile.pay_max)
        )

    @api.depends("annual_pay", "profile_id", "company_id")
    def _compute_outside_band(self):
        for scheme in self:
            if not scheme.profile_id:
                scheme.outside_band = False
                continue
            pay_min, pay_max = scheme._profile_band()
            scheme.outside_band = not pay_min <= scheme.annual_pay <= pay_max

    def _objectives_by_scheme(self):
        """The objectives of each scheme's KAM that count for its year (kam.objective._of_people,
        which the managers' team table reads too): one search per year and company."""
        result = {}
        for year, company in {(scheme.year, scheme.company_id) for scheme in self}:
            schemes = self.filtered(
                lambda scheme, year=year, company=company: (scheme.year, scheme.company_id) == (year, company)
            )
            by_user = self.env["kam.objective"]._of_people(schemes.user_id, year, company)
            for scheme in schemes:
                result[scheme.id] = by_user.get(scheme.user_id, self.env["kam.objective"])
        return result

    @api.depends(
        "user_id", "year", "curve", "threshold", "cap", "step_ids.achievement_from", "step_ids.payout"
    )
    def _compute_achievement(self):
        by_scheme = self._objectives_by_scheme()
        for scheme in self:
            objectives = by_scheme[scheme.id]
            achievement = objectives._weighted_achievement() or 0.0
            scheme.objective_ids = objectives
            scheme.achievement = achievement
            scheme.payout_rate = scheme._payout_rate(achievement)
            scheme.expected_amount = scheme.variable_target * scheme.payout_rate / 100

    @api.depends("simulation_achievement", "variable_target", "curve", "threshold", "cap", "step_ids.payout")
    def _compute_simulation(self):
        for scheme in self:
            scheme.simulation_rate = scheme._payout_rate(scheme.simulation_achievement)
            scheme.simulation_amount = scheme.variable_target * scheme.simulation_rate / 100

    @api.depends_context("uid")
    def _compute_terms_editable(self):
        self.terms_editable = self._may_change_terms()

    def _payout_rate(self, achievement):
        """Payout in % of the variable target for ``achievement`` (in %)."""
        self.ensure_one()
        if achievement < self.threshold:
            return 0.0
        if self.curve == "stepped":
            reached = self.step_ids.filtered(lambda step: step.achievement_from <= achievement)
            rate = max(reached.mapped("payout"), default=0.0)
        else:
            rate = achievement
        return min(rate, self.cap)

    @api.constrains("variable_share", "threshold", "cap", "annual_pay")
    def _check_values(self):
        for scheme in self:
            if not VARIABLE_SHARE_MIN <= scheme.variable_share <= VARIABLE_SHARE_MAX:
                raise ValidationError(
                    self.env._("The variable share must lie between 10 and 40 % of the pay.")
                )
            if not 0 <= scheme.threshold <= 100:
                raise ValidationError(self.env._("The threshold must lie between 0 and 100 %."))
            if scheme.cap < 100:
                raise ValidationError(self.env._("The cap cannot be below 100 % of the target."))
            if scheme.annual_pay < 0:
                raise ValidationError(self.env._("The annual pay cannot be negative."))

    @api.constrains("curve", "step_ids")
    def _check_steps(self):
        for scheme in self:
            if scheme.curve == "stepped" and not scheme.step_ids:
                raise ValidationError(self.env._("A stepped curve needs at least one step."))

    def _checks_before_sql(self):
        return ("_check_values",)

    def write(self, vals):
        if not self._may_change_terms() and vals.keys() - SIMULATION_FIELDS:
            # the record rules keep a KAM to their own scheme; this keeps them to its simulation
            raise AccessError(
                self.env._(
                    "Only a Key Accounts manager changes the terms of a variable pay scheme: "
                    "you may change the simulated achievement only."
                )
            )
        return super().write(vals)

    @api.model
    def _may_change_terms(self):
        return self.env.su or self.env.user.has_group("kam_key_accounts.group_kam_manager")

    @api.model
    def default_get(self, fields_list):
        # a new scheme starts from the KAM's last profile
        values = super().default_get(fields_list)
        if values.get("user_id") and "profile_id" in fields_list and not values.get("profile_id"):
            last = self.search([("user_id", "=", values["user_id"]), ("profile_id", "!=", False)], limit=1)
            values["profile_id"] = last.profile_id.id
        return values

    def _compute_statement_count(self):
        counts = dict(
            self.env["kam.pay.statement"]._read_group(
                [("scheme_id", "in", self.ids)], ["scheme_id"], ["__count"]
            )
        )
        for scheme in self:
            scheme.statement_count = counts.get(scheme, 0)

    def action_open_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kam_key_accounts.kam_pay_statement_action")
        action["domain"] = [("scheme_id", "=", self.id)]
        action["context"] = {"default_scheme_id": self.id}
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_without_statements(self):
        # sudo: a statement is kept whoever may read it; refused here rather than by the foreign key
        with_statements = self.sudo().statement_ids.scheme_id
        if with_statements:
            raise UserError(
                self.env._(
                    "%(schemes)s has pay statements: a scheme that paid is kept.",
                    schemes=", ".join(with_statements.mapped("display_name")),
                )
            )
