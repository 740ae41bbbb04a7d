from odoo import api, fields, models
from odoo.tools import SQL


class KamAccountReport(models.Model):
    """Key-account figures per key account, company, month and source, for pivot and graph views.

    Each source is aggregated per key account, company and month inside its own sub-query (orders,
    not order lines), so the pivot reads a few thousand pre-aggregated rows instead of scanning
    every line as ``sale.report`` does. Other add-ons add a source by extending ``_sources``.
    """

    _name = "kam.account.report"
    _description = "Key Account Analysis"
    _auto = False
    _rec_name = "key_account_id"
    _order = "date desc"

    key_account_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    source = fields.Selection(selection="_selection_source", readonly=True)
    user_id = fields.Many2one("res.users", string="Key Account Manager", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    listing = fields.Selection(
        [("cac40", "CAC 40"), ("sbf120", "SBF 120"), ("other", "Other")],
        string="Market Listing",
        readonly=True,
    )
    ordered_amount = fields.Monetary(string="Ordered Revenue", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced Revenue", readonly=True)
    margin = fields.Monetary(readonly=True)
    won_amount = fields.Monetary(string="Won Opportunities", readonly=True)
    lost_amount = fields.Monetary(string="Lost Opportunities", readonly=True)
    pipeline_weighted = fields.Monetary(string="Weighted Pipeline", readonly=True)
    tender_submitted_count = fields.Integer(string="Tenders Submitted", readonly=True)
    tender_won_count = fields.Integer(string="Tenders Won", readonly=True)

    @api.model
    def _selection_source(self):
        return [
            ("order", self.env._("Sales Orders")),
            ("invoice", self.env._("Invoices")),
            ("opportunity", self.env._("Opportunities")),
            ("tender", self.env._("Tenders")),
        ]

    def _measure_columns(self):
        """The summed columns every source must select (0 where it has no such figure)."""
        return [
            "ordered_amount",
            "invoiced_amount",
            "margin",
            "won_amount",
            "lost_amount",
            "pipeline_weighted",
            "tender_submitted_count",
            "tender_won_count",
        ]

    def _source(self, source, table, date_expression, where, **measures):
        """One pre-aggregated source: ``measures`` maps report columns to SQL sum expressions."""
        columns = SQL(", ").join(
            SQL("SUM(%s) AS %s", measures[column], SQL.identifier(column))
            if column in measures
            else SQL("0 AS %s", SQL.identifier(column))
            for column in self._measure_columns()
        )
        return SQL(
            """
            SELECT src.key_account_id, src.company_id, date_trunc('month', %(date)s)::date AS date,
                   %(source)s AS source, %(columns)s
              FROM %(table)s AS src
             WHERE src.key_account_id IS NOT NULL AND %(where)s
             GROUP BY src.key_account_id, src.company_id, date_trunc('month', %(date)s)
            """,
            date=date_expression,
            source=source,
            columns=columns,
            table=SQL.identifier(table),
            where=where,
        )

    def _sources(self):
        margin = (
            SQL("src.margin / COALESCE(NULLIF(src.currency_rate, 0), 1)")
            if "margin" in self.env["sale.order"]._fields
            else SQL("0")
        )
        sources = [
            self._source(
                "order",
                "sale_order",
                SQL("src.date_order"),
                SQL("src.state = 'sale'"),
                ordered_amount=SQL("src.amount_untaxed_company"),
                margin=margin,
            ),
            self._source(
                "invoice",
                "account_move",
                SQL("src.invoice_date"),
                SQL("src.state = 'posted' AND src.move_type IN ('out_invoice', 'out_refund')"),
                invoiced_amount=SQL("src.amount_untaxed_signed"),
            ),
            self._source(
                "opportunity",
                "crm_lead",
                SQL("COALESCE(src.date_closed, src.date_deadline, src.create_date)"),
                SQL("src.type = 'opportunity'"),
                won_amount=SQL(
                    "CASE WHEN src.active AND src.probability = 100 THEN src.expected_revenue ELSE 0 END"
                ),
                lost_amount=SQL(
                    "CASE WHEN NOT src.active AND src.probability = 0 THEN src.expected_revenue ELSE 0 END"
                ),
                pipeline_weighted=SQL(
                    "CASE WHEN src.active AND src.probability < 100 THEN src.prorated_revenue ELSE 0 END"
                ),
            ),
        ]
        if "kam.tender" in self.env:
            sources.append(
                self._source(
                    "tender",
                    "kam_tender",
                    SQL("src.submission_deadline"),
                    SQL("TRUE"),
                    tender_submitted_count=SQL(
                        "CASE WHEN src.stage IN ('submitted', 'won', 'lost') THEN 1 ELSE 0 END"
                    ),
                    tender_won_count=SQL("CASE WHEN src.stage = 'won' THEN 1 ELSE 0 END"),
                )
            )
        return sources

    @property
    def _table_query(self):
        # MATERIALIZED: the figures are computed once per read, even when the planner joins
        # them to res_users again and again to group by KAM (23 s instead of 0.05 s without it).
        return SQL(
            """
            WITH figures AS MATERIALIZED (%s)
            SELECT row_number() OVER () AS id, figures.*, account.key_account_manager_id AS user_id,
                   account.kam_tier_id AS tier_id, account.kam_listing AS listing
              FROM figures
              JOIN res_partner AS account ON account.id = figures.key_account_id
            """,
            SQL(" UNION ALL ").join(self._sources()),
        )
