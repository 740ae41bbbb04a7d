{
    "name": "MICE: Meetings, Incentives, Conferences, Events",
    "summary": "MICE requests from business clients: pipeline, venues and function spaces, "
    "bookings, per-person programmes and quotations as sale orders",
    "version": "18.0.1.0.0",
    "category": "Sales/MICE",
    "website": "https://github.com/kam-tools/kam-odoo",
    "author": "KAM Tools",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["kam_key_accounts", "sale_management", "calendar"],
    "data": [
        "security/mice_security.xml",
        "security/ir.model.access.csv",
        "data/mice_event_type_data.xml",
        "views/mice_event_type_views.xml",
        "views/mice_menus.xml",
    ],
    "demo": [],
}
