# Benchmark (not a test): the KAM pivot on kam.account.report against Odoo's sale.report and raw SQL.
# Run with: python3 -m workbench bench account_report --database kam_bench
# (the data set of bench_key_accounts.py must be there: run that benchmark first).
# ``env`` is given by ``odoo shell``.

from benchlib import measure

from odoo.tools import SQL

manager = env["res.users"].search([("login", "=", "bench_manager")])
if not manager:
    raise SystemExit("run the key_accounts benchmark first: it generates the data set")
user_env = env(user=manager.id, su=False)
groups = user_env["res.partner"].search([("key_account_id", "!=", False)])
print(
    f"data: {user_env['res.partner'].search_count([('is_key_account', '=', True)])} key accounts, "
    f"{len(groups)} companies in their groups, {env['sale.order.line'].search_count([])} order lines"
)
ours = measure(
    user_env,
    "kam.account.report read_group (KAM x month, ordered revenue)",
    lambda: user_env["kam.account.report"].read_group(
        [("source", "=", "order")], ["ordered_amount:sum"], ["user_id", "date:month"], lazy=False
    ),
)
ours_account = measure(
    user_env,
    "kam.account.report read_group (key account x month)",
    lambda: user_env["kam.account.report"].read_group(
        [("source", "=", "order")], ["ordered_amount:sum"], ["key_account_id", "date:month"], lazy=False
    ),
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


def raw_sql():
    env.cr.execute(
        SQL("""
        SELECT p.key_account_manager_id, date_trunc('month', o.date_order), SUM(o.amount_untaxed_company)
          FROM sale_order o JOIN res_partner p ON p.id = o.key_account_id
         WHERE o.state = 'sale' GROUP BY 1, 2""")
    )
    return env.cr.fetchall()


raw = measure(env, "hand-written SQL (orders x KAM x month)", raw_sql)
print(f"ratios: sale.report / ours {odoo / ours:.1f}x (aim >= 2x), ours / SQL {ours / raw:.1f}x (aim <= 3x)")
env.cr.rollback()
