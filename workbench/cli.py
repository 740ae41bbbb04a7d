"""Command line: ``python3 -m workbench run|test|setup|odoo|pg|load|cluster|bench|bench-data|benchmarks``."""

import argparse
import os
import subprocess
import sys

from .console import Timer, WorkbenchError, fail, info, step
from .paths import ADDONS, HTTP_PORT, LOCAL, ROOT, RUN_DB, TEST_DB, VENV_PYTHON, in_venv


def _bootstrap():
    """Outside the virtual environment: bring Odoo and the venv, then continue inside it."""
    from .odoo_source import ensure_odoo_source
    from .venv import ensure_venv

    odoo_src = ensure_odoo_source()
    ensure_venv(odoo_src)
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), "-m", "workbench", *sys.argv[1:]])


def _stack():
    """Inside the venv: the Odoo tree, a running PostgreSQL and the helper around both."""
    from .databases import Odoo
    from .odoo_source import ensure_odoo_source
    from .postgres import EmbeddedCluster, configured_server

    server = configured_server()
    cluster = None
    if server is None:
        cluster = EmbeddedCluster()
        cluster.acquire()
        server = cluster.server()
    return Odoo(ensure_odoo_source(), server), cluster


def _ensure_database(odoo, config, database):
    """A database with the add-ons as they are now: copied from the template, or updated in place."""
    template = odoo.addons_template(config, strict=False)
    stamp = LOCAL / f"{database}.template"
    if not odoo.exists(database):
        step(f"Creating the database {database}")
        odoo.copy(template, database)
    elif not stamp.exists() or stamp.read_text().strip() != template:
        step(f"Updating {', '.join(ADDONS)} in {database} (their files changed)")
        odoo.install(config, database, ADDONS, init=False)
    stamp.write_text(template + "\n")


def cmd_setup(args):
    odoo, cluster = _stack()
    try:
        odoo.addons_template(odoo.config("test"), strict=False)
    finally:
        if cluster:
            cluster.release()
    return 0


def cmd_run(args):
    from .system import PDF_PACKAGES, ensure_packages

    total = Timer()
    ensure_packages(PDF_PACKAGES, required=False)  # printing works once it is there; Odoo says so otherwise
    odoo, cluster = _stack()
    try:
        config = odoo.config("run")
        _ensure_database(odoo, config, RUN_DB)
        url = f"http://127.0.0.1:{HTTP_PORT}"
        print(
            f"\nOdoo 18.0 with {' and '.join(ADDONS)} (ready in {total})\n"
            f"  URL:      {url}/web/login\n"
            f"  Login:    admin   Password: admin\n"
            f"  Database: {RUN_DB}   (French: Settings > Users, or the user menu > Preferences)\n"
            f"Stop with Ctrl+C.\n",
            flush=True,
        )
        cmd = odoo.command(config, "-d", RUN_DB, "--db-filter", f"^{RUN_DB}$", *args.odoo_args)
        try:
            return subprocess.call(cmd)
        except KeyboardInterrupt:
            return 0
    finally:
        if cluster:
            cluster.release()


def cmd_test(args):
    from .system import ensure_chromium, ensure_pdf_tools

    total = Timer()
    ensure_chromium()
    ensure_pdf_tools()
    odoo, cluster = _stack()
    try:
        config = odoo.config("test")
        template = odoo.addons_template(config, strict=True)
        step(f"Fresh test database {TEST_DB}")
        odoo.copy(template, TEST_DB)
        env = dict(
            os.environ,
            KAM_ODOO_CONFIG=str(config),
            KAM_TEMPLATE_DB=template,
            KAM_BASE_TEMPLATE_DB=odoo.base_template(config),
            KAM_TEST_DB=TEST_DB,
        )
        step("Running the tests with pytest-odoo (browser tours included)")
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "--odoo-config",
            str(config),
            "--odoo-database",
            TEST_DB,
            "--odoo-http",
            *(args.pytest_args or [str(ROOT / name) for name in (*ADDONS, "tests")]),
        ]
        info(" ".join(cmd))
        code = subprocess.call(cmd, env=env, cwd=ROOT)
        info(f"test command finished in {total}")
        return code
    finally:
        if cluster:
            cluster.release()


