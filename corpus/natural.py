"""Natural English gathered at build time from offline packages.

The repository keeps no copied prose: this module only knows where installed packages keep
their text and how to clean it. :func:`gather` yields :class:`Doc` records (stable id, genre,
source, licence, text) that ``corpus/build_corpus.py`` writes to ``corpus/data/natural.jsonl``.

Sources (see ``corpus/SOURCES.md`` for licences and install commands):

- ``gensim-lee``: the Lee et al. (2005) news corpus shipped as gensim test data (news).
- ``enwiki``: the shortened English Wikipedia dump in gensim's test data; wiki markup is
  stripped, articles are cut at section boundaries into passage-sized documents. Articles are
  tagged medical / legal / scientific from their categories, else encyclopedic; sections that
  are mostly bullet lists become ``list`` documents and section titles become ``headlines``.
- ``newsgroups``: gensim's ``mini_newsgroup`` (20 Newsgroups sample); the file is a protocol-0
  pickle, but we never unpickle it: the post bodies are read as escaped text lines. Headers,
  quoted replies and signatures are dropped; subject lines become ``headlines`` documents.
- ``pang-lee``: movie-review sentences (informal, opinion) from gensim's test data.
- ``python-doc``: Debian ``python3.11-doc`` HTML (technical prose), paragraphs and list items
  only, code blocks dropped.
- ``docstrings`` (opt-in, see :data:`OPT_IN`): docstrings of the installed numpy, scipy and
  scikit-learn (numpydoc API references: statistical and numerical terms, parameter
  fragments), through unspin's own reStructuredText prose extraction; 150k words per
  package.
- ``kjv``: the King James Bible through Debian ``bible-kjv`` (archaic prose), one chapter per
  document (long chapters cut).
- ``fortunes``: Debian ``fortunes`` (quotations, dialogue, jokes), grouped into documents.
- ``licenses``: ``/usr/share/common-licenses`` (legal prose), cut into passages.

No learner-English corpus is available offline (none in Debian or the packages above), so
that genre is missing; see SOURCES.md.

Everything is deterministic: files are read in sorted order and documents get ids from the
source's own keys (page id, chapter, file name) plus a passage number.
"""

from __future__ import annotations

import bz2
import html
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["SOURCES", "Doc", "check", "clean_wiki", "gather", "split_passages", "word_count"]

MAX_WORDS = 600
MIN_WORDS = 80

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


@dataclass(frozen=True)
class Doc:
    """One natural document. ``group`` is the source document it was cut from (a wiki
    article, a book chapter, a licence): splits keep a group together."""

    id: str
    genre: str
    source: str
    licence: str
    text: str
    group: str

    def to_json(self) -> dict:
        d = asdict(self)
        d["words"] = word_count(self.text)
        return d


def _gensim_data() -> Path:
    try:
        import gensim  # noqa: F401  (only for its path)
    except ImportError as e:  # pragma: no cover - build-time message
        raise SystemExit("gensim not installed: pip install 'gensim>=4.3' (build extra)") from e
    import importlib.util

    spec = importlib.util.find_spec("gensim")
    assert spec and spec.origin
    return Path(spec.origin).parent / "test" / "test_data"


# ----------------------------------------------------------------------------------------
# Cutting long texts into passage-sized documents


def split_passages(paragraphs: list[str], max_words: int = MAX_WORDS,
                   min_words: int = MIN_WORDS) -> list[str]:
    """Group paragraphs into passages of at most ``max_words`` words (a paragraph longer than
    that is cut at sentence ends); a short tail joins the previous passage when it fits."""
    units: list[str] = []
    for p in paragraphs:
        p = p.strip()
        if not p:
            continue
        if word_count(p) <= max_words:
            units.append(p)
            continue
        sents = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", p)
        cur: list[str] = []
        n = 0
        for s in sents:
            k = word_count(s)
            if cur and n + k > max_words:
                units.append(" ".join(cur))
                cur, n = [], 0
            cur.append(s)
            n += k
        if cur:
            units.append(" ".join(cur))
    out: list[list[str]] = []
    counts: list[int] = []
    for u in units:
        k = word_count(u)
        if out and counts[-1] < min_words * 3 and counts[-1] + k <= max_words:
            out[-1].append(u)
            counts[-1] += k
        else:
            out.append([u])
            counts.append(k)
    if len(out) > 1 and counts[-1] < min_words and counts[-2] + counts[-1] <= max_words:
        out[-2].extend(out.pop())
    return ["\n\n".join(x) for x in out]


