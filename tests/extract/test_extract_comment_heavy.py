"""Comment-heavy pages in many markups: the whole story in the body, every comment kept apart.

Each page is described by a small manifest: where its story paragraphs and its comments sit in
the markup (XPath, read here with lxml alone, so the expectations never come from the extractor),
the story's first and last sentences, every comment's author and depth, and the furniture that
must stay out of the body (widgets, pleas, share bars, pingbacks) and out of comment text
(dates, buttons, like counts). A failure names the page and the text that went astray.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html
from lxml.html import HtmlElement

from bot.core.model import Article
from bot.extract import ArticleExtractor

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

# Quoted posts and like counters sit inside a comment's markup but are not the commenter's words.
_NOT_OWN = ".//blockquote | .//aside | .//*[contains(@class, 'comment-likes')]"
_BREAK = "\u2029"
_BLOCKS = ("p", "div", "li", "br", "blockquote", "pre", "h2", "h3", "h4")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True, slots=True)
class Page:
    """What one saved page holds, and where its markup keeps each part."""

    name: str
    story: str  # XPath to each story paragraph, all of which the body must hold
    first: str  # the story's first sentence
    last: str  # the story's last sentence
    comments: str  # XPath to each comment, in thread order
    thread: tuple[tuple[str | None, int], ...]  # (author, depth) of each comment
    clutter: tuple[str, ...]  # page furniture that must stay out of the body
    chrome: tuple[str, ...] = ()  # comment furniture that must stay out of comment text
    own: str = "."  # XPath, from a comment, to the parts that hold the commenter's words
    extra: str | None = None  # XPath to story text the body may hold or leave out


MANIFEST: tuple[Page, ...] = (
    # --- pages written before this module ---------------------------------------------------------
    Page(
        name="aleppo-clashes.html",
        story="//div[@class='entry-content']/p",
        first="On October 6, fighters of Hay'at Tahrir al-Sham (HTS) stormed positions held by the"
        " Nour al-Din al-Zenki Movement around the villages of Mizanaz and Kafr Nouran in the"
        " western Aleppo countryside, according to the Syrian Observatory for Human Rights (SOHR).",
        last="Observers expect the confrontation to widen in the coming hours, since HTS appears"
        " set on extending its grip over the western Aleppo countryside, long seen as the"
        " stronghold of the NFL.",
        comments="//div[@class='comment-content']",
        thread=(
            ("Rustam", 0),
            ("NorthernHawk", 1),
            ("quiet_reader", 2),
            ("NorthernHawk", 3),
            ("olive_grove", 1),
            ("DesertFox77", 0),
            ("Brother Tomas", 0),
            ("olive_grove", 1),
            ("Rustam", 1),
        ),
        clutter=(
            "Illustrative image",
            "Our monthly goal",
            "2,500 $",
            "Support independent reporting",
            "Share this",
            "Twitter",
            "Consider helping us",
            "Become a supporter",
            "Previous: Talks",
            "9 thoughts on",
            "Leave a Reply",
            "Recent Posts",
            "Subscribe to our newsletter",
            "All rights reserved",
        ),
        chrome=("says:", "October 7, 2018"),
    ),
    Page(
        name="city-council-budget.html",
        story="//div[@class='article-body']/p",
        extra="//p[@class='dek']",
        first="The Riverton City Council approved a $412 million operating budget shortly before"
        " midnight on Monday, ending three weeks of hearings in which residents packed the chamber"
        " to argue over bus routes, branch libraries and the cost of policing.",
        last="The council will hold its first hearing on next year's capital plan on April 8.",
        comments="//div[contains(@class, 'post-message')]",
        thread=(
            ("eastside_mom", 0),
            ("Greg Kowalski", 1),
            ("transit_nerd", 2),
            ("librarian_liz", 1),
            ("Henrik Jansen", 0),
            ("eastside_mom", 1),
            ("retired_engineer", 0),
        ),
        clutter=(
            "Subscribe for $1",
            "City Hall reporter",
            "Ledger file photo",
            "morning briefing",
            "Sign up for our newsletter",
            "Related coverage",
            "Eastgate bus corridor draws crowd",
            "Spotted an error",
            "Support us with a subscription",
            "Become a subscriber",
            "Most read",
            "Old Mill bridge",
            "All rights reserved",
        ),
        chrome=("Reply", "hours ago"),
    ),
    Page(
        name="blog-sourdough-long-thread.html",
        story="//div[@class='post-body']/p",
        first="For about three weeks this autumn every loaf I baked came out of the oven looking"
        " like a paving slab.",
        last="A cheap thermometer would have saved me eleven loaves and a lot of grumbling.",
        comments="//div[@class='comment-text']",
        thread=(
            ("Bakerboy Ben", 0),
            ("Ellen Marsh", 1),
            ("Bakerboy Ben", 2),
            ("Morag", 1),
            ("Priya S", 0),
            ("Tom Hadley", 1),
            ("Priya S", 2),
            ("Tom Hadley", 3),
            ("Gwen", 0),
            ("Old Hand Arthur", 0),
            ("Morag", 1),
            ("Jonas", 0),
            ("Ellen Marsh", 1),
            ("Fatima R", 0),
        ),
        clutter=(
            "Home baking, one loaf at a time",
            "Posted by Ellen Marsh",
            "Tags:",
            "14 comments",
            "Leave a comment",
            "About me",
            "Popular posts",
            "Subscribe to get new recipes",
            "Recipes may be shared",
        ),
        chrome=("Nov 2023",),
    ),
    Page(
        name="forum-heat-pump-topic.html",
        story="//div[@id='post_1']/div[@itemprop='text']/p",
        first="We replaced a 19-year-old gas boiler with a 7 kW air-to-water heat pump last"
        " October, and a few people here asked me to report back after the first winter.",
        last="I will post the summer figures for hot water in September.",
        comments="//div[@itemprop='comment']/div[@itemprop='text']",
        thread=(
            ("dmitri_k", 0),
            ("harriet_w", 0),
            ("oakbeam", 0),
            ("greenfield_sam", 0),
            ("harriet_w", 0),
            ("pj_moran", 0),
            ("dmitri_k", 0),
        ),
        clutter=(
            "Home Energy",
            "41 Likes",
            "April 2, 2024",
            "Related topics",
            "Solid wall insulation",
            "FAQ/Guidelines",
            "Powered by",
        ),
        chrome=("Likes", "dmitri_k:", "2024"),
    ),
    # --- WordPress block theme: wp-block-comments, authors in their own block ---------------------
    Page(
        name="comments-wp-block-library-hours.html",
        story="//div[contains(@class, 'wp-block-post-content')]/p",
        extra="//div[contains(@class, 'wp-block-post-content')]/h2",
        first="Branford Public Library will open its doors on Sunday afternoons again from April 7,"
        " eighteen months after budget cuts forced the town to close the building at weekends.",
        last="Volunteers can still sign up at the circulation desk or at the Friends group's"
        " monthly meeting on March 20.",
        comments="//div[contains(@class, 'wp-block-comment-content')]",
        thread=(
            ("Rita Calloway", 0),
            ("Joanne Whitlock", 1),
            ("Rita Calloway", 2),
            ("Ben Adeyemi", 0),
            ("Sue Marchetti", 1),
            ("Ben Adeyemi", 2),
            ("Harold Quist", 0),
            ("Leah P.", 0),
        ),
        clutter=(
            "Local news needs local readers",
            "Support local news from $3 a month",
            "Support the Bulletin",
            "Get the Bulletin in your inbox",
            "Subscribe",
            "Tags:",
            "Snow plough contract",
            "8 responses to",
            "Leave a Reply",
            "More from the Bulletin",
            "Independent news for Branford since 2011",
            "Designed with WordPress",
        ),
        chrome=("Reply", "March 4, 2024", "at 9:12 am"),
    ),
    # --- WordPress with Jetpack: sharing, likes, related posts, subscriptions, comment likes ------
    Page(
        name="comments-wp-jetpack-allotments.html",
        story="//div[@class='entry-content']/p",
        first="After four months of letters, petitions and one very long evening in the council"
        " chamber, Eastmere Borough Council has dropped its plan to raise allotment rents by"
        " 60 percent.",
        last="Now, back to the broad beans.",
        comments="//div[@class='comment-content']",
        thread=(
            ("Pauline Greer", 0),
            ("Tom Aldous", 1),
            ("Imran Sheikh", 0),
            ("Pauline Greer", 1),
            ("Deb from plot 14", 0),
            ("Tom Aldous", 1),
            ("Deb from plot 14", 2),
            ("Ray Fenwick", 0),
            ("Marta K", 0),
        ),
        clutter=(
            "Mud, seeds and the occasional council meeting",
            "Share this:",
            "Facebook",
            "Like this:",
            "Loading...",
            "Related",
            "Seed swap returns to the library",
            "Posted in",
            "Discover more from Eastmere Plot Notes",
            "Subscribe to get the latest posts",
            "9 thoughts on",
            "Leave a comment",
            "Akismet",
            "Follow Blog via Email",
            "Join 312 other subscribers",
            "Top Posts",
            "Proudly powered by WordPress",
        ),
        chrome=("Liked by", "Like", "says:", "February 2024"),
    ),
    # --- old WordPress (Kubrick): bare list items, the author in <cite>, then "Says:" -------------
    Page(
        name="comments-wp-kubrick-cite-halt.html",
        story="//div[@class='entry']/p[not(@class)]",
        first="At 18:52 on Saturday the last passenger train called at Little Orme halt, and after"
        " 118 years the wooden platform at the bottom of our lane is closed for good.",
        last="We will post the reply here when it comes.",
        comments="//ol[@class='commentlist']/li",
        own="./p",
        thread=(
            ("Jenny Treloar", 0),
            ("Huw Pritchard", 0),
            ("Maggie (Liverpool)", 0),
            ("Arthur Penhale", 0),
            ("Rev. Colin Ashe", 0),
            ("Dave Mostyn", 0),
            ("railfan_bob", 0),
            ("Jenny Treloar", 0),
            ("Huw Pritchard", 0),
        ),
        clutter=(
            "Notes from a village at the end of the line",
            "Fete rained off",
            "This entry was posted",
            "RSS 2.0",
            "trackback from your own site",
            "9 Responses to",
            "Leave a Reply",
            "Mail (will not be published)",
            "Archives",
            "June 2007",
            "Valid XHTML",
            "proudly powered by",
        ),
        chrome=("Says:", "June 11th, 2007", "at 9:40 pm"),
    ),
    # --- WordPress (Twenty Eleven): threaded, with pingbacks and trackbacks in the same list ------
    Page(
        name="comments-wp-pingbacks-ridge-path.html",
        story="//div[@class='entry-content']/p",
        extra="//div[@class='entry-content']/h2",
        first="The path along Coldharbour Ridge, one of the busiest day walks in the northern"
        " hills, will stay closed until at least September after a landslip carried away a"
        " 40-metre stretch of the trail in April.",
        last="It is pleasant enough, and the drove road has some lovely old walls, but you lose the"
        " view down to the reservoir that makes the ridge special.",
        comments="//div[@class='comment-content']",
        thread=(
            ("Peter Lund", 0),
            ("Sana Whitcombe", 1),
            ("Helen Gray", 0),
            ("Marcus Bell", 1),
            ("Helen Gray", 2),
            ("Fell Runner Fi", 0),
            ("Sana Whitcombe", 1),
            ("Owen Prys", 0),
        ),
        clutter=(
            "Skip to primary content",
            "This entry was posted in",
            "Bookmark the permalink",
            "10 thoughts on",
            "Pingback:",
            "Weekend walks roundup",
            "Trackback:",
            "Landslips in the northern hills this spring",
            "Geology on Foot",
            "Leave a Reply",
            "Recent Posts",
            "Recent Comments",
            "New boots, first blisters",
            "Proudly powered by WordPress",
        ),
        chrome=("said:", "May 20, 2013", "Reply", "Pingback", "Trackback"),
    ),
    # --- Disqus as its WordPress plugin renders it server-side inside #disqus_thread --------------
    Page(
        name="comments-disqus-boil-water.html",
        story="//div[@class='article-full__body']/p",
        first="Residents in the north and east of Harlow Creek can drink tap water again after the"
        " county water authority lifted a boil-water notice on Sunday afternoon, five days after a"
        " treatment fault let cloudy water into the network.",
        last="County commissioner Ray Bellamy has asked for an independent review of monitoring at"
        " all three treatment works.",
        comments="//div[@class='dsq-comment-message']",
        thread=(
            ("Lorraine Tate", 0),
            ("Mike Danvers", 1),
            ("skeptical_in_eastfield", 0),
            ("Former plant operator", 1),
            ("skeptical_in_eastfield", 2),
            ("Rosa Delgado", 0),
            ("Tim Okoro", 1),
            ("Gordon Blake", 0),
            ("Lorraine Tate", 1),
            ("Nadine F", 0),
        ),
        clutter=(
            "Subscribe to the Times for unlimited access",
            "Related:",
            "Boil-water notice issued for north and east",
            "Keep the Times in Harlow Creek",
            "Donate to support local journalism",
            "Give $10 today",
            "Please enable JavaScript",
            "comments powered by Disqus",
            "Trending",
            "Most Commented",
            "A nonprofit community newsroom",
            "Ethics policy",
        ),
    ),
    # --- Discourse app view: the opening post is the article, the others reply to it --------------
    Page(
        name="comments-discourse-app-bike-lane.html",
        story="//article[@id='post_1']//div[@class='cooked']/p",
        first="The council's transport committee approved the Fenwick Road protected bike lane last"
        " night by five votes to two, so after three years of consultation we finally have a date:"
        " construction starts in June and should finish before the schools go back in September.",
        last="I will keep this thread updated as the contractor is appointed and the traffic orders"
        " are published.",
        comments="//article[@data-post-id][not(@id='post_1')]//div[@class='cooked']",
        thread=(
            ("jonnyb", 0),
            ("mara_ellison", 0),
            ("k_oduya", 0),
            ("dave_rides_a_dutch", 0),
            ("penny_w", 0),
            ("mara_ellison", 0),
            ("tobyshaw", 0),
            ("k_oduya", 0),
            ("ruth_cycles", 0),
            ("jonnyb", 0),
            ("ellie_g", 0),
        ),
        clutter=(
            "Sign Up",
            "Log In",
            "Local Campaigns",
            "created",
            "last reply",
            "1.4k",
            "63",
            "1 / 12",
            "You will see a count of new replies",
            "Suggested Topics",
            "Winter gritting on the canal towpath",
            "Want to read more?",
        ),
        chrome=("Reply", "jonnyb:", "Mar 14"),
    ),
    # --- phpBB (prosilver): the opening post is the article, text split by <br>, signatures -------
    Page(
        name="comments-phpbb-canal-lock.html",
        story="//div[@id='p18830']//div[@class='content']",
        first="After six years of work parties, fundraising and more mud than any of us care to"
        " remember, Ashby Top Lock on the Swanley Arm filled with water on Saturday for the first"
        " time since 1961, and the restoration society's trip boat went through it twice to prove"
        " the gates work.",
        last="Photos of the first boat through are in the gallery thread.",
        comments="//div[contains(concat(' ', @class, ' '), ' post ')][@id!='p18830']"
        "//div[@class='content']",
        thread=(
            ("narrowboat_jill", 0),
            ("old_git_gongoozler", 0),
            ("lockkeeper_ned", 0),
            ("brickie_dan", 0),
            ("Swanley_Sue", 0),
            ("narrowboat_jill", 0),
            ("Swanley_Sue", 0),
            ("tim_from_tewley", 0),
            ("lockkeeper_ned", 0),
        ),
        clutter=(
            "Board index",
            "Post Reply",
            "FAQ",
            "10 posts",
            "Page 1 of 1",
            "Restoration Society Volunteer",
            "Posts:",
            "Joined:",
            "Location:",
            "Swanley Arm Restoration Society",
            "nb Wren",
            "Re: Ashby Top Lock",
            "Return to",
            "Jump to",
            "Who is online",
            "Powered by phpBB",
            "All times are",
            "Delete cookies",
        ),
        chrome=("wrote:", "nb Wren", "Re: Ashby", "Swanley Arm Restoration Society", "Posts:"),
    ),
    # --- a Reddit-like nested thread: the self post is the article --------------------------------
    Page(
        name="comments-reddit-nested-council.html",
        story="//div[@id='thing_t3_1bx9k2']//div[@class='md']/p",
        first="Last night's council meeting ran for almost four hours, so here is the short version"
        " for anyone who has better things to do on a Tuesday.",
        last="Edit: fixed the date of the parking change, thanks to everyone who pointed it out.",
        comments="//div[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]",
        own="./div[contains(@class, 'entry')]//div[@class='md']",
        thread=(
            ("riverbend_dad", 0),
            ("minutes_nerd", 1),
            ("riverbend_dad", 2),
            ("skatepark_steph", 0),
            ("corgi_person", 1),
            ("PoolKid2009", 0),
            ("lifeguard_lena", 1),
            ("PoolKid2009", 2),
            ("minutes_nerd", 3),
            ("eastside_shoveler", 0),
            ("marlow_mod", 1),
            ("quietlurker", 0),
        ),
        clutter=(
            "jump to content",
            "Log in or sign up",
            "Welcome to r/marlowtown",
            "Be civil",
            "users here now",
            "18,412",
            "Local Politics",
            "(self.marlowtown)",
            "submitted",
            "87 comments",
            "sorted by",
            "permalink",
            "load more comments",
            "User Agreement",
        ),
        chrome=("points", "permalink", "[–]", "children", "embed", "hours ago"),
    ),
    # --- a news site: "Readers' comments" in a <section>, each one an <article class="comment"> ---
    Page(
        name="comments-news-readers-maternity.html",
        story="//div[@class='article__body']/p",
        extra="//p[@class='article__standfirst']",
        first="The maternity unit at Fairholme Community Hospital will stop admitting women"
        " overnight from June 3, the county health board has confirmed, after failing to recruit"
        " enough midwives to cover night shifts safely.",
        last="Women who are booked to give birth at Fairholme will be contacted by their midwife"
        " before June to discuss their birth plans, the board said.",
        comments="//article[contains(@class, 'comment')]",
        own="./div[@class='comment__body']",
        thread=(
            ("Jo M", 0),
            ("Tom Haldane", 1),
            ("Retired midwife", 0),
            ("Sarah K", 1),
            ("Retired midwife", 2),
            ("Peter Brace", 0),
            ("Amrita Shah", 0),
            ("Grace Lowe", 1),
            ("Amrita Shah", 2),
            ("D. Fairclough", 0),
            ("Mark Tiller", 0),
        ),
        clutter=(
            "Health Reporter",
            "Copy link",
            "11 comments",
            "Advertisement",
            "Read more",
            "Campaigners win reprieve",
            "Topics:",
            "Get the Herald Daily",
            "Sign up to our daily newsletter",
            "Readers' comments",
            "Comments are moderated",
            "Sort by",
            "Join the conversation",
            "Most Read",
            "All rights reserved",
        ),
        chrome=("Recommend", "Report", "Ellerby", "12 May 2024"),
    ),
    # --- Drupal (Olivero): .comment-wrapper, replies in sibling div.indented, anonymous names -----
    Page(
        name="comments-drupal-transit.html",
        story="//div[contains(@class, 'field--name-body')]/p",
        first="The Route 14 bus will no longer run through the Oakfield estate from May 19, the"
        " Calder Valley Transport Authority announced on Monday, as part of the largest change to"
        " the valley's bus network in a decade.",
        last="Timetables will be published online and in libraries from April 22.",
        comments="//div[contains(@class, 'field--name-comment-body')]",
        # Drupal marks anonymous names "(not verified)"; the name is what the reader typed.
        thread=(
            ("Barry Nwosu", 0),
            ("Jean", 1),
            ("Barry Nwosu", 2),
            ("commuter_kev", 0),
            ("Mags", 1),
            ("lwhitaker", 0),
            ("Tom", 0),
            ("railfan_calder", 1),
            ("Tom", 2),
            ("Priya Menon", 0),
        ),
        clutter=(
            "Skip to main content",
            "Main navigation",
            "lwhitaker",
            "Tags",
            "Log in to post comments",
            "Comments",
            "Recent content",
            "Gritting routes cut back",
            "RSS feed",
            "Powered by Drupal",
            "Support us by becoming a member",
        ),
        chrome=("not verified", "In reply to", "04/09/2024", "Reply", "…"),
    ),
    # --- Coral talk embed, rendered server-side: coral-comment items, depth in coral-indent-N -----
    Page(
        name="comments-coral-stadium.html",
        story="//div[@class='story__body']/p",
        first="Port Ellery will guarantee up to $140 million of loans for a new stadium on the"
        " Harbourside site after the city council approved the deal 7 to 4 on Monday night,"
        " clearing the way for construction to begin next spring.",
        last="A group of residents has said it will try to force a referendum on the deal by"
        " collecting signatures from 10 percent of registered voters within 60 days.",
        comments="//div[contains(@class, 'coral-comment-content')]",
        thread=(
            ("harbourside_hank", 0),
            ("Maureen Blythe", 1),
            ("harbourside_hank", 2),
            ("numbers_guy", 0),
            ("Olu Adebisi", 1),
            ("Mariners fan since 1971", 0),
            ("Jess Kowal", 0),
            ("Tom Reyes", 1),
            ("Jess Kowal", 2),
            ("Anne-Marie L", 0),
            ("Dockworker Dan", 0),
            ("Maureen Blythe", 1),
        ),
        clutter=(
            "Subscribe: 99¢",
            "Gift this article",
            "14 comments",
            "Unlimited access to City Hall coverage",
            "Subscribe now",
            "Luis Moreno covers City Hall",
            "Community Guidelines",
            "Sign in to join the conversation",
            "All Comments",
            "Featured",
            "Most Respected",
            "Load More",
            "More from City Hall",
            "Ferry terminal lease renewed",
            "All rights reserved",
        ),
        chrome=("Respect", "Reply", "Share", "Report", "Subscriber", "hours ago", "Featured"),
    ),
    # --- a hand-made site: nothing but divs with short class names --------------------------------
    Page(
        name="comments-div-soup-bakery-fire.html",
        story="//div[@class='art-body']/p",
        first="Kettleby's only bakery, Pennington's on Church Street, will be closed for at least"
        " three months after a fire broke out in its kitchen in the early hours of Wednesday.",
        last='Parish council chair Derek Hollins said the bakery was "the heart of Church Street"'
        " and that the council would look at waiving the market stall fee for the Penningtons"
        " while the shop is closed.",
        comments="//div[@class='cmt-tx']",
        thread=(
            ("Ann Byers", 0),
            ("Lucy Pennington", 1),
            ("Greg T", 0),
            ("Mrs J Holt", 0),
            ("Derek Hollins", 1),
            ("Mrs J Holt", 2),
            ("Stanmore reader", 0),
            ("Pete the postie", 0),
            ("Ann Byers", 1),
        ),
        clutter=(
            "Village Diary",
            "Scarecrow trail",
            "Advertise here",
            "Reach 1,400 homes",
            "Posted by",
            "9 reactions",
            "The boarded-up shop front",
            "Print",
            "Send to a friend",
            "Reactions (9)",
            "Add your reaction",
            "Latest news",
            "Weather",
            "Run by volunteers",
        ),
        chrome=("Reply", "Report", "14/06/2024"),
    ),
    # --- the discussion comes before the story in the DOM (CSS puts it back underneath) -----------
    Page(
        name="comments-above-article-ferry-fares.html",
        story="//div[@class='story__text']/p",
        first="Fares on the ferry between Portmallin and the island of Skerra will rise by 15"
        " percent from March 1, the operator Sound Ferries said on Monday, blaming fuel costs and"
        " the price of repairs to its older vessel.",
        last="The company said it was committed to the island and would take part in the tender.",
        comments="//div[@class='comment-text']",
        thread=(
            ("Skerra born and bred", 0),
            ("Portmallin commuter", 1),
            ("Alasdair M", 0),
            ("Kirsty Bain", 1),
            ("Alasdair M", 2),
            ("Visitor from Glasgow", 0),
            ("Fiona MacRae", 0),
            ("J. Kerr", 0),
        ),
        clutter=(
            "Discussion (8)",
            "Newest threads first",
            "Comments close after seven days",
            "Add to the discussion",
            "Islands Correspondent",
            "Photo: Courier archive",
            "Share this story",
            "More from the islands",
            "Skerra school roof repaired",
            "Printed and published in Portmallin",
        ),
        chrome=("Reply", "Flag", "10 Jan 2023"),
    ),
    # --- the thread sits in an <aside>, marked up with schema.org Comment microdata ---------------
    Page(
        name="comments-aside-curlew-count.html",
        story="//div[@class='note__body']/p",
        extra="//div[@class='note__body']/h2",
        first="The number of curlews wintering on the Marsden estuary has fallen to its lowest"
        " level since counts began in 1993, according to this winter's survey by volunteers from"
        " the Marsden Bird Group.",
        last="It will present the full results at its annual meeting in Marsden library on"
        " March 9.",
        comments="//li[@itemprop='comment']",
        own="./div[@itemprop='text']",
        thread=(
            ("Hal Brennan", 0),
            ("Tomasz Wrona", 1),
            ("Hal Brennan", 2),
            ("Marie-Claire D", 0),
            ("Keen counter", 0),
            ("Joe Pike", 1),
            ("Ruth Alder", 0),
        ),
        clutter=(
            "Natural history from the coast and the hills",
            "written by volunteers and paid for by members",
            "Become a member from £2 a month",
            "Discussion",
            "Comments are open for 30 days",
            "Registered charity",
        ),
        chrome=("2 Feb 2024", "·"),
    ),
    # --- donation widget, pleas and a newsletter box between the paragraphs (Astra theme) ---------
    Page(
        name="comments-support-blocks-landfill.html",
        # The two pleas written as bare paragraphs are the only ones set in bold or italics.
        story="//div[contains(@class, 'entry-content')]/p[not(@class)][not(strong)][not(em)]",
        first="The environment agency has approved a permit that will let the operator of the"
        " Crowle Fen landfill nearly double the amount of waste it takes each year, despite an"
        " average of 14 complaints a week from neighbours about the smell.",
        last="The agency will hold a drop-in session on the new permit at Crowle village hall on"
        " August 14.",
        comments="//section[contains(@class, 'ast-comment-content')]",
        own="./p",
        thread=(
            ("Neil Oakes", 0),
            ("Crowle resident", 0),
            ("Sally Brough", 1),
            ("B. Harcourt", 0),
            ("Ashby Fen parish clerk", 1),
            ("Mo Patel", 0),
        ),
        clutter=(
            "Listen to this article",
            "Our summer appeal",
            "£6,240 raised of £15,000",
            "Give now",
            "The Ledger is a non-profit newsroom",
            "Support us today",
            "The Fenmoor Weekly",
            "in your inbox every Friday",
            "Sign me up",
            "Read also",
            "How we counted 731 complaints",
            "Donate to the Ledger",
            "Republish this story",
            "Chip in £5",
            "Related Posts",
            "Waste lorries to avoid Crowle",
            "6 thoughts on",
            "Leave a Comment",
            "A registered charity",
        ),
        chrome=("Reply", "July 22, 2024"),
    ),
    # --- a French regional paper: "Réactions" with French class names -----------------------------
    Page(
        name="comments-fr-piscine-travaux.html",
        story="//div[@class='article__corps']/p[not(@class)]",
        extra="//p[@class='article__chapo']",
        first="La piscine municipale de Saint-Aubin-sur-Loire fermera ses portes le 1er novembre"
        " pour une durée d'environ deux ans, a annoncé mardi soir le maire, Jean-Luc Ferrand, lors"
        " du conseil municipal.",
        last="Une réunion publique de présentation du projet aura lieu le 24 septembre à la salle"
        " des fêtes.",
        comments="//div[@class='reaction__texte']",
        thread=(
            ("Sylvie R.", 0),
            ("Marc D.", 1),
            ("Sylvie R.", 2),
            ("Un ancien maître-nageur", 0),
            ("Nathalie Guérin", 0),
            ("Julien P.", 1),
            ("Nathalie Guérin", 2),
            ("Bernard L.", 0),
            ("Claire V.", 0),
        ),
        clutter=(
            "Soutenez l'information locale",
            "abonnez-vous",
            "Par Élodie Marchand",
            "Partager cet article",
            "Publicité",
            "À lire aussi",
            "la piscine intercommunale élargit ses horaires",
            "Faites un don",
            "Je fais un don",
            "La lettre du matin",
            "Recevez chaque matin",
            "Réactions (9)",
            "Les commentaires sont modérés",
            "Réagir à cet article",
            "Les plus lus",
            "Tous droits réservés",
        ),
        chrome=("Répondre", "Signaler un abus", "le 5 septembre 2024"),
    ),
)

_BY_NAME = {page.name: page for page in MANIFEST}
_PAGES = pytest.mark.parametrize("page", MANIFEST, ids=[page.name for page in MANIFEST])


# --- reading the fixture itself, without the extractor --------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


@cache
def _html(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@cache
def _tree(name: str) -> HtmlElement:
    return lxml_html.document_fromstring(_html(name))


def _lines(element: HtmlElement) -> list[str]:
    """Return an element's text as a reader sees it, one line per <br>-separated block."""
    copy = deepcopy(element)
    for br in copy.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    return [_norm(line) for line in copy.text_content().split(_BREAK) if line.strip()]


