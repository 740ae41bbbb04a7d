# Benchmark (not a test): the key-account kanban and list against Odoo's own customer list.
# Run with: python3 -m workbench bench key_accounts --database kam_bench
# The first run generates the data set below into that database (about 15 minutes on 2 cores,
# kept for later runs): 2,000 key accounts, 20,000 subsidiaries, 20,000 orders of 10 lines
# (200,000 lines) over 24 months, half of them confirmed, and 20,000 opportunities.
# ``env`` is given by ``odoo shell``.
import random
from datetime import datetime, timedelta

from benchlib import QUIET, data, generate_opportunities, measure, ratio, restore_order_dates, say

from odoo import Command

KEY_ACCOUNTS, SUBSIDIARIES_EACH, ORDERS, LINES_EACH, LEADS = 2000, 10, 20000, 10, 20000
MARKER = "BENCH KA"


def generate(env):
    env = env(context=dict(env.context, **QUIET))
    rng = random.Random(42)
    say("generating: users, products")
    kams = env["res.users"].create(
        [
            {
                "name": f"{MARKER} KAM {i}",
                "login": f"bench_kam_{i}",
                "groups_id": [Command.link(env.ref("kam_key_accounts.group_kam_user").id)],
            }
            for i in range(20)
        ]
    )
    products = env["product.product"].create(
        [
            {"name": f"{MARKER} service {i}", "type": "service", "list_price": 100.0 + i * 10, "taxes_id": []}
            for i in range(20)
        ]
    )
    tiers = env["kam.tier"].search([])
    say("generating: key accounts and subsidiaries")
    parents = env["res.partner"]
    for start in range(0, KEY_ACCOUNTS, 500):
        parents |= env["res.partner"].create(
            [
                {
                    "name": f"{MARKER} {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": kams[i % 20].id,
                    "kam_tier_id": tiers[i % len(tiers)].id,
                }
                for i in range(start, start + 500)
            ]
        )
    subsidiaries = env["res.partner"]
    for start in range(0, KEY_ACCOUNTS, 100):
        subsidiaries |= env["res.partner"].create(
            [
                {
                    "name": f"{MARKER} {i} sub {j}",
                    "is_company": True,
                    "parent_id": parents[i].id,
                    "customer_rank": 1,
                }
                for i in range(start, start + 100)
                for j in range(SUBSIDIARIES_EACH)
            ]
        )
        if start % 500 == 0:
            say(f"  {len(subsidiaries)} subsidiaries")
    env.cr.commit()
    buyers = (parents | subsidiaries).ids
    uom = env.ref("uom.product_uom_unit").id
    now = datetime.now()
    dates = {}
    say("generating: orders (100 a batch)")
    for start in range(0, ORDERS, 100):
        values = []
        for _n in range(100):
            lines = []
            for _l in range(LINES_EACH):
                product = products[rng.randrange(20)]
                lines.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": product.name,
                            "product_uom_qty": rng.randint(1, 5),
                            "price_unit": product.list_price,
                            "product_uom": uom,
                            "tax_id": [],
                            "analytic_distribution": False,
                        }
                    )
                )
            values.append({"partner_id": rng.choice(buyers), "order_line": lines})
        orders = env["sale.order"].create(values)
        for order in orders:
            dates[order.id] = now - timedelta(days=rng.randrange(730), hours=rng.randrange(24))
        if start % 1000 == 0:
            env.cr.commit()
            say(f"  {start + 100} orders")
    env.cr.commit()
    say("confirming half of the orders")
    order_ids = sorted(dates)
    to_confirm = order_ids[::2]
    for start in range(0, len(to_confirm), 200):
        env["sale.order"].browse(to_confirm[start : start + 200]).action_confirm()
        env.cr.commit()
    restore_order_dates(env, dates)
    generate_opportunities(env, rng, MARKER, buyers, LEADS)
    say("data set ready")


def specification(env, model, view_type, view_id=None):
    """The fields the web client reads for a view, as web_search_read's specification."""
    views = env[model].get_views([(view_id, view_type)])
    fields = views["models"][model]["fields"]
    spec = {}
    for name, field in fields.items():
        spec[name] = {"fields": {"display_name": {}}} if field["type"] in ("many2one",) else {}
    return spec


# The data set is there at 1x, or at a larger scale (python3 -m workbench bench-data --scale 10 copies it
# SCALE times, names suffixed " [k]"): generated only when there is none at all.
existing = env["res.partner"].search_count([("name", "=like", f"{MARKER} %"), ("is_key_account", "=", True)])
if not existing:
    generate(env)
elif existing < KEY_ACCOUNTS:
    raise SystemExit(
        f"incomplete data set ({existing} of {KEY_ACCOUNTS} key accounts): drop the database and run again"
    )

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
Partner = user_env["res.partner"]
data(
    f"{Partner.search_count([('is_key_account', '=', True)])} key accounts, "
    f"{Partner.search_count([('key_account_id', '!=', False), ('is_key_account', '=', False)])} companies "
    "in their groups, "
    f"{env['sale.order.line'].search_count([])} order lines, {env['crm.lead'].search_count([])} opportunities"
)
kanban_spec = specification(
    user_env, "res.partner", "kanban", env.ref("kam_key_accounts.res_partner_view_kanban_key_account").id
)
list_spec = specification(
    user_env, "res.partner", "list", env.ref("kam_key_accounts.res_partner_view_list_key_account").id
)
customer_spec = specification(user_env, "res.partner", "list", env.ref("base.view_partner_tree").id)
key_accounts = [("is_key_account", "=", True)]
customers = [("customer_rank", ">", 0)]
kanban = measure(
    user_env,
    "key-account kanban (web_search_read, 40 cards)",
    lambda: Partner.web_search_read(key_accounts, kanban_spec, limit=40),
    runs=15,
)
listing = measure(
    user_env,
    "key-account list (web_search_read, 80 rows)",
    lambda: Partner.web_search_read(key_accounts, list_spec, limit=80),
    runs=15,
)
customer = measure(
    user_env,
    "Odoo's customer list (web_search_read, 80 rows)",
    lambda: Partner.web_search_read(customers, customer_spec, limit=80),
    runs=15,
)
ratio("key-account kanban / Odoo's customer list", kanban / customer)
ratio("key-account list / Odoo's customer list", listing / customer)
env.cr.rollback()
