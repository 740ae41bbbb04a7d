from odoo import api, fields, models
from odoo.tools import SQL


class KamAccountReport(models.Model):
    """The key account analysis: the figures ledger (kam.figure) of the key accounts, for pivot and
    graph views.

    Each row is a document's figures, credited to the key account and KAM of its day; the tier and
    listing are the account's of today, joined at read time. Ordered revenue includes MICE orders,
    which kam_mice shows as a share of it, never on top.
    """

    _name = "kam.account.report"
    _description = "Key Account Analysis"
    _auto = False
    _rec_name = "key_account_id"
    _order = "date desc"

    key_account_id = fields.Many2one("res.partner", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    date = fields.Date(readonly=True)
    source = fields.Selection(selection="_selection_source", readonly=True)
    user_id = fields.Many2one("res.users", string="Key Account Manager", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    listing = fields.Selection(
        [("cac40", "CAC 40"), ("sbf120", "SBF 120"), ("other", "Other")],
        string="Market Listing",
        readonly=True,
    )
    # the customer company's country (today's), and the global account of the row's day
    country_id = fields.Many2one("res.country", readonly=True)
    global_account_id = fields.Many2one("res.partner", readonly=True)
    ordered_amount = fields.Monetary(string="Ordered Revenue", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced Revenue", readonly=True)
    margin = fields.Monetary(readonly=True)
    won_amount = fields.Monetary(string="Won Opportunities", readonly=True)
    won_count = fields.Integer(string="Won Opportunities (Number)", readonly=True)
    lost_amount = fields.Monetary(string="Lost Opportunities", readonly=True)
    pipeline_amount = fields.Monetary(string="Open Pipeline", readonly=True)
    pipeline_weighted = fields.Monetary(string="Weighted Pipeline", readonly=True)
    tender_submitted_count = fields.Integer(string="Tenders Submitted", readonly=True)
    tender_won_count = fields.Integer(string="Tenders Won", readonly=True)

    @api.model
    def _selection_source(self):
        return self.env["kam.figure"]._selection_source()

    def _measure_columns(self):
        """The ledger's summed columns that the analysis shows (those it declares too)."""
        return [column for column in self.env["kam.figure"]._measure_columns() if column in self._fields]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # every read (pivot, graph, list, read_group, search_count) passes here: the ledger first
        self._refresh_before_read()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _refresh_before_read(self):
        """The side effect of reading the analysis, for its speed and truth: the ledger rows of the
        documents this transaction changed are rewritten before they are read.

        Commits refresh the ledger anyway (kam.figure._schedule_refresh), so a transaction that
        changed nothing pays one plain query and writes nothing (a read-only replica serves it).
        """
        self.env["kam.figure"]._refresh_figures()

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT figure.id, figure.key_account_id, figure.partner_id, figure.company_id, figure.date,
                   figure.source, figure.kam_id AS user_id, figure.user_id AS salesperson_id,
                   figure.team_id, account.kam_tier_id AS tier_id, account.kam_listing AS listing,
                   customer.country_id, figure.global_account_id, %s
              FROM kam_figure AS figure
              JOIN res_partner AS account ON account.id = figure.key_account_id
              LEFT JOIN res_partner AS customer ON customer.id = figure.partner_id
            """,
            SQL(", ").join(SQL("figure.%s", SQL.identifier(column)) for column in self._measure_columns()),
        )
