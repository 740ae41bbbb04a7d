"""Odoo 18.0's source: ODOO_SRC (a folder, an archive or its URL), else the cache, else the official one."""

import os
import re
import shutil
import tarfile
import urllib.request
import zipfile
from pathlib import Path

from .console import Timer, WorkbenchError, info, step
from .paths import CACHE, DOWNLOADS, ODOO_SRC_CACHE, OFFICIAL_ODOO_ARCHIVE

ORIGIN_STAMP = ".kam-origin"
HOW_TO_PROVIDE = (
    "Odoo 18.0's source could not be had. Provide one of:\n"
    "  ODOO_SRC=/path/to/odoo             a source tree (git checkout or extracted archive) of Odoo 18.0\n"
    "  ODOO_SRC=/path/to/odoo-18.0.tar.gz an archive (.tar.gz, .tgz, .zip) of that tree\n"
    "  ODOO_SRC=https://.../18.0.tar.gz   a URL of such an archive\n"
    f"By default the official archive is downloaded from {OFFICIAL_ODOO_ARCHIVE}."
)


def odoo_version(src):
    """The (major, minor) version of an Odoo tree, or None when the folder is not one."""
    release = Path(src) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text(), re.M)
    return (int(match[1]), int(match[2])) if match else None


def extra_addons_paths(src):
    """Addons folders to add to Odoo's own: a git checkout keeps its apps in ``addons/``.

    A packaged (nightly) tree has every module under ``odoo/addons``, which Odoo always loads; any
    top-level ``addons/`` there is stale and must stay off the path.
    """
    src = Path(src)
    if (src / "odoo" / "addons" / "crm").is_dir():
        return []
    if (src / "addons" / "crm").is_dir():
        return [src / "addons"]
    raise WorkbenchError(f"{src} holds no Odoo apps (no crm module found)")


def _stamp(path):
    stamp = Path(path) / ORIGIN_STAMP
    return stamp.read_text().strip() if stamp.is_file() else None


def _check_tree(src, origin):
    version = odoo_version(src)
    if version is None:
        raise WorkbenchError(f"{origin} is not an Odoo source tree (no odoo/release.py)\n\n{HOW_TO_PROVIDE}")
    if version[0] != 18:
        raise WorkbenchError(f"{origin} is Odoo {version[0]}.{version[1]}, not 18.0\n\n{HOW_TO_PROVIDE}")


def _download(url):
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    target = DOWNLOADS / re.sub(r"[^A-Za-z0-9._-]", "_", url.split("://", 1)[-1])
    if target.is_file():
        return target
    step(f"Downloading {url}")
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done, next_report = 0, 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if done >= next_report:
                    info(f"{done >> 20} MiB" + (f" of {total >> 20} MiB" if total else ""))
                    next_report = done + (50 << 20)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WorkbenchError(f"could not download {url}: {error}\n\n{HOW_TO_PROVIDE}") from error
    partial.rename(target)
    return target


def _extract(archive, into):
    """Extract an archive into a folder, reporting progress, and return the Odoo root inside it."""
    step(f"Extracting {archive}")
    timer = Timer()
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            for index, member in enumerate(members, 1):
                zipped.extract(member, into)
                if index % 10000 == 0:
                    info(f"{index} of {len(members)} files")
    else:
        with tarfile.open(archive) as tarred:
            for index, member in enumerate(tarred, 1):
                tarred.extract(member, into, filter="data")
                if index % 10000 == 0:
                    info(f"{index} files")
    info(f"extracted in {timer}")
    for candidate in [Path(into), *sorted(Path(into).iterdir())]:
        if odoo_version(candidate):
            return candidate
    raise WorkbenchError(f"{archive} holds no Odoo source tree\n\n{HOW_TO_PROVIDE}")


def _materialize(origin):
    """Copy or extract ``origin`` into the cache, replacing what was there."""
    staging = CACHE / "odoo-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if re.match(r"^https?://", origin):
        tree = _extract(_download(origin), staging)
    elif Path(origin).is_dir():
        _check_tree(origin, origin)
        step(f"Copying the Odoo source tree {origin} into {ODOO_SRC_CACHE}")
        tree = staging / "odoo"
        shutil.copytree(origin, tree, ignore=shutil.ignore_patterns(".git"), symlinks=True)
    elif Path(origin).is_file():
        tree = _extract(origin, staging)
    else:
        raise WorkbenchError(
            f"ODOO_SRC={origin} is neither a folder, an archive nor a URL\n\n{HOW_TO_PROVIDE}"
        )
    _check_tree(tree, origin)
    (tree / ORIGIN_STAMP).write_text(origin + "\n")
    shutil.rmtree(ODOO_SRC_CACHE, ignore_errors=True)
    tree.rename(ODOO_SRC_CACHE)
    shutil.rmtree(staging, ignore_errors=True)


def ensure_odoo_source():
    """Return the cached Odoo 18.0 tree, bringing it from ODOO_SRC or the official archive first."""
    origin = os.environ.get("ODOO_SRC", "").strip()
    if origin and not re.match(r"^https?://", origin):
        origin = str(Path(origin).expanduser().resolve())
    cached = _stamp(ODOO_SRC_CACHE) if odoo_version(ODOO_SRC_CACHE) else None
    if cached and (not origin or origin == cached):
        return ODOO_SRC_CACHE
    _materialize(origin or OFFICIAL_ODOO_ARCHIVE)
    return ODOO_SRC_CACHE
