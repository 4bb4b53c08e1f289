"""News summaries: verbatim sentences in the article's order, no clutter, sensible lengths."""

import re

import pytest

from bot.core.model import Summary
from bot.summarize import NewsSummarizer

PORT_STRIKE = """By Maria Keller and Tom Reyes | Updated: 14:05 GMT

HARBOURTON, March 3 (Tidewire) -

Illustrative image

Workers at the Harbourton container port walked out on Monday morning, halting the loading of \
more than forty ships after talks over pay and night shifts collapsed, the dockers' union said.

The strike is the first at the port in eleven years and comes as the regional government \
prepares to sell a minority stake in the terminal operator to a private investor.

Union leader Ana Duarte said the walkout would last at least three days unless the operator \
withdrew its plan to extend night shifts without extra pay. "We have waited eighteen months for \
a fair offer," Duarte told reporters at the gate. "We are not going to wait another eighteen."

Click here to subscribe to our daily briefing.

The operator, Harbourton Terminals, said in a statement that it regretted the union's decision \
and that its offer of a 4.5 per cent rise over two years remained on the table.

Photo: Cranes stand idle at the Harbourton container port on Monday

Shipping agents said at least twelve vessels had already turned away towards the neighbouring \
ports of Calder Bay and Westmouth, where waiting times rose to two days by the afternoon.

Retailers warned that a long stoppage could empty shelves of imported fruit and electronics \
within a week, since about a third of the region's imports pass through Harbourton.

"We have waited eighteen months for a fair offer," Duarte told reporters at the gate.

The regional transport minister, Luis Ortega, urged both sides to return to mediation and said \
the government would not intervene directly in a dispute between a company and its employees.

Read more: Five things to know about the port sale

What do you think about the strike?

Police reported no incidents at the picket lines, where about three hundred workers gathered \
around braziers through the morning.

The last strike at the port, in 2013, lasted nine days and cost the regional economy an \
estimated 60 million euros, according to the chamber of commerce.
"""

HAMBURG_STREIK = """Von Jana Berger, Hamburg

Im Hamburger Hafen haben am Montag rund 1.200 Beschäftigte die Arbeit niedergelegt, nachdem \
die Tarifgespräche über Löhne und Nachtschichten gescheitert waren.

Nach Angaben der Gewerkschaft ist es der erste Streik im Containerterminal seit elf Jahren. Die \
Stadt plant zugleich, einen Minderheitsanteil am Betreiber an einen privaten Investor zu \
verkaufen.

Der Betreiber bot nach eigenen Angaben eine Erhöhung von 4,5 Prozent über zwei Jahre an, z. B. \
mit Zulagen für Nachtarbeit. Die Gewerkschaft lehnte das Angebot als unzureichend ab.

Foto: Stillstehende Kräne am Terminal Burchardkai

Reedereien leiteten bis zum Nachmittag mindestens zwölf Schiffe nach Bremerhaven und Rotterdam \
um, wo sich die Wartezeiten auf zwei Tage verlängerten.

Der Einzelhandel warnte, ein längerer Ausstand könne binnen einer Woche zu Engpässen bei Obst \
und Elektronik führen.

Lesen Sie auch: Was der Teilverkauf des Hafens bedeutet

Wie stehen Sie zu dem Streik?

Die Polizei meldete keine Zwischenfälle an den Streikposten, an denen sich am Morgen etwa 300 \
Beschäftigte versammelten.
"""

GREVE_MARSEILLE = """Par Claire Dumas

Les dockers du port de Marseille ont cessé le travail lundi matin, bloquant le chargement de plus \
de quarante navires après l'échec des négociations sur les salaires et le travail de nuit.

Selon le syndicat, il s'agit de la première grève au terminal depuis onze ans. La région prépare \
dans le même temps la vente d'une part minoritaire de l'exploitant à un investisseur privé.

L'exploitant affirme que son offre d'une hausse de 4,5 % sur deux ans reste valable. Le \
syndicat juge cette proposition insuffisante et réclame une prime pour les équipes de nuit.

Lire aussi : Ce que change la privatisation du port

Au moins douze navires ont été déroutés vers Gênes et Barcelone, où l'attente atteignait deux \
jours en fin d'après-midi.

Les commerçants craignent des pénuries de fruits et d'appareils électroniques d'ici une semaine \
si le mouvement se prolonge.

Qu'en pensez-vous ?

La police n'a signalé aucun incident sur les piquets de grève, où quelque 300 salariés \
s'étaient rassemblés.
"""

