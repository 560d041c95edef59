"""Domain and storage point one way: storage may import the domain, never the reverse.

Walks every module of the ``bot`` package with :mod:`ast`. The domain (every package that
is neither Telegram glue nor persistence nor the wiring) depends on small Protocols of its
own, which the repositories satisfy; only the outer layers name a concrete repository.
"""

from __future__ import annotations

import ast
from pathlib import Path

import bot

PACKAGE = Path(bot.__file__).parent

OUTER = (
    "storage/",  # persistence itself
    "handlers/",  # Telegram glue: may use repositories directly
    "cli/",  # admin commands: open the database and call repositories
    "demo/",  # builds a demo deployment
    "emulator/",  # the fake Bot API server
    "app.py",  # wiring: opens the database, builds the services
    "services.py",  # wiring: the one place repositories meet the services that use them
    "deployment/",  # wiring: one Application per Pemda, each with its database and lease
    "tenants/location.py",  # wiring: where a Pemda's database is, and its settings
    "__main__.py",
    "texts/operations.py",  # the words of storage's own diagnosis of an unusable database
)


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an ``import`` or ``from ... import`` names, with its line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "bot":  # ``from bot import storage`` names a subpackage
                found += [(node.lineno, f"bot.{alias.name}") for alias in node.names]
    return found


def is_storage(module: str) -> bool:
    return module == "bot.storage" or module.startswith("bot.storage.")


def domain_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.relative_to(PACKAGE).as_posix().startswith(OUTER)
    ]


def test_the_walk_sees_the_domain_and_the_imports() -> None:
    # Not vacuous: the walk finds the domain packages, and the import finder sees what a
    # domain module importing storage would look like.
    names = {p.relative_to(PACKAGE).as_posix() for p in domain_modules()}
    assert {"checkin/journal.py", "delivery/dispatcher.py", "org/onboarding.py"} <= names
    assert "storage/org.py" not in names
    assert "services.py" not in names
    sample = ast.parse(
        "from bot.storage.org import OrgRepository\nimport bot.storage\nfrom bot import storage\n"
    )
    assert [m for _, m in imported_modules(sample) if is_storage(m)] == [
        "bot.storage.org",
        "bot.storage",
        "bot.storage",
    ]


def test_no_domain_module_imports_storage() -> None:
    offences = [
        f"{path.relative_to(PACKAGE)}:{line}: imports {module}"
        for path in domain_modules()
        for line, module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if is_storage(module)
    ]
    assert offences == []
