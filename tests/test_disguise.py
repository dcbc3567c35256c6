"""Words disguised with lookalike letters or invisible characters (detector/disguise.py) and
how the analyser reports and restores them."""

from __future__ import annotations

import json

import pytest

import detector
from detector import disguise
from detector.analyzer import DISGUISE_SCORE, DISGUISED, DISGUISED_WORDS_NEEDED

CYRILLIC = str.maketrans({"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440",
                          "c": "\u0441"})
ZWSP = "\u200b"

SPUN = (
    "Officials stated on Thursday that the brand new bridge can be opened to site visitors "
    "subsequent month, after engineers completed a final spherical of security checks. The "
    "mission, which price round 40 million kilos, was delayed for nearly a yr by flooding "
    "and a scarcity of metal. Residents who reside close to the river have complained in "
    "regards to the noise for months, however most stated they had been relieved that the "
    "work was lastly over. A spokesman for the council stated the outdated crossing would "
    "keep open for pedestrians and cyclists."
)
NATURAL = (
    "The city council voted on Tuesday to close the old harbour bridge to heavy lorries from "
    "next month, after engineers warned that corrosion in two of its supports had become "
    "worse than expected. Local businesses said they were worried about longer delivery "
    "times, and a spokesman for the chamber of commerce said members had been trying to plan "
    "new routes since the first warnings in the spring."
)


def disguised(text: str, every: int = 3) -> str:
    """``text`` with every ``every``-th word disguised: Cyrillic letters where it has a letter
    to swap, else a zero-width space after its first letter."""
    words = text.split(" ")
    for k in range(0, len(words), every):
        w = words[k]
        swapped = w.translate(CYRILLIC)
        words[k] = swapped if swapped != w else (w[:1] + ZWSP + w[1:] if len(w) > 2 else w)
    return " ".join(words)


# ------------------------------------------------------------------ finding the words


@pytest.mark.parametrize("text, plain", [
    ("L\u0430st", "Last"),                      # Cyrillic a in a Latin word
    ("\u0422h\u0435", "The"),                   # Cyrillic T and e
    ("re\u200bsult", "result"),                 # zero-width space between letters
    ("wo\u200crk", "work"),                     # zero-width non-joiner
    ("\u039fnly", "Only"),                      # Greek capital omicron, an English word
    ("K\u0430lb\u0430j\u0430r", "Kalbajar"),    # a name: Cyrillic mixed in is a disguise
    ("\uff4eew", "new"),                        # a fullwidth letter
    ("year'\u0455", "year's"),                  # an English clitic in lookalikes
])
def test_disguised_words_are_found_with_their_plain_spelling(text: str, plain: str) -> None:
    (d,) = disguise.find(f"They said that {text} was fine.")
    assert d.plain == plain
    assert f"They said that {text} was fine."[d.start : d.end] == text
    assert d.characters and all(c.startswith("U+") for c in d.characters)


def test_a_word_in_lookalikes_alone_is_a_disguise_between_latin_words() -> None:
    (d,) = disguise.find("They \u0441\u043e\u0440\u0435 well.")
    assert d.plain == "cope"
    # The same word among Russian ones is Russian.
    assert disguise.find("\u041c\u044b \u0441\u043e\u0440\u0435 \u0434\u043e\u043c.") == []


@pytest.mark.parametrize("text", [
    "Activation of NF-\u03baB and TNF-\u03b1 was measured; A\u03b242 and ER\u03b1 too.",
    "Filtered through a 0.22 \u03bcm filter at 25 \u03bfC.",          # omicron for a degree
    "The name is pronounced /\u02c8\u0251\u02d0rdm\u0254\u02d0r/ with a hard \u0261.",  # IPA
    "The Armenian letters \u0585 (o) and \u0586 (f) were added.",       # a letter cited
    "Russians sigh \"\u043e\u0445\" where we would say oh.",           # a short Russian word
    "The sign said \u00ab\u0414\u043e\u0431\u0440\u043e \u043f\u043e\u0436\u0430\u043b\u043e"
    "\u0432\u0430\u0442\u044c\u00bb in red.",                          # a Russian quotation
    "\u0421\u043b\u043e\u0432\u043e \u0441\u043e\u0440 \u0438 \u0445\u043e\u0440.",  # Russian
    "We bought \u043co\u043b\u043e\u043a\u043e at the market.",       # a Latin o in Russian
    "\u0417\u0430\u043f\u0443\u0441\u0442\u0438\u0442\u0435 worker'\u0430 \u0438 "
    "GitHub\u2019\u0435.",                                           # Russian case endings
    "Great work \U0001f469\u200d\U0001f4bb and thanks!",                # an emoji sequence
    "\ufeffThe file starts with a byte-order mark.",
    "Follow @\u200bjohn on the forum.",                                 # beside an @
    "An extra\u00adordinary hyphenation hint.",                         # a soft hyphen
    "A run " + "abc\u0430" * 20 + " is no word.",                      # past MAX_LETTERS
])
def test_notation_other_scripts_and_legitimate_invisibles_are_not_disguises(text: str) -> None:
    assert disguise.find(text) == []


