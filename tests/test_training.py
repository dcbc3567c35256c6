"""Build-time training helpers (corpus/train.py) that decide what the context span model
learns from."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.train import (
    NATURAL_COMPANY_P,
    context_member,
    fitting_half,
    natural_company_texts,
    natural_context_rows,
    record_evidence,
    set_span_p,
)
from detector.classifier import models
from detector.features import CONTEXT_FEATURES

NATURAL = (
    "The committee met on Tuesday to discuss the budget for next year. Members agreed that the "
    "library should stay open in the evenings, and the treasurer said the cost could be met "
    "from the reserve fund without raising fees."
)


class _Constant:
    """A passage model that scores every window ``p``."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.full(len(x), self.p)


def _natural_item(doc_id: str = "src:1") -> dict:
    item = record_evidence({"doc_id": doc_id, "profile": "none", "spun": NATURAL})
    set_span_p([item], models().span)
    return item


def test_natural_rows_are_the_spans_of_passages_at_the_company_bar() -> None:
    item = _natural_item()
    x, docs = natural_context_rows([item], _Constant(NATURAL_COMPANY_P), 0.99)
    assert x.shape[1] == len(CONTEXT_FEATURES) and len(x) > 0
    assert set(docs.tolist()) == {"src:1"}
    # The rows carry the passage's score as the analyser would give it.
    assert np.allclose(x[:, CONTEXT_FEATURES.index("passage_p")], NATURAL_COMPANY_P)
    below, _ = natural_context_rows([item], _Constant(NATURAL_COMPANY_P - 0.01), 0.99)
    assert len(below) == 0


def test_natural_company_texts_join_records_of_one_fitting_half() -> None:
    items = [{"rec": {"doc_id": f"src:{k}", "profile": "none", "rate": 0.0,
                      "spun": f"word{k} " * 300}}
             for k in range(40)]
    docs = natural_company_texts(items, 13)
    assert docs and all(d["profile"] == "none" and d["document"] for d in docs)
    assert sum(len(d["spun"].split()) for d in docs) <= 40 * 300
    for d in docs:
        # Every record joined lies on the side of the fitting half the document's name does.
        ids = np.asarray([f"src:{w[4:]}" for w in set(d["spun"].split())])
        side = fitting_half(ids, 13)
        assert side.all() or not side.any()
        assert bool(side[0]) == bool(fitting_half(np.asarray([d["doc_id"]]), 13)[0])


def test_natural_negatives_teach_the_context_model_the_natural_text_it_never_saw() -> None:
    pytest.importorskip("sklearn", reason="training is build-time: pip install '.[build]'")
    rng = np.random.default_rng(0)
    gain, text_p = CONTEXT_FEATURES.index("gain"), CONTEXT_FEATURES.index("text_p")

    def rows(n: int, text: float) -> np.ndarray:
        x = np.zeros((n, len(CONTEXT_FEATURES)))
        x[:, gain] = rng.normal(size=n)
        x[:, text_p] = text
        return x

    # Spun texts: the gain decides, and every text reads as spun throughout.
    x = rows(4000, 0.99)
    y = (x[:, gain] + 0.5 * rng.normal(size=4000) > 0).astype(int)
    docs = np.asarray([f"d{k % 200}" for k in range(4000)])
    # Natural texts: high gains too, but the text reads as natural.
    xn = rows(4000, 0.2)
    xn[:, gain] = np.abs(xn[:, gain]) + 0.5
    natural_docs = np.asarray([f"n{k % 200}" for k in range(4000)])
    probe = rows(1, 0.2)
    probe[0, gain] = 1.5

    alone = context_member(x, y, docs, 13, 13)
    taught = context_member(x, y, docs, 13, 13, natural=(xn, natural_docs))
    assert alone.predict(probe)[0] > 0.8
    assert taught.predict(probe)[0] < 0.2
    # The spun texts' own scores are still the gain's.
    spun = rows(1, 0.99)
    spun[0, gain] = 1.5
    assert taught.predict(spun)[0] > 0.8
