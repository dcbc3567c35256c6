"""Number and word-form anomalies (detector/numbers.py)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.numbers import (
    NumberAnomaly,
    find_anomalies,
    number_to_words,
    number_value,
    ordinal_to_words,
    ordinal_value,
    words_to_number,
)
from detector.tokens import tokenize


def anomalies(text: str) -> list[tuple[str, str, str, float]]:
    """(span text, canonical, kind, strength) for each anomaly in ``text``."""
    toks = tokenize(text)
    out = []
    for a in find_anomalies(toks):
        assert text[a.start : a.end] == text[toks[a.first_token].start : toks[a.last_token].end]
        out.append((text[a.start : a.end], a.canonical, a.kind, a.strength))
    return out


# ----------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("Nineteen Nineties", "1990s"),
        ("nineteen-eighties", "1980s"),
        ("nineteen ninety-five", "1995"),
        ("Nineteen Eighty Four", "1984"),
        ("eighteen oh six", "1806"),
        ("nineteen hundred and five", "1905"),
        ("twenty twelve", "2012"),
        ("ten sixty-six", "1066"),
        ("twenty first century", "21st century"),
        ("twenty-first century", "21st century"),
        ("nineteenth century", "19th century"),
        ("six thousand", "6,000"),
        ("one hundred and five", "105"),
        ("a million", "1,000,000"),
        ("two", "2"),
        ("twenty-one", "21"),
        ("three million four hundred thousand", "3,400,000"),
        ("first", "1st"),
        ("twenty-second", "22nd"),
        ("hundredth", "100th"),
        ("nineteen hundreds", "1900s"),
        ("two thousands", "2000s"),
        ("nineties", "90s"),
        ("banana", None),
        ("", None),
        ("two three", None),
    ],
)
def test_number_value(words: str, value: str | None) -> None:
    assert number_value(words) == value


def test_number_value_accepts_word_lists_and_tokens() -> None:
    assert number_value(["nineteen", "-", "ninety", "-", "five"]) == "1995"
    assert number_value(tokenize("Nineteen-Nineties")) == "1990s"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("six thousand", 6000),
        ("one hundred and five", 105),
        ("a hundred", 100),
        ("nine hundred ninety-nine thousand nine hundred ninety-nine", 999_999),
        ("two million and six", 2_000_006),
        ("zero", 0),
        ("thousand thousand", None),
        ("nineteen ninety", None),
        ("five four", None),
        ("and five", None),
    ],
)
def test_words_to_number(words: str, value: int | None) -> None:
    assert words_to_number(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("first", 1), ("twenty first", 21), ("3rd", 3), ("11th", 11), ("3th", None),
     ("one hundredth", 100), ("fortieth", 40), ("blue", None)],
)
def test_ordinal_value(words: str, value: int | None) -> None:
    assert ordinal_value(words) == value


def test_number_to_words() -> None:
    assert number_to_words(2) == "two"
    assert number_to_words(21) == "twenty-one"
    assert number_to_words(105) == "one hundred five"
    assert number_to_words(6000) == "six thousand"
    assert ordinal_to_words(1) == "first"
    assert ordinal_to_words(21) == "twenty-first"
    assert ordinal_to_words(100) == "one hundredth"
    assert ordinal_to_words(103) == "one hundred third"


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_spelling_round_trips(n: int) -> None:
    assert words_to_number(number_to_words(n)) == n


@given(st.integers(min_value=1, max_value=10**6))
def test_ordinal_round_trips(n: int) -> None:
    assert ordinal_value(ordinal_to_words(n)) == n


# ----------------------------------------------------------------------------- anomalies

FLAG = [
    # (text, span, canonical, kind, minimum strength)
    ("Growth was strong in the Nineteen Nineties across Europe.", "Nineteen Nineties", "1990s",
     "decade-words", 0.8),
    ("Prices fell during the nineteen eighties and rose again.", "nineteen eighties", "1980s",
     "decade-words", 0.5),
    ("The fashion of the Nineteen Hundreds was formal.", "Nineteen Hundreds", "1900s",
     "decade-words", 0.5),
    ("The firm was founded in Nineteen Ninety Five by two brothers.", "Nineteen Ninety Five",
     "1995", "year-words", 0.5),
    ("Officials said the 2 nations would meet again.", "2", "two", "small-digit", 0.7),
    ("The 2 agreed to resume talks on Monday.", "The 2", "The two", "small-digit", 0.6),
    ("The 2 “agreed that the situation should be settled.”", "The 2", "The two",
     "small-digit", 0.6),
    ("A truce was agreed between the 2 sides after the talks.", "2", "two", "small-digit", 0.7),
    ("Both leaders met the 3 ministers in private.", "3", "three", "small-digit", 0.7),
    ("Police said the 2 of them had left before dawn.", "2", "two", "small-digit", 0.6),
    ("4 men were later charged with theft.", "4", "Four", "small-digit", 0.4),
    ("Tens of hundreds of people joined the march.", "Tens of hundreds", "Tens of thousands",
     "magnitude-idiom", 0.8),
    ("The storm left hundreds of hundreds of homes without power.", "hundreds of hundreds",
     "hundreds of thousands", "magnitude-idiom", 0.8),
    ("The scheme cost a whole bunch of hundreds of pounds.", "a whole bunch of hundreds",
     "hundreds of thousands", "magnitude-idiom", 0.85),
    ("It is one of many three countries to sign the pact.", "one of many", "one of the",
     "number-phrase", 0.85),
    ("It was one of many best seasons the club ever had.", "one of many", "one of the",
     "number-phrase", 0.85),
    ("Profits rose sharply final yr, the company said.", "final yr", "last year",
     "abbreviation", 0.8),
    ("Sales are expected to double subsequent yr.", "subsequent yr", "next year",
     "abbreviation", 0.8),
    # A possessive keeps the text's apostrophe.
    ("Tensions run high after final yr’s battle.", "final yr’s", "last year’s",
     "abbreviation", 0.8),
    ("The plan follows final yr's vote.", "final yr's", "last year's", "abbreviation", 0.8),
    ("It was the 1st time the team had won away.", "1st", "first", "ordinal-digit", 0.3),
    # A number in the sentence before does not make a placing of it.
    ("The thieves took watches worth £250,000. A 3rd suspect drove the car.", "3rd", "third",
     "ordinal-digit", 0.3),
    ("The plant opened a yr ago.", "yr", "year", "abbreviation", 0.4),
    # "12 months" for "year", where it cannot be a period of twelve months
    ("Final 12 months the identical area misplaced water twice.", "Final 12 months",
     "Last year", "abbreviation", 0.8),
    ("Earlier this 12 months, the corporate stated it would grow.", "12 months", "year",
     "abbreviation", 0.8),
    ("Crowds gathered for New 12 months’s Eve.", "12 months’s", "Year’s", "abbreviation", 0.8),
    ("Revenue grew 8% 12 months-on-12 months.", "12 months-on-12 months", "year-on-year",
     "abbreviation", 0.8),
    ("It opened a 12 months in the past.", "12 months in the past", "year ago",
     "abbreviation", 0.8),
    # a vague quantity for "hundreds" or "many", the text's own "of" kept
    ("Tons of of individuals joined the march.", "Tons of of", "Hundreds of", "doubled-of",
     0.6),
    ("He made so loads of of them.", "loads of of", "many of", "doubled-of", 0.6),
    # "p.c" for "per cent" (or, in a text spelled as American writers spell, "percent")
    ("Shares in the bank rose 2.5 p.c to 340p.", "p.c", "per cent", "per-cent", 0.6),
    ("Food prices, led by the color of inflation, fell 12 p.c. on Thursday.", "p.c", "percent",
     "per-cent", 0.6),
    # A spinner's round number in digits with an apostrophe ("thousands" -> "1000's").
    ("The storm forced 1000's of families from their homes.", "1000's of", "thousands of",
     "digit-plural", 0.6),
    ("100’s of volunteers came.", "100’s of", "Hundreds of", "digit-plural", 0.6),
]


@pytest.mark.parametrize(("text", "span", "canonical", "kind", "minimum"), FLAG)
def test_flags(text: str, span: str, canonical: str, kind: str, minimum: float) -> None:
    found = anomalies(text)
    match = [f for f in found if f[0] == span]
    assert match, f"{span!r} not flagged in {text!r}; got {found}"
    _, got_canon, got_kind, strength = match[0]
    assert (got_canon, got_kind) == (canonical, kind)
    assert minimum <= strength <= 1.0


NOT_FLAG = [
    # dates and times
    "The meeting is on May 13 in Geneva.",
    "The law took effect on 2 May 2021.",
    "The rally starts at 3 pm on the 1st of June.",
    "Doors open on June 2nd and close at 9 p.m.",
    "The train leaves at 2:30 and arrives at 4:15.",
    # measurements, units, money, percentages
    "Runners on the 2 km course passed the 3 km marker early.",
    "Each tablet contains 3 mg of the drug.",
    "Turnout rose by 5% to 62%.",
    "A coffee costs $2 and a bun 3 euros.",
    "The baby weighed 3 kg at birth and was 6 years old by then.",
    "Whisk 2 cups of flour with 3 tbsp of sugar.",
    # references, labels, versions
    "See Figure 2 and Table 3 for details.",
    "Article 2 of the treaty covers fishing rights.",
    "In step 2, open the valve; in step 3, close it.",
    "Chapter 4 describes the method.",
    "Upgrade to version 2.5 or to v2 of the API.",
    "Windows 7 users should update, as should Python 3 code.",
    "The Apollo 11 crew trained for months.",
    "She wore the No. 9 shirt.",
    # lists and enumerations
    "1. Preheat the oven.\n2. Grease the tin.",
    "The options are (1) wait, (2) appeal or (3) settle.",
    "a) first b) second",
    # math and technical
    "Let x = 2 and y = 3, so x + y = 5.",
    'Set the width to 2 "px" and the depth to 3.',
    'The 2 “ marks are typed apart here.',
    "The result of 2 × 3 is 6, and 2-3 days is typical.",
    "Values between 2 and 3 are accepted.",
    "We ran 3 trials at 4.5 ml and 2 trials at 9.0 ml.",
    # scores and results
    "United won 2-1 after extra time.",
    "She won in straight sets, 6-4 6-2.",
    "He finished 2nd in the sprint and 3rd in the relay.",
    "She beat the 5th seed and then the 8th seed.",
    "The app loads a 3rd party library at start-up.",
    "Kent lost 3 wickets in the first 6 overs.",
    # natural magnitude idioms and phrases
    "Tens of thousands of people marched.",
    "Hundreds of millions of dollars were lost.",
    "It is one of the three countries that signed.",
    "It is one of many reasons to go.",
    "In her final year at school she won a prize.",
    "The report covers the 21st century and 2nd Avenue traffic.",
    # ordinary numbers in prose
    "The two nations signed the accord in 1995.",
    "In the 1990s the 12 member states grew.",
    "They were 2 for 3 at the plate.",
    "eleven twelve-year-olds took part.",
    "Nineteen hundred soldiers crossed the river.",
    "A whole bunch of people turned up.",
    "She is one of many first-time buyers in the area.",
    "thanks for yr help, see u soon",
    "Shopping list:\n• 2 eggs\n• 3 onions",
    "Tick the boxes:\n- 2 pens\n- 4 folders",
    # informal round numbers without the apostrophe, and a number's own possessive
    "We get 1000s of emails a day.",
    # twelve months as a period
    "Over the final 12 months we doubled our sales.",
    "In his final 12 months he wrote three novels.",
    "Prices rose over the last 12 months and may fall in the next 12 months.",
    "The filter is replaced every 12 months.",
    "The subsequent 12 months brought two more recalls.",
    "Each patient received a 12 months' supply of the drug.",
    "Sign up for this 12 months programme before May.",
    "We prepared a 12-month calendar and a 12 months plan.",
    "Its actions 12 months on from the flood were praised.",
    "The baby was babbling by 12 months.",
    # counted spans in the past that are not "ago", and a slip's doubled "of"
    "He was ill three days in the past week.",
    "Many years in the past, even though nobody recalls it.",
    "Spend a day in the past at the Victorian village.",
    "The boottime clock is set to a point several years in the past.",
    # An adversarial probe's natural periods and spans (model card item 162)
    "The facility's remaining 12 months are covered by the guarantee.",
    "The tenant may extend for a second and final 12 months at the same rent.",
    "Subsequent 12 months are billed monthly, and every month after that too.",
    "Each subsequent 12 months period starts on the renewal date.",
    "Over this 12 months, I learned to bake bread. This 12 months journey was hard.",
    "What a 12 months! The club won the league.",
    "New 12 months subscriptions renew automatically.",
    "Staff work rotations of 12 months on 12 months off.",
    "Final 12 months review: bring your prescriptions.",
    "The warranty covers a 12 months or 10,000 hours of use, whichever comes first.",
    "They were stranded two hundred years in the past.",
    "The light left the star 40 years in the past.",
    "Reject a token whose expiry is 20 minutes in the past.",
    "We saw loads of Of Monsters and Men fans and a bunch of of-genitives.",
    "He soldered 10 p.c. boards for the new 386 p.c. models.",
    # ... and a second one's (model card item 164)
    "In his brave final 12 months, he never once complained. A turbulent final 12 months began.",
    "Final 12 months: equal monthly instalments of £1,392.75.",
    "Remaining 12 months, $2,750/month, available December 1.",
    "I'd rather do a 12 months before committing, then a 12 months after that.",
    "The company also pays 12 months's basic salary.",
    "Reviews are held at three months-end, six months-end and 12 months-end.",
    "Our New 12 Months Sale Starts Today! We renewed contract for New 12 months.",
    "Service is needed once a 12 months, or 15 000 km.",
    "Each record is dated to a point 5 days in the past.",
    "It rained twice in the past two weeks.",
    "Fixed lots of of malloc() error checks.",
    "He soldered 2 p.c.b. boards and bought 40pc more solder.",
    "The lab has 10 P.C. workstations.",
    "The 1000's first digit is one.",
    # a unit of rate (a probe's geotechnical peer review, model card item 224)
    "The field data give cv = 0.6 m²/yr, against 2.1 m²/yr from the oedometer.",
    "The shoreline retreats about 3 m/yr. Uplift is under 1 mm/yr.",
]


@pytest.mark.parametrize("text", NOT_FLAG)
def test_does_not_flag(text: str) -> None:
    assert anomalies(text) == []


WEAK = [
    # spelled-out years in literary prose, and lower-case hyphenated decades
    "She was born in nineteen twenty-two, in a cold spring.",
    "He remembered the nineteen-sixties fondly.",
    # capitalised too: a history's house style, not a spinner's (they write words apart)
    "By the early Nineteen-Sixties the town had changed beyond recognition.",
    "Trade grew in the Eighteen-Nineties and collapsed in the Nineteen-Twenties.",
    "She reread Orwell's Nineteen Eighty-Four every winter.",
    # digit counts in technical notes
    "Install 2 packages, then restart 3 services on port 8080 with 1.5 GB.",
    "Stir for 2 minutes.",
    "They won 14-9, with Amelia scoring 8 of the goals.",
]


@pytest.mark.parametrize("text", WEAK)
def test_weak_at_most(text: str) -> None:
    assert all(strength <= 0.45 for *_, strength in anomalies(text)), anomalies(text)


def test_technical_context_weakens_small_digits() -> None:
    prose = anomalies("Officials said the 2 nations would meet.")[0][3]
    tech = anomalies("With x = 4.5 and y = 2.5, the 2 nations term is 0.3.")
    assert all(s < prose for *_, s in tech)


def test_anomaly_is_a_named_tuple_with_inclusive_token_span() -> None:
    text = "In the Nineteen Nineties it grew."
    toks = tokenize(text)
    (a,) = find_anomalies(toks)
    assert isinstance(a, NumberAnomaly)
    assert [t.text for t in toks[a.first_token : a.last_token + 1]] == ["Nineteen", "Nineties"]
    assert (a.start, a.end) == (toks[a.first_token].start, toks[a.last_token].end)


def test_results_are_ordered_and_disjoint() -> None:
    text = (
        "Final yr the 2 nations saw tens of hundreds of protests, one of many three waves "
        "since the Nineteen Nineties. The 3 leaders met. It was the 1st time."
    )
    found = find_anomalies(tokenize(text))
    assert len(found) == 7
    for a, b in itertools.pairwise(found):
        assert a.last_token < b.first_token
    assert all(0.0 <= a.strength <= 1.0 for a in found)


@given(st.text(max_size=200))
def test_never_crashes(text: str) -> None:
    for a in find_anomalies(tokenize(text)):
        assert 0.0 <= a.strength <= 1.0
        assert a.first_token <= a.last_token


# Sentences made of the words the number forms look at, so that every look-around of
# their rules ("a 12 months in the past", "12 months-on-12 months", "tons of of", "3 p.c.")
# meets the text's ends and its odd neighbours.
_FORM_WORDS = (
    "12 months months's 'months - on over end round of tons loads a whole bunch lot the "
    "this final subsequent New new in past 2 two weeks years couple number p . c P C b , ; "
    "yr set point several many"
).split()


@given(st.lists(st.sampled_from(_FORM_WORDS), max_size=12),
       st.lists(st.sampled_from(["", " ", "-", "."]), min_size=12, max_size=12))
def test_number_forms_never_crash_on_their_own_words(words: list[str], glue: list[str]) -> None:
    text = "".join(w + g for w, g in zip(words, glue, strict=False))
    toks = tokenize(text)
    for a in find_anomalies(toks):
        assert 0 <= a.first_token <= a.last_token < len(toks)
        assert 0 <= a.start < a.end <= len(text)


def test_empty() -> None:
    assert find_anomalies([]) == []


def test_a_number_form_beside_its_usual_form_is_a_mention() -> None:
    """A text about spinning names the usual form beside the odd one; a spinner leaves no
    "last year" next to the "final yr" it wrote."""
    import detector

    def rules(text: str) -> list[str]:
        return [f.rule for f in detector.analyze(text).findings]

    assert "number-form" not in rules(
        "Spinners turn last year into final yr and the 1990s into the Nineteen Nineties.")
    assert "number-form" not in rules('The page said "final yr" twice.')
    assert "number-form" in rules("The company said final yr was hard for its shops.")


def test_yr_among_chat_shorthand_is_the_writers_abbreviation() -> None:
    """A group chat's "happy new yr", "last yr", "per yr" raised its passage to spun
    (precision probes, 2026-12-05): where a text uses chat shorthand, "yr" is one more
    abbreviation. Edited text spun to "final yr" holds none."""
    chat = "yeh thurs 8pm same as last yr. its £30 per yr cheaper. c u next wk"
    assert anomalies(chat) == []
    assert [a[1] for a in anomalies("It grew final yr and again this yr.")] == [
        "last year", "year"]


def test_yr_among_abbreviated_units_of_time_is_the_writers_abbreviation() -> None:
    """Technical and clinical notes abbreviate units of time after numbers and write rates
    per "yr": there "in its final yr" and "subsequent yrs" are the writer's (an adversarial
    probe of units and shorthand, model card item 228). One unit after a number is not
    enough (a simulated spinner writes "22 yrs"), and a spinner's text keeps its findings."""
    fish = ("Growth in the 1st yr averaged 52 mm, and growth in subsequent yrs declined. "
            "Surveys run at 12 mo intervals. One fish grew 18 mm in its final yr.")
    assert anomalies(fish) == []
    rate = "Sea level rose 1.6 mm/yr. In the final yr of the record it fell."
    assert anomalies(rate) == []
    assert anomalies("Accumulation was 21 g C m⁻² yr⁻¹ until the final yr.") == []
    once = "The war lasted 22 yrs. Final yr the talks failed."
    assert [a[1] for a in anomalies(once)] == ["Last year"]
    assert [a[1] for a in anomalies("It grew final yr and again this yr.")] == [
        "last year", "year"]


