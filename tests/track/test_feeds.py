import gzip
import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.track import feeds
from bot.track.feeds import FeedError, FeedItem, fill_template, is_template, parse_feed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
READABLE = sorted(
    path.name
    for path in FEEDS.iterdir()
    if path.name not in {"binary.png", "empty.xml", "html-page.html"}
)
WELL_FORMED_XML = [
    name
    for name in READABLE
    if name.endswith((".xml", ".rdf"))
    and name not in {"truncated.xml", "unescaped-ampersand.xml", "no-items.xml"}
]


def read(
    name: str, *, url: str = "https://feeds.example/feed", content_type: str = ""
) -> list[FeedItem]:
    return parse_feed((FEEDS / name).read_bytes(), url=url, content_type=content_type).items


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def titles(items: list[FeedItem]) -> list[str]:
    return [item.title for item in items]


def test_wordpress_feed_keys_on_guid_and_cleans_titles_and_summaries():
    items = read("wordpress-rss2.xml", url="https://www.valleyledger.example/feed/")

    assert titles(items) == [
        "Council’s bus depot plan clears first vote – objectors vow appeal",
        "Flood barrier at Ashby Weir to be raised by 40cm after winter overtopping",
        "Live: Marren Valley election count & results",
        "Quarry Lane residents’ group: “We will not give up”",
        "Support the Valley Ledger",
    ]
    assert [item.key for item in items] == [
        "https://www.valleyledger.example/?p=48213",
        "https://www.valleyledger.example/?p=48207",
        "https://www.valleyledger.example/?p=48190",
        "https://www.valleyledger.example/?p=48177",
        "https://www.valleyledger.example/?page_id=12",
    ]
    assert items[0].url == (
        "https://www.valleyledger.example/2024/06/04/councils-bus-depot-plan-clears-first-vote/"
    )
    assert items[4].url == (
        "https://www.valleyledger.example/support/?utm_source=rss&utm_medium=rss&utm_campaign=support"
    )
    assert [item.published for item in items] == [
        utc(2024, 6, 4, 16, 5, 31),
        utc(2024, 6, 4, 11, 20),
        utc(2024, 6, 3, 22, 58),
        utc(2024, 6, 3, 9),
        utc(2024, 6, 2, 8),
    ]
    # The excerpt, without the "The post … appeared first on …" footer.
    assert items[0].summary == (
        "Councillors voted 9–4 on Tuesday to move the Marren bus depot to the old gasworks site,"
        " a decision residents of Quarry Lane say they will fight at the planning inspectorate…"
    )
    # "[…]" read-more markers go; the sentence already ends.
    assert items[1].summary == (
        "The Environment Agency will spend £2.3m raising the barrier after water spilled over it"
        " twice in January."
    )
    # An empty description falls back to content:encoded, without scripts or styles.
    assert items[2].summary == (
        "Follow the count at Marren Leisure Centre as it happens. Ballot boxes arriving now"
        " — Valley Ledger (@valleyledger) First declarations are expected around 2am."
    )
    assert items[4].summary == "Local news costs money. Become a member from £3 a month."


def test_newspaper_feed_without_guids_keys_on_links_and_resolves_relative_ones():
    items = read("newspaper-cms.xml", url="https://www.coastherald.example/rss/world.xml")

    assert titles(items) == [
        "Port of Velsa reopens after three-day dockworkers' strike",
        "Drought forces water rationing in three northern provinces",
        "Opinion: The quiet end of the night ferry",
    ]
    tags = "?utm_source=rss&utm_medium=feed&utm_campaign=world"
    assert [item.url for item in items] == [
        "https://www.coastherald.example/world/europe/2024/06/04/velsa-port-reopens-strike-ends"
        + tags,
        "https://www.coastherald.example/world/africa/2024/06/04/drought-water-rationing" + tags,
        "https://www.coastherald.example/world/opinion/2024/06/03/night-ferry-column" + tags,
    ]
    assert [item.key for item in items] == [item.url for item in items]
    assert [item.published for item in items] == [
        utc(2024, 6, 4, 8, 14, 52),
        utc(2024, 6, 3, 23, 30),
        utc(2024, 6, 3, 7),
    ]
    assert items[1].summary == (
        "Households will receive water on alternate days from next week, the ministry said."
    )


