"""Canonical story URLs: one address per story, whatever tracking or mobile variant was shared."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMETERS: Final = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "ito",
        "smid",
        "sr_share",
        "share",
        "amp",
        "outputtype",
        "output",
    }
)
_TRACKING_PREFIXES: Final = ("utm_", "at_", "pk_", "mtm_", "hsa_", "__twitter")
_MOBILE_HOST: Final = re.compile(r"^(?:m|mobile|amp|www)\.(?=[^.]+\.)")
_AMP_PATH: Final = re.compile(r"(?:/amp/?$|/amp(?=/)|\.amp(?=\.html?$|$))")


def _keep(name: str) -> bool:
    lowered = name.lower()
    return lowered not in _TRACKING_PARAMETERS and not lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return the URL without tracking parameters, fragment, AMP or mobile variants."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".")
    while _MOBILE_HOST.match(host):
        host = _MOBILE_HOST.sub("", host, count=1)
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep(k)]
    # Scheme differences (http vs https) are the same story; https is the canonical form.
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))
