"""The phrasebook: spinners' word <-> phrase rewrites that no shipped thesaurus holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import build_phrasebook
from detector import fingerprints
from detector.candidates import CandidateGenerator
from detector.thesaurus import PHRASEBOOK

MODELS = Path(__file__).resolve().parent.parent / "models"


def test_source_file_parses_into_pairs() -> None:
    pairs = build_phrasebook.read_pairs()
    assert len(pairs) >= 60
    assert ("since", "for the reason that") in pairs
    assert all(o == o.lower() and s == s.lower() and o != s for o, s in pairs)


def test_now_not_is_restored_as_no_longer() -> None:
    """A spinner's rewrite keeps the sense: "now not" is its "no longer". Until v7 the file
    paired it with "now", and `unspin suggest "now not"` gave "now", the opposite, first."""
    import detector

    pairs = build_phrasebook.read_pairs()
    assert ("no longer", "now not") in pairs and ("now", "now not") not in pairs
    assert detector.suggest("now not")[0] == "no longer"


def test_blocks_can_be_read_up_to_one(tmp_path: Path) -> None:
    book = tmp_path / "book.tsv"
    book.write_text("# header\noriginal\tspun\nsince\tfor the reason that\n"
                    "# v2: more\nalso\tadditionally\n# v3: yet more\nparents\tdad and mom\n",
                    encoding="utf-8")
    assert build_phrasebook.read_pairs(book, max_block=1) == [("since", "for the reason that")]
    assert build_phrasebook.read_pairs(book, max_block=2)[-1] == ("also", "additionally")
    assert len(build_phrasebook.read_pairs(book)) == 3


def test_the_simulator_writes_the_blocks_the_shipped_models_were_trained_on() -> None:
    """The detector knows the news spinners' content-word block; the corpus's phrase
    profile does not write it (model card, item 67)."""
    from corpus import spinner

    simulated = {(o, s) for o, spuns in spinner.HAND_PHRASES.items() for s in spuns}
    assert ("since", "for the reason that") in simulated
    assert ("parents", "dad and mom") not in simulated
    assert ("parents", "dad and mom") in build_phrasebook.read_pairs()
    shipped = json.loads((MODELS / "phrasebook.json").read_text(encoding="utf-8"))
    assert shipped["entries"]["dad and mom"] == [["parents", 1.0]]


def test_malformed_source_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "book.tsv"
    bad.write_text("# header\noriginal\tspun\nsince\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"book\.tsv:3"):
        build_phrasebook.read_pairs(bad)


def test_inversion_lists_single_word_spins_both_ways() -> None:
    entries = build_phrasebook.entries([("since", "for the reason that"), ("in order to", "so")])
    assert entries["for the reason that"] == [["since", 1.0]]
    assert entries["so"] == [["in order to", 1.0]]
    # A one-word spin of a phrase is used both ways by the simulator's phrase profile.
    assert entries["in order to"] == [["so", 1.0]]
    assert "since" not in entries


def test_shipped_artifact_is_a_fresh_build_of_the_source(tmp_path: Path) -> None:
    build_phrasebook.build(tmp_path)
    fresh = json.loads((tmp_path / build_phrasebook.FILENAME).read_text(encoding="utf-8"))
    shipped = json.loads((MODELS / build_phrasebook.FILENAME).read_text(encoding="utf-8"))
    assert shipped == fresh, "models/phrasebook.json is stale: python -m corpus.build_phrasebook"


def test_loaded_phrasebook_gives_originals_with_their_own_flag() -> None:
    book = fingerprints.default_phrasebook()
    (cand,) = book.sources_of("for the reason that")
    assert cand.text == "since" and cand.flags == PHRASEBOOK and cand.sources == ("phrasebook",)
    assert book.sources_of("hundreds of") and not book.sources_of("hundreds")


def test_generator_proposes_phrasebook_originals() -> None:
    gen = CandidateGenerator()
    assert gen.max_phrase_words("for") >= 4 and gen.has_phrase("for the reason that")
    opts = gen.options("a whole bunch of")
    assert opts[0].text == "hundreds of" and opts[0].flags & PHRASEBOOK
    # Sources merge: "stated" -> "said" is in the thesaurus and the phrasebook.
    said = next(o for o in gen.options("stated") if o.text == "said")
    assert said.flags & PHRASEBOOK and said.flags & ~PHRASEBOOK


def test_a_phrasebook_wording_ending_in_a_particle_is_claimable() -> None:
    # Phrasal verbs ("sort out") never count as substitutions on their own; the phrasebook's
    # "with out" and "discover out" are a spinner's, not phrasal verbs.
    from detector.analyzer import evidence
    from detector.features import claimable

    ev = evidence("They sat securely with out pressing too hard. We will discover out soon.")
    claimed = {s.observed for s in ev.spans if claimable(s)}
    assert {"with out", "discover out"} <= claimed
    ev = evidence("Sort out the boxes and then carry them out to the van.")
    assert not any(s.observed.endswith(" out") for s in ev.spans if claimable(s))
    # Where the particle goes on into a phrase of its own, the wording is ordinary English.
    for text in ("We'll decide up front how much to spend.", "Decide up to which point.",
                 "What you discover out there is yours.", "She came with out of town guests."):
        assert not [s.observed for s in evidence(text).spans if claimable(s)
                    and s.observed.split(" ")[-1] in ("up", "out")], text


def test_the_place_is_a_spinners_where_only_before_a_clause() -> None:
    # The phrasebook's "the place" for "where": a clause follows a spinner's; the noun phrase
    # of natural writing ends a clause or goes on into a phrase of its own.
    from detector.analyzer import evidence

    spun = evidence("She went back to the town the place she grew up and found it changed.")
    assert any(s.observed == "the place" and s.options[s.best].text == "where"
               for s in spun.spans)
    for text in ("Some kittens strut out of the carrier like they own the place; others hide.",
                 "Toys were scattered all over the place.", "It is the place to be this summer.",
                 "He took the place of his brother.", "This is the place where we met."):
        assert not [s for s in evidence(text).spans if s.observed == "the place"], text


def test_a_claimed_phrasebook_rendering_is_reported_whole() -> None:
    import detector

    text = ("The supreme courtroom on Tuesday upheld the ruling, and legislation enforcement "
            "officers stated they might examine the case additional. Well being officers warned "
            "that excessive blood stress and a poor eating regimen stay the main causes of "
            "coronary heart assault. Shares on the inventory market fell after the central "
            "financial institution raised charges, whereas the overseas minister stated the "
            "nation would fulfill its targets on greenhouse gasoline emissions.")
    found = {f.text: f.suggestions[0] for f in detector.analyze(text).findings}
    assert found["supreme courtroom"] == "supreme court"  # not "supreme" -> "ultimate"
    assert found["coronary heart assault"] == "heart attack"
    assert found["inventory market"] == "stock market"
    assert found["central financial institution"] == "central bank"
    assert not {"supreme", "courtroom", "assault"} & set(found)


def test_a_homograph_is_found_in_spun_company_and_makes_none() -> None:
    # "right this moment" is a spinner's "today" and a parent's "now": in company made by
    # other evidence it is reported; on its own, repeated, it makes no spun company.
    import json
    from pathlib import Path

    import detector

    cases = Path(__file__).parent / "cases"
    spun = next(json.loads(line) for line in (cases / "must_flag.jsonl").open()
                if json.loads(line)["id"] == "f-seo-plumber-heavy")
    assert "right this moment" in {f.text for f in detector.analyze(spun["text"]).findings}
    natural = ("Right this moment, my four-year-old is lying on the hall floor because her "
               "socks feel wrong. Right this moment, the baby is eating a crayon. And right "
               "this moment, Dad and Mom (that's us) are hiding in the kitchen with cold tea. "
               "If you are reading this right this moment with a toddler attached to your leg, "
               "welcome. Right this moment is all any of us can manage, so let's talk about it.")
    report = detector.analyze(natural)
    assert not report.findings and report.label == "natural"
