"""SGNS / CBOW / fastText: parity with gensim called directly, reproducibility, long documents, errors."""
import numpy as np
import pytest
from gensim.models import FastText as GensimFastText
from gensim.models import Word2Vec

from wordvec.corpus import TokensCorpus
from wordvec.errors import EmptyInputError, WordvecError
from wordvec.train import CBOW, SGNS, FastText, ParameterError
from wordvec.train.gensim_models import GENSIM_MAX_DOC, _Chunked


def small_corpus(seed=0, n_docs=200, vocab=30, length=15):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(vocab)]
    p = 1 / np.arange(1, vocab + 1)
    p /= p.sum()
    return [list(rng.choice(words, size=length, p=p)) for _ in range(n_docs)]


@pytest.mark.parametrize("ours, sg", [(SGNS, 1), (CBOW, 0)])
def test_same_vectors_as_gensim_with_the_same_settings(ours, sg):
    docs = small_corpus()
    emb = ours(dim=8, window=3, min_count=2, epochs=2, seed=7).fit(docs)
    ref = Word2Vec(docs, vector_size=8, window=3, min_count=2, epochs=2, seed=7, workers=1, sg=sg, hs=0,
                   negative=5, sample=1e-3)
    assert list(emb.words) == list(ref.wv.index_to_key)
    np.testing.assert_array_equal(emb.vectors, ref.wv.vectors)
    np.testing.assert_array_equal(emb.counts, [ref.wv.get_vecattr(w, "count") for w in ref.wv.index_to_key])


def test_fasttext_keeps_model_for_unseen_words():
    docs = small_corpus()
    trainer = FastText(dim=8, window=3, min_count=2, epochs=2, seed=7, bucket=5000)
    emb = trainer.fit(docs)
    ref = GensimFastText(docs, vector_size=8, window=3, min_count=2, epochs=2, seed=7, workers=1, sg=1,
                         bucket=5000, min_n=3, max_n=6)
    np.testing.assert_allclose(emb.vectors, ref.wv.vectors, rtol=1e-5, atol=1e-6)
    assert "w999" not in emb
    assert trainer.model_.wv["w999"].shape == (8,)  # composed from character n-grams
    assert emb.meta["trainer"] == "fasttext" and emb.meta["bucket"] == 5000


def test_seeded_and_loss_history():
    docs = small_corpus(1)
    a, b = SGNS(dim=6, epochs=3, min_count=1, seed=2), SGNS(dim=6, epochs=3, min_count=1, seed=2)
    np.testing.assert_array_equal(a.fit(docs).vectors, b.fit(docs).vectors)
    assert a.loss_history_.shape == (3,) and np.all(a.loss_history_ > 0)
    assert a.embedding_.meta["corpus_words"] == sum(map(len, docs))


def test_long_documents_are_split_not_truncated():
    doc = [f"x{i % 50}" for i in range(GENSIM_MAX_DOC)] + [f"late{i % 5}" for i in range(300)]
    pieces = list(_Chunked([doc], "SGNS"))
    assert [len(p) for p in pieces] == [GENSIM_MAX_DOC, 300]
    assert sum(pieces, []) == doc
    trainer = SGNS(dim=4, epochs=1, min_count=1, sample=0)
    emb = trainer.fit([doc])
    assert trainer.model_.corpus_count == 2
    # gensim's own initial vectors for the same vocabulary and seed:
    init = Word2Vec(vector_size=4, min_count=1, seed=0, sample=0)
    init.build_vocab([doc])
    late = [w for w in init.wv.index_to_key if w.startswith("late")]
    # gensim alone never trains the words beyond token 10,000 ...
    direct = Word2Vec([doc], vector_size=4, min_count=1, seed=0, sample=0, workers=1, epochs=1)
    np.testing.assert_array_equal(direct.wv[late], init.wv[late])
    # ... the split document trains them.
    assert np.abs(emb[late] - init.wv[late]).max() > 1e-3


def test_errors():
    with pytest.raises(EmptyInputError, match="empty"):
        SGNS().fit([])
    with pytest.raises(EmptyInputError, match="empty"):
        SGNS().fit([[], []])
    with pytest.raises(EmptyInputError, match="min_count=5"):
        SGNS(min_count=5).fit([["a", "b"], ["c"]])
    with pytest.raises(WordvecError, match="document 1 is a string"):
        SGNS(min_count=1).fit([["a"], "b c"])
    with pytest.raises(WordvecError, match="one-shot"):
        SGNS().fit(doc for doc in [["a"]])
    with pytest.raises(WordvecError, match="one-shot"):
        SGNS().fit(TokensCorpus(doc for doc in [["a"]]))
    with pytest.raises(ParameterError, match="negative"):
        SGNS(negative=-1).fit([["a"]])
    with pytest.raises(ParameterError, match="min_learning_rate"):
        CBOW(learning_rate=0.01, min_learning_rate=0.1).fit([["a"]])
    with pytest.raises(ParameterError, match="skipgram"):
        FastText(skipgram="yes").fit([["a"]])
