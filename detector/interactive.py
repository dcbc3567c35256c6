"""``unspin restore --interactive``: an editor decides each finding, as codespell's ``-i``.

``restore`` alone applies only the findings confident enough to change a text unseen (the
restore threshold). An editor reviewing a manuscript wants every finding ``check`` reports,
the less confident ones too, each shown in its line with its suggestions, and to choose:
a suggestion by number, the first with ``y``, none with ``n``, a wording of their own with
``e``, the first suggestion of this and every later finding with ``a``, or ``q`` to stop
and keep what was chosen so far (end of input stops the same way). :func:`review` is the
loop, with the questions and answers passed in, so the command line and the tests drive it
alike; the replacements are applied right to left, so every offset stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .articles import put_back
from .checkfile import replacement, transplant
from .formats.text import excerpt
from .report import Finding

__all__ = ["HELP", "review"]

HELP = ("number: that suggestion; y: the first; n: leave it; e: type a wording; "
        "a: the first suggestion here and for every later finding; q: stop, keep the choices "
        "made; ?: this help")


@dataclass
class Session:
    """What answers decide beyond one file: ``q`` (or the end of input) stops the whole run,
    and ``a`` takes the first suggestion for every later finding, in the files after this
    one too (each file had its own, and "q" in the first file went on to ask about the
    second)."""

    stopped: bool = False
    accept_rest: bool = False


def review(text: str, findings: Sequence[Finding], name: str,
           ask: Callable[[str], str | None], tell: Callable[[str], None],
           prose: str | None = None, session: Session | None = None) -> str:
    """``text`` with the replacements chosen for ``findings`` (offsets into ``text``).

    ``ask(prompt)`` returns the answer, or None at the end of input; ``tell(line)`` shows a
    line. A finding whose span overlaps one already replaced is not asked about. ``prose`` is
    ``text`` as analysed when that differs (a Markdown or HTML file's, markup blanked:
    :func:`detector.checkfile.prepare`): the markup inside a finding stays where it was
    ("final *yr*" -> "last *year*"), and a wording that would break it is not put in (a word
    in place of "final *yr*"); the choices are carried into ``text`` as ``restore`` carries
    its own (:func:`~detector.checkfile.transplant`).
    """
    session = session or Session()
    if session.stopped:
        return text
    chosen: list[tuple[int, int, str]] = []
    accept_rest = session.accept_rest
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if chosen and f.start < chosen[-1][1]:
            continue
        if accept_rest:
            if f.suggestions and _fits(f, f.suggestions[0], text, prose, name, tell):
                chosen.append((f.start, f.end, f.suggestions[0]))
            continue
        shown, marks = excerpt(text, f.start, f.end)
        tell(f"{name}:{f.line}:{f.column}: '{f.text}' ({f.rule}, score {f.score:.2f})")
        tell(f"    {shown}")
        tell(f"    {marks}")
        if f.suggestions:
            tell("  " + "   ".join(f"{k} {s}" for k, s in enumerate(f.suggestions, 1)))
        choice = _choose(f, ask, tell)
        if choice is _STOP:
            session.stopped = True
            break
        if choice is _ALL:
            accept_rest = session.accept_rest = True
            choice = f.suggestions[0] if f.suggestions else None
        if (isinstance(choice, str) and choice != f.text
                and _fits(f, choice, text, prose, name, tell)):
            chosen.append((f.start, f.end, choice))
    # "a" + "extraordinary" is "an extraordinary" (articles.put_back)
    edits = [(start, end, wording, chosen[k - 1][1] if k else 0)
             for k, (start, end, wording) in enumerate(chosen)]
    if prose is None:
        return put_back(text, edits)
    return transplant(text, prose, put_back(prose, edits))


def _fits(f: Finding, wording: str, text: str, prose: str | None, name: str,
          tell: Callable[[str], None]) -> bool:
    """Whether ``wording`` can replace ``f`` without breaking markup inside it (said when not:
    "final *yr" takes "last *year", not "past")."""
    if prose is None or replacement(text, prose, f.start, f.end, wording) is not None:
        return True
    tell(f"{name}:{f.line}:{f.column}: '{f.text}' left as written: markup inside it, "
         f"which '{wording}' would break")
    return False


_STOP, _ALL = object(), object()


def _choose(f: Finding, ask: Callable[[str], str | None],
            tell: Callable[[str], None]) -> str | object | None:
    """The wording chosen for ``f``, None to leave it, or :data:`_STOP` / :data:`_ALL`."""
    n = len(f.suggestions)
    numbers = f"1-{n}, y = 1, " if n > 1 else "1, y, " if n == 1 else ""
    prompt = f"Replace? [{numbers}n, e = edit, a = all the rest, q = quit, ?] "
    while True:
        answer = ask(prompt)
        if answer is None:
            return _STOP
        answer = answer.strip().lower()
        if answer in ("", "n"):
            return None
        if answer == "q":
            return _STOP
        if answer in ("y", "a") and n:
            return f.suggestions[0] if answer == "y" else _ALL
        if answer == "a":
            return _ALL
        if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= n:
            return f.suggestions[int(answer) - 1]
        if answer == "e":
            typed = ask("Wording: ")
            if typed is None:
                return _STOP
            if typed.strip():
                return typed.strip()
            continue
        tell(HELP)
