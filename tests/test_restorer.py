"""The restorer's candidates and ranking features: shorter wordings inside a found span,
gains pooled over the places where the text repeats a wording, and the light evidence path
of the feature extractor that the restorer and detector share."""

from __future__ import annotations

import numpy as np
import pytest

import detector
from detector import thesaurus
from detector.candidates import CandidateGenerator, possessive_stem
from detector.features import candidate_gains, claimable, extract
from detector.fingerprints import SpinTable
from detector.restorer import RANK_FEATURES, occurrence_gains, rank_vectors, span_candidates
from detector.thesaurus import Thesaurus

SPUN = ("The minister stated the talks would go on. Her deputy stated the same to "
        "reporters, and the office stated it again on Friday.")


def generator() -> CandidateGenerator:
    pairs = [
        ("cell", "electric cell", 1.0, 1, "n"),
        ("battery", "electric cell", 1.0, 1, "n"),
        ("early", "early on", 1.0, 2, "r"),
        ("cat", "feline", 1.0, 1, "n"),
    ]
    return CandidateGenerator(Thesaurus.from_pairs(pairs))


def test_shorter_wordings_are_offered_apart_from_the_detectors_options() -> None:
    gen = generator()
    # The detector never sees them: as evidence they would make every "early on" look spun.
    assert [o.text for o in gen.options("electric cell")] == ["battery"]
    assert gen.options("early on") == []
    shorter = gen.shorter_options("electric cell")
    assert [o.text for o in shorter] == ["cell"]
    # Priors are shares of all the wording's sources, as for options().
    assert shorter[0].prior == pytest.approx(0.5)
    assert gen.shorter_options("feline") == []  # one word holds no shorter wording


def test_members_of_one_closed_set_are_no_candidates_of_each_other() -> None:
    """Thesauri list "years" for "months" and "south" for "north"; as candidates they made
    "in recent months" read as a spun "in recent years"."""
    from detector.candidates import contrasting

    pairs = [(orig, spun, 1.0, 2, "n") for orig, spun in [
        ("years", "months"), ("moments", "months"), ("south", "north"),
        ("northern", "north"), ("night", "evening"), ("brother", "sister"),
        ("recent years", "latest months"), ("recent months", "latest months"),
    ]]
    gen = CandidateGenerator(Thesaurus.from_pairs(pairs))
    assert [o.text for o in gen.options("months")] == ["moments"]
    assert [o.text for o in gen.options("north")] == ["northern"]  # one direction's forms
    assert [o.text for o in gen.options("evening")] == ["night"]
    assert gen.options("sister") == []
    assert [o.text for o in gen.options("latest months")] == ["recent months"]
    assert contrasting("the first day", "the third day")
    assert not contrasting("the first day", "the first time")
    assert not contrasting("months", "long months")  # word for word only


def test_an_adverb_no_source_lists_takes_its_adjectives_candidates_as_adverbs() -> None:
    """Thesauri list few adverbs, and spinners swap them as freely as adjectives:
    "momentously" for "significantly", "hereditarily" for "genetically"."""
    pairs = [(orig, spun, 1.0, 2, "a") for orig, spun in [
        ("genetic", "hereditary"), ("significant", "momentous"), ("good", "momentous"),
        ("calm", "quiet"),
    ]]
    pairs.append(("silently", "quietly", 1.0, 2, "r"))
    thes, spin = Thesaurus.from_pairs(pairs), SpinTable({"entries": {}})
    # As evidence they added false findings on literary adverbs: restoring only.
    assert CandidateGenerator(thes, spin).options("hereditarily") == []
    gen = CandidateGenerator(thes, spin, adverbs=True)
    assert [o.text for o in gen.options("hereditarily")] == ["genetically"]
    # "goodly" is made from "good" but is no common adverb.
    assert [o.text for o in gen.options("momentously")] == ["significantly"]
    # An adverb a source lists keeps that source's candidates alone.
    assert [o.text for o in gen.options("quietly")] == ["silently"]
    assert gen.options("wholly") == []  # no adjective with candidates
    assert detector.suggest("momentously")[0] == "significantly"  # the shipped sources


