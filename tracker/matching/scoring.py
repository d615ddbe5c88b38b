"""Scoring: how likely a candidate restates a recommendation, as a `Score` of named parts.

Vectorised throughout, per block (one country):
1. every text of the block comes normalised (from the store's cache, else normalise.py) into
   stems and concept tokens, those of purpose clauses marked;
2. TF-IDF vectors (sublinear tf, smoothed idf; adjacent-stem pairs as extra features; a
   purpose-clause word counts `purpose_weight`) are built for the block as a sparse matrix in
   numpy arrays (CSR by document, CSC by term);
3. the cheap first stage: a sparse product of the queries' vectors with all records' vectors,
   chunked so that one chunk's dense result stays small. Rare terms go through a sparse join
   (postings expanded with `np.repeat`, products summed with `np.bincount`), the few common
   terms through a dense BLAS product. It yields, for every (query, earlier record) pair, the
   cosine (`tfidf`), the IDF mass the two share (for `containment`) and the IDF-squared mass
   they share counted on either side (for `distinct`). Only earlier records count (the
   block's mask); the best `first_stage` per query are kept;
4. the kept pairs are rescored: `rapidfuzz.process.cpdist` (token_set_ratio over the
   normalised stems, all pairs in one call) and the topics' Jaccard from a boolean matrix;
5. the context parts come from the weighted mean of the parts so far: `exclusivity` (the best
   pair between its two reports?) and `lead` (ahead of the query's other candidates?); then
   `affinity` from that mean (how many strong mutual-best pairs, and accepted restatements,
   join the two reports?); all parts are combined into one weighted mean per pair.

No Python loop runs over the scored pairs; loops run over documents (to tokenise) and chunks,
and only the few pairs kept as proposals get their breakdown built in Python
(`BlockScores.breakdowns`).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property, total_ordering
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from tracker.matching.blocking import Block, MatchRecord
from tracker.matching.config import PART_NAMES, MatchingConfig
from tracker.matching.normalise import SECONDARY_MARK, Normaliser, decode

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_CHUNK_CELLS = 2_000_000
_MAX_DOC_CACHE = 400_000


@total_ordering
@dataclass(frozen=True)
class Score:
    """A match score: named parts (each 0..1) and their weights. Its value is the weighted
    mean of the parts present (a part that does not apply, such as topics when a text has
    none, is left out of numerator and denominator alike). Sorts and converts like a float;
    `dominant` names the part that contributed most, `weakest` the one that cost most."""

    parts: Mapping[str, float]
    weights: Mapping[str, float]

    @cached_property
    def _present(self) -> dict[str, float]:
        return {
            name: value
            for name, value in self.parts.items()
            if not math.isnan(value) and self.weights.get(name, 0.0) > 0
        }

    @cached_property
    def value(self) -> float:
        present = self._present
        total = sum(self.weights[name] for name in present)
        if total <= 0:
            return 0.0
        mean = sum(self.weights[name] * value for name, value in present.items()) / total
        return min(1.0, max(0.0, mean))

    @property
    def contributions(self) -> dict[str, float]:
        """Each part's share of the value: weight x part / total weight of parts present."""
        present = self._present
        total = sum(self.weights[name] for name in present) or 1.0
        return {name: self.weights[name] * value / total for name, value in present.items()}

    @property
    def dominant(self) -> str | None:
        contributions = self.contributions
        if not contributions:
            return None
        return max(contributions, key=lambda name: (contributions[name], name))

    @property
    def weakest(self) -> str | None:
        present = self._present
        if not present:
            return None
        return max(present, key=lambda name: (self.weights[name] * (1.0 - present[name]), name))

    def __float__(self) -> float:
        return self.value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Score):
            return self.value == other.value
        if isinstance(other, (int, float)):
            return self.value == float(other)
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Score):
            return self.value < other.value
        if isinstance(other, (int, float)):
            return self.value < float(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value:.3f}" for name, value in self.parts.items())
        return f"Score({self.value:.3f}; {shown})"

    def as_breakdown(self) -> dict[str, Any]:
        """The JSON stored with a proposal: the parts, the weights, what dominated."""
        return {
            "score": round(self.value, 4),
            "parts": {
                name: (None if math.isnan(value) else round(value, 4))
                for name, value in self.parts.items()
            },
            "weights": {name: self.weights[name] for name in self.parts},
            "dominant": self.dominant,
            "weakest": self.weakest,
        }


