"""Drop leftover calls to donate, share or subscribe from extracted article text."""

from __future__ import annotations

import re
from typing import Final

from lxml.html import HtmlElement

from bot.extract._prune import remove

# Only short paragraphs are judged: a long one that mentions donations is reporting, not a plea.
_MAX_WORDS: Final = 45
_MAX_POINTER_WORDS: Final = 25
# Words a paragraph found by the broad pass alone needs, within and around the precise text.
_MERGE_INSIDE: Final = 10
_MERGE_OUTSIDE: Final = 30

_CALLS: Final = re.compile(
    r"|".join(
        (
            r"\bconsider (?:helping|supporting|donating|subscribing|a donation)\b",
            r"\bsupport (?:us|our (?:work|journalism|reporting|mission|newsroom))\b",
            r"\bsupport independent (?:journalism|reporting|media|news)\b",
            r"\b(?:please )?donate (?:now|today|here|to us|to our)\b",
            r"\bmake a (?:donation|contribution)\b",
            r"\bbecome an? (?:supporter|member|patron|subscriber)\b",
            r"\b(?:do|did) you (?:like|enjoy|value) (?:this|what you|our)\b",
            r"\bif you (?:like|enjoy|value|appreciate) (?:this|our|what we)\b",
            r"\bsubscribe (?:to|for|now|today)\b",
            r"\bsign up (?:for|to) (?:our|the) (?:\w+ )?newsletter\b",
            r"\b(?:our|the|daily|weekly) newsletter\b.*\b(?:inbox|sign up|subscribe)\b",
            r"^share (?:this|on|via)\b",
            r"\bshare (?:it|this (?:story|article|post)) with (?:a|your) friends?\b",
            r"^(?:share|teilen|partager|compartir)\s*:?$",
            r"\bfollow us on\b",
            r"^(?:like this|gefällt mir)\s*:?$",
            r"^(?:like\s+)?loading(?:\.\.\.|…)$",
            r"^skip to (?:main )?(?:content|navigation|main|article)\b",
            r"^listen to (?:this )?(?:article|story)\b",
            r"^(?:please )?(?:support|donate to) [\w.-]+!?$",
            r"^(?:donate|subscribe)\b.{0,40}$",
            r"\bhelp us (?:keep|continue|stay|grow|fund|remain)\b",
            r"\bbuy (?:us|me) a coffee\b",
            r"^your browser does not support\b",
            r"^(?:artikel |beitrag )?teilen\b",
            r"\b(?:we|wir)(?: und unsere partner| and our partners)? (?:use|verwenden|nutzen)"
            r" cookies\b",
            r"^(?:we respect your privacy|wir respektieren ihre privatsphäre)",
            r"^(?:accept|reject|akzeptieren|ablehnen)(?: all| alle)?(?: cookies)?$",
            r"^(?:cookie settings|cookie-einstellungen|manage cookies)$",
            r"^(?:posted|filed) (?:in|under)\s+[^.!?]{1,80}$",
            r"^(?:previous|next)(?: (?:post|article|story|page))?\s*:",
            r"^get (?:the|our) .{0,40}\b(?:newsletter|briefing|digest)\b",
            r"^spotted an? (?:error|mistake|typo)\b",
            r"^(?:our )?(?:monthly |weekly |fundraising |donation )?goal\s*:?$",
            r"^(?:tags|tagged|tagged with|filed under|categories|schlagworte|stichworte)\s*:",
            r"^(?:advertisement|anzeige|werbung|publicité)$",
            r"\bunterstützen sie (?:uns|unsere)\b",
            r"\bjetzt (?:spenden|abonnieren)\b",
            r"\bnewsletter (?:abonnieren|bestellen)\b",
            r"^(?:©|\(c\)|copyright\b)",
            r"\ball rights reserved\b",
            r"^(?:\d+\s+)?comments?$",
            r"^(?:leave|add|post|write) a (?:comment|reply)\b",
            r"^tell us what you think\b",
            r"\bchip in\b",
            r"\bsupport (?:local|quality|public[- ]interest) (?:news|journalism|reporting)\b",
            r"\brepublish (?:this|our) (?:story|article|stories|articles)\b",
            r"\b(?:faites|je fais|faire) un don\b",
            r"\bsoutenez (?:notre|nous|l'information|le journalisme)\b",
            r"\babonnez-vous\b",
            r"\b(?:haz|hacer|realiza) (?:una )?donaci[óo]n\b",
            r"\bapoya (?:nuestro|el|al) periodismo\b",
            r"\bsuscr[íi]bete\b",
            r"\bhazte (?:socio|suscriptor|miembro)\b",
            # "Par Élodie Marchand · Publié le": a byline and date set apart from the story.
            r"^(?:par|por|by|von|door)\s+[^.!?·|]{1,60}[·|]\s*(?:publié|publicado|published"
            r"|veröffentlicht|mis à jour|updated|actualizado)\b",
        )
    ),
    re.IGNORECASE,
)
# Captions and credits under pictures: "Illustrative image", "Photo: …", "(Foto: dpa)".
_CAPTIONS: Final = re.compile(
    r"|".join(
        (
            r"^(?:illustrative|file|stock|archive|symbolic|representative|representational)"
            r" (?:image|photo|picture|photograph)\b",
            r"^(?:photo|photograph|image|picture|illustration|foto|bild|grafik)s?"
            r"(?:\s*(?:credits?|courtesy|source|quelle))?\s*[:|©]",
            r"^(?:photo|photograph|image|picture|foto|bild)s?\s+(?:credits?|courtesy|by|via|von)\b",
            r"(?:^|[.!?]\s+|\(|\|\s*)(?:photo|image|picture|foto|bild)s?(?: credits?)?\s*:"
            r"\s*[^.!?:]{1,60}\)?$",
            r"^credits?\s*:",
            r"\((?:[\w'’.&-]+\s+){0,3}(?:file |staff |archive )?(?:photo|image|picture|foto)\)$",
            r"^(?:symbolbild|archivbild|symbolfoto|archivfoto)\b",
            r"(?:^|\s)(?:[\w.]+\s*/\s*)?getty images\)?\.?$",
            r"^(?:click|tap) (?:here )?to (?:see|view|enlarge|expand|open)\b",
        )
    ),
    re.IGNORECASE,
)
# Page text keeps what markup would have marked as an embed: a post's credit line, bare links.
_EMBED_LEFTOVERS: Final = re.compile(
    r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s+.{0,30}\d{4}$"
    r"|^(?:https?://|www\.|pic\.twitter\.com/)\S+$",
    re.IGNORECASE,
)
# Paragraphs made only of amounts ("0 $ 2,500 $ 5,000 $"), perhaps with a few words such as
# "raised of … goal", come from donation-goal widgets.
_NUMBER: Final = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_CURRENCY: Final = r"US\$|[$€£¥₽₹]|\b(?:USD|EUR|GBP|CHF|RUB)\b"
_AMOUNT: Final = re.compile(
    rf"(?:{_CURRENCY})\s*(?:{_NUMBER})|(?:{_NUMBER})\s*(?:{_CURRENCY})", re.IGNORECASE
)
_WIDGET_WORDS: Final = frozenset(
    [
        "raised",
        "of",
        "goal",
        "target",
        "collected",
        "donated",
        "funded",
        "so",
        "far",
        "to",
        "go",
        "remaining",
        "left",
        "monthly",
        "this",
        "month",
        "our",
        "donors",
        "backers",
        "spendenziel",
        "gesammelt",
        "von",
        "ziel",
        "bisher",
        "noch",
        "objectif",
        "collectés",
    ]
)
_MAX_WIDGET_WORDS: Final = 8
_PERCENT: Final = re.compile(r"\d+(?:[.,]\d+)?\s*%")
# Pointers to other stories: "Related: ...", "Read more: ...", "SEE ALSO ...".
_POINTER: Final = re.compile(
    r"^(?:related(?: posts?| stories| articles?| coverage)?|read more|read also|also read|see more"
    r"|see also|more|also|don'?t miss|recommended|most read|mehr zum thema|lesen sie auch"
    r"|auch interessant|à lire aussi|lire aussi|lee también|ver también|leer más)\b"
    r"\s*(?::|\.\.\.|…|$)",
    re.IGNORECASE,
)
# Headings of boxes that list other stories; what follows them to the end is the list.
_MORE_HEADING: Final = re.compile(
    r"^(?:you (?:may|might) (?:also )?(?:like|enjoy)|more (?:from|on|about|stories)\b.*"
    r"|related(?: posts| stories| articles| coverage| reading)?|recommended(?: for you)?"
    r"|das könnte sie auch interessieren|weitere artikel|mehr zum thema|lesen sie auch"
    r"|vous aimerez aussi|à lire aussi|te puede interesar|você pode gostar|most (?:read|popular)"
    r"|popular (?:posts|stories)|trending)\s*(?::|\.\.\.|…)?$",
    re.IGNORECASE,
)
_SOCIAL: Final = frozenset(
    [
        "share",
        "tweet",
        "twitter",
        "facebook",
        "email",
        "e-mail",
        "print",
        "whatsapp",
        "telegram",
        "reddit",
        "linkedin",
        "pinterest",
        "x",
        "copy",
        "link",
        "mastodon",
        "bluesky",
        "flipboard",
        "pocket",
        "messenger",
    ]
)
_WORD: Final = re.compile(r"[\w'-]+")