def test_rss_091_with_its_doctype_and_html_entities():
    items = read("rss091.xml")

    assert titles(items) == [
        "Mill fire: owners deny safety breaches",
        "Café owner wins appeal over pavement seating",
        "School roof repairs delayed until autumn",
    ]
    assert [item.key for item in items] == [
        "http://www.dunmoregazette.example/news/story.php?id=20931",
        "http://www.dunmoregazette.example/news/story.php?id=20927",
        "http://www.dunmoregazette.example/news/story.php?id=20925",
    ]
    assert [item.url for item in items] == [item.key for item in items]
    assert items[1].summary == "The town's licensing panel overturned its own refusal."
    assert [item.published for item in items] == [None, None, None]


def test_rss_10_keys_on_rdf_about_and_reads_dublin_core_dates():
    items = read("rss10.rdf")

    assert [item.key for item in items] == [
        "https://science.tidewatch.example/articles/2024-06-04-coral-survey",
        "https://science.tidewatch.example/articles/2024-06-03-glacier-loss",
    ]
    assert [item.url for item in items] == [f"{item.key}?from=rss" for item in items]
    assert titles(items) == [
        "Reef survey finds bleaching in 60 per cent of sites",
        "Alpine glaciers lost 4% of volume last year",
    ]
    assert [item.published for item in items] == [utc(2024, 6, 3, 22, 30), utc(2024, 6, 3, 16)]
    assert items[1].summary == "The loss was the second largest on record, after 2022."


def test_atom_resolves_links_against_xml_base_and_keys_on_ids():
    items = read("atom-xmlbase.xml", url="https://www.northernwire.example/feeds/all.atom")

    assert [item.url for item in items] == [
        "https://www.northernwire.example/world/2024/06/ferry-operator-suspends-skarra-crossings",
        # The first link is rel="related"; the alternate one (no rel) is the story.
        "https://www.northernwire.example/politics/2024/06/harbour-chief-named",
        "https://sport.northernwire.example/hockey/2024/06/final-third-overtime",
        # No link at all: the id is the story's address.
        "https://www.northernwire.example/corrections/2024/06/04",
    ]
    assert [item.key for item in items] == [
        "tag:northernwire.example,2024:story-8812",
        "tag:northernwire.example,2024:story-8809",
        "tag:northernwire.example,2024:story-8801",
        "https://www.northernwire.example/corrections/2024/06/04",
    ]
    assert titles(items) == [
        "Ferry operator suspends Skarra crossings",
        "Mayor Halvorsen names new harbour chief",
        "Ice hockey final goes to a third overtime",
        'Correction: "Skarra" spelling',
    ]
    assert [item.published for item in items] == [
        utc(2024, 6, 4, 11, 42, 17, 350000),
        utc(2024, 6, 4, 3, 45),
        # published wins over updated.
        utc(2024, 6, 3, 20, 10),
        utc(2024, 6, 4, 8),
    ]
    assert items[0].summary == (
        "Gale-force winds and a damaged ramp have halted all sailings until Friday."
    )
    assert items[1].summary == "The former coastguard commander takes over on 1 July."
    assert items[2].summary == (
        "Tromsvik and Lyngen are still level at 3 & 3 after 140 minutes of play."
    )


def test_search_feed_drops_the_publisher_suffix_its_source_names():
    items = read("google-news-search.xml", url="https://news.google.com/rss/search?q=velsa")

    assert titles(items) == [
        "Velsa port authority confirms strike deal",
        # Only the final " - Publisher" goes; dashes inside the headline stay.
        "Dockers back at work - day one - after Velsa walkout",
        # The suffix differs from the <source> name, so nothing is cut.
        "Velsa: what the port deal means for ferry fares - Coast Herald",
    ]
    assert items[0].key == (
        "CBMiVmh0dHBzOi8vd3d3LmNvYXN0aGVyYWxkLmV4YW1wbGUvd29ybGQvdmVsc2EtcG9ydC1kZWFs0gEA"
    )
    assert all(item.url.startswith("https://news.google.com/rss/articles/CBMi") for item in items)
    assert all(item.url.endswith("?oc=5") for item in items)
    assert items[0].summary == "Velsa port authority confirms strike deal The Coast Herald"
    assert items[2].published == utc(2024, 6, 3, 19, 2)


