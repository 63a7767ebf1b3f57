"""The routing rule: heads' probabilities + places → one responsible body.

This is where a reviewer reads "why did this go to the district".
"""
from __future__ import annotations

from .registry import MUN_PREFIX, UNKNOWN, Region

__all__ = ["decide", "LOCAL", "REGIONAL_SURE"]

#: The agency head of a region model does not learn 35 municipalities: it
#: learns whether a matter is *local* (any ``mun:*`` or ``unknown`` label);
#: the place then says which municipality.
LOCAL = "local"
#: A local topic stays local unless the classifier gives a regional body at
#: least this probability (a cold riser inside one building → ГЖИ, although
#: heating is a municipal topic).
REGIONAL_SURE = 0.5


def decide(
    proba: dict[str, float],
    topic: str | None,
    municipality: str | None,
    region: Region | None,
) -> tuple[str, float, list[tuple[str, float]]]:
    """Choose the agency; return (agency, confidence, alternatives).

    Without a region the classifier's best label is the answer. With one:

    - a local matter (the classifier's best is ``local``, or the topic is a
      municipal one and no regional body has ``REGIONAL_SURE``) goes to
      ``mun:<municipality>`` where the place is known, else to ``unknown``;
    - otherwise to the most probable regional body (or ``other``).
    """
    ranked = sorted(proba.items(), key=lambda kv: -kv[1])
    if region is None:
        return ranked[0][0], ranked[0][1], ranked[1:4]

    p_local = proba.get(LOCAL, 0.0)
    regional = [(a, p) for a, p in ranked if a != LOCAL]
    p_regional = regional[0][1] if regional else 0.0
    is_local = p_local >= p_regional or (region.is_local_topic(topic) and p_regional < REGIONAL_SURE)
    local = (MUN_PREFIX + municipality if municipality else UNKNOWN, p_local)
    if is_local:
        return local[0], local[1], regional[:3]
    alternatives = sorted(regional[1:] + [local], key=lambda kv: -kv[1])[:3]
    return regional[0][0], regional[0][1], alternatives