CLUTTER = re.compile(
    r"^(By|Von|Par) |^HARBOURTON|Illustrative image|Click here|^Photo:|^Foto:|Read more|"
    r"Lesen Sie auch|Lire aussi|\?$"
)


@pytest.fixture(scope="module")
def summarizer() -> NewsSummarizer:
    return NewsSummarizer()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _assert_verbatim_in_order(summary: Summary, article: str) -> None:
    flat = _flat(article)
    positions = [flat.find(sentence) for sentence in summary.sentences]
    assert all(p >= 0 for p in positions), summary.sentences
    assert positions == sorted(positions)
    assert len(set(summary.sentences)) == len(summary.sentences)


def test_english_summary_is_verbatim_in_order_without_clutter(summarizer: NewsSummarizer) -> None:
    summary = summarizer.summarize(PORT_STRIKE)

    assert summary.language == "en"
    assert 3 <= len(summary.sentences) <= 5
    _assert_verbatim_in_order(summary, PORT_STRIKE)
    assert not [s for s in summary.sentences if CLUTTER.search(s)]
    assert summary.sentences[0].startswith("Workers at the Harbourton container port walked out")


@pytest.mark.parametrize(
    ("article", "language", "lead"),
    [
        (HAMBURG_STREIK, "de", "Im Hamburger Hafen haben am Montag"),
        (GREVE_MARSEILLE, "fr", "Les dockers du port de Marseille"),
    ],
)
def test_german_and_french_articles(
    summarizer: NewsSummarizer, article: str, language: str, lead: str
) -> None:
    summary = summarizer.summarize(article)

    assert summary.language == language
    assert len(summary.sentences) == 3
    _assert_verbatim_in_order(summary, article)
    assert summary.sentences[0].startswith(lead)
    assert not [s for s in summary.sentences if CLUTTER.search(s)]


def test_abbreviation_does_not_cut_a_german_sentence(summarizer: NewsSummarizer) -> None:
    summary = summarizer.summarize(HAMBURG_STREIK, language="de")

    assert not [s for s in summary.sentences if s.endswith("z. B.")]


def test_given_language_wins_and_is_normalised(summarizer: NewsSummarizer) -> None:
    assert summarizer.summarize(HAMBURG_STREIK, language="de-DE").language == "de"
    assert summarizer.summarize(GREVE_MARSEILLE, language="French").language == "fr"


def test_repeated_sentences_appear_once(summarizer: NewsSummarizer) -> None:
    echo = "The mayor said the bridge would reopen to traffic at the end of the month."
    article = "\n\n".join(
        [
            echo,
            "Engineers found cracks in two of the steel supports during a routine inspection.",
            echo,
            "Buses have been diverted over the old harbour crossing since the closure began.",
            echo,
            "Local shops say their takings have fallen by a third since the bridge closed.",
            echo,
        ]
    )

    summary = summarizer.summarize(article)

    assert summary.sentences.count(echo) == 1
    assert len(set(summary.sentences)) == len(summary.sentences)


def test_empty_text_gives_an_empty_summary(summarizer: NewsSummarizer) -> None:
    assert summarizer.summarize("") == Summary((), language=None)
    assert summarizer.summarize("  \n\n ").sentences == ()


def test_one_sentence_text_is_its_own_summary(summarizer: NewsSummarizer) -> None:
    text = "The council approved the new budget for the city's libraries on Tuesday evening."

    assert summarizer.summarize(text).sentences == (text,)


def test_clutter_alone_gives_nothing(summarizer: NewsSummarizer) -> None:
    assert summarizer.summarize("Click here to subscribe to our newsletter.").sentences == ()
    assert summarizer.summarize("Photo: Reuters").sentences == ()