def test_adverbs_and_their_adjectives() -> None:
    from detector.candidates import adjectives_of, adverb_of

    assert {adverb_of(a) for a in ("simple", "happy", "genetic", "full", "true", "public")} == {
        "simply", "happily", "genetically", "fully", "truly", "publicly"}
    assert adverb_of("weekly") is None and adverb_of("ad hoc") is None
    assert "happy" in adjectives_of("happily") and "simple" in adjectives_of("simply")
    assert "genetic" in adjectives_of("genetically") and "gentle" in adjectives_of("gently")
    assert adjectives_of("fly") == [] and adjectives_of("truly") == []  # too short to tell


def test_figures_keep_no_segment_cut_from_a_tortured_phrase() -> None:
    """The spin table cut "2" -> "nitrogen" from "N2": `unspin suggest 2` said "nitrogen",
    and "2 nations" got "nitrogen nations". Number words it learned for figures stay."""
    assert detector.suggest("2") == []
    assert not any("nitrogen" in s for s in detector.suggest("2 nations"))
    assert detector.suggest("0.5") == ["half"]
    assert detector.suggest("0.33-birthday party")[0] == "third party"


def test_a_phrase_with_a_number_anomaly_gets_it_put_right_first() -> None:
    """The words alone read "1000's" as "1000 s", and the phrase ranker knows no number
    forms: "1000's of people" gave "1000 s of human" first."""
    # ... and no wording keeps the "s" the tokenizer split from the figure ("1000 s of").
    assert detector.suggest("1000's of people") == ["thousands of people"]
    assert detector.suggest("the 2 nations")[0] == "the two nations"
    # A wording that already has the usual form stays first; weak anomalies ("co 2") and
    # phrases without one keep the ranker's order.
    # (Which word "lifeless" was is the phrase ranker's call, and a close one: since it sees
    # scientific word pairs it puts "tens of thousands still" first, "dead" second; on the
    # 128 everyday spun phrases of bench/data it is right as often as before, model card
    # item 211.)
    first, second = detector.suggest("tens of hundreds lifeless")[:2]
    assert first.startswith("tens of thousands ")
    assert "tens of thousands dead" in (first, second)
    assert not any(" two " in f" {s} " for s in detector.suggest("co 2 emissions"))
    assert detector.suggest("3-manner handshaking")[0] == "3-way handshaking"


def test_a_singular_phrase_gets_the_singular_twin_first() -> None:
    """A spinner keeps the number of what it rewrites: "cerebrum network" stands for "neural
    network", whatever the ranker thinks of "neural networks"."""
    from detector.restorer import _singular_twins_first

    ranked = ["neural networks", "brain networks", "neural network", "brain network"]
    assert _singular_twins_first(["cerebrum", "network"], ranked) == [
        "neural network", "neural networks", "brain network", "brain networks"]
    # A plural phrase keeps the ranker's order; so do wordings without a twin.
    assert _singular_twins_first(["cerebrum", "networks"], ranked) == ranked
    assert _singular_twins_first(["x", "y"], ["a strategies", "b"]) == ["a strategies", "b"]


def test_candidate_gains_score_as_the_extractor_does() -> None:
    ev = extract(SPUN)
    assert ev.spans
    for s in ev.spans:
        got = candidate_gains(ev, s.first, s.last, [o.text for o in s.options])
        assert got == pytest.approx(list(s.gains), abs=1e-9)


def test_found_spans_rank_the_detectors_candidates_then_shorter_ones() -> None:
    ev = extract(SPUN)
    s = next(s for s in ev.spans if s.observed == "stated")
    opts, gains, composed = span_candidates(ev, s)
    assert [o.text for o in opts] == [o.text for o in s.options]  # one word: nothing shorter
    assert gains == list(s.gains) and composed == [s.composed] * len(opts)


