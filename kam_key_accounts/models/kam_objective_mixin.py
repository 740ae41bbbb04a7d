from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamObjectiveMixin(models.AbstractModel):
    """A target on one of the key-account measures over a period, and its actual from Odoo's data.

    Account plan objectives (one key account, one year) and KAM objectives (all the accounts of a
    KAM, a year or a quarter) share the computation: a model using the mixin says which period and
    whom each record's figures are credited to, and the actuals of many records are computed with
    one query per (target, period, company), whatever the number of records.
    """

    _name = "kam.objective.mixin"
    _inherit = ["kam.checked.mixin"]
    _description = "Key Account Objective (Shared)"

    measure = fields.Selection(selection="_selection_measure", required=True, default="ordered_revenue")
    target = fields.Float(required=True, default=0.0, aggregator=None)  # measures differ: no sum
    manual_actual = fields.Float(string="Actual (Entered)", help="The actual of a qualitative objective.")
    actual = fields.Float(compute="_compute_actual")
    achievement = fields.Float(string="Achievement (%)", compute="_compute_progress")
    expected_progress = fields.Float(
        string="Expected (%)",
        compute="_compute_progress",
        help="Share of the objective's period already elapsed.",
    )
    progress_ratio = fields.Float(compute="_compute_progress")
    status = fields.Selection(
        [("on_track", "On Track"), ("at_risk", "At Risk"), ("off_track", "Off Track")],
        compute="_compute_progress",
    )

    _sql_constraints = [
        ("target_positive", "CHECK(target >= 0)", "An objective's target cannot be negative."),
    ]

    def _selection_measure(self):
        return self.env["kam.measure"]._selection_measure()

    def _objective_period(self):
        """``(date_from, date_to)`` of the record, ``date_to`` excluded; None when incomplete."""
        raise NotImplementedError

    def _objective_credit(self):
        """``{record id: (target, ids)}``: whom the record's figures are credited to, in bulk.

        ``target`` is a key of kam.measure's DIMENSIONS: key accounts, the KAM of the time, the
        documents' salesperson or sales team.
        """
        raise NotImplementedError

    def _objective_company(self):
        """The company whose figures count, in its currency."""
        return self.company_id

    def _objective_depends(self):
        """The fields the period and the accounts depend on (for the computed figures)."""
        return []

    @api.depends(lambda self: ["measure", "manual_actual", *self._objective_depends()])
    def _compute_actual(self):
        actuals = self._compute_actuals()
        for objective in self:
            objective.actual = actuals.get(objective.id, 0.0)

    @api.depends(lambda self: ["actual", "target", *self._objective_depends()])
    def _compute_progress(self):
        today = fields.Date.context_today(self)
        for objective in self:
            actual = objective.actual
            objective.achievement = 100.0 * actual / objective.target if objective.target else 0.0
            expected = objective._expected_fraction(today)
            objective.expected_progress = 100.0 * expected
            if not objective.target or not expected:
                ratio = 1.0
            else:
                ratio = (actual / objective.target) / expected
            objective.progress_ratio = ratio
            objective.status = "on_track" if ratio >= 0.9 else "at_risk" if ratio >= 0.7 else "off_track"

    @api.constrains("target")
    def _check_target(self):
        if any(objective.target < 0 for objective in self):
            raise ValidationError(self.env._("An objective's target cannot be negative."))

    def _expected_fraction(self, today):
        """How much of the period has elapsed (0 before it starts, 1 once it ended)."""
        period = self._objective_period()
        if not period:
            return 0.0
        start, end = period
        if today < start:
            return 0.0
        if today >= end:
            return 1.0
        return (today - start).days / (end - start).days

    def _compute_actuals(self):
        """``{record id: actual}`` over each record's own period (see _actuals_over)."""
        periods = [(objective, objective._objective_period()) for objective in self]
        actuals = self._actuals_over(periods)
        return {objective.id: actuals.get((objective.id, period), 0.0) for objective, period in periods}

    def _actuals_over(self, periods):
        """``{(record id, period): actual}`` of ``[(record, (date_from, date_to excluded))]``, the
        records being ``self`` (a record may come with several periods, e.g. a pay statement's
        year to date and an earlier quarter's): one query per (target, period, company) for all of
        them, whatever their number, from the figures ledger (the same for every reader)."""
        Measure = self.env["kam.measure"]
        credit = self._objective_credit()
        groups = defaultdict(lambda: (set(), set(), []))
        actuals = {}
        # each field read once per record: this loop runs over thousands of objectives
        for objective, period in periods:
            key = (objective.id, period)
            measure = objective.measure
            if measure == "qualitative":
                actuals[key] = objective.manual_actual
                continue
            target, ids = credit.get(objective.id, (None, ()))
            if measure and period and target and ids:
                measures, all_ids, members = groups[target, period, objective._objective_company()]
                measures.add(measure)
                all_ids.update(ids)
                members.append((key, measure, ids))
        if groups:
            self.env["kam.figure"]._refresh_figures()
        for (target, (date_from, date_to), company), (measures, ids, members) in groups.items():
            values = Measure._compute_measures(
                measures, ids, date_from, date_to, target=target, company=company or None, refresh=False
            )
            for key, measure, own_ids in members:
                actuals[key] = sum(values.get(one, {}).get(measure, 0.0) for one in own_ids)
        return actuals
