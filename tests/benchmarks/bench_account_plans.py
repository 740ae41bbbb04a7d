# Benchmark (not a test): actuals of 500 account plans x 10 objectives against one sale.report read_group.
# Run with: python3 -m workbench bench account_plans --database kam_bench
# (the data set of bench_key_accounts.py must be there: run that benchmark first).
# ``env`` is given by ``odoo shell``.
from datetime import date

from benchlib import data, measure, ratio

from odoo import Command

MARKER = "BENCH KA"
PLANS = 500
MEASURES = ["ordered_revenue", "invoiced_revenue", "won_count", "pipeline_weighted", "new_products"]


year = date.today().year
plans = env["kam.account.plan"].search([("name", "=like", f"{MARKER} plan %")])
# the first PLANS key accounts of the set by id: the same ones whatever its scale (bench-data --scale)
accounts = plans.partner_id or env["res.partner"].search(
    [("name", "=like", f"{MARKER} %"), ("is_key_account", "=", True)], order="id", limit=PLANS
)
if len(accounts) < PLANS:
    raise SystemExit("run the key_accounts benchmark first: it generates the data set")
if not plans:
    plans = (
        env["kam.account.plan"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "name": f"{MARKER} plan {i}",
                    "partner_id": account.id,
                    "date_start": date(year - 1, 1, 1),
                    "date_end": date(year, 12, 31),
                    "objective_ids": [
                        Command.create({"measure": m, "year": y, "target": 1000.0})
                        for m in MEASURES
                        for y in (year - 1, year)
                    ],
                }
                for i, account in enumerate(accounts)
            ]
        )
    )
    env.cr.commit()
manager = env["res.users"].search([("login", "=", "bench_manager")])
user_env = env(user=manager.id, su=False)
objectives = user_env["kam.plan.objective"].search([("plan_id", "in", plans.ids)])
groups = user_env["res.partner"].search([("key_account_id", "in", accounts.ids)])
data(
    f"{len(plans)} plans, {len(objectives)} objectives, {len(groups)} companies in their groups, "
    f"{env['sale.order.line'].search_count([])} order lines"
)
ours = measure(
    user_env,
    "actuals of every objective (kam.plan.objective.actual)",
    lambda: user_env["kam.plan.objective"].browse(objectives.ids).mapped("actual"),
)
odoo = measure(
    user_env,
    "one sale.report read_group over the same partners",
    lambda: user_env["sale.report"].read_group(
        [("partner_id", "in", groups.ids), ("state", "=", "sale")],
        ["price_subtotal:sum"],
        ["partner_id"],
        lazy=False,
    ),
)
ratio("objective actuals / one sale.report read_group", ours / odoo)
env.cr.rollback()
