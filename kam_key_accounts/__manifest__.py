{
    "name": "Key Account Management",
    "summary": "Key accounts, account teams, group roll-up, account business plans, tenders and "
    "framework contracts on top of CRM and Sales",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/kam-tools/kam-odoo",
    "author": "KAM Tools",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["crm", "sale_management"],
    "data": [
        "security/kam_security.xml",
        "security/ir.model.access.csv",
        "data/kam_tier_data.xml",
        "views/kam_tier_views.xml",
        "views/kam_menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": ["kam_key_accounts/static/src/tours/*.js"],
    },
}
