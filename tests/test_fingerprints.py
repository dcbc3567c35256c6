"""Fingerprint matcher semantics (AND / NOT / ~N, punctuation), spin-table learning, loaders."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from detector import fingerprints as fpm
from detector import resources
from detector.fingerprints import Matcher, SpinTable, align, learn_spin_table, phrase_words
from detector.thesaurus import PPS
from detector.tokens import tokenize


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def fp(phrase, expected="", require=(), exclude=(), window=None, papers=1):
    return {
        "phrase": phrase,
        "require": list(require),
        "exclude": list(exclude),
        "window": window,
        "expected": expected,
        "papers": papers,
    }


MATCHER = Matcher(
    [
        fp("counterfeit consciousness", "artificial intelligence", papers=100),
        fp("profound learning", "deep learning", require=["deep learning"], papers=50),
        fp("surface highlights", "surface features", exclude=["specular"]),
        fp("gatherings clustering", "clustering", window=3),
        fp("man-in-the-center", "man-in-the-middle"),
        fp("enhancement calculation", "optimization algorithm", require=["optimiz*"]),
        fp("bosom", "breast", require=["breast"]),
    ]
)


def test_plain_phrase_with_token_indices():
    words = norms("We use Counterfeit consciousness here.")
    (m,) = MATCHER.find(words)
    assert (m.start_index, m.end_index) == (2, 4)
    assert words[m.start_index : m.end_index] == ["counterfeit", "consciousness"]
    assert m.expected == "artificial intelligence" and m.papers == 100


def test_and_requires_other_phrase_in_context():
    assert MATCHER.find(norms("Profound learning works.")) == []
    words = norms("Profound learning, that is deep learning, works.")
    assert [m.expected for m in MATCHER.find(words)] == ["deep learning"]
    # The condition may come from a wider context (the document) given as a set.
    ctx = MATCHER.context(norms("Elsewhere: deep learning."))
    assert "deep learning" in ctx
    assert len(MATCHER.find(norms("Profound learning works."), ctx)) == 1
    # A plain word set: a multiword condition holds when all its words occur.
    assert len(MATCHER.find(norms("Profound learning works."), {"deep", "learning"})) == 1


def test_not_cancels():
    assert len(MATCHER.find(norms("The surface highlights are shown."))) == 1
    assert MATCHER.find(norms("The specular surface highlights are shown.")) == []


def test_a_phrase_in_the_plural_is_found_and_its_original_put_in_the_plural():
    m = Matcher([fp("irregular woodland", "random forest", papers=9),
                 fp("profound neural organization", "deep neural network"),
                 fp("colossal information", "big data"),
                 fp("surface highlights", "surface features", exclude=["specular"]),
                 fp("stochastic inclination", "stochastic gradient")])
    found = {m_.expected for m_ in m.find(norms(
        "Irregular woodlands and profound neural organizations on colossal informations."))}
    assert found == {"random forests", "deep neural networks", "big data"}
    # Conditions hold for the plural as for the phrase; a word with no plural -s is no plural.
    assert m.find(norms("The specular surface highlightss are shown.")) == []
    assert m.find(norms("Stochastic inclinations were measured.")) != []
    assert m.find(norms("The irregular woodlandss grew.")) == []


def test_plurals_and_singulars():
    assert fpm.plural_of("random forest") == "random forests"
    assert fpm.plural_of("strategy") == "strategies"
    assert fpm.plural_of("analysis") == "analyses"
    assert fpm.plural_of("process") == "processes"
    assert fpm.plural_of("big data") == "big data"  # no plural
    assert fpm.plural_of("deep learning") == "deep learning"
    assert fpm.plural_of("support vector machines") == "support vector machines"
    assert "strategy" in fpm.singulars("strategies")
    assert "analysis" in fpm.singulars("analyses")
    assert fpm.singulars("class") == fpm.singulars("bus") == fpm.singulars("its") == ()
    # A singular in -s is no plural ("contact len"), and takes one.
    assert fpm.singulars("lens") == fpm.singulars("atlas") == ()
    assert fpm.plural_of("contact lens") == "contact lenses"
    assert "lens" in fpm.singulars("lenses")


def test_proximity_any_order_within_window():
    hits = MATCHER.find(norms("clustering of the gatherings"))
    assert [(m.start_index, m.end_index) for m in hits] == [(0, 4)]
    assert MATCHER.find(norms("gatherings a b c d clustering")) == []
    assert len(MATCHER.find(norms("gatherings a b clustering"))) == 1
    assert MATCHER.find(norms("gatherings only")) == []
    # A window never spans sentence or clause punctuation, as a phrase does not (item 172).
    assert MATCHER.find(norms("gatherings; clustering")) == []
    assert MATCHER.find(norms("clustering. The gatherings")) == []
    assert len(MATCHER.find(norms("gatherings; clustering of the gatherings"))) == 1


def test_punctuation_inside_phrase_is_transparent_but_sentences_break():
    words = norms("a man-in-the-center attack")
    (m,) = MATCHER.find(words)
    assert words[m.start_index : m.end_index] == ["man", "-", "in", "-", "the", "-", "center"]
    assert MATCHER.find(norms("It was counterfeit. Consciousness came later.")) == []


def test_prefix_condition():
    assert MATCHER.find(norms("An enhancement calculation.")) == []
    assert len(MATCHER.find(norms("An enhancement calculation for optimizing."))) == 1


def test_single_word_with_and():
    assert MATCHER.find(norms("the bosom")) == []
    assert len(MATCHER.find(norms("the bosom and breast"))) == 1


def test_phrase_words():
    assert phrase_words("Man-in-the-Middle (MitM)") == ("man", "in", "the", "middle", "mitm")
    assert phrase_words("optimiz*") == ("optimiz*",)


def test_align_same_and_different_length():
    assert align(("counterfeit", "consciousness"), ("artificial", "intelligence")) == [
        (("counterfeit",), ("artificial",)),
        (("consciousness",), ("intelligence",)),
    ]
    assert align(("lengthy", "momentary", "memory"), ("long", "short", "term", "memory")) == [
        (("lengthy",), ("long",)),
        (("momentary",), ("short", "term")),
    ]
    assert align(("malignant", "growth"), ("cancer",)) == [(("malignant", "growth"), ("cancer",))]
    # Thesaurus links steer the alignment of phrases of different length.
    related = {("huge", "big")}
    assert align(("a", "huge", "data"), ("big", "data"), lambda a, b: (a, b) in related) == [
        (("a", "huge"), ("big",))
    ]


def test_learn_spin_table_in_memory():
    rows = [
        SimpleNamespace(phrase="huge information", expected="big data", papers=1000),
        SimpleNamespace(phrase="profound learning", expected="deep learning", papers=10),
        SimpleNamespace(phrase="huge information", expected="large data", papers=0),
        SimpleNamespace(phrase="cross event", expected="???", papers=5),
    ]
    data = learn_spin_table(rows, related=lambda a, b: False)
    assert data["rows"] == 3
    table = SpinTable(json.loads(json.dumps(data)))  # survives a JSON round trip
    huge = table.sources_of("huge")
    assert [c.text for c in huge] == ["big", "large"]
    assert huge[0].weight > huge[1].weight and huge[0].flags == PPS
    assert abs(sum(c.weight for c in huge) - 1) < 1e-6
    assert table.sources_of("profound")[0].text == "deep"
    assert table.sources_of("information")[0].text == "data"
    assert table.sources_of("huge information")[0].text == "big data"
    assert "learning" not in table
    assert table.max_phrase_words() == 2 and table.phrase_len_from("huge") == 2
    # The expected phrases double as a terminology list for the phrase ranker.
    assert table.terms == {"big data", "deep learning", "large data"}
    assert ("deep", "learning") in table.term_pairs and ("big", "learning") not in table.term_pairs
    assert "data" in table.term_words and "huge" not in table.term_words
    # "huge" -> "big" and "huge" -> "large" each come from one term; none recurs.
    assert not table.recurs("huge", "big")


def test_a_replacement_aligned_in_two_terms_recurs():
    rows = [
        SimpleNamespace(phrase="neural organization", expected="neural network", papers=5),
        SimpleNamespace(phrase="sensor organization", expected="sensor network", papers=1),
        SimpleNamespace(phrase="neural organization", expected="neural network", papers=0),
        SimpleNamespace(phrase="excessive benchmark", expected="stress test", papers=9),
    ]
    table = SpinTable(json.loads(json.dumps(learn_spin_table(rows, related=lambda a, b: False))))
    assert table.recurs("organization", "network")
    # Two rows of one term are no recurrence: the pair may be that term's own.
    assert not table.recurs("excessive", "stress") and not table.recurs("benchmark", "test")
    # A table without the field (an older build, the phrasebook) has no recurring pairs.
    assert not SpinTable({"entries": {"organization": [["network", 1.0]]}}).recurs(
        "organization", "network")


def test_a_kept_word_the_table_knows_as_spun_is_counted():
    # The phrase ranker asks of each word a candidate keeps whether spinners wrote it.
    rows = [
        SimpleNamespace(phrase="neural organization", expected="neural network", papers=9),
        SimpleNamespace(phrase="sensor organization", expected="sensor network", papers=0),
    ]
    table = SpinTable(json.loads(json.dumps(learn_spin_table(rows, related=lambda a, b: False))))
    assert table.spun_count("organization") == pytest.approx(2.0 + 1.0)  # 1 + log10(1 + papers)
    assert table.recurs_as_spun("organization")
    assert table.spun_count("neural") == 0.0 and not table.recurs_as_spun("neural")
    assert table.spun_count("never seen") == 0.0


def _fake_models(tmp_path, monkeypatch, name, content: bytes):
    from corpus.artifacts import update_manifest

    (tmp_path / name).write_bytes(content)
    update_manifest(tmp_path)
    monkeypatch.setattr(resources, "model_dir", lambda: tmp_path)
    resources.manifest.cache_clear()


def test_corrupt_file_raises_model_error(tmp_path, monkeypatch):
    good = {"format": fpm.FP_FORMAT, "version": fpm.FP_VERSION, "fingerprints": [fp("a b")]}
    _fake_models(tmp_path, monkeypatch, fpm.FP_FILENAME, json.dumps(good).encode())
    monkeypatch.setattr(fpm, "_matcher", None)
    assert len(fpm.default()) == 1
    # Corrupt after the manifest was written: checksum mismatch.
    monkeypatch.setattr(fpm, "_matcher", None)
    (tmp_path / fpm.FP_FILENAME).write_bytes(b"{garbage")
    with pytest.raises(resources.ModelError):
        fpm.default()
    resources.manifest.cache_clear()


def test_wrong_content_raises_model_error(tmp_path, monkeypatch):
    bad = {"format": fpm.ST_FORMAT, "version": fpm.ST_VERSION, "entries": {"x": 3}}
    _fake_models(tmp_path, monkeypatch, fpm.ST_FILENAME, json.dumps(bad).encode())
    monkeypatch.setattr(fpm, "_spin", None)
    with pytest.raises(resources.ModelError):
        fpm.default_spin_table()
    resources.manifest.cache_clear()


def _shipped(name):
    try:
        return name in resources.manifest().get("artifacts", {})
    except resources.ModelError:
        return False


@pytest.mark.skipif(not _shipped(fpm.FP_FILENAME), reason="fingerprints.json not built")
def test_shipped_fingerprints():
    words = norms("Counterfeit consciousness and enormous information investigation.")
    expected = {m.expected.lower() for m in fpm.find(words)}
    assert "artificial intelligence" in expected
    assert "big data analytics" in expected
    assert fpm.find(norms("Profound learning.")) == []  # needs "deep learning" too
    assert len(fpm.find(norms("Profound learning, i.e. deep learning."))) == 1


@pytest.mark.skipif(not _shipped(fpm.ST_FILENAME), reason="spin_table.json not built")
def test_shipped_spin_table():
    table = fpm.default_spin_table()
    for spun, orig in [("huge", "big"), ("profound", "deep"), ("counterfeit", "artificial")]:
        assert orig in [c.text for c in table.sources_of(spun)][:5], spun


def test_the_query_wildcard_is_no_part_of_an_expected_phrase():
    pytest.importorskip("wordfreq", reason="the PPS reader is build-time: pip install '.[build]'")
    from corpus.sources import _clean_expected

    assert _clean_expected("Box-Jenkins method*") == ("Box-Jenkins method", ())
    assert _clean_expected("volume, *velocity, variety*, and veracity (Four Vs)") == (
        "volume, velocity, variety, and veracity", ("Four Vs",))


@pytest.mark.parametrize(("written", "read"), [
    ("particule swarm optimization", "particle swarm optimization"),
    ("principal composent analysis", "principal component analysis"),
    ("Wavelet singular entrooy", "Wavelet singular entropy"),
    ("Teager Energy Operator (TEO)", "Teager Energy Operator"),  # a name, not "eager"
    ("Rician fading", "Rician fading"),
    ("cepstral coefficients", "cepstral coefficients"),  # a rare term, not a misspelling
    ("chronic illneses", "chronic illneses"),  # "illness" or "illnesses": left as written
])
def test_an_expected_phrase_is_respelt_only_when_unmistakable(written: str, read: str) -> None:
    pytest.importorskip("wordfreq", reason="the PPS reader is build-time: pip install '.[build]'")
    from corpus.sources import _clean_expected

    assert _clean_expected(written)[0] == read


@pytest.mark.skipif(not _shipped(fpm.ST_FILENAME), reason="spin_table.json not built")
def test_no_shipped_wording_keeps_the_query_wildcard():
    # A suggestion reads as written: "container-Jenkins version" -> "Box-Jenkins method",
    # not "method*".
    import detector

    table = json.loads(resources.artifact_bytes(fpm.ST_FILENAME, fpm.ST_FORMAT,
                                                fpm.ST_VERSION))
    assert not [o for origs in table["entries"].values() for o, _ in origs if "*" in o]
    assert not [t for t in table["terms"] if "*" in t]
    assert "particle swarm optimization" in table["terms"]
    assert not [t for t in table["terms"] if "particule" in t or "composent" in t]
    report = detector.analyze("We fitted the container-Jenkins version to the monthly sales.")
    assert [f.suggestions for f in report.findings] == [("Box-Jenkins method",)]


def test_index_entries_are_built_on_first_use_and_give_the_same_hits():
    m = fpm.Matcher([fp("counterfeit consciousness", "artificial intelligence"),
                     fp("huge information", "big data"), fp("bosom", "breast")])
    assert len(m) == 3 and not m._index
    words = "we used huge information and counterfeit consciousness".split()
    first = m.find(words)
    assert [h.expected for h in first] == ["big data", "artificial intelligence"]
    assert set(m._index) == {"huge", "counterfeit"}  # "bosom" never occurred
    assert m.find(words) == first


def test_spin_table_remembers_only_surfaces_it_knows():
    # A pipeline checking millions of documents meets ever new names, typos and numbers; a
    # look-up cache keyed by every surface asked about grew without bound.
    table = fpm.SpinTable({"entries": {"huge": [["big", 3.0], ["large", 1.0]]}})
    for k in range(1000):
        assert table.sources_of(f"zq{k}") == []
    assert [(c.text, c.weight) for c in table.sources_of("huge")] == [("big", 0.75),
                                                                      ("large", 0.25)]
    assert len(table._cache) == 1


@pytest.mark.parametrize("text, mention", [
    ('They wrote "counterfeit consciousness" twice.', True),
    ("They wrote “counterfeit consciousness,” twice.", True),
    ("The phrase ‘counterfeit consciousness’ is known.", True),
    ("It said counterfeit consciousness where artificial intelligence was meant.", True),
    ("Artificial intelligence becomes counterfeit consciousness.", True),
    ("We apply counterfeit consciousness to the data.", False),
    ('We apply "counterfeit consciousness methods" to the data.', False),  # a longer quote
    ("We apply counterfeit consciousness. Artificial intelligence is also used.", False),
    ("We apply counterfeit consciousness to data, and then, much later on, artificial "
     "intelligence.", False),
    # emphasis sets a word off as quotes do: asterisks or underscores in plain text, the
    # mark prose extraction leaves where Markdown or HTML emphasis was
    ("Two wordings, *counterfeit consciousness* and another, stood out.", True),
    ("Two wordings, _counterfeit consciousness,_ and another, stood out.", True),
    ("Two wordings, **counterfeit consciousness** and another, stood out.", False),  # bold
    ("Two wordings, \u205fcounterfeit consciousness\u205f and another, stood out.", True),
    ("We apply *counterfeit* consciousness to the data.", False),
    ("We apply *the counterfeit consciousness* to the data.", False),  # more than the phrase
    ("We apply \u205fcounterfeit consciousness methods\u205f to the data.", False),
    # the original hyphenated is the same words (model card item 177)
    ("It said counterfeit consciousness for artificial-intelligence methods.", True),
    ("It said counterfeit consciousness for artificial\u2011intelligence methods.", True),
    ("Counterfeit consciousness. Artificial-intelligence methods came later.", False),
])
def test_a_tortured_phrase_quoted_or_beside_its_original_is_a_mention(text, mention):
    from detector.features import mentioned
    from detector.tokens import tokenize

    tokens = tokenize(text)
    norms = [t.norm for t in tokens]
    start = norms.index("counterfeit")
    assert mentioned(text, tokens, norms, start, start + 2, "artificial intelligence") is mention


def test_a_mentioned_tortured_phrase_holds_no_finding_of_any_rule():
    """Read as a mention, a phrase is not reported as a substitution either, nor does it
    make the words around it spun company (the watch-list case of tests/cases)."""
    import detector

    text = "\n".join(f"- {spun} ({term})" for spun, term in [
        ("counterfeit consciousness", "artificial intelligence"),
        ("profound learning", "deep learning"), ("irregular woodland", "random forest"),
        ("bosom malignant growth", "breast cancer")])
    report = detector.analyze("Phrases we screen for, with their terms:\n\n" + text)
    assert report.findings == () and report.label == "natural"


@pytest.mark.parametrize("name, text", [
    ("report.md", "Two wordings stood out, *counterfeit consciousness* and _irregular "
                  "woodland_, and the authors were asked where they came from."),
    ("report.html", "<p>Two wordings stood out, <em>counterfeit consciousness</em> and "
                    "<i>irregular woodland</i>, and the authors were asked where they came "
                    "from.</p>"),
])
def test_a_tortured_phrase_in_markup_emphasis_is_a_mention(tmp_path, name, text):
    """A screening report names what it found in italics: the phrases are mentions, while
    the same words outside italics, or in bold (a content writer's keyword), are still
    found."""
    from detector.checkfile import analyze_file

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert analyze_file(path).report.findings == ()
    bold = text.replace("*", "**").replace("_", "**").replace("em>", "b>").replace("i>", "b>")
    path.write_text(bold, encoding="utf-8")
    found = analyze_file(path).report.findings
    assert [f.text for f in found if f.rule == "tortured-phrase"] == [
        "counterfeit consciousness", "irregular woodland"]


def test_a_tortured_phrase_the_screener_lists_short_runs_on():
    """PPS lists "bosom malignant" (breast cancer), which papers write "bosom malignant
    growth": "malignant growth" is a thesaurus wording of "cancer", so the finding takes the
    third word too, and restoring it leaves no "growth" behind. A next word that makes no
    such wording ("classifier") is not taken."""
    import detector

    text = ("We detect bosom malignant growth early with an irregular woodland classifier "
            "trained on mammograms.")
    found = {f.text: f.suggestions[0] for f in detector.analyze(text).findings
             if f.rule == "tortured-phrase"}
    assert found == {"bosom malignant growth": "breast cancer",
                     "irregular woodland": "random forest"}
    assert detector.restore(text).startswith("We detect breast cancer early with a random "
                                             "forest classifier")


def test_a_quoted_wording_beside_its_quoted_original_is_a_mention():
    """Documentation names a spinner's wording with the one it replaces, both quoted
    ('"final yr" -> "last year"'): no substitution is reported there, even in a passage
    that reads spun (the known false positive kfp-docs-about-wording), while the same
    wording written unquoted is still read. (Quoted alone, it is shown too: the text names
    tortured phrases, and a short quotation in a text about spinning is an example.)"""
    import json
    from pathlib import Path

    import detector

    cases = Path(__file__).parent / "cases" / "known_false_positives.jsonl"
    [text] = [json.loads(line)["text"] for line in cases.read_text(encoding="utf-8").splitlines()
              if json.loads(line)["id"] == "kfp-docs-about-wording"]
    assert '"final yr" -> "last year"' in text
    assert "final yr" not in [f.text for f in detector.analyze(text).findings]
    quoted = text.replace('"final yr" -> "last year"', '"final yr"')
    assert "final yr" not in [f.text for f in detector.analyze(quoted).findings]
    unquoted = text.replace('"final yr" -> "last year"', "final yr")
    assert "final yr" in [f.text for f in detector.analyze(unquoted).findings]


@pytest.mark.skipif(not _shipped(fpm.FP_FILENAME), reason="fingerprints.json not built")
def test_a_listed_phrase_without_an_expected_wording_is_found_in_running_text():
    # 186 listed phrases have no expected wording ("transformative climate adaptation"); one
    # followed by a word made analyze() raise IndexError (model card item 120).
    import detector

    listed = json.loads(resources.artifact_bytes(fpm.FP_FILENAME, fpm.FP_FORMAT,
                                                 fpm.FP_VERSION))["fingerprints"]
    plain = [f["phrase"] for f in listed if not f["expected"].strip()
             and not (f.get("require") or f.get("exclude") or f.get("window"))]
    assert len(plain) >= 100
    from detector.analyzer import _everyday_phrase
    from detector.fingerprints import phrase_words

    for phrase in plain:
        report = detector.analyze(f"In this study the {phrase} method was used on the data.")
        hits = [f for f in report.findings if f.rule == "tortured-phrase"]
        # A collocation of general English ("repudiation of attacks") is a finding only
        # beside another listed phrase or in spun company (model card item 129).
        if _everyday_phrase(tuple(w for w in phrase_words(phrase) if w != "\x00")):
            assert not hits, phrase
        else:
            assert hits and hits[0].suggestions == (), phrase


def test_parse_query_splits_at_a_long_run_of_spaces() -> None:
    from detector.fingerprints import parse_query

    gap = " " * 50_000
    assert parse_query(f'"huge information"{gap}AND{gap}"data"') == (
        ["huge information", "data"], [], None)
    assert parse_query(f"a{gap}b") == ([f"a{gap}b"], [], None)


def test_a_listed_phrase_of_everyday_english_needs_a_paper_mills_company():
    """ "elderly folks", "heart ailments": listed because paper mills write them for older
    adults and heart disease, but everyday English in a newsletter (a precision probe's
    15-word message holding both was labelled spun). Beside a listed phrase no general-English
    table knows, they are a paper mill's again (model card item 129)."""
    import detector

    chat = ("Many elderly folks in our town live with heart ailments and can't manage the hill "
            "up to the surgery.")
    report = detector.analyze(chat)
    assert report.findings == () and report.label == "natural"
    paper = ("Counterfeit consciousness was used to screen elderly folks for heart ailments in "
             "the cohort.")
    found = [f.text for f in detector.analyze(paper).findings if f.rule == "tortured-phrase"]
    assert found == ["Counterfeit consciousness", "elderly folks", "heart ailments"]


def test_a_multiword_condition_is_a_phrase_in_running_text():
    """ "profound learning" AND "deep learning": the condition is the phrase, not its two
    words anywhere ("the deep approach to learning" made an education paper's "profound
    learning" a finding; a research-paper probe, model card item 129). A caller's plain word
    set has no phrases and keeps the word test."""
    words = norms("Moments of profound learning came when the deep approach to learning won.")
    assert MATCHER.find(words) == []
    assert len(MATCHER.find(norms("Profound learning, as in deep learning, works."))) == 1
    assert len(MATCHER.find(norms("Profound learning works."), {"deep", "learning"})) == 1


def test_an_inflected_known_term_is_no_rebuilt_term():
    from detector.analyzer import _inflected

    assert _inflected("mean squared", "mean square")
    assert _inflected("decision trees", "decision tree")
    assert not _inflected("uphold vector", "support vector")


@pytest.mark.parametrize("text", [
    "That may sound just like the old plan, but it is not.",
    "The second heart sound just to the left of the sternum was loud.",
])
def test_a_listed_pair_general_english_writes_is_no_finding_alone(text: str) -> None:
    """ "sound just" is listed for "audio-only"; general English writes it ("sound just
    like"), and restore rewrote "That may audio-only like the old plan" (a medical probe,
    model card item 137). Beside a listed phrase no table knows it is still found."""
    import detector

    assert not [f for f in detector.analyze(text).findings if f.rule == "tortured-phrase"]
    mill = "We built a sound just corpus and trained a counterfeit consciousness model on it."
    assert {f.text for f in detector.analyze(mill).findings
            if f.rule == "tortured-phrase"} >= {"sound just", "counterfeit consciousness"}


@pytest.mark.parametrize(("expected", "phrase", "wording"), [
    ("The word ‘are’ as in the conjugated verb ‘be’, see https://pubpeer.com/x#2",
     "area unit", "are"),
    ("social influence, see https://en.wikipedia.org/wiki/UTAUT", "social impact utaut",
     "social influence"),
    ("Search and replace of cell -> mobile", "mobileular", ""),
    ("meaning unclear, see https://pubpeer.com/publications/D6", "furious nanoparticle", ""),
    ("[neural network] layer outputs", "layer yields", "layer outputs"),
    ("enveloped [virus]", "encompassed virus", "enveloped virus"),
    ("prior knowledge of [...]", "earlier intellect of", "prior knowledge of"),
    ("fault analysis/diagnosis", "issue acknowledgment", "fault analysis"),
    ("contagious/transmissible diseases", "irresistible infections", "contagious diseases"),
    ("economic development/profit growth", "monetary development", "economic development"),
    ("Automated Storage/Retrieval Systems", "robotized capacity and recovery frameworks",
     "Automated Storage Systems"),
    ("brain cancer / brain tumors", "mind malignancies", "brain cancer"),
    ("master/slave", "grasp/slave", "master/slave"),
    ("TCP/IP packet", "tcp/ip bundle", "TCP/IP packet"),
    ("differential equation AND 1st order", "differential condition", ""),
    ("artificial intelligence", "counterfeit consciousness", "artificial intelligence"),
])
def test_an_expected_phrase_is_one_wording(expected: str, phrase: str, wording: str) -> None:
    """Restore wrote the screener's notes into the text ("The results The word 'are' as in
    the conjugated verb 'be', see https://..."); a suggestion is one wording (model card
    item 146)."""
    from detector.fingerprints import wording_of

    assert wording_of(expected, phrase) == wording