# ----------------------------------------------------------------------------------------
# Lee news corpus


def lee() -> Iterator[Doc]:
    base = _gensim_data()
    lic = "gensim test data (LGPL-2.1 package); Lee et al. 2005 news corpus, research use"
    for name, tag in (("lee_background.cor", "bg"), ("lee.cor", "test")):
        with (base / name).open(encoding="utf-8", errors="replace") as f:
            for i, line in enumerate(f):
                text = re.sub(r"\s+", " ", line).strip()
                if word_count(text) >= 20:
                    did = f"gensim-lee:{tag}:{i}"
                    yield Doc(did, "news", "gensim-lee", lic, text, did)


def pang_lee() -> Iterator[Doc]:
    base = _gensim_data()
    lic = "gensim test data; Pang & Lee sentence polarity data, research use"
    lines = [
        ln.strip() for ln in (base / "pang_lee_polarity.cor").read_text(
            encoding="utf-8", errors="replace").splitlines() if ln.strip()
    ]
    # Lower-cased, tokenised review sentences: grouped 10 to a document, one per paragraph.
    for i in range(0, len(lines), 10):
        text = "\n\n".join(_detok(re.sub(r"^__label__\w+\s*", "", s)) for s in lines[i : i + 10])
        did = f"pang-lee:{i // 10}"
        yield Doc(did, "review", "pang-lee", lic, text, did)


