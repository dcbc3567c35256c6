"""Checking files too large to analyse whole: decode in blocks, analyse in chunks, combine.

A file bigger than :data:`STREAM_MIN_BYTES` is not analysed in one piece. It is decoded
incrementally (same rules as :func:`detector.files.decode`: UTF-8 with or without BOM,
UTF-16 or UTF-32 with a BOM, NUL bytes mean binary) and cut into chunks of at most
:data:`CHUNK_CHARS` characters (about 17k words; a CRLF counts as one). A cut goes after the
last blank line in the window, so paragraphs, and hence passages, stay whole; a window
without a blank line is cut after its
last line break, then after a tag's end ">" in its second half (minified HTML), then after its
last white space, and only as a last resort in the middle of a run of characters (a 10 MB
line without white space). A blank line inside an open Markdown code fence is not a cut: the
chunk ends before the fence instead. Each chunk goes through the usual pipeline (prose
extraction, suppression, ``detector.analyze``) and its findings and passages are shifted
into file coordinates with :func:`dataclasses.replace`: offsets by the chunk's character
offset, lines by the number of line breaks before it, and columns on the chunk's first line
by the characters of that line that belong to the previous chunk.

Memory stays bounded by the chunk size, not the file size: the combined report keeps every
finding and every passage labelled spun, and natural passages and per-sentence scores only up
to :data:`KEEP_ITEMS` of them (a 1 GB file has millions); a note says when some were dropped.
The whole-file probability is the highest chunk probability (each chunk's is its own
whole-text score, or a passage's when more of its passages are spun than chance explains, see
:func:`detector.analyzer.document_probability`). A chunk that is not
English is skipped like a whole file would be, with a note; the file is ``unsupported`` only
when no chunk is English.

Chunks are cut where the same text with Unix line breaks would be (a CRLF counts as one
character), so Windows line breaks change no finding. A ``<!-- unspin-disable -->`` region
and a Markdown code fence longer than a chunk are carried from one chunk to the next. Known
limits: an HTML ``<pre>``, ``<script>`` or comment, or a LaTeX ``verbatim`` or ``comment``
environment, that straddles a cut is parsed in two halves (its second half read as prose).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace

from .files import FileError, choose_codec, label, os_error_reason, undecodable, wide

__all__ = [
    "CHUNK_CHARS",
    "STREAM_MIN_BYTES",
    "analyze_chunks",
    "analyze_path",
    "analyze_text",
    "iter_chunks",
    "prepared",
    "should_stream",
    "split_text",
    "too_long",
]

# detector.analyze needs roughly 8 KB of working memory per word and slows down on very long
# texts, so chunks are kept to about 17k words (~150 MB of working memory per process).
STREAM_MIN_BYTES = 128 * 1024  # files larger than this are analysed in chunks
CHUNK_CHARS = 100_000  # characters of text per analysed chunk
KEEP_ITEMS = 100_000  # natural passages + sentences kept in the combined report
KEEP_CHUNK_NOTES = 20  # chunks' own notes kept in the combined report, each with its line
READ_BYTES = 1 << 20  # bytes per read() call
_SNIFF_BYTES = 8192  # NUL bytes in the first 8 KiB mean binary (as in files.decode)

_FENCE_RE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.MULTILINE)


def too_long(text: str) -> bool:
    """Whether an in-memory ``text`` is analysed in chunks: longer than
    :data:`STREAM_MIN_BYTES` characters, each CRLF counted as one (Windows line breaks must
    not send a text down the other path)."""
    return len(text) > STREAM_MIN_BYTES and len(text) - text.count("\r\n") > STREAM_MIN_BYTES


def should_stream(path: str) -> bool:
    """True for a regular file larger than :data:`STREAM_MIN_BYTES` that is read as text (a
    Word, EPUB or PDF document is converted whole, then analysed like long standard input)."""
    from .files import is_document

    if is_document(path):
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False  # the normal reader reports the problem
    import stat

    return stat.S_ISREG(st.st_mode) and st.st_size > STREAM_MIN_BYTES


def _decoded_blocks(path: str, encoding: str | None = None) -> Iterator[str]:
    """The file's text in blocks, decoded incrementally (``encoding`` as for
    :func:`detector.files.decode`); failures are :class:`FileError`."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise FileError(os_error_reason(exc)) from None
    try:
        head = fh.read(READ_BYTES)
        _, codec, skip = choose_codec(head, encoding)
        head = head[skip:]
        # Not sniffed after a UTF-8 BOM (it says the file is text; UTF-16 is wide anyway).
        if not skip and not wide(codec) and b"\x00" in head[:_SNIFF_BYTES]:
            raise FileError(f"not {label(codec)} text (binary file)", binary=True)
        decoder = codecs.getincrementaldecoder(codec)("strict")
        consumed = 0  # bytes handed to the decoder before the current block
        data = head
        while True:
            final = not data
            try:
                pending = len(decoder.getstate()[0])
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                where = max(0, consumed - pending + exc.start)
                raise FileError(undecodable(codec, where, named=encoding is not None)) from None
            consumed += len(data)
            if text:
                yield text
            if final:
                return
            try:
                data = fh.read(READ_BYTES)
            except OSError as exc:
                raise FileError(os_error_reason(exc)) from None
    except OSError as exc:
        raise FileError(os_error_reason(exc)) from None
    finally:
        fh.close()


