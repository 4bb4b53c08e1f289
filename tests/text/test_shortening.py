from bot.text import shorten


def test_shorten_keeps_short_text_and_cuts_long_text_at_a_word():
    assert shorten("  a few words here ", 100) == "a few words here"
    cut = shorten("word " * 100, 50)
    assert len(cut) <= 50
    assert cut.endswith("word…")


def test_shorten_drops_the_punctuation_a_cut_leaves_dangling():
    assert shorten("Talks resume in Geneva, sources say today", 25) == "Talks resume in Geneva…"
    assert shorten("Flood barrier – raised by 40cm after winter", 18) == "Flood barrier…"


def test_one_long_word_is_cut_inside_it():
    assert shorten("x" * 30, 10) == "x" * 9 + "…"
