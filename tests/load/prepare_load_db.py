"""Run inside ``odoo shell`` on the load database: KAM users, their accounts and plans, bookable spaces.

Writes what the locustfile and the fault run need (logins, ids) as JSON to $KAM_LOAD_SETUP.
"""

import json
import os
from datetime import date

from odoo import Command

USERS = int(os.environ.get("KAM_LOAD_USERS", "6"))
SPACES = int(os.environ.get("KAM_LOAD_SPACES", "3"))

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True))  # noqa: F821
company = env.ref("base.main_company")
groups = [
    env.ref("base.group_user"),
    env.ref("kam_key_accounts.group_kam_user"),
    env.ref("kam_mice.group_mice_user"),
]
meeting = env.ref("kam_mice.mice_event_type_meeting")
setup = {"users": [], "plans": {}, "requests": {}, "company_id": company.id}
for number in range(1, USERS + 1):
    login = f"load_kam_{number:02d}"
    user = env["res.users"].create(
        {
            "name": f"Load KAM {number:02d}",
            "login": login,
            "password": login,
            "email": f"{login}@example.com",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([group.id for group in groups])],
            "tz": "Europe/Paris",
        }
    )
    accounts = env["res.partner"].create(
        [
            {
                "name": f"Load Group {number:02d}-{index}",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": user.id,
                "kam_tier_id": env.ref("kam_key_accounts.kam_tier_key").id,
            }
            for index in range(1, 4)
        ]
    )
    plans = env["kam.account.plan"].create(
        [
            {
                "name": f"{account.name} plan",
                "partner_id": account.id,
                "market_context": "<p>Market context of the load test.</p>",
                "objective_ids": [
                    Command.create({"measure": measure, "target": 100000.0, "year": date.today().year})
                    for measure in ("ordered_revenue", "invoiced_revenue", "won_count")
                ],
            }
            for account in accounts
        ]
    )
    request = env["mice.request"].create(
        {
            "title": f"Load seminar {number:02d}",
            "partner_id": accounts[0].id,
            "user_id": user.id,
            "event_type_id": meeting.id,
            "date_start": "2031-01-01",
            "date_end": "2031-12-31",
            "attendees_expected": 20,
        }
    )
    setup["users"].append(login)
    setup["plans"][login] = plans.ids
    setup["requests"][login] = request.id

venue = env["mice.venue"].create({"name": "Load Palace", "company_id": company.id})
spaces = env["mice.space"].create(
    [
        {
            "name": f"Load Room {index}",
            "venue_id": venue.id,
            "capacity_theatre": 200,
            "setup_hours": 0.0,
            "teardown_hours": 0.0,
        }
        for index in range(1, SPACES + 1)
    ]
)
setup["spaces"] = spaces.ids
fault_space = env["mice.space"].create(
    {
        "name": "Fault Hall",
        "venue_id": venue.id,
        "capacity_theatre": 200,
        "setup_hours": 0.0,
        "teardown_hours": 0.0,
    }
)
setup["fault_space_id"] = fault_space.id
env.cr.commit()
with open(os.environ["KAM_LOAD_SETUP"], "w") as output:
    json.dump(setup, output, indent=1)
print(f"prepared {USERS} KAM users, {len(spaces)} spaces")
