import pytest

from bot.track.canonical import canonical_url


@pytest.mark.parametrize(
    ("shared", "canonical"),
    [
        (
            "https://www.news.example/world/2024/story-1/?utm_source=tw&utm_medium=social#comments",
            "https://news.example/world/2024/story-1",
        ),
        (
            "http://m.news.example/world/2024/story-1/amp/",
            "https://news.example/world/2024/story-1",
        ),
        (
            "https://amp.news.example/world/story-1.amp.html",
            "https://news.example/world/story-1.html",
        ),
        ("https://news.example/amp/world/story-2?fbclid=abc", "https://news.example/world/story-2"),
        (
            "https://news.example/story?id=7&page=2&gclid=x",
            "https://news.example/story?id=7&page=2",
        ),
        ("https://news.example/story?page=2&id=7", "https://news.example/story?id=7&page=2"),
        ("https://NEWS.example:443/Story", "https://news.example/Story"),
        ("https://news.example:8443/a", "https://news.example:8443/a"),
        # A two-label host keeps its "m": m.example is a domain of its own.
        ("https://m.example/a", "https://m.example/a"),
    ],
)
def test_variants_of_one_story_share_a_canonical_url(shared, canonical):
    assert canonical_url(shared) == canonical


def test_other_schemes_are_left_alone():
    assert canonical_url(" mailto:desk@news.example ") == "mailto:desk@news.example"
