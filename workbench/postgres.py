"""PostgreSQL: a server the user configures (PG* variables), or an embedded project-local cluster.

The embedded cluster lives in ``.local/pg`` and listens on a unix socket only. As root, the
cluster runs as the ``postgres`` system user (``initdb`` refuses root). Binaries come from
Debian's packages when present, else from PyPI's ``pgserver``, which bundles PostgreSQL.
"""

import getpass
import hashlib
import os
import pwd
import shutil
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .console import Timer, WorkbenchError, info, run, step
from .paths import LOCAL
from .system import is_root

PORT = 5432
ODOO_ROLE = "odoo"
SUPERUSER = "postgres"
SOCKET_PATH_LIMIT = 100  # unix socket paths are limited to about 107 bytes


@contextmanager
def autocommit_cursor(dsn):
    """A cursor of a connection of its own, each statement committed (the workbench's checks)."""
    import psycopg2

    with closing(psycopg2.connect(dsn)) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            yield cr


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str | None
    embedded: bool

    def dsn(self, dbname="postgres"):
        params = {"host": self.host, "port": self.port, "user": self.user, "dbname": dbname}
        if self.password:
            params["password"] = self.password
        return " ".join(f"{key}='{value}'" for key, value in params.items())


def configured_server():
    """The user's own server when PG* variables (or KAM_PG=external) say so, else None."""
    mode = os.environ.get("KAM_PG", "").lower()
    if mode == "embedded":
        return None
    if mode == "external" or os.environ.get("PGHOST") or os.environ.get("PGUSER"):
        user = os.environ.get("PGUSER") or getpass.getuser()
        if user == "postgres":
            raise WorkbenchError("Odoo refuses to connect as 'postgres': set PGUSER to a role with CREATEDB")
        return Server(
            host=os.environ.get("PGHOST", ""),
            port=int(os.environ.get("PGPORT", PORT)),
            user=user,
            password=os.environ.get("PGPASSWORD"),
            embedded=False,
        )
    return None


def _traversable_by_others(path):
    """Can another system user reach ``path``? Needed when the cluster runs as ``postgres``."""
    for parent in [path, *path.parents]:
        if parent.exists() and not os.stat(parent).st_mode & 0o001:
            return False
    return True


