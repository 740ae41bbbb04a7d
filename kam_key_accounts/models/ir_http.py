import re
import time
from functools import partial

import psycopg2

from odoo import models
from odoo.http import request
from odoo.tools import config

# The primary's WAL position after a user's last read/write request, kept by the browser.
REPLICA_COOKIE = "kam_replica_lsn"
REPLICA_LSN = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")
# How long a read waits for the replica to replay the user's last writes before the primary
# serves it instead (the replica's lag on one network is milliseconds).
REPLICA_WAIT = 2.0
REPLICA_POLL = 0.01


class IrHttp(models.AbstractModel):
    """Read your own writes on a PostgreSQL replica (``db_replica_host``).

    Odoo 18 serves read-only requests (``@api.readonly`` methods, ``readonly=True`` routes) from
    the replica, which replays the primary's changes a few milliseconds late. A user who just
    confirmed an order and opens the key account analysis must see it: each read/write request
    leaves in a cookie the primary's WAL position after its commit, and a read-only request waits
    until the replica has replayed that far, or is served by the primary when it does not in
    ``REPLICA_WAIT``. Never an error, never the user's own figures from before their change.
    """

    _inherit = "ir.http"

    @classmethod
    def _authenticate(cls, endpoint):
        cls._wait_for_replica()
        return super()._authenticate(endpoint)

    @classmethod
    def _post_dispatch(cls, response):
        result = super()._post_dispatch(response)
        if config["db_replica_host"] is not False and not request.env.cr.readonly:
            if hasattr(response, "set_cookie"):
                request.env.cr.postcommit.add(partial(cls._remember_primary_position, response))
        return result

    @classmethod
    def _remember_primary_position(cls, response):
        """After the commit: the position of the WAL the replica must replay to see it (the
        insert position: with asynchronous commit, the write position may still be before it)."""
        cr = request.env.cr
        cr.execute("SELECT pg_current_wal_insert_lsn()")
        response.set_cookie(REPLICA_COOKIE, cr.fetchone()[0], httponly=True, samesite="Lax")

    @classmethod
    def _wait_for_replica(cls):
        """On a replica, before any read: wait until it has replayed the user's last writes."""
        cr = request.env.cr
        target = request.httprequest.cookies.get(REPLICA_COOKIE)
        if not (cr.readonly and target and REPLICA_LSN.fullmatch(target)):
            return
        deadline = time.monotonic() + REPLICA_WAIT
        while True:
            cr.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            on_replica, replayed = cr.fetchone()
            if not on_replica:
                return  # a read-only transaction on the primary sees every commit
            if replayed:
                break
            if time.monotonic() >= deadline:
                # odoo.http serves the request again on the primary when it meets this error
                raise psycopg2.errors.ReadOnlySqlTransaction(
                    f"The replica has not replayed {target} (the user's last writes) in {REPLICA_WAIT} s"
                )
            time.sleep(REPLICA_POLL)
        # the transaction's snapshot was taken by the first check: the request reads in a new one
        cr.rollback()
