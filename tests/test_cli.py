"""`tidings summarize` and friends, as a user runs them."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture(autouse=True)
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_FETCH__ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("TIDINGS_CONFIG", str(tmp_path / "absent.toml"))


def run_cli(*args: str) -> tuple[int, list[dict]]:
    """Run the command line in a child process (it owns its event loop) and parse its JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.returncode, lines


async def test_json_lines_in_input_order_and_one_bad_input_spares_the_others(
    page_server: str, tmp_path: Path
):
    text = tmp_path / "article.txt"
    text.write_text(
        "The harbour board approved 12 million euros for dredging on Monday.\n\n"
        "Work starts in January and lasts five months, the director said.\n\n"
        "Fishermen asked for a pause during the herring season."
    )
    code, results = await asyncio.to_thread(
        run_cli,
        "summarize",
        f"{page_server}/pages/aleppo-clashes.html",
        "not-a-link",
        str(PAGES / "hts-takes-kafr-halab.html"),
        str(text),
        "--json",
        "--url",
        "https://levant-wire.example/hts",
    )
    assert code == 1
    assert [r["input"] for r in results] == [
        f"{page_server}/pages/aleppo-clashes.html",
        "not-a-link",
        str(PAGES / "hts-takes-kafr-halab.html"),
        str(text),
    ]
    seed, bad, saved, plain = results
    assert seed["error"] is None
    assert seed["title"] == "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
    assert seed["site"] == "Frontline Monitor"
    assert seed["published"] == "2018-10-07"
    assert seed["language"] == "en"
    assert 3 <= len(seed["summary"]) <= 5
    assert {"name", "type", "aliases"} <= set(seed["facts"]["actors"][0])
    assert {"text", "value", "what"} <= set(seed["facts"]["figures"][0])
    assert seed["comments"]["count"] == 9
    assert {"author", "depth", "text"} <= set(seed["comments"]["items"][0])
    assert "Rustam" not in seed["text"]

    assert bad["error"] == "not-a-link is neither a link (http:// or https://) nor a file."
    assert saved["url"] == "https://levant-wire.example/hts"
    assert saved["published"] == "2018-10-09"
    assert plain["error"] is None
    assert plain["text"].startswith("The harbour board approved")
    assert plain["summary"]


async def test_text_output_and_exit_status(page_server: str):
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "summarize", f"{page_server}/pages/aleppo-clashes.html"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HTS Renews Offensive Against Zenki Fighters West Of Aleppo")
    assert "Who: Hay'at Tahrir al-Sham (HTS" in result.stdout


def test_missing_file_and_wrong_kind_of_file(tmp_path: Path, capsys):
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG")
    code = cli.main(["summarize", str(tmp_path / "gone.html"), str(image), "--json"])
    assert code == 1
    missing, wrong = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert missing["error"].startswith("Cannot read")
    assert wrong["error"].endswith("give me an .html page or a .txt article.")


def test_invalid_settings_are_reported_not_raised(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_FETCH__MAX_BYTES", "lots")
    assert cli.main(["check-config"]) == 2
    assert "max_bytes" in capsys.readouterr().err
