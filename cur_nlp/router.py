"""The Router: prepared messages → features → heads → decision → Routing.

One code path serves one message and many: :meth:`Router.route` is
``route_many([text])[0]``, so batching and caching live in one place.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from . import __version__
from .bodies import choose_place_field, kind_label, with_kinds
from .confidence import IDENTITY, fit_confidence_map, map_confidence
from .decide import LOCAL, decide
from .features import Doc, MessageVectorizer
from .linear import CalibratedLinearClassifier, n_folds
from .metrics import (binary_report, classification_report, expected_calibration_error, review_threshold,
                      urgency_threshold)
from .persist import ModelError, load_parts, package_version, read_meta, save_folder
from .places import load_gazetteer, mentions_street
from .registry import MUN_PREFIX, UNKNOWN, Region, load_region
from .routing import Routing
from .text import normalise
from .urgency import combine, cue_reliability, find_cues, month_of

__all__ = ["Router", "HEADS"]

#: Heads a model may have; each is trained only on rows carrying its label.
#: The municipality head backs the gazetteer up: it learns the villages and
#: streets of the training data that the gazetteer does not name.
HEADS = ("agency", "topic", "urgent", "kind", "municipality")
#: Balance the heads with many classes, keep the priors of kind and urgency
#: (they carry over to real inboxes better): the default model's setting.
BALANCED_LABEL_HEADS = {"agency": "balanced", "topic": "balanced", "municipality": "balanced"}
#: Feature blocks that only some heads see: the opening word and closing
#: mark tell a question from a complaint, and only blur who must answer
#: (test agency 0.902 → 0.898 with them, kind macro-F1 0.784 → 0.795).
BLOCK_HEADS = {"shape": {"kind"}}
#: The head that learns kinds of per-place bodies (see :mod:`cur_nlp.bodies`).
BODY_KIND = "body_kind"
#: C of the heads a mapping ``C`` leaves out (and ``Router``'s default).
DEFAULT_C = 0.5
#: The kind of a message with no words to read (docs/urgency.md: "other"
#: is spam, off-topic, unreadable): "👍", "+", an empty post.
OTHER_KIND = "other"
#: The municipality head's class for "no place named".
NO_PLACE = "-"
#: The municipality head is trusted only from this probability on; fit()
#: picks it among these by held-out agency accuracy (0.3 without an agency head).
MUNICIPALITY_SURE = 0.3
_SURE_CANDIDATES = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
_TRUE = {"1", "true", "yes", "да", "1.0"}
_FALSE = {"0", "false", "no", "нет", "0.0"}


def _label(head: str, value) -> str | None:
    """A label cell as the head's class, or None when the row has none."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    value = str(value).strip()
    if not value:
        return NO_PLACE if head == "municipality" else None
    if head == "urgent":
        low = value.lower()
        if low in _TRUE:
            return "1"
        if low in _FALSE:
            return "0"
        raise ValueError(f"urgent label {value!r} is not 0/1")
    return value


