"""Where the workbench keeps things; every location can be moved with an environment variable."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = Path(os.environ.get("KAM_LOCAL") or ROOT / ".local")
CACHE = Path(os.environ.get("KAM_CACHE") or Path.home() / ".cache" / "kam-odoo")
VENV = Path(os.environ.get("KAM_VENV") or CACHE / f"venv-py{sys.version_info[0]}{sys.version_info[1]}")
VENV_PYTHON = VENV / "bin" / "python"
ODOO_SRC_CACHE = CACHE / "odoo-18.0"
DOWNLOADS = CACHE / "downloads"

# The official source of Odoo 18.0 community, used when no ODOO_SRC is given and the cache is empty.
OFFICIAL_ODOO_ARCHIVE = "https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz"

# Our add-ons, in dependency order, and the Odoo modules the template database holds beneath them.
ADDONS = ["kam_key_accounts", "kam_mice"]
BASE_MODULES = [
    "crm",
    "sale_management",
    "sale_crm",
    "sale_margin",
    "calendar",
    "event_sale",
    "spreadsheet_dashboard",
    "board",
]
# English stays the default language (the first one loaded); French is installed beside it.
LANGUAGES = ["en_US", "fr_FR"]

RUN_DB = os.environ.get("KAM_RUN_DB", "kam_demo")
TEST_DB = os.environ.get("KAM_TEST_DB", "kam_test")
HTTP_PORT = int(os.environ.get("KAM_HTTP_PORT", "8069"))


def in_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()