@dataclass
class BlockScores:
    """The kept pairs of one block: row indices into `block.records`, the parts, the total."""

    block: Block
    query_rows: IntArray
    cand_rows: IntArray
    parts: dict[str, FloatArray]
    total: FloatArray
    weights: Mapping[str, float]
    found_by: str

    def __len__(self) -> int:
        return len(self.total)

    def score(self, index: int) -> Score:
        return Score(
            parts={name: float(values[index]) for name, values in self.parts.items()},
            weights=self.weights,
        )

    def _breakdown_rows(
        self, indices: IntArray
    ) -> tuple[list[str], list[tuple[list[float], float, str | None, str | None]]]:
        """The part names, and per index: the part values, the total, the dominant and the
        weakest part (None where no part is present), computed for all pairs at once."""
        names = list(self.parts)
        if not len(indices):
            return names, []
        weights = np.array([self.weights.get(name, 0.0) for name in names])
        values = np.column_stack([self.parts[name][indices] for name in names])
        present = ~np.isnan(values) & (weights > 0)
        mass = np.where(present, weights, 0.0).sum(axis=1)
        scale = np.where(mass > 0, mass, 1.0)[:, None]
        contribution = np.where(present, weights * values / scale, -np.inf)
        cost = np.where(present, weights * (1.0 - values), -np.inf)
        # Ties go to the later name, as `Score.dominant` and `Score.weakest` break them.
        by_name = sorted(range(len(names)), key=lambda column: names[column], reverse=True)
        dominant = np.asarray(by_name)[np.argmax(contribution[:, by_name], axis=1)]
        weakest = np.asarray(by_name)[np.argmax(cost[:, by_name], axis=1)]
        anything = [bool(flag) for flag in np.asarray(present.any(axis=1))]
        rows = [
            (row, total, names[first] if has else None, names[last] if has else None)
            for row, total, first, last, has in zip(
                values.tolist(),
                self.total[indices].tolist(),
                dominant.tolist(),
                weakest.tolist(),
                anything,
                strict=True,
            )
        ]
        return names, rows

    def breakdowns(self, indices: IntArray) -> list[dict[str, Any]]:
        """`self.score(i).as_breakdown()` for each of `indices`, the same values computed for
        all pairs at once: a first store-wide run stores hundreds of thousands of them."""
        names, rows = self._breakdown_rows(indices)
        shared_weights = {name: self.weights[name] for name in names}
        return [
            {
                "score": round(total, 4),
                "parts": {
                    name: (None if math.isnan(value) else round(value, 4))
                    for name, value in zip(names, row, strict=True)
                },
                "weights": dict(shared_weights),
                "dominant": dominant,
                "weakest": weakest,
            }
            for row, total, dominant, weakest in rows
        ]

    def breakdown_texts(self, indices: IntArray) -> list[str]:
        """`json.dumps(b)` for each `b` of `self.breakdowns(indices)`, the same text written
        without building the dicts (the store keeps it as is)."""
        names, rows = self._breakdown_rows(indices)
        keys = [json.dumps(name) + ": " for name in names]
        weights = json.dumps({name: self.weights[name] for name in names})
        quoted: dict[str | None, str] = {name: json.dumps(name) for name in names}
        quoted[None] = "null"
        result = []
        for row, total, dominant, weakest in rows:
            parts = ", ".join(
                [
                    key + ("null" if value != value else repr(round(value, 4)))
                    for key, value in zip(keys, row, strict=True)
                ]
            )
            result.append(
                f'{{"score": {round(total, 4)!r}, "parts": {{{parts}}}, "weights": {weights}, '
                f'"dominant": {quoted[dominant]}, "weakest": {quoted[weakest]}}}'
            )
        return result