def _detok(s: str) -> str:
    s = re.sub(r" ([.,!?;:%)])", r"\1", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    return s[:1].upper() + s[1:]


# ----------------------------------------------------------------------------------------
# Wikipedia

_WIKI_LIC = "CC BY-SA 3.0 (Wikipedia), via gensim test data"
_MEDICAL = re.compile(r"disease|medic|disorder|syndrome|anatom|health|pharmac|drug|"
                      r"psychiatr|patholog|physiolog|virus|infect", re.I)
_LEGAL = re.compile(r"\blaw\b|\blaws\b|legal|court|judic|crime|criminal|constitution|"
                    r"procedure|jurisprud|rights", re.I)
_SCIENCE = re.compile(r"science|physics|chemi|biolog|mathemat|statistic|astronom|algebra|"
                      r"geometr|zoology|botany|alkane|element|compound|computing|logic", re.I)


def _strip_nested(text: str, open_: str, close: str) -> str:
    out = []
    depth = 0
    i = 0
    n = len(text)
    lo, lc = len(open_), len(close)
    while i < n:
        if text.startswith(open_, i):
            depth += 1
            i += lo
        elif depth and text.startswith(close, i):
            depth -= 1
            i += lc
        else:
            if not depth:
                out.append(text[i])
            i += 1
    return "".join(out)


def _strip_links(text: str) -> str:
    """[[File:..|..[[x]]..]] removed whole; [[a|b]] -> b; [[a]] -> a."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("[[", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        depth = 0
        k = j
        while k < n:
            if text.startswith("[[", k):
                depth += 1
                k += 2
            elif text.startswith("]]", k):
                depth -= 1
                k += 2
                if depth == 0:
                    break
            else:
                k += 1
        inner = text[j + 2 : k - 2]
        if re.match(r"\s*(file|image|category|media|[a-z]{2,3}(-[a-z]+)?)\s*:", inner, re.I):
            pass  # files, categories and interlanguage links carry no prose
        else:
            out.append(_strip_links(inner.split("|")[-1]))
        i = k
    return "".join(out)


def clean_wiki(markup: str) -> list[tuple[str, str]]:
    """Wiki markup to (section title, section text) pairs of plain prose; paragraphs are
    separated by blank lines, list items kept one per line."""
    t = html.unescape(markup)
    t = re.sub(r"<!--.*?-->", "", t, flags=re.S)
    t = re.sub(r"<ref[^>/]*/>", "", t)
    t = re.sub(r"<ref[^>]*>.*?</ref>", "", t, flags=re.S)
    t = re.sub(r"<(math|gallery|timeline|code|pre|source|table)[^>]*>.*?</\1>", "", t,
               flags=re.S | re.I)
    t = _strip_nested(t, "{{", "}}")
    t = _strip_nested(t, "{|", "|}")
    t = _strip_links(t)
    t = re.sub(r"\[(?:https?|ftp)://\S+\s+([^\]]*)\]", r"\1", t)
    t = re.sub(r"\[(?:https?|ftp)://\S+\]", "", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = re.sub(r"'{2,}", "", t)
    t = html.unescape(t).replace("\u00a0", " ")
    sections: list[tuple[str, str]] = []
    title = ""
    lines: list[str] = []
    for raw in t.split("\n"):
        line = raw.strip()
        m = re.match(r"^(=+)\s*(.*?)\s*\1$", line)
        if m:
            sections.append((title, "\n".join(lines)))
            title, lines = m.group(2), []
            continue
        if re.match(r"^[*#]+", line):
            item = re.sub(r"^[*#:;]+\s*", "", line)
            lines.append("- " + item if item else "")
        elif line.startswith((":", ";", "|", "!")) or line.startswith("__"):
            continue
        else:
            lines.append(line)
    sections.append((title, "\n".join(lines)))
    out = []
    for title, body in sections:
        body = re.sub(r"[ \t]+", " ", body)
        body = re.sub(r" ([,.;:])", r"\1", body)
        body = re.sub(r"\(\s*[,;]?\s*\)", "", body)
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        out.append((title, body))
    return out


def enwiki() -> Iterator[Doc]:
    import xml.etree.ElementTree as ET

    path = _gensim_data() / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    with bz2.open(path) as f:
        for _, elem in ET.iterparse(f):
            if not elem.tag.endswith("}page"):
                continue
            ns = elem.tag[: -len("page")]
            title = elem.findtext(f"{ns}title") or ""
            pid = elem.findtext(f"{ns}id") or ""
            text = elem.findtext(f"{ns}revision/{ns}text") or ""
            elem.clear()
            if not text or text.lstrip().lower().startswith("#redirect") or ":" in title:
                continue
            yield from _wiki_docs(pid, title, text)


def _wiki_docs(pid: str, title: str, markup: str) -> Iterator[Doc]:
    cats = " ".join(re.findall(r"\[\[Category:([^\]|]*)", markup))
    probe = cats + " " + title
    genre = ("medical" if _MEDICAL.search(probe) else "legal" if _LEGAL.search(probe)
             else "scientific" if _SCIENCE.search(probe) else "encyclopedic")
    group = f"enwiki:{pid}"
    headings: list[str] = [title]
    n = 0
    for sec_title, body in clean_wiki(markup):
        if sec_title:
            headings.append(sec_title)
        if sec_title.lower() in {"references", "external links", "see also", "further reading",
                                 "notes", "bibliography", "sources", "footnotes"}:
            continue
        lines = [ln for ln in body.split("\n")]
        items = [ln for ln in lines if ln.startswith("- ")]
        paras = [p.strip() for p in body.split("\n\n") if p.strip()]
        if len(items) >= 3 and len(items) >= 0.5 * sum(1 for ln in lines if ln.strip()):
            text = "\n".join(ln for ln in lines if ln.strip())
            if word_count(text) >= 20:
                for part in split_passages([text]):
                    yield Doc(f"{group}:{n}", "list", "enwiki", _WIKI_LIC, part, group)
                    n += 1
            continue
        paras = [p for p in paras if word_count(p) >= 8 or p.startswith("- ")]
        for part in split_passages(paras):
            if word_count(part) >= 30:
                yield Doc(f"{group}:{n}", genre, "enwiki", _WIKI_LIC, part, group)
                n += 1
    heads = [h for h in headings if h and word_count(h) >= 1]
    if len(heads) >= 4:
        yield Doc(f"{group}:h", "headlines", "enwiki", _WIKI_LIC, "\n".join(heads), group)


# ----------------------------------------------------------------------------------------
# Newsgroups (protocol-0 pickle read as text, never unpickled)


def newsgroups() -> Iterator[Doc]:
    raw = zlib.decompress((_gensim_data() / "mini_newsgroup").read_bytes()).decode("latin-1")
    lic = "20 Newsgroups sample via gensim test data, research use"
    posts = []
    for m in re.finditer(r"^a?V(.*)$", raw, re.M):
        s = m.group(1).encode("latin-1").decode("raw_unicode_escape")
        if re.search(r"^Subject: ", s.partition("\n\n")[0], re.M):
            posts.append(s)
    subjects = []
    for i, post in enumerate(posts):
        head, _, body = post.partition("\n\n")
        group_m = re.search(r"^Newsgroups: ([^\n,]+)", head, re.M)
        subj = re.search(r"^Subject: (.*)$", head, re.M)
        if subj:
            s = re.sub(r"^(re:\s*)+", "", subj.group(1).strip(), flags=re.I)
            if s and s not in subjects and word_count(s) >= 2:
                subjects.append(s)
        text = _clean_post(body)
        if word_count(text) < 30:
            continue
        did = f"newsgroups:{i}"
        ng = group_m.group(1) if group_m else ""
        genre = "medical" if ng == "sci.med" else "forum"
        for k, part in enumerate(split_passages(text.split("\n\n"))):
            yield Doc(f"{did}:{k}", genre, "newsgroups", lic, part, did)
    for k in range(0, len(subjects), 25):
        did = f"newsgroups:subjects:{k // 25}"
        yield Doc(did, "headlines", "newsgroups", lic, "\n".join(subjects[k : k + 25]), did)


def _clean_post(body: str) -> str:
    lines = []
    for line in body.split("\n"):
        s = line.rstrip()
        if s.startswith(("--", "__")) and len(s.strip("-_ ")) == 0:
            break  # signature separator
        if s.lstrip().startswith((">", "|", ":")) or re.search(r"writes:$|wrote:$", s):
            continue
        if re.match(r"^\s*(In article|From:|Subject:|Organization:|Lines:)", s):
            continue
        if re.search(r"@|https?://|[=*#~]{4,}|\t", s):
            continue
        lines.append(s.strip())
    text = "\n".join(lines)
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    # Drop tables, ASCII art and code: prose is mostly letters.
    paras = [p for p in paras
             if word_count(p) >= 3 and len(re.findall(r"[a-zA-Z]", p)) > 0.6 * len(p)]
    return "\n\n".join(paras)


# ----------------------------------------------------------------------------------------
# Python documentation (HTML)

PYDOC = Path("/usr/share/doc/python3.11/html")
_PYDOC_DIRS = ("tutorial", "howto", "faq", "reference", "using", "library", "extending",
               "whatsnew", "installing", "distributing")


class _Paragraphs(HTMLParser):
    """Text of <p>, <li>, <dd> and <h1-3> inside the document body; code blocks skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self.cur: list[str] | None = None
        self.skip = 0
        self.in_body = False
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("role") == "main":
            self.in_body = True
        if tag in ("pre", "script", "style") or "highlight" in (a.get("class") or ""):
            self.skip += 1
            self.stack.append(tag)
            return
        if tag in ("p", "h1", "h2", "h3") and self.in_body and not self.skip:
            self.cur = []
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            if tag in ("pre", "script", "style", "div") and self.skip:
                self.skip -= 1
                return
            if self.cur is not None and tag in ("p", "h1", "h2", "h3"):
                text = re.sub(r"\s+", " ", "".join(self.cur)).strip().rstrip("¶").strip()
                if text:
                    self.paras.append(text)
                self.cur = None

    def handle_data(self, data):
        if self.cur is not None and not self.skip:
            self.cur.append(data)


def _technical_passages(source: str, rel: str, lic: str, paras: list[str]
                        ) -> Iterator[tuple[Doc, int]]:
    """Passages of one page or module (group ``source:rel``) of 40+ words, with their word
    counts: the documentation sources cap their total words."""
    group = f"{source}:{rel}"
    for k, part in enumerate(split_passages(paras)):
        n = word_count(part)
        if n >= 40:
            yield Doc(f"{group}:{k}", "technical", source, lic, part, group), n


def python_doc(max_words: int = 600_000) -> Iterator[Doc]:
    if not PYDOC.is_dir():
        raise SystemExit("Python docs not found: apt-get install python3.11-doc")
    lic = "PSF-2.0 (Python documentation), Debian python3.11-doc"
    total = 0
    for sub in _PYDOC_DIRS:
        for path in sorted((PYDOC / sub).rglob("*.html")):
            rel = path.relative_to(PYDOC).as_posix()
            p = _Paragraphs()
            p.feed(path.read_text(encoding="utf-8", errors="replace"))
            paras = [x for x in p.paras if word_count(x) >= 6]
            for doc, n in _technical_passages("python-doc", rel, lic, paras):
                yield doc
                total += n
            if total >= max_words:
                return


# ----------------------------------------------------------------------------------------
# Scientific-software docstrings

# numpydoc API references: dense with statistical and numerical terms ("estimator", "recall",
# "bivariate spline", "chance level") that general-English baselines rarely see, in
# fragments ("pos_label : int, default=None"); 0.3% of installed packages' docstring passages
# read as spun to the shipped models. Opt-in (``--sources``), not in the default corpus: a
# training run with them (2026-12-01) raised synthetic passage recall but left a
# self-written numpydoc passage spun (p 0.996 -> 0.992) and moved the seeds the wrong way
# (spun seed 0.996 -> 0.951, 28 -> 7 of its substitutions found; natural seed 0.041 ->
# 0.082), so the shipped models do not use them (models/README.md).
DOCSTRING_PACKAGES = ("numpy", "scipy", "sklearn")
DOCSTRING_MIN_WORDS = 30


def _docstrings_of(path: Path) -> list[str]:
    import ast

    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (SyntaxError, ValueError):
        return []
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, kinds):
            d = ast.get_docstring(node)
            if d and word_count(d) >= DOCSTRING_MIN_WORDS:
                out.append(d)
    return out


