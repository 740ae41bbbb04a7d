"""A worker killed in the middle of a batch create leaves all of the batch or none of it.

A small run of ``python3 -m workbench load --faults`` (see workbench/load.py): Odoo with two
prefork workers on a database of its own, two batches of 200 bookings, each in one JSON-RPC
create whose worker gets SIGKILL part way through.
"""

import os
import re
import subprocess
import sys

from test_lifecycle import Databases

from conftest import ROOT

# Beside the ports of the test command (KAM_HTTP_PORT + 10), the run command test (+28) and
# ``workbench load`` (+40).
PORT = int(os.environ.get("KAM_HTTP_PORT", "8069")) + 50
DB = "kam_fault_check"


def test_killed_worker_leaves_no_partial_batch(odoo_config):
    env = dict(os.environ, KAM_LOAD_DB=DB)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "workbench", "load", "--faults", "--kills", "2", "--batch", "200"]
            + ["--kam-users", "1", "--port", str(PORT)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        helper = Databases(*odoo_config)
        helper.created.append(DB)
        helper.drop_created()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "reference batch (no kill): 200 ids" in output, output[-4000:]
    outcomes = re.findall(r"^  \d+ .* (absent|complete|PARTIAL) \(", output, re.MULTILINE)
    assert len(outcomes) == 2 and "PARTIAL" not in outcomes, output[-4000:]
    assert "new worker in" in output, output[-4000:]