@pytest.mark.parametrize(("count", "expected"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_short_articles_are_never_padded(
    summarizer: NewsSummarizer, count: int, expected: int
) -> None:
    sentences = [
        "The river rose above its banks near the old mill early on Sunday.",
        "Firefighters moved twenty families from the lowest streets by boat.",
        "The weather service expects the water to fall again by Wednesday night.",
        "Schools in the valley will stay closed until the roads have been checked.",
        "The county has opened a hall on the hill for anyone who needs a bed.",
    ]
    article = " ".join(sentences[:count])

    summary = summarizer.summarize(article, language="en")

    assert len(summary.sentences) == expected
    _assert_verbatim_in_order(summary, article)


def test_overlong_and_tiny_sentences_are_left_out(summarizer: NewsSummarizer) -> None:
    rambling = (
        "The committee, which met for the third time this year in the basement of the town hall "
        "because the main chamber was being repainted after the leak in the spring that also "
        "damaged the archive of maps, minutes and photographs going back to the founding of the "
        "town in the eighteenth century, heard evidence from residents, engineers, two former "
        "mayors and a historian about the plan."
    )
    article = " ".join(
        [
            rambling,
            "Too short here.",
            "The plan would turn the disused rail yard into four hundred homes and a park.",
            "Residents at the meeting mostly backed the homes but asked for more parking.",
            "The engineers said the soil would need cleaning before anyone could build there.",
            "A final vote is expected in June after a second round of public hearings.",
            "The developer said work could start next spring if the vote goes its way.",
        ]
    )

    summary = summarizer.summarize(article)

    assert rambling not in summary.sentences
    assert "Too short here." not in summary.sentences
    assert len(summary.sentences) == 3


def test_other_languages_are_still_summarised(summarizer: NewsSummarizer) -> None:
    russian = (
        "В понедельник утром рабочие порта прекратили работу после провала переговоров о "
        "зарплате. Это первая забастовка в порту за одиннадцать лет. Профсоюз заявил, что "
        "забастовка продлится не менее трёх дней. Власти региона призвали стороны вернуться к "
        "переговорам. Полиция не сообщила о происшествиях у пикетов. Торговцы опасаются "
        "нехватки фруктов и электроники, если забастовка затянется."
    )
    chinese = (
        "周一上午，港口工人在薪资谈判破裂后停止工作。这是该港口十一年来的第一次罢工。"
        "工会表示，罢工将至少持续三天。地区政府呼吁双方重返谈判桌。警方表示纠察线附近没有发生事故。"
    )

    for article, language in ((russian, "ru"), (chinese, "zh")):
        summary = summarizer.summarize(article)
        assert summary.language == language
        assert 1 <= len(summary.sentences) <= 3
        _assert_verbatim_in_order(summary, article)


def _long_article(words: int) -> str:
    places = ["Harbourton", "Calder Bay", "Westmouth", "Northfield", "Easton", "Millbrook"]
    things = ["ballots", "permits", "complaints", "containers", "visitors", "trees"]
    paragraphs = []
    count = 0
    number = 0
    while count < words:
        sentences = []
        for _ in range(5):
            place = places[number % len(places)]
            thing = things[(number // len(places)) % len(things)]
            sentence = (
                f"Officials in {place} counted {number * 7 + 3} {thing} on day {number} of the "
                f"review, {number % 13 + 2} more than the week before, the {place} office said."
            )
            sentences.append(sentence)
            count += len(sentence.split())
            number += 1
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def test_a_long_article_gets_five_verbatim_sentences(summarizer: NewsSummarizer) -> None:
    # Its speed is bench/summaries.py's figure; here only the result on a 20,000-word text.
    article = _long_article(20_000)
    summary = summarizer.summarize(article)

    assert len(summary.sentences) == 5
    _assert_verbatim_in_order(summary, article)


def test_a_huge_page_is_ranked_on_its_first_sentences_only(pairwise_sizes):
    # Ranking compares sentences pairwise: 8,000 of them would take gigabytes of memory.
    paragraphs = [
        f"On day {n} the harbour board met and approved item {n * 7} after a debate on dredging."
        f" Officials said work on berth {n} would continue."
        for n in range(4000)
    ]
    summary = NewsSummarizer().summarize("\n\n".join(paragraphs), language="en")
    assert 1 <= len(summary.sentences) <= 5
    assert pairwise_sizes == [1500]
