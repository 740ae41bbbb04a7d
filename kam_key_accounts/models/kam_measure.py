from datetime import date, datetime, time

from odoo import api, fields, models
from odoo.tools import SQL


class KamMeasure(models.AbstractModel):
    """The measures that plan objectives and KAM objectives are computed from.

    Each measure is a method ``_measure_<key>(account_ids, date_from, date_to)`` returning
    ``{key account id: value}`` for whole groups (subsidiaries included), in the current company's
    currency, from Odoo's own records and in bulk: one query for all the accounts. ``date_from``
    and ``date_to`` (exclusive) may be None for "no bound". Other add-ons add measures by
    extending ``_selection_measure`` and defining the matching ``_measure_<key>`` method.
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
            ("new_products", self.env._("New Products Sold")),
            ("qualitative", self.env._("Qualitative (Entered by Hand)")),
        ]

    @api.model
    def _count_measures(self):
        """The measures that count things (the others are amounts in the company's currency)."""
        return {"won_count", "lost_count", "new_products", "qualitative"}

    @api.model
    def _compute_measure(self, measure, account_ids, date_from=None, date_to=None):
        """``{key account id: value}`` of ``measure`` between the dates, for these key accounts."""
        method = getattr(self, f"_measure_{measure}", None)
        if not account_ids or method is None:
            return {}
        return method(list(account_ids), date_from, date_to)

    # ------------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------------
    @api.model
    def _period_domain(self, field_name, date_from, date_to, *, is_datetime=False):
        bounds = []
        for operator, value in ((">=", date_from), ("<", date_to)):
            if value:
                bounds.append(
                    (field_name, operator, datetime.combine(value, time.min) if is_datetime else value)
                )
        return bounds

    @api.model
    def _sum_by_account(self, model, domain, aggregate, *, currency_field="company_id"):
        """Sum ``aggregate`` per key account, converting each company's (or currency's) bucket once."""
        target = self.env.company
        today = fields.Date.context_today(self)
        result = {}
        for account, grouper, amount in self.env[model]._read_group(
            domain, ["key_account_id", currency_field], [aggregate]
        ):
            currency = grouper.currency_id if currency_field == "company_id" else grouper
            if amount and currency and currency != target.currency_id:
                amount = currency._convert(amount, target.currency_id, target, today)
            result[account.id] = result.get(account.id, 0.0) + (amount or 0.0)
        return result

    @api.model
    def _count_by_account(self, model, domain):
        return {
            account.id: count
            for account, count in self.env[model]._read_group(domain, ["key_account_id"], ["__count"])
        }

    # ------------------------------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------------------------------
    def _measure_ordered_revenue(self, account_ids, date_from, date_to):
        domain = [
            ("key_account_id", "in", account_ids),
            ("state", "=", "sale"),
            *self._period_domain("date_order", date_from, date_to, is_datetime=True),
        ]
        return self._sum_by_account("sale.order", domain, "amount_untaxed_company:sum")

    def _measure_invoiced_revenue(self, account_ids, date_from, date_to):
        domain = [
            ("key_account_id", "in", account_ids),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            *self._period_domain("invoice_date", date_from, date_to),
        ]
        return self._sum_by_account("account.move", domain, "amount_untaxed_signed:sum")

    def _measure_margin(self, account_ids, date_from, date_to):
        if "margin" not in self.env["sale.order"]._fields:  # sale_margin not installed
            return {}
        domain = [
            ("key_account_id", "in", account_ids),
            ("state", "=", "sale"),
            *self._period_domain("date_order", date_from, date_to, is_datetime=True),
        ]
        # margin is in the order's currency: bucket by currency and convert at today's rate
        return self._sum_by_account("sale.order", domain, "margin:sum", currency_field="currency_id")

    def _won_domain(self, account_ids, date_from, date_to):
        return [
            ("key_account_id", "in", account_ids),
            ("type", "=", "opportunity"),
            ("stage_id.is_won", "=", True),
            *self._period_domain("date_closed", date_from, date_to, is_datetime=True),
        ]

    def _measure_won_count(self, account_ids, date_from, date_to):
        return self._count_by_account("crm.lead", self._won_domain(account_ids, date_from, date_to))

    def _measure_won_amount(self, account_ids, date_from, date_to):
        return self._sum_by_account(
            "crm.lead", self._won_domain(account_ids, date_from, date_to), "expected_revenue:sum"
        )

    def _measure_lost_count(self, account_ids, date_from, date_to):
        domain = [
            ("key_account_id", "in", account_ids),
            ("type", "=", "opportunity"),
            ("active", "=", False),
            ("probability", "=", 0),
            *self._period_domain("date_closed", date_from, date_to, is_datetime=True),
        ]
        return self._count_by_account("crm.lead", domain)

    def _pipeline_domain(self, account_ids, date_from, date_to):
        """Open opportunities expected to close in the period; undated ones count in the current one."""
        domain = [
            ("key_account_id", "in", account_ids),
            ("type", "=", "opportunity"),
            ("stage_id.is_won", "=", False),
        ]
        period = self._period_domain("date_deadline", date_from, date_to)
        if not period:
            return domain
        today = fields.Date.context_today(self)
        if (not date_from or date_from <= today) and (not date_to or today < date_to):
            return [*domain, "|", ("date_deadline", "=", False), *(["&"] * (len(period) - 1)), *period]
        return [*domain, *period]

    def _measure_pipeline_amount(self, account_ids, date_from, date_to):
        return self._sum_by_account(
            "crm.lead", self._pipeline_domain(account_ids, date_from, date_to), "expected_revenue:sum"
        )

    def _measure_pipeline_weighted(self, account_ids, date_from, date_to):
        return self._sum_by_account(
            "crm.lead", self._pipeline_domain(account_ids, date_from, date_to), "prorated_revenue:sum"
        )

    def _measure_new_products(self, account_ids, date_from, date_to):
        """Products first sold to the group within the period (never sold to it before)."""
        self.env["sale.order"].flush_model(["key_account_id", "state", "date_order", "company_id"])
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT key_account_id, count(*)
                  FROM (SELECT o.key_account_id, l.product_id, min(o.date_order) AS first_sold
                          FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
                         WHERE o.key_account_id = ANY(%(accounts)s) AND o.state = 'sale'
                           AND o.company_id = ANY(%(companies)s) AND l.product_id IS NOT NULL
                         GROUP BY o.key_account_id, l.product_id) AS firsts
                 WHERE (%(date_from)s::timestamp IS NULL OR first_sold >= %(date_from)s::timestamp)
                   AND (%(date_to)s::timestamp IS NULL OR first_sold < %(date_to)s::timestamp)
                 GROUP BY key_account_id
                """,
                accounts=account_ids,
                companies=self.env.companies.ids,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _year_bounds(self, year):
        return date(year, 1, 1), date(year + 1, 1, 1)
