"""How a follow-up alert reads: the summary once, and what is new said without repeating it."""

from datetime import UTC, datetime

import pytest

from bot.core.codec import report_from_dict, report_to_dict
from bot.core.model import Alert, Article, Facts, ReplyField, ReplyKind, Report, Summary
from bot.core.render import alert_reply, digest_reply, render_text, report_reply

SUMMARY = (
    "HTS took full control of Kafr Halab on Tuesday.",
    "The withdrawal followed three days of fighting.",
    "A convoy of about 40 vehicles left towards Afrin.",
)
EARLIER = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"


def alert(**changes: object) -> Alert:
    values: dict[str, object] = {
        "id": 7,
        "room": "console:news",
        "title": "HTS seizes Kafr Halab",
        "url": "https://wire.example/kafr-halab",
        "summary": SUMMARY,
        "actors": ("Hay'at Tahrir al-Sham",),
        "source": "Levant Wire",
        "published": datetime(2018, 10, 9, 16, 45, tzinfo=UTC),
    }
    return Alert(**(values | changes))


def test_a_first_story_about_an_actor_is_its_summary_and_whom_it_is_about():
    reply = alert_reply(alert())
    assert reply.kind is ReplyKind.ALERT
    assert reply.title == "Follow-up: HTS seizes Kafr Halab"
    assert reply.body == " ".join(SUMMARY)
    assert reply.fields == (ReplyField("About", "Hay'at Tahrir al-Sham"),)
    assert reply.footer == "Levant Wire · 9 Oct 2018 · !unfollow NAME to stop"


@pytest.mark.parametrize(
    ("new", "said"),
    [
        (SUMMARY[::2], f"• {SUMMARY[0]}\n• {SUMMARY[2]}"),
        (SUMMARY, "All of the summary above."),
        ((), "Nothing that story did not already say."),
    ],
)
def test_what_is_new_names_the_earlier_story_and_never_repeats_the_whole_summary(new, said):
    reply = alert_reply(alert(new=new, earlier=EARLIER))
    assert reply.body == " ".join(SUMMARY)
    assert reply.fields[1] == ReplyField(f"What is new since “{EARLIER}”", said)


def test_as_text_the_new_points_line_up_under_their_label():
    text = render_text(alert_reply(alert(new=SUMMARY[::2], earlier=EARLIER)))
    assert f"What is new since “{EARLIER}”:\n• {SUMMARY[0]}\n• {SUMMARY[2]}\n" in text
    assert "About: Hay'at Tahrir al-Sham\n" in text


def test_a_long_earlier_title_is_clipped_in_the_label():
    reply = alert_reply(alert(new=SUMMARY[:1], earlier="Aleppo " * 40))
    label = reply.fields[1].name
    assert len(label) < 120
    assert label.endswith("…”")


def test_digest_lists_each_story_with_its_first_new_sentence():
    text = render_text(
        digest_reply([alert(new=SUMMARY[2:], earlier=EARLIER), alert(title="Second story")])
    )
    assert text.startswith("Follow-up digest: 2 new stories")
    about = "(Hay'at Tahrir al-Sham) <https://wire.example/kafr-halab>"
    assert f"• HTS seizes Kafr Halab {about}\n  {SUMMARY[2]}" in text
    assert f"• Second story {about}\n  {SUMMARY[0]}" in text


def test_an_article_whose_language_the_fact_rules_cannot_read_says_so():
    report = Report(
        article=Article(
            url="https://landtag.example/haushalt",
            title="Landtag beschließt Doppelhaushalt",
            text="Der Landtag hat am Freitag den Doppelhaushalt beschlossen.",
            site="Landeszeitung",
            language="de",
        ),
        summary=Summary(("Der Landtag hat am Freitag den Doppelhaushalt beschlossen.",), "de"),
        facts=Facts(unread_language="de"),
    )
    reply = report_reply(report)
    assert reply.fields == ()
    assert reply.footer == (
        "Landeszeitung · German · key facts are picked out of English articles only"
    )
    # The cache keeps the reason too.
    assert report_from_dict(report_to_dict(report)) == report
