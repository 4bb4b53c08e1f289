"""Vectorised sentence statistics: TF-IDF similarity, graph centrality, redundancy-aware picks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def similarity_matrix(term_lists: Sequence[Sequence[str]]) -> FloatArray:
    """Return the TF-IDF cosine similarity of every pair of sentences (zero diagonal)."""
    n = len(term_lists)
    if n == 0:
        return np.zeros((0, 0))
    vocabulary: dict[str, int] = {}
    ids = [vocabulary.setdefault(term, len(vocabulary)) for terms in term_lists for term in terms]
    if not ids:
        return np.zeros((n, n))
    size = len(vocabulary)
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(terms) for terms in term_lists])
    cells, counts = np.unique(rows * size + np.asarray(ids, dtype=np.int64), return_counts=True)
    row, col = np.divmod(cells, size)
    frequency = np.bincount(col, minlength=size)
    idf = np.log((n + 1) / frequency)
    weight = (1.0 + np.log(counts)) * idf[col]
    norm = np.sqrt(np.bincount(row, weights=weight**2, minlength=n))
    norm[norm == 0] = 1.0
    # A term found in one sentence adds to its norm but never to a shared product, so the
    # dense matrix only needs the shared terms: a fraction of the vocabulary on long articles.
    shared = frequency[col] > 1
    shared_ids = np.unique(col[shared])
    if shared_ids.size == 0:
        return np.zeros((n, n))
    column = np.searchsorted(shared_ids, col[shared])
    matrix = np.zeros((n, shared_ids.size), dtype=np.float32)
    matrix[row[shared], column] = (weight[shared] / norm[row[shared]]).astype(np.float32)
    similarity = (matrix @ matrix.T).astype(np.float64)
    np.fill_diagonal(similarity, 0.0)
    np.clip(similarity, 0.0, 1.0, out=similarity)
    return similarity


def overlap_matrix(term_lists: Sequence[Sequence[str]]) -> FloatArray:
    """Return, for every pair of sentences, the share of the smaller one's terms they share."""
    n = len(term_lists)
    sets = [set(terms) for terms in term_lists]
    vocabulary: dict[str, int] = {}
    for terms in sets:
        for term in terms:
            vocabulary.setdefault(term, len(vocabulary))
    if not vocabulary:
        return np.zeros((n, n))
    members = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, terms in enumerate(sets):
        members[row, [vocabulary[t] for t in terms]] = 1.0
    shared = (members @ members.T).astype(np.float64)
    sizes = members.sum(axis=1).astype(np.float64)
    smaller = np.maximum(np.minimum(sizes[:, None], sizes[None, :]), 1.0)
    overlap: FloatArray = shared / smaller
    np.fill_diagonal(overlap, 0.0)
    return overlap


def forward_centrality(similarity: FloatArray) -> FloatArray:
    """Return how strongly each sentence is taken up by the sentences after it, max 1.

    News states its point first and elaborates on it later, so a sentence echoed by what
    follows is central; one that only echoes what came before (a recap, a caption restating
    the lead) is not. This is degree centrality on the similarity graph, directed forward.
    """
    if similarity.size == 0:
        return np.zeros(similarity.shape[0])
    echo: FloatArray = np.triu(similarity, 1).sum(axis=1)
    top = float(echo.max())
    return echo / top if top > 0 else echo


def select(
    scores: FloatArray,
    similarity: FloatArray,
    candidates: Sequence[int],
    *,
    count: int,
    max_overlap: float,
    redundancy_weight: float,
) -> list[int]:
    """Pick up to count candidates by score, skipping and discounting ones that repeat a pick."""
    pool = np.asarray(candidates, dtype=np.int64)
    chosen: list[int] = []
    overlap = np.zeros(pool.size)
    open_ = np.ones(pool.size, dtype=bool)
    while len(chosen) < count and open_.any():
        value = np.where(open_, scores[pool] - redundancy_weight * overlap, -np.inf)
        best = int(np.argmax(value))
        chosen.append(int(pool[best]))
        open_[best] = False
        overlap = np.maximum(overlap, similarity[pool, pool[best]])
        open_ &= overlap <= max_overlap
    return chosen
