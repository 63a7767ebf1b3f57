"""The result of routing one message."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from .places import PlaceMatch

__all__ = ["Routing"]


@dataclass
class Routing:
    """Who must answer a message, and why.

    Attributes
    ----------
    agency : str
        Id of the responsible body: a regional body (``"minzdrav"``), a
        municipality's administration (``"mun:krasnozersky"``), ``"unknown"``
        (a person must choose) or ``"other"`` (none of the region's bodies).
    agency_name : str | None
        Its name from the region registry.
    confidence : float
        Probability that ``agency`` is right, calibrated on held-out
        answers (:mod:`cur_nlp.confidence`).
    alternatives : list of (agency, score)
        The next best answers, best first, three at most, their scores on
        the same scale.
    topic_confidence : float
        Probability that ``topic`` is right, calibrated the same way.
    topic, municipality, kind : str | None
        Topic id, municipality id where it happens, kind of message
        (complaint, question, suggestion, gratitude, other); ``None`` when
        the model has no head for it or nothing was found.
    places : list of PlaceMatch
        Every place found in the text, with character spans into the
        cleaned text.
    urgent, urgency, urgency_reasons
        Whether it needs a reply within 24 hours, the calibrated score, and
        the cues in the text that make it urgent (empty when not urgent).
    needs_review : bool
        True when the router is not sure and a person should look.
    explanation : list of (term, weight)
        The terms that drove the agency decision, strongest first.
    """

    agency: str
    agency_name: str | None = None
    confidence: float = 0.0
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    topic: str | None = None
    topic_confidence: float = 0.0
    municipality: str | None = None
    places: list[PlaceMatch] = field(default_factory=list)
    urgent: bool | None = None
    urgency: float | None = None
    urgency_reasons: list[str] = field(default_factory=list)
    kind: str | None = None
    needs_review: bool = True
    explanation: list[tuple[str, float]] = field(default_factory=list)

    def copy(self) -> "Routing":
        """An independent copy: its lists are new, their items (tuples,
        frozen place matches) immutable, so nothing deeper needs copying —
        ``copy.deepcopy`` took a tenth of routing time on an export that
        repeats messages."""
        return replace(self, alternatives=list(self.alternatives), places=list(self.places),
                       urgency_reasons=list(self.urgency_reasons), explanation=list(self.explanation))

    def to_dict(self) -> dict:
        """A JSON-serialisable dict (tuples become lists)."""
        d = asdict(self)
        d["alternatives"] = [[a, round(s, 4)] for a, s in self.alternatives]
        d["explanation"] = [[t, round(w, 4)] for t, w in self.explanation]
        d["confidence"] = round(self.confidence, 4)
        d["topic_confidence"] = round(self.topic_confidence, 4)
        if self.urgency is not None:
            d["urgency"] = round(self.urgency, 4)
        return d
