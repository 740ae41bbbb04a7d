from odoo import fields, models, tools
from odoo.tools import SQL


class KamNegotiationPrice(models.Model):
    """The price walk of negotiations: one row per round and side, to draw offer against demand."""

    _name = "kam.negotiation.price"
    _description = "Negotiation Price Walk"
    _auto = False
    _order = "date, side"

    negotiation_id = fields.Many2one("kam.negotiation", readonly=True)
    round_id = fields.Many2one("kam.negotiation.round", readonly=True)
    key_account_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    side = fields.Selection([("offer", "Our Offer"), ("demand", "Their Demand")], readonly=True)
    amount = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT r.id * 2 AS id, r.id AS round_id, r.negotiation_id, r.key_account_id,
                           r.company_id, r.date, 'offer' AS side, r.our_offer AS amount
                      FROM kam_negotiation_round r WHERE r.our_offer IS NOT NULL AND r.our_offer > 0
                    UNION ALL
                    SELECT r.id * 2 + 1, r.id, r.negotiation_id, r.key_account_id,
                           r.company_id, r.date, 'demand', r.their_demand
                      FROM kam_negotiation_round r WHERE r.their_demand IS NOT NULL AND r.their_demand > 0
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
