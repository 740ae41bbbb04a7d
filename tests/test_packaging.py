"""The OCA packaging: whool builds a wheel per add-on; the metapackage depends on both."""

import subprocess
import sys
import tomllib
import zipfile

import pytest

from conftest import ADDONS, ROOT, addon_paths


@pytest.mark.parametrize("addon", addon_paths(), ids=ADDONS)
def test_addon_builds_a_wheel(addon, tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            tmp_path,
            addon,
        ],
        check=True,
    )
    wheels = list(tmp_path.glob(f"odoo_addon_{addon.name}-18.0.*.whl"))
    assert len(wheels) == 1, list(tmp_path.iterdir())
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
    assert f"odoo/addons/{addon.name}/__manifest__.py" in names
    assert f"odoo/addons/{addon.name}/i18n/fr.po" in names


def test_metapackage_depends_on_every_addon():
    project = tomllib.loads((ROOT / "setup" / "_metapackage" / "pyproject.toml").read_text())["project"]
    assert sorted(dep.split("==")[0] for dep in project["dependencies"]) == [
        f"odoo-addon-{a}" for a in ADDONS
    ]
