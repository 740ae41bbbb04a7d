"""The project's virtual environment: Odoo's requirements, Odoo itself (editable), our tooling."""

import hashlib
import subprocess
import sys
import venv

from .console import Timer, info, run, step
from .paths import CACHE, ROOT, VENV, VENV_PYTHON
from .system import BUILD_PACKAGES, ensure_packages

STAMP = VENV / ".kam-installed"
# cbor2 5.4.2 (pinned by Odoo for Python 3.11) does not build with setuptools >= 70.
BUILD_CONSTRAINTS = "setuptools<70\n"


def _fingerprint(odoo_src):
    digest = hashlib.sha256()
    for path in (odoo_src / "requirements.txt", odoo_src / "odoo" / "release.py", ROOT / "requirements.txt"):
        digest.update(path.read_bytes())
    digest.update(str(odoo_src).encode())
    return digest.hexdigest()


def _pip(*args):
    run([VENV_PYTHON, "-m", "pip", "--disable-pip-version-check", *args], env={"PIP_PROGRESS_BAR": "off"})


def _build_constraint_args():
    """pip >= 25 ignores PIP_CONSTRAINT in build environments and has --build-constraint instead."""
    constraints = CACHE / "build-constraints.txt"
    constraints.write_text(BUILD_CONSTRAINTS)
    help_text = subprocess.run(
        [VENV_PYTHON, "-m", "pip", "install", "--help"], capture_output=True, text=True, check=False
    ).stdout
    if "--build-constraint" in help_text:
        return ["--build-constraint", str(constraints)], {}
    return [], {"PIP_CONSTRAINT": str(constraints)}


def ensure_venv(odoo_src):
    """Create or refresh the virtual environment; a second run only compares a fingerprint."""
    fingerprint = _fingerprint(odoo_src)
    if STAMP.is_file() and STAMP.read_text().strip() == fingerprint:
        return
    timer = Timer()
    if not VENV_PYTHON.exists():
        step(f"Creating the virtual environment {VENV} (Python {sys.version.split()[0]})")
        venv.create(VENV, with_pip=True)
    ensure_packages(BUILD_PACKAGES)
    step("Installing Odoo's Python requirements (a few minutes the first time; pip lists each package)")
    _pip("install", "-q", "--upgrade", "wheel", "setuptools<70")
    extra_args, extra_env = _build_constraint_args()
    run(
        [
            VENV_PYTHON,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "install",
            "--progress-bar",
            "off",
            *extra_args,
            "-r",
            odoo_src / "requirements.txt",
        ],
        env=extra_env,
    )
    step(f"Installing Odoo from {odoo_src} (editable)")
    _pip("install", "--no-build-isolation", "--no-deps", "-e", str(odoo_src))
    step("Installing the project's tooling (requirements.txt)")
    _pip("install", "--progress-bar", "off", "-r", str(ROOT / "requirements.txt"))
    STAMP.write_text(fingerprint + "\n")
    info(f"virtual environment ready in {timer}")