def test_json_feed_11():
    items = read("jsonfeed-11.json", url="https://lanternstreet.example/feed.json")

    assert [item.key for item in items] == [
        "https://lanternstreet.example/2024/06/04/tram-extension-approved",
        "link-2024-06-04-bakery",
        "note-5531",
        "https://lanternstreet.example/2024/06/03/library-hours",
    ]
    assert [item.url for item in items] == [
        "https://lanternstreet.example/2024/06/04/tram-extension-approved",
        "https://other-news.example/food/lantern-street-bakery-closing",
        "https://lanternstreet.example/notes/5531",
        "https://lanternstreet.example/2024/06/03/library-hours",
    ]
    assert titles(items) == [
        "Tram extension to Ostend Park approved",
        "Elsewhere: the Lantern Street bakery is closing after 61 years",
        # An untitled note is titled by its own opening words.
        "Power is back on in the east of the borough, the grid operator says. More when we have"
        " it.",
        "Library hours cut at three branches",
    ]
    assert items[0].summary == (
        "The 1.8 km extension will open in 2027, the transport board said — two years later"
        " than first promised."
    )
    assert items[3].summary == "The council will save £240,000 a year."
    assert [item.published for item in items] == [
        utc(2024, 6, 4, 18, 3),
        utc(2024, 6, 4, 10),
        utc(2024, 6, 4, 9, 12, 44),
        None,
    ]


def test_json_feed_10_with_numeric_ids_and_only_modified_dates():
    items = read("jsonfeed-10.json", url="https://pellriver.example/feeds/latest.json")

    assert [item.key for item in items] == ["90211", "90207", "90200"]
    assert [item.url for item in items] == [
        "https://pellriver.example/news/90211-bridge-inspection",
        "https://pellriver.example/news/90207-festival-dates",
        "",
    ]
    assert titles(items) == [
        "Old Mill bridge closed for emergency inspection",
        "Pell River festival dates announced & tickets on sale",
        "Ward 4 by-election: full results",
    ]
    assert items[0].summary == (
        "Engineers found cracks in two support piers on Monday. Diversions via Weir Road are in"
        " place."
    )
    assert [item.published for item in items] == [
        utc(2024, 6, 3, 20, 40),
        utc(2024, 6, 3, 11),
        None,
    ]


def test_rss_rendered_as_json():
    items = read("rss-as-json.json", url="https://kestrelbay.example/rss.json")

    assert [item.key for item in items] == ["kbt-10442", "kbt-10440"]
    assert titles(items) == ["Kestrel Bay pier reopens after storm repairs", "Harbour fees to rise"]
    assert items[0].summary == "The pier was closed for five months."
    assert items[1].published == utc(2024, 6, 3, 14, 30)


@pytest.mark.parametrize("content_type", ["", "text/xml", "application/rss+xml; charset=utf-8"])
def test_gb2312_feed_declared_in_the_prolog(content_type):
    items = read("gb2312-rss.xml", content_type=content_type)

    assert titles(items) == [
        "江城地铁三号线今日开通试运营",
        "暴雨预警：本周末全市将有大到暴雨",
        # 喆 is outside GB2312: the site really writes GBK, as many do.
        "王喆当选市商会新一届会长",
    ]
    assert items[0].summary == "全长二十八公里，共设二十二座车站。"
    assert items[0].published == utc(2024, 6, 4, 0, 30)
    assert items[1].key == "http://www.jiangcheng-daily.example/news/2024-06/04/content_771188.htm"


