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
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
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

    def _objective_period(self):
        return self.env["kam.measure"]._year_bounds(self.year) if self.year else None

    def _objective_accounts(self):
        return {objective.id: objective.partner_id.ids for objective in self}

    def _objective_depends(self):
        return ["year", "plan_id.partner_id"]

    @api.constrains("year", "plan_id")
    def _check_year(self):
        for objective in self:
            plan = objective.plan_id
            if not plan.date_start.year <= objective.year <= plan.date_end.year:
                raise ValidationError(
                    self.env._(
                        "The objective's year %(year)s is outside the plan (%(start)s to %(end)s).",
                        year=objective.year,
                        start=plan.date_start.year,
                        end=plan.date_end.year,
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
