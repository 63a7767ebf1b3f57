"""The feature block: the terms a message becomes, and the TF-IDF arithmetic
that replaced scikit-learn's vectorizer on the routing path."""
import numpy as np
import pickle
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from cur_nlp.features import Doc, MessageVectorizer, TermBlock, char_ngrams, word_features
from cur_nlp.text import normalise


def doc(text, **context):
    return Doc(normalise(text), context)


def test_context_fields_and_their_pair_become_tokens():
    tokens = doc("течёт крыша", district="Приморский", city_object="Дом").meta_tokens()
    assert "ctx:district=Приморский" in tokens and "ctx:city_object=Дом" in tokens
    # the executor is a body of a kind in a district: the pair is one feature
    assert "ctx:city_object=Дом&district=Приморский" in tokens


def test_opening_word_and_ending_mark_are_tokens():
    tokens = doc("Подскажите, когда дадут воду?").shape_tokens()
    assert "open=подсказать" in tokens and "end=?" in tokens
    assert "end=!" in doc("Спасибо дорожникам!").shape_tokens()


@pytest.mark.parametrize("sublinear", [True, False])
def test_term_block_matches_scikit_learn_tfidf(sublinear):
    texts = ["нет воды третий день", "воды нет и света нет", "спасибо за дорогу", "дорогу не чистят нет"]
    docs = [doc(t) for t in texts]
    ours = TermBlock(word_features, sublinear_tf=sublinear).fit(docs)
    ref = TfidfVectorizer(analyzer=word_features, sublinear_tf=sublinear).fit(docs)
    order = [ours.vocabulary_[t] for t in ref.get_feature_names_out()]
    np.testing.assert_allclose(ours.transform(docs).toarray()[:, order], ref.transform(docs).toarray(), rtol=1e-5)


def test_character_ngrams_mark_word_ends():
    assert char_ngrams("вода")[:3] == ("<во", "вод", "ода")
    assert "да>" in char_ngrams("вода")


def test_vectorizer_survives_pickling_and_unknown_words():
    docs = [doc(t) for t in ["нет воды", "нет света", "воды нет опять", "света нет снова"]]
    vec = MessageVectorizer(min_df=1).fit(docs)
    again = pickle.loads(pickle.dumps(vec))
    new = [doc("совсем незнакомые слова ъъъ"), doc("нет воды")]
    assert (vec.transform(new) != again.transform(new)).nnz == 0
    assert again.transform(new).shape == (2, len(vec.get_feature_names_out()))