def test_gains_are_pooled_over_the_places_a_wording_recurs() -> None:
    ev = extract(SPUN, every_span=True)
    stated = [s for s in ev.spans if s.observed == "stated" and claimable(s)]
    assert len(stated) >= 2
    pools = occurrence_gains(ev.spans)
    said = [dict(zip([o.text for o in s.options], s.gains))["said"] for s in stated]
    assert pools["stated"]["said"] == pytest.approx(np.clip(said, -10, 10).mean())
    # Only claimable single spans vote: a wording with none has no pool, and every pool is
    # the mean over exactly those spans.
    voters = [s for s in ev.spans if claimable(s) and not s.composed]
    assert set(pools) == {s.observed for s in voters}
    assert any(not claimable(s) for s in ev.spans)  # the text has spans that must not vote
    for obs, pool in pools.items():
        for text, mean in pool.items():
            gains = [np.clip(g, -10, 10) for s in voters if s.observed == obs
                     for o, g in zip(s.options, s.gains) if o.text == text]
            assert mean == pytest.approx(np.mean(gains))


def test_rank_vectors_carry_pooled_gain_and_shorter_flag() -> None:
    gen = generator()
    opts = gen.options("electric cell") + gen.shorter_options("electric cell")
    x = rank_vectors("electric cell", opts, [1.0, 2.0], [False, False], {"battery": 3.0})
    assert x.shape == (2, len(RANK_FEATURES))
    col = {name: x[:, k].tolist() for k, name in enumerate(RANK_FEATURES)}
    assert col["pooled_gain"] == [3.0, 2.0]  # a candidate without a pool counts its own gain
    assert col["pooled_margin"] == [0.0, -1.0]
    assert col["shorter"] == [0.0, 1.0]
    # The fan-out is the shipped thesaurus's, as the ranker was trained on it.
    shipped = thesaurus.default()
    assert col["fan_out"] == [np.log10(1 + shipped.fan_out(o.text)) for o in opts]
    assert col["fan_out"][1] > 0  # "cell" is an original in the shipped thesaurus


def test_default_extraction_keeps_the_claimable_spans_with_the_same_evidence() -> None:
    """The light path (only claimable spans get every feature) changes nothing downstream."""
    text = SPUN + " In the early years the feline was said to be ill, later on it recovered."
    light, full = extract(text), extract(text, every_span=True)
    want = [(s.first, s.last, s.observed, s.values) for s in full.spans if claimable(s)]
    assert [(s.first, s.last, s.observed, s.values) for s in light.spans] == want
    assert len(light.spans) < len(full.spans)
    for name in ("word_has_span", "word_gain", "word_pmi", "word_lp"):
        assert np.array_equal(getattr(light, name), getattr(full, name)), name


def test_found_phrases_also_rank_the_shorter_wording_inside_them() -> None:
    gen = generator()
    ev = extract("The torch runs on a single electric cell for a week.", gen, every_span=True)
    span = next(s for s in ev.spans if s.observed == "electric cell")
    opts, gains, composed = span_candidates(ev, span, gen)
    assert [o.text for o in opts] == ["battery", "cell"]
    assert gains[0] == span.gains[0]
    assert gains[1] == pytest.approx(candidate_gains(ev, span.first, span.last, ["cell"])[0])
    assert composed == [False, False]


def test_a_candidate_written_elsewhere_in_the_text_is_counted() -> None:
    """Spinners replace a wording everywhere: an original still standing elsewhere in the text
    is less likely, and the ranker sees how often each candidate is written outside the span."""
    from detector.features import extract
    from detector.restorer import written_elsewhere

    ev = extract("The minister stated the talks would go on. Her deputy said the same, and "
                 "officials said nothing else. The minister stated it again.")
    span = next(s for s in ev.spans if s.observed == "stated")
    counts = written_elsewhere(ev, span, span.options)
    assert counts["said"] == 2
    assert all(v == 0 for t, v in counts.items() if t not in {"said"} and t not in ev.text)
    x = rank_vectors(span.observed, span.options, span.gains, False, None, counts)
    col = RANK_FEATURES.index("cand_written")
    said = [o.text for o in span.options].index("said")
    assert x[said, col] == pytest.approx(np.log1p(2))


