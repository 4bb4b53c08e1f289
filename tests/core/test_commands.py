import pytest

from bot.core import commands
from bot.core.commands import (
    MAX_LINKS,
    Follow,
    Following,
    Help,
    Invalid,
    Sources,
    Summarize,
    Unfollow,
    Unknown,
    links_in,
    parse,
    strip_link,
)


@pytest.mark.parametrize("text", ["hello", "", "   ", "!", "!!!", "! summarize", "what!summarize"])
def test_plain_text_is_not_a_command(text):
    assert parse(text) is None


def test_summarize_with_links_keeps_order_and_drops_repeats():
    command = parse("!summarize https://a.example/x <https://b.example/y>, https://a.example/x")
    assert command == Summarize(("https://a.example/x", "https://b.example/y"))


def test_summarize_without_link_asks_for_a_conversation_digest():
    assert parse("!summarize") == Summarize(())
    assert parse("  !Summarise  ") == Summarize(())


def test_summarize_caps_the_number_of_links():
    urls = " ".join(f"https://n.example/{i}" for i in range(MAX_LINKS + 3))
    command = parse(f"!summarize {urls}")
    assert isinstance(command, Summarize)
    assert len(command.targets) == MAX_LINKS
    assert command.dropped == 3


def test_non_links_are_passed_on_for_the_fetcher_to_refuse():
    assert parse("!summarize hello ftp://x.example/file") == Summarize(
        ("hello", "ftp://x.example/file")
    )


def test_other_prefix():
    assert parse("?help", prefix="?") == Help()
    assert parse("!help", prefix="?") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!help", Help()),
        ("!help follow", Help("follow")),
        ("!follow", Follow()),
        ("!follow Hay'at Tahrir al-Sham", Follow("Hay'at Tahrir al-Sham")),
        ("!unfollow HTS", Unfollow("HTS")),
        ("!unfollow", Invalid("unfollow", commands.USAGE["unfollow"])),
        # Punctuation alone names nobody: it would reach the database as an empty name.
        ("!follow !!!", Invalid("follow", commands.USAGE["follow"])),
        ("!follow — +aleppo", Invalid("follow", commands.USAGE["follow"])),
        ("!unfollow ???", Invalid("unfollow", commands.USAGE["unfollow"])),
        ("!follow 3M", Follow("3M")),
        ("!follow +ceasefire -football", Invalid("follow", commands.USAGE["follow"])),
        ("!following", Following()),
        ("!sources", Sources()),
        ("!sources add <https://feeds.example/rss>", Sources("add", "https://feeds.example/rss")),
        (
            "!sources remove https://feeds.example/rss",
            Sources("remove", "https://feeds.example/rss"),
        ),
        ("!sources drop", Invalid("sources", commands.USAGE["sources"])),
        ("!frobnicate now", Unknown("frobnicate")),
    ],
)
def test_commands(text, expected):
    assert parse(text) == expected


def test_unbalanced_quote_does_not_break_parsing():
    assert parse('!summarize "https://a.example/x') == Summarize(("https://a.example/x",))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<https://a.example/x>", "https://a.example/x"),
        ("https://a.example/x.", "https://a.example/x"),
        ("https://en.example/wiki/Foo_(bar)", "https://en.example/wiki/Foo_(bar)"),
        ("(https://a.example/x).", "https://a.example/x"),
    ],
)
def test_strip_link(raw, clean):
    assert strip_link(raw) == clean


def test_links_in_free_text():
    text = "see https://a.example/1, and <https://b.example/2> or https://a.example/1."
    assert links_in(text) == ("https://a.example/1", "https://b.example/2")


def test_follow_with_apostrophes_and_keywords():
    assert parse("!follow Hay'at Tahrir al-Sham's +Aleppo -football") == Follow(
        "Hay'at Tahrir al-Sham's", ("aleppo",), ("football",)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!alerts", commands.Alerts()),
        ("!alerts Digest", commands.Alerts("digest")),
        ("!alerts loud", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit 3", commands.Alerts(limit=3)),
        ("!alerts LIMIT 60 immediate", commands.Alerts("immediate", 60)),
        ("!alerts digest limit 1", commands.Alerts("digest", 1)),
        ("!alerts limit 0", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit 61", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit three", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit ３", commands.Alerts(limit=3)),  # typed with a CJK keyboard
        ("!alerts digest digest", Invalid("alerts", commands.USAGE["alerts"])),
        ("!alerts limit 2 limit 3", Invalid("alerts", commands.USAGE["alerts"])),
    ],
)
def test_alerts(text, expected):
    assert parse(text) == expected


def test_an_overlong_name_is_refused_before_it_reaches_the_database():
    assert parse("!follow " + "x" * 121) == Invalid("follow", commands.USAGE["follow"])
    assert parse("!unfollow " + "x" * 121) == Invalid("unfollow", commands.USAGE["unfollow"])
    assert parse("!follow " + "x" * 120) == Follow("x" * 120)
