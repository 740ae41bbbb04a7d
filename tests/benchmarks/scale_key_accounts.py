# Benchmark data (not a benchmark): bench_key_accounts.py's data set at SCALE times its size, in SQL.
# Run with: python3 -m workbench bench-data --scale 10
# (copies kam_bench into kam_bench_10x, then runs this script there in ``odoo shell`` with
# KAM_BENCH_SCALE=10; kam_bench must hold the 1x data set: run the key_accounts benchmark first).
#
# Why SQL and not the ORM: bench_key_accounts.py creates 200,000 order lines at ~235 lines/s (about
# 15 minutes with the confirmations); 1,800,000 more would take over two hours of line creates
# alone, plus ~25 minutes of confirmations. INSERT ... SELECT copies the rows as they are instead.
#
# What it does: SCALE - 1 more copies of every key account of the set (``BENCH KA ...``) with its
# subsidiaries, of their orders with their lines, and of their opportunities, in one transaction.
# Every column of every row is copied (the column lists come from information_schema, so new
# columns are copied too); only ids and the foreign keys into the copied rows change: copy k of a
# subsidiary has copy k of its key account as parent, commercial partner and key account, copy k
# of an order belongs to copy k of its customer, and so on. Names get " [k]" (orders: the next
# numbers of the sale.order sequence), access tokens are cleared. The many2many rows of the copied
# records are copied too; followers and chatter are not. The new ids come from the tables' own
# sequences, so they stay above the max ids. Then the key account analysis refreshes the new
# accounts' figures (the triggers noted them), the tables are analyzed, and the ir.config_parameter
# ``kam_bench.scale`` records the scale: a second run does nothing.
# ``env`` is given by ``odoo shell``.
import os
import time

from benchlib import data, say

from odoo.tools import SQL

SCALE = int(os.environ.get("KAM_BENCH_SCALE") or 10)
MARKER = "BENCH KA"  # bench_key_accounts.py's
KEY_ACCOUNTS = 2000  # bench_key_accounts.py's, at 1x
PARAMETER = "kam_bench.scale"
cr = env.cr


def key_accounts_query():
    return SQL("SELECT id FROM res_partner WHERE is_key_account AND name LIKE %s", f"{MARKER} %")


def map_table(table):
    return SQL.identifier(f"_kam_copy_{table}")


def sequence_name_of_orders():
    """How copies of sale orders are named: (SQL over ``cp``, extra map columns)."""
    company = env.company
    sequence = env["ir.sequence"].search(
        [("code", "=", "sale.order"), ("company_id", "in", [company.id, False])], order="company_id", limit=1
    )
    if sequence.implementation != "standard" or sequence.use_date_range:
        return SQL("src.name || '-' || cp.k"), {}
    prefix, suffix = sequence._get_prefix_suffix()
    number = SQL("cp.number::text")
    name = SQL(
        "%s || lpad(%s, greatest(%s, length(%s)), '0') || %s",
        prefix,
        number,
        sequence.padding,
        number,
        suffix,
    )
    return name, {"number": SQL("nextval(%s)", f"ir_sequence_{sequence.id:03d}")}


def suffixed(column):
    return SQL("%s || ' [' || cp.k || ']'", SQL.identifier("src", column))


order_name, order_map_columns = sequence_name_of_orders()
# What is copied, in this order: the table, its rows (SQL over ``src``; may use the maps of the
# tables before it), the columns set otherwise than copied or remapped (SQL over ``src`` and ``cp``,
# the copy's map row: old_id, k, new_id and the extra columns), extra columns of the map.
COPIES = [
    {
        "table": "res_partner",
        "rows": SQL("src.key_account_id IN (%s)", key_accounts_query()),
        "set": {
            "name": suffixed("name"),
            "complete_name": suffixed("complete_name"),
            "commercial_company_name": suffixed("commercial_company_name"),
        },
    },
    {
        "table": "crm_lead",
        "rows": SQL("src.partner_id IN (SELECT old_id FROM %s)", map_table("res_partner")),
        "set": {"name": suffixed("name")},
    },
    {
        "table": "sale_order",
        "rows": SQL("src.partner_id IN (SELECT old_id FROM %s)", map_table("res_partner")),
        "set": {"name": order_name, "access_token": SQL("NULL")},
        "map_columns": order_map_columns,
    },
    {
        "table": "sale_order_line",
        "rows": SQL("src.order_id IN (SELECT old_id FROM %s)", map_table("sale_order")),
        "set": {},
    },
]
COPIED = {copy["table"] for copy in COPIES}


