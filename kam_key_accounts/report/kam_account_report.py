from odoo import api, fields, models
from odoo.tools import SQL

# The figures are kept in a summary table, one row per key account, company, month and source,
# refreshed for the key accounts whose records changed. PostgreSQL triggers on the source tables
# note those accounts (ORM writes, recomputations and the SQL of the group roll-up alike), and the
# next read of the report recomputes them before reading: the pivot reads a few thousand rows with
# real statistics instead of aggregating every order, invoice and opportunity at each read.
FIGURE_TABLE = "kam_account_report_figure"
DIRTY_TABLE = "kam_account_report_dirty"
MARK_FUNCTION = "kam_account_report_mark_dirty"


class KamAccountReport(models.Model):
    """Key-account figures per key account, company, month and source, for pivot and graph views.

    Other add-ons add a source by extending ``_selection_source``, ``_measure_columns`` (with the
    matching fields) and ``_sources``.
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

    # ------------------------------------------------------------------------------------------
    # Sources
    # ------------------------------------------------------------------------------------------
    def _source(self, source, table, date_expression, where, watched, **measures):
        """One source: its table, the columns whose change alters the figures (``watched``) and the
        report columns it sums (``measures``: column -> SQL expression over ``src``)."""
        return {
            "source": source,
            "table": table,
            "date": date_expression,
            "where": where,
            "watched": watched,
            "measures": measures,
        }

    def _sources(self):
        has_margin = "margin" in self.env["sale.order"]._fields  # sale_margin installed
        margin = SQL("src.margin / COALESCE(NULLIF(src.currency_rate, 0), 1)") if has_margin else SQL("0")
        return [
            self._source(
                "order",
                "sale_order",
                SQL("src.date_order"),
                SQL("src.state = 'sale'"),
                ["state", "date_order", "amount_untaxed_company", "currency_rate", "company_id"]
                + (["margin"] if has_margin else []),
                ordered_amount=SQL("src.amount_untaxed_company"),
                margin=margin,
            ),
            self._source(
                "invoice",
                "account_move",
                SQL("src.invoice_date"),
                SQL("src.state = 'posted' AND src.move_type IN ('out_invoice', 'out_refund')"),
                ["state", "move_type", "invoice_date", "amount_untaxed_signed", "company_id"],
                invoiced_amount=SQL("src.amount_untaxed_signed"),
            ),
            self._source(
                "opportunity",
                "crm_lead",
                SQL("COALESCE(src.date_closed, src.date_deadline, src.create_date)"),
                SQL("src.type = 'opportunity'"),
                [
                    "type",
                    "active",
                    "probability",
                    "expected_revenue",
                    "prorated_revenue",
                    "date_closed",
                    "date_deadline",
                    "company_id",
                ],
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
            self._source(
                "tender",
                "kam_tender",
                SQL("src.submission_deadline"),
                SQL("TRUE"),
                ["stage", "submission_deadline", "company_id"],
                tender_submitted_count=SQL(
                    "CASE WHEN src.stage IN ('submitted', 'won', 'lost') THEN 1 ELSE 0 END"
                ),
                tender_won_count=SQL("CASE WHEN src.stage = 'won' THEN 1 ELSE 0 END"),
            ),
        ]

    def _source_query(self, source, accounts):
        """The figures of one source per key account, company and month (``accounts``: SQL filter)."""
        columns = SQL(", ").join(
            SQL("SUM(%s)", source["measures"][column]) if column in source["measures"] else SQL("0")
            for column in self._measure_columns()
        )
        return SQL(
            """
            SELECT src.key_account_id, src.company_id, date_trunc('month', %(date)s)::date,
                   %(source)s, %(columns)s
              FROM %(table)s AS src
             WHERE src.key_account_id IS NOT NULL AND %(accounts)s AND %(where)s
             GROUP BY src.key_account_id, src.company_id, date_trunc('month', %(date)s)
            """,
            date=source["date"],
            source=source["source"],
            columns=columns,
            table=SQL.identifier(source["table"]),
            accounts=accounts,
            where=source["where"],
        )

    def _fill_figures(self, accounts):
        """Insert the figures of the key accounts matching ``accounts`` (SQL over ``src``)."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (key_account_id, company_id, date, source, %s) %s",
                SQL.identifier(FIGURE_TABLE),
                SQL(", ").join(SQL.identifier(column) for column in self._measure_columns()),
                SQL(" UNION ALL ").join(self._source_query(source, accounts) for source in self._sources()),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Summary table
    # ------------------------------------------------------------------------------------------
    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(figures)s (
                    id serial PRIMARY KEY,
                    key_account_id integer NOT NULL,
                    company_id integer,
                    date date,
                    source varchar NOT NULL
                );
                CREATE INDEX IF NOT EXISTS kam_account_report_figure_account_idx
                    ON %(figures)s (key_account_id);
                CREATE TABLE IF NOT EXISTS %(dirty)s (key_account_id integer PRIMARY KEY);
                CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.key_account_id IS NOT NULL THEN
                        INSERT INTO %(dirty)s VALUES (OLD.key_account_id) ON CONFLICT DO NOTHING;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.key_account_id IS NOT NULL THEN
                        INSERT INTO %(dirty)s VALUES (NEW.key_account_id) ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """,
                figures=SQL.identifier(FIGURE_TABLE),
                dirty=SQL.identifier(DIRTY_TABLE),
                function=SQL.identifier(MARK_FUNCTION),
            )
        )
        for column in self._measure_columns():
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s NOT NULL DEFAULT 0",
                    SQL.identifier(FIGURE_TABLE),
                    SQL.identifier(column),
                    SQL("integer" if self._fields[column].type == "integer" else "numeric"),
                )
            )
        for source in self._sources():
            self._create_triggers(source)
        self._rebuild_figures()

    def _create_triggers(self, source):
        """Note the key accounts (old and new) of the source's rows that are added, removed or changed."""
        table = SQL.identifier(source["table"])
        watched = [*source["watched"], "key_account_id"]
        for suffix, event in (
            ("rows", SQL("INSERT OR DELETE")),
            ("update", SQL("UPDATE OF %s", SQL(", ").join(map(SQL.identifier, watched)))),
        ):
            name = SQL.identifier(f"kam_account_report_{suffix}")
            self.env.cr.execute(
                SQL(
                    """
                    DROP TRIGGER IF EXISTS %(name)s ON %(table)s;
                    CREATE TRIGGER %(name)s AFTER %(event)s ON %(table)s
                        FOR EACH ROW EXECUTE FUNCTION %(function)s();
                    """,
                    name=name,
                    table=table,
                    event=event,
                    function=SQL.identifier(MARK_FUNCTION),
                )
            )

    def _rebuild_figures(self):
        """All figures again, from the sources (installation, upgrade, or a new source)."""
        self.env.flush_all()
        self.env.cr.execute(SQL("TRUNCATE %s, %s", SQL.identifier(FIGURE_TABLE), SQL.identifier(DIRTY_TABLE)))
        self._fill_figures(SQL("TRUE"))

    @api.model
    def _mark_figures_dirty(self, accounts_query):
        """Refresh at the next read the key accounts that ``accounts_query`` (SQL) selects: for
        changes the triggers cannot see, such as a setting the sources depend on."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s SELECT DISTINCT key_account_id FROM (%s) AS accounts "
                "WHERE key_account_id IS NOT NULL ON CONFLICT DO NOTHING",
                SQL.identifier(DIRTY_TABLE),
                accounts_query,
            )
        )

    @api.model
    def _refresh_figures(self):
        """Recompute the figures of the key accounts whose records changed since the last read.

        One query when nothing changed. Accounts claimed by a concurrent read are skipped (SKIP
        LOCKED): that read refreshes them, this one shows their last committed figures.
        """
        self.env.flush_all()  # pending ORM writes reach the tables (and their triggers) first
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM %(dirty)s
                 WHERE key_account_id IN (SELECT key_account_id FROM %(dirty)s FOR UPDATE SKIP LOCKED)
             RETURNING key_account_id
                """,
                dirty=SQL.identifier(DIRTY_TABLE),
            )
        )
        account_ids = [account_id for (account_id,) in self.env.cr.fetchall()]
        if not account_ids:
            return
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE key_account_id = ANY(%s)", SQL.identifier(FIGURE_TABLE), account_ids)
        )
        self._fill_figures(SQL("src.key_account_id = ANY(%s)", account_ids))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # every read (pivot, graph, list, read_group, search_count) goes through _search
        self._refresh_figures()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @property
    def _table_query(self):
        measures = SQL(", ").join(
            SQL("figure.%s", SQL.identifier(column)) for column in self._measure_columns()
        )
        return SQL(
            """
            SELECT figure.id, figure.key_account_id, figure.company_id, figure.date, figure.source,
                   %s, account.key_account_manager_id AS user_id, account.kam_tier_id AS tier_id,
                   account.kam_listing AS listing
              FROM %s AS figure
              JOIN res_partner AS account ON account.id = figure.key_account_id
            """,
            measures,
            SQL.identifier(FIGURE_TABLE),
        )