def is_call_to_action(paragraph: str) -> bool:
    """Tell whether a paragraph is a plea to donate, share or subscribe rather than story text."""
    text = paragraph.strip()
    if not text:
        return True
    words = _WORD.findall(text.lower())
    if len(words) > _MAX_WORDS:
        return False
    if _is_widget(text):
        return True
    if words and len(words) <= 6 and all(word in _SOCIAL for word in words):
        return True
    if len(words) <= _MAX_POINTER_WORDS and _POINTER.match(text):
        return True
    return bool(_CALLS.search(text) or _CAPTIONS.search(text))


def is_caption(paragraph: str) -> bool:
    """Tell whether a short paragraph is a picture's caption or credit."""
    text = paragraph.strip()
    return len(_WORD.findall(text)) <= _MAX_WORDS and bool(_CAPTIONS.search(text))


def _is_widget(text: str) -> bool:
    rest, amounts = _AMOUNT.subn(" ", text)
    if not amounts:
        return False
    # Percentages of a progress bar may stand beside the amounts; other figures are reporting.
    rest = _PERCENT.sub(" ", rest)
    words = _WORD.findall(rest.lower())
    return len(words) <= _MAX_WIDGET_WORDS and all(word in _WIDGET_WORDS for word in words)


def is_embed_leftover(line: str) -> bool:
    """Tell whether a line of page text is an embedded post's credit or a bare web address."""
    return bool(_EMBED_LEFTOVERS.match(line.strip()))


