# A database in use, for the uninstall test: what the demo users and an administrator would have
# made, none of it owned by the add-ons yet all of it pointing at their data (the demo spaces,
# venues, users, key accounts and products, the stages, tiers, roles and tender types).
# Run with ``odoo shell`` (which provides ``env``) on a copy of the add-ons' template database.
from datetime import datetime, timedelta

from odoo import Command, fields

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
ref = env.ref
claire, julien, sophie = (
    ref(f"kam_key_accounts.demo_user_{name}") for name in ("claire", "julien", "sophie")
)
today = fields.Date.today()
now = datetime.combine(today, datetime.min.time())

# A key account of their own, its KAM a demo user, with a team, a plan, a tender, a contract...
group = env["res.partner"].create({"name": "Used Group", "is_company": True})
subsidiary = env["res.partner"].create({"name": "Used Subsidiary", "is_company": True, "parent_id": group.id})
group.write(
    {
        "is_key_account": True,
        "key_account_manager_id": julien.id,
        "kam_tier_id": ref("kam_key_accounts.kam_tier_key").id,
        "kam_team_member_ids": [
            Command.create(
                {"user_id": claire.id, "role_id": ref("kam_key_accounts.kam_team_role_sponsor").id}
            )
        ],
    }
)
plan = (
    env["kam.account.plan"]
    .with_user(julien)
    .create(
        {"name": "Used plan", "partner_id": group.id, "date_start": today, "date_end": today + timedelta(365)}
    )
)
env["kam.plan.action"].create(
    {"plan_id": plan.id, "name": "Call", "user_id": julien.id, "date_deadline": today}
)
env["kam.stakeholder"].create(
    {"key_account_id": group.id, "partner_id": subsidiary.id, "buying_role": "decision_maker"}
)
tender = (
    env["kam.tender"]
    .with_user(julien)
    .create(
        {
            "name": "Used tender",
            "partner_id": group.id,
            "type_id": ref("kam_key_accounts.kam_tender_type_public").id,
            "submission_deadline": now + timedelta(days=20),
        }
    )
)
tender.action_start_analysis()
contract = env["kam.contract"].create(
    {
        "name": "Used framework",
        "partner_id": group.id,
        "tender_id": tender.id,
        "date_start": today - timedelta(days=30),
        "date_end": today + timedelta(days=300),
    }
)
contract.action_start()
env["kam.negotiation"].create({"name": "Used rates", "partner_id": subsidiary.id, "tender_id": tender.id})
env["kam.escalation"].create(
    {"name": "Used delay", "partner_id": subsidiary.id, "escalation_type": "delivery"}
)
# ... and records on the demo key accounts: a plan, a tender
aurelys = ref("kam_key_accounts.demo_partner_aurelys")
env["kam.account.plan"].with_user(claire).create(
    {"name": "Used plan on a demo account", "partner_id": aurelys.id}
)
env["kam.tender"].with_user(claire).create(
    {
        "name": "Used tender on a demo account",
        "partner_id": ref("kam_key_accounts.demo_partner_aurelys_france").id,
        "type_id": ref("kam_key_accounts.kam_tender_type_private").id,
        "submission_deadline": now + timedelta(days=30),
    }
)
# Objectives and pay schemes of the demo users and of a KAM an administrator made
kam = env["res.users"].create(
    {
        "name": "Used KAM",
        "login": "used_kam",
        "groups_id": [Command.link(ref("kam_key_accounts.group_kam_user").id)],
    }
)
for user in (claire, julien, kam):
    env["kam.objective"].create(
        {"user_id": user.id, "year": today.year + 1, "measure": "ordered_revenue", "target": 1000.0}
    )
for user in (sophie, kam):
    env["kam.pay.scheme"].create(
        {"user_id": user.id, "year": today.year + 1, "annual_pay": 60000.0, "variable_share": 20.0}
    )

# MICE: a request with a programme of a demo product, bookings on the demo spaces (confirmed and an
# option), a room block, a quotation confirmed as an order; an option on a demo request
request = env["mice.request"].create(
    {
        "title": "Used seminar",
        "partner_id": group.id,
        "user_id": claire.id,
        "event_type_id": ref("kam_mice.mice_event_type_meeting").id,
        "event_subtype_id": ref("kam_mice.mice_event_type_seminar").id,
        "date_start": today + timedelta(days=200),
        "date_end": today + timedelta(days=201),
        "attendees_expected": 40,
    }
)
env["mice.programme.line"].create(
    {
        "request_id": request.id,
        "date": request.date_start,
        "item_type": "meeting",
        "name": "Plenary",
        "product_id": ref("kam_mice.demo_product_day_delegate").id,
        "quantity_basis": "person",
    }
)
day = now + timedelta(days=200)
option = {"state": "option", "option_rank": "1", "option_expiry": today + timedelta(days=20)}
bookings = env["mice.booking"].create(
    [
        {
            "request_id": request.id,
            "space_id": ref("kam_mice.demo_space_ballroom").id,
            "date_start": day + timedelta(hours=9),
            "date_end": day + timedelta(hours=17),
            "attendees": 40,
            **option,
        },
        {
            "request_id": request.id,
            "space_id": ref("kam_mice.demo_space_rhone").id,
            "date_start": day + timedelta(days=1, hours=9),
            "date_end": day + timedelta(days=1, hours=12),
            "attendees": 20,
            **option,
        },
    ]
)
bookings[0].action_confirm()
env["mice.room.block"].create(
    {
        "request_id": request.id,
        "venue_id": ref("kam_mice.demo_venue_palais").id,
        "date_from": request.date_start,
        "nights": 1,
        "rooms_per_night": 20,
        "release_date": request.date_start - timedelta(days=30),
    }
)
request.action_build_quotation()
request.action_confirm()
seminar = ref("kam_mice.demo_request_seminar")
env["mice.booking"].create(
    {
        "request_id": seminar.id,
        "space_id": ref("kam_mice.demo_space_lac_panorama").id,
        "date_start": datetime.combine(seminar.date_start, datetime.min.time()) + timedelta(hours=9),
        "date_end": datetime.combine(seminar.date_start, datetime.min.time()) + timedelta(hours=12),
        "attendees": 30,
        **option,
    }
)
env.cr.commit()
print("USED DATABASE READY")