def test_word_pair_products_match_the_general_product() -> None:
    # Two-word products take a fast path (every adjacent pair of a text asks for them); it
    # must give what the general n-word product gives: texts, priors, flags and order.
    pairs = [("big", "huge", 2.0, 2, "a"), ("large", "huge", 1.0, 1, "a"),
             ("data", "information", 2.0, 1, "n"), ("info", "information", 2.0, 8, "n"),
             ("news", "information", 1.0, 2, "n"), ("great", "huge", 1.0, 3, "a")]
    empty = SpinTable({"entries": {}})
    gen = CandidateGenerator(Thesaurus.from_pairs(pairs), empty, book=empty)
    for words in (["huge", "information"], ["the", "information"], ["huge", "cat"]):
        for limit in (1, 3):
            fast = gen._compose_pair(words[0], words[1], limit)
            general = gen._compose([*words, "the"], limit)  # "the" has no alternatives
            general = [o._replace(text=o.text.rsplit(" ", 1)[0])
                       for o in general if o.text.endswith(" the")]
            assert fast == [o._replace(prior=o.prior / 0.5) for o in general]
    products = [o.text for o in gen.compose(["huge", "information"], 3)]
    assert "big data" in products and "huge information" not in products


def test_fluent_products_reach_deep_candidates_and_skip_function_words() -> None:
    # "field" is listed far below "pasture"'s first candidates; the bigram model finds it.
    pairs = [(w, "pasture", 1.0 - k / 20, 2, "n") for k, w in enumerate(
        ["grass", "grazing", "meadow", "range", "lea", "grassland", "browse", "graze", "field"])]
    pairs += [("of", "magnetic", 5.0, 16, ""), ("attractive", "magnetic", 1.0, 1, "a")]
    empty = SpinTable({"entries": {}})
    gen = CandidateGenerator(Thesaurus.from_pairs(pairs), empty, book=empty)
    assert "magnetic field" not in [o.text for o in gen.compose(["magnetic", "pasture"], 8)]
    fluent = [o.text for o in gen.compose_fluent(["magnetic", "pasture"])]
    assert fluent[0] == "magnetic field"
    assert not any(t.startswith("of ") for t in fluent)  # fluency alone would pick "of"
    assert "magnetic pasture" not in fluent
    # An acronym's letters restrict every product to wordings that spell it.
    spelled = [o.text for o in gen.compose_fluent(["magnetic", "pasture"], letters=["a", "g"])]
    assert spelled and all(t.split()[0] == "attractive" and t.split()[1][0] == "g"
                           for t in spelled)


def test_isolated_suggestions_keep_rewrites_to_function_words_and_drop_lost_content() -> None:
    import detector

    # The phrasebook's rewrite is all function words, and right.
    assert detector.suggest("for the reason that")[0] == "since"
    # A content word is never restored as a function word ("magnetic" -> "of").
    got = detector.suggest("magnetic pasture")
    assert got[0] == "magnetic field"
    assert not any(s.split()[0] in ("of", "the", "a") for s in got)


def test_isolated_phrasebook_wordings_get_the_phrasebooks_original_first() -> None:
    """The phrase ranker learned technical terms from the screener's rows; for an everyday
    wording a spinner writes, the phrasebook's original comes first (model card item 107:
    "a whole bunch of" -> "a total group of", "additionally" -> "item" before)."""
    from pathlib import Path

    import detector

    assert detector.suggest("a whole bunch of")[0] == "hundreds of"
    assert detector.suggest("additionally")[0] == "also"
    assert detector.suggest("As a result of")[0] == "Because"
    assert detector.suggest("so that")[0] == "so"  # a rewrite inside the phrase counts too
    source = Path(__file__).resolve().parent.parent / "corpus" / "phrasebook.tsv"
    rows = [line.rstrip("\n").split("\t") for line in source.open(encoding="utf-8")
            if line.strip() and not line.startswith("#")][1:]
    originals: dict[str, set[str]] = {}
    for original, spun in rows:
        originals.setdefault(spun, set()).add(original)
    wrong = [spun for spun, want in originals.items()
             if not set(detector.suggest(spun)[:1]) & want]
    assert len(wrong) <= 0.1 * len(originals), wrong  # 4 of 149 when written


def test_an_isolated_word_is_ranked_as_an_everyday_word() -> None:
    """One word on its own is ranked by the in-context ranker (model card item 108): the
    phrase ranker, which learned the screener's multiword terms, gave "bank" and "man" for
    "battle" and "nations" for "houses"."""
    import detector

    assert detector.suggest("battle")[0] in {"fight", "war", "conflict", "combat"}
    assert "homes" in detector.suggest("houses")[:3]
    assert detector.suggest("stated")[0] == "said"
    assert detector.suggest("Bosom")[0] == "Breast"  # a tortured word keeps its term's word
    assert detector.suggest("indagation") == ["investigation"]


