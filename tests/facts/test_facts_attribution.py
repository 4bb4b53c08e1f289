"""Attribution rules: who the story says its claims come from."""

from datetime import date

from bot.facts import RuleFactExtractor


def _sources(text: str) -> tuple[str, ...]:
    return RuleFactExtractor().extract(text, published=date(2024, 3, 14)).attribution


def test_according_to_names_the_full_source_once():
    sources = _sources(
        "Nine people died, according to the Syrian Observatory for Human Rights (SOHR). "
        "According to the SOHR, the toll may rise."
    )
    assert sources == ("Syrian Observatory for Human Rights",)


def test_speaker_before_and_after_the_verb():
    sources = _sources(
        'Prosecutor Amanda Reese told the jury the case was clear. "It was planned," said '
        "Inspector Ruth Okafor."
    )
    assert sources == ("Amanda Reese", "Ruth Okafor")


def test_unnamed_sources_keep_their_description():
    sources = _sources(
        "Ukrainian officials said the strikes hit power plants. A spokeswoman for the "
        "regional council said schools were closed."
    )
    assert sources == ("Ukrainian officials", "A spokeswoman for the regional council")


def test_appositives_lead_back_to_the_speaker():
    sources = _sources(
        "Mostafa Waziri, head of the antiquities council, said more statues were found. "
        "His lawyer, Mark Summers, said the case was political."
    )
    assert sources == ("Mostafa Waziri", "Mark Summers")


def test_the_company_said_points_to_the_organisation_named_before():
    sources = _sources("Skyline Airways will cut 12,000 jobs, the carrier said on Tuesday.")
    assert sources == ("Skyline Airways",)


def test_pronouns_and_denials_of_a_source_are_not_sources():
    sources = _sources(
        "He said he would resign. No group claimed the attack, and it was later denied."
    )
    assert sources == ()


def test_courts_story():
    sources = _sources(
        "Judge Susan Whitlock said the defendant had betrayed his colleagues. The Serious Fraud "
        "Office, which brought the case, said it would seek to recover the money."
    )
    assert sources == ("Susan Whitlock", "Serious Fraud Office")
