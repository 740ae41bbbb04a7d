from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class KamCandidate(models.Model):
    """Groups of companies that could become key accounts, ranked by revenue.

    One row per top-level company that is not (and is not inside) a key account, for the current
    company: its group (itself and its subsidiaries at any depth) passes every threshold set in the
    settings. Computed in one query at each read, so the list follows the thresholds, the orders and
    the opportunities of the moment.
    """

    _name = "kam.candidate"
    _description = "Key Account Candidate"
    _auto = False
    _rec_name = "partner_id"
    _order = "rank, id"

    rank = fields.Integer(readonly=True, aggregator=False)
    partner_id = fields.Many2one("res.partner", string="Group", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    revenue = fields.Monetary(
        string="Revenue (12 Months)",
        readonly=True,
        help="Confirmed orders of the group over the last 12 months, untaxed.",
    )
    revenue_previous = fields.Monetary(
        string="Revenue (Previous 12 Months)",
        readonly=True,
        help="Confirmed orders of the group over the 12 months before the last 12.",
    )
    growth = fields.Float(
        string="Growth (%)",
        readonly=True,
        aggregator=False,
        help="Revenue of the last 12 months against the 12 months before; empty for a new client.",
    )
    pipeline_amount = fields.Monetary(
        string="Open Pipeline", readonly=True, help="Expected revenue of the group's open opportunities."
    )
    opportunity_count = fields.Integer(string="Open Opportunities", readonly=True)
    company_count = fields.Integer(
        string="Companies in Group", readonly=True, help="The company and its subsidiaries at any depth."
    )
    buying_company_count = fields.Integer(
        string="Buying Companies",
        readonly=True,
        help="Companies of the group with a confirmed order over the last 12 months.",
    )

    @property
    def _table_query(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        year_ago = today - relativedelta(years=1)
        return SQL(
            """
            WITH RECURSIVE tree AS (
                -- every top-level company of this company (or shared) that is not a key account,
                -- and below it every partner (subsidiaries, their contacts) not already in another
                -- key account's group
                SELECT id AS group_id, id AS partner_id, commercial_partner_id, is_company
                  FROM res_partner
                 WHERE parent_id IS NULL AND is_company AND active AND key_account_id IS NULL
                   AND (company_id IS NULL OR company_id = %(company)s)
                 UNION ALL
                SELECT tree.group_id, child.id, child.commercial_partner_id, child.is_company
                  FROM res_partner child
                  JOIN tree ON child.parent_id = tree.partner_id
                 WHERE child.key_account_id IS NULL
            ), orders_by_company AS (
                -- ordered revenue as the figures ledger defines it, per company of the group first:
                -- the buying companies are then a plain count (a COUNT(DISTINCT) would sort)
                SELECT tree.group_id,
                       SUM(figure.ordered_amount) FILTER (WHERE figure.date >= %(year_ago)s)
                           AS revenue,
                       SUM(figure.ordered_amount) FILTER (WHERE figure.date < %(year_ago)s)
                           AS revenue_previous,
                       COUNT(*) FILTER (WHERE figure.date >= %(year_ago)s) AS recent_order_count
                  FROM kam_figure figure
                  JOIN tree ON tree.partner_id = figure.partner_id
                 WHERE figure.source = 'order' AND figure.company_id = %(company)s
                   AND figure.date >= %(two_years_ago)s AND figure.date < %(tomorrow)s
                 GROUP BY tree.group_id, tree.commercial_partner_id
            ), orders AS (
                SELECT group_id, SUM(revenue) AS revenue, SUM(revenue_previous) AS revenue_previous,
                       COUNT(*) FILTER (WHERE recent_order_count > 0) AS buying_company_count
                  FROM orders_by_company
                 GROUP BY group_id
            ), leads AS (
                -- the open pipeline; opportunities shared by every company count in the current one
                SELECT tree.group_id, SUM(figure.pipeline_amount) AS pipeline_amount,
                       SUM(figure.pipeline_count) AS opportunity_count
                  FROM kam_figure figure
                  JOIN tree ON tree.partner_id = figure.partner_id
                 WHERE figure.source = 'opportunity' AND figure.pipeline_count > 0
                   AND COALESCE(figure.company_id, %(company)s) = %(company)s
                 GROUP BY tree.group_id
            ), companies AS (
                SELECT group_id, COUNT(*) FILTER (WHERE is_company) AS company_count
                  FROM tree
                 GROUP BY group_id
            ), figures AS (
                SELECT COALESCE(orders.group_id, leads.group_id) AS group_id,
                       COALESCE(orders.revenue, 0) AS revenue,
                       COALESCE(orders.revenue_previous, 0) AS revenue_previous,
                       COALESCE(orders.buying_company_count, 0) AS buying_company_count,
                       COALESCE(leads.pipeline_amount, 0) AS pipeline_amount,
                       COALESCE(leads.opportunity_count, 0) AS opportunity_count
                  FROM orders FULL JOIN leads ON leads.group_id = orders.group_id
            ), passing AS (
                SELECT figures.*,
                       (figures.revenue - figures.revenue_previous) * 100.0
                           / NULLIF(figures.revenue_previous, 0) AS growth
                  FROM figures, res_company company
                 WHERE company.id = %(company)s
                   AND figures.revenue >= COALESCE(company.kam_candidate_min_revenue, 0)
                   AND figures.pipeline_amount >= COALESCE(company.kam_candidate_min_pipeline, 0)
                   AND figures.buying_company_count >= COALESCE(company.kam_candidate_min_buying, 0)
                   -- a growth minimum of 0 is no minimum; a new client (nothing before) is growing
                   AND (COALESCE(company.kam_candidate_min_growth, 0) = 0
                        OR figures.revenue_previous = 0 AND figures.revenue > 0
                        OR (figures.revenue - figures.revenue_previous) * 100.0
                           >= company.kam_candidate_min_growth * figures.revenue_previous)
            )
            SELECT passing.group_id AS id,
                   RANK() OVER (ORDER BY passing.revenue DESC, passing.pipeline_amount DESC) AS rank,
                   passing.group_id AS partner_id,
                   partner.country_id,
                   partner.user_id,
                   %(company)s AS company_id,
                   passing.revenue,
                   passing.revenue_previous,
                   passing.growth,
                   passing.pipeline_amount,
                   passing.opportunity_count,
                   companies.company_count,
                   passing.buying_company_count
              FROM passing
              JOIN res_partner partner ON partner.id = passing.group_id
              JOIN companies ON companies.group_id = passing.group_id
            """,
            company=company.id,
            year_ago=year_ago,
            two_years_ago=today - relativedelta(years=2),
            tomorrow=today + relativedelta(days=1),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # every read passes here; the candidates' query is SQL over what this transaction may change
        self._refresh_before_read()
        # and a recursive query that PostgreSQL would compile longer than it runs
        self._plan_without_jit()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _refresh_before_read(self):
        """The side effect of reading the candidates, for their truth: the figures ledger, the
        companies and the thresholds, which the query reads in SQL, are brought up to date with
        this transaction (ORM writes flushed, changed documents' ledger rows rewritten).

        A transaction that changed nothing flushes nothing and writes nothing (one plain query on
        the ledger): a read-only replica serves it.
        """
        self.env["kam.figure"]._refresh_figures()
        self.env["res.partner"].flush_model(
            ["parent_id", "is_company", "active", "key_account_id", "company_id", "country_id", "user_id"]
        )
        self.env["res.company"].flush_model(
            [
                "kam_candidate_min_revenue",
                "kam_candidate_min_pipeline",
                "kam_candidate_min_buying",
                "kam_candidate_min_growth",
            ]
        )

    @api.model
    def _plan_without_jit(self):
        """The side effect of reading the candidates, for their speed: JIT compilation is off for
        the rest of this transaction (a web request reads the list in its own).

        PostgreSQL estimates a recursive query at ten times its first step, so its cost passes the
        JIT threshold and compiling takes longer than running (18,000 companies: 110 of 200 ms).
        ``SET LOCAL`` writes nothing: a read-only replica accepts it.
        """
        self.env.cr.execute(SQL("SET LOCAL jit = off"))

    def action_flag_key_account(self):
        """Open the small wizard that makes this group a key account and assigns its KAM."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Make Key Account"),
            "res_model": "kam.candidate.flag",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.partner_id.id},
        }
