"""Configuration: ``[tool.unspin]`` in pyproject.toml, or a ``.unspin.toml`` file.

Discovery walks up from the working directory and stops at the first directory that has
either a ``.unspin.toml`` (preferred) or a ``pyproject.toml`` with a ``[tool.unspin]`` table;
``--config FILE`` skips discovery. In ``.unspin.toml`` the keys sit at the top level (a
``[tool.unspin]`` table is accepted too).

Keys: ``threshold`` (0..1), ``include`` (globs; replaces the default list), ``exclude``
(globs added to the built-in ones; a glob with a slash is relative to the config file's
directory or to the directory being checked), ``allowed`` (phrases never
reported), ``ignore`` (finding rules never reported: ``substitution``, ``tortured-phrase``,
``tortured-term``, ``spun-name``, ``number-form``, ``acronym``, ``spintax``,
``disguised-word``), ``select`` (the only finding rules reported, as ruff's ``select``:
every other rule is ignored), ``fail-on`` (``passage`` or ``finding``), ``format``,
``encoding`` (of files without a BOM, default UTF-8: ``"latin-1"``, ``"cp1252"``),
``respect-gitignore`` (default true: directory walks skip what ``.gitignore`` files ignore,
:mod:`detector.gitignore`), ``force-exclude`` (default false: true applies ``exclude`` to
files named on the command line too, as a pre-commit hook names them), ``cache`` (default
false: true keeps and reuses the reports of unchanged files, :mod:`detector.cache`),
``cache-dir`` (where, relative to the config file's directory; default ``.unspin_cache``),
``show-source`` (default false: true shows each finding's line of text in the text format)
and ``overrides``: a
list of
tables with ``paths`` (globs relative to the config file's directory) and ``threshold``,
``allowed`` and/or ``ignore``. Later overrides win for ``threshold``; ``allowed`` phrases and
``ignore`` rules accumulate. Unknown
keys and wrong types are :class:`ConfigError` naming the key and the file.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import codec_name, glob_match
from .formats import FORMATS
from .report import probability_threshold, unknown_rule

__all__ = ["FAIL_ON", "FORMATS", "Config", "ConfigError", "Override", "find", "load"]

FAIL_ON = ("text", "passage", "finding")
_KEYS = {
    "threshold", "include", "exclude", "allowed", "ignore", "select", "fail-on", "format",
    "encoding", "respect-gitignore", "force-exclude", "overrides", "cache", "cache-dir",
    "show-source",
}
_OVERRIDE_KEYS = {"paths", "threshold", "allowed", "ignore"}


class ConfigError(Exception):
    """An unreadable or invalid configuration file."""


@dataclass(frozen=True)
class Override:
    paths: tuple[str, ...]
    threshold: float | None = None
    allowed: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    threshold: float | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    allowed: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # finding rules never reported
    select: tuple[str, ...] = ()  # the only finding rules reported (empty: all)
    fail_on: str | None = None
    format: str | None = None
    encoding: str | None = None  # a canonical codec name (detector.files.codec_name)
    respect_gitignore: bool = True
    force_exclude: bool = False
    cache: bool = False  # keep and reuse reports of unchanged files (detector.cache)
    cache_dir: str | None = None  # relative to the config file's folder
    show_source: bool = False  # text output shows each finding's line
    overrides: tuple[Override, ...] = field(default=())

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def for_path(self, path: str) -> tuple[float | None, tuple[str, ...]]:
        """``(threshold, allowed)`` for one file, after applying matching overrides."""
        threshold, allowed = self.threshold, list(self.allowed)
        for ov in self._matching(path):
            if ov.threshold is not None:
                threshold = ov.threshold
            allowed.extend(ov.allowed)
        return threshold, tuple(dict.fromkeys(allowed))

    def ignored_for(self, path: str, also: Sequence[str] = (),
                    select: Sequence[str] = ()) -> tuple[str, ...]:
        """The finding rules not reported for one file: ``ignore``, matching overrides' and
        ``also`` (the command line's), and every rule outside ``select`` (the command
        line's, which replaces the configuration's ``select``)."""
        from .report import RULES

        out = list(self.ignore)
        for ov in self._matching(path):
            out.extend(ov.ignore)
        out.extend(also)
        chosen = select or self.select
        if chosen:
            out.extend(r for r in RULES if r not in chosen)
        return tuple(dict.fromkeys(out))

    def _matching(self, path: str) -> list[Override]:
        if not self.overrides or path == "-":
            return []
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:  # another drive on Windows
            rel = path
        rel = rel.replace(os.sep, "/")
        return [ov for ov in self.overrides if glob_match(rel, ov.paths)]


def _toml() -> Any:
    """The TOML parser, imported on first use: `unspin check --isolated` and runs without a
    config file never parse TOML, and the import is a few ms of every cold start."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


# "[ \t]*", not "\s*": with line breaks in it, every line of a run of blank lines scanned
# to the run's end (20,000 blank lines: 1.2 s, quadratic; issue #7). A table header is
# one line.
_OUR_TABLE = re.compile(rb"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*unspin\b", re.MULTILINE)


