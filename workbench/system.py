"""Debian packages the stack needs: installed with apt-get when we are root, named otherwise."""

import os
import shutil
import subprocess

from .console import WorkbenchError, info, run, step

# What each need is for, so that a refusal can say exactly what is missing.
BUILD_PACKAGES = {
    "libldap2-dev": "python-ldap (an Odoo requirement) builds against it",
    "libsasl2-dev": "python-ldap (an Odoo requirement) builds against it",
    "libpq-dev": "psycopg2 (an Odoo requirement) builds against it",
}
BROWSER_PACKAGES = {"chromium": "browser tours (HttpCase) drive a headless Chromium"}
PDF_PACKAGES = {
    "wkhtmltopdf": "Odoo prints PDF reports with it",
    "poppler-utils": "the tests read the text of the PDFs with pdftotext",
}

_apt_updated = False


def is_root():
    return os.geteuid() == 0


def _installed(package):
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def ensure_packages(packages, *, required=True):
    """Install the Debian packages that are missing; without root, say which ones to install."""
    if not shutil.which("dpkg-query"):
        return []  # not Debian: the pip steps will say what fails to build
    missing = [name for name in packages if not _installed(name)]
    if not missing:
        return []
    if not (is_root() and shutil.which("apt-get")):
        reasons = "\n".join(f"  {name}: {packages[name]}" for name in missing)
        message = (
            f"missing Debian packages (install them as root: apt-get install {' '.join(missing)}):\n{reasons}"
        )
        if required:
            raise WorkbenchError(message)
        info(message)
        return missing
    global _apt_updated
    step(f"Installing Debian packages: {', '.join(missing)}")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        run(["apt-get", "update", "-q"], env=env)
        _apt_updated = True
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], env=env)
    return []


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_chromium():
    if chromium_path():
        return
    ensure_packages(BROWSER_PACKAGES)
    if not chromium_path():
        raise WorkbenchError(
            "Chromium is required for the browser tours: install Debian's 'chromium' package"
        )


def ensure_pdf_tools():
    """Debian's wkhtmltopdf (Odoo's PDF reports) and pdftotext (the tests read the PDFs)."""
    ensure_packages(PDF_PACKAGES)
    missing = [name for name in ("wkhtmltopdf", "pdftotext") if not shutil.which(name)]
    if missing:
        raise WorkbenchError(
            f"{', '.join(missing)} not found: install Debian's wkhtmltopdf and poppler-utils"
        )
