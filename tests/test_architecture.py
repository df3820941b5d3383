"""The backend's structure, checked: layers and contracts, manifests, one declaration per field, small files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLObjectType

from rapport.assembly import MANIFESTS, build_schema, install
from rapport.graphql.declare import (
    Column,
    Computed,
    Derived,
    Expression,
    FromRow,
    Given,
    Merged,
    Relation,
    Rendered,
    Sensitive,
    Through,
    declaration,
    public_fields,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "backend" / "rapport"
MAX_LINES = 400


def test_no_backend_file_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, "split these files by feature (a file past ~400 lines becomes a package)"


def test_importing_every_module_registers_nothing() -> None:
    """Only the composition root fills registries: importing any module, in any order, adds nothing."""
    probe = textwrap.dedent(
        """
        import importlib, pkgutil, random, sys
        import rapport
        names = sorted(m.name for m in pkgutil.walk_packages(rapport.__path__, "rapport.")
                       if not m.name.startswith(("rapport.assembly", "rapport.__main__")))
        random.Random(int(sys.argv[1])).shuffle(names)
        for name in names:
            importlib.import_module(name)
        from rapport.core import crypto, jobs
        from rapport.core.authz import rules, scopes
        from rapport.graphql import node
        from rapport.manifest import _installed
        filled = {
            "jobs": list(jobs.JOBS),
            "argument rules": list(rules.ARGUMENT_RULES),
            "input targets": list(rules.INPUT_TARGETS),
            "row scopes": list(scopes._row_scopes),
            "related scopes": list(scopes._related),
            "team subtree": len(scopes._team_subtree),
            "encrypted columns": len(crypto.ENCRYPTED_COLUMNS),
            "node fetchers": list(node._FETCHERS),
            "assembly": len(_installed),
        }
        print({k: v for k, v in filled.items() if v})
        """
    )
    for seed in (1, 2):
        found = subprocess.run(
            [sys.executable, "-c", probe, str(seed)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        assert found.stdout.strip() == "{}", f"registered on import (seed {seed}): {found.stdout}"


def _schema_types() -> dict[str, type[Any]]:
    schema = build_schema()  # contributed fields are in place once Rapport is assembled
    found: dict[str, type[Any]] = {}
    for name, graphql_type in schema._schema.type_map.items():
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        if isinstance(graphql_type, GraphQLObjectType) and definition is not None:
            found[name] = definition.origin
    return found


def test_every_node_type_is_built_from_its_row_by_its_declarations() -> None:
    schema = build_schema()
    node_types = {
        name
        for name, graphql_type in schema._schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType) and any(i.name == "Node" for i in graphql_type.interfaces)
    }
    types = _schema_types()
    assert {name for name in node_types if not issubclass(types[name], FromRow)} == set()


@pytest.mark.parametrize("name", sorted(name for name, t in _schema_types().items() if issubclass(t, FromRow)))
def test_each_field_of_a_declared_type_is_declared_once_and_reads_something_real(name: str) -> None:
    cls = _schema_types()[name]
    table = install().tables.get(name)
    for item in public_fields(cls):
        spec = declaration(item)
        where = f"{name}.{item.python_name}"
        if item.base_resolver is None:
            assert spec is None or isinstance(spec, Column | Expression), where
            if table is not None and item.python_name != "id" and not isinstance(spec, Expression):
                attribute = (spec.attribute if isinstance(spec, Column) else None) or item.python_name
                assert hasattr(table.model, attribute), f"{where}: {table.model.__name__} has no {attribute}"
        else:
            declared = Relation | Sensitive | Computed | Through | Derived | Rendered | Given | Merged
            assert isinstance(spec, declared), f"{where} is a resolver without a declaration"
            if isinstance(spec, Sensitive) and table is not None:
                assert hasattr(table.model, spec.column), where
            if isinstance(spec, Relation) and spec.shape != "embedded":
                assert spec.rows is not None, where


def test_each_manifest_names_its_domain() -> None:
    assert [m.name for m in MANIFESTS] == [
        "identity",
        "customers",
        "activities",
        "support",
        "sales",
        "analytics",
        "marketing",
        "mail",
        "integrations",
    ]


def test_import_contracts_catch_a_domain_importing_another_domains_models(tmp_path: Path) -> None:
    """`make lint` runs the contracts; a deliberate violation makes them fail, naming the import."""
    linter = Path(sys.executable).with_name("lint-imports")
    copy = tmp_path / "backend"
    shutil.copytree(PACKAGE, copy / "rapport", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")

    def lint() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(linter), "--no-cache"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
            check=False,
        )

    clean = lint()
    assert clean.returncode == 0, clean.stdout[-2000:]
    sales = copy / "rapport" / "sales" / "__init__.py"
    sales.write_text(sales.read_text() + "\nimport rapport.customers.models  # a deliberate violation\n")
    broken = lint()
    assert broken.returncode != 0
    assert "rapport.sales -> rapport.customers.models" in " ".join(broken.stdout.split())
