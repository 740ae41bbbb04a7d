# Benchmark (not a test): the KAM pivot on kam.account.report against Odoo's sale.report and raw SQL,
# and the KAM home dashboard's query count as the data grows.
# Run with: python3 -m workbench bench account_report --database kam_bench
# (the data set of bench_key_accounts.py must be there: run that benchmark first).
# ``env`` is given by ``odoo shell``.

from benchlib import data, measure, ratio

from odoo.tools import SQL

manager = env["res.users"].search([("login", "=", "bench_manager")])
if not manager:
    raise SystemExit("run the key_accounts benchmark first: it generates the data set")
user_env = env(user=manager.id, su=False)
# The figures ledger as a commit leaves it, analyzed: the generators (ORM and bench-data's SQL) only
# queue the documents to refresh, and each run below ends in a rollback, so without this every run
# would refresh them all again in its warm-up and measure a ledger PostgreSQL has no statistics for.
env["kam.figure"]._refresh_figures()
env.cr.commit()
env.cr.execute("ANALYZE kam_figure")
env.cr.commit()
groups = user_env["res.partner"].search([("key_account_id", "!=", False)])
data(
    f"{user_env['res.partner'].search_count([('is_key_account', '=', True)])} key accounts, "
    f"{len(groups)} companies in their groups, {env['sale.order.line'].search_count([])} order lines"
)
Report = user_env["kam.account.report"]


def pivot(groupby):
    return lambda: Report.read_group([("source", "=", "order")], ["ordered_amount:sum"], groupby, lazy=False)


ours_kam = measure(user_env, "kam.account.report read_group (KAM x month)", pivot(["user_id", "date:month"]))
ours_kam_sql = measure(
    user_env,
    "kam.account.report _read_group (KAM x month, no labels)",
    lambda: Report._read_group([("source", "=", "order")], ["user_id", "date:month"], ["ordered_amount:sum"]),
)
ours_account = measure(
    user_env, "kam.account.report read_group (key account x month)", pivot(["key_account_id", "date:month"])
)
odoo = measure(
    user_env,
    "sale.report read_group (partner x month, same partners)",
    lambda: user_env["sale.report"].read_group(
        [("partner_id", "in", groups.ids), ("state", "=", "sale")],
        ["price_subtotal:sum"],
        ["partner_id", "date:month"],
        lazy=False,
    ),
)


def sql(query):
    def run():
        env.cr.execute(SQL(query))
        return env.cr.fetchall()

    return run


# The same figures by hand: over the order lines (the rows sale.report reads) and over the orders.
raw_lines = measure(
    env,
    "hand-written SQL (order lines x KAM x month)",
    sql("""
        SELECT p.key_account_manager_id, date_trunc('month', o.date_order),
               SUM(l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1))
          FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
          JOIN res_partner p ON p.id = o.key_account_id
         WHERE o.state = 'sale' GROUP BY 1, 2"""),
)
raw_orders = measure(
    env,
    "hand-written SQL (orders x KAM x month)",
    sql("""
        SELECT p.key_account_manager_id, date_trunc('month', o.date_order), SUM(o.amount_untaxed_company)
          FROM sale_order o JOIN res_partner p ON p.id = o.key_account_id
         WHERE o.state = 'sale' GROUP BY 1, 2"""),
)

# One order changes: the next read rewrites that order's row of the ledger only.
order = env["sale.order"].search([("state", "=", "sale"), ("key_account_id", "!=", False)], limit=1)


def read_after_a_change():
    order.write({"client_order_ref": order.client_order_ref})  # no change of figures: no refresh
    env.cr.execute(
        "UPDATE sale_order SET amount_untaxed_company = amount_untaxed_company WHERE id = %s", [order.id]
    )
    env["kam.figure"]._schedule_refresh()  # a write in SQL says so, as the group roll-up does
    return pivot(["user_id", "date:month"])()


refreshed = measure(
    user_env, "same pivot after an order of one account changed (refresh)", read_after_a_change
)

ratio("sale.report / ours, key account x month", odoo / ours_account, aim=">= 2x")
ratio("sale.report / ours, KAM x month", odoo / ours_kam, aim=">= 2x")
ratio("ours (KAM x month) / hand-written SQL over the order lines", ours_kam / raw_lines, aim="<= 3x")
ratio("ours (KAM x month) / hand-written SQL over the orders", ours_kam / raw_orders)
ratio(
    "ours without Odoo's labels (_read_group) / hand-written SQL over the orders", ours_kam_sql / raw_orders
)

# The KAM home dashboard: the busiest KAM, then the manager, queries counted after a warm-up.
kam_id = (
    env["res.partner"]
    ._read_group(
        [("is_key_account", "=", True)],
        ["key_account_manager_id"],
        ["__count"],
        order="__count desc",
        limit=1,
    )[0][0]
    .id
)
for label, user_id in (
    ("KAM home dashboard (busiest KAM)", kam_id),
    ("KAM home dashboard (manager)", manager.id),
):
    dashboard_env = env(user=user_id, su=False)
    accounts = dashboard_env["res.partner"].search_count(
        [("is_key_account", "=", True), ("key_account_manager_id", "=", user_id)]
    )
    measure(
        dashboard_env, f"{label}, {accounts} own accounts", dashboard_env["kam.dashboard"].get_dashboard_data
    )
env.cr.rollback()
