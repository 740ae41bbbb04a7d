"""Odoo's own test suites (crm, sale, sale_management, sale_crm) on a database with our add-ons.

Our add-ons extend ``res.partner``, ``crm.lead``, ``sale.order`` and friends: if they break a
behaviour Odoo relies on, Odoo's own tests say so. The suites run the way odoo-bin runs them on an
installed database: ``--test-tags`` without ``-i``/``-u`` runs each module's at_install tests while
the registry loads, then the post_install tests (browser tours included) with every module loaded.
``--without-ours`` runs the same on the same modules without our add-ons, to tell a failure of
ours from one of Odoo's own.
"""

import re
import subprocess
import time
from collections import Counter

from .console import Timer, info, step
from .paths import HTTP_PORT

SUITES = ["crm", "sale", "sale_management", "sale_crm"]
DATABASE = "kam_odoo_tests"

# "3 failed, 1 error(s) of 1234 tests when loading database 'x'" (odoo.tests.result, at the end)
TOTALS = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
# "odoo.tests.stats: crm: 321 tests 250.12s 123456 queries"
MODULE_STATS = re.compile(r"odoo\.tests\.stats: (\w+): (\d+) tests ([\d.]+)s (\d+) queries")
# a failed test, or a class whose setUpClass failed (its tests do not run: odoo.tests.suite says so)
PROBLEM = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (odoo\.addons\.\S+|odoo\.tests\.suite): (FAIL|ERROR): (.*)$")
STARTING = re.compile(r"^\S+ \S+ \d+ INFO \S+ odoo\.addons\.(\w+)\.tests\.\S+: Starting ")
SKIPPED = re.compile(r"^\S+ \S+ \d+ INFO \S+ odoo\.addons\.(\w+)\.\S+: skipped ")
LOADING = re.compile(r"odoo\.modules\.loading: Module (\w+) loaded in ([\d.]+)s \(incl\. ([\d.]+)s test\)")


def summarize(lines):
    """Counts read from Odoo's log: totals, per-module figures, failures and skips."""
    summary = {"run": None, "failed": 0, "errors": 0, "modules": {}, "problems": [], "skipped": 0}
    started = Counter()
    for line in lines:
        if match := TOTALS.search(line):
            summary["failed"], summary["errors"], summary["run"] = map(int, match.groups())
        elif match := STARTING.match(line):
            started[match[1]] += 1
        elif match := MODULE_STATS.search(line):
            summary["modules"][match[1]] = (float(match[3]), int(match[4]))
        elif match := PROBLEM.match(line):
            summary["problems"].append(f"{match[2]}: {match[1]} {match[3]}")
        elif SKIPPED.match(line):
            summary["skipped"] += 1
    summary["modules"] = {
        module: (started[module], *summary["modules"].get(module, (0.0, 0)))
        for module in sorted(set(started) | set(summary["modules"]))
    }
    if summary["run"] is not None:
        summary["passed"] = summary["run"] - summary["failed"] - summary["errors"] - summary["skipped"]
    return summary


def run_odoo_tests(odoo, *, with_ours=True, suites=SUITES):
    """Copy the template database, run Odoo's suites against it, print the counts; return the exit code."""
    total = Timer()
    config = odoo.config("test")
    if with_ours:
        template = odoo.addons_template(config, strict=True)
        database = DATABASE
    else:
        template = odoo.base_template(config)
        database = DATABASE + "_base"
    step(f"Fresh database {database} from {template} ({'with' if with_ours else 'WITHOUT'} our add-ons)")
    odoo.copy(template, database)
    log_path = odoo.logs / f"{database}.log"
    tags = ",".join(f"/{suite}" for suite in suites)
    cmd = odoo.command(
        config,
        "-d",
        database,
        "--test-tags",
        tags,
        "--stop-after-init",
        # its own port: a `make test` of the same worktree may be serving tours on HTTP_PORT + 10
        "--http-port",
        str(HTTP_PORT + 20),
        "--gevent-port",
        str(HTTP_PORT + 23),
    )
    step(f"Odoo's tests {tags} on {database} (log: {log_path})")
    info(" ".join(cmd))
    lines = []
    last = time.monotonic()
    with (
        log_path.open("w") as log,
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process,
    ):
        for line in process.stdout:
            log.write(line)
            lines.append(line)
            if PROBLEM.match(line):
                info(line.rstrip())
            elif match := LOADING.search(line):
                info(f"at_install tests of {match[1]}: {match[3]} s  ({total})")
            elif "Starting post tests" in line:
                info(f"post_install tests start  ({total})")
            elif time.monotonic() - last > 60 and " Starting " in line:
                # a sign of life every minute: the test being run
                info(f"({total}) {line.split(': ', 1)[-1].strip()}")
                last = time.monotonic()
    summary = summarize(lines)
    print(f"\nOdoo's own tests {tags} {'with' if with_ours else 'WITHOUT'} our add-ons, in {total}:")
    for module, (count, seconds, queries) in sorted(summary["modules"].items()):
        print(f"  {module:<16} {count:5d} tests  {seconds:7.1f} s  {queries:8d} queries")
    if summary["run"] is None:
        print(f"  no test summary in the log (Odoo exited with {process.returncode}); see {log_path}")
        return process.returncode or 1
    print(
        f"  ran {summary['run']}, passed {summary['passed']}, failed {summary['failed']}, "
        f"errors {summary['errors']}, skipped {summary['skipped']}"
    )
    for problem in summary["problems"]:
        print(f"  {problem}")
    failed = summary["failed"] or summary["errors"] or process.returncode
    if failed and with_ours:
        print("  compare with: python3 -m workbench odoo-tests --without-ours")
    return 1 if failed else 0