@dataclass
class _Vectors:
    """A block's TF-IDF vectors, by document (CSR) and by term (CSC)."""

    indptr: IntArray
    terms: IntArray
    tfidf: FloatArray  # L2-normalised tf-idf weight of (doc, term)
    mass: FloatArray  # idf weight of (doc, term), for the shared-mass product
    rare: FloatArray  # idf squared of (doc, term): rare words weigh much more (`distinct`)
    doc_mass: FloatArray  # total idf weight of each doc's distinct terms
    doc_rare: FloatArray  # total idf-squared weight of each doc's distinct terms
    term_ptr: IntArray
    term_docs: IntArray
    term_keys: IntArray  # term x docs + doc, per posting: ascending (term-major, doc order)
    term_tfidf: FloatArray
    term_rare: FloatArray
    common: npt.NDArray[np.bool_]  # per term: scored densely
    dense_tfidf: npt.NDArray[np.float32]  # docs x common terms
    dense_mass: npt.NDArray[np.float32]  # docs x common terms (idf weight)
    dense_rare: npt.NDArray[np.float32]  # docs x common terms (idf squared weight)
    dense_present: npt.NDArray[np.float32]  # docs x common terms (1 where present)


@dataclass
class _Products:
    """A chunk of queries x the block's docs: cosine, shared idf mass (the query's), shared
    idf-squared mass counted in the query and in the candidate."""

    cos: FloatArray
    shared: FloatArray
    rare_q: FloatArray
    rare_c: FloatArray