def docstrings(max_words_per_package: int = 150_000) -> Iterator[Doc]:
    """Docstrings of the installed numpy, scipy and scikit-learn (not their tests), read as
    reStructuredText by unspin's own prose extraction (markup, doctests and code blanked,
    as ``unspin check`` would read them), one group per module."""
    import importlib.util

    from detector.prose import BREAK, extract

    for pkg in DOCSTRING_PACKAGES:
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"{pkg} not installed: {INSTALL['docstrings']}")
        root = Path(next(iter(spec.submodule_search_locations)))
        version = getattr(__import__(pkg), "__version__", "?")
        lic = f"BSD-3-Clause ({pkg} {version} docstrings)"
        total = 0
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root.parent).as_posix()
            if "/tests/" in rel or path.name.startswith(("test_", "conftest")):
                continue
            paras = []
            for d in _docstrings_of(path):
                prose = extract(d, "rst").replace(BREAK, " ")
                for para in re.split(r"\n\s*\n", prose):
                    para = re.sub(r"\s+", " ", para).strip()
                    if word_count(para) >= 4:
                        paras.append(para)
            for doc, n in _technical_passages("docstrings", rel, lic, paras):
                yield doc
                total += n
            if total >= max_words_per_package:
                break


# ----------------------------------------------------------------------------------------
# King James Bible

