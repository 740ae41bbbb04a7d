"""Both add-ons install on a fresh database, uninstall cleanly, and upgrade twice as a no-op.

Each test works on its own copy of the template databases the test command made, through the
real ``odoo`` command line, and reads the result back with SQL.
"""

import os
import re
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from xml.etree import ElementTree

import psycopg2
import pytest

from conftest import ADDONS, ROOT

LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.M)
# What users make on a database in use, run in ``odoo shell`` before the uninstall test
USE_DATABASE = ROOT / "tests" / "shell" / "use_database.py"


class Databases:
    def __init__(self, config_path, options):
        self.config_path = config_path
        self.options = options
        self.created = []

    def connect(self, dbname="postgres"):
        params = {"dbname": dbname, "user": self.options["db_user"], "port": self.options["db_port"]}
        if self.options.get("db_host", "False") != "False":
            params["host"] = self.options["db_host"]
        if self.options.get("db_password", "False") != "False":
            params["password"] = self.options["db_password"]
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        return conn

    def copy(self, template, name):
        with closing(self.connect()) as conn, conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        filestore = Path(self.options["data_dir"]) / "filestore"
        shutil.rmtree(filestore / name, ignore_errors=True)
        if (filestore / template).is_dir():
            shutil.copytree(filestore / template, filestore / name)
        self.created.append(name)
        return name

    def drop_created(self):
        with closing(self.connect()) as conn, conn.cursor() as cr:
            for name in self.created:
                cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                shutil.rmtree(Path(self.options["data_dir"]) / "filestore" / name, ignore_errors=True)

    def odoo(self, db, *args, subcommand="server", stdin=None):
        result = subprocess.run(
            [sys.executable, "-m", "odoo", subcommand, "-c", str(self.config_path), "-d", db, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        return output

    def query(self, db, sql, params=()):
        with closing(self.connect(db)) as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()


@pytest.fixture
def databases(odoo_config):
    helper = Databases(*odoo_config)
    yield helper
    helper.drop_created()


def _template(variable):
    name = os.environ.get(variable)
    if not name:
        pytest.fail(f"{variable} is not set: run these tests through the test command (make test)")
    return name


def _problems(output):
    return [line for line in output.splitlines() if LOG_PROBLEM.match(line)]


def test_install_on_fresh_database_logs_no_warning(databases):
    db = databases.copy(_template("KAM_BASE_TEMPLATE_DB"), "kam_check_install")
    output = databases.odoo(db, "-i", ",".join(ADDONS), "--stop-after-init", "--http-port", "0")
    assert not _problems(output), _problems(output)
    states = dict(
        databases.query(db, "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", (ADDONS,))
    )
    assert states == {name: "installed" for name in ADDONS}


def _demo_people():
    """The logins of the users and the names of the partners our demo data creates."""
    logins, names = set(), set()
    for path in sorted(ROOT.glob("kam_*/demo/*.xml")):
        for record in ElementTree.parse(path).iter("record"):
            if record.get("model") not in ("res.users", "res.partner"):
                continue
            values = {field.get("name"): (field.text or "").strip() for field in record.iter("field")}
            names.add(values["name"])
            if record.get("model") == "res.users":
                logins.add(values["login"])
    return logins, names


def test_uninstall_leaves_nothing_behind(databases):
    """On a database in use (records users made on the add-ons' demo and master data), uninstalling
    both add-ons logs no WARNING or ERROR and removes all they created, demo users included."""
    db = databases.copy(_template("KAM_TEMPLATE_DB"), "kam_check_uninstall")
    output = databases.odoo(db, "--no-http", subcommand="shell", stdin=USE_DATABASE.read_text())
    assert "USED DATABASE READY" in output, output[-3000:]
    # records nobody's data owns, in our tables, on our demo spaces, accounts and users
    used = databases.query(
        db,
        "SELECT (SELECT count(*) FROM mice_booking b WHERE NOT EXISTS ("
        "           SELECT 1 FROM ir_model_data d WHERE d.model = 'mice.booking' AND d.res_id = b.id)),"
        "       (SELECT count(*) FROM res_partner p JOIN res_users u ON u.id = p.key_account_manager_id"
        "         WHERE p.name = 'Used Group' AND u.login = 'julien')",
    )
    assert used == [(3, 1)], used
    script = (
        f"modules = env['ir.module.module'].search([('name', 'in', {ADDONS!r})])\n"
        "modules.button_immediate_uninstall()\n"
        "env.cr.commit()\n"
    )
    output = databases.odoo(db, "--no-http", subcommand="shell", stdin=script)
    assert not _problems(output), _problems(output)
    states = dict(
        databases.query(db, "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", (ADDONS,))
    )
    assert states == {name: "uninstalled" for name in ADDONS}
    assert databases.query(db, "SELECT count(*) FROM ir_model_data WHERE module = ANY(%s)", (ADDONS,)) == [
        (0,)
    ]
    leftovers = databases.query(
        db, "SELECT model FROM ir_model WHERE model LIKE 'kam.%%' OR model LIKE 'mice.%%'"
    )
    assert leftovers == []
    tables = databases.query(
        db,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND (table_name LIKE 'kam\\_%%' OR table_name LIKE 'mice\\_%%')",
    )
    assert tables == []
    columns = databases.query(
        db,
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND (column_name LIKE 'kam\\_%%' OR column_name LIKE 'mice\\_%%' "
        "OR column_name IN ('key_account_id', 'is_key_account', 'key_account_manager_id'))",
    )
    assert columns == []
    logins, names = _demo_people()
    assert {"claire", "julien", "sophie", "lea", "marc"} <= logins
    users = databases.query(db, "SELECT login FROM res_users WHERE login = ANY(%s)", (sorted(logins),))
    assert users == [], "demo users left behind"
    partners = databases.query(db, "SELECT name FROM res_partner WHERE name = ANY(%s)", (sorted(names),))
    assert partners == [], "demo partners left behind"
    # what users made stays: their own user and key account, and their order with its products
    # (kept, archived, owned by no add-on any more): the demo day-delegate package, and the F&B
    # minimum shortfall product (the ballroom's minimum is not met by the order)
    kept = databases.query(
        db,
        "SELECT (SELECT count(*) FROM res_users WHERE login = 'used_kam'),"
        "       (SELECT count(*) FROM res_partner WHERE name IN ('Used Group', 'Used Subsidiary')),"
        "       (SELECT count(*) FROM sale_order_line l JOIN product_product p ON p.id = l.product_id"
        "         JOIN sale_order o ON o.id = l.order_id WHERE o.state = 'sale' AND NOT p.active)",
    )
    assert kept == [(1, 2, 2)], kept


def _snapshot(databases, db):
    """What an upgrade could change: our records, views, fields, rules and menus."""
    return {
        "data": databases.query(
            db,
            "SELECT module, name, model, res_id FROM ir_model_data WHERE module = ANY(%s) ORDER BY 1, 2",
            (ADDONS,),
        ),
        "views": databases.query(
            db,
            "SELECT v.id, v.arch_db::text FROM ir_ui_view v JOIN ir_model_data d "
            "ON d.model = 'ir.ui.view' AND d.res_id = v.id WHERE d.module = ANY(%s) ORDER BY 1",
            (ADDONS,),
        ),
        "fields": databases.query(
            db,
            "SELECT model, name, ttype FROM ir_model_fields "
            "WHERE model LIKE 'kam.%%' OR model LIKE 'mice.%%' ORDER BY 1, 2",
        ),
        "rules": databases.query(db, "SELECT name, domain_force FROM ir_rule ORDER BY id"),
        "menus": databases.query(db, "SELECT id, parent_path FROM ir_ui_menu ORDER BY id"),
    }


def test_upgrading_twice_is_a_no_op(databases):
    db = databases.copy(_template("KAM_TEMPLATE_DB"), "kam_check_upgrade")
    upgrade = ("-u", ",".join(ADDONS), "--stop-after-init")
    first = databases.odoo(db, *upgrade, "--http-port", "0")
    assert not _problems(first), _problems(first)
    before = _snapshot(databases, db)
    second = databases.odoo(db, *upgrade, "--http-port", "0")
    assert not _problems(second), _problems(second)
    after = _snapshot(databases, db)
    assert before["data"], "the add-ons own no data: the snapshot would prove nothing"
    for key in before:
        assert before[key] == after[key], f"the second upgrade changed {key}"
