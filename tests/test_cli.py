"""The cur-nlp commands, run as a user runs them."""
import csv
import json
import subprocess
import sys


from conftest import corpus_rows


def cli(*args, check=True):
    p = subprocess.run([sys.executable, "-m", "cur_nlp.cli", *map(str, args)], capture_output=True, text=True)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_route_prints_one_json_object():
    out = json.loads(cli("route", "Третий день нет воды в Краснозёрском, дети без воды!!").stdout)
    assert out["agency"] == "mun:krasnozersky" and out["urgent"] is True


def test_route_with_page():
    out = json.loads(cli("route", "когда наконец примут меры", "--page", "minzdrav").stdout)
    assert out["agency"]


def test_train_label_evaluate(tmp_path):
    rows = corpus_rows("train")[::4]
    data = tmp_path / "export.csv"
    with open(data, "w", encoding="cp1251", errors="replace", newline="") as f:  # as Excel saves it
        w = csv.DictWriter(f, fieldnames=["text", "executor", "topic", "page"], delimiter=";", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({"text": r["text"], "executor": r["agency"], "topic": r["topic"], "page": r["page"]})
    model = tmp_path / "model"
    p = cli("train", data, "-o", model, "--agency-column", "executor", "--context-columns", "page")
    assert "not trained, column absent: urgent (urgent), kind (kind)" in p.stderr
    assert json.loads(p.stdout)["agency"]["accuracy"] > 0.5
    assert json.loads((model / "meta.json").read_text(encoding="utf-8"))["params"]["context"] == ["page"]

    labelled = tmp_path / "labelled.csv"
    cli("label", data, "-o", labelled, "--model", model, "--context-columns", "page")
    with open(labelled, encoding="utf-8-sig", newline="") as f:
        out = list(csv.DictReader(f, delimiter=";"))
    assert len(out) == len(rows)
    assert out[0]["text"] and out[0]["route_agency"] and out[0]["route_urgent"] == ""

    report = tmp_path / "report.json"
    cli("evaluate", data, "--model", model, "--agency-column", "executor", "--report", report)
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["agency"]["accuracy"] > 0.7 and "top3_accuracy" in rep["agency"] and "urgent" not in rep


def test_train_on_top_of_the_shipped_corpus(tmp_path):
    data = tmp_path / "inbox.csv"
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["text", "urgent", "kind"], extrasaction="ignore")
        w.writeheader()
        w.writerows(corpus_rows("test")[:30])
    model = tmp_path / "model"
    p = cli("train", data, "-o", model, "--region", "none", "--base", "nso")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["base"]["corpus"] == "nso" and meta["heads"]["urgent"]["n"] > 1000
    assert json.loads(p.stdout)["urgent"]["n"] == 30  # metrics describe the inbox, not the corpus


def test_missing_model_is_a_clear_error(tmp_path):
    p = cli("route", "текст", "--model", tmp_path / "none", check=False)
    assert p.returncode == 2 and "does not exist" in p.stderr and "Traceback" not in p.stderr


def test_missing_input_file(tmp_path):
    p = cli("label", tmp_path / "nope.csv", "-o", tmp_path / "out.csv", check=False)
    assert p.returncode == 2 and "nope.csv" in p.stderr
