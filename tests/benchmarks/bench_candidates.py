# Benchmark (not a test): the key account candidates list against Odoo's own sales analysis.
# Run with: python3 -m workbench bench candidates --database kam_bench_cand
# The first run generates the data set below into that database (about 5 minutes on 2 cores, kept
# for later runs): 2,000 groups that are not key accounts, each with 4 subsidiaries and 4 companies
# below them (18,000 companies), 10,000 confirmed orders over 24 months and 10,000 opportunities.
# ``env`` is given by ``odoo shell``.
import random
from datetime import datetime, timedelta

from benchlib import QUIET, generate_opportunities, measure, restore_order_dates, say

from odoo import Command

GROUPS, SUBSIDIARIES_EACH, ORDERS, LEADS = 2000, 4, 10000, 10000
MARKER = "BENCH CAND"


def generate(env):
    env = env(context=dict(env.context, **QUIET))
    rng = random.Random(7)
    product = env["product.product"].create(
        {"name": f"{MARKER} service", "type": "service", "list_price": 1000.0, "taxes_id": []}
    )
    say("generating: groups, subsidiaries and their own subsidiaries")
    heads = env["res.partner"].create([{"name": f"{MARKER} {i}", "is_company": True} for i in range(GROUPS)])
    subsidiaries = env["res.partner"].create(
        [
            {"name": f"{MARKER} {i} sub {j}", "is_company": True, "parent_id": head.id}
            for i, head in enumerate(heads)
            for j in range(SUBSIDIARIES_EACH)
        ]
    )
    branches = env["res.partner"].create(
        [{"name": f"{sub.name} site", "is_company": True, "parent_id": sub.id} for sub in subsidiaries]
    )
    env.cr.commit()
    buyers = (heads | subsidiaries | branches).ids
    uom = env.ref("uom.product_uom_unit").id
    now = datetime.now()
    dates = {}
    say("generating: orders (200 a batch), confirmed")
    for start in range(0, ORDERS, 200):
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": rng.choice(buyers),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": product.name,
                                "product_uom_qty": 1,
                                "price_unit": rng.randrange(5000, 200000),
                                "product_uom": uom,
                                "tax_id": [],
                                "analytic_distribution": False,
                            }
                        )
                    ],
                }
                for _n in range(200)
            ]
        )
        orders.action_confirm()
        for order in orders:
            dates[order.id] = now - timedelta(days=rng.randrange(730), hours=rng.randrange(24))
        env.cr.commit()
        if start % 2000 == 0:
            say(f"  {start + 200} orders")
    restore_order_dates(env, dates)
    generate_opportunities(env, rng, MARKER, buyers, LEADS)
    say("data set ready")


if not env["res.partner"].search_count([("name", "=like", f"{MARKER} %")]):
    generate(env)

manager = env["res.users"].search([("login", "=", "bench_manager")]) or env["res.users"].create(
    {
        "name": "Bench Manager",
        "login": "bench_manager",
        "groups_id": [
            Command.link(env.ref("kam_key_accounts.group_kam_manager").id),
            Command.link(env.ref("sales_team.group_sale_manager").id),
        ],
    }
)
env.cr.commit()
user_env = env(user=manager.id, su=False)
Candidate = user_env["kam.candidate"]
print(
    f"data: {env['res.partner'].search_count([('name', '=like', f'{MARKER} %')])} companies, "
    f"{env['sale.order'].search_count([('state', '=', 'sale')])} confirmed orders, "
    f"{env['crm.lead'].search_count([])} opportunities; "
    f"thresholds: {user_env.company.kam_candidate_min_revenue:,.0f} revenue, "
    f"{user_env.company.kam_candidate_min_buying} buying companies"
)
spec = {
    name: {"fields": {"display_name": {}}} if Candidate._fields[name].type == "many2one" else {}
    for name in (
        "rank",
        "partner_id",
        "country_id",
        "user_id",
        "revenue",
        "revenue_previous",
        "growth",
        "pipeline_amount",
        "buying_company_count",
        "company_count",
    )
}
listing = measure(
    user_env,
    "candidates list (web_search_read, 80 rows)",
    lambda: Candidate.web_search_read([], spec, limit=80),
    runs=15,
)
print(f"  {Candidate.search_count([])} candidates")
pivot = measure(
    user_env,
    "candidates pivot by country (read_group)",
    lambda: Candidate.read_group([], ["revenue:sum", "pipeline_amount:sum"], ["country_id"], lazy=False),
    runs=15,
)
year_ago = datetime.now() - timedelta(days=365)
odoo_own = measure(
    user_env,
    "Odoo's sales analysis, customers x last 12 months (read_group)",
    lambda: user_env["sale.report"].read_group(
        [("state", "=", "sale"), ("date", ">=", year_ago)],
        ["price_subtotal:sum"],
        ["partner_id"],
        lazy=False,
        limit=80,
    ),
    runs=15,
)
print(f"candidates list / Odoo's sales analysis: {listing / odoo_own:.2f}x")
