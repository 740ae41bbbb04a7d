"""Every benchmark script, then docs/benchmarks.md written from what they printed.

The scripts (tests/benchmarks/bench_*.py) run in ``odoo shell`` and print their figures through
tests/benchmarks/benchlib.py, which adds a ``BENCH-JSON {...}`` line to each human one: this module
collects those lines, so the report is generated, never typed.

A database that exists is used as it is: the benchmark data sets take long to build and may belong
to another checkout's cluster (``KAM_LOCAL``), so it is neither updated nor rebuilt here. A missing
one is copied from the template the main database was made from, else from the add-ons' template.
"""

import datetime
import json
import os
import platform
import re
import subprocess
from contextlib import closing

from .console import Timer, WorkbenchError, info, step
from .paths import ADDONS, LOCAL, ROOT

BENCH_DIR = ROOT / "tests" / "benchmarks"
REPORT = ROOT / "docs" / "benchmarks.md"
MARKER = "BENCH-JSON "
# generates the data set the others read: first
FIRST = "key_accounts"
# scripts that write data sets of their own (100,000 bookings; 18,000 candidate companies): kept out
# of the main benchmark database
OWN_DATABASE = {"mice_bookings": "_mice", "candidates": "_cand"}
TIME_PREFIX = re.compile(r"^\[\d\d:\d\d:\d\d\] ")
# the key-account data set at a larger scale (``--scale``): made in SQL from the 1x one by this script,
# into DATABASE_<scale>x, where the benchmarks that read that data set run again
SCALE_SCRIPT = BENCH_DIR / "scale_key_accounts.py"
SCALED = ("key_accounts", "account_plans", "account_report")
NUMBER = re.compile(r"(\d[\d,.]*)")


def scripts():
    names = sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))
    return sorted(names, key=lambda name: name != FIRST)


def run_script(odoo, config, database, name, *, capture=False, script=None, extra_env=None):
    """Run bench_NAME.py (or ``script``) in ``odoo shell`` on ``database``: (exit code, output lines)."""
    script = script or BENCH_DIR / f"bench_{name}.py"
    if not script.is_file():
        raise WorkbenchError(f"no benchmark {script}")
    # the scripts share tests/benchmarks/benchlib.py
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
        **(extra_env or {}),
    )
    cmd = odoo.command(config, "shell", "-d", database, "--no-http", "--log-level", "warn")
    lines = []
    with (
        script.open() as stdin,
        subprocess.Popen(
            cmd,
            stdin=stdin,
            stdout=subprocess.PIPE if capture else None,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
        ) as process,
    ):
        if capture:
            for line in process.stdout:
                lines.append(line.rstrip("\n"))
                if not line.startswith(MARKER):
                    print(f"    {line.rstrip()}", flush=True)
    return process.returncode, lines


def _stamped_template(odoo, database):
    """The template ``database`` (or the main benchmark database) was made from, if it still exists."""
    for stamp_name in (database, *(database.removesuffix(suffix) for suffix in OWN_DATABASE.values())):
        stamp = LOCAL / f"{stamp_name}.template"
        if stamp.is_file() and odoo.exists(template := stamp.read_text().strip()):
            return template
    return None


def _prepare(odoo, config, database):
    own_cluster = LOCAL.resolve() == (ROOT / ".local").resolve()
    if odoo.exists(database):
        stamp = LOCAL / f"{database}.template"
        template = odoo.addons_template(config, strict=False) if own_cluster else None
        if template and (not stamp.is_file() or stamp.read_text().strip() != template):
            # the add-ons changed since the data was generated: update them in place, keep the data
            step(f"Updating {', '.join(ADDONS)} in {database} (their files changed)")
            odoo.install(config, database, ADDONS, init=False)
            stamp.write_text(template + "\n")
        else:
            info(f"{database} exists: used as it is")
        return
    template = _stamped_template(odoo, database)
    if template or own_cluster:
        template = template or odoo.addons_template(config, strict=False)
        step(f"Creating {database} from {template}")
        odoo.copy(template, database)
    else:
        # another checkout's cluster (KAM_LOCAL): its templates are its own (building ours would
        # drop them), so install the add-ons on a copy of Odoo's base template instead
        template = odoo.base_template(config)
        step(f"Creating {database} from {template} with {', '.join(ADDONS)}")
        odoo.copy(template, database)
        odoo.install(config, database, ADDONS)
    (LOCAL / f"{database}.template").write_text(template + "\n")


def scaled_database(database, scale):
    return f"{database}_{scale}x"


