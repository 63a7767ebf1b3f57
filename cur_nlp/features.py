"""Features: a prepared message (:class:`Doc`) → a sparse row.

Three blocks, each TF-IDF weighted and L2-normalised, then stacked:
- words: lemma uni- and bigrams (the topic and the body);
- chars: character 2–5-grams of each word, so that typos ("отапление"),
  rare inflections and unknown village names still share evidence;
- meta: what is known besides the words — context fields
  (``page=minzdrav``), the municipality of the places found, urgency cue
  categories.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from .places import PlaceMatch
from .text import Normalised, fold

__all__ = ["Doc", "MessageVectorizer"]

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

    def meta_tokens(self) -> list[str]:
        out = [f"ctx:{k}={v}" for k, v in self.context.items() if v and k != "address"]
        if self.municipality:
            out.append(f"place={self.municipality}")
        if self.places:
            out.append("place:any")
        out += sorted({f"cue={c.category}" for c in self.cues if not c.negated})
        return out


def word_features(doc: Doc) -> list[str]:
    lemmas = [w for w in doc.norm.lemmas if w not in _STOP and (w.isalnum() or w in _PUNCT or w.startswith("__"))]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


@lru_cache(maxsize=300_000)
def _ngrams(word: str) -> tuple[str, ...]:
    w = f"<{word}>"
    return tuple(w[i:i + n] for n in (3, 4, 5) for i in range(len(w) - n + 1))


def char_features(doc: Doc) -> list[str]:
    out: list[str] = []
    for t in doc.norm.tokens:
        if t.text.isalpha():
            out.extend(_ngrams(fold(t.text)))
    return out


def meta_features(doc: Doc) -> list[str]:
    return doc.meta_tokens()


class MessageVectorizer(BaseEstimator, TransformerMixin):
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
            ("word", TfidfVectorizer(analyzer=word_features, min_df=self.min_df,
                                     max_features=self.max_words, sublinear_tf=True, dtype=np.float32), 1.0),
            ("char", TfidfVectorizer(analyzer=char_features, min_df=self.min_df,
                                     max_features=self.max_chars, sublinear_tf=True, dtype=np.float32),
             self.char_weight),
            ("meta", TfidfVectorizer(analyzer=meta_features, min_df=1, use_idf=False,
                                     dtype=np.float32), self.meta_weight),
        ]

    def fit(self, docs: list[Doc], y=None) -> "MessageVectorizer":
        self.blocks_ = []
        for name, vec, weight in self._blocks():
            try:
                vec.fit(docs)
                # The n-grams cut by min_df: only useful for introspection, and
                # by far the largest part of a pickled vectorizer.
                vec.stop_words_ = None
            except ValueError:  # an empty vocabulary: e.g. no context given
                vec = None
            self.blocks_.append((name, vec, weight))
        return self

    def transform(self, docs: list[Doc]) -> sp.csr_matrix:
        mats = []
        for _, vec, weight in self.blocks_:
            if vec is not None:
                m = vec.transform(docs)
                mats.append(m * weight if weight != 1.0 else m)
        return sp.hstack(mats, format="csr", dtype=np.float32)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = []
        for name, vec, _ in self.blocks_:
            if vec is not None:
                prefix = "" if name == "word" else f"{name}:"
                names.extend(prefix + f for f in vec.get_feature_names_out())
        return np.asarray(names, dtype=object)