def is_story_list_heading(line: str) -> bool:
    """Tell whether a short line heads a list of other stories ("Related", "More on this topic")."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > 8 or (text.endswith(".") and not text.endswith("...")):
        return False
    return bool(_MORE_HEADING.match(text))


def drop_calls_to_action(text: str) -> str:
    """Return the text without paragraphs that only ask the reader to donate, share or subscribe."""
    lines = [line for line in text.split("\n") if line.strip()]
    # A "you may also like" heading in the last part of the text starts a list of other stories.
    for index in range(len(lines) - 1, max(len(lines) // 2, 1) - 1, -1):
        if _MORE_HEADING.match(lines[index].strip()):
            lines = lines[:index]
            break
    return "\n".join(line for line in lines if not is_call_to_action(line))


def drop_headline(text: str, title: str | None) -> str:
    """Remove the headline where the body repeats it as its first line."""
    if not title:
        return text
    lines = text.split("\n")
    key = _key(title)
    for index, line in enumerate(lines[:3]):
        if key and _key(line) == key:
            return "\n".join(lines[:index] + lines[index + 1 :])
    return text


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def merge_passes(precise: str, broad: str) -> str:
    """Add to a precise extraction the long paragraphs that only a broader one found."""
    precise_lines = [line for line in precise.split("\n") if line.strip()]
    broad_lines = [line for line in broad.split("\n") if line.strip()]
    known = set(precise_lines)
    # Different orders or contents mean the passes read different parts: trust the precise one.
    if not broad_lines or not known <= set(broad_lines):
        return precise if precise_lines else broad
    matched = [index for index, line in enumerate(broad_lines) if line in known]
    first, last = (matched[0], matched[-1]) if matched else (len(broad_lines), -1)
    merged = []
    for index, line in enumerate(broad_lines):
        inside = first < index < last
        if line in known or len(line.split()) >= (_MERGE_INSIDE if inside else _MERGE_OUTSIDE):
            merged.append(line)
    return "\n".join(merged)


# Boxes of pleas are judged whole when they are this small: a heading, a line or two, a button.
_MAX_BOX_WORDS: Final = 80
_BOX_TAGS: Final = ("div", "section", "aside")
_BUTTON: Final = re.compile(r"(?:^|[-_])(?:button|bouton|btn|cta)", re.IGNORECASE)


def drop_call_boxes(tree: HtmlElement) -> int:
    """Remove small boxes that only plead or collect email addresses; return how many went."""
    doomed: list[HtmlElement] = []
    for field in tree.iter("input"):
        if (field.get("type") or "").lower() == "email" or "mail" in (field.get("name") or ""):
            box = _largest_small_box(field)
            if box is not None:
                doomed.append(box)
    for box in tree.iter(*_BOX_TAGS):
        if _words(box) > _MAX_BOX_WORDS or not _has_button(box):
            continue
        paragraphs = [p.text_content() for p in box.iter("p") if p.text_content().strip()]
        if paragraphs and all(is_call_to_action(p) for p in paragraphs):
            doomed.append(box)
    gone = 0
    for box in doomed:
        if box.getparent() is not None and not any(a in doomed for a in box.iterancestors()):
            remove(box)  # the story text after the box stays
            gone += 1
    return gone


def _words(element: HtmlElement) -> int:
    return len(element.text_content().split())


def _has_button(box: HtmlElement) -> bool:
    for element in box.iter("a", "button"):
        if element.tag == "button" or any(
            _BUTTON.search(token) for token in (element.get("class") or "").split()
        ):
            return True
    return False


def _largest_small_box(field: HtmlElement) -> HtmlElement | None:
    box = None
    for ancestor in field.iterancestors():
        if ancestor.tag in {"body", "main", "article", "html"} or _words(ancestor) > _MAX_BOX_WORDS:
            break
        if ancestor.tag in _BOX_TAGS or ancestor.tag == "form":
            box = ancestor
    return box
