from datetime import date

from odoo import api, models
from odoo.tools import SQL

# Who a figure is credited to, by what an objective targets: the KAM of the time, the document's
# salesperson or sales team, or a key account (plans, group figures).
DIMENSIONS = {
    "key_account": "key_account_id",
    "kam": "kam_id",
    "salesperson": "user_id",
    "team": "team_id",
}


class KamMeasure(models.AbstractModel):
    """The measures that plan objectives, KAM objectives, pay, dashboards and group figures read.

    Each measure is a column of the figures ledger (``kam.figure``, where every figure is defined
    once) summed over a period for the key accounts, KAMs, salespeople or sales teams asked, in one
    query for all of them. Other add-ons add measures by extending ``_selection_measure`` and
    ``_measure_columns`` (or by defining a ``_measure_<key>`` method for one that is no sum).
    """

    _name = "kam.measure"
    _description = "Key Account Measures"

    @api.model
    def _selection_measure(self):
        return [
            ("ordered_revenue", self.env._("Ordered Revenue")),
            ("invoiced_revenue", self.env._("Invoiced Revenue")),
            ("margin", self.env._("Margin")),
            ("won_count", self.env._("Won Opportunities (Number)")),
            ("won_amount", self.env._("Won Opportunities (Amount)")),
            ("lost_count", self.env._("Lost Opportunities (Number)")),
            ("pipeline_amount", self.env._("Open Pipeline")),
            ("pipeline_weighted", self.env._("Open Weighted Pipeline")),
            ("tenders_submitted", self.env._("Tenders Submitted (Number)")),
            ("tenders_won", self.env._("Tenders Won (Number)")),
            ("new_products", self.env._("New Products Sold")),
            ("qualitative", self.env._("Qualitative (Entered by Hand)")),
        ]

    @api.model
    def _measure_columns(self):
        """``{measure: ledger column}`` of the measures that sum a column of ``kam.figure``."""
        return {
            "ordered_revenue": "ordered_amount",
            "invoiced_revenue": "invoiced_amount",
            "margin": "margin",
            "won_count": "won_count",
            "won_amount": "won_amount",
            "lost_count": "lost_count",
            "pipeline_amount": "pipeline_amount",
            "pipeline_weighted": "pipeline_weighted",
            "tenders_submitted": "tender_submitted_count",
            "tenders_won": "tender_won_count",
        }

    @api.model
    def _count_measures(self):
        """The measures that count things (the others are amounts in the company's currency)."""
        return {"won_count", "lost_count", "tenders_submitted", "tenders_won", "new_products", "qualitative"}

    @api.model
    def _pipeline_measures(self):
        """Open pipeline: measured as it stands, opportunities expected to close in the period
        (an undated one in the current period)."""
        return {"pipeline_amount", "pipeline_weighted"}

    @api.model
    def _compute_measure(
        self, measure, ids, date_from=None, date_to=None, *, target="key_account", company=None
    ):
        """``{id: value}`` of ``measure`` between the dates (``date_to`` excluded; None: no bound)."""
        values = self._compute_measures({measure}, ids, date_from, date_to, target=target, company=company)
        return {key: by_measure[measure] for key, by_measure in values.items()}

    @api.model
    def _compute_measures(
        self, measures, ids, date_from=None, date_to=None, *, target="key_account", company=None, refresh=True
    ):
        """``{id: {measure: value}}`` of several measures at once (one query for the column sums).

        ``target``: what ``ids`` are (see DIMENSIONS); ``ids`` None: every key account (all the
        figures credited to one), summed under the key None. ``company``: the figures of that
        company in its currency; by default the user's allowed companies, in the current one's.
        ``refresh``: bring the ledger up to date first; a caller reading several periods in a row
        refreshes once and passes False to the others.
        """
        if ids is not None and not ids:
            return {}
        if refresh:
            self.env["kam.figure"]._refresh_figures()
        dimension = DIMENSIONS[target]
        companies = company or self.env.companies
        currency_company = company or self.env.company
        Figure = self.env["kam.figure"]
        result = {}

        def store(key, measure, value):
            result.setdefault(key, dict.fromkeys(measures, 0.0))[measure] += value

        columns = self._measure_columns()
        for undated_today in (False, True):
            wanted = {
                measure: columns[measure]
                for measure in measures
                if measure in columns and (measure in self._pipeline_measures()) == undated_today
            }
            if not wanted:
                continue
            sums = Figure._sum_by(
                list(dict.fromkeys(wanted.values())),
                dimension,
                ids,
                date_from,
                date_to,
                companies=companies,
                currency_company=currency_company,
                undated_today=undated_today,
            )
            for key, values in sums.items():
                for measure, column in wanted.items():
                    store(key if ids is not None else None, measure, values[column])
        for measure in measures - columns.keys():
            method = getattr(self, f"_measure_{measure}", None)
            if method is None:
                continue
            for key, value in method(dimension, ids, date_from, date_to, companies).items():
                store(key if ids is not None else None, measure, value)
        return result

    def _measure_new_products(self, dimension, ids, date_from, date_to, companies):
        """Products first sold to a key account within the period (never sold to it before),
        credited as the order that first sold them."""
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        rows, account, credited = (
            SQL("kam_figure figure"),
            SQL("figure.key_account_id"),
            SQL.identifier("figure", dimension),
        )
        if ids is None:
            accounts = SQL("TRUE")
        elif dimension == "key_account_id":
            # a global account's group: first sold to any of its companies, its local accounts' included
            rows = self.env["kam.figure"]._rows_of_accounts(ids)
            account = credited = SQL("figure.credited_id")
            accounts = SQL("TRUE")
        else:  # the whole history of the accounts credited to them: what was sold before counts
            accounts = SQL(
                "figure.key_account_id IN (SELECT key_account_id FROM kam_figure WHERE %s = ANY(%s))",
                SQL.identifier(dimension),
                list(ids),
            )
        self.env.cr.execute(
            SQL(
                """
                WITH orders AS (
                    SELECT figure.res_id, %(account)s AS account_id, figure.date, %(credited)s AS credited
                      FROM %(rows)s
                     WHERE figure.source = 'order' AND figure.key_account_id IS NOT NULL
                       AND figure.company_id = ANY(%(companies)s) AND %(accounts)s
                )
                SELECT figure.credited, count(*)
                  FROM (SELECT DISTINCT ON (orders.account_id, line.product_id)
                               orders.credited, orders.date
                          FROM orders
                          JOIN sale_order_line line ON line.order_id = orders.res_id
                         -- the lines of these orders by their index, not a scan of every line
                         WHERE line.order_id = ANY(ARRAY(SELECT res_id FROM orders))
                           AND line.product_id IS NOT NULL
                         ORDER BY orders.account_id, line.product_id, orders.date, orders.res_id
                       ) AS figure
                 WHERE figure.credited IS NOT NULL AND %(wanted)s AND %(period)s
                 GROUP BY figure.credited
                """,
                rows=rows,
                account=account,
                credited=credited,
                companies=list(companies.ids),
                accounts=accounts,
                wanted=SQL("TRUE") if ids is None else SQL("figure.credited = ANY(%s)", list(ids)),
                period=self.env["kam.figure"]._period_condition(date_from, date_to),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _year_bounds(self, year):
        return date(year, 1, 1), date(year + 1, 1, 1)
