"""Words never offered as a suggestion: vulgar, profane and slurs.

The thesauri behind the candidates list slang beside standard English: Moby gives "tits" and
"titties" for "bosoms", WordNet "ass" for "donkey" and "fruit" for a slur's targets. A spinner
replaces common words with rarer synonyms, so the wording it replaced is almost never one of
these, and a restorer that offered "titties" for the "bosoms" of a spun medical abstract (the
first suggestion until this module) tells an editor nothing and embarrasses the tool.

Candidates made of such words are left out of what is suggested and restored; they still
count as candidates for the detector's evidence (how much likelier the context becomes with
the best candidate), so no probability, label or finding depends on this list, only the
suggestions and what ``restore`` puts in. Written for unspin; words
whose ordinary sense is the commoner one stay suggestible ("butt", "balls", "screw", "queer",
"hooker"), and so do a field's terms ("half-breed" in animal breeding, an expected phrase of
the Problematic Paper Screener). Measured (``bench/quality.py --skip-pps``): restorer top-1
0.563 and 0.658 the same, top-5 0.712 -> 0.712 (seen profiles: the Bible's "ass" is the
original of a few synthetic substitutions) and 0.784 -> 0.784.
"""

from __future__ import annotations

__all__ = ["OFFENSIVE_WORDS", "offensive"]

OFFENSIVE_WORDS = frozenset("""
arse arsehole arseholes arses ass asses asshole assholes bastard bastards bitch bitches
bitchy bollocks boner boners boob boobies boobs booby bugger buggered bullshit cock cocks
coon coons crap crappy cripple cripples cum cunt cunts dago dagos dick dickhead dicks dildo
dildos dyke dykes fag faggot faggots fags fanny fuck fucked fucker fuckers fucking gook
gooks homo homos horny jap japs jizz kike kikes knockers lesbo lesbos midget
midgets mongoloid motherfucker motherfuckers negro negroes nigga niggas nigger niggers paki
pakis piss pissed pisses prick pricks pussies pussy redskin redskins retard retarded
retards shit shits shitty slut sluts spastic spic spics squaw squaws tit tits titties titty
tranny trannies twat twats wank wanker wankers wetback wetbacks whore whores wop wops
""".split())


def offensive(candidate: str) -> bool:
    """Whether ``candidate`` (a word or phrase, lower-case) holds a word of
    :data:`OFFENSIVE_WORDS`."""
    return any(word in OFFENSIVE_WORDS for word in candidate.lower().split(" "))
