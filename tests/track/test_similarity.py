from bot.track.similarity import (
    DUPLICATE_THRESHOLD,
    decode,
    encode,
    most_similar,
    signature,
    similarity,
)

ORIGINAL = "HTS fighters seize two villages west of Aleppo after clashes with Zenki, monitor says"
REWORDED = "HTS fighters seize two villages west of Aleppo after clashes with Zenki, a monitor says"
OTHER = "Central bank raises interest rates by half a point to fight inflation"


def test_near_duplicates_score_above_the_threshold_and_others_below():
    assert similarity(signature(ORIGINAL), signature(REWORDED)) >= DUPLICATE_THRESHOLD
    assert similarity(signature(ORIGINAL), signature(OTHER)) < 0.2


def test_signatures_are_stable_and_round_trip():
    first = signature(ORIGINAL)
    assert (first == signature(ORIGINAL)).all()
    assert (decode(encode(first)) == first).all()


def test_most_similar():
    known = [signature(OTHER), signature(REWORDED)]
    index, score = most_similar(signature(ORIGINAL), known)
    assert index == 1
    assert score >= DUPLICATE_THRESHOLD
    assert most_similar(signature(ORIGINAL), []) == (-1, 0.0)


def test_empty_text_has_a_signature():
    assert similarity(signature(""), signature(OTHER)) == 0.0
