"""A news spinner's dictionary, for bench/spinner_styles.py's ``news`` manner: what a commercial
dictionary spinner does to a whole news article, on articles of the length users check.

    python -m bench.news_spinner        # rewrite the "news" texts of bench/data/spinner_news.json

``bench/data/spinner_news.json`` holds 24 news articles (450-750 words) written for unspin on
2026-12-04 in two manners: international wire copy (``wire_*``) and South Asian English
outlets' own reporting (``southasia_*``, with a ``date ... , Outlet`` first line), each as
written (``orig``) and as this module spins it (``news``). The dictionary below (298
``original -> spun`` pairs: "said" -> "stated", "told" -> "instructed", "fire" -> "hearth",
"last year" -> "final yr", "two" -> "2") was written for the bench by someone who had not seen
unspin's corpus spinners, phrasebook or seeds; like such spinners it replaces every
whole-word occurrence (longest wording first, no overlaps, capitalisation kept) of the body,
leaving the headline line alone. Each article ends up with 13-28% of its content words
replaced. The articles' events are partly real, their details and quotes invented: test
material, not news.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "spinner_news.json"

SPIN = {
    # ---- reporting / speech verbs ----
    "said": "stated",
    "says": "states",
    "say": "state",
    "saying": "stating",
    "told": "instructed",
    "tell": "inform",
    "asked": "requested",
    "ask": "request",
    "explained": "defined",
    "noted": "famous",
    "announced": "introduced",
    "reports": "experiences",
    # ---- everyday verbs ----
    "help": "assist",
    "helped": "assisted",
    "helping": "serving to",
    "start": "begin",
    "started": "began",
    "show": "present",
    "showed": "confirmed",
    "shows": "reveals",
    "buy": "purchase",
    "got": "received",
    "need": "want",
    "want": "wish",
    "believe": "imagine",
    "know": "realize",
    "find": "discover",
    "found": "discovered",
    "give": "present",
    "keep": "preserve",
    "hold": "maintain",
    "held": "hosted",
    "trying to": "making an attempt to",
    "came": "got here",
    "killed": "slain",
    "died": "handed away",
    "remain": "stay",
    "remains": "stays",
    "increase": "enhance",
    "cut": "reduce",
    "expect": "count on",
    "expected": "anticipated",
    "including": "together with",
    "built": "constructed",
    "happened": "occurred",
    "move": "transfer",
    "moved": "relocated",
    "stop": "cease",
    "ended": "concluded",
    "won": "gained",
    "lost": "misplaced",
    "called": "known as",
    "decided": "determined",
    "provide": "present",
    "received": "acquired",
    "sent": "despatched",
    "changes": "modifications",
    "fighting": "preventing",
    "close": "shut",
    "live": "stay",
    "grow": "develop",
    "become": "turn into",
    "became": "grew to become",
    "sold": "offered",
    "damaged": "broken",
    "reach": "attain",
    "raise": "elevate",
    "released": "launched",
    "ensure": "guarantee",
    "set up": "arrange",
    "look at": "take a look at",
    "looking for": "in search of",
    # ---- nouns ----
    "officials": "officers",
    "city": "metropolis",
    "people": "folks",
    "person": "particular person",
    "children": "kids",
    "men": "males",
    "women": "girls",
    "woman": "lady",
    "home": "dwelling",
    "homes": "houses",
    "car": "automotive",
    "cars": "vehicles",
    "company": "firm",
    "companies": "corporations",
    "business": "enterprise",
    "government": "authorities",
    "country": "nation",
    "countries": "nations",
    "problem": "drawback",
    "problems": "issues",
    "issue": "subject",
    "issues": "points",
    "question": "query",
    "year": "yr",
    "years ago": "years in the past",
    "times": "instances",
    "money": "cash",
    "team": "staff",
    "teams": "groups",
    "school": "faculty",
    "schools": "colleges",
    "doctors": "medical doctors",
    "police": "law enforcement",
    "area": "space",
    "region": "area",
    "party": "get together",
    "parties": "events",
    "fire": "hearth",
    "bank": "financial institution",
    "record": "file",
    "records": "information",
    "film": "movie",
    "game": "recreation",
    "players": "gamers",
    "player": "participant",
    "price": "value",
    "prices": "costs",
    "cost": "price",
    "rate": "fee",
    "rates": "charges",
    "interest": "curiosity",
    "interest rates": "rates of interest",
    "economy": "financial system",
    "growth": "progress",
    "data": "knowledge",
    "information": "info",
    "research": "analysis",
    "study": "examine",
    "experts": "consultants",
    "leader": "chief",
    "law": "regulation",
    "court": "courtroom",
    "judge": "decide",
    "cases": "circumstances",
    "decision": "resolution",
    "decisions": "selections",
    "statement": "assertion",
    "war": "warfare",
    "soldiers": "troopers",
    "force": "drive",
    "power": "energy",
    "agreement": "settlement",
    "project": "undertaking",
    "services": "providers",
    "health": "well being",
    "patients": "sufferers",
    "family": "household",
    "families": "households",
    "news": "information",
    "phone": "telephone",
    "road": "street",
    "train": "prepare",
    "climate": "local weather",
    "heat": "warmth",
    "damage": "injury",
    "food": "meals",
    "energy": "vitality",
    "building": "constructing",
    "office": "workplace",
    "workers": "employees",
    "employees": "staff members",
    "chief executive": "chief government",
    "community": "group",
    "level": "stage",
    "number": "quantity",
    "part": "half",
    "parts": "components",
    "side": "facet",
    "way": "manner",
    "meeting": "assembly",
    "store": "retailer",
    "customers": "clients",
    "sales": "gross sales",
    "investors": "traders",
    "investment": "funding",
    "budget": "finances",
    "loan": "mortgage",
    "industry": "business",
    "technology": "expertise",
    "computer": "laptop",
    "crisis": "disaster",
    "aid": "support",
    "control": "management",
    "security": "safety",
    "risk": "threat",
    "fans": "followers",
    "policy": "coverage",
    "ground": "floor",
    "test": "check",
    "global": "world",
    "use": "make use of",
    "based": "primarily based",
    "passed": "handed",
    "series": "sequence",
    # ---- adjectives ----
    "big": "large",
    "large": "giant",
    "old": "outdated",
    "young": "younger",
    "important": "vital",
    "major": "main",
    "main": "primary",
    "hard": "arduous",
    "difficult": "tough",
    "high": "excessive",
    "strong": "robust",
    "latest": "newest",
    "previous": "earlier",
    "past": "previous",
    "other": "different",
    "several": "a number of",
    "whole": "entire",
    "local": "native",
    "national": "nationwide",
    "international": "worldwide",
    "foreign": "overseas",
    "private": "non-public",
    "military": "army",
    "possible": "attainable",
    "likely": "seemingly",
    "different": "totally different",
    "similar": "comparable",
    "same": "identical",
    "serious": "critical",
    "safe": "protected",
    "next": "subsequent",
    "last": "final",
    # ---- adverbs ----
    "also": "additionally",
    "only": "solely",
    "just": "simply",
    "still": "nonetheless",
    "often": "typically",
    "however": "nevertheless",
    "around": "round",
    "almost": "practically",
    "again": "once more",
    "never": "by no means",
    "always": "all the time",
    "quickly": "shortly",
    "today": "at present",
    "recently": "not too long ago",
    "currently": "presently",
    "finally": "lastly",
    "especially": "particularly",
    "probably": "most likely",
    # ---- function words / phrases ----
    "because": "as a result of",
    "because of": "due to",
    "due to": "resulting from",
    "in the": "within the",
    "while": "whereas",
    "although": "though",
    "before": "earlier than",
    "during": "throughout",
    "more than": "greater than",
    "less than": "lower than",
    "at least": "a minimum of",
    "such as": "comparable to",
    "according to": "in line with",
    "in order to": "so as to",
    "even though": "despite the fact that",
    "each other": "one another",
    "as well": "as effectively",
    "at the same time": "on the similar time",
    "in recent years": "lately",
    "for the first time": "for the primary time",
    "whether": "whether or not",
    "among": "amongst",
    "until": "till",
    "within": "inside",
    "without": "with out",
    "across": "throughout",
    "towards": "in the direction of",
    "near": "close to",
    "nearby": "close by",
    "outside": "exterior",
    "despite": "regardless of",
    "against": "in opposition to",
    "through": "by means of",
    "along": "alongside",
    "a lot of": "loads of",
    # ---- multiword time phrases ----
    "last year": "final yr",
    "last week": "final week",
    "last month": "final month",
    "next year": "subsequent yr",
    # ---- numbers and dates ----
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "thousands of": "hundreds of",
    "hundreds of": "a whole bunch of",
    "millions of": "tens of millions of",
    "the 1990s": "the Nineteen Nineties",
    "the 1980s": "the Nineteen Eighties",
    "in the 1990s": "within the Nineteen Nineties",
    "percent": "p.c",
    "per cent": "p.c",
}

# A match may not touch a letter, digit or hyphen on either side.
_WORD_CHARS = r"[\w\-]"


@functools.cache  # one alternation of 298 wordings, compiled once for all articles
def _pattern() -> re.Pattern[str]:
    keys = sorted(SPIN, key=lambda k: (-len(k), k))
    alts = [r"\s+".join(re.escape(w) for w in k.split()) for k in keys]
    return re.compile(rf"(?<!{_WORD_CHARS})(?:{'|'.join(alts)})(?!{_WORD_CHARS})", re.IGNORECASE)


def _cased(original: str, spun: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return spun.upper()
    if original[:1].isupper():
        return spun[:1].upper() + spun[1:]
    return spun


def spin(text: str) -> tuple[str, list[list]]:
    """``text`` spun (its first line kept), and each swap as ``[start, end, original]`` with
    offsets into the spun text."""
    head, nl, body = text.partition("\n")
    if not nl:
        return text, []
    out, pos, swaps, last = [head + nl], len(head) + 1, [], 0
    for m in _pattern().finditer(body):
        original = m.group(0)
        spun = _cased(original, SPIN[" ".join(original.lower().split())])
        out.append(body[last : m.start()])
        pos += m.start() - last
        swaps.append([pos, pos + len(spun), original])
        out.append(spun)
        pos += len(spun)
        last = m.end()
    out.append(body[last:])
    return "".join(out), swaps


def main() -> int:
    import argparse

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                            epilog=f"Rewrites {DATA.relative_to(ROOT)}.").parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    originals = [t for t in data["texts"] if t["style"] == "orig"]
    spun = []
    for t in originals:
        text, swaps = spin(t["text"])
        spun.append({"id": f"{t['topic']}-news", "topic": t["topic"], "style": "news",
                     "text": text, "swaps": swaps})
    data["texts"] = originals + spun
    DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(SPIN)} pairs, {len(spun)} texts, {sum(len(t['swaps']) for t in spun)} swaps "
          f"-> {DATA.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
