"""Comment threads in the markup of common platforms, read apart from the article."""

from __future__ import annotations

import pytest

from bot.core.model import Article
from bot.extract import ArticleExtractor

_STORY = """
<article class="post"><h1>Quarry expansion approved</h1><div class="entry-content">
<p>The county planning board approved the expansion of the Redhill quarry on Thursday after a
four-hour hearing in which neighbours raised concerns about dust, blasting and lorry traffic.</p>
<p>The operator will be allowed to extract an additional 1.2 million tonnes of limestone over
the next fifteen years, provided it plants a screening belt of trees along the eastern edge.</p>
<p>Residents said they would consider an appeal once the written decision is published.</p>
</div></article>
"""


def _page(thread: str) -> str:
    return (
        f"<html><head><title>Quarry</title></head><body><main>{_STORY}{thread}</main></body></html>"
    )


@pytest.fixture(scope="module")
def extractor() -> ArticleExtractor:
    return ArticleExtractor()


def _read(extractor: ArticleExtractor, thread: str) -> Article:
    article = extractor.extract(_page(thread))
    assert article.text.startswith("The county planning board approved")
    for comment in article.comments:
        assert comment.text not in article.text
    return article


def test_classic_wordpress_theme(extractor: ArticleExtractor) -> None:
    # Older themes: cite.fn in .comment-author, the text as bare paragraphs in .comment-body.
    thread = """
    <div id="comments"><h3>2 Responses</h3><ol class="commentlist">
      <li class="comment even thread-even depth-1" id="li-comment-11">
        <div class="comment-body" id="comment-11">
        <div class="comment-author vcard"><img class="avatar" src="a.png">
          <cite class="fn">Mabel</cite> <span class="says">says:</span></div>
        <div class="comment-meta commentmetadata">
          <a href="#comment-11">May 3, 2021 at 9:14 pm</a></div>
        <p>The lorries already use our lane as a shortcut.</p><p>Fifteen more years of it.</p>
        <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
      </div>
      <ul class="children"><li class="comment odd alt depth-2" id="li-comment-12">
        <div class="comment-body">
        <div class="comment-author vcard"><cite class="fn">
          <a href="https://example.org">Dev Patel</a></cite> <span class="says">says:</span>
          </div>
        <div class="comment-meta commentmetadata">
          <a href="#comment-12">May 4, 2021 at 8:02 am</a></div>
        <p>The tree belt should help with the dust at least.</p>
        <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
      </div></li></ul></li>
      <li class="pingback even thread-odd depth-1" id="li-comment-13">
        <div class="comment-body">Pingback: <a href="#">Weekly planning roundup</a></div></li>
    </ol></div>
    """
    article = _read(extractor, thread)
    assert [(c.author, c.depth, c.text) for c in article.comments] == [
        ("Mabel", 0, "The lorries already use our lane as a shortcut.\nFifteen more years of it."),
        ("Dev Patel", 1, "The tree belt should help with the dust at least."),
    ]
    assert "lorries already use our lane" not in article.text


def test_discourse_app_view_skips_the_opening_post(extractor: ArticleExtractor) -> None:
    thread = """
    <div class="post-stream">
      <div class="topic-post">
        <article id="post_1" data-post-id="901" data-post-number="1" class="boxed onscreen-post">
        <div class="topic-body"><div class="names"><span class="first username">
          <a href="/u/op">op</a></span></div>
        <div class="regular contents"><div class="cooked"><p>Opening post text.</p></div></div>
          </div></article></div>
      <div class="topic-post">
        <article id="post_2" data-post-id="902" data-post-number="2" class="boxed onscreen-post">
        <div class="topic-body"><div class="names"><span class="first username">
          <a href="/u/kay">kay</a></span></div>
        <div class="regular contents"><div class="cooked"><p>Was the noise survey published?</p>
          </div></div></div></article></div>
      <div class="topic-post">
        <article id="post_3" data-post-id="903" data-post-number="3" class="boxed onscreen-post">
        <div class="topic-body"><div class="names"><span class="first username">
          <a href="/u/lou">lou</a></span></div>
        <div class="regular contents"><div class="cooked"><p>Only a summary so far.</p></div>
          </div></div></article></div>
    </div>
    """
    article = _read(extractor, thread)
    assert [(c.author, c.depth, c.text) for c in article.comments] == [
        ("kay", 0, "Was the noise survey published?"),
        ("lou", 0, "Only a summary so far."),
    ]


def test_plain_nested_lists_under_comments_container(extractor: ArticleExtractor) -> None:
    thread = """
    <section id="comments"><h2>Reader comments</h2><ul>
      <li><span class="author">Rosa</span><p>Who pays for the road repairs?</p>
        <ul><li><span class="author">Ikram</span>
          <p>The operator, according to the conditions.</p>
          <ul><li><span class="author">Rosa</span><p>Good to know, thanks.</p></li></ul>
        </li></ul>
      </li>
      <li><span class="author">Walt</span><p>Blasting only on weekdays, I hope.</p></li>
    </ul></section>
    """
    article = _read(extractor, thread)
    assert [(c.author, c.depth) for c in article.comments] == [
        ("Rosa", 0),
        ("Ikram", 1),
        ("Rosa", 2),
        ("Walt", 0),
    ]
    assert article.comments[2].text == "Good to know, thanks."


def test_schema_org_comments_without_author(extractor: ArticleExtractor) -> None:
    thread = """
    <div class="discussion">
      <div itemscope itemtype="https://schema.org/Comment">
        <p itemprop="text">Anonymous but relevant remark about the dust.</p></div>
    </div>
    """
    article = _read(extractor, thread)
    assert [(c.author, c.depth, c.text) for c in article.comments] == [
        (None, 0, "Anonymous but relevant remark about the dust.")
    ]


def test_page_without_comments_has_none(extractor: ArticleExtractor) -> None:
    assert _read(extractor, "").comments == ()


def test_commentary_section_is_not_a_thread(extractor: ArticleExtractor) -> None:
    # A "commentary" section name is about opinion pieces, not reader comments.
    page = _page("").replace('<article class="post">', '<article class="post commentary">')
    article = extractor.extract(page)
    assert "1.2 million tonnes" in article.text
    assert article.comments == ()