@pytest.mark.parametrize(
    "content_type", ["", "application/rss+xml; charset=UTF-8", "text/xml; charset=iso-8859-1"]
)
def test_latin1_feed_declared_in_the_prolog_wins_over_a_wrong_header(content_type):
    items = read("latin1-rss.xml", content_type=content_type)

    assert titles(items) == [
        "Grève des cheminots : trafic très perturbé jeudi",
        # Declared ISO-8859-1, written windows-1252: the apostrophe is byte 0x92.
        "L’Assemblée régionale adopte le budget « mobilité »",
        "Grenzgänger: Müller-Straße in Überlingen ab Montag gesperrt",
    ]
    assert items[1].summary == "Le texte a été voté à une courte majorité…"
    assert items[2].summary == "Die Sanierung kostet rund 1,2 Mio. € und dauert bis Oktober."
    assert [item.key for item in items] == [
        "cv-2024-06-04-0193",
        "cv-2024-06-04-0188",
        "cv-2024-06-04-0171",
    ]


@pytest.mark.parametrize(
    "content_type",
    [
        "",
        "application/rss+xml; charset=utf-8",
        "text/xml; charset=ISO-8859-1",
        "text/xml; charset=nonsense",
    ],
)
def test_undeclared_latin1_bytes_read_right_whatever_the_header(content_type):
    items = read("latin1-undeclared.xml", content_type=content_type)

    assert titles(items) == [
        "Fähre nach Meersburg fällt wegen Niedrigwasser aus",
        "Größtes Seefest seit Jahren: Bürgermeisterin zieht Bilanz",
    ]


def test_header_charset_decides_when_the_document_declares_none():
    body = '<rss version="2.0"><channel><item><title>Ладога</title><link>https://ladoga.example/1</link></item></channel></rss>'.encode(
        "cp1251"
    )

    items = parse_feed(
        body, url="https://ladoga.example/rss", content_type="text/xml; charset=windows-1251"
    ).items

    assert titles(items) == ["Ладога"]


def test_utf16_feed_with_a_byte_order_mark():
    items = read("utf16-bom.xml")

    assert titles(items) == ["Ocelárna v Třinci zvyšuje výrobu"]
    assert items[0].key == "obw-55120"
    assert items[0].published == utc(2024, 6, 4, 8)


def test_control_characters_are_dropped_not_fatal():
    items = read("control-chars.xml")

    assert titles(items) == [
        "Tunnel works close Line 2 for the weekend",
        "Night market returns to Canal Square",
    ]
    assert items[0].summary == "Replacement buses run every ten minutes."


def test_truncated_feed_yields_the_items_it_holds():
    items = read("truncated.xml")

    assert [item.key for item in items] == ["hpo-7781", "hpo-7779", "hpo-7777"]
    assert titles(items) == [
        "Lifeboat crew rescue four from drifting yacht",
        "Harbour wall repairs to cost £1.1m",
        "Ferry timetable changes from Sunday",
    ]
    assert items[0].published == utc(2024, 6, 4, 4, 50)


def test_bare_ampersands_are_read_as_text():
    items = read("unescaped-ampersand.xml")

    assert titles(items) == [
        "Barrow & Sons to close Leeds warehouse",
        "Q&A: what the new tariff rules mean for importers",
    ]
    assert [item.url for item in items] == [
        "https://trade-bulletin.example/story.aspx?id=5521&section=retail",
        "https://trade-bulletin.example/story.aspx?id=5519&section=policy",
    ]


def test_feed_without_items_is_an_empty_list():
    assert read("no-items.xml") == []


def test_items_without_links_key_on_guid_then_title():
    items = read("no-links.xml")

    assert [(item.key, item.url, item.title) for item in items] == [
        (
            "bulletin-2024-06-04-0700",
            "",
            "07:00 bulletin: bridge closure, school strike ballot",
        ),
        ("06:00 bulletin: overnight storm damage", "", "06:00 bulletin: overnight storm damage"),
        # A guid with no isPermaLink="false" is the item's link.
        (
            "https://radiokesh.example/audio/2024-06-04-0500.mp3",
            "https://radiokesh.example/audio/2024-06-04-0500.mp3",
            "05:00 bulletin",
        ),
        (
            "Storm warning for the coast lifted at 04:30.",
            "",
            "Storm warning for the coast lifted at 04:30.",
        ),
    ]
    # The blank item with a javascript: link is dropped.


def test_duplicate_items_keep_their_first_version():
    items = read("duplicates.xml")

    assert [(item.key, item.title) for item in items] == [
        ("be-1201", "Brackwater mayor resigns"),
        (
            "https://brackwater-echo.example/politics/deputy-stands-in",
            "Deputy mayor to stand in until autumn",
        ),
        ("be-1198", "Library fines scrapped"),
    ]


