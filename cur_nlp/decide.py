"""The routing rule: heads' probabilities + places → one responsible body.

This is where a reviewer reads "why did this go to the district".
"""
from __future__ import annotations

from .registry import MUN_PREFIX, UNKNOWN, Region

__all__ = ["decide", "REGIONAL_SURE"]

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

    Without a region the classifier's best label is the answer. With one,
    the classifier tells *whether* the matter is local (the probabilities of
    every ``mun:*`` and ``unknown`` are pooled) and the place found in the
    text or context tells *which* municipality:

    - a local matter with a known municipality → ``mun:<municipality>``;
    - a local matter with no place → the classifier's municipality if it is
      sure of it, else ``unknown``;
    - otherwise the most probable regional body (or ``other``).
    """
    ranked = sorted(proba.items(), key=lambda kv: -kv[1])
    if region is None:
        return ranked[0][0], ranked[0][1], ranked[1:4]

    local = {a: p for a, p in proba.items() if a.startswith(MUN_PREFIX) or a == UNKNOWN}
    p_local = sum(local.values())
    regional = [(a, p) for a, p in ranked if a not in local]
    p_regional = regional[0][1] if regional else 0.0
    is_local = p_local > p_regional or (region.is_local_topic(topic) and p_regional < REGIONAL_SURE)

    if is_local:
        if municipality:
            agency = MUN_PREFIX + municipality
        else:
            best_mun = max(local, key=local.get, default=UNKNOWN)
            agency = best_mun if local.get(best_mun, 0) >= 0.5 * p_local and best_mun != UNKNOWN else UNKNOWN
        chosen = (agency, p_local)
        others = regional
    else:
        chosen = regional[0]
        local_best = (MUN_PREFIX + municipality) if municipality else UNKNOWN
        others = regional[1:] + [(local_best, p_local)]
    alternatives = sorted((o for o in others if o[0] != chosen[0]), key=lambda kv: -kv[1])[:3]
    return chosen[0], chosen[1], alternatives
