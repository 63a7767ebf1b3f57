"""Reading exports as users have them and labelling without losing rows."""
import csv

import pytest

from cur_nlp.batch import OUTPUT_COLUMNS, label_table, read_table, write_table

ROWS = [["id", "text", "note"], ["1", "нет света в Бердске", "a"], ["2", "текст с ; и , и \"кавычками\"\nвторая строка", "b"],
        ["3", "", "пустой текст"]]


def write(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(tmp_path, encoding, delimiter):
    t = read_table(write(tmp_path / "in.csv", ROWS, encoding, delimiter))
    assert t.columns == ["id", "text", "note"]
    assert [r["text"] for r in t.rows] == [r[1] for r in ROWS[1:]]
    assert t.delimiter == delimiter


def test_broken_rows_keep_their_data(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("id,text\n1,нормальная строка\n2,лишние,поля,здесь\n3\n4,\x00нулевой байт\n", encoding="utf-8")
    t = read_table(path)
    assert [r["id"] for r in t.rows] == ["1", "2", "3", "4"]
    assert t.errors[0] == "" and "fields" in t.errors[1] and "fields" in t.errors[2]
    assert t.rows[1]["text"] == "лишние,поля,здесь"
    assert t.rows[3]["text"] == "нулевой байт"


def test_label_keeps_every_row_in_order(small_router, tmp_path):
    t = read_table(write(tmp_path / "in.csv", ROWS))
    out = label_table(small_router, t, "text")
    assert [r["id"] for r in out.rows] == ["1", "2", "3"]
    assert out.columns == ["id", "text", "note"] + OUTPUT_COLUMNS
    assert out.rows[0]["route_agency"] == "mun:berdsk"
    assert out.rows[2]["route_agency"] == "unknown" and out.rows[2]["route_needs_review"] == 1
    write_table(out, tmp_path / "out.csv")
    back = read_table(tmp_path / "out.csv")
    assert len(back.rows) == 3 and back.rows[1]["text"] == ROWS[2][1]


def test_a_failing_row_gets_route_error_not_dropped(small_router, tmp_path, monkeypatch):
    t = read_table(write(tmp_path / "in.csv", ROWS))
    real = small_router.route_many

    def flaky(texts, contexts=None):
        if any("кавычками" in x for x in texts):
            raise RuntimeError("boom")
        return real(texts, contexts)

    monkeypatch.setattr(small_router, "route_many", flaky)
    out = label_table(small_router, t, "text")
    assert len(out.rows) == 3
    assert "boom" in out.rows[1]["route_error"] and out.rows[1]["text"] == ROWS[2][1]
    assert out.rows[0]["route_error"] == "" and out.rows[0]["route_agency"]


def test_xlsx_round_trip(small_router, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for row in ROWS:
        wb.active.append(row)
    wb.save(tmp_path / "in.xlsx")
    out = label_table(small_router, read_table(tmp_path / "in.xlsx"), "text")
    write_table(out, tmp_path / "out.xlsx")
    back = read_table(tmp_path / "out.xlsx")
    assert [r["id"] for r in back.rows] == ["1", "2", "3"] and back.rows[0]["route_agency"] == "mun:berdsk"


def test_missing_text_column_is_named(small_router, tmp_path):
    t = read_table(write(tmp_path / "in.csv", ROWS))
    with pytest.raises(ValueError, match="message"):
        label_table(small_router, t, "message")


def test_urgent_first_puts_the_morning_queue_on_top_with_reasons(small_router, tmp_path):
    rows = [["id", "text", "note"], ["1", "спасибо за новую остановку, очень удобно", ""],
            ["2", "в подъезде сильно пахнет газом, дети дома!", ""],
            ["3", "когда отремонтируют дорогу на Лесной", ""]]
    t = read_table(write(tmp_path / "in.csv", rows))
    out = label_table(small_router, t, "text", urgent_first=True)
    assert sorted(r["id"] for r in out.rows) == ["1", "2", "3"]  # nothing lost
    assert out.rows[0]["id"] == "2" and "газ" in out.rows[0]["route_urgency_reasons"]
    urgency = [float(r["route_urgency"]) for r in out.rows]
    assert urgency == sorted(urgency, reverse=True)
