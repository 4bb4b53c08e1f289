"""Near-duplicate stories: MinHash signatures over word shingles."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

PERMUTATIONS: Final = 64
SHINGLE: Final = 3
_SHORT_TEXT: Final = 60  # words; headlines and teasers are compared on word pairs
DUPLICATE_THRESHOLD: Final = 0.6

_WORD: Final = re.compile(r"\w+")
_PRIME: Final = (1 << 61) - 1
_rng = np.random.default_rng(20240501)  # fixed seed: signatures must agree across restarts
_A: Final = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B: Final = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)

Signature = npt.NDArray[np.uint32]


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(text.casefold())
    size = SHINGLE if len(words) >= _SHORT_TEXT else min(2, len(words))
    return {
        zlib.crc32(" ".join(words[i : i + size]).encode())
        for i in range(max(0, len(words) - size + 1))
    }


def signature(text: str) -> Signature:
    """Return the MinHash signature of a text (all ones-bits for an empty text)."""
    shingles = _shingles(text)
    if not shingles:
        return np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    # (a * x + b) mod p with 64-bit wrap-around is a fine universal hash for this purpose.
    hashed = (values[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    result: Signature = (hashed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return result


def similarity(first: Signature, second: Signature) -> float:
    """Estimate the Jaccard similarity of the two texts behind two signatures."""
    return float(np.mean(first == second))


def most_similar(candidate: Signature, known: Sequence[Signature]) -> tuple[int, float]:
    """Return the index and similarity of the closest known signature ((-1, 0.0) if none)."""
    if not known:
        return -1, 0.0
    scores = (np.vstack(known) == candidate[None, :]).mean(axis=1)
    best = int(np.argmax(scores))
    return best, float(scores[best])


def encode(value: Signature) -> bytes:
    """Return a signature as bytes for the database (little-endian 32-bit values)."""
    return value.astype("<u4").tobytes()


def decode(data: bytes) -> Signature:
    """Rebuild a signature stored by encode."""
    result: Signature = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return result