ODD_DATES = {
    "Named US zone": utc(2024, 6, 3, 15),
    "Named summer zone, short time": utc(2024, 6, 3, 16, 5),
    "ISO without a zone": utc(2024, 6, 3, 10),
    "Missing date": None,
    "European zone name": utc(2024, 6, 4, 8),
    "British summer time": utc(2024, 6, 4, 9),
    "Wrong weekday and single-digit day": utc(2024, 6, 4, 10),
    "Only dc:date": utc(2024, 6, 4, 1, 0, 0, 250000),
    "Garbage date": None,
    "Placeholder epoch date": None,
    "Slashed date": utc(2024, 6, 4, 10),
    "Two-digit year, RFC 850 style": utc(2024, 6, 4, 10),
    "Impossible day": None,
    "Padded date": utc(2024, 6, 4, 17),
}


def test_odd_dates_become_utc_or_none():
    items = read("odd-dates.xml")

    assert {item.title: item.published for item in items} == ODD_DATES


def test_long_descriptions_are_clipped_at_a_word():
    items = read("long-description.xml")

    first, second = items
    assert len(first.summary) <= 2000
    assert first.summary.startswith(
        "The inquiry into the collapse of the Harlow Street car park heard on Tuesday"
    )
    assert first.summary.endswith("…")
    assert first.summary[:-1].split()[-1] in first.summary[:-1].split()[:200]
    assert "<p>" not in first.summary
    assert len(second.summary) == 2000


def test_entity_definitions_are_not_expanded():
    items = read("entity-expansion.xml")

    assert len(items) == 1
    assert "wirewire" not in items[0].title
    assert items[0].url == "https://expansion.example/story"


@pytest.mark.parametrize("name", WELL_FORMED_XML)
def test_lenient_reader_agrees_with_the_strict_one(name):
    # Cutting the closing tag sends the document to the lenient parser; keys must not change,
    # or every item would alert again the day a feed breaks.
    body = (FEEDS / name).read_bytes()
    if name == "utf16-bom.xml":
        broken = body.decode("utf-16").replace("</rss>", "").encode("utf-16")
    else:
        broken = re.sub(rb"\s*</(rss|rdf:RDF|feed)>\s*$", b"", body)
    assert broken != body

    strict = parse_feed(body, url="https://feeds.example/feed").items
    lenient = parse_feed(broken, url="https://feeds.example/feed").items

    assert lenient == strict
    assert strict


