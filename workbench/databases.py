"""Odoo configuration, template databases and module installs (runs inside the virtual environment)."""

import hashlib
import re
import shutil
import subprocess
import sys
import time
from contextlib import closing

import psycopg2

from .console import Timer, WorkbenchError, info, step
from .odoo_source import extra_addons_paths
from .paths import ADDONS, BASE_MODULES, HTTP_PORT, LANGUAGES, LOCAL, ROOT

LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")
LOADING = re.compile(
    r"odoo\.modules\.loading: (Loading module (\S+) \((\d+)/(\d+)\)|loading \d+ modules.*|Modules loaded.*)"
)
TEMPLATE_PREFIX = "kamtpl_"


class Odoo:
    """One Odoo source tree and one PostgreSQL server, seen through config files and databases."""

    def __init__(self, odoo_src, server):
        self.src = odoo_src
        self.server = server
        self.data_dir = LOCAL / "data"
        self.logs = LOCAL / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    # -- configuration --------------------------------------------------------------------------
    def config(self, purpose):
        """Write the Odoo config file for ``run`` or ``test`` and return its path."""
        addons = [str(ROOT), *map(str, extra_addons_paths(self.src))]
        http_port = HTTP_PORT if purpose == "run" else HTTP_PORT + 10
        options = {
            "addons_path": ",".join(addons),
            "data_dir": self.data_dir,
            "db_host": self.server.host or "False",
            "db_port": self.server.port,
            "db_user": self.server.user,
            "db_password": self.server.password or "False",
            "admin_passwd": "admin",
            "http_interface": "127.0.0.1",
            "http_port": http_port,
            "gevent_port": http_port + 3,
            "without_demo": "False",
            "max_cron_threads": 1 if purpose == "run" else 0,
        }
        path = LOCAL / f"odoo-{purpose}.conf"
        path.write_text("[options]\n" + "".join(f"{key} = {value}\n" for key, value in options.items()))
        return path

    def command(self, config, *args):
        """An odoo-bin command line; a sub-command (``shell``, ``server``...) must come first."""
        args = list(map(str, args))
        subcommand = [args.pop(0)] if args and not args[0].startswith("-") else []
        return [sys.executable, "-m", "odoo", *subcommand, "-c", str(config), *args]

    # -- databases ------------------------------------------------------------------------------
    def _connect(self):
        conn = psycopg2.connect(self.server.dsn())
        conn.autocommit = True
        return conn

    def databases(self):
        with closing(self._connect()) as conn, conn.cursor() as cr:
            cr.execute("SELECT datname FROM pg_database WHERE NOT datistemplate")
            return {name for (name,) in cr.fetchall()}

    def exists(self, db):
        return db in self.databases()

    def drop(self, db):
        with closing(self._connect()) as conn, conn.cursor() as cr:
            for attempt in range(10):
                try:
                    cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
                    break
                except psycopg2.errors.InsufficientPrivilege:
                    # FORCE may not terminate an autovacuum worker (not our role); plain DROP
                    # DATABASE cancels it, once our own sessions are gone
                    time.sleep(0.5 * (attempt + 1))
                    try:
                        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
                        break
                    except psycopg2.errors.ObjectInUse:
                        continue
        shutil.rmtree(self.data_dir / "filestore" / db, ignore_errors=True)

    def copy(self, source, target):
        """Copy a database and its filestore: the fast way to a fresh database (under a second)."""
        timer = Timer()
        self.drop(target)
        with closing(self._connect()) as conn, conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        filestore = self.data_dir / "filestore" / source
        if filestore.is_dir():
            shutil.copytree(filestore, self.data_dir / "filestore" / target)
        info(f"database {target} copied from {source} in {timer}")

    # -- installs -------------------------------------------------------------------------------
    def install(self, config, db, modules, *, init=True, extra=()):
        """Install (or update) modules with progress lines; return the WARNING/ERROR lines logged."""
        log_path = self.logs / f"{db}.log"
        cmd = self.command(
            config,
            "-d",
            db,
            "-i" if init else "-u",
            ",".join(modules),
            "--stop-after-init",
            "--log-handler",
            "odoo.modules.loading:DEBUG",
            "--http-port",
            "0",
            *extra,
        )
        timer = Timer()
        problems = []
        last_report = 0.0
        with (
            log_path.open("w") as log,
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process,
        ):
            for line in process.stdout:
                log.write(line)
                if LOG_PROBLEM.match(line):
                    problems.append(line.rstrip())
                    info(line.rstrip())
                elif match := LOADING.search(line):
                    # Already-installed modules load in milliseconds: report at most every 2 s.
                    if not match[2]:
                        info(match[1])
                    elif time.monotonic() - last_report >= 2 or match[3] == match[4]:
                        info(f"[{match[3]}/{match[4]}] {match[2]}  ({timer})")
                        last_report = time.monotonic()
        if process.returncode:
            raise WorkbenchError(
                f"Odoo exited with {process.returncode} installing {modules}; see {log_path}"
            )
        info(f"done in {timer}; full log: {log_path}")
        return problems

    # -- templates ------------------------------------------------------------------------------
    def _key(self, *parts):
        digest = hashlib.sha256()
        for part in parts:
            digest.update(str(part).encode() + b"\0")
        return digest.hexdigest()[:10]

    def base_template(self, config):
        """Odoo's own modules with demo data and French, installed once per Odoo tree."""
        release = (self.src / "odoo" / "release.py").read_text()
        name = f"{TEMPLATE_PREFIX}base_{self._key(release, self.src, BASE_MODULES, LANGUAGES)}"
        if not self.exists(name):
            step(f"Installing Odoo's modules into the template database {name} (about 2 minutes, once)")
            tmp = name + "_tmp"
            self.drop(tmp)
            self.install(config, tmp, BASE_MODULES, extra=["--load-language", ",".join(LANGUAGES)])
            self._rename(tmp, name)
        return name

    def addons_fingerprint(self):
        digest = hashlib.sha256()
        for addon in ADDONS:
            for path in sorted((ROOT / addon).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:10]

    def addons_template(self, config, *, strict):
        """Our add-ons installed on a copy of the base template; rebuilt when their files change.

        With ``strict``, any WARNING or ERROR Odoo logs while installing them is a failure and the
        template is not kept.
        """
        base = self.base_template(config)
        name = f"{TEMPLATE_PREFIX}{self._key(base, self.addons_fingerprint())}"
        if self.exists(name):
            info(f"reusing the template database {name} (add-ons unchanged)")
            return name
        step(f"Installing {', '.join(ADDONS)} on a fresh copy of {base}")
        tmp = name + "_tmp"
        self.copy(base, tmp)
        problems = self.install(config, tmp, ADDONS)
        if problems and strict:
            self.drop(tmp)
            raise WorkbenchError(
                f"Odoo logged {len(problems)} warning(s)/error(s) while installing the add-ons:\n"
                + "\n".join(problems)
            )
        self._rename(tmp, name)
        self._drop_stale_templates(keep={base, name})
        return name

    def _rename(self, source, target):
        with closing(self._connect()) as conn, conn.cursor() as cr:
            cr.execute(f'ALTER DATABASE "{source}" RENAME TO "{target}"')
        filestore = self.data_dir / "filestore" / source
        if filestore.is_dir():
            shutil.rmtree(self.data_dir / "filestore" / target, ignore_errors=True)
            filestore.rename(self.data_dir / "filestore" / target)

    def _drop_stale_templates(self, keep):
        for db in self.databases():
            if db.startswith(TEMPLATE_PREFIX) and db not in keep:
                self.drop(db)
