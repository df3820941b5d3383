"""Text for people is written as literal English templates with a Chinese translation (docs/development.md,
"Writing text for people"): read every module of the package and check each place a message is made.

A message is made by `msg(template, ...)`, passed to a `RapportError` subclass, to `UserError.of`, or as a
notification's `title` / `body`. There it must be a string literal or `msg("literal", ...)` (either side of a
conditional expression), a module constant holding one, a message made elsewhere and passed on in a name ending
in `text` (`error.text`, `text`), or text a person typed (`typed(comment)`): never an f-string, a concatenation,
`.format`, `str(...)` or another variable. Every template has a zh-CN entry with the same placeholders,
and the catalog has no entry that no module uses. One generated test per module, so a failure names the file.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import rapport
from rapport.core.errors import RapportError
from rapport.core.i18n import CATALOG_DIR, placeholders

PACKAGE = Path(rapport.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
CATALOG: dict[str, str] = json.loads((CATALOG_DIR / "zh-CN.json").read_text(encoding="utf-8"))


def _error_classes() -> set[str]:
    """The names of RapportError and every class that derives from it, anywhere in the package."""
    bases: dict[str, set[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(n for n in map(_name, node.bases) if n)
    names = {RapportError.__name__}
    while grown := {name for name, parents in bases.items() if parents & names} - names:
        names |= grown
    return names


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


ERRORS = _error_classes()


def _text_arguments(call: ast.Call) -> Iterator[ast.expr]:
    """The arguments of a call that are text for people."""
    name = _name(call.func)
    user_error_of = name == "of" and isinstance(call.func, ast.Attribute) and _name(call.func.value) == "UserError"
    if name in ERRORS or user_error_of:
        if call.args:
            yield call.args[0]
        yield from (k.value for k in call.keywords if k.arg in ("message", "text"))
    if name == "notify":
        yield from (k.value for k in call.keywords if k.arg in ("title", "body"))


def _problem(node: ast.expr, constants: dict[str, ast.expr]) -> str | None:
    """Why this text argument is not a literal template (None when it is one)."""
    if isinstance(node, ast.Name) and node.id in constants:
        return _problem(constants[node.id], {})
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None
    if isinstance(node, ast.Constant) and node.value is None:
        return None  # no body
    if isinstance(node, ast.IfExp):
        return _problem(node.body, constants) or _problem(node.orelse, constants)
    if isinstance(node, ast.Call) and _name(node.func) in ("msg", "typed"):
        return None  # checked as a msg() call; what a person typed is shown as typed
    if (isinstance(node, ast.Attribute) and node.attr.endswith("text")) or (
        isinstance(node, ast.Name) and node.id.endswith("text")
    ):
        return None  # a message made elsewhere, passed on (`error.text`, `scope.missing_text`, `text`)
    return f"{ast.unparse(node)!r} is not a literal template or msg('literal', ...)"


def _literals(node: ast.expr, constants: dict[str, ast.expr]) -> set[str]:
    """The literal templates a text argument holds itself (a msg() call's are collected as a call)."""
    if isinstance(node, ast.Name) and node.id in constants:
        return _literals(constants[node.id], {})
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body, constants) | _literals(node.orelse, constants)
    return set()


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level names bound once to a string literal or a msg() call."""
    constants: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        literal = isinstance(value, ast.Constant) and isinstance(value.value, str)
        if isinstance(target, ast.Name) and (literal or (isinstance(value, ast.Call) and _name(value.func) == "msg")):
            constants[target.id] = value
    return constants


def _scan(source: str) -> tuple[set[str], list[str]]:
    """The literal templates of a module's source, and the places where text is not a literal template."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    templates: set[str] = set()
    problems: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _name(node.func) == "msg" and isinstance(node.func, ast.Name):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                templates.add(first.value)
            else:
                problems.append(f"line {node.lineno}: msg() needs a literal template, got {ast.unparse(node)!r}")
        for argument in _text_arguments(node):
            problem = _problem(argument, constants)
            if problem:
                problems.append(f"line {node.lineno}: {problem}")
            templates |= _literals(argument, constants)
    return templates, problems


def _relative(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


SCANNED = {path: _scan(path.read_text(encoding="utf-8")) for path in MODULES}


class TestMessages:
    """Generated: one case per module of the package."""

    @pytest.mark.parametrize("path", MODULES, ids=_relative)
    def test_text_for_people_is_a_literal_template(self, path: Path) -> None:
        assert SCANNED[path][1] == []

    @pytest.mark.parametrize("path", MODULES, ids=_relative)
    def test_every_template_has_a_chinese_translation_with_the_same_placeholders(self, path: Path) -> None:
        missing = sorted(t for t in SCANNED[path][0] if t not in CATALOG)
        assert missing == [], "add these to backend/rapport/locales/zh-CN.json"
        differing = {t: CATALOG[t] for t in SCANNED[path][0] if placeholders(CATALOG[t]) != placeholders(t)}
        assert differing == {}


def test_the_catalog_has_no_entry_that_no_module_uses() -> None:
    used = set().union(*(templates for templates, _ in SCANNED.values()))
    assert sorted(set(CATALOG) - used) == []


def test_the_check_finds_what_it_must() -> None:
    """The scan itself: it reports an f-string, a concatenation and a variable, and collects literal templates."""
    source = (
        "raise NotFoundError(f'No ticket {n}')\n"
        "raise BadUserInputError('a' + b, field='x')\n"
        "notify(s, u, kind='k', title=heading, body=msg('Due {due}', due=d))\n"
        "raise ConflictError(msg('Stale {what}', what=w) if a else 'Plain.')\n"
        "UserError.of(msg(template), code='X')\n"
        "GONE = msg('Gone.')\nraise NotFoundError(GONE)\nraise NotFoundError(gone)\n"
        "notify(s, u, kind='k', title=msg('Hi'), body=typed(comment))\n"
    )
    templates, problems = _scan(source)
    assert templates == {"Due {due}", "Stale {what}", "Plain.", "Gone.", "Hi"}
    assert sorted(p.split(":")[0] for p in problems) == ["line 1", "line 2", "line 3", "line 5", "line 8"]