@pytest.mark.parametrize("name", READABLE)
def test_every_item_is_clean(name):
    for item in read(name):
        assert item.key == item.key.strip()
        assert item.key
        assert item.url == "" or re.match(r"https?://[^/\s]+", item.url)
        assert " " not in item.url
        for text in (item.title, item.summary):
            assert text == " ".join(text.split())
            assert "<" not in text or " < " in text
            assert not re.search(r"&(#\d+|[a-z]+);", text)
        assert item.published is None or item.published.utcoffset() == timedelta(0)
        assert item.published is None or item.published.tzinfo is UTC


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        ((FEEDS / "empty.xml").read_bytes(), "empty"),
        ((FEEDS / "binary.png").read_bytes(), "binary data"),
        (gzip.compress((FEEDS / "rss091.xml").read_bytes()), "gzip"),
        (b"Service temporarily unavailable", "plain text"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "not a feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut', "broken XML at line 1"),
        (b'<rss version="2.0"><channel><title>A</titl></channel></rss>', "broken XML"),
        (b"<html><body><p>Not here</p></body></html>", "HTML page"),
        (b"{not json", "not valid JSON"),
        (b'{"title": "A feed without items"}', "items list"),
        (b"[1, 2, 3]", "items list"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_documents_that_are_not_feeds_raise_feed_error(body, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(body, url="https://feeds.example/feed")


def test_html_page_error_names_the_feed_the_page_links_to():
    with pytest.raises(FeedError, match="HTML page") as raised:
        read("html-page.html", url="https://www.valleyledger.example/")

    assert "https://www.valleyledger.example/feed/" in str(raised.value)


def test_json_items_of_the_wrong_types_are_skipped_or_coerced():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            "not an item",
            {"id": 7, "title": 5, "url": 7, "content_html": ["x"], "date_published": 3},
            {"id": {"x": 1}, "title": "Kept", "url": "https://json.example/kept"},
            {"id": True, "title": None, "url": None},
        ],
    }

    items = parse_feed(json.dumps(document).encode(), url="https://json.example/feed.json").items

    assert items == [
        FeedItem(
            key="https://json.example/kept",
            url="https://json.example/kept",
            title="Kept",
            summary="",
        )
    ]


def test_markup_edge_cases_in_titles_and_summaries():
    body = b"""<rss version="2.0"><channel>
<item><title>Profits &lt; forecast as costs &gt; sales</title><guid>a-1</guid>
<description>&lt;p&gt;Kept&lt;/p&gt;&lt;script&gt;never closed and hidden</description></item>
<item><title>The &lt;i&gt;Herald&lt;/i&gt;'s view&#8203; on&amp;nbsp;tolls</title><guid>a-2</guid>
<description>&lt;!-- editor note --&gt;Shown</description></item>
</channel></rss>"""

    items = parse_feed(body, url="https://markup.example/rss").items

    assert titles(items) == ["Profits < forecast as costs > sales", "The Herald's view on tolls"]
    assert [item.summary for item in items] == ["Kept", "Shown"]


def test_a_fifty_item_feed_with_markup_is_read_in_full():
    entries = "".join(
        f"<item><title>Story {n} &amp; more</title><link>https://fast.example/a/{n}</link>"
        f"<guid isPermaLink='false'>fast-{n}</guid><pubDate>Mon, 03 Jun 2024 10:{n:02d}:00"
        f" +0200</pubDate><description><![CDATA[<p>Paragraph <b>{n}</b>.</p>"
        f"<p>{'More text here. ' * 20}</p>]]></description></item>"
        for n in range(50)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'

    items = parse_feed(body.encode(), url="https://fast.example/rss").items

    assert len(items) == 50
    assert items[49].published == utc(2024, 6, 3, 8, 49)


def test_random_bytes_and_truncations_only_ever_raise_feed_error():
    rng = random.Random(20240604)
    bodies = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(200)]
    prefixes = (
        b"<",
        b"{",
        b"[",
        b"<?xml version='1.0'?><rss><channel><item><title>",
        b"\xef\xbb\xbf",
    )
    bodies += [rng.choice(prefixes) + body for body in bodies[:100]]
    for path in sorted(FEEDS.iterdir()):
        data = path.read_bytes()
        for _ in range(8):
            bodies.append(data[: rng.randrange(len(data) + 1)])
            flipped = bytearray(data)
            for _ in range(5):
                if flipped:
                    flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            bodies.append(bytes(flipped))

    reasons: list[str] = []
    for body in bodies:
        content_type = rng.choice(["", "application/rss+xml; charset=utf-8", "application/json"])
        try:
            items = parse_feed(
                body, url="https://fuzz.example/feed", content_type=content_type
            ).items
        except FeedError as error:
            reasons.append(str(error))
        else:
            assert isinstance(items, list)
            assert all(isinstance(item, FeedItem) and item.key for item in items)
            assert len({item.key for item in items}) == len(items)
    # Every refusal says why, and the mix shows both outcomes were exercised.
    assert all(reasons)
    assert 0 < len(reasons) < len(bodies)


@pytest.mark.parametrize(
    ("template", "query", "url"),
    [
        (
            "https://news.google.com/rss/search?q={query}&hl=en",
            "Hay'at Tahrir al-Sham",
            "https://news.google.com/rss/search?q=Hay%27at+Tahrir+al-Sham&hl=en",
        ),
        (
            "https://search.example/feed?q=%22{query}%22",
            "AT&T / Verizon",
            "https://search.example/feed?q=%22AT%26T+%2F+Verizon%22",
        ),
        # In a path, "+" would be a plus sign: spaces are %20 and "/" is escaped.
        (
            "https://www.valleyledger.example/search/{query}/feed/rss2/",
            "bus depot/plan",
            "https://www.valleyledger.example/search/bus%20depot%2Fplan/feed/rss2/",
        ),
        (
            "https://search.example/rss?q=%7Bquery%7D",
            "  Ada   Kerr ",
            "https://search.example/rss?q=Ada+Kerr",
        ),
        (
            "https://search.example/rss?q={query}",
            "Zürich",
            "https://search.example/rss?q=Z%C3%BCrich",
        ),
    ],
)
def test_fill_template_quotes_the_query_for_where_it_goes(template, query, url):
    assert fill_template(template, query) == url


def test_is_template():
    assert is_template("https://news.google.com/rss/search?q={query}")
    assert is_template("https://search.example/rss?q=%7Bquery%7D")
    assert not is_template("https://www.valleyledger.example/feed/")
    assert not is_template("https://search.example/rss?q={other}")


def test_forbidden_character_references_and_broken_addresses_are_survived():
    # Truncated, so the lenient parser reads it; it used to crash on the reference.
    body = b"""<rss version="2.0"><channel>
<item><title>Smith&#x110000; &amp; Co&#1; appoint new chair</title><link>http://[::1</link>
<guid isPermaLink="false">sc-1</guid></item>
<item><title>Second story</title><link>https://refs.example/2</link></item>"""

    items = parse_feed(body, url="https://refs.example/rss").items

    assert [(item.key, item.url, item.title) for item in items] == [
        ("sc-1", "", "Smith & Co appoint new chair"),
        ("https://refs.example/2", "https://refs.example/2", "Second story"),
    ]


def test_large_broken_feed_is_recovered_without_the_slow_parser(monkeypatch):
    def slow_parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser takes seconds on thousands of tags; libxml2 recovers")

    monkeypatch.setattr(feeds.feedparser, "parse", slow_parser)
    entries = "".join(
        f"<item><title>Item {n}</title><link>https://many.example/{n}</link>"
        f"<guid isPermaLink='false'>many-{n}</guid><description>Text {n}</description></item>"
        for n in range(3000)
    )
    body = f'<rss version="2.0"><channel>{entries}<item><title>Cut off'.encode()

    items = parse_feed(body, url="https://many.example/rss").items

    assert [item.key for item in items[:3000]] == [f"many-{n}" for n in range(3000)]
    assert items[2999].summary == "Text 2999"


# Linear-time handling keeps each of these to a fraction of a second: a hang would stall polls.
@pytest.mark.parametrize(
    "body",
    [
        b"<rss><channel><item><title>" + b"<b" * 200_000 + b"</title></item></channel></rss>",
        b"<rss><channel><item><description>" + b"<script>" * 100_000 + b"</description>",
        b"<rss>" + b"&" * 500_000 + b"</rss>",
    ],
    ids=["open-tags", "nested-scripts", "ampersands"],
)
def test_hostile_documents_that_parse_hold_no_items(body):
    assert parse_feed(body, url="https://hostile.example/rss").items == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<" * 1_000_000, "invalid element name"),
        (b"<!--" + b"-" * 1_000_000, "Double hyphen within comment"),
    ],
    ids=["angles", "open-comment"],
)
def test_hostile_documents_that_do_not_parse_say_why(body, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(body, url="https://hostile.example/rss")


def test_utf8_with_a_stray_byte_stays_utf8():
    # An excerpt cut in the middle of "é", in a feed whose other accents are intact.
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<item><title>Zürich café owners protest rent rises</title>"
        "<link>https://stray.example/1</link><description>Owners in Zürich say the caf"
    ).encode() + b"\xc3</description></item></channel></rss>"

    items = parse_feed(body, url="https://stray.example/rss", content_type="text/xml").items

    assert titles(items) == ["Zürich café owners protest rent rises"]
    assert items[0].summary == "Owners in Zürich say the caf"