_KJV_BOOKS = (
    ("gen", 50), ("exod", 40), ("ruth", 4), ("1sam", 31), ("2sam", 24), ("1kings", 22),
    ("esth", 10), ("job", 42), ("prov", 31), ("eccl", 12), ("song", 8), ("isa", 66),
    ("dan", 12), ("jonah", 4), ("matt", 28), ("mark", 16), ("luke", 24), ("john", 21),
    ("acts", 28), ("rom", 16), ("1cor", 16), ("heb", 13), ("jas", 5), ("rev", 22),
)


def kjv() -> Iterator[Doc]:
    exe = shutil.which("bible")
    if not exe:
        raise SystemExit("KJV text not found: apt-get install bible-kjv bible-kjv-text")
    lic = "public domain (Crown copyright in the UK); Debian bible-kjv-text"
    for book, chapters in _KJV_BOOKS:
        refs = [f"{book}{c}:1-999" for c in range(1, chapters + 1)]
        out = subprocess.run([exe, "-f", "-l0", *refs], capture_output=True, text=True,
                             check=True, env={"COLUMNS": "100000"}).stdout
        verses: dict[str, list[str]] = {}
        order: list[str] = []
        for line in out.splitlines():
            m = re.match(r"^(\w+?)(\d+):(\d+) (.*)$", line.strip())
            if not m:
                if order and line.strip():
                    verses[order[-1]][-1] += " " + line.strip()
                continue
            key = f"{m.group(1)}{m.group(2)}"
            if key not in verses:
                verses[key] = []
                order.append(key)
            verses[key].append(m.group(4).strip())
        for key in order:
            # Verses run together as prose; a paragraph every few verses keeps blank lines.
            vs = verses[key]
            paras = [" ".join(vs[i : i + 4]) for i in range(0, len(vs), 4)]
            group = f"kjv:{key}"
            for k, part in enumerate(split_passages(paras)):
                yield Doc(f"{group}:{k}", "archaic", "kjv", lic, part, group)


# ----------------------------------------------------------------------------------------
# Fortunes

FORTUNES = Path("/usr/share/games/fortunes")
_FORTUNE_FILES = ("fortunes", "literature", "people", "humorists", "wisdom", "law", "medicine",
                  "definitions", "miscellaneous", "work", "love", "science", "politics",
                  "education", "pets", "platitudes", "food", "sports", "computers")