def _window(buf: str, limit: int) -> int:
    """How many characters of ``buf`` hold ``limit`` characters once each CRLF counts as
    one: a file with Windows line breaks is cut where the same file with Unix ones is, so
    its chunks, passages and findings are the same (the README's promise that how a file is
    typed is no evidence; its "\r"s counted, a 1.2 MB file was cut into 14 chunks, not 13)."""
    return _window_at(buf, 0, limit)


def _window_at(text: str, start: int, limit: int) -> int:
    """:func:`_window` of ``text[start:]``, without the copy."""
    size = limit
    while True:
        crlf = text.count("\r\n", start, start + size)
        if size - crlf >= limit or start + size >= len(text):
            return size
        size = limit + crlf


def _cut(buf: str, limit: int) -> int:
    """Where to end the next chunk of ``buf`` (at most ``limit`` characters, CRLF counted
    as one, at least 1)."""
    limit = _window(buf, limit)
    cut = _cut_candidate(buf, limit)
    if buf[cut - 1 : cut] == "\r" and buf[cut : cut + 1] == "\n":
        cut = cut - 1 if cut > 1 else cut + 1  # never split a CRLF (line numbers would shift)
    return cut


def _cut_candidate(buf: str, limit: int) -> int:
    window = buf[:limit]
    i = max(window.rfind("\n\n"), window.rfind("\n\r\n"))
    if i > 0:
        cut = window.index("\n", i + 1) + 1  # after the blank line
        fences = [m.start() for m in _FENCE_RE.finditer(window, 0, cut)]
        if len(fences) % 2 and fences[-1] > 0:
            return fences[-1]  # the blank line is inside a code fence: cut before the fence
        return cut
    for sep in ("\n", "\r"):
        i = window.rfind(sep)
        if i > 0:
            return i + 1
    # A line longer than the window. Minified HTML or XML is one such line, and a cut at white
    # space inside a tag leaves the rest of the tag ('class="note">') to be read as prose:
    # cut after a tag's end instead, if one is in the window's second half.
    i = window.rfind(">")
    if i >= len(window) // 2 and "<" in window:
        return i + 1
    i = max(window.rfind(" "), window.rfind("\t"))
    if i > 0:
        return i + 1
    return max(len(window), 1)


def iter_chunks(
    path: str, chunk_chars: int | None = None, encoding: str | None = None
) -> Iterator[str]:
    """The decoded text of ``path`` in chunks of at most ``chunk_chars`` characters, cut at
    paragraph boundaries where possible. Concatenated, the chunks are the decoded file."""
    limit = chunk_chars or CHUNK_CHARS
    buf = ""
    for block in _decoded_blocks(path, encoding):
        buf += block
        while len(buf) > _window(buf, limit):
            cut = _cut(buf, limit)
            yield buf[:cut]
            buf = buf[cut:]
    while buf:
        cut = len(buf) if len(buf) <= _window(buf, limit) else _cut(buf, limit)
        yield buf[:cut]
        buf = buf[cut:]


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _tail_columns(text: str) -> int:
    """Characters after the last line break of ``text`` (all of it when there is none)."""
    i = max(text.rfind("\n"), text.rfind("\r"))
    return len(text) - (i + 1)