class EmbeddedCluster:
    """The project's own PostgreSQL server: ``link`` (``.local/pg``) holds or points at its files.

    Listens on a unix socket only, unless ``listen`` names addresses (the scale-out cluster's
    primary and replica listen on 127.0.0.1, each on its own ``port``).
    """

    def __init__(self, link=LOCAL / "pg", port=PORT, listen=""):
        self.link, self.port, self.listen = link, port, listen
        self.home = link
        self.owner = SUPERUSER if is_root() else None
        if self.owner and not _traversable_by_others(link.parent):
            # The checkout sits where the postgres user cannot go (e.g. under /root): keep the
            # cluster in a folder of its own and point the link at it.
            key = hashlib.sha256(str(LOCAL if link == LOCAL / "pg" else link).encode()).hexdigest()[:12]
            self.home = Path("/var/tmp") / f"kam-pg-{key}"
        self.data = self.home / "data"
        self.socket_dir = self.home / "run"
        if len(str(self.socket_dir / f".s.PGSQL.{port}")) > SOCKET_PATH_LIMIT:
            key = hashlib.sha256(str(self.home).encode()).hexdigest()[:12]
            self.socket_dir = Path("/tmp") / f"kam-pg-{key}"
        self.log = self.home / "postgresql.log"
        self.bindir = None

    # -- binaries -------------------------------------------------------------------------------
    def _find_bindir(self):
        candidates = []
        if os.environ.get("KAM_PG_BINDIR"):
            candidates.append(Path(os.environ["KAM_PG_BINDIR"]))
        if os.environ.get("KAM_PG_BINARIES") != "pgserver":
            candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        for bindir in candidates:
            if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
                return bindir
        return self._pgserver_bindir()

    def _pgserver_bindir(self):
        """PyPI's pgserver ships PostgreSQL's binaries inside the package: a pip-only fallback."""
        try:
            import pgserver
        except ImportError:
            step("No PostgreSQL binaries found: installing PyPI's pgserver (bundles PostgreSQL)")
            import sys

            run([sys.executable, "-m", "pip", "install", "-q", "pgserver"])
            import pgserver
        bindir = Path(pgserver.__file__).parent / "pginstall" / "bin"
        if not (bindir / "initdb").exists():
            raise WorkbenchError(
                "no PostgreSQL found: install Debian's 'postgresql' package, or set PGHOST/PGUSER "
                "to use an existing server"
            )
        return bindir

    def _pg(self, tool, *args, check=True, quiet=True):
        return run([self.bindir / tool, *args], user=self.owner, check=check, quiet=quiet)

    # -- lifecycle ------------------------------------------------------------------------------
    def is_running(self):
        if not (self.data / "PG_VERSION").exists():
            return False
        self.bindir = self.bindir or self._find_bindir()
        return self._pg("pg_ctl", "status", "-D", self.data, check=False).returncode == 0

    def _init(self):
        step(f"Creating the embedded PostgreSQL cluster in {self.data}")
        self._make_home()
        if self.owner:
            self._ensure_owner_user()
            shutil.chown(self.home, self.owner, self.owner)
        self._pg("initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        # A throw-away development cluster: durability settings traded for speed.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# kam workbench\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")

    def _make_home(self):
        self.home.mkdir(parents=True, exist_ok=True)
        if self.home != self.link:
            self.link.parent.mkdir(parents=True, exist_ok=True)
            if not self.link.is_symlink():
                shutil.rmtree(self.link, ignore_errors=True)
                self.link.symlink_to(self.home)

    def _ensure_owner_user(self):
        try:
            pwd.getpwnam(self.owner)
        except KeyError:
            run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", self.owner])

    # Several workbench commands may share the cluster (a benchmark beside the tests): each one
    # registers its process id, and the last one to leave stops the server.
    def _users_dir(self):
        return LOCAL / "pg-users"

    def _live_users(self):
        users = []
        for entry in self._users_dir().glob("*"):
            try:
                os.kill(int(entry.name), 0)
                users.append(int(entry.name))
            except (ValueError, ProcessLookupError):
                entry.unlink(missing_ok=True)
            except PermissionError:
                users.append(int(entry.name))
        return users

    def acquire(self):
        """Start the cluster if needed and register this process as one of its users."""
        self._users_dir().mkdir(parents=True, exist_ok=True)
        (self._users_dir() / str(os.getpid())).touch()
        self.start()

    def release(self):
        """Unregister this process; stop the cluster when no other workbench command uses it."""
        (self._users_dir() / str(os.getpid())).unlink(missing_ok=True)
        if not [pid for pid in self._live_users() if pid != os.getpid()]:
            self.stop()

    def start(self):
        """Start the cluster if needed; return True when this call started it."""
        self.bindir = self._find_bindir()
        if self.is_running():
            return False
        if not (self.data / "PG_VERSION").exists():
            self._init()
        timer = Timer()
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self.owner:
            shutil.chown(self.socket_dir, self.owner, self.owner)
        self._pg(
            "pg_ctl",
            "start",
            "-w",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            f"-k {self.socket_dir} -c listen_addresses='{self.listen}' -p {self.port}",
        )
        info(f"PostgreSQL started in {timer} (socket in {self.socket_dir})")
        self._ensure_role()
        return True

    def stop(self):
        if self.is_running():
            self._pg("pg_ctl", "stop", "-D", self.data, "-m", "fast")
            info("PostgreSQL stopped")

    def _ensure_role(self):
        sql = (
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ODOO_ROLE}') THEN "
            f"CREATE ROLE {ODOO_ROLE} LOGIN CREATEDB; END IF; END$$;"
        )
        psql = self.bindir / "psql"
        if psql.exists():
            self._pg(
                "psql", "-h", self.socket_dir, "-p", self.port, "-U", SUPERUSER, "-d", "postgres", "-c", sql
            )
        else:  # pgserver may ship without psql: use the driver Odoo itself uses
            import psycopg2

            conn = psycopg2.connect(
                host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres"
            )
            conn.autocommit = True
            conn.cursor().execute(sql)
            conn.close()

    def server(self):
        return Server(host=str(self.socket_dir), port=self.port, user=ODOO_ROLE, password=None, embedded=True)
