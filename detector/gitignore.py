"""Which files git ignores: the ``.gitignore`` rules a directory walk honours.

``unspin check DIR`` walks directories the way ruff and ripgrep do: what the repository's
``.gitignore`` files and ``.git/info/exclude`` ignore is not checked. Build output,
generated HTML documentation, vendored packages and virtual environments are ignored there
already, and checking them would only report someone else's prose (or none). A file named
on the command line is checked whatever the rules say, and so is every file under a
directory named on the command line unless a rule inside it says otherwise.
``--no-respect-gitignore`` (or ``respect-gitignore = false`` in the configuration) turns
the rules off.

The rules follow gitignore(5):

* blank lines and lines starting with ``#`` are skipped; ``\\`` escapes a leading ``#`` or
  ``!``, a trailing space and any special character;
* ``!`` re-includes what an earlier pattern excluded, and the last pattern that matches a
  path decides, deeper ``.gitignore`` files after shallower ones; a file inside an ignored
  directory stays ignored, because the walk never enters the directory;
* a trailing ``/`` matches directories only;
* a pattern with a ``/`` at its start or in its middle is relative to the directory of its
  ``.gitignore``; any other pattern matches a name at any depth below it;
* ``*`` and ``?`` match within one path component, ``[...]`` is a character class, and
  ``**`` matches across components at the start (``**/``), the end (``/**``) or between
  slashes (``/**/``).

The rules of the repository's root and of each directory between it and the walked
directory apply as well (the repository root is the nearest ancestor holding ``.git``;
outside a repository only the walked tree's ``.gitignore`` files are read). A nested
repository (a directory holding its own ``.git``) starts over with its own rules, as git
does. Not read: the user's global excludes file (``core.excludesFile``), which belongs to
one person's machine, not to the project a CI job checks.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["GitIgnore", "Glob", "Rule", "glob_fragments", "parse", "translate"]

# The fragments of a translated glob that match a run of characters: "*" (within one path
# segment), "**" (across segments) and "**/" (any number of whole directories). Every other
# fragment matches exactly one character.
_STAR, _ANY, _DIRS = "[^/]*", ".*", "(?:.*/)?"
_WILDCARDS = (_STAR, _ANY, _DIRS)


class Glob:
    """A glob translated to regular-expression fragments (one per wildcard or character).

    Matched as one regular expression, a pattern with many wildcards backtracks through
    every way of sharing the path out among them: "*a*a*a*a*a*b" took 2.7 s against a
    100-letter name and "**/**/**/**/x" grew with the fifth power of a path's depth
    (issue #7: cost must grow linearly). With three wildcards or more, :meth:`fullmatch`
    instead keeps the set of positions each wildcard can reach and checks the fixed-length
    piece after it there: time proportional to the path times the wildcards."""

    def __init__(self, fragments: Sequence[str]) -> None:
        # DOTALL: a file name may hold a line break, and "**" matches it too.
        self.regex = re.compile("".join(fragments) + r"\Z", re.DOTALL)
        self.wildcards = [f for f in fragments if f in _WILDCARDS]
        pieces: list[list[str]] = [[]]
        for f in fragments:
            if f in _WILDCARDS:
                pieces.append([])
            else:
                pieces[-1].append(f)
        self.lengths = [len(p) for p in pieces]  # one character a fragment
        self.head = re.compile("".join(pieces[0]), re.DOTALL)
        # Every position where a piece matches, overlapping ones included.
        self.finders = [re.compile("(?=" + "".join(p) + ")", re.DOTALL) for p in pieces[1:]]

    def fullmatch(self, text: str) -> bool:
        """Whether the glob matches all of ``text``."""
        if len(self.wildcards) <= 2:  # at worst (path length)^2 steps: 50 ms at 4,000
            return self.regex.match(text) is not None
        if not self.head.match(text):
            return False
        reach = [self.lengths[0]]  # where the text may stand after the pieces so far
        for wildcard, finder, length in zip(self.wildcards, self.finders, self.lengths[1:]):
            reach = [m.start() + length for m in finder.finditer(text, reach[0])
                     if _spans(wildcard, text, reach, m.start())]
            if not reach:
                return False
        return reach[-1] == len(text)


def _spans(wildcard: str, text: str, reach: list[int], end: int) -> bool:
    """Whether ``wildcard`` can match ``text`` from a position in ``reach`` (sorted) to
    ``end``."""
    if wildcard == _ANY:
        return end >= reach[0]
    if wildcard == _DIRS:  # nothing, or anything up to and including a slash
        i = bisect.bisect_left(reach, end)
        return (i < len(reach) and reach[i] == end) or (end > reach[0] and text[end - 1] == "/")
    i = bisect.bisect_right(reach, end)  # _STAR: from the nearest start, with no slash
    return i > 0 and text.rfind("/", reach[i - 1], end) < 0


class Rule(NamedTuple):
    """One pattern line: ``pattern`` matches a path relative to its file's directory."""

    pattern: Glob
    negated: bool
    dir_only: bool
    # A line without a slash matches a name at any depth, so the last name alone decides.
    anchored: bool = True


def translate(line: str) -> Rule | None:
    """The rule of one ``.gitignore`` line, or None for a blank line or a comment."""
    line = line.rstrip("\r\n")
    # Trailing spaces are dropped unless the last one is escaped ("foo\ ").
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    body = glob_fragments(line)
    return Rule(Glob(body if anchored else [_DIRS, *body]), negated, dir_only, anchored)


def glob_fragments(p: str) -> list[str]:
    """The regular-expression fragments of glob ``p`` (one per wildcard or character), as
    :class:`Glob` takes them; the configuration's include and exclude globs are read the
    same way (:func:`detector.files.glob_match`)."""
    out: list[str] = []
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "*":
            j = i
            while j < n and p[j] == "*":
                j += 1
            whole = j - i >= 2 and (i == 0 or p[i - 1] == "/") and (j == n or p[j] == "/")
            if not whole:
                out.append(_STAR)  # other runs of asterisks are one asterisk
            elif j == n:
                out.append(_ANY)  # "dir/**": everything inside
            else:
                out.append(_DIRS)  # "**/x" and "a/**/b": any number of directories
                j += 1
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and p[j] in "!^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
                i += 1
                continue
            members = p[i + 1 : j]
            negate = members[:1] in ("!", "^")
            if negate:
                members = members[1:]
            body = "".join(ch if ch == "-" else re.escape(ch) for ch in members)
            out.append(f"[^/{body}]" if negate else f"(?!/)[{body}]")
            i = j + 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(p[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return out


def parse(text: str) -> tuple[Rule, ...]:
    """The rules of a ``.gitignore`` file's text, in order."""
    return tuple(r for r in map(translate, text.splitlines()) if r is not None)


def _read_rules(path: str) -> tuple[Rule, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return parse(fh.read())
    except OSError:  # absent, unreadable, a directory: no rules, as git reads it
        return ()


class GitIgnore:
    """The rules in force in one directory: layers of ``(directory, rules)``, shallowest
    first. Build one with :meth:`for_walk`, then :meth:`descend` into each subdirectory."""

    def __init__(self, layers: tuple[tuple[str, tuple[Rule, ...]], ...] = ()) -> None:
        self.layers = layers

    @classmethod
    def for_walk(cls, top: str) -> GitIgnore:
        """The rules in force in directory ``top``, its own ``.gitignore`` included."""
        top = os.path.abspath(top)
        repo = _repository_root(top)
        if repo is None:
            return cls().descend(top)
        rules = cls()._with(repo, _read_rules(os.path.join(repo, ".git", "info", "exclude")))
        rel = os.path.relpath(top, repo)
        here = repo
        rules = rules._with(here, _read_rules(os.path.join(here, ".gitignore")))
        for part in ([] if rel == "." else rel.split(os.sep)):
            here = os.path.join(here, part)
            rules = rules._with(here, _read_rules(os.path.join(here, ".gitignore")))
        return rules

    def descend(self, directory: str) -> GitIgnore:
        """The rules in force in ``directory``, a subdirectory of this one's (absolute)."""
        if os.path.exists(os.path.join(directory, ".git")):
            # A nested repository: its parent's rules stop at its root.
            start = GitIgnore()._with(
                directory, _read_rules(os.path.join(directory, ".git", "info", "exclude")))
            return start._with(directory, _read_rules(os.path.join(directory, ".gitignore")))
        return self._with(directory, _read_rules(os.path.join(directory, ".gitignore")))

    def _with(self, directory: str, rules: tuple[Rule, ...]) -> GitIgnore:
        return GitIgnore((*self.layers, (directory, rules))) if rules else self

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether the last rule matching ``path`` (absolute and normalised, as the walk
        makes it) excludes it."""
        # Cheap per layer: a tree 500 folders deep with a .gitignore in each took 29 s to
        # walk, cubic in the depth, when each layer's rules read os.path.relpath (issue #7).
        # Unanchored rules read the last name; anchored ones a slice of the path.
        name = os.path.basename(path)
        for base, rules in reversed(self.layers):
            prefix = base if base.endswith(os.sep) else base + os.sep
            if not path.startswith(prefix):
                continue
            rel = None
            for rule in reversed(rules):
                if rule.dir_only and not is_dir:
                    continue
                if not rule.anchored:
                    matched = rule.pattern.fullmatch(name)
                else:
                    if rel is None:
                        rel = path[len(prefix):].replace(os.sep, "/")
                    matched = rule.pattern.fullmatch(rel)
                if matched:
                    return not rule.negated
        return False


def _repository_root(directory: str) -> str | None:
    for d in (directory, *_parents(directory)):
        if os.path.exists(os.path.join(d, ".git")):
            return d
    return None


def _parents(directory: str) -> list[str]:
    out = []
    while True:
        up = os.path.dirname(directory)
        if up == directory:
            return out
        out.append(up)
        directory = up