def _select(page: Page, xpath: str) -> list[HtmlElement]:
    found = _tree(page.name).xpath(xpath)
    assert isinstance(found, list)
    return [element for element in found if isinstance(element, HtmlElement)]


@cache
def _story(name: str) -> tuple[str, ...]:
    page = _BY_NAME[name]
    return tuple(line for element in _select(page, page.story) for line in _lines(element))


@cache
def _allowed(name: str) -> str:
    """Return all the text the body may hold: the story and its optional parts, as one line."""
    page = _BY_NAME[name]
    extra = [] if page.extra is None else _select(page, page.extra)
    return " ".join([*_story(name), *(line for element in extra for line in _lines(element))])


@cache
def _comment_texts(name: str) -> tuple[str, ...]:
    page = _BY_NAME[name]
    texts = []
    for comment in _select(page, page.comments):
        parts = (_words(part) for part in comment.xpath(page.own))
        texts.append(" ".join(part for part in parts if part))
    return tuple(texts)


def _words(element: HtmlElement) -> str:
    """Return the commenter's own words in an element, blocks apart, quotes and likes left out."""
    copy = deepcopy(element)
    for foreign in copy.xpath(_NOT_OWN):
        foreign.drop_tree()
    for block in copy.iter(*_BLOCKS):
        block.tail = " " + (block.tail or "")
        if block.tag != "br":
            block.text = " " + (block.text or "")
    return _norm(copy.text_content())


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]