def test_fold_keeps_the_length_and_reads_the_words_plainly() -> None:
    text = "Th\u0435 re\u200bsult was extra\u00adordinary, \u200bsaid \u043e\u0445."
    folded = disguise.fold(text)
    assert len(folded) == len(text)
    assert folded == "The re\u2060sult was extra\u2060ordinary,  said \u043e\u0445."
    from detector.tokens import tokenize

    assert [t.norm for t in tokenize(folded) if t.is_word][:4] == [
        "the", "result", "was", "extraordinary"]


def test_text_without_suspect_characters_is_returned_as_is() -> None:
    text = "Plain ASCII text, and caf\u00e9 na\u00efve too."
    assert disguise.unmask(text) == (text, [])
    assert disguise.fold(text) is text


# ------------------------------------------------------------------ the analyser


def test_disguised_spun_text_is_read_as_written_plainly() -> None:
    plain = detector.analyze(SPUN)
    hidden = detector.analyze(disguised(SPUN))
    assert hidden.label == "spun"
    wording = [(f.start, f.suggestions[:1]) for f in hidden.findings if f.rule != DISGUISED]
    assert len(wording) >= 0.8 * len(plain.findings)
    # Findings quote the text as written; a wording finding over a disguised word says so.
    text = disguised(SPUN)
    for f in hidden.findings:
        assert f.text == text[f.start : f.end]
    assert any(dict(f.evidence).get("disguised_by") for f in hidden.findings
               if f.rule != DISGUISED)


def test_findings_quote_soft_hyphens_as_written() -> None:
    # Soft hyphens are no disguise, but the analyser reads them folded (U+2060); a finding
    # over such a word still quotes the text, once printed "extra\u2060ordinary".
    text = " ".join(w[:3] + "\u00ad" + w[3:] if len(w) > 7 else w for w in SPUN.split(" "))
    report = detector.analyze(text)
    assert any("\u00ad" in f.text for f in report.findings)
    for f in report.findings:
        assert f.text == text[f.start : f.end]


def test_each_disguised_word_is_a_finding_with_its_plain_spelling() -> None:
    text = disguised(NATURAL)
    r = detector.analyze(text)
    found = [f for f in r.findings if f.rule == DISGUISED]
    assert len(found) >= DISGUISED_WORDS_NEEDED
    for f in found:
        assert f.score == DISGUISE_SCORE
        assert f.suggestions == (disguise.plain(f.text),)
        assert "U+" in dict(f.evidence)["disguised_by"]
    # Disguised on purpose: the text and its passage are labelled so.
    assert r.label == "spun" and r.probability >= DISGUISE_SCORE
    assert all(p.label == "spun" for p in r.passages)
    assert [f for f in r.findings if f.rule != DISGUISED] == []


def test_a_slip_or_two_is_reported_but_labels_nothing() -> None:
    text = NATURAL.replace("harbour", "h\u0430rbour").replace("spring", "spri\u200bng")
    r = detector.analyze(text)
    assert [f.suggestions[0] for f in r.findings] == ["harbour", "spring"]
    assert r.label == "natural"
    assert all(p.label == "natural" for p in r.passages)
    assert all(s.label == "natural" for s in r.sentences)
    assert r.probability == pytest.approx(detector.analyze(NATURAL).probability)


def test_quoted_lookalike_names_are_reported_but_label_nothing() -> None:
    """A security advisory quotes the lookalike names it warns of (model card item 149):
    each is a finding, none makes the text disguised on purpose; the same words unquoted in
    running text still do."""
    names = ["\u0430cme", "gl\u043ebex", "\u0440aypal", "micr\u043esoft", "\u0430pple"]
    quoted = ("Attackers registered workspaces named " + ", ".join(f'"{n}"' for n in names)
              + ", which render exactly like the real companies' names in most fonts.")
    r = detector.analyze(quoted)
    assert [f.text for f in r.findings if f.rule == DISGUISED] == names
    assert r.label == "natural"
    plain = ("Attackers registered workspaces named " + " and ".join(names)
             + ", which render exactly like the real companies' names in most fonts.")
    assert detector.analyze(plain).label == "spun"


