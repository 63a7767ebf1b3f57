"""Features: a prepared message (:class:`Doc`) → a sparse row.

Four blocks, each TF-IDF weighted and L2-normalised, then stacked:
- words: lemma uni- and bigrams (the topic and the body);
- chars: character 3–5-grams of each word, so that typos ("отапление"),
  rare inflections and unknown village names still share evidence;
- meta: what is known besides the words — context fields
  (``page=minzdrav``) and their pairs, the municipality of the places
  found, a street address, urgency cue categories;
- shape: the opening word and the closing mark, which tell a question
  from a complaint.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .params import Transformer
from .places import PlaceMatch
from .text import Normalised

__all__ = ["Doc", "MessageVectorizer", "TermBlock"]

#: Words that carry no routing evidence; kept short on purpose — "не",
#: "нет" and question words matter for urgency and kind.
_STOP = frozenset("и в во на с со к по за из у о об от до а но же ли бы то что это как так я мы вы он она они мой наш ваш свой весь этот тот который быть".split())
_PUNCT = frozenset("?!")


@dataclass
class Doc:
    """One message prepared for the models: normalised text, context, and
    the evidence found in it (places, urgency cues)."""

    norm: Normalised
    context: dict[str, str] = field(default_factory=dict)
    places: list[PlaceMatch] = field(default_factory=list)
    municipality: str | None = None
    cues: list = field(default_factory=list)
    month: int | None = None
    street: bool = False

    def meta_tokens(self) -> list[str]:
        fields = sorted((k, v) for k, v in self.context.items() if v and k != "address")
        out = [f"ctx:{k}={v}" for k, v in fields]
        # Pairs of context fields as one token: the executor is often a body
        # of a kind in a district (district × object), which a linear model
        # cannot build from the two fields apart.
        out += [f"ctx:{a}={x}&{b}={z}" for i, (a, x) in enumerate(fields) for b, z in fields[i + 1:]]
        if self.municipality:
            out.append(f"place={self.municipality}")
        if self.places:
            out.append("place:any")
        if self.street:
            out.append("place:street")
        out += sorted({f"cue={c.category}" for c in self.cues if not c.negated})
        return out

    def shape_tokens(self) -> list[str]:
        """Where the words stand, which the bag of words loses and the kind
        of message shows: the opening word ("подскажите", "спасибо",
        "предлагаю", "почему") and how the message ends ("?", "!")."""
        tokens = self.norm.tokens
        first = next((t for t in tokens if t.folded.isalpha()), None)
        last = next((t.text[0] for t in reversed(tokens) if t.text[0] in "?!."), None)
        return ([f"open={first.lemma}"] if first else []) + ([f"end={last}"] if last else [])


def word_features(doc: Doc) -> list[str]:
    lemmas = [w for w in doc.norm.lemmas if w not in _STOP and (w.isalnum() or w in _PUNCT or w.startswith("__"))]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


@lru_cache(maxsize=300_000)
def char_ngrams(word: str) -> tuple[str, ...]:
    """Character 3–5-grams of one folded word, with ``<`` and ``>`` marking its ends."""
    w = f"<{word}>"
    return tuple(w[i:i + n] for n in (3, 4, 5) for i in range(len(w) - n + 1))


def char_units(doc: Doc) -> list[str]:
    return [t.folded for t in doc.norm.tokens if t.folded.isalpha()]


def meta_features(doc: Doc) -> list[str]:
    return doc.meta_tokens()


def shape_features(doc: Doc) -> list[str]:
    return doc.shape_tokens()


_SEP = "\x00"  # joins the vocabulary in a pickle; never part of a term (clean() drops it)


class TermBlock(Transformer):
    """One TF-IDF block: documents → terms → an L2-normalised sparse matrix.

    A lean replacement for scikit-learn's ``TfidfVectorizer`` (same idf and
    sublinear tf) written for speed at routing time: with ``expand`` the
    analyzer yields units (words) and ``expand`` their terms (character
    n-grams), and each unit's vocabulary ids are computed once and cached —
    the n-grams of a word are looked up once per process, not once per
    occurrence.

    Parameters
    ----------
    analyzer : callable
        Document → list of terms (or of units, with ``expand``).
    expand : callable or None
        Unit → tuple of terms.
    min_df : int
        Minimum number of training documents a term occurs in.
    max_features : int or None
        Keep only this many terms, those in the most documents.
    use_idf, sublinear_tf : bool
        As in ``TfidfVectorizer``.
    """

    def __init__(self, analyzer, expand=None, min_df: int = 1, max_features: int | None = None,
                 use_idf: bool = True, sublinear_tf: bool = True):
        self.analyzer = analyzer
        self.expand = expand
        self.min_df = min_df
        self.max_features = max_features
        self.use_idf = use_idf
        self.sublinear_tf = sublinear_tf

    def _terms(self, doc) -> list[str]:
        units = self.analyzer(doc)
        if self.expand is None:
            return units
        return [t for u in units for t in self.expand(u)]

    def fit(self, docs, y=None) -> "TermBlock":
        df: Counter = Counter()
        for doc in docs:
            df.update(set(self._terms(doc)))
        terms = [t for t, n in df.items() if n >= self.min_df and _SEP not in t]
        if self.max_features is not None and len(terms) > self.max_features:
            terms = sorted(terms, key=lambda t: (-df[t], t))[:self.max_features]
        if not terms:
            raise ValueError("empty vocabulary")
        terms.sort()
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        counts = np.array([df[t] for t in terms], dtype=np.float64)
        n = len(docs)
        self.idf_ = (np.log((1 + n) / (1 + counts)) + 1).astype(np.float32) if self.use_idf else None
        return self

    def _ids(self, doc) -> list[int]:
        vocab = self.vocabulary_
        if self.expand is None:
            return [i for i in map(vocab.get, self.analyzer(doc)) if i is not None]
        cache = self.__dict__.setdefault("_unit_ids", {})
        out: list[int] = []
        for u in self.analyzer(doc):
            ids = cache.get(u)
            if ids is None:
                if len(cache) > 500_000:  # a long-running service meets endless new words
                    cache.clear()
                ids = cache[u] = [i for i in map(vocab.get, self.expand(u)) if i is not None]
            out += ids
        return out

    def transform_coo(self, docs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, columns, values) of the weighted, L2-normalised matrix,
        sorted by row then column — built with numpy alone: scipy's checks
        on every small matrix cost more than routing one message."""
        lengths, indices = [], []
        for doc in docs:
            ids = self._ids(doc)
            lengths.append(len(ids))
            indices += ids
        width = len(self.vocabulary_)
        keys = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) * width + np.asarray(indices, np.int64)
        keys, counts = np.unique(keys, return_counts=True)
        rows, cols = np.divmod(keys, width)
        values = counts.astype(np.float32)
        if self.sublinear_tf:
            values = np.log(values) + 1
        if self.idf_ is not None:
            values *= self.idf_[cols]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=len(lengths))).astype(np.float32)
        values /= norms[rows]
        return rows, cols, values

    def transform(self, docs) -> sp.csr_matrix:
        rows, cols, values = self.transform_coo(docs)
        return _csr(rows, cols, values, (len(docs), len(self.vocabulary_)))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = np.empty(len(self.vocabulary_), dtype=object)
        for t, i in self.vocabulary_.items():
            names[i] = t
        return names

    def __getstate__(self):
        # The vocabulary travels as one string: unpickling a dict of 100k
        # small strings took seconds of a cold start, one string takes none.
        # The unit cache is rebuilt on use, not shipped.
        state = dict(self.__dict__)
        state.pop("_unit_ids", None)
        if "vocabulary_" in state:
            state["vocabulary_"] = _SEP.join(self.get_feature_names_out())
        return state

    def __setstate__(self, state):
        if "vocabulary_" in state:  # fit() refuses an empty vocabulary: never ""
            terms = state["vocabulary_"].split(_SEP)
            state["vocabulary_"] = dict(zip(terms, range(len(terms))))
        self.__dict__.update(state)


