"""Printing and subprocess helpers: every long step says what it does and how far along it is."""

import os
import shlex
import subprocess
import sys
import time


class WorkbenchError(Exception):
    """A problem the user must fix; its message says exactly what to do."""


def step(message):
    print(f"==> {message}", flush=True)


def info(message):
    print(f"    {message}", flush=True)


def run(cmd, *, env=None, cwd=None, check=True, quiet=False, user=None):
    """Run a command, streaming its output unless quiet; raise WorkbenchError on failure."""
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    if not quiet:
        info("$ " + shlex.join(str(c) for c in cmd))
    full_env = dict(os.environ, **(env or {}))
    result = subprocess.run(
        [str(c) for c in cmd],
        env=full_env,
        cwd=cwd,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        output = (result.stdout or "")[-4000:] if quiet else ""
        raise WorkbenchError(f"command failed ({result.returncode}): {shlex.join(map(str, cmd))}\n{output}")
    return result


class Timer:
    def __init__(self):
        self.start = time.monotonic()

    def __str__(self):
        return f"{time.monotonic() - self.start:.1f} s"


def fail(message):
    print(f"\nERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(2)
