from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# What may change on an approved plan's objectives: the progress of qualitative ones.
PILOTING_FIELDS = {"manual_actual", "note"}


class KamPlanObjective(models.Model):
    """A measurable objective of an account plan for one year: a target, and the actual from Odoo's data."""

    _name = "kam.plan.objective"
    _inherit = ["kam.objective.mixin"]
    _description = "Account Plan Objective"
    _order = "plan_id, year, sequence, id"

    plan_id = fields.Many2one("kam.account.plan", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="plan_id.partner_id", string="Key Account", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description")
    year = fields.Integer(
        required=True, compute="_compute_year", store=True, readonly=False, precompute=True, copy=True
    )
    note = fields.Text()

    _sql_constraints = [
        # one objective per measure and year (qualitative ones excepted: they differ by their text)
        (
            "measure_year_unique",
            "EXCLUDE USING btree (plan_id WITH =, measure WITH =, year WITH =) "
            "WHERE (measure != 'qualitative')",
            "A plan has one objective per measure and year.",
        ),
    ]

    @api.depends("plan_id")
    def _compute_year(self):
        """This year, or the plan's nearest year when the plan does not cover it (next year's plan)."""
        this_year = fields.Date.context_today(self).year
        for objective in self:
            plan = objective.plan_id
            if objective.year or not (plan.date_start and plan.date_end):
                objective.year = objective.year or this_year
            else:
                objective.year = min(max(this_year, plan.date_start.year), plan.date_end.year)

    def _objective_period(self):
        year = self.year
        return self.env["kam.measure"]._year_bounds(year) if year else None

    def _objective_credit(self):
        return {objective.id: ("key_account", objective.partner_id._ids) for objective in self}

    def _objective_depends(self):
        return ["year", "plan_id.partner_id"]

    @api.constrains("year", "plan_id")
    def _check_year(self):
        for objective in self:
            plan = objective.plan_id
            if plan and not plan.date_start.year <= objective.year <= plan.date_end.year:
                raise ValidationError(
                    self.env._(
                        "The objective's year %(year)s is outside the plan (%(start)s to %(end)s).",
                        year=objective.year,
                        start=plan.date_start.year,
                        end=plan.date_end.year,
                    )
                )

    def _checks_before_sql(self):
        return ("_check_year", "_check_target", "_check_one_per_measure_and_year")

    @api.constrains("plan_id", "measure", "year")
    def _check_one_per_measure_and_year(self):
        """A plan has one objective per measure and year (the EXCLUDE constraint's rule), said in
        words; one search for all the records."""
        keys = [
            (objective.plan_id.id, objective.measure, objective.year)
            for objective in self
            if objective.measure != "qualitative"
        ]
        clash = next((key for key in keys if keys.count(key) > 1), None)
        if not clash and keys:
            existing = self.search_fetch(
                [
                    ("plan_id", "in", list({plan_id for plan_id, _measure, _year in keys})),
                    ("measure", "!=", "qualitative"),
                    ("id", "not in", self._origin.ids),
                ],
                ["plan_id", "measure", "year"],
            )
            taken = {(objective.plan_id.id, objective.measure, objective.year) for objective in existing}
            clash = next((key for key in keys if key in taken), None)
        if clash:
            measures = dict(self._fields["measure"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "A plan has one objective per measure and year: %(measure)s %(year)s is already there.",
                    measure=measures.get(clash[1], clash[1]),
                    year=clash[2],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["kam.account.plan"].browse(
            {vals.get("plan_id") for vals in vals_list if vals.get("plan_id")}
        )
        plans._check_objectives_editable()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - PILOTING_FIELDS:
            self.plan_id._check_objectives_editable()
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):  # uninstalling removes everything
            self.plan_id._check_objectives_editable()
        return super().unlink()