@cache
def _extracted(name: str) -> Article:
    return ArticleExtractor().extract(_html(name), url=f"https://pages.tidings.example/{name}")


# --- the manifest describes its page --------------------------------------------------------------


@_PAGES
def test_manifest_matches_its_page(page: Page) -> None:
    story = _story(page.name)
    allowed = _allowed(page.name).casefold()
    everything = _norm(_tree(page.name).text_content())
    comments = _comment_texts(page.name)
    assert story, "the story XPath finds nothing"
    assert story[0].startswith(page.first)
    assert story[-1].endswith(page.last)
    assert len(comments) == len(page.thread)
    assert all(comments), "a comment without words"
    for text in comments:
        for sentence in _sentences(text):
            assert sentence.casefold() not in allowed, f"comment sentence in the story: {sentence}"
    for clutter in page.clutter:
        assert clutter in everything, f"clutter not on the page: {clutter}"
        assert clutter.casefold() not in allowed, f"clutter in the story: {clutter}"
    for chrome in page.chrome:
        assert chrome in everything, f"chrome not on the page: {chrome}"
        assert all(chrome not in text for text in comments), f"chrome in a comment: {chrome}"
    if page.name.startswith("comments-"):
        words = sum(len(line.split()) for line in story)
        assert 300 <= words <= 800, f"{words} words of story"
        assert 6 <= len(page.thread) <= 20