class Scorer:
    """Scores the blocks of one configuration; the normaliser's cache is kept across blocks."""

    def __init__(self, config: MatchingConfig, normaliser: Normaliser | None = None) -> None:
        self.config = config
        self.normaliser = normaliser or Normaliser.from_config(config)
        self.weights = {name: config.weights[name] for name in PART_NAMES}
        self._vocab: dict[str, int] = {}
        self._multiplier: list[float] = []
        self._names: list[str] = []  # vocabulary id -> feature
        self._doc_cache: dict[str, tuple[IntArray, FloatArray]] = {}

    # -- step 2: vectors ---------------------------------------------------------------
    def tokens_of(self, record: MatchRecord) -> str:
        """A record's normalised tokens (`NormalisedText.encoded`): from the store's cache
        where the record carries them, else normalised now."""
        if record.tokens is not None:
            return record.tokens
        return self.normaliser.normalise(record.text).encoded

    def _doc_terms(self, encoded: str) -> tuple[IntArray, FloatArray]:
        """A text's features (stems, and adjacent-stem pairs) as ids in this scorer's own
        vocabulary, with their counts (an occurrence in a purpose clause counts
        `purpose_weight`); `encoded` is its normalised form. Cached, so a history is turned
        into features once per scorer."""
        cached = self._doc_cache.get(encoded)
        if cached is not None:
            return cached
        secondary = self.config.purpose_weight
        pairs = [(token, secondary if marked else 1.0) for token, marked in decode(encoded)]
        vocab = self._vocab
        doc: dict[int, float] = {}
        features: list[tuple[str, float, float]] = [(token, 1.0, w) for token, w in pairs]
        if self.config.bigram_weight > 0:
            features.extend(
                (f"{first} {second}", self.config.bigram_weight, min(w1, w2))
                for (first, w1), (second, w2) in itertools.pairwise(pairs)
            )
        for feature, multiplier, weight in features:
            if weight <= 0:
                continue
            term = vocab.get(feature)
            if term is None:
                term = vocab[feature] = len(vocab)
                self._multiplier.append(multiplier)
                self._names.append(feature)
            doc[term] = doc.get(term, 0.0) + weight
        result = (
            np.fromiter(doc.keys(), dtype=np.int64, count=len(doc)),
            np.fromiter(doc.values(), dtype=np.float64, count=len(doc)),
        )
        if len(self._doc_cache) < _MAX_DOC_CACHE:
            self._doc_cache[encoded] = result
        return result

    def _vectors(self, joined: list[str]) -> _Vectors:
        docs = [self._doc_terms(text) for text in joined]
        n_docs = len(joined)
        lengths = np.fromiter((len(terms) for terms, _ in docs), dtype=np.int64, count=n_docs)
        indptr_a = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr_a[1:])
        if n_docs and indptr_a[-1]:
            global_terms = np.concatenate([terms for terms, _ in docs])
            counts_a = np.concatenate([counts for _, counts in docs])
        else:
            global_terms = np.zeros(0, dtype=np.int64)
            counts_a = np.zeros(0, dtype=np.float64)
        uniq, inverse = np.unique(global_terms, return_inverse=True)
        terms_a = inverse.astype(np.int64).reshape(-1)
        mult = np.asarray(self._multiplier, dtype=np.float64)[uniq]
        n_terms = len(uniq)
        df = np.bincount(terms_a, minlength=n_terms).astype(np.float64)
        idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0) * mult
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(indptr_a))
        # Sublinear tf; a count below 1 (words of a purpose clause only) stays as it is.
        tf = np.where(counts_a >= 1.0, 1.0 + np.log(np.maximum(counts_a, 1.0)), counts_a)
        presence = np.minimum(counts_a, 1.0)
        raw = tf * idf[terms_a] if len(terms_a) else counts_a
        norms = np.sqrt(np.bincount(doc_of, weights=raw * raw, minlength=n_docs).astype(np.float64))
        norms[norms == 0] = 1.0
        tfidf = raw / norms[doc_of]
        mass = idf[terms_a] * presence if len(terms_a) else counts_a
        rare = mass * idf[terms_a] if len(terms_a) else counts_a
        doc_mass = np.bincount(doc_of, weights=mass, minlength=n_docs).astype(np.float64)
        doc_rare = np.bincount(doc_of, weights=rare, minlength=n_docs).astype(np.float64)
        order = np.argsort(terms_a, kind="stable")
        term_ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df.astype(np.int64), out=term_ptr[1:])
        threshold = max(self.config.common_min_df, self.config.common_share * n_docs)
        common = df >= threshold
        # The dense columns in the order of their features, not of this scorer's vocabulary
        # (which depends on the blocks scored before): a block's float32 products then do not
        # depend on what else the run scored, so a run that scores one country scores it
        # exactly as a run of the whole store does (incremental matching relies on it).
        names = self._names
        common_ids = np.array(
            sorted(np.flatnonzero(common).tolist(), key=lambda local: names[int(uniq[local])]),
            dtype=np.int64,
        )
        column = np.full(n_terms, -1, dtype=np.int64)
        column[common_ids] = np.arange(len(common_ids))
        dense_tfidf = np.zeros((n_docs, len(common_ids)), dtype=np.float32)
        dense_mass = np.zeros_like(dense_tfidf)
        dense_rare = np.zeros_like(dense_tfidf)
        dense_present = np.zeros_like(dense_tfidf)
        is_common = common[terms_a] if len(terms_a) else np.zeros(0, dtype=bool)
        if is_common.any():
            rows = doc_of[is_common]
            cols = column[terms_a[is_common]]
            dense_tfidf[rows, cols] = tfidf[is_common]
            dense_mass[rows, cols] = mass[is_common]
            dense_rare[rows, cols] = rare[is_common]
            dense_present[rows, cols] = 1.0
        return _Vectors(
            indptr=indptr_a,
            terms=terms_a,
            tfidf=tfidf,
            mass=mass,
            rare=rare,
            doc_mass=doc_mass,
            doc_rare=doc_rare,
            term_ptr=term_ptr,
            term_docs=doc_of[order],
            term_keys=terms_a[order] * n_docs + doc_of[order],
            term_tfidf=tfidf[order],
            term_rare=rare[order],
            common=common,
            dense_tfidf=dense_tfidf,
            dense_mass=dense_mass,
            dense_rare=dense_rare,
            dense_present=dense_present,
        )

    # -- step 3: the first stage -------------------------------------------------------
    @staticmethod
    def _products(vec: _Vectors, rows: IntArray, n_docs: int) -> _Products:
        """For the query docs `rows`, with the first `n_docs` docs of the block (those of
        earlier elections: the block is in date order): the cosine, the idf mass they share
        (the query's), and the idf-squared mass they share, counted on either side."""
        lengths = vec.indptr[rows + 1] - vec.indptr[rows]
        total = int(lengths.sum())
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        offsets = np.arange(total, dtype=np.int64) - np.repeat(
            np.cumsum(lengths) - lengths, lengths
        )
        entries = np.repeat(vec.indptr[rows], lengths) + offsets
        q_terms = vec.terms[entries]
        rare = ~vec.common[q_terms]
        local, entries, q_terms = local[rare], entries[rare], q_terms[rare]
        # Each term's postings are in doc order: those of the first `n_docs` docs lead.
        n_all = len(vec.doc_mass)
        if n_docs < n_all:
            plen = np.searchsorted(vec.term_keys, q_terms * n_all + n_docs) - vec.term_ptr[q_terms]
        else:
            plen = vec.term_ptr[q_terms + 1] - vec.term_ptr[q_terms]
        expanded = int(plen.sum())
        size = len(rows) * n_docs
        shape = (len(rows), n_docs)
        if expanded:
            starts = np.repeat(vec.term_ptr[q_terms], plen) + (
                np.arange(expanded, dtype=np.int64) - np.repeat(np.cumsum(plen) - plen, plen)
            )
            cells = np.repeat(local, plen) * n_docs + vec.term_docs[starts]

            def summed(weights: FloatArray) -> FloatArray:
                sums: FloatArray = np.bincount(cells, weights=weights, minlength=size).astype(
                    np.float64, copy=False
                )
                return sums.reshape(shape)

            cos = summed(np.repeat(vec.tfidf[entries], plen) * vec.term_tfidf[starts])
            shared = summed(np.repeat(vec.mass[entries], plen))
            rare_q = summed(np.repeat(vec.rare[entries], plen))
            rare_c = summed(vec.term_rare[starts])
        else:
            cos, shared, rare_q, rare_c = (np.zeros(shape) for _ in range(4))
        if vec.dense_tfidf.shape[1]:
            dense = vec.dense_present[:n_docs].T
            cos += vec.dense_tfidf[rows] @ vec.dense_tfidf[:n_docs].T  # float32 widened exactly
            shared += vec.dense_mass[rows] @ dense
            rare_q += vec.dense_rare[rows] @ dense
            rare_c += vec.dense_present[rows] @ vec.dense_rare[:n_docs].T
        return _Products(cos=cos, shared=shared, rare_q=rare_q, rare_c=rare_c)

    def score_block(
        self,
        block: Block,
        excluded: Mapping[int, Collection[int]] | None = None,
        restated: Collection[tuple[int, int]] = (),
    ) -> BlockScores:
        """Every query's best `first_stage` earlier candidates, scored. `excluded` maps a query
        record id to candidate record ids that must not be scored (decided pairs); `restated`
        holds accepted restatements (source id, target id), which are not scored but count
        towards the affinity of their two reports."""
        records = block.records
        encoded = [self.tokens_of(record) for record in records]
        vec = self._vectors(encoded)
        keep = min(self.config.first_stage, len(records))
        position = {record.id: index for index, record in enumerate(records)}
        query_rows, cand_rows, parts = self._first_stage(
            block, vec, keep, _rows_excluded(position, excluded)
        )
        # -- step 4: rescoring the kept pairs -------------------------------------------
        parts["tokens"] = _token_ratios(encoded, query_rows, cand_rows)
        parts["topics"] = self._topics(records, query_rows, cand_rows)
        # -- step 5: context, then the weighted mean ------------------------------------
        total = self._with_context(
            records, query_rows, cand_rows, parts, _rows_restated(position, restated)
        )
        return BlockScores(
            block=block,
            query_rows=query_rows,
            cand_rows=cand_rows,
            parts=parts,
            total=total,
            weights=dict(self.weights),
            found_by=f"tfidf-top{keep}",
        )

    def _stage_weights(self) -> tuple[float, float]:
        """The first stage's weights of the cosine and of containment (summing to 1)."""
        w = self.weights
        stage_total = (w["tfidf"] + w["containment"]) or 1.0
        w_tfidf, w_cont = w["tfidf"] / stage_total, w["containment"] / stage_total
        if w_tfidf == 0 and w_cont == 0:
            w_tfidf = 1.0
        return w_tfidf, w_cont

    def _first_stage(
        self, block: Block, vec: _Vectors, keep: int, excluded_rows: Mapping[int, list[int]]
    ) -> tuple[IntArray, IntArray, dict[str, FloatArray]]:
        """Step 3, chunk by chunk: each query's best `keep` earlier docs by the first stage's
        score, as query rows, candidate rows and their `tfidf`, `containment` and `distinct`
        parts."""
        stage_weights = self._stage_weights()
        kept = [
            self._first_stage_chunk(vec, rows, width, keep, stage_weights, excluded_rows)
            for rows, width in _chunks_by_width(block)
        ]

        def joined(column: int, dtype: type = np.float64) -> npt.NDArray[Any]:
            if not kept:
                return np.zeros(0, dtype=dtype)
            return np.concatenate([chunk[column] for chunk in kept])

        parts: dict[str, FloatArray] = {
            "tfidf": np.clip(joined(2), 0.0, 1.0),
            "containment": joined(3),
            "distinct": joined(4),
        }
        return joined(0, np.int64), joined(1, np.int64), parts

    def _first_stage_chunk(
        self,
        vec: _Vectors,
        rows: IntArray,
        width: int,
        keep: int,
        stage_weights: tuple[float, float],
        excluded_rows: Mapping[int, list[int]],
    ) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
        """One chunk of step 3: the kept pairs' query rows, candidate rows, cosine, containment
        and distinctness."""
        # Only the `width` docs of earlier elections are candidates: the block is in date
        # order, so they come first, and the products are computed for them alone.
        products = self._products(vec, rows, width)
        cos = products.cos
        smaller = np.minimum(vec.doc_mass[rows][:, None], vec.doc_mass[None, :width])
        smaller[smaller == 0] = 1.0
        containment = np.minimum(1.0, products.shared / smaller)
        w_tfidf, w_cont = stage_weights
        stage = w_tfidf * cos + w_cont * containment
        _exclude(stage, rows, width, excluded_rows)
        stage[cos <= 0] = -1.0
        local_rows, cand = _best_per_row(stage, min(keep, width))
        distinct = _distinct(
            products.rare_q[local_rows, cand],
            products.rare_c[local_rows, cand],
            vec.doc_rare[rows[local_rows]],
            vec.doc_rare[cand],
        )
        return (
            rows[local_rows],
            cand.astype(np.int64),
            cos[local_rows, cand],
            containment[local_rows, cand],
            distinct,
        )

    def _with_context(
        self,
        records: list[MatchRecord],
        query_rows: IntArray,
        cand_rows: IntArray,
        parts: dict[str, FloatArray],
        accepted: list[tuple[int, int]],
    ) -> FloatArray:
        """Step 5: add the context parts to `parts` (`exclusivity` and `lead` from the
        weighted mean of the parts so far, then `affinity` from the mean with those), and
        return the weighted mean of them all."""
        w = self.weights
        base = combine(parts, w)
        parts["exclusivity"] = exclusivity(
            records, query_rows, cand_rows, base, self.config.exclusivity_slope, accepted
        )
        parts["lead"] = lead(query_rows, base, self.config.lead_slope)
        total = combine(parts, w)
        parts["affinity"] = report_affinity(
            records, query_rows, cand_rows, total, self.config.affinity_level, accepted
        )
        return combine(parts, w)

    @staticmethod
    def _topics(
        records: list[MatchRecord], query_rows: IntArray, cand_rows: IntArray
    ) -> FloatArray:
        """Jaccard of the two records' topic sets; NaN where either has none."""
        names = sorted({topic for record in records for topic in record.topics})
        if not names or not len(query_rows):
            return np.full(len(query_rows), np.nan)
        column = {name: index for index, name in enumerate(names)}
        matrix = np.zeros((len(records), len(names)), dtype=bool)
        for row, record in enumerate(records):
            for topic in record.topics:
                matrix[row, column[topic]] = True
        sizes = matrix.sum(axis=1)
        inter = (matrix[query_rows] & matrix[cand_rows]).sum(axis=1).astype(np.float64)
        union = (sizes[query_rows] + sizes[cand_rows]).astype(np.float64) - inter
        with np.errstate(invalid="ignore", divide="ignore"):
            result: FloatArray = np.where(union > 0, inter / union, np.nan)
        missing = (sizes[query_rows] == 0) | (sizes[cand_rows] == 0)
        result[missing] = np.nan
        return result