def find(start: Path | None = None) -> Path | None:
    """The first config file found walking up from ``start`` (default: the working dir)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        dot = d / ".unspin.toml"
        if dot.is_file():
            return dot
        py = d / "pyproject.toml"
        if py.is_file():
            tomllib = _toml()
            try:
                raw = py.read_bytes()
                data = tomllib.loads(raw.decode("utf-8"))
            except OSError:
                continue
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                # A broken pyproject.toml is someone else's unless it names our table:
                # then load() reports it, rather than the walk going on to a parent's
                # configuration and checking with settings the user did not write.
                if _OUR_TABLE.search(raw):
                    return py
                continue
            if isinstance(data.get("tool"), dict) and "unspin" in data["tool"]:
                return py
    return None


def load(path: str | os.PathLike[str] | None = None, *, discover: bool = True) -> Config:
    """Load the given config file, or the discovered one, or the defaults."""
    if path is None:
        found = find() if discover else None
        if found is None:
            return Config()
        path = found
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: error: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: error: cannot read config file ({exc})") from None
    tomllib = _toml()
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: error: invalid TOML ({exc})") from None
    table = data.get("tool", {}).get("unspin") if isinstance(data.get("tool"), dict) else None
    if p.name == "pyproject.toml" or table is not None:
        if table is None:
            return Config(path=p)
        if not isinstance(table, dict):
            raise ConfigError(f"{p}: error: [tool.unspin] must be a table")
        return _parse(table, p, prefix="tool.unspin.")
    return _parse(data, p, prefix="")


def _parse(table: dict[str, Any], path: Path, prefix: str) -> Config:
    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{path}: error: {prefix}{key}: {why}")

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (expected one of: {', '.join(sorted(_KEYS))})")
    kw: dict[str, Any] = {"path": path}
    if "threshold" in table:
        kw["threshold"] = _threshold(table["threshold"], lambda why: fail("threshold", why))
    for key in ("include", "exclude", "allowed"):
        if key in table:
            kw[key] = _strings(table[key], lambda why, k=key: fail(k, why))
    for key in ("ignore", "select"):
        if key in table:
            kw[key] = _rules(table[key], lambda why, k=key: fail(k, why))
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise fail("fail-on", f"must be one of {', '.join(FAIL_ON)}")
        kw["fail_on"] = table["fail-on"]
    if "format" in table:
        if table["format"] not in FORMATS:
            raise fail("format", f"must be one of {', '.join(FORMATS)}")
        kw["format"] = table["format"]
    if "encoding" in table:
        if not isinstance(table["encoding"], str):
            raise fail("encoding", "must be a string such as \"latin-1\"")
        try:
            kw["encoding"] = codec_name(table["encoding"])
        except ValueError as exc:
            raise fail("encoding", str(exc)) from None
    if "cache-dir" in table:
        if not isinstance(table["cache-dir"], str) or not table["cache-dir"]:
            raise fail("cache-dir", "must be a folder name such as \".unspin_cache\"")
        kw["cache_dir"] = table["cache-dir"]
    for key in ("respect-gitignore", "force-exclude", "cache", "show-source"):
        if key in table:
            if not isinstance(table[key], bool):
                raise fail(key, "must be true or false")
            kw[key.replace("-", "_")] = table[key]
    if "overrides" in table:
        ovs = table["overrides"]
        if not isinstance(ovs, list) or not all(isinstance(o, dict) for o in ovs):
            raise fail("overrides", "must be an array of tables ([[...overrides]])")
        out = []
        for i, ov in enumerate(ovs):
            where = f"overrides[{i}]"
            bad = sorted(set(ov) - _OVERRIDE_KEYS)
            if bad:
                raise fail(
                    f"{where}.{bad[0]}",
                    f"unknown key (expected one of: {', '.join(sorted(_OVERRIDE_KEYS))})",
                )
            if "paths" not in ov:
                raise fail(where, "missing required key 'paths'")
            paths = _strings(ov["paths"], lambda why, w=where: fail(f"{w}.paths", why))
            thr = None
            if "threshold" in ov:
                thr = _threshold(ov["threshold"], lambda why, w=where: fail(f"{w}.threshold", why))
            allowed = ()
            if "allowed" in ov:
                allowed = _strings(ov["allowed"], lambda why, w=where: fail(f"{w}.allowed", why))
            ignore = _rules(ov.get("ignore", []), lambda why, w=where: fail(f"{w}.ignore", why))
            out.append(Override(paths, thr, allowed, ignore))
        kw["overrides"] = tuple(out)
    return Config(**kw)


def _rules(value: Any, fail) -> tuple[str, ...]:
    rules = _strings(value, fail)
    if why := unknown_rule(rules):
        raise fail(why)
    return rules


def _threshold(value: Any, fail) -> float:
    try:
        return probability_threshold(value)
    except (TypeError, ValueError) as exc:
        raise fail(str(exc)) from None


def _strings(value: Any, fail) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise fail("must be a list of strings")
    return tuple(value)
