from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamObjective(models.Model):
    """A sales objective for a year or a quarter: of a KAM (the figures of the accounts they held at
    the time), of a salesperson or of a sales team (the figures of their documents)."""

    _name = "kam.objective"
    _inherit = ["kam.objective.mixin"]
    _description = "KAM Objective"
    _order = "date_from desc, user_id, sequence, id"

    name = fields.Char(string="Description")
    sequence = fields.Integer(default=10)
    assignee_type = fields.Selection(
        [("kam", "Key Account Manager"), ("salesperson", "Salesperson"), ("team", "Sales Team")],
        string="Objective Of",
        required=True,
        default="kam",
        help="Key Account Manager: the figures of the key accounts they managed when each figure "
        "happened. Salesperson, Sales Team: the figures of the documents they are on.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person",
        index=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        [("year", "Year"), ("quarter", "Quarter")], string="Period", required=True, default="year"
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, aggregator=None
    )
    quarter = fields.Selection([("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")])
    date_from = fields.Date(compute="_compute_dates", store=True, string="From")
    date_to = fields.Date(compute="_compute_dates", store=True, string="To")
    weight = fields.Float(default=1.0, help="Weight of the objective in the KAM's variable pay achievement.")
    account_count = fields.Integer(string="Key Accounts", compute="_compute_account_count")

    _sql_constraints = [
        ("weight_positive", "CHECK(weight >= 0)", "An objective's weight cannot be negative."),
        ("year_range", "CHECK(year BETWEEN 2000 AND 2100)", "The year must be between 2000 and 2100."),
        (
            "quarter_given",
            "CHECK((period_type = 'quarter') = (quarter IS NOT NULL))",
            "A quarterly objective needs its quarter, a yearly one none.",
        ),
        (
            "assignee_given",
            "CHECK(CASE WHEN assignee_type = 'team' THEN team_id IS NOT NULL AND user_id IS NULL "
            "ELSE user_id IS NOT NULL AND team_id IS NULL END)",
            "An objective is either a person's or a sales team's.",
        ),
        (
            "measure_period_unique",
            "EXCLUDE USING btree (assignee_type WITH =, COALESCE(user_id, 0) WITH =, "
            "COALESCE(team_id, 0) WITH =, company_id WITH =, measure WITH =, date_from WITH =, "
            "date_to WITH =) WHERE (measure != 'qualitative')",
            "One objective per person or team, measure and period.",
        ),
    ]

    @api.depends("period_type", "year", "quarter")
    def _compute_dates(self):
        for objective in self:
            if not 2000 <= (objective.year or 0) <= 2100:
                objective.date_from = objective.date_to = False
            elif objective.period_type == "quarter" and objective.quarter:
                start = date(objective.year, 3 * int(objective.quarter) - 2, 1)
                objective.date_from, objective.date_to = start, start + relativedelta(months=3, days=-1)
            else:
                objective.date_from, objective.date_to = (
                    date(objective.year, 1, 1),
                    date(objective.year, 12, 31),
                )

    @api.onchange("period_type")
    def _onchange_period_type(self):
        if self.period_type == "year":
            self.quarter = False
        elif not self.quarter:
            self.quarter = str((fields.Date.context_today(self).month - 1) // 3 + 1)

    @api.depends("name", "measure", "period_type", "year", "quarter")
    def _compute_display_name(self):
        for objective in self:
            period = (
                f"Q{objective.quarter} {objective.year}"
                if objective.period_type == "quarter"
                else str(objective.year)
            )
            measure = dict(objective._fields["measure"]._description_selection(self.env)).get(
                objective.measure, ""
            )
            objective.display_name = objective.name or f"{measure} {period}"

    # ------------------------------------------------------------------------------------------
    # The shared computation (kam.objective.mixin)
    # ------------------------------------------------------------------------------------------
    def _objective_period(self):
        date_from, date_to = self.date_from, self.date_to
        if not date_from or not date_to:
            return None
        return date_from, date_to + relativedelta(days=1)

    def _objective_credit(self):
        return {
            objective.id: (
                objective.assignee_type,
                objective.team_id.ids if objective.assignee_type == "team" else objective.user_id.ids,
            )
            for objective in self
        }

    def _objective_depends(self):
        return ["date_from", "date_to", "assignee_type", "user_id", "team_id"]

    @api.model
    def _of_people(self, users, year, company):
        """``{user: objectives}``: what counts in each person's variable pay for the year (their own
        objectives, yearly and quarterly, of that company): one search for all."""
        objectives = self.search(
            [
                ("assignee_type", "in", ("kam", "salesperson")),
                ("user_id", "in", users.ids),
                ("year", "=", year),
                ("company_id", "=", company.id),
            ]
        )
        objectives.mapped("achievement")  # the actuals of all of them together
        return {
            user: objectives.filtered(lambda objective, user=user: objective.user_id == user)
            for user in users
        }

    def _weighted_achievement(self):
        """The objectives' achievement (%) averaged by their weights; None when nothing weighs."""
        weight = sum(self.mapped("weight"))
        return (
            sum(objective.achievement * objective.weight for objective in self) / weight if weight else None
        )

    def _compute_account_count(self):
        """The key accounts a KAM manages today (their figures of the past may be elsewhere)."""
        counts = dict(
            self.env["res.partner"]._read_group(
                [("is_key_account", "=", True), ("key_account_manager_id", "in", self.user_id.ids)],
                ["key_account_manager_id"],
                ["__count"],
            )
        )
        for objective in self:
            objective.account_count = (
                counts.get(objective.user_id, 0) if objective.assignee_type == "kam" else 0
            )

    @api.constrains("period_type", "quarter", "year")
    def _check_period(self):
        for objective in self:
            if not 2000 <= objective.year <= 2100:
                raise ValidationError(self.env._("The year must be between 2000 and 2100."))
            if (objective.period_type == "quarter") != bool(objective.quarter):
                raise ValidationError(
                    self.env._("A quarterly objective needs its quarter, a yearly one none.")
                )

    @api.constrains("assignee_type", "user_id", "team_id")
    def _check_assignee(self):
        for objective in self:
            if objective.assignee_type == "team" and (not objective.team_id or objective.user_id):
                raise ValidationError(self.env._("Choose the sales team of a team's objective."))
            if objective.assignee_type != "team" and (not objective.user_id or objective.team_id):
                raise ValidationError(self.env._("Choose the person whose objective it is."))

    @api.onchange("assignee_type")
    def _onchange_assignee_type(self):
        if self.assignee_type == "team":
            self.user_id = False
        else:
            self.team_id = False

    @api.constrains("weight")
    def _check_weight(self):
        if any(objective.weight < 0 for objective in self):
            raise ValidationError(self.env._("An objective's weight cannot be negative."))

    def _checks_before_sql(self):
        return ("_check_period", "_check_weight", "_check_target", "_check_assignee", "_check_unique")

    @api.constrains(
        "assignee_type", "user_id", "team_id", "company_id", "measure", "period_type", "year", "quarter"
    )
    def _check_unique(self):
        """One objective per person or team, measure and period (qualitative ones excepted): the
        exclusion constraint's rule, said in words. One search for all the records."""
        keys = {}
        for objective in self:
            incomplete = objective.period_type == "quarter" and not objective.quarter  # its own check says so
            if objective.measure == "qualitative" or not objective.date_from or incomplete:
                continue
            key = objective._unique_key()
            if key in keys:
                self._raise_not_unique(objective)
            keys[key] = objective
        if not keys:
            return
        # sudo: the rule holds whatever the record rules let this user see
        stored = self.sudo().search_fetch(
            [
                ("measure", "in", list({key[4] for key in keys})),
                ("date_from", "in", list({key[5] for key in keys})),
                ("id", "not in", self._origin.ids),
            ],
            ["assignee_type", "user_id", "team_id", "company_id", "measure", "date_from", "date_to"],
        )
        clash = next((keys[key] for key in (record._unique_key() for record in stored) if key in keys), None)
        if clash:
            self._raise_not_unique(clash)

    def _unique_key(self):
        return (
            self.assignee_type,
            self.user_id.id,
            self.team_id.id,
            self.company_id.id,
            self.measure,
            self.date_from,
            self.date_to,
        )

    def _raise_not_unique(self, objective):
        raise ValidationError(
            self.env._(
                "%(who)s already has an objective on %(measure)s for this period.",
                who=(objective.team_id or objective.user_id).display_name,
                measure=dict(self._fields["measure"]._description_selection(self.env))[objective.measure],
            )
        )

    def action_open_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.res_partner_action_key_account"
        )
        action["domain"] = [("is_key_account", "=", True), ("key_account_manager_id", "=", self.user_id.id)]
        return action