def scale_data(odoo, config, source="kam_bench", scale=10, target=None, *, force=False):
    """``target`` (default SOURCE_<scale>x): a copy of ``source`` whose key-account data set is
    ``scale`` times the size, made in SQL by tests/benchmarks/scale_key_accounts.py.

    An existing ``target`` is kept (the script then only checks it and prints its counts) unless
    ``force``. The script works in one transaction: a failed run leaves a plain copy of ``source``,
    which the next run scales.
    """
    target = target or scaled_database(source, scale)
    if force or not odoo.exists(target):
        if not odoo.exists(source):
            raise WorkbenchError(
                f"no database {source}: generate the 1x data set first with "
                f"python3 -m workbench bench key_accounts --database {source}"
            )
        _prepare(odoo, config, source)  # the add-ons as they are now, in the source and so in the copy
        step(f"Copying {source} into {target}")
        odoo.copy(source, target)
        stamp = LOCAL / f"{source}.template"
        if stamp.is_file():
            (LOCAL / f"{target}.template").write_text(stamp.read_text())
    else:
        _prepare(odoo, config, target)
    step(f"Scaling the key-account data set of {target} to {scale}x (SQL)")
    timer = Timer()
    code, _lines = run_script(
        odoo, config, target, "scale", script=SCALE_SCRIPT, extra_env={"KAM_BENCH_SCALE": str(scale)}
    )
    if code:
        raise WorkbenchError(f"{SCALE_SCRIPT.name} failed on {target} (exit code {code})")
    info(f"{target} ready in {timer}")
    return target


def _machine(odoo):
    import psycopg2

    from odoo import release

    with closing(psycopg2.connect(odoo.server.dsn())) as conn, conn.cursor() as cr:
        cr.execute("SHOW server_version")
        (pg_version,) = cr.fetchone()
    memory = "?"
    cpu = platform.processor() or "?"
    try:
        meminfo = dict(line.split(":", 1) for line in open("/proc/meminfo", encoding="utf-8"))
        memory = f"{int(meminfo['MemTotal'].split()[0]) / 1024 / 1024:.1f} GiB"
        cpuinfo = open("/proc/cpuinfo", encoding="utf-8").read()
        cpu = next(
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")
        )
    except (OSError, StopIteration, KeyError):
        pass
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": pg_version,
        "odoo": release.version,
    }


def parse(lines):
    """The BENCH-JSON records of a script's output, and the ratio/data lines it printed without them."""
    records = [json.loads(line[len(MARKER) :]) for line in lines if line.startswith(MARKER)]
    kinds = {record["kind"] for record in records}
    plain = []
    for line in lines:
        text = TIME_PREFIX.sub("", line.strip())
        if not line.startswith(MARKER) and any(
            text.startswith(kind) and kind not in kinds for kind in ("ratio", "data")
        ):
            plain.append(text)  # a script that prints these itself, without benchlib
    return records, plain


def _cell(value, digits=1):
    if value is None:
        return ""
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _section(name, db, code, records, plain, title=None):
    out = [
        f"## {title or name}",
        "",
        f"`tests/benchmarks/bench_{name}.py` on `{db}`" + (f" (exit code {code})" if code else ""),
        "",
    ]
    out += [f"- data: {record['text']}" for record in records if record["kind"] == "data"]
    out += [f"- {line}" for line in plain if line.startswith("data")]
    timings = [record for record in records if record["kind"] == "timing"]
    if timings:
        out += [
            "",
            "| what | median ms | min ms | max ms | best s | each ms | queries |",
            "|---|---|---|---|---|---|---|",
        ]
        columns = (
            ("median_ms", 1),
            ("min_ms", 1),
            ("max_ms", 1),
            ("best_s", 2),
            ("each_ms", 2),
            ("queries", 0),
        )
        out += [
            f"| {t['label']} | " + " | ".join(_cell(t.get(key), digits) for key, digits in columns) + " |"
            for t in timings
        ]
    ratios = [record for record in records if record["kind"] == "ratio"]
    if ratios or plain:
        out += ["", "| ratio | value |", "|---|---|"]
        out += [
            f"| {r['label']} | {r['value']:.2f}x" + (f" (aim {r['aim']})" if r.get("aim") else "") + " |"
            for r in ratios
        ]
        out += [f"| {line} | as printed |" for line in plain if line.startswith("ratio")]
    out.append("")
    return out


def _label_key(label):
    """A timing's label without its numbers (``busiest KAM, 100 own accounts`` at 1x is ``1000`` at 10x)."""
    return NUMBER.sub("N", label)