def _suppress(chunk: str, prose: str, kind: str, disabled: bool) -> tuple[str, bool]:
    """Blank suppressed parts of ``prose``; ``disabled`` says a region was open when the
    chunk began. Returns the prose and whether a region is still open at its end."""
    from .suppress import apply, markers
    from .tokens import line_feeds

    prefix = "<!-- unspin-disable -->\n" if disabled else ""
    # The markers are read once (reading them extracts the prose a second time) for the
    # regions blanked here and for the state carried to the next chunk.
    found = markers(line_feeds(prefix + chunk), kind)
    full = apply(prefix + chunk, " " * len(prefix) + prose, kind, found)[len(prefix) :]
    state = disabled
    for _, _, what in found:
        if what != "disable-next-line":
            state = what == "disable"
    return full, state


def prepared(chunks: Iterable[str], kind: str | None) -> Iterator[tuple[str, str]]:
    """Each of consecutive ``chunks`` of one text with its prose (markup blanked, suppressed
    regions blanked, same length), blanked exactly as the whole text would be: the short
    blocks seen in earlier chunks and a suppressed region still open carry over. With
    ``kind`` None the chunks are prose already (:func:`detector.analyze`'s text).

    Except in a line longer than a chunk (:data:`CHUNK_CHARS`), which is cut inside: the
    blankers that judge a line whole (table rows, code lines, repeated labels) judge each
    piece of it, and a piece may read as a table row where the whole line does not."""
    from .prose import extract

    if kind is None:
        yield from ((chunk, chunk) for chunk in chunks)
        return
    disabled = False
    repeats: dict[str, int] = {}  # short blocks seen in earlier chunks (prose.extract)
    fence = ""  # the opening line of a Markdown code fence still open at the last cut
    for chunk in chunks:
        # A fence longer than a chunk is cut inside; its rest is read as code, as the whole
        # file reads it, by extracting the chunk after the fence's opening line.
        head = fence + "\n" if fence else ""
        extracted = extract(head + chunk, kind, repeats=repeats)[len(head) :]
        prose, disabled = _suppress(chunk, extracted, kind, disabled)
        if kind == "markdown":
            fence = _open_fence(chunk, fence)
        yield chunk, prose


_FENCE_LINE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)


def _open_fence(chunk: str, fence: str) -> str:
    """The opening line of the Markdown code fence open at the end of ``chunk`` ("" for
    none), given the one open at its start (CommonMark: a fence closes on a line of at least
    as many of its characters and nothing else; a backtick fence's info has no backtick)."""
    opener = _FENCE_LINE_RE.match(fence) if fence else None
    for m in _FENCE_LINE_RE.finditer(chunk.replace("\r", "\n")):
        marks, rest = m.group(1), m.group(2)
        if opener is None:
            if not (marks[0] == "`" and "`" in rest):
                opener, fence = m, m.group().strip("\n")
        elif (marks[0] == opener.group(1)[0] and len(marks) >= len(opener.group(1))
              and not rest.strip()):
            opener, fence = None, ""
    return fence


def split_text(text: str, chunk_chars: int | None = None) -> Iterator[str]:
    """An in-memory text in the chunks :func:`iter_chunks` would cut a file into."""
    limit = chunk_chars or CHUNK_CHARS
    pos = 0
    while len(text) - pos > (size := _window_at(text, pos, limit)):
        cut = _cut(text[pos : pos + size + 1], limit)
        yield text[pos : pos + cut]
        pos += cut
    if pos < len(text) or not text:
        yield text[pos:]


def analyze_path(
    path: str,
    kind: str,
    *,
    chunk_chars: int | None = None,
    encoding: str | None = None,
    **options,
):
    """Analyse a large file chunk by chunk; a :class:`~detector.report.Report` in file
    coordinates. Decoding and I/O failures raise :class:`FileError`."""
    return analyze_chunks(iter_chunks(path, chunk_chars, encoding), kind,
                          chunk_chars=chunk_chars, **options)


