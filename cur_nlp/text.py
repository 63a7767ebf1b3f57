"""Text normalisation: raw message → :class:`Normalised`.

Everything downstream (features, places, urgency cues) reads the same
``Normalised`` object, so a message is cleaned, tokenized and lemmatized
exactly once.

Offsets of tokens refer to ``Normalised.text`` — the input with HTML tags and
entities removed. For plain text without HTML this is the input itself.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

__all__ = ["Token", "Normalised", "normalise", "clean", "lemmatize", "MAX_CHARS"]

#: Longer inputs are cut: a message of 20,000 characters is a letter whose
#: first pages carry its subject, and bounding the length bounds the latency.
MAX_CHARS = 20_000

_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^>]{0,500}>", re.S | re.I)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|p|div|li|tr|/tr)\b[^>]*>", re.I)

# Masked spans become one placeholder token each: the fact that a message
# carries a phone or a link is evidence, the digits are not.
_SPECIAL_PARTS = {
    "url": r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:ru|рф|com|org|net)(?:/\S*)?",
    "email": r"[\w.+-]+@[\w-]+\.[\w.-]+",
    "phone": r"(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b",
    "mention": r"(?:\[id\d+\|[^\]]*\])|(?<!\w)@[A-Za-z_][\w.]{2,}",
}
_SPECIAL = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _SPECIAL_PARTS.items()), re.I)
# The e-mail pattern tries every word and is the slowest part: texts with
# no "@" (nearly all) skip it and the mentions.
_SPECIAL_NO_AT = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _SPECIAL_PARTS.items()
                                     if k in ("url", "phone")), re.I)
_PLACEHOLDER = {"url": "__url__", "email": "__email__", "phone": "__phone__", "mention": "__mention__"}
_WORD = re.compile(r"[^\W\d_]", re.U)
# One compiled pattern instead of razdel's per-atom rules (it took 45% of
# batch time): words with inner hyphens ("Усть-Тарка", "кто-то"), numbers
# with separators ("3.5", "10-12", "8-913-000"), runs of one punctuation
# mark ("!!!", "..."), and anything else one character at a time.
_TOKEN = re.compile(r"\d+(?:[.,:/-]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*|!+|\?+|\.+|\S", re.U)
_NUMBER = re.compile(r"^\d+([.,:/-]\d+)*$")


class Token(NamedTuple):
    """One token of the cleaned text: ``text[start:stop] == token.text``;
    ``folded`` is the surface in lower case with ё→е (see :func:`fold`)."""

    start: int
    stop: int
    text: str
    lemma: str
    folded: str


@dataclass(frozen=True)
class Normalised:
    """A cleaned, tokenized and lemmatized message.

    ``text`` is the cleaned text (HTML removed, offsets of ``tokens`` refer
    to it); ``tokens`` carry surface form and lemma; ``lemmas`` are the
    tokens' lemmas in order (lower case, ё→е, placeholders such as
    ``__url__`` for masked spans, ``__num__`` for numbers).
    """

    text: str
    tokens: tuple[Token, ...]

    @cached_property
    def lemmas(self) -> list[str]:  # read by features and cues: made once
        return [t.lemma for t in self.tokens]


def fold(text: str) -> str:
    """Lower-case and replace ё by е: the two letters are used interchangeably."""
    return text.lower().replace("ё", "е")


def clean(text: str) -> str:
    """Strip HTML tags, decode entities and cut to :data:`MAX_CHARS`.

    Block tags become newlines so that words of adjacent paragraphs do not
    glue together; non-breaking spaces become spaces.
    """
    if "<" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\x00", "")
    return text[:MAX_CHARS]


@lru_cache(maxsize=300_000)
def _analyse(surface: str) -> tuple[str, str]:
    folded = fold(surface)
    return lemmatize(folded), folded


@lru_cache(maxsize=300_000)
def lemmatize(word: str) -> str:
    """The most probable lemma of one lower-case word (cached)."""
    if not _WORD.search(word):
        return "__num__" if _NUMBER.match(word) else word
    return _morph().parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _tokens(text: str, offset: int) -> list[Token]:
    # findall + str.find beats finditer's match objects threefold; tokens
    # cover every non-space character, so the next occurrence is the token.
    out = []
    find, stop, new = text.find, 0, tuple.__new__  # tuple.__new__ skips NamedTuple's Python-level __new__
    for surface in _TOKEN.findall(text):
        start = find(surface, stop)
        stop = start + len(surface)
        lemma, folded = _analyse(surface)
        out.append(new(Token, (offset + start, offset + stop, surface, lemma, folded)))
    return out


def normalise(text: str) -> Normalised:
    """Clean, tokenize and lemmatize one message.

    Raises ``TypeError`` for anything but ``str``: silently routing
    ``None`` or a number would hide a bug in the caller's data path.
    """
    if not isinstance(text, str):
        raise TypeError(f"cur_nlp expects message text as str, got {type(text).__name__}")
    cleaned = clean(text)
    tokens: list[Token] = []
    pos = 0
    special = _SPECIAL if "@" in cleaned or "[id" in cleaned else _SPECIAL_NO_AT
    for m in special.finditer(cleaned):
        tokens += _tokens(cleaned[pos:m.start()], pos)
        placeholder = _PLACEHOLDER[m.lastgroup]
        tokens.append(Token(m.start(), m.end(), m.group(), placeholder, placeholder))
        pos = m.end()
    tokens += _tokens(cleaned[pos:], pos)
    return Normalised(cleaned, tuple(tokens))