def fortunes() -> Iterator[Doc]:
    if not FORTUNES.is_dir():
        raise SystemExit("fortunes not found: apt-get install fortunes")
    lic = "Debian fortunes (BSD fortune-mod data; quotations, mixed public domain)"
    for name in _FORTUNE_FILES:
        path = FORTUNES / name
        if not path.is_file():
            continue
        items = []
        for chunk in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            c = chunk.strip("%\n ")
            if not c:
                continue
            # Join wrapped lines; keep dialogue turns ("A: ...") and attributions on own lines.
            lines = [ln.strip() for ln in c.split("\n")]
            text = ""
            for ln in lines:
                if not ln:
                    text += "\n"
                elif re.match(r"^([A-Z][\w .']{0,20}:|--|-- |\"|[A-Z]+:)", ln) and text:
                    text += "\n" + ln
                else:
                    text += (" " if text and not text.endswith("\n") else "") + ln
            text = re.sub(r"\n{2,}", "\n", text).strip()
            if word_count(text) >= 5 and not re.search(r"[|_/\\]{3,}", text):
                items.append(text)
        genre = "dialogue"
        for k, part in enumerate(split_passages(items, max_words=400, min_words=MIN_WORDS)):
            did = f"fortunes:{name}:{k}"
            yield Doc(did, genre, "fortunes", lic, part, did)


# ----------------------------------------------------------------------------------------
# Licence texts

LICENSES = Path("/usr/share/common-licenses")


def licenses() -> Iterator[Doc]:
    if not LICENSES.is_dir():
        raise SystemExit("/usr/share/common-licenses missing: apt-get install base-files")
    for path in sorted(LICENSES.iterdir()):
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        paras = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        paras = [p for p in paras if word_count(p) >= 4]
        group = f"licenses:{path.name}"
        lic = f"{path.name} licence text (verbatim copying permitted)"
        for k, part in enumerate(split_passages(paras)):
            yield Doc(f"{group}:{k}", "legal", "licenses", lic, part, group)


# ----------------------------------------------------------------------------------------

SOURCES = {
    "gensim-lee": lee,
    "enwiki": enwiki,
    "newsgroups": newsgroups,
    "pang-lee": pang_lee,
    "python-doc": python_doc,
    "docstrings": docstrings,
    "kjv": kjv,
    "fortunes": fortunes,
    "licenses": licenses,
}

# What to install for each source, for the builder's install check.
INSTALL = {
    "gensim-lee": "pip install 'gensim>=4.3'",
    "enwiki": "pip install 'gensim>=4.3'",
    "newsgroups": "pip install 'gensim>=4.3'",
    "pang-lee": "pip install 'gensim>=4.3'",
    "python-doc": "apt-get install python3.11-doc",
    "docstrings": "pip install -e '.[build]' (numpy, scipy, scikit-learn)",
    "kjv": "apt-get install bible-kjv bible-kjv-text",
    "fortunes": "apt-get install fortunes",
    "licenses": "apt-get install base-files",
}


def check() -> list[str]:
    """Problems with the installed sources, one line each with the install command."""
    problems = []
    try:
        base = _gensim_data()
        if not (base / "lee_background.cor").is_file():
            problems.append(f"gensim test data missing in {base}: {INSTALL['enwiki']}")
    except SystemExit as e:
        problems.append(str(e))
    if not (PYDOC / "tutorial").is_dir():
        problems.append(f"python-doc: {PYDOC} missing: {INSTALL['python-doc']}")
    if not shutil.which("bible") or not Path("/usr/lib/bible.data").exists():
        problems.append(f"kjv: 'bible' command or data missing: {INSTALL['kjv']}")
    if not (FORTUNES / "fortunes").is_file():
        problems.append(f"fortunes: {FORTUNES}/fortunes missing: {INSTALL['fortunes']}")
    if not LICENSES.is_dir():
        problems.append(f"licenses: {LICENSES} missing: {INSTALL['licenses']}")
    return problems


# Sources read only when asked for by name (``python -m corpus.build_corpus --sources``).
OPT_IN = frozenset({"docstrings"})


def gather(sources: Iterable[str] | None = None) -> Iterator[Doc]:
    """All natural documents (the default sources, or ``sources`` by name), source by source
    in a fixed order; ids are unique."""
    seen: set[str] = set()
    for name in sources or [s for s in SOURCES if s not in OPT_IN]:
        for doc in SOURCES[name]():
            text = doc.text.strip()
            if not text or doc.id in seen:
                continue
            seen.add(doc.id)
            yield doc if text == doc.text else Doc(doc.id, doc.genre, doc.source, doc.licence,
                                                   text, doc.group)
