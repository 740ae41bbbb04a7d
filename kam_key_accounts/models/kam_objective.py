from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_before_insert


class KamObjective(models.Model):
    """A KAM's sales objective for a year or a quarter, summed over the key accounts they manage."""

    _name = "kam.objective"
    _inherit = ["kam.objective.mixin"]
    _description = "KAM Objective"
    _order = "date_from desc, user_id, sequence, id"

    name = fields.Char(string="Description")
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
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
            "measure_period_unique",
            "EXCLUDE USING btree (user_id WITH =, company_id WITH =, measure WITH =, date_from WITH =, "
            "date_to WITH =) WHERE (measure != 'qualitative')",
            "A KAM has one objective per measure and period.",
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
        if not self.date_from or not self.date_to:
            return None
        return self.date_from, self.date_to + relativedelta(days=1)

    def _objective_accounts(self):
        """The key accounts each KAM manages today, for all the objectives in one query."""
        groups = self.env["res.partner"]._read_group(
            [("is_key_account", "=", True), ("key_account_manager_id", "in", self.user_id.ids)],
            ["key_account_manager_id"],
            ["id:array_agg"],
        )
        by_user = {user.id: account_ids for user, account_ids in groups}
        return {objective.id: by_user.get(objective.user_id.id, []) for objective in self}

    def _objective_depends(self):
        return ["date_from", "date_to", "user_id"]

    def _weighted_achievement(self):
        """The objectives' achievement (%) averaged by their weights; None when nothing weighs."""
        weight = sum(self.mapped("weight"))
        return (
            sum(objective.achievement * objective.weight for objective in self) / weight if weight else None
        )

    def _compute_account_count(self):
        accounts = self._objective_accounts()
        for objective in self:
            objective.account_count = len(accounts.get(objective.id, ()))

    @api.constrains("period_type", "quarter", "year")
    def _check_period(self):
        for objective in self:
            if not 2000 <= objective.year <= 2100:
                raise ValidationError(self.env._("The year must be between 2000 and 2100."))
            if (objective.period_type == "quarter") != bool(objective.quarter):
                raise ValidationError(
                    self.env._("A quarterly objective needs its quarter, a yearly one none.")
                )

    @api.constrains("weight")
    def _check_weight(self):
        if any(objective.weight < 0 for objective in self):
            raise ValidationError(self.env._("An objective's weight cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        # the rows are inserted before the Python constraints run: check first, for our message
        check_before_insert(self, vals_list, "_check_period", "_check_weight", "_check_target")
        return super().create(vals_list)

    def action_open_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_key_accounts.res_partner_action_key_account"
        )
        action["domain"] = [("is_key_account", "=", True), ("key_account_manager_id", "=", self.user_id.id)]
        return action