def test_a_fingerprint_in_the_screeners_query_syntax_stands_for_its_first_phrase() -> None:
    import detector
    from detector.fingerprints import parse_query, tortured_phrase_of

    assert parse_query('"Malignant growth" AND "cancer" NOT "tumour"') == (
        ["Malignant growth", "cancer"], ["tumour"], None)
    assert parse_query('"profound learning"~3') == (["profound learning"], [], 3)
    assert tortured_phrase_of('"malignant growth" AND "cancer"') == "malignant growth"
    assert tortured_phrase_of('"profound learning"~3') == "profound learning"
    # Not a query: capitals "AND" without quotes, or one quoted phrase, stay as written.
    assert tortured_phrase_of("RESEARCH AND DEVELOPMENT") == "RESEARCH AND DEVELOPMENT"
    assert tortured_phrase_of('"final yr"') == '"final yr"'
    assert detector.suggest('"malignant growth" AND "cancer"')[0] == "cancer"
    assert detector.suggest('"irregular woodland" NOT "forest"')[0] == "random forest"


def test_a_number_form_the_words_alone_do_not_show_is_still_suggested() -> None:
    import detector

    # "1000's of" reaches the candidates as "1000 s of", which has none.
    assert detector.suggest("1000's of") == ["thousands of"]
    assert detector.suggest("Nineteen Nineties")[0] == "1990s"


def test_a_possessive_gets_its_words_candidates_with_the_clitic() -> None:
    gen = CandidateGenerator(Thesaurus.from_pairs([
        ("year", "yr", 1.0, 1, "n"), ("last year", "final yr", 1.0, 1, "n"),
    ]))
    # Thesauri list "yr", never "yr's": a spinner swaps the word and keeps the clitic.
    assert [o.text for o in gen.options("yr's")] == ["year's"]
    assert [o.text for o in gen.options("final yr's")] == ["last year's"]
    assert gen.has_phrase("final yr's") and not gen.has_phrase("final yr's own")
    # Contractions of function words are not possessives ("it's" is "it is").
    assert possessive_stem("it's") is None and possessive_stem("let's") is None
    assert possessive_stem("yr's") == "yr" and possessive_stem("'s") is None


def test_possessives_are_found_and_restored_with_the_texts_apostrophe() -> None:
    text = ("Tensions run excessive after final yr’s battle between the two neighbours "
            "over the disputed area.")
    ev = extract(text, every_span=True)
    assert any(s.observed == "final yr's" and s.best_option.text == "last year's"
               for s in ev.spans)
    import detector

    assert detector.suggest("final yr’s")[0] == "last year’s"
    assert "last year’s battle" in detector.restore(text)


@pytest.mark.parametrize(("candidate", "observed", "expected"), [
    ("short term memory", "brief-term memory", "short-term memory"),
    ("long short term memory", "long brief-term memory", "long short-term memory"),
    ("real time", "actual–time", "real–time"),  # the text's en dash, kept
    ("non linear", "non-straight", "non-linear"),
    ("nonlinear", "non-straight", "nonlinear"),  # a different number of words: as it is
    # A candidate with hyphens of its own (a fingerprint's expected phrase) is left alone.
    ("long short-term memory networks", "long brief-term memory network",
     "long short-term memory networks"),
    ("said", "stated", "said"),
])
def test_suggestions_keep_the_texts_hyphens(candidate: str, observed: str,
                                            expected: str) -> None:
    from detector.restorer import keep_hyphens

    assert keep_hyphens(candidate, observed) == expected


def test_case_follows_every_part_of_a_title_case_compound() -> None:
    from detector.restorer import match_case

    assert match_case("short term memory", "Brief-Term Memory") == "Short-Term Memory"
    assert match_case("short term memory", "Brief-term Memory") == "Short-term Memory"
    assert match_case("real time", "ACTUAL-TIME") == "REAL-TIME"
    assert match_case("last year", "Final Yr") == "Last Year"