def test_a_text_naming_the_trick_reports_its_lookalikes_but_is_not_disguised() -> None:
    """A security warning that shows lookalike domains as they were sent, unquoted, and names
    the trick (model card item 178): its words are findings, the text is not disguised."""
    names = ["\u0440aypal", "\u0430pple", "micr\u043esoft", "g\u043e\u043egle"]
    words = " and ".join(f"{n}-login.com" for n in names)
    for warning in ("This is an IDN homograph attack.", "Homoglyphs fool the eye.",
                    "Browsers show such domains in punycode.",
                    "The links use lookalike letters from another script."):
        r = detector.analyze(f"Phishing mails this week linked to {words}. {warning}")
        assert [f.text for f in r.findings if f.rule == DISGUISED] == names
        assert r.label == "natural", warning
    assert detector.analyze(f"Phishing mails this week linked to {words}.").label == "spun"
    # restore leaves the warning's lookalikes as they were sent (model card item 186), and
    # quoted ones; a text that only disguises is spelled plainly.
    warning = f"Phishing mails this week linked to {words}. This is a homograph attack."
    assert detector.restore(warning) == warning
    quoted = "Attackers registered \"\u0430cme\" and \"gl\u043ebex\" as workspaces."
    assert detector.restore(quoted) == quoted
    assert detector.restore(f"Phishing mails this week linked to {words}.") == (
        "Phishing mails this week linked to "
        + " and ".join(f"{n}-login.com" for n in ("paypal", "apple", "microsoft", "google"))
        + ".")


def test_ignoring_the_rule_leaves_the_models_verdict() -> None:
    r = detector.analyze(disguised(NATURAL), ignore=[DISGUISED])
    assert r.findings == () and r.label == "natural"


def test_restore_spells_every_disguised_word_plainly_and_is_idempotent() -> None:
    text = disguised(SPUN)
    restored = detector.restore(text)
    assert not any(c in disguise.LOOKALIKES or c in disguise.INVISIBLE for c in restored)
    assert detector.restore(restored) == restored
    assert "said" in restored


def test_a_disguised_text_reports_valid_json() -> None:
    from detector.report import SCHEMA_VERSION

    r = detector.analyze(disguised(SPUN))
    d = json.loads(json.dumps(r.to_dict()))
    assert d["schema"] == SCHEMA_VERSION
    assert {f["rule"] for f in d["findings"]} >= {DISGUISED, "substitution"}


def test_a_few_slips_in_a_long_text_label_nothing() -> None:
    from detector.analyzer import DISGUISED_SHARE_NEEDED

    long_text = "\n\n".join([NATURAL] * 40)  # ~2,400 words
    words = len(long_text.split())
    slips = int(DISGUISED_SHARE_NEEDED * words)  # one fewer than needed, and 3 or more
    assert slips >= DISGUISED_WORDS_NEEDED
    text = long_text.replace("harbour", "h\u0430rbour", slips)
    r = detector.analyze(text)
    assert sum(f.rule == DISGUISED for f in r.findings) == slips
    assert r.label == "natural" and all(p.label == "natural" for p in r.passages)
    text = long_text.replace("harbour", "h\u0430rbour", slips + 2)
    assert detector.analyze(text).label == "spun"


@pytest.mark.parametrize("text", [
    # Adversarial probe of the rule (model card item 171): genuine writing with other
    # scripts and invisible characters on purpose.
    "Ukrainians called the movement \u0420\u0443\u0445, the word for movement, and the name stuck.",
    "Asked to join, the government answered with a single word, \u039f\u03a7\u0399, on 28 October.",
    "Moscow objected at the \u041e\u041e\u041d and warned \u041d\u0410\u0422\u041e again.",
    "Please send the signed order by \uff26\uff21\uff38 or email before the end of "
    "\uff2e\uff2f\uff36\uff25\uff2d\uff22\uff25\uff32.",
    "For x = cos\u2061t we have a\u2062t as the second term of the expansion.",
    "The chief\u200cly German term Auf\u200clage is set without the ligature.",
    "Use the Data\u200bSet and Check\u200bBox classes for the new dialog.",
    "The word \u0441\u043e\u0440 means rubbish and \u0441\u0430\u0440 is a month in Mongolian.",
    "Subscribers of \u041c\u0422\u0421's network rose again in the third quarter.",
])
def test_scripts_and_invisibles_used_on_purpose_are_no_disguise(text: str) -> None:
    assert disguise.find(text) == []
