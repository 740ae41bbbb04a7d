from odoo import api, fields, models
from odoo.exceptions import UserError


class KamPayStatementLine(models.Model):
    """One objective of a pay statement, frozen: its target for the statement's period, its actual,
    achievement and weight as they stood when the statement was computed."""

    _name = "kam.pay.statement.line"
    _description = "Variable Pay Statement Line"
    _order = "statement_id, id"

    statement_id = fields.Many2one("kam.pay.statement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    user_id = fields.Many2one(related="statement_id.user_id", store=True)
    # the objective may change or go later: what it was is kept here
    objective_id = fields.Many2one("kam.objective", string="Source Objective", ondelete="set null")
    name = fields.Char(string="Objective", required=True)
    measure = fields.Selection(selection="_selection_measure", required=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    objective_target = fields.Float(string="Objective's Target", aggregator=None)
    target = fields.Float(
        string="Target for the Period",
        aggregator=None,
        help="A yearly objective's target pro rata of the quarters elapsed; a quarterly or qualitative "
        "objective's whole target once its period has ended.",
    )
    actual = fields.Float(aggregator=None)
    achievement = fields.Float(string="Achievement (%)", aggregator=None)
    weight = fields.Float()

    def _selection_measure(self):
        return self.env["kam.measure"]._selection_measure()

    def _check_moving(self):
        # only the statement's Compute action writes its lines, whoever calls create/write/unlink
        if not self.env["kam.pay.statement"]._workflow_is_moving():
            raise UserError(
                self.env._("The lines of a pay statement come from its Compute button: they are not edited.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_moving()
        return super().create(vals_list)

    def write(self, vals):
        self._check_moving()
        return super().write(vals)

    def unlink(self):
        self._check_moving()
        return super().unlink()