def _rows_excluded(
    position: Mapping[int, int], excluded: Mapping[int, Collection[int]] | None
) -> dict[int, list[int]]:
    """`excluded` (query id -> candidate ids) as block rows, for the records in the block."""
    result: dict[int, list[int]] = {}
    for query_id, cand_ids in (excluded or {}).items():
        if query_id in position:
            result[position[query_id]] = [position[c] for c in cand_ids if c in position]
    return result


def _rows_restated(
    position: Mapping[int, int], restated: Collection[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The accepted restatements (source id, target id) within the block, as row pairs."""
    return [
        (position[source], position[target])
        for source, target in restated
        if source in position and target in position
    ]


def _exclude(
    stage: FloatArray, rows: IntArray, width: int, excluded_rows: Mapping[int, list[int]]
) -> None:
    """Rule out (score -1) each query row's excluded candidates among the first `width`."""
    for local, row in enumerate(rows):
        cols = excluded_rows.get(int(row))
        if cols:
            stage[local, [col for col in cols if col < width]] = -1.0


def _best_per_row(stage: FloatArray, kept: int) -> tuple[IntArray, IntArray]:
    """The (row, column) cells among each row's best `kept` that score above 0."""
    width = stage.shape[1]
    if kept < width:
        top = np.argpartition(-stage, kept - 1, axis=1)[:, :kept]
    else:
        top = np.broadcast_to(np.arange(width), stage.shape)
    picked = np.take_along_axis(stage, top, axis=1)
    local_rows, slots = np.nonzero(picked > 0)
    return local_rows, top[local_rows, slots]


def _token_ratios(encoded: list[str], query_rows: IntArray, cand_rows: IntArray) -> FloatArray:
    """RapidFuzz's token-set ratio of each pair's normalised stems (purpose marks dropped),
    0..1, all pairs in one call."""
    if not len(query_rows):
        return np.zeros(0)
    plain = [text.replace(SECONDARY_MARK, "") for text in encoded]
    ratios: FloatArray = (
        process.cpdist(
            [plain[i] for i in query_rows],
            [plain[i] for i in cand_rows],
            scorer=fuzz.token_set_ratio,
            workers=-1,
        ).astype(np.float64)
        / 100.0
    )
    return ratios


def _chunks_by_width(block: Block) -> list[tuple[IntArray, int]]:
    """The block's query rows in chunks of one election each (so of one width: the number of
    docs of earlier elections, which lead the block), each chunk's products at most
    `_CHUNK_CELLS` cells. Queries with no earlier doc have no candidates and are left out."""
    days = block.days
    rows = block.query_rows
    widths = np.searchsorted(days, days[rows], side="left")
    result: list[tuple[IntArray, int]] = []
    bounds = np.flatnonzero(np.diff(widths)) + 1
    for group in np.split(np.arange(len(rows)), bounds):
        if not len(group):
            continue
        width = int(widths[group[0]])
        if width == 0:
            continue
        size = max(1, _CHUNK_CELLS // width)
        for start in range(0, len(group), size):
            result.append((rows[group[start : start + size]], width))
    return result


def _competitors(first: IntArray, second: IntArray, values: FloatArray) -> FloatArray:
    """For each pair, the best value of the OTHER pairs with the same (first, second) key."""
    if not len(values):
        return np.zeros(0)
    order = np.lexsort((-values, second, first))
    f, s, v = first[order], second[order], values[order]
    starts = np.r_[True, (f[1:] != f[:-1]) | (s[1:] != s[:-1])]
    group = np.cumsum(starts) - 1
    best = v[starts][group]
    has_next = np.r_[~starts[1:], False]
    runner = np.where(has_next, np.r_[v[1:], 0.0], 0.0)
    result = np.empty_like(values)
    result[order] = np.where(starts, runner, best)
    return result


def exclusivity(
    records: list[MatchRecord],
    query_rows: IntArray,
    cand_rows: IntArray,
    base: FloatArray,
    slope: float,
    accepted: Collection[tuple[int, int]] = (),
) -> FloatArray:
    """How clearly a pair is the best match between its two reports, in both directions: a
    report rarely raises one ask twice, so a restatement is normally the source's best
    candidate in the target's report AND the target's best match in the source's report.
    0.5 + slope x (base score - best competing score), clipped to 0..1; competitors are the
    source's other candidates from the target's report and the target's other matches from
    the source's report. An `accepted` restatement (row pairs; decided, so not scored) is a
    competitor scoring 1: a source already restating an ask of that report, or a target
    already restated from the source's report, leaves little room for another pair."""
    codes: dict[str, int] = {}
    report = np.fromiter(
        (codes.setdefault(record.report_id, len(codes)) for record in records),
        dtype=np.int64,
        count=len(records),
    )
    forward = _competitors(query_rows, report[cand_rows], base)
    backward = _competitors(cand_rows, report[query_rows], base)
    competitor = np.maximum(forward, backward)
    if accepted:
        width = len(codes)
        sources = np.array([source for source, _ in accepted], dtype=np.int64)
        targets = np.array([target for _, target in accepted], dtype=np.int64)
        linked_forward = np.isin(
            query_rows * width + report[cand_rows], sources * width + report[targets]
        )
        linked_backward = np.isin(
            cand_rows * width + report[query_rows], targets * width + report[sources]
        )
        competitor = np.where(linked_forward | linked_backward, 1.0, competitor)
    result: FloatArray = np.clip(0.5 + slope * (base - competitor), 0.0, 1.0)
    return result


def report_affinity(
    records: list[MatchRecord],
    query_rows: IntArray,
    cand_rows: IntArray,
    scores: FloatArray,
    level: float,
    accepted: Collection[tuple[int, int]] = (),
) -> FloatArray:
    """How much the two reports of a pair restate each other as a whole: the pairs between
    them that are each other's best match between the two reports, scoring at least `level`,
    and the `accepted` restatements between them (row pairs, which are not scored), as a share
    of the smaller report's recommendations in the block. Restatements come in
    bundles (a report takes up many asks of the previous report of its country), so a
    candidate from a report that the query's report restates throughout is more likely the
    one restated than the same ask worded alike in an unrelated report."""
    if not len(scores):
        return np.zeros(0)
    codes: dict[str, int] = {}
    report = np.fromiter(
        (codes.setdefault(record.report_id, len(codes)) for record in records),
        dtype=np.int64,
        count=len(records),
    )
    size = np.bincount(report, minlength=len(codes)).astype(np.float64)
    query_report, cand_report = report[query_rows], report[cand_rows]
    forward = _competitors(query_rows, cand_report, scores)
    backward = _competitors(cand_rows, query_report, scores)
    mutual = (scores > forward) & (scores > backward) & (scores >= level)
    pair_code = query_report * len(codes) + cand_report
    decided = np.array(
        [report[source] * len(codes) + report[target] for source, target in accepted]
    )
    strong = np.bincount(
        np.concatenate([pair_code[mutual], decided.astype(np.int64)]),
        minlength=len(codes) * len(codes),
    )
    smaller = np.minimum(size[query_report], size[cand_report])
    result: FloatArray = np.clip(strong[pair_code] / smaller, 0.0, 1.0)
    return result


def lead(query_rows: IntArray, base: FloatArray, slope: float) -> FloatArray:
    """How clearly a candidate leads the recommendation's other candidates, from any earlier
    report: 0.5 + slope x (base score - best other base score of the same recommendation),
    clipped to 0..1. A restatement usually stands out; a weak candidate behind a strong one
    is most often another ask on the same subject."""
    if not len(base):
        return np.zeros(0)
    competitor = _competitors(query_rows, np.zeros_like(query_rows), base)
    result: FloatArray = np.clip(0.5 + slope * (base - competitor), 0.0, 1.0)
    return result


def _distinct(
    shared_q: FloatArray, shared_c: FloatArray, total_q: FloatArray, total_c: FloatArray
) -> FloatArray:
    """The lower of the two sides' shares of idf-squared mass found in the other text: 1 when
    each text's distinctive (rare) words all appear in the other, low when either has
    distinctive words the other lacks (same frame, another key word)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        forward = np.where(total_q > 0, shared_q / total_q, 0.0)
        backward = np.where(total_c > 0, shared_c / total_c, 0.0)
    result: FloatArray = np.clip(np.minimum(forward, backward), 0.0, 1.0)
    return result


def combine(parts: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """The weighted mean of the parts present, per pair (the vectorised `Score.value`)."""
    numerator: FloatArray | None = None
    denominator: FloatArray | None = None
    for name, values in parts.items():
        weight = weights.get(name, 0.0)
        if weight <= 0:
            continue
        present = ~np.isnan(values)
        term = np.where(present, values * weight, 0.0)
        mass = np.where(present, weight, 0.0)
        numerator = term if numerator is None else numerator + term
        denominator = mass if denominator is None else denominator + mass
    if numerator is None or denominator is None:
        size = len(next(iter(parts.values()))) if parts else 0
        return np.zeros(size)
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = np.where(denominator > 0, numerator / denominator, 0.0)
    return np.clip(result, 0.0, 1.0)
