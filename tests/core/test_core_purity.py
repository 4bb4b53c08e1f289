"""The core decides what to say; it must not reach a platform, the network or the disk."""

import ast
from pathlib import Path

import bot.core

CORE = Path(bot.core.__file__).parent
FORBIDDEN = {
    "aiohttp",
    "aiosqlite",
    "apscheduler",
    "asyncpg",
    "discord",
    "feedparser",
    "http",
    "httpx",
    "lxml",
    "nio",
    "requests",
    "socket",
    "sqlalchemy",
    "sqlite3",
    "ssl",
    "subprocess",
    "trafilatura",
    "urllib3",
}
ALLOWED_FIRST_PARTY = {"bot.core", "bot.text.languages", "bot.text.shortening"}


def _imports(path: Path, *, package: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            # Relative imports are resolved against the file's package ("..store" is bot.store).
            base = list(package)[: len(package) - node.level + 1]
            names.add(".".join([*base, *([node.module] if node.module else [])]))
    return names


def test_core_imports_no_platform_or_io_library():
    offenders = {
        f"{path.name}: {name}"
        for path in CORE.rglob("*.py")
        for name in _imports(path, package=("bot", "core", *path.relative_to(CORE).parent.parts))
        if name.split(".")[0] in FORBIDDEN
        or (
            name.startswith("bot.")
            and not any(name == p or name.startswith(p + ".") for p in ALLOWED_FIRST_PARTY)
        )
    }
    assert not offenders, f"bot/core must stay pure, found: {sorted(offenders)}"


def test_purity_check_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import aiohttp\nfrom bot.store import Database\nfrom ..track import Tracker\n"
        "from .model import Reply\n"
    )
    found = _imports(sample, package=("bot", "core"))
    assert found == {"aiohttp", "bot.store", "bot.track", "bot.core.model"}