def test_case_is_kept_word_for_word_when_the_words_line_up() -> None:
    from detector.restorer import match_case

    # A word kept is kept as written: "Un Security Council" before.
    assert match_case("un security council", "UN Safety Council") == "UN Security Council"
    assert match_case("old basque", "antiquated Basque") == "old Basque"
    # An acronym replaced by a word takes a capital only; the sentence start stays.
    assert match_case("computer vision", "PC vision") == "Computer vision"
    assert match_case("last year's", "Final yr’s") == "Last year’s"
    assert match_case("trying to", "Making an attempt to") == "Trying to"


def test_isolated_compounds_are_restored_with_their_hyphen() -> None:
    import detector

    # Spinners swap a compound's parts one by one ("short-term" -> "brief-term"): the
    # restored wording is the compound, not two loose words.
    assert detector.suggest("brief-term memory")[0] == "short-term memory"
    assert detector.suggest("k-implies clustering")[0] == "k-means clustering"


def test_a_known_term_that_rewrites_a_word_left_alone_waits_its_turn() -> None:
    """Isolated phrases: a known term that makes another candidate's changes and one more,
    which no tortured phrase is known to make, is some other term ("brain disease" for
    "heart ailments"); an extra change the spin table knows keeps the term in front."""
    from detector.candidates import default
    from detector.restorer import _needless_changes

    gen = default()
    assert _needless_changes(["heart", "ailments"], "brain disease",
                             ["heart disease", "brain disease"], gen)
    assert not _needless_changes(["heart", "ailments"], "heart disease",
                                 ["heart disease", "brain disease"], gen)
    assert not _needless_changes(["profound", "neural", "organizations"], "deep neural networks",
                                 ["deep neural organizations", "deep neural networks"], gen)


def test_a_known_term_one_word_away_is_a_candidate_of_an_isolated_phrase() -> None:
    """A tortured phrase that keeps all but one word of a known term gets the term, where
    the term's word and the phrase's are linked by a thesaurus entry either way or by their
    stem; a term two words away, or one whose word has nothing to do with the phrase's, is
    no candidate."""
    from detector.restorer import _phrase_options

    # (original, spun): "sack" has the candidate "bag"; "feature" has "highlight".
    thes = Thesaurus.from_pairs([("bag", "sack", 1.0, 1, "n"),
                                 ("highlight", "feature", 1.0, 1, "n")])
    spin = SpinTable({"entries": {}, "terms": [
        "bag of words", "recurrent neural network", "deep neural network", "bag of tricks",
        "feature map", "convolutional layer"]})
    gen = CandidateGenerator(thes, spin, book=SpinTable({"entries": {}}))
    assert [o.text for o in gen.term_completions(["sack", "of", "words"])] == ["bag of words"]
    assert [o.text for o in gen.term_completions(["highlight", "map"])] == ["feature map"]
    assert gen.term_completions(["pouch", "of", "words"]) == []
    assert [o.text for o in gen.term_completions(["recurring", "neural", "network"])] == [
        "recurrent neural network"]
    assert gen.term_completions(["profound", "neural", "network"]) == []  # no link to "deep"
    assert gen.term_completions(["sack", "of", "tricksters"]) == []  # two words away
    assert gen.term_completions(["layer"]) == []
    texts = [o.text for o in _phrase_options(gen, ["recurring", "neural", "network"])[0]]
    assert "recurrent neural network" in texts


def test_the_only_known_term_one_word_away_goes_second() -> None:
    """A known term that alone fits an isolated phrase with one word open is offered second,
    linked to the phrase's word or not ("idle" for "latent"); where two terms fit, neither
    is."""
    thes = Thesaurus.from_pairs([("unused", "idle", 1.0, 1, "a")])
    spin = SpinTable({"entries": {}, "terms": [
        "latent dirichlet allocation", "deep neural network", "recurrent neural network"]})
    gen = CandidateGenerator(thes, spin, book=SpinTable({"entries": {}}))
    assert gen.lone_terms(["idle", "dirichlet", "allocation"]) == ["latent dirichlet allocation"]
    assert gen.lone_terms(["profound", "neural", "network"]) == []
    assert gen.lone_terms(["latent", "dirichlet", "allocation"]) == []  # the term itself
    from detector.restorer import suggest

    out = suggest("idle dirichlet allocation", generator=gen)
    assert out[:2] == ["unused dirichlet allocation", "latent dirichlet allocation"]
    assert suggest("Idle Dirichlet Allocation (LDA)", generator=gen)[1] == (
        "Latent Dirichlet Allocation (LDA)")