def columns(table):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'
         ORDER BY ordinal_position
        """,
        [table],
    )
    return [name for (name,) in cr.fetchall()]


def foreign_keys(table):
    """{column: referenced table} of the table's single-column foreign keys."""
    cr.execute(
        """
        SELECT attribute.attname, referenced.relname
          FROM pg_constraint fk
          JOIN pg_attribute attribute ON attribute.attrelid = fk.conrelid AND attribute.attnum = fk.conkey[1]
          JOIN pg_class referenced ON referenced.oid = fk.confrelid
         WHERE fk.contype = 'f' AND fk.conrelid = %s::regclass AND cardinality(fk.conkey) = 1
        """,
        [table],
    )
    return dict(cr.fetchall())


def build_map(copy):
    """old id, copy number k (2..SCALE) and new id of every row to copy, new ids in (k, old id) order."""
    table = copy["table"]
    extra = copy.get("map_columns", {})
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE %(map)s ON COMMIT DROP AS
            SELECT src.id AS old_id, k, nextval(pg_get_serial_sequence(%(name)s, 'id')) AS new_id %(extra)s
              FROM %(table)s AS src CROSS JOIN generate_series(2, %(scale)s) AS k
             WHERE %(rows)s
             ORDER BY k, src.id;
            CREATE UNIQUE INDEX ON %(map)s (old_id, k);
            ANALYZE %(map)s;
            """,
            map=map_table(table),
            name=table,
            table=SQL.identifier(table),
            scale=SCALE,
            rows=copy["rows"],
            extra=SQL("").join(SQL(", %s AS %s", value, SQL.identifier(key)) for key, value in extra.items()),
        )
    )
    cr.execute(SQL("SELECT count(*) FROM %s", map_table(table)))
    return cr.fetchone()[0]


def copy_rows(copy):
    """INSERT ... SELECT the copies of the table's rows, foreign keys into copied rows remapped."""
    table = copy["table"]
    names = columns(table)
    references = foreign_keys(table)
    joins, values = [], []
    for column in names:
        if column == "id":
            values.append(SQL("cp.new_id"))
        elif column in copy["set"]:
            values.append(copy["set"][column])
        elif references.get(column) in COPIED and has_values(copy, column):
            alias = SQL.identifier(f"m_{column}")
            joins.append(
                SQL(
                    "LEFT JOIN %s AS %s ON %s.old_id = src.%s AND %s.k = cp.k",
                    map_table(references[column]),
                    alias,
                    alias,
                    SQL.identifier(column),
                    alias,
                )
            )
            values.append(SQL("COALESCE(%s.new_id, src.%s)", alias, SQL.identifier(column)))
        else:
            values.append(SQL.identifier("src", column))
    cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s)
            SELECT %(values)s
              FROM %(map)s AS cp JOIN %(table)s AS src ON src.id = cp.old_id %(joins)s
             ORDER BY cp.new_id
            """,
            table=SQL.identifier(table),
            columns=SQL(", ").join(map(SQL.identifier, names)),
            values=SQL(", ").join(values),
            map=map_table(table),
            joins=SQL(" ").join(joins),
        )
    )
    return cr.rowcount


def has_values(copy, column):
    cr.execute(
        SQL(
            "SELECT EXISTS (SELECT 1 FROM %s AS src WHERE %s AND src.%s IS NOT NULL)",
            SQL.identifier(copy["table"]),
            copy["rows"],
            SQL.identifier(column),
        )
    )
    return cr.fetchone()[0]


def copy_relations():
    """The many2many rows of the copied records (their own side remapped, the other side too when
    it is a copied table); returns {relation table: rows}."""
    models = {model._table: model for model in env.registry.values() if not model._abstract and model._auto}
    copied = {}
    for table in COPIED:
        for field in models[table]._fields.values():
            if field.type != "many2many" or not field.store or field.relation in copied:
                continue
            other = env[field.comodel_name]._table
            other_value = SQL.identifier("rel", field.column2)
            join = SQL("")
            if other in COPIED:
                join = SQL(
                    "LEFT JOIN %s AS other ON other.old_id = rel.%s AND other.k = cp.k",
                    map_table(other),
                    SQL.identifier(field.column2),
                )
                other_value = SQL("COALESCE(other.new_id, %s)", other_value)
            cr.execute(
                SQL(
                    """
                    INSERT INTO %(relation)s (%(column1)s, %(column2)s)
                    SELECT cp.new_id, %(other_value)s
                      FROM %(relation)s AS rel JOIN %(map)s AS cp ON cp.old_id = rel.%(column1)s %(join)s
                    ON CONFLICT DO NOTHING
                    """,
                    relation=SQL.identifier(field.relation),
                    column1=SQL.identifier(field.column1),
                    column2=SQL.identifier(field.column2),
                    other_value=other_value,
                    map=map_table(table),
                    join=join,
                )
            )
            copied[field.relation] = cr.rowcount
    return copied


def report():
    Partner = env["res.partner"]
    key_accounts = Partner.search_count([("name", "=like", f"{MARKER} %"), ("is_key_account", "=", True)])
    data(
        f"{key_accounts} key accounts of the set ({key_accounts / KEY_ACCOUNTS:.0f}x), "
        f"{Partner.search_count([('key_account_id', '!=', False), ('is_key_account', '=', False)])} "
        f"companies in their groups, {env['sale.order'].search_count([])} orders, "
        f"{env['sale.order.line'].search_count([])} order lines, "
        f"{env['crm.lead'].with_context(active_test=False).search_count([])} leads"
    )


ICP = env["ir.config_parameter"].sudo()
scaled = ICP.get_param(PARAMETER)
if scaled:
    if int(scaled) != SCALE:
        raise SystemExit(f"this database is already at {scaled}x: scale a copy of the 1x database instead")
    say(f"the data set is already at {SCALE}x")
    report()
    raise SystemExit(0)
cr.execute(SQL("SELECT count(*) FROM (%s) AS accounts", key_accounts_query()))
if cr.fetchone()[0] < KEY_ACCOUNTS:
    raise SystemExit("run the key_accounts benchmark first: it generates the 1x data set")
if SCALE < 2:
    raise SystemExit("KAM_BENCH_SCALE must be 2 or more")

start = time.monotonic()
cr.execute("SET LOCAL work_mem = '256MB'")
for copy in COPIES:
    rows = build_map(copy)
    say(f"{copy['table']}: {rows} copies to make ({SCALE - 1} of each row)")
for copy in COPIES:
    step_start = time.monotonic()
    rows = copy_rows(copy)
    say(f"{copy['table']}: {rows} rows copied in {time.monotonic() - step_start:.0f} s")
for relation, rows in copy_relations().items():
    if rows:
        say(f"{relation}: {rows} rows copied")
for copy in COPIES:
    # the new ids came from these sequences already: this only guards against rows added meanwhile
    cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [copy["table"]])
    sequence = SQL(cr.fetchone()[0])  # a name from the catalog, qualified and quoted as needed
    cr.execute(
        SQL(
            "SELECT setval('%s', GREATEST((SELECT max(id) FROM %s), (SELECT last_value FROM %s)))",
            sequence,
            SQL.identifier(copy["table"]),
            sequence,
        )
    )
step_start = time.monotonic()
env["kam.account.report"]._refresh_figures()  # the triggers noted every new key account
say(f"key account analysis refreshed in {time.monotonic() - step_start:.0f} s")
ICP.set_param(PARAMETER, str(SCALE))
env.cr.commit()
step_start = time.monotonic()
for table in [*COPIED, "kam_account_report_figure"]:
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
env.cr.commit()
say(f"tables analyzed in {time.monotonic() - step_start:.0f} s")
say(f"data set at {SCALE}x in {(time.monotonic() - start) / 60:.1f} min")
report()