class Router:
    """Routes citizen messages: agency, topic, place, urgency, kind.

    Parameters
    ----------
    region : str or None
        Region code of the label vocabulary and gazetteer (``"nso"``);
        ``None`` trains on free-form labels without places or the
        local/regional rule.
    context : sequence of str
        Names of context fields that become features (``["page"]``,
        ``["district", "city_object"]``). Other context keys are still used
        as evidence (``municipality``, ``address``) or to weigh urgency
        (``date``: heating complaints weigh more in the heating season).
    C : float or a mapping head → float
        Inverse regularisation of the linear heads (a mapping sets it per
        head; heads it omits take 0.5). The default suits noisy real exports
        (Kursk executors: 0.454 at C=0.5, 0.442 at C=1); a clean
        hand-labelled corpus takes more (the default model uses C=1, and
        0.3 for the kind head, whose cues are few and generic).
    class_weight : "balanced", None, or a mapping head → either
        Class weights per head. None keeps the real priors, which is what a
        real export with a long tail of rare executors needs (balanced:
        Kursk executor accuracy 0.412 instead of 0.442 at C=1);
        :data:`BALANCED_LABEL_HEADS` balances agency, topic and municipality,
        which pays on our balanced corpus (test agency +1.3 points).
    min_df, char_weight, meta_weight : vectorizer parameters (see
        :class:`~cur_nlp.features.MessageVectorizer`).
    review_precision : float
        ``needs_review`` is set below the confidence at which held-out
        answers were right this often.
    urgent_recall : float
        The urgency threshold keeps at least this held-out recall.
    cv : int
        Folds for held-out predictions (calibration, thresholds, metrics);
        two past 20,000 rows, where the mean of the two fold models is the
        final model (a fit on all rows would cost more than both).
    n_jobs : int or None
        Threads for fitting (None: every core).
    """

    def __init__(self, region: str | None = "nso", context: Sequence[str] = (), C: float = DEFAULT_C,
                 class_weight=None, min_df: int = 2, char_weight: float = 0.8, meta_weight: float = 1.0,
                 review_precision: float = 0.9, urgent_recall: float = 0.85, cv: int = 3,
                 random_state: int = 0, n_jobs: int | None = None):
        self.region = region
        self.context = tuple(context)
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.char_weight = char_weight
        self.meta_weight = meta_weight
        self.review_precision = review_precision
        self.urgent_recall = urgent_recall
        self.cv = cv
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.heads: dict[str, CalibratedLinearClassifier] = {}
        self.meta: dict = {}
        self.place_field_: str | None = None
        self._names = None

    # -- preparing messages ---------------------------------------------

    @property
    def region_(self) -> Region | None:
        return load_region(self.region) if self.region else None

    def _doc(self, text: str, context: Mapping | None) -> Doc:
        norm = normalise(text)
        month = month_of((context or {}).get("date"))
        context = {k: str(v).strip() for k, v in (context or {}).items() if v is not None and str(v).strip()}
        doc = Doc(norm, {k: v for k, v in context.items() if k in self.context}, cues=find_cues(norm), month=month)
        region = self.region_
        if region is not None:
            gazetteer = load_gazetteer(region.code)
            doc.places = gazetteer.find(norm)
            doc.street = mentions_street(norm)
            doc.municipality = gazetteer.municipality(doc.places)
            if doc.municipality is None and "address" in context:
                doc.municipality = gazetteer.municipality(gazetteer.find(normalise(context["address"])))
            if doc.municipality is None and context.get("municipality") in region.municipalities:
                doc.municipality = context["municipality"]
            page = context.get("page", "")
            if doc.municipality is None and page.startswith(MUN_PREFIX) and page[len(MUN_PREFIX):] in region.municipalities:
                doc.municipality = page[len(MUN_PREFIX):]
        return doc

    def _docs(self, texts: Sequence[str], contexts) -> list[Doc]:
        return [self._doc(t, c) for t, c in zip(*_aligned(texts, contexts))]

    # -- training --------------------------------------------------------

    def fit(self, texts: Sequence[str], labels: Mapping[str, Sequence], contexts=None,
            data_sha256: str | None = None, scored: Sequence[bool] | None = None) -> "Router":
        """Train on texts and a mapping head → labels (``None``/empty cells
        are rows without that label). Heads without labels are not trained.

        ``scored`` marks the rows whose held-out predictions set the
        thresholds and the reported metrics (default: all); the others only
        teach the heads (see ``base`` of :func:`cur_nlp.train`)."""
        docs = self._docs(texts, contexts)
        if scored is not None:
            scored = np.asarray(scored, dtype=bool)
            if len(scored) != len(docs):
                raise ValueError(f"{len(docs)} texts but {len(scored)} scored flags")
        region = self.region_
        y = {h: [_label(h, v) for v in labels[h]] for h in HEADS if h in labels and labels[h] is not None}
        y = {h: v for h, v in y.items() if any(x is not None for x in v)}
        if not y:
            raise ValueError(f"no labels to train on: give at least one of {HEADS}")
        for h, v in y.items():
            if len(v) != len(docs):
                raise ValueError(f"{len(docs)} texts but {len(v)} {h} labels")
        targets = dict(y)
        if region is not None:
            for h in ("agency", "topic", "municipality"):
                if h in y:
                    region.check_labels(h, [v for v in y[h] if v != NO_PLACE])
            if "agency" in y:
                if "municipality" not in y:  # learn places from mun:<id> and unknown rows
                    targets["municipality"] = [_municipality_of(a) for a in y["agency"]]
                targets["agency"] = [LOCAL if a and _is_local(a) else a for a in y["agency"]]
        else:
            targets.pop("municipality", None)
        self.place_field_ = None
        if region is None and "agency" in targets and self.context:
            self.place_field_ = choose_place_field(targets["agency"], [d.context for d in docs], self.context)
        if self.place_field_ is not None:
            targets[BODY_KIND] = [kind_label(a, d.context.get(self.place_field_))
                                  for a, d in zip(targets["agency"], docs)]

        self.vectorizer_ = MessageVectorizer(min_df=self.min_df, char_weight=self.char_weight,
                                             meta_weight=self.meta_weight).fit(docs)
        X = self.vectorizer_.transform(docs)
        # A block a head must not see becomes zero columns for it, hence zero weights.
        hidden = {block: sp.diags((~self.vectorizer_.block_mask(block)).astype(np.float32))
                  for block in BLOCK_HEADS}
        # A message with no words to read never reaches the heads when routed
        # ("👍", "+"): in training it could only raise its class's intercept.
        readable = [_readable(doc, X, k) for k, doc in enumerate(docs)]
        self.heads, oof, trained = {}, {}, {}
        for h, v in targets.items():
            v = [x if ok else None for x, ok in zip(v, readable)]
            if sum(x is not None for x in v) < 2 or len({x for x in v if x is not None}) < 2:
                continue
            rows = np.array([i for i, x in enumerate(v) if x is not None])
            weight = self.class_weight.get(h) if isinstance(self.class_weight, Mapping) else self.class_weight
            C = self.C.get(h, DEFAULT_C) if isinstance(self.C, Mapping) else self.C
            Xh = X[rows]
            for block, heads in BLOCK_HEADS.items():
                if h not in heads:
                    Xh = (Xh @ hidden[block]).tocsr()
            clf = CalibratedLinearClassifier(C=C, class_weight=weight, cv=self.cv, random_state=self.random_state,
                                             n_jobs=self.n_jobs)
            clf.fit(Xh, [v[i] for i in rows])
            keep = slice(None) if scored is None else scored[rows]
            oof[h] = (rows[keep], clf.cv_proba_[keep])
            trained[h] = len(rows)
            del clf.cv_proba_  # held-out predictions are for metrics, not for the model file
            self.heads[h] = clf
        self._names = None
        if BODY_KIND in oof and "agency" in oof:  # held-out answers as routing gives them
            rows, proba = oof["agency"]
            kind_rows, kind_proba = oof.pop(BODY_KIND)
            assert np.array_equal(rows, kind_rows)  # both heads read the rows labelled with a body
            oof["agency"] = (rows, self._with_kinds(proba, kind_proba, [docs[i] for i in rows]))

        self.thresholds_ = {}
        if "urgent" in y:
            self.thresholds_["cue_reliability"] = cue_reliability(
                [d.cues for d in docs], [None if v is None else int(v) for v in y["urgent"]])
        metrics = self._heldout_metrics(docs, y, oof)
        self.meta = {
            "library_version": __version__,
            "sklearn_version": package_version("scikit-learn"),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "region": self.region,
            "params": self.get_params(),
            "training_data_sha256": data_sha256 or _hash_rows(texts, y, contexts),
            "n_training_rows": len(docs),
            "heads": {h: {"n": trained[h], "labels": [str(c) for c in self.heads[h].classes_]}
                      for h in self.heads},
            "agency_labels": sorted({a for a in y.get("agency", []) if a}),
            "place_field": self.place_field_,
            "thresholds": self.thresholds_,
            "heldout_metrics": metrics,
        }
        return self

    def _heldout_metrics(self, docs, y, oof) -> dict:
        """Metrics of the cross-validated predictions made during fit; they
        also set the review and urgency thresholds."""
        out = {"method": f"{n_folds(self.cv, len(docs))}-fold cross-validation on the training rows"}
        best = {}  # head → {row: (label, probability)} of the held-out predictions
        oof = {h: (rows, proba) for h, (rows, proba) in oof.items() if len(rows)}
        for h, (rows, proba) in oof.items():
            classes = self.heads[h].classes_
            best[h] = {i: (classes[j], proba[k, j]) for k, (i, j) in enumerate(zip(rows, proba.argmax(axis=1)))}
            if h == "urgent":
                truth = [int(y[h][i]) for i in rows]
                score = proba[:, list(classes).index("1")] if "1" in classes else np.zeros(len(rows))
                reliability = self.thresholds_.get("cue_reliability", {})
                score = np.array([combine(p, docs[i].cues, reliability) for p, i in zip(score, rows)])
                t = urgency_threshold(truth, score, self.urgent_recall)
                self.thresholds_["urgent"] = t
                out[h] = binary_report(truth, score, t)
            elif h != "agency" and h in y:
                truth = [y[h][i] for i in rows]
                top = np.argsort(-proba, axis=1)[:, :3]
                out[h] = classification_report(truth, classes[top[:, 0]],
                                               [t in set(classes[top[k]]) for k, t in enumerate(truth)])
                if h == "topic":
                    correct = classes[top[:, 0]] == np.asarray(truth, dtype=object)
                    out[h].update(self._calibrate("topic", correct, proba.max(axis=1))[0])
        if "agency" in oof:
            rows, proba = oof["agency"]
            classes = self.heads["agency"].classes_
            truth = [y["agency"][i] for i in rows]

            region, rows_proba = self.region_, proba.tolist()  # Python floats: numpy's cost more one by one

            def decided_at(sure):
                decisions = []
                for k, i in enumerate(rows):
                    topic = best.get("topic", {}).get(i, (None,))[0]
                    municipality = docs[i].municipality or _trusted(best.get("municipality", {}).get(i), sure)
                    decisions.append(decide(dict(zip(classes, rows_proba[k])), topic, municipality, region))
                return decisions

            candidates = _SURE_CANDIDATES if "municipality" in oof else (MUNICIPALITY_SURE,)
            by_sure = {s: decided_at(s) for s in candidates}
            sure = max(candidates, key=lambda s: (sum(d[0] == t for d, t in zip(by_sure[s], truth)), s))
            self.thresholds_["municipality"] = sure
            decided = by_sure[sure]
            pred = [d[0] for d in decided]
            top3 = [t in {d[0]} | {a for a, _ in d[2][:2]} for t, d in zip(truth, decided)]
            correct = [p == t for p, t in zip(pred, truth)]
            out["agency"] = classification_report(truth, pred, top3)
            errors, conf = self._calibrate("agency", correct, [d[1] for d in decided])
            out["agency"].update(errors)
            t = review_threshold(correct, conf, self.review_precision)
            self.thresholds_["review"] = t
            accepted = np.asarray(conf) >= t
            out["review"] = {
                "threshold": round(t, 4),
                "target_precision": self.review_precision,
                "coverage": round(float(accepted.mean()), 4),
                "accuracy_when_accepted": round(float(np.mean(np.asarray(correct)[accepted])), 4)
                if accepted.any() else None,
            }
        return out

    def _calibrate(self, head: str, correct, confidence) -> tuple[dict, list[float]]:
        """Fit the map of ``head``'s shown confidence on held-out answers:
        their calibration error before and after it, and the mapped
        confidences."""
        self.thresholds_[f"{head}_confidence"] = fit_confidence_map(correct, confidence)
        ab = self._confidence_map(head)
        mapped = [map_confidence(p, ab) for p in confidence]
        return {"calibration_error_unmapped": expected_calibration_error(correct, confidence),
                "calibration_error": expected_calibration_error(correct, mapped)}, mapped

    def _confidence_map(self, head: str) -> tuple[float, float]:
        """The (a, b) of ``head``'s confidence map; the identity for models made before maps."""
        return tuple(self.thresholds_.get(f"{head}_confidence", IDENTITY))

    # -- routing ---------------------------------------------------------

    def route(self, text: str, context: Mapping | None = None) -> Routing:
        """Route one message (see :class:`~cur_nlp.routing.Routing`)."""
        return self.route_many([text], None if context is None else [context])[0]

    def route_many(self, texts: Sequence[str], contexts=None, batch_size: int = 1024) -> list[Routing]:
        """Route many messages, in order; ``contexts`` is one mapping (or
        ``None``) per text. A message repeated verbatim with the same context
        (portal exports repeat many) is routed once and copied."""
        if not self.heads:
            raise ModelError("this Router is not trained: call fit() or load a model")
        texts, contexts = _aligned(texts, contexts)
        first: dict = {}  # (text, context) → index of its first occurrence
        keys = [_key(t, c) for t, c in zip(texts, contexts)]
        unique = [i for i, k in enumerate(keys) if k is None or first.setdefault(k, i) == i]
        routed: dict[int, Routing] = {}
        with _collector_paused():
            for start in range(0, len(unique), batch_size):
                chunk = unique[start:start + batch_size]
                docs = self._docs([texts[i] for i in chunk], [contexts[i] for i in chunk])
                routed.update(zip(chunk, self._route_docs(docs)))
        return [routed[i] if i in routed else routed[first[k]].copy() for i, k in enumerate(keys)]

    def _predict(self, docs: list[Doc]):
        X = self.vectorizer_.transform(docs)
        proba = {h: clf.predict_proba(X) for h, clf in self.heads.items()}
        if BODY_KIND in proba and "agency" in proba:
            proba["agency"] = self._with_kinds(proba["agency"], proba.pop(BODY_KIND), docs)
        return X, proba

    def _with_kinds(self, p_agency: np.ndarray, p_kind: np.ndarray, docs: list[Doc]) -> np.ndarray:
        return with_kinds(p_agency, [str(c) for c in self.heads["agency"].classes_], p_kind,
                          [str(c) for c in self.heads[BODY_KIND].classes_],
                          [d.context.get(self.place_field_) for d in docs])

    def _route_docs(self, docs: list[Doc], predicted=None) -> list[Routing]:
        X, proba = predicted or self._predict(docs)
        batch = _Batch(self, proba)
        region = batch.region
        out, explained = [], []  # explained: (row, head, label) whose terms the operator sees
        unreadable = OTHER_KIND if OTHER_KIND in batch.classes.get("kind", ()) else None
        for k, doc in enumerate(docs):
            if not _readable(doc, X, k):
                out.append(Routing(agency=UNKNOWN, agency_name=region.agency_name(UNKNOWN) if region else None,
                                   municipality=doc.municipality, places=doc.places, needs_review=True,
                                   urgent=False if "urgent" in self.heads else None,
                                   urgency=0.0 if "urgent" in self.heads else None,
                                   kind=unreadable))
                continue
            r, basis = self._routing(doc, k, batch)
            out.append(r)
            if basis is not None:
                explained.append((k, "agency", basis))
            if r.urgent and not r.urgency_reasons and "1" in self.heads["urgent"].classes_:
                explained.append((k, "urgent", "1"))
        for head in ("agency", "urgent"):
            picked = [(k, label) for k, h, label in explained if h == head]
            if not picked:
                continue
            terms = self._explain(head, X[[k for k, _ in picked]], [label for _, label in picked])
            for (k, _), words in zip(picked, terms):
                r = out[k]
                if head == "urgent":  # no cue phrase: the words the urgency head weighed
                    r.urgency_reasons = [f"по словам: {', '.join(t for t, _ in words[:3])}"] if words else []
                elif docs[k].places:
                    r.explanation = [(f"место: {p.text}", p.confidence) for p in docs[k].places[:2]] + words[:3]
                else:
                    r.explanation = words
        return out

    def _routing(self, doc: Doc, k: int, b: "_Batch") -> tuple[Routing, str | None]:
        """The decision for message ``k`` of a batch, and the agency label
        whose evidence explains it (the explanation itself is computed for
        the whole batch)."""
        basis = None
        r = Routing(agency=UNKNOWN, municipality=doc.municipality, places=doc.places)
        if r.municipality is None and "municipality" in b.classes:
            classes = b.classes["municipality"]
            candidates = {m.municipality for m in doc.places}
            if candidates:  # an ambiguous name ("с. Щербаки"): the head picks among its municipalities
                p = b.proba["municipality"][k]
                ok = [j for j, c in enumerate(classes) if c in candidates]
                r.municipality = classes[max(ok, key=p.__getitem__)] if ok else None
            else:
                j = b.best["municipality"][k]
                r.municipality = _trusted((classes[j], b.top["municipality"][k]), b.sure)
        if "topic" in b.classes:
            r.topic = b.classes["topic"][b.best["topic"][k]]
            r.topic_confidence = map_confidence(b.top["topic"][k], b.topic_map)
        if "kind" in b.classes:
            r.kind = b.classes["kind"][b.best["kind"][k]]
        if b.urgency is not None:
            r.urgency = combine(b.urgency[k], doc.cues, self.thresholds_.get("cue_reliability", {}), doc.month)
            r.urgent = r.urgency >= self.thresholds_.get("urgent", 0.5)
            if r.urgent:
                r.urgency_reasons = list(dict.fromkeys(c.reason for c in doc.cues if not c.negated))
        if "agency" in b.classes:
            classes = b.classes["agency"]
            agency, conf, alts = decide(dict(zip(classes, b.proba["agency"][k])), r.topic, r.municipality, b.region)
            r.agency, r.confidence = agency, map_confidence(conf, b.agency_map)
            r.alternatives = [(a, map_confidence(p, b.agency_map)) for a, p in alts]
            r.needs_review = agency == UNKNOWN or r.confidence < self.thresholds_.get("review", 0.0)
            basis = agency if agency in b.agencies else LOCAL if LOCAL in b.agencies else classes[b.best["agency"][k]]
        if b.region is not None:
            r.agency_name = b.region.agency_name(r.agency)
        return r, basis

    def _explain(self, head: str, X, labels, top: int = 5) -> list[list[tuple[str, float]]]:
        """For each row of ``X``, the word and context features that pushed
        it towards its label (character n-grams and the text's shape are
        left out: they explain nothing to a reader)."""
        if self._names is None:
            names = self.vectorizer_.get_feature_names_out()
            self._names = (names, np.array([not n.startswith(("char:", "shape:")) for n in names]))
        names, readable = self._names
        return [[(names[i], round(w, 4)) for i, w in row]
                for row in self.heads[head].contributions(X, labels, top, readable)]

    # -- evaluation ------------------------------------------------------

    def evaluate(self, texts: Sequence[str], labels: Mapping[str, Sequence], contexts=None) -> dict:
        """Quality on labelled messages: accuracy, macro-F1 and top-3
        accuracy per head (agency after the routing rule), calibration error
        of the agency confidence, urgency precision/recall/F1, municipality
        accuracy, and how many answers need no review."""
        docs = self._docs(texts, contexts)
        X, proba = self._predict(docs)
        routings = self._route_docs(docs, (X, proba))
        report: dict = {"n": len(routings)}
        for h in ("agency", "topic", "kind"):
            if labels.get(h) is None or h not in self.heads:
                continue
            rows = [k for k, t in enumerate(labels[h]) if _label(h, t) is not None]
            truth = [str(labels[h][k]).strip() for k in rows]
            if h == "agency":
                pred = [routings[k].agency for k in rows]
                top3 = [t in {routings[k].agency} | {a for a, _ in routings[k].alternatives[:2]}
                        for t, k in zip(truth, rows)]
            else:
                classes = self.heads[h].classes_
                top = np.argsort(-proba[h][rows], axis=1)[:, :3]
                pred = [getattr(routings[k], h) or "" for k in rows]
                top3 = [t in set(classes[top[i]]) for i, t in enumerate(truth)]
            report[h] = classification_report(truth, pred, top3)
            if h == "agency":
                conf = np.array([routings[k].confidence for k in rows])
                hit = np.array([t == p for t, p in zip(truth, pred)])
                report[h]["calibration_error"] = expected_calibration_error(hit, conf)
                accepted = np.array([not routings[k].needs_review for k in rows], dtype=bool)
                report["review"] = {
                    "coverage": round(float(accepted.mean()), 4) if rows else 0.0,
                    "accuracy_when_accepted": round(float(hit[accepted].mean()), 4) if accepted.any() else None,
                }
        if labels.get("municipality") is not None:  # empty gold = no place named: also scored
            gold = [(m or "").strip() for m in labels["municipality"]]
            report["municipality"] = classification_report(gold, [r.municipality or "" for r in routings])
        if labels.get("urgent") is not None and "urgent" in self.heads:
            pairs = [(_label("urgent", t), r) for t, r in zip(labels["urgent"], routings)]
            pairs = [(int(t), r.urgency or 0.0) for t, r in pairs if t is not None]
            report["urgent"] = binary_report([t for t, _ in pairs], [s for _, s in pairs],
                                             self.thresholds_.get("urgent", 0.5))
        return report

    # -- persistence -----------------------------------------------------

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in ("region", "context", "C", "class_weight", "min_df", "char_weight",
                                             "meta_weight", "review_precision", "urgent_recall", "cv",
                                             "random_state", "n_jobs")}

    def save(self, path: str | Path) -> Path:
        """Write the model folder (``meta.json`` + fitted parts)."""
        if not self.heads:
            raise ModelError("nothing to save: this Router is not trained")
        parts = {"vectorizer": self.vectorizer_, **{f"head_{h}": clf for h, clf in self.heads.items()}}
        save_folder(Path(path), self.meta, parts)
        return Path(path)

    @classmethod
    def load(cls, path: str | Path) -> "Router":
        """Load a model folder, checking format and checksums first."""
        meta = read_meta(Path(path))
        parts = load_parts(Path(path), meta)
        params = dict(meta.get("params") or {})
        params["context"] = tuple(params.get("context") or ())
        router = cls(**params)
        try:
            router.vectorizer_ = parts["vectorizer"]
            router.heads = {k[5:]: v for k, v in parts.items() if k.startswith("head_")}
        except KeyError as e:
            raise ModelError(f"model {path} lacks part {e}") from None
        router.thresholds_ = dict(meta.get("thresholds") or {})
        router.place_field_ = meta.get("place_field")
        router.meta = meta
        return router

    def __repr__(self) -> str:
        heads = ",".join(self.heads) or "untrained"
        return f"Router(region={self.region!r}, heads={heads}, context={list(self.context)})"


