"""The import-linter contracts (pyproject.toml, run by `make lint`) name every module of bureau/."""

import pkgutil
import tomllib
from pathlib import Path

import bureau

ROOT = Path(__file__).resolve().parent.parent
# Not the shared layer: what serves one page or the whole site, settings, schema history, and the tools.
NOT_SHARED = {"dashboard", "report", "management", "settings", "urls", "wsgi", "asgi", "migrations", "devtools"}


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {contract["name"]: contract for contract in config["contracts"]}


def bureau_modules() -> set[str]:
    return {info.name for info in pkgutil.iter_modules(bureau.__path__) if info.name != "__init__"}


def test_every_module_of_bureau_is_in_a_layer():
    by_name = contracts()
    shared = next(c for name, c in by_name.items() if name.startswith("The shared layer"))
    production = next(c for name, c in by_name.items() if name.startswith("Development tools"))
    modules = bureau_modules()
    assert {f"bureau.{m}" for m in modules - NOT_SHARED} == set(shared["source_modules"])
    assert {f"bureau.{m}" for m in modules - {"devtools"}} <= set(production["source_modules"])
    assert production["forbidden_modules"] == ["bureau.devtools"]