# --- the body: the whole story and nothing else ---------------------------------------------------


@_PAGES
def test_every_story_paragraph_is_in_the_body(page: Page) -> None:
    body = _norm(_extracted(page.name).text)
    missing = [line for line in _story(page.name) if line not in body]
    assert not missing, f"{page.name}: story paragraphs missing from the body: {missing}"


@_PAGES
def test_body_starts_and_ends_with_the_story(page: Page) -> None:
    extra = [] if page.extra is None else [_lines(e) for e in _select(page, page.extra)]
    optional = {line for lines in extra for line in lines}
    lines = [_norm(line) for line in _extracted(page.name).text.split("\n") if line.strip()]
    story = [line for line in lines if line not in optional]
    assert story, f"{page.name}: empty body"
    assert story[0].startswith(page.first), f"{page.name}: body starts with {story[0]!r}"
    assert story[-1].endswith(page.last), f"{page.name}: body ends with {story[-1]!r}"


@_PAGES
def test_body_holds_nothing_but_the_story(page: Page) -> None:
    allowed = _allowed(page.name)
    strays = [
        line
        for line in (_norm(line) for line in _extracted(page.name).text.split("\n"))
        if line and line not in allowed
    ]
    assert not strays, f"{page.name}: lines that are not the story: {strays}"