class MessageVectorizer(Transformer):
    """Turn :class:`Doc` objects into one sparse matrix of words, character
    n-grams and meta tokens.

    Parameters
    ----------
    min_df : int
        Minimum number of training messages a word or n-gram must occur in.
    max_words, max_chars : int
        Caps on the word and character vocabularies (the most frequent are
        kept), bounding model size on large exports.
    char_weight, meta_weight : float
        Weights of the character and meta blocks relative to words.
    """

    def __init__(self, min_df: int = 2, max_words: int = 40_000, max_chars: int = 60_000,
                 char_weight: float = 0.8, meta_weight: float = 1.0):
        self.min_df = min_df
        self.max_words = max_words
        self.max_chars = max_chars
        self.char_weight = char_weight
        self.meta_weight = meta_weight

    def _blocks(self):
        return [
            ("word", TermBlock(word_features, min_df=self.min_df, max_features=self.max_words), 1.0),
            ("char", TermBlock(char_units, expand=char_ngrams, min_df=self.min_df, max_features=self.max_chars),
             self.char_weight),
            ("meta", TermBlock(meta_features, use_idf=False, sublinear_tf=False), self.meta_weight),
            # apart from meta: in one block they would dilute the page and
            # place tokens the agency head leans on
            ("shape", TermBlock(shape_features, use_idf=False, sublinear_tf=False), self.meta_weight),
        ]

    def fit(self, docs: list[Doc], y=None) -> "MessageVectorizer":
        self.blocks_ = []
        for name, vec, weight in self._blocks():
            try:
                vec.fit(docs)
            except ValueError:  # an empty vocabulary: e.g. no context given
                vec = None
            self.blocks_.append((name, vec, weight))
        return self

    def transform(self, docs: list[Doc]) -> sp.csr_matrix:
        parts, offset = [], 0
        for _, vec, weight in self.blocks_:
            if vec is not None:
                rows, cols, values = vec.transform_coo(docs)
                parts.append((rows, cols + offset, values * weight if weight != 1.0 else values))
                offset += len(vec.vocabulary_)
        rows, cols, values = (np.concatenate(a) for a in zip(*parts))
        order = np.argsort(rows * offset + cols, kind="stable")
        return _csr(rows[order], cols[order], values[order], (len(docs), offset))

    def block_mask(self, name: str) -> np.ndarray:
        """A boolean mask over the columns: True for those of block ``name``."""
        mask = []
        for block, vec, _ in self.blocks_:
            if vec is not None:
                mask.append(np.full(len(vec.vocabulary_), block == name))
        return np.concatenate(mask)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = []
        for name, vec, _ in self.blocks_:
            if vec is not None:
                prefix = "" if name == "word" else f"{name}:"
                names.extend(prefix + f for f in vec.get_feature_names_out())
        return np.asarray(names, dtype=object)


def _csr(rows, cols, values, shape) -> sp.csr_matrix:
    """A CSR matrix from entries sorted by row then column, unchecked."""
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    X = sp.csr_matrix(shape, dtype=np.float32)
    # scikit-learn's liblinear accepts 32-bit indices only
    index = np.int32 if indptr[-1] < np.iinfo(np.int32).max else np.int64
    X.data, X.indices, X.indptr = values.astype(np.float32, copy=False), cols.astype(index), indptr.astype(index)
    return X
