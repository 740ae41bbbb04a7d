from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamNegotiationRound(models.Model):
    """One meeting of a negotiation: who was at the table, the prices on both sides, the concessions."""

    _name = "kam.negotiation.round"
    _inherit = ["kam.checked.mixin"]
    _description = "Negotiation Round"
    _order = "negotiation_id, date, id"

    negotiation_id = fields.Many2one("kam.negotiation", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="negotiation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="negotiation_id.currency_id", string="Currency")
    key_account_id = fields.Many2one(related="negotiation_id.key_account_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    our_attendee_ids = fields.Many2many(
        "res.users", "kam_negotiation_round_user_rel", "round_id", "user_id", string="Our Side"
    )
    their_attendee_ids = fields.Many2many(
        "res.partner", "kam_negotiation_round_partner_rel", "round_id", "partner_id", string="Their Side"
    )
    our_offer = fields.Monetary()
    their_demand = fields.Monetary()
    concession_given = fields.Char(string="Concessions Given")
    concession_given_value = fields.Monetary(string="Value Given")
    concession_obtained = fields.Char(string="Concessions Obtained")
    concession_obtained_value = fields.Monetary(string="Value Obtained")
    note = fields.Text()

    _sql_constraints = [
        (
            "amounts_positive",
            "CHECK(COALESCE(our_offer, 0) >= 0 AND COALESCE(their_demand, 0) >= 0 "
            "AND COALESCE(concession_given_value, 0) >= 0 AND COALESCE(concession_obtained_value, 0) >= 0)",
            "The amounts of a negotiation round cannot be negative.",
        ),
    ]

    def _checks_before_sql(self):
        return ("_check_amounts",)

    @api.constrains("our_offer", "their_demand", "concession_given_value", "concession_obtained_value")
    def _check_amounts(self):
        for line in self:
            values = (
                line.our_offer,
                line.their_demand,
                line.concession_given_value,
                line.concession_obtained_value,
            )
            if min(values) < 0:
                raise ValidationError(self.env._("The amounts of a negotiation round cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        # The rows are inserted right away: check here so users read our message, not the database's.
        for vals in vals_list:
            self.new(vals)._check_amounts()
        return super().create(vals_list)