@pytest.mark.parametrize("text", [
    "Stressing about my final yr project, the deadline is next week.",
    "In my final yr at uni I basically lived on beans on toast.",
    "All final yr students must hand in the form by Friday.",
])
def test_a_students_final_yr_is_a_final_year_not_a_spun_last_year(text: str) -> None:
    """ "my final yr", "final yr project": a final year of study, shortened (precision
    probes, model card item 129); a weak anomaly of the abbreviation, no finding."""
    import detector

    assert [(a[1], a[3]) for a in anomalies(text)] == [("year", 0.3)]
    assert not [f for f in detector.analyze(text).findings if f.rule == "number-form"]
    assert [a[1] for a in anomalies("Prices rose final yr, the company said.")] == ["last year"]


@pytest.mark.parametrize("text", [
    "Final yr project: a study of river pollution in our town.",
    "final yr project: a study of river pollution in our town.",
    "Final yr students must submit the form by Friday.",
])
def test_a_students_final_yr_is_no_phrasebook_candidate_either(text: str) -> None:
    """The phrasebook's "final yr" -> "last year" is not proposed where the number-form
    rule reads a final year of study: "Final yr project:" at a sentence start made spun
    company of its 11 words, and "Final yr" and "project" were reported (model card item
    133). A spun "final yr" elsewhere in such a text is still proposed."""
    import detector

    report = detector.analyze(text)
    assert report.label == "natural"
    assert report.findings == ()
    spun = "Final yr the council stated that the bridge would close."
    assert [f.text for f in detector.analyze(spun).findings if f.rule == "number-form"] == [
        "Final yr"]