def _aligned(texts, contexts) -> tuple[list, list]:
    """Texts and contexts as two lists of one length (a pandas Series or a
    generator of texts taken by position), or a clear error."""
    if isinstance(texts, str):
        raise TypeError("route_many expects a sequence of texts, got one str; use route(text)")
    texts = list(texts)
    contexts = [None] * len(texts) if contexts is None else list(contexts)
    if len(contexts) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(contexts)} contexts")
    return texts, contexts


def _key(text, context):
    """What makes two messages the same to route, or None when unhashable."""
    try:
        key = text, None if context is None else tuple(sorted(context.items()))
        hash(key)
        return key
    except (TypeError, AttributeError):
        return None


def _is_local(agency: str) -> bool:
    return agency.startswith(MUN_PREFIX) or agency == UNKNOWN


def _municipality_of(agency: str | None) -> str | None:
    """The place an agency label implies: mun:<id> → id, unknown → none."""
    if not agency:
        return None
    if agency.startswith(MUN_PREFIX):
        return agency[len(MUN_PREFIX):]
    return NO_PLACE if agency == UNKNOWN else None


class _Batch:
    """The heads' answers for a batch as Python lists, read row by row by
    :meth:`Router._routing`: numpy costs more than it saves on one row of
    five to thirty classes (a third of routing time on short texts)."""

    def __init__(self, router: Router, proba: dict[str, np.ndarray]):
        self.region = router.region_
        self.sure = router.thresholds_.get("municipality", MUNICIPALITY_SURE)
        self.agency_map, self.topic_map = router._confidence_map("agency"), router._confidence_map("topic")
        self.classes = {h: [str(c) for c in clf.classes_] for h, clf in router.heads.items()
                        if h not in ("urgent", BODY_KIND)}
        self.agencies = set(self.classes.get("agency", ()))
        self.proba = {h: proba[h].tolist() for h in ("agency", "municipality") if h in proba}
        self.best = {h: proba[h].argmax(axis=1).tolist() for h in self.classes}
        self.top = {h: proba[h].max(axis=1).tolist() for h in ("topic", "municipality") if h in proba}
        # An urgent head has both classes, "0" and "1" (_label allows no other, fit needs two).
        self.urgency = (proba["urgent"][:, list(router.heads["urgent"].classes_).index("1")].tolist()
                        if "urgent" in proba else None)


def _trusted(guess, sure: float = MUNICIPALITY_SURE) -> str | None:
    """A municipality head's (label, probability) when it can be trusted."""
    if guess is None:
        return None
    label, p = guess
    return str(label) if p >= sure and label != NO_PLACE else None


def _readable(doc: Doc, X, k: int) -> bool:
    """Whether message ``k`` (row ``k`` of ``X``) has words for the heads to
    read: not empty, not emoji or punctuation alone."""
    return X.indptr[k] < X.indptr[k + 1] and any(t.text[:1].isalpha() for t in doc.norm.tokens)


@contextmanager
def _collector_paused():
    """Routing allocates many small objects and no reference cycles, and
    the cyclic collector kept re-scanning the lemma caches for nothing
    (a fifth of batch time); it runs as usual after the batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _hash_rows(texts, labels, contexts) -> str:
    h = hashlib.sha256()
    for i, t in enumerate(texts):
        row = [t] + [labels[k][i] for k in sorted(labels)] + ([contexts[i]] if contexts is not None else [])
        h.update(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode())
    return h.hexdigest()
