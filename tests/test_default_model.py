"""The shipped default model: loads lazily once, routes the examples of the
README, and carries its provenance."""
import json
import threading

import cur_nlp
from conftest import CORPUS, ROOT


def test_readme_example():
    r = cur_nlp.route("Третий день нет воды в Краснозёрском, дети без воды!!")
    assert r.agency == "mun:krasnozersky"
    assert r.topic == "water"
    assert r.municipality == "krasnozersky"
    assert r.urgent and any("воды" in reason for reason in r.urgency_reasons)
    assert r.kind == "complaint"


def test_default_model_is_loaded_once_across_threads(monkeypatch):
    import cur_nlp.api as api

    monkeypatch.setattr(api, "_default", None)
    loads = []
    real = api.Router.load
    monkeypatch.setattr(api.Router, "load", classmethod(lambda cls, p: loads.append(p) or real(p)))
    results = []
    threads = [threading.Thread(target=lambda: results.append(cur_nlp.route("нет света").agency)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len(results) == 8


def test_default_model_provenance():
    from cur_nlp.persist import sha256_file

    meta = json.loads((ROOT / "models" / "nso-default" / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["file_sha256"] == sha256_file(CORPUS), "model is stale: rebuild it"
    assert meta["test_metrics"]["agency"]["n"] > 0
    assert meta["library_version"] == cur_nlp.__version__
