"""PDF documents: their text layer, for ``check`` and ``explain``.

Research-integrity staff and journal editors mostly hold papers as PDF. A PDF has no
paragraphs or sentences of its own, only text drawn on pages; :func:`text_of` asks ``pypdf``
(pure Python, imported only when a PDF is read) for each page's text in reading order, as
``pdftotext`` would, and repairs what typesetting did to the words:

* ligature characters become their letters ("deﬁned" -> "defined"), since the baselines
  know words, not glyphs; soft hyphens are dropped;
* a word hyphenated across a line break is joined ("ex-" + "ample", "het-" +
  "eroskedasticity"), unless both parts are words and the solid form is far rarer than
  they are: then it is a compound and keeps its hyphen ("well-" + "known", "long-" + "term");
* pages are separated by a blank line, so a page's last paragraph never runs on into the
  next page's running head.

Running heads, page numbers and figure labels stay in the text (they are the PDF's), and
prose extraction treats the text as plain text: a heading repeated on every page is blanked
from its third copy on, lines that read as code are blanked, and a finding's line and column
are those of this extracted text, which ``unspin restore`` prints (it never writes a PDF).

Bad input is a :class:`~detector.files.FileError` with a one-line reason: no ``%PDF``
header, a damaged file, an encrypted one that needs a password, more than
:data:`MAX_PDF_BYTES`, or a page whose text takes more than :data:`MAX_PAGE_SECONDS` to
read (pypdf is pure Python: a page whose content streams were built to be slow, or are
damaged in a way that makes them slow, would otherwise hold a pre-commit hook or a batch job
for as long as it takes). On the main thread of a Unix process the page is interrupted when
its time is up (``SIGALRM``, only when no other alarm is pending); elsewhere it is stopped
between pages. A PDF whose pages hold no text (a scan, a figure) is reported as
such when named on the command line and skipped in directory walks, like a binary file.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import signal
import threading
import time
from collections.abc import Iterator

from .files import FileError
from .tokens import LIGATURES

__all__ = ["MAX_PAGE_SECONDS", "MAX_PDF_BYTES", "text_of"]

# A 500-page thesis with figures is tens of MB; pypdf holds the whole file in memory.
MAX_PDF_BYTES = 256 * 1024 * 1024
# pypdf reads an ordinary page in hundredths of a second, a dense one in about a second.
MAX_PAGE_SECONDS = 30.0

_LIGATURES = str.maketrans({**LIGATURES, "\u00ad": None})
# "ex-\nample": a lower-case word part after a hyphen that ends a line.
# From a word's first letter only (the lookbehind): tried from every letter, a long run of
# letters with no hyphen after it was quadratic (20,000 letters: 11.6 s; issue #7).
_HYPHENATED_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-[ \t]*\n[ \t]*([a-z][^\W\d_]*)")
# How much rarer (Zipf) than the rarer of its parts a word written solid may be and still be
# a word broken at a line's end rather than a hyphenated compound.
_COMPOUND_GAP = 2.0


def text_of(data: bytes) -> str:
    """The text of every page of the PDF ``data``, pages separated by a blank line."""
    if len(data) > MAX_PDF_BYTES:
        raise FileError(f"PDF larger than {MAX_PDF_BYTES >> 20} MB")
    if b"%PDF-" not in data[:1024]:
        raise FileError("not a PDF document: no %PDF header")
    try:
        import pypdf
    except ImportError:  # a dependency; only a broken installation lacks it
        raise FileError("reading PDF needs the pypdf package (pip install pypdf)") from None
    # pypdf logs what it repairs in damaged files; the user gets one line from us instead.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileError("encrypted PDF: its text needs a password")
        pages = list(_page_texts(reader))
    except FileError:
        raise
    except RecursionError:
        raise FileError("not a readable PDF (nested too deeply)") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise FileError(f"not a readable PDF ({type(exc).__name__})") from None
    finally:
        log.setLevel(level)
    text = "\n\n".join(_repaired(page) for page in pages if page.strip())
    if not text.strip():
        raise FileError("PDF has no text layer (a scan or a figure?); run OCR on it first",
                        binary=True)
    return text + "\n"


class _PageTimeout(Exception):
    pass


def _page_texts(reader) -> Iterator[str]:  # reader: pypdf.PdfReader
    for number, page in enumerate(reader.pages, 1):
        start = time.monotonic()
        try:
            with _alarm(MAX_PAGE_SECONDS):
                text = page.extract_text() or ""
        except _PageTimeout:
            text = None
        if text is None or time.monotonic() - start > MAX_PAGE_SECONDS:
            raise FileError(f"PDF page {number} took more than {MAX_PAGE_SECONDS:g} s to read "
                            "(damaged or built to be slow); not analysed")
        yield text


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`_PageTimeout` in the block after ``seconds``, where a process can be
    interrupted: its main thread on Unix, with no alarm of the caller's pending."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _repaired(page: str) -> str:
    page = page.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if "-" not in page:
        return page
    from . import baselines

    def join(m: re.Match[str]) -> str:
        first, second = m.group(1).lower(), m.group(2)
        whole = first + second
        # A syllable break leaves a part that is no word ("het-", "eroskedasticity"), or
        # joins into a word about as common as its parts ("para-" + "metric"); a compound
        # of two common words is much rarer written solid ("wellknown", "longterm").
        if not (baselines.known(first) and baselines.known(second)) or (
            baselines.known(whole)
            and baselines.zipf(whole) >= min(baselines.zipf(first), baselines.zipf(second))
            - _COMPOUND_GAP
        ):
            return m.group(1) + second + "\n"
        return m.group(0)

    return _HYPHENATED_RE.sub(join, page)
