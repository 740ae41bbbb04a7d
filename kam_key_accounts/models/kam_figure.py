import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

DIRTY_TABLE = "kam_figure_dirty"  # the table of kam.figure.dirty
MARK_FUNCTION = "kam_figure_mark_dirty"
FRESH = "kam_figure.fresh"  # precommit data key: the ledger is current in this transaction


class KamFigure(models.Model):
    """The ledger of key-account figures: one row per source document, the single definition.

    Every figure a KAM or a manager reads (the analysis, the measures of plan and KAM objectives,
    variable pay, the home dashboard, group figures, contract consumption, candidates) sums these
    rows. Each row is a document's contribution, defined once in ``_sources``:

    - amounts in the company's currency at the document's own rate (as ``sale.report``);
    - orders: confirmed (``sale``), dated by their order date; invoices: posted customer invoices
      and refunds (signed), dated by their invoice date; opportunities: won (a won stage, as CRM
      decides), lost (archived at probability 0), or open (the pipeline); tenders by submission
      deadline;
    - dates are UTC calendar days (of date-times), as are the days of assignments. A won or lost
      opportunity without a closing date is dated by its last stage change, then its creation; an
      open one by its expected closing, and an undated one counts in the current period
      (``_period_condition``);
    - credit of the time: ``key_account_id`` and ``kam_id`` are those the customer's company was
      assigned to on the row's date (``kam.account.assignment``), not today's; ``user_id`` and
      ``team_id`` are the document's salesperson and sales team.

    Rows are written in SQL only, never by users: PostgreSQL triggers on the source tables note the
    documents that changed (``kam_figure_dirty``), and ``_refresh_figures`` rewrites their rows
    before a read and before each commit. Other add-ons extend ``_sources`` and add columns.
    """

    _name = "kam.figure"
    _description = "Key Account Figure"
    _log_access = False
    _order = "date desc, id desc"

    source = fields.Selection(selection="_selection_source", required=True, readonly=True)
    res_id = fields.Integer(string="Document", required=True, readonly=True)
    date = fields.Date(readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    # indexed with the date (init): the figures of some accounts or KAMs over a period
    key_account_id = fields.Many2one("res.partner", readonly=True)
    kam_id = fields.Many2one("res.users", string="Key Account Manager", readonly=True)
    # the global account of key_account_id then (kam.account.assignment): the row counts for both
    global_account_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, index=True)
    ordered_amount = fields.Monetary(string="Ordered Revenue", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced Revenue", readonly=True)
    margin = fields.Monetary(readonly=True)
    won_amount = fields.Monetary(string="Won Opportunities (Amount)", readonly=True)
    won_count = fields.Integer(string="Won Opportunities", readonly=True)
    lost_amount = fields.Monetary(string="Lost Opportunities (Amount)", readonly=True)
    lost_count = fields.Integer(string="Lost Opportunities", readonly=True)
    pipeline_amount = fields.Monetary(string="Open Pipeline", readonly=True)
    pipeline_weighted = fields.Monetary(string="Weighted Pipeline", readonly=True)
    pipeline_count = fields.Integer(string="Open Opportunities", readonly=True)
    tender_submitted_count = fields.Integer(string="Tenders Submitted", readonly=True)
    tender_won_count = fields.Integer(string="Tenders Won", readonly=True)

    _sql_constraints = [
        ("document_unique", "UNIQUE(source, res_id)", "A document has one row of figures."),
    ]

    @api.model
    def _selection_source(self):
        return [
            ("order", self.env._("Sales Orders")),
            ("invoice", self.env._("Invoices")),
            ("opportunity", self.env._("Opportunities")),
            ("tender", self.env._("Tenders")),
        ]

    def _measure_columns(self):
        """The summed columns: every source gives each of them (0 where it has no such figure)."""
        return [
            name
            for name, field in self._fields.items()
            if field.type in ("monetary", "integer") and name not in ("id", "res_id")
        ]

    # ------------------------------------------------------------------------------------------
    # The definitions
    # ------------------------------------------------------------------------------------------
    def _source(self, source, model, date, where, watched, *, salesperson, team, **measures):
        """One source: its model, the day a row counts on, which rows count, the columns whose
        change alters the figures (``watched``), and the ledger columns it gives (SQL over ``src``)."""
        return {
            "source": source,
            "model": model,
            "table": self.env[model]._table,
            "date": date,
            "where": where,
            "watched": watched,
            "salesperson": salesperson,
            "team": team,
            "measures": measures,
        }

    def _sources(self):
        has_margin = "margin" in self.env["sale.order"]._fields  # sale_margin installed
        won = self._opportunity_won()
        return [
            self._source(
                "order",
                "sale.order",
                SQL("src.date_order::date"),
                SQL("src.state = 'sale'"),
                ["state", "date_order", "amount_untaxed_company", "currency_rate", "user_id", "team_id"]
                + (["margin"] if has_margin else []),
                salesperson=SQL("src.user_id"),
                team=SQL("src.team_id"),
                ordered_amount=SQL("src.amount_untaxed_company"),
                margin=SQL("src.margin / COALESCE(NULLIF(src.currency_rate, 0), 1)")
                if has_margin
                else SQL("0"),
            ),
            self._source(
                "invoice",
                "account.move",
                SQL("src.invoice_date"),
                SQL("src.state = 'posted' AND src.move_type IN ('out_invoice', 'out_refund')"),
                ["state", "move_type", "invoice_date", "amount_untaxed_signed", "invoice_user_id", "team_id"],
                salesperson=SQL("src.invoice_user_id"),
                team=SQL("src.team_id"),
                invoiced_amount=SQL("src.amount_untaxed_signed"),
            ),
            self._source(
                "opportunity",
                "crm.lead",
                # won and lost: the day they closed (else their last stage change, else creation);
                # open: their expected closing, possibly none
                SQL(
                    "CASE WHEN src.active AND NOT %(won)s THEN src.date_deadline "
                    "ELSE COALESCE(src.date_closed, src.date_last_stage_update, src.create_date)::date END",
                    won=won,
                ),
                SQL("src.type = 'opportunity' AND (src.active OR src.probability = 0)"),
                [
                    "type",
                    "active",
                    "probability",
                    "stage_id",
                    "expected_revenue",
                    "prorated_revenue",
                    "date_closed",
                    "date_deadline",
                    "user_id",
                    "team_id",
                ],
                salesperson=SQL("src.user_id"),
                team=SQL("src.team_id"),
                won_amount=SQL("CASE WHEN src.active AND %s THEN src.expected_revenue ELSE 0 END", won),
                won_count=SQL("CASE WHEN src.active AND %s THEN 1 ELSE 0 END", won),
                lost_amount=SQL("CASE WHEN NOT src.active THEN src.expected_revenue ELSE 0 END"),
                lost_count=SQL("CASE WHEN NOT src.active THEN 1 ELSE 0 END"),
                pipeline_amount=SQL(
                    "CASE WHEN src.active AND NOT %s THEN src.expected_revenue ELSE 0 END",
                    won,
                ),
                pipeline_weighted=SQL(
                    "CASE WHEN src.active AND NOT %s THEN src.prorated_revenue ELSE 0 END",
                    won,
                ),
                pipeline_count=SQL("CASE WHEN src.active AND NOT %s THEN 1 ELSE 0 END", won),
            ),
            self._source(
                "tender",
                "kam.tender",
                SQL("src.submission_deadline::date"),
                SQL("TRUE"),
                ["state", "submission_deadline", "user_id"],
                salesperson=SQL("src.user_id"),
                team=SQL("NULL::integer"),
                tender_submitted_count=SQL(
                    "CASE WHEN src.state IN ('submitted', 'won', 'lost') THEN 1 ELSE 0 END"
                ),
                tender_won_count=SQL("CASE WHEN src.state = 'won' THEN 1 ELSE 0 END"),
            ),
        ]

    def _opportunity_won(self):
        """Won, as CRM decides: the opportunity is in a won stage."""
        return SQL(
            "COALESCE((SELECT stage.is_won FROM crm_stage stage WHERE stage.id = src.stage_id), FALSE)"
        )

    def _source_query(self, source, documents):
        """The ledger rows of one source for the documents matching ``documents`` (SQL over ``src``).

        The key account and KAM credited are the assignment of the customer's company that covers
        the row's day; an undated row (open pipeline) takes the current one.
        """
        columns = SQL(", ").join(
            source["measures"].get(column, SQL("0")) for column in self._measure_columns()
        )
        return SQL(
            """
            SELECT %(source)s, src.id, fact.day, src.company_id, partner.commercial_partner_id,
                   assignment.key_account_id, assignment.user_id, %(salesperson)s, %(team)s,
                   assignment.global_account_id, %(columns)s
              FROM %(table)s AS src
              LEFT JOIN res_partner partner ON partner.id = src.partner_id
             CROSS JOIN LATERAL (SELECT (%(date)s) AS day) AS fact
              LEFT JOIN kam_account_assignment assignment
                     ON assignment.partner_id = partner.commercial_partner_id
                    AND CASE WHEN fact.day IS NULL THEN assignment.date_to IS NULL
                             ELSE COALESCE(assignment.date_from, '-infinity') <= fact.day
                                  AND fact.day < COALESCE(assignment.date_to, 'infinity') END
             WHERE %(documents)s AND %(where)s
            """,
            source=source["source"],
            salesperson=source["salesperson"],
            team=source["team"],
            columns=columns,
            table=SQL.identifier(source["table"]),
            date=source["date"],
            documents=documents,
            where=source["where"],
        )

    def _fill(self, source, documents):
        self.env.cr.execute(
            SQL(
                "INSERT INTO kam_figure (source, res_id, date, company_id, partner_id, key_account_id, "
                "kam_id, user_id, team_id, global_account_id, %s) %s",
                SQL(", ").join(SQL.identifier(column) for column in self._measure_columns()),
                self._source_query(source, documents),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Keeping the ledger current
    # ------------------------------------------------------------------------------------------
    def init(self):
        cr = self.env.cr
        for column in ("key_account_id", "kam_id", "global_account_id"):
            create_index(cr, f"kam_figure_{column}_date_index", self._table, [column, "date"])
        cr.execute(
            SQL(
                """
                -- the summary table and triggers of the versions before this ledger
                DROP FUNCTION IF EXISTS kam_account_report_mark_dirty() CASCADE;
                DROP TABLE IF EXISTS kam_account_report_figure, kam_account_report_dirty;
                CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO %(dirty)s (source, res_id) VALUES (TG_ARGV[0], OLD.id)
                            ON CONFLICT DO NOTHING;
                    ELSE
                        INSERT INTO %(dirty)s (source, res_id) VALUES (TG_ARGV[0], NEW.id)
                            ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """,
                dirty=SQL.identifier(DIRTY_TABLE),
                function=SQL.identifier(MARK_FUNCTION),
            )
        )
        for source in self._sources():
            self._create_triggers(source)
        # after the other models' new columns are filled (amounts computed at installation)
        self.pool.post_init(self._rebuild_figures)

    def _create_triggers(self, source):
        """Note the source's documents that are added, removed, or changed in what the ledger reads."""
        table = SQL.identifier(source["table"])
        # every source has a customer, a company and the key account of its customer
        watched = dict.fromkeys([*source["watched"], "partner_id", "company_id", "key_account_id"])
        for suffix, event in (
            ("rows", SQL("INSERT OR DELETE")),
            ("update", SQL("UPDATE OF %s", SQL(", ").join(map(SQL.identifier, watched)))),
        ):
            name = SQL.identifier(f"kam_figure_{suffix}")
            self.env.cr.execute(
                SQL(
                    """
                    DROP TRIGGER IF EXISTS %(name)s ON %(table)s;
                    CREATE TRIGGER %(name)s AFTER %(event)s ON %(table)s
                        FOR EACH ROW EXECUTE FUNCTION %(function)s(%(source)s);
                    """,
                    name=name,
                    table=table,
                    event=event,
                    function=SQL.identifier(MARK_FUNCTION),
                    # a trigger's arguments are literals: the source names are ours, plain words
                    source=SQL(f"'{source['source']}'"),
                )
            )

    def _rebuild_figures(self):
        """Every row again, from the sources (installation, upgrade, or a new source or column)."""
        self.env.flush_all()
        self.env.cr.execute(SQL("TRUNCATE kam_figure, %s", SQL.identifier(DIRTY_TABLE)))
        for source in self._sources():
            self._fill(source, SQL("TRUE"))
        self.invalidate_model()

    @api.model
    def _mark_dirty(self, source, documents):
        """Rewrite at the next refresh the rows of ``source`` whose documents ``documents`` (SQL over
        ``src``) selects: for changes the triggers cannot see (a setting, an assignment)."""
        source = next(item for item in self._sources() if item["source"] == source)
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (source, res_id) SELECT %s, src.id FROM %s AS src WHERE %s "
                "ON CONFLICT DO NOTHING",
                SQL.identifier(DIRTY_TABLE),
                source["source"],
                SQL.identifier(source["table"]),
                documents,
            )
        )
        self._schedule_refresh()

    @api.model
    def _mark_partners_dirty(self, commercial_partner_ids):
        """The documents of these companies (and their contacts), of every source, in one query."""
        partners = SQL(
            "SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s)", list(commercial_partner_ids)
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (source, res_id) %s ON CONFLICT DO NOTHING",
                SQL.identifier(DIRTY_TABLE),
                SQL(" UNION ALL ").join(
                    SQL(
                        "SELECT %s, src.id FROM %s AS src WHERE src.partner_id IN (%s)",
                        source["source"],
                        SQL.identifier(source["table"]),
                        partners,
                    )
                    for source in self._sources()
                ),
            )
        )
        self._schedule_refresh()

    @api.model
    def _schedule_refresh(self):
        """Refresh before this transaction commits, so that other readers find current rows."""
        self.env.cr.precommit.data.pop(FRESH, None)
        if not self.env.cr.precommit.data.get("kam_figure_refresh"):
            self.env.cr.precommit.data["kam_figure_refresh"] = True
            self.env.cr.precommit.add(self._refresh_from_precommit)

    def _refresh_from_precommit(self):
        self.env.cr.precommit.data.pop("kam_figure_refresh", None)
        self.sudo()._refresh_figures()

    def _flush_sources(self):
        """Pending ORM writes reach the tables the ledger reads (and their triggers) first. Only
        those: a reader may be a computed field, whose own model must not be flushed under it."""
        for source in self._sources():
            self.env[source["model"]].flush_model()
        self.env["sale.order.line"].flush_model()
        self.env["res.partner"].flush_model(["parent_id", "commercial_partner_id", "key_account_id"])
        self.env["kam.account.assignment"].flush_model()

    @api.model
    def _refresh_figures(self):
        """Rewrite the rows of the documents that changed since the last refresh.

        Called by every reader of the figures before it reads (and before each commit): one plain
        query when nothing changed, four per source when something did. Documents claimed by a
        concurrent refresh are skipped (SKIP LOCKED): it rewrites them.
        """
        self._flush_sources()
        # Fresh since the last refresh of this transaction: no document changed through the ORM
        # (each change drops the mark, see _schedule_refresh). The mark lives in the precommit
        # data, which a commit, a rollback or a flushing savepoint clears.
        marks = self.env.cr.precommit.data
        if marks.get(FRESH):
            return
        # a plain read first: a read-only transaction (the web client's reads) must not write
        self.env.cr.execute(SQL("SELECT EXISTS (SELECT 1 FROM %s)", SQL.identifier(DIRTY_TABLE)))
        if not self.env.cr.fetchone()[0]:
            marks[FRESH] = True
            return
        if self.env.cr.readonly:
            # Commits refresh what the ORM changed; this is a change made in SQL, which a replica
            # cannot rewrite: odoo.http serves the request again on the primary on this error.
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "The figures ledger has changed documents to rewrite: a read-only transaction cannot"
            )
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM %(dirty)s
                 WHERE (source, res_id) IN (SELECT source, res_id FROM %(dirty)s FOR UPDATE SKIP LOCKED)
             RETURNING source, res_id
                """,
                dirty=SQL.identifier(DIRTY_TABLE),
            )
        )
        by_source = {}
        for source, res_id in self.env.cr.fetchall():
            by_source.setdefault(source, []).append(res_id)
        for source in self._sources():
            ids = by_source.get(source["source"])
            if not ids:
                continue
            self.env.cr.execute(
                SQL("DELETE FROM kam_figure WHERE source = %s AND res_id = ANY(%s)", source["source"], ids)
            )
            self._fill(source, SQL("src.id = ANY(%s)", ids))
        self.invalidate_model()
        marks[FRESH] = True

    # ------------------------------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------------------------------
    @api.model
    def _period_condition(self, date_from, date_to, *, undated_today=False):
        """Rows of the period (``date_to`` excluded, either bound may be None). ``undated_today``:
        undated rows (open pipeline without expected closing) count in the period containing today."""
        bounds = [SQL("TRUE")]
        if date_from:
            bounds.append(SQL("figure.date >= %s", date_from))
        if date_to:
            bounds.append(SQL("figure.date < %s", date_to))
        dated = SQL(" AND ").join(bounds)
        today = fields.Date.today()  # the ledger's days are UTC days
        if undated_today and (not date_from or date_from <= today) and (not date_to or today < date_to):
            return SQL("(figure.date IS NULL OR (%s))", dated)
        return SQL("(figure.date IS NOT NULL AND %s)", dated)

    @api.model
    def _rows_of_accounts(self, ids):
        """The rows counted for these key accounts, as the FROM item ``figure`` with their
        ``credited_id``: a key account's figures are its own rows, and for a global account those of
        its local key accounts too; a row counts once for its key account and once for a different
        global account, never twice for the same one."""
        return SQL(
            """
            (SELECT figure.key_account_id AS credited_id, figure.* FROM kam_figure figure
              WHERE figure.key_account_id = ANY(%(ids)s)
              UNION ALL
             SELECT figure.global_account_id, figure.* FROM kam_figure figure
              WHERE figure.global_account_id = ANY(%(ids)s)
                AND figure.global_account_id != figure.key_account_id) AS figure
            """,
            ids=list(ids),
        )

    @api.model
    def _sum_by(
        self,
        columns,
        dimension,
        ids,
        date_from,
        date_to,
        *,
        companies,
        currency_company,
        undated_today=False,
        where=None,
    ):
        """``{dimension value: {column: sum}}`` of the rows credited to ``ids`` (when ``ids`` is None:
        ``{None: sums}`` of every row credited to someone) in the period, for ``companies``, in
        ``currency_company``'s currency.

        Amounts of other companies are converted at today's rate, one bucket per company. Read in
        SQL, without record rules on the documents: who may see a figure is decided by the caller
        (access to the key account, objective or pay scheme), so every reader gets the same number.
        The caller refreshes the ledger first (``_refresh_figures``), once for all its reads.
        """
        dim = SQL.identifier("figure", dimension)
        rows = SQL("kam_figure figure")
        if dimension == "key_account_id" and ids is not None:
            rows = self._rows_of_accounts(ids)
            dim = SQL.identifier("figure", "credited_id")
        filters = [
            SQL("%s IS NOT NULL", dim) if ids is None else SQL("%s = ANY(%s)", dim, list(ids)),
            # documents without a company (some opportunities) count in every company
            SQL("(figure.company_id IS NULL OR figure.company_id = ANY(%s))", list(companies.ids)),
            self._period_condition(date_from, date_to, undated_today=undated_today),
        ]
        if where is not None:
            filters.append(where)
        self.env.cr.execute(
            SQL(
                "SELECT %s, figure.company_id, %s FROM %s WHERE %s GROUP BY 1, 2",
                # all of them: one sum (per company) under the key None
                SQL("NULL::int") if ids is None else dim,
                SQL(", ").join(SQL("SUM(figure.%s)", SQL.identifier(column)) for column in columns),
                rows,
                SQL(" AND ").join(filters),
            )
        )
        fetched = self.env.cr.fetchall()  # before anything else uses the cursor
        target = currency_company.currency_id
        today = fields.Date.context_today(self)
        currencies = {}
        result = {}
        for key, company_id, *sums in fetched:
            company_id = company_id or currency_company.id
            if company_id not in currencies:
                currencies[company_id] = self.env["res.company"].browse(company_id).currency_id
            currency = currencies[company_id]
            values = result.setdefault(key, dict.fromkeys(columns, 0.0))
            for column, value in zip(columns, sums, strict=False):
                value = value or 0.0
                if value and self._fields[column].type == "monetary" and currency != target:
                    value = currency._convert(value, target, currency_company, today)
                values[column] += value
        return result
