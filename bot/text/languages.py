"""Language identification and the names the sentence and stemming models use."""

from __future__ import annotations

from functools import cache
from typing import Final

# ISO 639-1 code -> the name punkt, sumy and NLTK's Snowball stemmers use.
SUPPORTED_LANGUAGES: Final[dict[str, str]] = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}

_MIN_CONFIDENCE: Final = 0.5

# Restricting the candidates to widely published languages stops short English news text being
# taken for a close creole; languages outside this set are still named, just never summarised.
_CANDIDATES: Final = (
    *SUPPORTED_LANGUAGES,
    *("ar", "bg", "ca", "cs", "da", "el", "et", "fa", "fi", "he", "hi", "hr", "hu", "id", "ja"),
    *("ko", "lt", "lv", "no", "pl", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi"),
    "zh",
)


def language_name(code: str | None) -> str | None:
    """Return the model name for a supported ISO 639-1 code, else None."""
    if code is None:
        return None
    return SUPPORTED_LANGUAGES.get(code.lower()[:2])


@cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_CANDIDATES))
    return identifier


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None when unsure."""
    sample = text[:4000].strip()
    if len(sample) < 20:
        return None
    code, confidence = _identifier().classify(sample)  # type: ignore[attr-defined]
    return str(code) if confidence >= _MIN_CONFIDENCE else None
