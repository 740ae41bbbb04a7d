"""The run command serves Odoo with both add-ons on the demo database: /web/login answers 200."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from test_lifecycle import Databases

from conftest import ROOT

# Beside the ports the test command itself uses (KAM_HTTP_PORT + 10 for the tours).
PORT = int(os.environ.get("KAM_HTTP_PORT", "8069")) + 28
DB = "kam_run_check"


@pytest.fixture
def run_command(odoo_config):
    env = dict(os.environ, KAM_HTTP_PORT=str(PORT), KAM_RUN_DB=DB)
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    helper = Databases(*odoo_config)
    helper.created.append(DB)
    helper.drop_created()


def test_run_command_serves_the_login_page(run_command):
    printed = []
    for line in run_command.stdout:
        printed.append(line)
        if "Stop with Ctrl+C" in line:
            break
    # Keep reading what the server logs, or it blocks once the pipe is full.
    threading.Thread(target=run_command.stdout.read, daemon=True).start()
    text = "".join(printed)
    assert f"http://127.0.0.1:{PORT}/web/login" in text, text
    assert "Login:    admin" in text
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/web/login", timeout=10) as response:
                assert response.status == 200
                body = response.read().decode()
                break
        except OSError:
            assert time.monotonic() < deadline, "the server did not answer within 2 minutes"
            time.sleep(1)
    assert 'name="login"' in body
