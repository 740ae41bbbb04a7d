"""Static checks of both add-ons: manifests, XML, access rules, translations."""

import csv
import re

import polib
import pytest
from lxml import etree

from conftest import ADDONS, ROOT, addon_paths, model_names, read_manifest

REQUIRED_KEYS = {"name", "summary", "version", "category", "website", "author", "license", "depends", "data"}


@pytest.mark.parametrize("addon", addon_paths(), ids=ADDONS)
def test_manifest_is_valid_and_complete(addon):
    manifest = read_manifest(addon)
    assert REQUIRED_KEYS <= manifest.keys(), REQUIRED_KEYS - manifest.keys()
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] in {"LGPL-3", "AGPL-3", "OPL-1"}
    assert manifest.get("installable", True)
    for key in ("data", "demo"):
        for relative in manifest.get(key, []):
            assert (addon / relative).is_file(), f"{addon.name}: {key} file {relative} is missing"
    listed = set(manifest["data"]) | set(manifest.get("demo", []))
    for path in addon.rglob("*.xml"):
        relative = str(path.relative_to(addon))
        if relative.startswith(("views/", "security/", "data/", "demo/", "report/", "wizards/")):
            assert relative in listed, f"{addon.name}: {relative} is not loaded by the manifest"
    assert (addon / "static" / "description" / "icon.png").is_file()
    for fragment in ("DESCRIPTION.md", "USAGE.md"):
        assert (addon / "readme" / fragment).is_file()


def test_dependencies_follow_the_architecture():
    assert set(read_manifest(ROOT / "kam_key_accounts")["depends"]) >= {"crm", "sale_management"}
    assert set(read_manifest(ROOT / "kam_mice")["depends"]) >= {
        "kam_key_accounts",
        "sale_management",
        "calendar",
    }


@pytest.mark.parametrize("path", sorted(p for a in addon_paths() for p in a.rglob("*.xml")), ids=str)
def test_xml_parses(path):
    etree.parse(str(path))
    assert "<tree" not in path.read_text(), "Odoo 18 uses <list>, not <tree>"
    assert " attrs=" not in path.read_text() and " states=" not in path.read_text()


@pytest.mark.parametrize("addon", addon_paths(), ids=ADDONS)
def test_every_model_has_access_rules_for_each_group(addon):
    with (addon / "security" / "ir.model.access.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    prefix = "kam" if addon.name == "kam_key_accounts" else "mice"
    user_group, manager_group = f"group_{prefix}_user", f"group_{prefix}_manager"
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model_id:id"], set()).add(row["group_id:id"])
    models = model_names(addon)
    assert models, f"{addon.name} defines no model"
    for name, attrs in models:
        if attrs.get("_abstract"):
            continue
        groups = by_model.get("model_" + name.replace(".", "_"), set())
        assert user_group in groups, f"{name}: no access rule for {user_group}"
        assert manager_group in groups, f"{name}: no access rule for {manager_group}"


@pytest.mark.parametrize("addon", addon_paths(), ids=ADDONS)
def test_french_translation_covers_the_template(addon):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    french = polib.pofile(str(addon / "i18n" / "fr.po"))
    assert len(pot) > 0
    translated = {(entry.msgctxt, entry.msgid) for entry in french if entry.msgstr and not entry.obsolete}
    missing = [entry.msgid for entry in pot if (entry.msgctxt, entry.msgid) not in translated]
    assert not missing, f"{addon.name}: {len(missing)} terms without French: {missing[:10]}"
    fuzzy = [entry.msgid for entry in french if "fuzzy" in entry.flags]
    assert not fuzzy, f"{addon.name}: fuzzy translations: {fuzzy[:10]}"