def analyze_text(text: str, kind: str | None, *, chunk_chars: int | None = None, **options):
    """Analyse a long in-memory text (standard input; with ``kind`` None, prose already)
    chunk by chunk, like a large file."""
    return analyze_chunks(split_text(text, chunk_chars), kind, chunk_chars=chunk_chars,
                          **options)


def analyze_chunks(
    chunks_in: Iterable[str],
    kind: str | None,
    *,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
    chunk_chars: int | None = None,
    analyze: Callable | None = None,
):
    """Analyse consecutive chunks of one text and combine them in its coordinates."""
    import detector

    from .report import NATURAL, NOT_ENGLISH_PARTS, SPUN, UNSUPPORTED, Report

    analyze = analyze or detector.analyze
    offset = 0  # characters before the chunk
    lines = 0  # line breaks before the chunk
    col = 0  # characters of the chunk's first line that belong to earlier chunks
    findings: list = []
    passages: list = []
    sentences: list = []
    kept = dropped = 0
    words = 0
    prob = 0.0
    thr = threshold
    chunks = unsupported = 0
    supported_words = 0
    chunk_notes: list[str] = []
    more_notes = 0
    for chunk, prose in prepared(chunks_in, kind):
        chunks += 1
        rep = analyze(prose, threshold=threshold, allowed=allowed, ignore=ignore)
        thr = rep.threshold
        words += rep.words
        if rep.label == UNSUPPORTED:
            unsupported += 1
        else:
            supported_words += rep.words
            prob = max(prob, rep.probability)
            # What a chunk's analysis says of itself (its own score read down, item 81)
            # holds for that part of the text: said with where the part starts.
            for note in rep.notes:
                if len(chunk_notes) < KEEP_CHUNK_NOTES:
                    chunk_notes.append(f"the part from line {lines + 1}: {note}")
                else:
                    more_notes += 1
            for f in rep.findings:
                findings.append(
                    replace(
                        f,
                        start=f.start + offset,
                        end=f.end + offset,
                        line=f.line + lines,
                        column=f.column + (col if f.line == 1 else 0),
                    )
                )
            for p in rep.passages:
                if p.label == SPUN or kept < KEEP_ITEMS:
                    kept += p.label != SPUN
                    passages.append(
                        replace(p, start=p.start + offset, end=p.end + offset,
                                line=p.line + lines)
                    )
                else:
                    dropped += 1
            for sent in rep.sentences:
                if kept < KEEP_ITEMS:
                    kept += 1
                    sentences.append(
                        replace(sent, start=sent.start + offset, end=sent.end + offset,
                                line=sent.line + lines)
                    )
                else:
                    dropped += 1
        breaks = _line_breaks(chunk)
        col = _tail_columns(chunk) + (col if breaks == 0 else 0)
        lines += breaks
        offset += len(chunk)
    thr_value = 0.5 if thr is None else thr
    notes = [f"analysed in {chunks} chunks of up to {chunk_chars or CHUNK_CHARS} characters"]
    if dropped:
        notes.append(f"{dropped} natural passages and sentence scores not kept (large file)")
    notes += chunk_notes
    if more_notes:
        notes.append(f"{more_notes} more notes of parts not kept (large file)")
    # A chunk too short to tell its language is read as English (analyzer._is_english), as a
    # short text is; the tail of a long text in another language is such a chunk, and alone
    # it does not make the text English.
    from .analyzer import MIN_WORDS_FOR_LANGUAGE

    foreign = bool(chunks) and (unsupported == chunks or (
        unsupported > 0 and supported_words < MIN_WORDS_FOR_LANGUAGE))
    if unsupported and not foreign:
        notes.append(f"{unsupported} of {chunks} {NOT_ENGLISH_PARTS}")
    if foreign:
        return Report(0.0, UNSUPPORTED, words, language="unknown", threshold=thr_value,
                      notes=("text does not look like English; not analysed", *notes))
    return Report(
        prob,
        SPUN if prob >= thr_value and supported_words else NATURAL,
        words,
        tuple(passages),
        tuple(findings),
        threshold=thr_value,
        notes=tuple(notes),
        sentences=tuple(sentences),
    )