def cmd_i18n(args):
    """Refresh each add-on's .pot from a real install and merge new terms into fr.po."""
    from .i18n import export

    odoo, cluster = _stack()
    try:
        config = odoo.config("test")
        export(odoo, config, odoo.addons_template(config, strict=False))
        return 0
    finally:
        if cluster:
            cluster.release()


def cmd_lint(args):
    """The pre-commit checks over the whole tree, with the tools of the virtual environment."""
    env = dict(os.environ, PATH=f"{VENV_PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.call(
        [VENV_PYTHON.parent / "pre-commit", "run", "--all-files", "--show-diff-on-failure"], env=env, cwd=ROOT
    )


def cmd_bench(args):
    """Run tests/benchmarks/bench_NAME.py in ``odoo shell`` on a fresh copy of the add-ons' template."""
    from .benchmarks import BENCH_DIR, run_script

    if not (BENCH_DIR / f"bench_{args.name}.py").is_file():
        raise WorkbenchError(f"no benchmark bench_{args.name}.py in {BENCH_DIR}")
    odoo, cluster = _stack()
    try:
        config = odoo.config("test")
        database = args.database or "kam_bench"
        if not args.database:
            odoo.copy(odoo.addons_template(config, strict=False), database)
        else:
            _ensure_database(odoo, config, database)
        step(f"Benchmark {args.name} on {database}")
        code, _lines = run_script(odoo, config, database, args.name)
        return code
    finally:
        if cluster:
            cluster.release()


def cmd_bench_data(args):
    """The key-account benchmark data set at ``--scale`` times its size, in SQL, in a database of its own."""
    from .benchmarks import scale_data

    odoo, cluster = _stack()
    try:
        scale_data(odoo, odoo.config("bench"), args.source, args.scale, args.database, force=args.force)
        return 0
    finally:
        if cluster:
            cluster.release()


def cmd_odoo_tests(args):
    """Odoo's own crm/sale test suites on a database with (or without) our add-ons."""
    from .odoo_tests import run_odoo_tests
    from .system import ensure_chromium

    ensure_chromium()
    odoo, cluster = _stack()
    try:
        return run_odoo_tests(odoo, with_ours=not args.without_ours)
    finally:
        if cluster:
            cluster.release()


def cmd_benchmarks(args):
    """Every benchmark, then docs/benchmarks.md from their figures."""
    from .benchmarks import run_benchmarks

    odoo, cluster = _stack()
    try:
        return run_benchmarks(odoo, args.database, args.scale)
    finally:
        if cluster:
            cluster.release()


def cmd_load(args):
    """Locust against Odoo with two workers, then database checks; ``--faults``: kill-worker run."""
    from .load import run

    odoo, cluster = _stack()
    try:
        return run(odoo, args)
    finally:
        if cluster:
            cluster.release()


def cmd_cluster(args):
    """Two Odoo servers behind HAProxy, a PostgreSQL primary and its streaming replica."""
    from .cluster import command

    if args.action != "start":
        return command(None, args)  # stopping or reading the status needs no embedded cluster
    odoo, cluster = _stack()
    try:
        return command(odoo, args)
    finally:
        if cluster:
            cluster.release()


def cmd_screenshots(args):
    """PNG screenshots of the main screens from the server ``make run`` serves."""
    from .screenshots import take

    take()
    return 0


def cmd_odoo(args):
    """Any odoo-bin command against the project's configuration (e.g. ``shell -d kam_demo``)."""
    odoo, cluster = _stack()
    try:
        return subprocess.call(odoo.command(odoo.config(args.purpose), *args.odoo_args))
    finally:
        if cluster:
            cluster.release()