def _growth(results, scaled, scale):
    """Each figure at 1x and at ``scale``, and how it grew, matched by script and label."""
    out = [
        f"## How each figure grows from 1x to {scale}x",
        "",
        f"The key-account data set at 1x and at {scale}x ({scale} times the key accounts, subsidiaries, "
        "orders, lines and opportunities, each account with as many records as at 1x; "
        f"the same KAMs, so each has {scale} times the accounts). Medians in ms; a ratio of {scale} "
        "grows like the data.",
        "",
        f"| benchmark | what | 1x ms | {scale}x ms | {scale}x / 1x | queries 1x / {scale}x |",
        "|---|---|---|---|---|---|",
    ]
    for name, (_db, _code, records, _plain) in scaled.items():
        base = {
            _label_key(record["label"]): record
            for record in results.get(name, (None, None, [], []))[2]
            if record["kind"] == "timing"
        }
        for record in records:
            if record["kind"] != "timing" or record.get("median_ms") is None:
                continue
            small = base.get(_label_key(record["label"]))
            if not small or small.get("median_ms") is None:
                continue
            # the same label but for its numbers: "100 / 1000 own accounts"
            label = "".join(
                part if index % 2 == 0 or part == other else f"{part} / {other}"
                for index, (part, other) in enumerate(
                    zip(NUMBER.split(small["label"]), NUMBER.split(record["label"]), strict=True)
                )
            )
            grown = record["median_ms"] / small["median_ms"] if small["median_ms"] else None
            out.append(
                f"| {name} | {label} | {_cell(small['median_ms'])} | {_cell(record['median_ms'])} | "
                + (f"{grown:.2f}x" if grown is not None else "")
                + f" | {_cell(small.get('queries'), 0)} / {_cell(record.get('queries'), 0)} |"
            )
    out.append("")
    return out


def render(machine, results, database, seconds, scaled=None, scale=None):
    out = [
        "# Benchmarks",
        "",
        "Generated by `python3 -m workbench benchmarks"
        + (f" --database {database}" if database != "kam_bench" else "")
        + (f" --scale {scale}" if scaled else "")
        + "` from the scripts' own output (`tests/benchmarks/bench_*.py`, through `benchlib`); "
        "do not edit by hand. Timings are medians as a user with record rules applied "
        "(see each script), queries those of one run.",
        "",
        "| machine | |",
        "|---|---|",
        f"| date | {machine['date']} |",
        f"| CPUs | {machine['cpus']} ({machine['cpu']}) |",
        f"| RAM | {machine['memory']} |",
        f"| Python | {machine['python']} |",
        f"| PostgreSQL | {machine['postgresql']} |",
        f"| Odoo | {machine['odoo']} |",
        f"| whole run | {seconds / 60:.1f} min |",
        "",
    ]
    if scaled:
        out += _growth(results, scaled, scale)
    for name, (db, code, records, plain) in results.items():
        out += _section(name, db, code, records, plain)
    for name, (db, code, records, plain) in (scaled or {}).items():
        out += _section(name, db, code, records, plain, title=f"{name} at {scale}x")
    return "\n".join(out)


def _run(odoo, config, name, db):
    """One benchmark script on ``db``: (db, exit code, BENCH-JSON records, plain ratio/data lines)."""
    step(f"Benchmark {name} on {db}")
    timer = Timer()
    try:
        _prepare(odoo, config, db)
        code, lines = run_script(odoo, config, db, name, capture=True)
    except WorkbenchError as error:
        info(f"bench_{name} not run: {error}")
        code, lines = 1, [f"{MARKER}{json.dumps({'kind': 'data', 'text': f'not run: {error}'})}"]
    info(f"bench_{name} finished in {timer} (exit code {code})")
    records, plain = parse(lines)
    return db, code, records, plain


def run_benchmarks(odoo, database="kam_bench", scale=None):
    """Every benchmark on ``database``; with ``scale``, the key-account ones (SCALED) again on the
    data set at that scale (DATABASE_<scale>x, made from ``database`` when missing)."""
    total = Timer()
    # a config file of its own: with KAM_LOCAL, odoo-test.conf belongs to the other checkout
    config = odoo.config("bench")
    machine = _machine(odoo)
    results = {name: _run(odoo, config, name, database + OWN_DATABASE.get(name, "")) for name in scripts()}
    scaled = {}
    if scale:
        target = scaled_database(database, scale)
        try:
            scale_data(odoo, config, database, scale, target)
        except WorkbenchError as error:
            # not the scripts: on a missing database they would generate the 1x data set into it
            info(f"no data set at {scale}x: {error}")
            text = f"not run: no data set at {scale}x ({error})"
            scaled = {name: (target, 1, [{"kind": "data", "text": text}], []) for name in SCALED}
        else:
            scaled = {name: _run(odoo, config, name, target) for name in SCALED}
    failed = [
        f"{name}{suffix}"
        for suffix, runs in (("", results), (f" at {scale}x", scaled))
        for name, (_db, code, _records, _plain) in runs.items()
        if code
    ]
    seconds = float(str(total).split()[0])
    REPORT.write_text(render(machine, results, database, seconds, scaled, scale))
    step(f"Report written to {REPORT.relative_to(ROOT)} ({total})")
    if failed:
        info(f"failed: {', '.join(failed)}")
    return 1 if failed else 0