def _paper_mill_generator() -> CandidateGenerator:
    from types import SimpleNamespace

    from detector.fingerprints import learn_spin_table

    rows = [
        SimpleNamespace(phrase="neural organization", expected="neural network", papers=5),
        SimpleNamespace(phrase="sensor organization", expected="sensor network", papers=1),
        SimpleNamespace(phrase="excessive benchmark", expected="stress test", papers=9),
    ]
    spin = SpinTable(learn_spin_table(rows, related=lambda a, b: False))
    return CandidateGenerator(generator().thes, spin, book=SpinTable({"entries": {}}))


def test_one_terms_swap_counts_only_beside_its_term() -> None:
    from detector.candidates import Option
    from detector.restorer import is_lone_term_swap, lone_term_swaps_last
    from detector.thesaurus import PPS, WORDNET

    gen = _paper_mill_generator()
    stress = Option("stress", 1.0, PPS)
    # "tensions run excessive after": no term in sight, so "stress" is no synonym.
    assert is_lone_term_swap("excessive", stress, "run", "after", gen)
    # Beside a word of its term, as written or as tortured phrases write it.
    assert not is_lone_term_swap("excessive", stress, "run", "test", gen)
    assert not is_lone_term_swap("excessive", stress, None, "benchmark", gen)
    # A swap that recurs across terms is a spinner's dictionary entry; a thesaurus link
    # makes any pair a synonym.
    assert not is_lone_term_swap("organization", Option("network", 1.0, PPS), "the", "of", gen)
    assert not is_lone_term_swap("excessive", Option("stress", 1.0, PPS | WORDNET), "run",
                                 "after", gen)
    options = [stress, Option("high", 0.5, WORDNET), Option("great", 0.2, WORDNET)]
    assert lone_term_swaps_last(["stress", "great", "high"], options, "excessive", "run",
                                "after", gen) == ["great", "high", "stress"]
    assert lone_term_swaps_last(["stress", "great"], options, "excessive", "run", "test",
                                gen) == ["stress", "great"]


def test_in_context_a_lone_term_swap_goes_last_unless_tortured_phrases_are_there() -> None:
    import detector

    # The shipped spin table has "excessive" -> "stress" from "excessive benchmark" alone.
    plain = detector.suggest("excessive", "Tensions have run excessive after the attack.")
    assert len(plain) == 5 and "stress" not in plain
    # A paper mill's text: its spinner's swaps are the spin table's, one term's included.
    mill = detector.suggest("excessive", "Counterfeit consciousness is everywhere. Tensions "
                            "have run excessive after the attack.")
    assert "stress" in mill


def test_in_context_a_phrase_keeps_its_known_originals_first() -> None:
    """A context used to cost a tortured phrase what the tables know of it: in a paper's
    sentence "profound learning" came out "important information" and "colossal
    information" "great experience" (bench/suggest_context.py: PPS rows 0.428 with a context
    against 0.954 without)."""
    import detector

    for phrase, original in [("profound learning", "deep learning"),
                             ("colossal information", "big data"),
                             ("irregular woodland", "random forest"),
                             ("counterfeit consciousness", "artificial intelligence")]:
        context = f"In this paper we apply {phrase} to the collected data."
        assert detector.suggest(phrase, context)[0] == detector.suggest(phrase)[0] == original
    # A single word is still judged in place only.
    assert detector.suggest("Safety", "on the agenda of the UN Safety Council")[0] == "Security"


