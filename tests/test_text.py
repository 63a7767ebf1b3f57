import pytest

from cur_nlp.text import MAX_CHARS, clean, lemmatize, normalise


@pytest.mark.parametrize("raw, expected", [
    ("<p>Нет&nbsp;воды</p><p>третий день</p>", "Нет воды"),
    ("&quot;УК&quot; не отвечает", '"УК" не отвечает'),
    ("a<br>b", "a\nb"),
    ("<script>alert(1)</script>текст", "текст"),
])
def test_clean_strips_html_and_entities(raw, expected):
    assert expected in clean(raw)
    assert "<" not in clean(raw) and "&nbsp;" not in clean(raw)


def test_paragraphs_do_not_glue_words():
    lemmas = normalise("<p>вода</p><p>свет</p>").lemmas
    assert "вода" in lemmas and "свет" in lemmas


@pytest.mark.parametrize("text, placeholder", [
    ("пишите на ivanov@mail.ru срочно", "__email__"),
    ("смотрите https://vk.com/wall-123_45 вот", "__url__"),
    ("звоните 8-913-123-45-67 после обеда", "__phone__"),
    ("звоните +7 (383) 222-33-44", "__phone__"),
    ("[id12345|Мария Петровна] вам ответили?", "__mention__"),
    ("@mintrans_nso когда автобус", "__mention__"),
])
def test_special_spans_become_placeholders(text, placeholder):
    assert placeholder in normalise(text).lemmas


def test_lemmas_fold_case_and_yo():
    assert normalise("ВОДЫ Нет, Ёлки").lemmas[:1] == ["вода"]
    assert lemmatize("ёлки") == lemmatize("елки")


def test_token_offsets_point_into_cleaned_text():
    doc = normalise("<b>Краснозёрское</b>, ул. Ленина 5")
    for t in doc.tokens:
        assert doc.text[t.start:t.stop] == t.text


def test_numbers_are_one_token_kind():
    assert normalise("дом 15 кв 7").lemmas == ["дом", "__num__", "кв", "__num__"]


def test_huge_text_is_cut():
    doc = normalise("вода " * 300_000)
    assert len(doc.text) == MAX_CHARS


@pytest.mark.parametrize("bad", [None, 5, b"bytes", ["list"]])
def test_non_str_is_a_type_error(bad):
    with pytest.raises(TypeError, match="expects message text as str"):
        normalise(bad)