def cmd_pg(args):
    from .postgres import EmbeddedCluster

    cluster = EmbeddedCluster()
    if args.action == "start":
        cluster.start()
        print(f"PGHOST={cluster.socket_dir} PGPORT=5432 PGUSER=odoo")
    elif args.action == "stop":
        cluster.stop()
    else:
        print("running" if cluster.is_running() else "stopped")
    return 0


def main():
    parser = argparse.ArgumentParser(prog="python3 -m workbench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="serve Odoo with the add-ons and demo data")
    run_parser.add_argument("odoo_args", nargs=argparse.REMAINDER, help="extra odoo-bin arguments")
    test_parser = commands.add_parser("test", help="install on a fresh database and run every test")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="pytest arguments (default: all)")
    commands.add_parser("setup", help="prepare everything without serving or testing")
    commands.add_parser("i18n", help="export the .pot files and merge them into fr.po")
    commands.add_parser("lint", help="run the pre-commit checks on every file")
    bench_parser = commands.add_parser("bench", help="run tests/benchmarks/bench_NAME.py in odoo shell")
    bench_parser.add_argument("name")
    bench_parser.add_argument(
        "--database",
        help="reuse this database (kept between runs, e.g. with generated data) instead of a fresh copy",
    )
    bench_data_parser = commands.add_parser(
        "bench-data",
        help="copy the key-account benchmark database and scale its data set up in SQL (e.g. --scale 10)",
    )
    bench_data_parser.add_argument("--scale", type=int, default=10, help="how many times the 1x data set")
    bench_data_parser.add_argument(
        "--source", default="kam_bench", help="the database with the 1x data set (bench key_accounts)"
    )
    bench_data_parser.add_argument("--database", help="the new database (default: SOURCE_<scale>x)")
    bench_data_parser.add_argument("--force", action="store_true", help="copy and scale again when it exists")
    from .load import add_arguments as load_arguments

    load_arguments(commands.add_parser("load", help="load run with Locust; --faults: kill-worker run"))
    from .cluster import add_arguments as cluster_arguments

    cluster_arguments(
        commands.add_parser(
            "cluster", help="start, stop or show two Odoo servers behind HAProxy on a primary and a replica"
        )
    )
    odoo_tests_parser = commands.add_parser(
        "odoo-tests", help="run Odoo's own crm and sale tests on a database with our add-ons"
    )
    odoo_tests_parser.add_argument(
        "--without-ours", action="store_true", help="the same on a database without our add-ons"
    )
    benchmarks_parser = commands.add_parser(
        "benchmarks", help="run every tests/benchmarks/bench_*.py and write docs/benchmarks.md"
    )
    benchmarks_parser.add_argument(
        "--database", default="kam_bench", help="the benchmark database (used as it is when it exists)"
    )
    benchmarks_parser.add_argument(
        "--scale",
        type=int,
        help="also run the key-account benchmarks on DATABASE_<scale>x (made with bench-data when missing)",
    )
    commands.add_parser("screenshots", help="screenshots of the main screens of a running make run")
    odoo_parser = commands.add_parser("odoo", help="run odoo-bin with the project's configuration")
    odoo_parser.add_argument("--purpose", choices=["run", "test"], default="run")
    odoo_parser.add_argument("odoo_args", nargs=argparse.REMAINDER)
    pg_parser = commands.add_parser("pg", help="start, stop or show the embedded PostgreSQL")
    pg_parser.add_argument("action", choices=["start", "stop", "status"])
    args = parser.parse_args()
    handler = {
        "run": cmd_run,
        "test": cmd_test,
        "setup": cmd_setup,
        "i18n": cmd_i18n,
        "lint": cmd_lint,
        "bench": cmd_bench,
        "bench-data": cmd_bench_data,
        "load": cmd_load,
        "odoo-tests": cmd_odoo_tests,
        "benchmarks": cmd_benchmarks,
        "cluster": cmd_cluster,
        "screenshots": cmd_screenshots,
        "odoo": cmd_odoo,
        "pg": cmd_pg,
    }[args.command]
    try:
        if args.command != "pg" and not in_venv():
            _bootstrap()
        sys.exit(handler(args))
    except WorkbenchError as error:
        fail(str(error))