def test_vulgar_words_and_slurs_are_never_suggested() -> None:
    import detector
    from detector.offensive import OFFENSIVE_WORDS, offensive

    # Moby lists "tits" and "titties" for "bosoms"; the first suggestion was "titties".
    for phrase in ("bosoms", "bosom", "big breasts", "rooster", "faggot"):
        got = detector.suggest(phrase)
        assert got, phrase
        assert not any(offensive(s) for s in got), (phrase, got)
    assert detector.suggest("bosoms")[0] != "titties"
    assert offensive("big tits") and offensive("Tits") and not offensive("titmouse")
    assert "butt" not in OFFENSIVE_WORDS and "half-breed" not in OFFENSIVE_WORDS
    # Nor in a finding of a spun medical abstract, whatever the evidence read.
    report = detector.analyze(
        "Bosom disease is the most common malignant growth in women, and thick bosoms make "
        "it harder to see on mammography. We enrolled women with thick bosoms at four "
        "hospitals and compared the bogus positive rate of ultrasound and mammography.")
    assert not any(offensive(s) for f in report.findings for s in f.suggestions)


def test_a_tortured_phrase_in_the_plural_is_restored_in_the_plural() -> None:
    import detector

    # The screener's list and the spin table hold phrases in the singular.
    assert detector.suggest("irregular woodlands")[0] == "random forests"
    assert detector.suggest("malignant growths")[0] == "cancers"
    assert detector.suggest("irregular woodland")[0] == "random forest"
    report = detector.analyze(
        "We trained irregular woodlands and profound neural organizations on the images.")
    found = {f.text: (f.rule, f.suggestions[0]) for f in report.findings}
    assert found["irregular woodlands"] == ("tortured-phrase", "random forests")
    assert found["profound neural organizations"] == ("tortured-phrase", "deep neural networks")


def test_a_known_term_written_whole_holds_no_substitution() -> None:
    import detector
    from detector import analyzer

    text = ("We trained irregular woodlands and support vector machines on the data, and the "
            "malignant growths were detected by the profound neural organizations in most of "
            "the cases we studied.")
    found = {f.text for f in detector.analyze(text).findings}
    assert "irregular woodlands" in found and "profound neural organizations" in found
    # "vector machines" was reported, as a substitution for "support machine".
    assert not any("vector" in f for f in found), found
    terms = analyzer._protected_terms()
    assert "support vector machine" in terms and "random forest" in terms
    # The list's rarest rows expect everyday wordings a spinner also writes.
    assert "final result" not in terms


def test_a_spin_table_phrase_in_the_plural_has_the_plural_originals() -> None:
    import detector
    from detector.candidates import default

    gen = default()
    assert gen.options("malignant growth")[0].text == "cancer"
    assert gen.options("malignant growths")[0].text == "cancers"
    assert gen.has_phrase("malignant growths") and not gen.has_phrase("malignant growthss")
    report = detector.analyze(
        "Mammography alone detected 31 malignant growths in the thick bosoms of the women "
        "screened, and the bogus positive rate rose.")
    found = {f.text: f.suggestions for f in report.findings}
    # The listed phrase's originals, not its word-by-word product's ("cancer increases").
    assert found["malignant growths"][0] == "cancers"


def test_restore_writes_no_screeners_note_and_no_doubled_article() -> None:
    """Model card item 146: "area unit" (listed for "are", with "square measure") was
    restored to the screener's note with its web address, and "the cloud stage" to "the the
    cloud platform"."""
    import detector
    from detector import articles

    text = ("The results area unit shown in the square measure table, and the values area "
            "unit stored.")
    assert detector.restore(text) == (
        "The results are shown in the square measure table, and the values are stored.")
    t = "We are in the cloud stage of the migration."
    i = t.index("cloud stage")
    assert articles.put_back(t, [(i, i + 11, "the cloud platform", 0)]) == (
        "We are in the cloud platform of the migration.")
    t = "We computed the earlier likelihood."
    i = t.index("earlier likelihood")
    assert articles.put_back(t, [(i, i + 18, "a priori probability", 0)]) == (
        "We computed the a priori probability.")


def test_restore_keeps_a_wrapped_wordings_line_break() -> None:
    """A finding across a line break was restored on one line, joining the lines (model
    card item 148); a wording of another length takes the plain space."""
    from detector import articles

    t = "We used counterfeit\n  consciousness here."
    i, j = t.index("counterfeit"), t.index("consciousness") + len("consciousness")
    assert articles.put_back(t, [(i, j, "artificial intelligence", 0)]) == (
        "We used artificial\n  intelligence here.")
    assert articles.put_back(t, [(i, j, "AI", 0)]) == "We used AI here."