def test_line_breaks_inside_links_are_removed():
    body = b"""<rss version="2.0"><channel><item><title>Wrapped</title>
<link>https://wrap.example/2024/06/
very-long-slug?id=4</link></item></channel></rss>"""

    items = parse_feed(body, url="https://wrap.example/rss").items

    assert items[0].url == "https://wrap.example/2024/06/very-long-slug?id=4"


# How often a feed asks to be polled


def hinted(document: str) -> timedelta | None:
    return parse_feed(document.encode(), url="https://hints.example/feed").refresh


def test_feeds_say_how_long_to_wait_between_polls():
    assert parse_feed((FEEDS / "newspaper-cms.xml").read_bytes(), url="https://x").refresh == (
        timedelta(minutes=15)
    )
    # WordPress writes the syndication module, with whitespace around the values.
    assert parse_feed((FEEDS / "wordpress-rss2.xml").read_bytes(), url="https://x").refresh == (
        timedelta(hours=1)
    )
    assert parse_feed((FEEDS / "rss10.rdf").read_bytes(), url="https://x").refresh is None
    assert parse_feed((FEEDS / "jsonfeed-11.json").read_bytes(), url="https://x").refresh is None


SY = 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # Twice a day, in RSS 1.0's own module.
        (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/" {SY}><channel rdf:about="https://hints.example/">'
            "<title>T</title><sy:updatePeriod>daily</sy:updatePeriod>"
            "<sy:updateFrequency>2</sy:updateFrequency></channel>"
            '<item rdf:about="https://hints.example/a"><title>A</title>'
            "<link>https://hints.example/a</link></item></rdf:RDF>",
            timedelta(hours=12),
        ),
        # Atom feeds carry the same module at the top.
        (
            f'<feed xmlns="http://www.w3.org/2005/Atom" {SY}><title>T</title>'
            "<sy:updatePeriod>HOURLY</sy:updatePeriod>"
            "<entry><id>a</id><title>A</title></entry></feed>",
            timedelta(hours=1),
        ),
        # Both in one feed: the longer wait is what the publisher asks for.
        (
            f'<rss version="2.0" {SY}><channel><title>T</title><ttl>90</ttl>'
            "<sy:updatePeriod>hourly</sy:updatePeriod><item><title>A</title></item>"
            "</channel></rss>",
            timedelta(minutes=90),
        ),
        # Nonsense is no hint at all.
        (
            f'<rss version="2.0" {SY}><channel><ttl>soon</ttl>'
            "<sy:updatePeriod>fortnightly</sy:updatePeriod>"
            "<item><title>A</title></item></channel></rss>",
            None,
        ),
        (
            '<rss version="2.0"><channel><ttl>0</ttl><item><title>A</title></item></channel></rss>',
            None,
        ),
        (
            '<rss version="2.0"><channel><ttl>99999999999999</ttl><item><title>A</title></item>'
            "</channel></rss>",
            None,
        ),
        # A broken feed read leniently keeps its hint.
        (
            '<rss version="2.0"><channel><ttl>30</ttl><item><title>Fish & chips</title>'
            "<link>https://hints.example/a</link></item><item><title>B</channel></rss>",
            timedelta(minutes=30),
        ),
        # RSS rendered as JSON.
        (
            json.dumps({"rss": {"channel": {"ttl": "45", "item": [{"title": "A"}]}}}),
            timedelta(minutes=45),
        ),
    ],
)
def test_refresh_hints_in_every_format(document: str, expected: timedelta | None):
    assert hinted(document) == expected


def test_full_text_beside_a_teaser_is_kept_for_matching():
    items = read("wordpress-rss2.xml", url="https://www.valleyledger.example/feed/")

    assert "Doreen Quayle, who chairs the Quarry Lane residents’ group" in items[0].content
    assert "appeared first on" not in items[0].content
    assert items[1].content == (
        "The Environment Agency will spend £2.3m raising the barrier after water spilled over"
        " it twice in January."
    )
    # An entry with only the full text uses it as the summary, once.
    assert items[2].summary.startswith("Follow the count at Marren Leisure Centre")
    assert items[2].content == ""


def test_a_declared_charset_that_is_no_text_encoding_is_ignored():
    # "base64" is in Python's codec registry but is not a charset; cp1252 is the fallback.
    body = (
        b'<?xml version="1.0" encoding="base64"?><rss version="2.0"><channel>'
        b"<item><title>Caf\xe9 owners protest rents</title></item></channel></rss>"
    )
    [item] = parse_feed(body, url="https://charset.example/rss").items
    assert item.title == "Café owners protest rents"