@_PAGES
def test_no_comment_sentence_in_the_body(page: Page) -> None:
    body = _norm(_extracted(page.name).text).casefold()
    leaked = [
        sentence
        for text in _comment_texts(page.name)
        for sentence in _sentences(text)
        if sentence.casefold() in body
    ]
    assert not leaked, f"{page.name}: comment sentences in the body: {leaked}"


@_PAGES
def test_no_clutter_in_the_body(page: Page) -> None:
    body = _norm(_extracted(page.name).text).casefold()
    leaked = [clutter for clutter in page.clutter if clutter.casefold() in body]
    assert not leaked, f"{page.name}: furniture in the body: {leaked}"


# --- the comments: every one, with its author, depth and own words --------------------------------


@_PAGES
def test_every_comment_is_found(page: Page) -> None:
    found = len(_extracted(page.name).comments)
    assert found == len(page.thread), f"{page.name}: {found} comments, not {len(page.thread)}"


@_PAGES
def test_comment_authors_and_depths(page: Page) -> None:
    found = [(c.author, c.depth) for c in _extracted(page.name).comments]
    assert found == list(page.thread), f"{page.name}: (author, depth) as read"


@_PAGES
def test_comment_texts_are_the_commenters_words(page: Page) -> None:
    found = [_norm(c.text) for c in _extracted(page.name).comments]
    assert found == list(_comment_texts(page.name)), f"{page.name}: comment texts as read"


@_PAGES
def test_comment_texts_carry_no_page_furniture(page: Page) -> None:
    leaked = sorted(
        {
            chrome
            for comment in _extracted(page.name).comments
            for chrome in page.chrome
            if chrome in comment.text
        }
    )
    assert not leaked, f"{page.name}: furniture in comment text: {leaked}"
