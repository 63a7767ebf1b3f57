import json
import shutil

import pytest

import cur_nlp
from cur_nlp.persist import FORMAT_VERSION, ModelError

TEXTS = ["нет света в Бердске на Ленина", "в поликлинике хамят", "спасибо за новую площадку"]


@pytest.fixture(scope="module")
def saved_once(small_router, tmp_path_factory):
    return small_router.save(tmp_path_factory.mktemp("model") / "model")


@pytest.fixture()
def saved(saved_once, tmp_path):
    """A fresh copy of a saved model, for tests that damage it."""
    return shutil.copytree(saved_once, tmp_path / "model")


def test_round_trip_gives_the_same_answers(small_router, saved):
    loaded = cur_nlp.load(saved)
    assert [r.to_dict() for r in loaded.route_many(TEXTS)] == [r.to_dict() for r in small_router.route_many(TEXTS)]


def test_meta_json_is_complete(saved):
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == FORMAT_VERSION
    for key in ("library_version", "sklearn_version", "training_data_sha256", "created", "thresholds",
                "heldout_metrics", "heads", "files"):
        assert key in meta
    assert set(meta["files"]) == {p.name for p in saved.iterdir() if p.name != "meta.json"}


def test_missing_folder_names_the_path(tmp_path):
    with pytest.raises(ModelError, match="nowhere.*does not exist"):
        cur_nlp.load(tmp_path / "nowhere")


def test_folder_without_meta(tmp_path):
    (tmp_path / "m").mkdir()
    with pytest.raises(ModelError, match="meta.json is missing"):
        cur_nlp.load(tmp_path / "m")


def test_corrupt_file_is_caught_before_unpickling(saved):
    part = saved / "head_agency.joblib"
    part.write_bytes(part.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="corrupt.*head_agency.joblib"):
        cur_nlp.load(saved)


def test_missing_part(saved):
    (saved / "vectorizer.joblib").unlink()
    with pytest.raises(ModelError, match="incomplete.*vectorizer.joblib"):
        cur_nlp.load(saved)


def test_newer_format_says_upgrade(saved):
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    meta["format_version"] = FORMAT_VERSION + 1
    (saved / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="upgrade cur_nlp"):
        cur_nlp.load(saved)


def test_broken_meta_json(saved):
    (saved / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        cur_nlp.load(saved)


def test_other_sklearn_version_warns(saved, tmp_path):
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    meta["sklearn_version"] = "0.0.1"
    copy = tmp_path / "copy"
    shutil.copytree(saved, copy)
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(UserWarning, match="scikit-learn 0.0.1"):
        cur_nlp.load(copy)