def test_a_century_as_an_idiom_is_no_finding() -> None:
    """ "the eighteen hundreds" is how children's books and heritage panels say the 19th
    century; five texts of an educational probe had it as a finding beside their digit
    dates (model card item 138). A spinner's capitalised "the Eighteen Hundreds" still is."""
    import detector

    text = "In the eighteen hundreds, mills grew fast; by 1850 there were hundreds of them."
    assert [(a[2], a[3]) for a in anomalies(text)] == [("decade-words", 0.4)]
    assert not detector.analyze(text).findings
    spun = "By 1850, in the Eighteen Hundreds, mills grew fast."
    assert [f.text for f in detector.analyze(spun).findings] == ["Eighteen Hundreds"]


@pytest.mark.parametrize(("text", "strong"), [
    # A spinner's capitals mid-sentence...
    ("Prices have not risen so fast since the Nineteen Nineties, the bank said.", True),
    # ... not a heading's: a chapter title, a screenplay's title card.
    ("Britain in the Nineteen Sixties\n\nThe decade began quietly.", False),
    ("SUPER: LEEDS, THE NINETEEN SIXTIES\n\nA street in the rain.", False),
    ("Chapter 4\n\u2029The Nineteen Sixties at Home\nFamilies grew.", False),
])
def test_a_heading_capitalises_its_decade_by_house_style(text: str, strong: bool) -> None:
    (a,) = find_anomalies(tokenize(text), text)
    assert (a.strength >= 0.6) is strong
    # Without the text, lines are unknown and the capitals count.
    assert find_anomalies(tokenize(text))[0].strength >= 0.6
