"""Shared helpers of the repo-level tests: where the add-ons are and how to reach Odoo."""

import ast
import configparser
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["kam_key_accounts", "kam_mice"]


def addon_paths():
    return [ROOT / name for name in ADDONS]


def read_manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def model_names(addon):
    """Models an add-on defines (``_name`` that is not also an ``_inherit`` of the same class)."""
    names = []
    for path in sorted(addon.rglob("*.py")):
        if "tests" in path.relative_to(addon).parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                    target = stmt.targets[0].id
                    if target in ("_name", "_inherit", "_auto", "_abstract", "_transient"):
                        try:
                            attrs[target] = ast.literal_eval(stmt.value)
                        except ValueError:
                            attrs[target] = None
            attrs["_abstract"] = attrs.get("_abstract") or any(
                getattr(base, "attr", getattr(base, "id", "")) == "AbstractModel" for base in node.bases
            )
            name = attrs.get("_name")
            inherit = attrs.get("_inherit")
            if name and name != inherit and not (isinstance(inherit, list) and name in inherit):
                names.append((name, attrs))
    return names


@pytest.fixture(scope="session")
def odoo_config():
    """The Odoo config the test command wrote; these tests only run under it."""
    path = os.environ.get("KAM_ODOO_CONFIG")
    if not path:
        pytest.fail("KAM_ODOO_CONFIG is not set: run these tests through the test command (make test)")
    parser = configparser.ConfigParser()
    parser.read(path)
    return Path(path), dict(parser["options"])
