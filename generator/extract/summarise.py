"""Extractive summaries, key points and topic tags.

Every summary sentence and key point is a sentence of a source, verbatim (a leading
dateline such as ``WASHINGTON —`` is cut off, which keeps it a verbatim substring).

Sentence scoring (article level), a sum of small named signals:

- *centrality*: TF-IDF cosine similarity to the rest of the article (what the article
  is about), plus similarity to the headline (without repeating it);
- *position*: the lead matters in news, with a soft decay rather than lead-3;
- *substance*: named people/places/organisations and key figures in the sentence;
- *penalties*: captions and datelines, quotations without context (a sentence that is
  mostly a quotation), questions, very short or very long sentences, sentences that
  open with a dangling pronoun or connective (``He``, ``But``), promo lines
  (``Related:``, ``Read more``), near-duplicates of the headline.

Story level: `generator.stories.editorial` picks the story's bottom line, key points, context and
what's next from these article-level scores, across sources.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from generator import lexicons
from generator.extract.entities import name_key
from generator.extract.nlp import sentence_spans
from generator.model import Article, ArticleMeta, CleanArticle, Figure, Mention, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


LEXICONS: tuple[str, ...] = (
    "stop_words",
    "calendar_words",
    "speech_verbs",
    "time_units",
    "topics",
    "not_tags",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""


SUMMARY_SIZE = 3
KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 6
NEAR_DUPLICATE = 0.6  # Jaccard similarity of content words

STOP_WORDS = (
    lexicons.load("stop_words")
    | lexicons.load("calendar_words")
    | lexicons.load("speech_verbs")
    | lexicons.load("time_units")
)
"""Words that say nothing of what a sentence is about: stop words, the names of days
and months, speech verbs, units of time."""

_DATELINE = re.compile(
    r"^\s*(?:"
    r"[A-Z][A-Za-z\.\s]{1,30}"  # WASHINGTON, Tel Aviv
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # , April 30
    r"(?:,\s*[A-Z][\w\.]+(?:\s+[A-Z][\w\.]+)?)?"  # , Nepal / , Calif.
    r"\s*(?:\([A-Za-z][\w\s\.\-]{1,25}\))?"  # (Reuters), (AFP)
    r"\s*[—–-]{1,2}\s+"
    r"|\([A-Z][A-Za-z\.\s]{1,30}\)\s+"  # (Washington) The …
    r")"
)
_PROMO = re.compile(
    r"^(?:Related|More|Read more|READ MORE|Watch|WATCH|Click|Sign up|Subscribe|"
    r"The Bubble|Follow|Listen|Video|Photo|PHOTO|Getty|AP Photo|Image)\b[^.]{0,80}?:"
)
_WEB_DEIXIS = re.compile(
    r"\b(?:(?:seen|see|shown|read|listed|embedded|found) (?:below|above|here)|click|"
    r"tap here|watch (?:the|this) video|sign up|subscribe|newsletter)\b",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^(?:He|She|It|They|This|That|These|Those|His|Her|Their|Its|But|And|Or|So|Yet|"
    r"Still|Also|However|Instead|Then|Meanwhile|Later|There)\b"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _topics() -> dict[str, tuple[str, ...]]:
    """`lexicons/topics.txt`: `tag: trigger ; trigger` lines (see the file for where its
    words come from)."""
    found: dict[str, tuple[str, ...]] = {}
    for entry in lexicons.entries("topics"):
        tag, _, triggers = entry.partition(":")
        found[tag.strip()] = tuple(t.strip() for t in triggers.split(";") if t.strip())
    return found


# Topic lexicon: tag -> trigger words (regular expressions over folded text, matched
# at word boundaries; `*` = any word ending). A tag is proposed when its triggers occur
# often enough in enough of the story's sources, outside the names of its people, places
# and organisations ("Atomic Energy Agency" is no evidence for "energy").
TOPICS: dict[str, tuple[str, ...]] = _topics()
MIN_TOPIC_HITS = 3
MAX_TAGS = 6
_TOPIC_PATTERNS = {
    tag: re.compile(r"\b(?:" + "|".join(t.replace("*", r"\w*") for t in triggers) + r")\b")
    for tag, triggers in TOPICS.items()
}


# --------------------------------------------------------------------------- sentences


def split_sentences(clean: CleanArticle, doc: Doc | None = None) -> tuple[Sentence, ...]:
    """The sentences of the body's paragraphs (headings are not sentences).

    Rule-based (see `generator.extract.nlp.sentence_spans`), so the split is the same with or
    without the model; `doc` is accepted for interface stability.
    """
    found = []
    for index, block in enumerate(clean.blocks):
        if block.kind == "heading":
            continue
        for lo, hi in sentence_spans(block.text):
            text = block.text[lo:hi].strip()
            if text:
                found.append(Sentence(text=text, block=index, start=lo))
    return tuple(found)


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


@functools.lru_cache(maxsize=1 << 14)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(
        word
        for word in re.findall(r"[a-z][a-z0-9'’\-]+", name_key(text))
        if word not in STOP_WORDS and len(word) > 2
    )


def _jaccard(a: str, b: str) -> float:
    wa, wb = set(_words(a)), set(_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def strip_dateline(text: str) -> str:
    """`WASHINGTON — The memos…` -> `The memos…` (still a verbatim substring)."""
    match = _DATELINE.match(text)
    if match and len(text) - match.end() > 20:
        rest = text[match.end() :]
        if rest[:1].isupper() or rest[:1] in '“"':
            return rest
    return text


# --------------------------------------------------------------------------- tf-idf


class _Vectors:
    """A tiny TF-IDF model over the given texts (no fitting state beyond them)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.bags = [Counter(_words(text)) for text in texts]
        df: Counter[str] = Counter()
        for bag in self.bags:
            df.update(bag.keys())
        n = max(1, len(texts))
        self.idf = {word: math.log((1 + n) / (1 + count)) + 1 for word, count in df.items()}
        self.vectors = [self._weigh(bag) for bag in self.bags]

    def _weigh(self, bag: Counter[str]) -> dict[str, float]:
        vector = {
            word: (1 + math.log(count)) * self.idf.get(word, 1.0) for word, count in bag.items()
        }
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {word: value / norm for word, value in vector.items()}

    def vector(self, text: str) -> dict[str, float]:
        return self._weigh(Counter(_words(text)))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(value * b.get(word, 0.0) for word, value in a.items())


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _Scored:
    score: float
    index: int
    text: str


@functools.lru_cache(maxsize=1 << 14)
def _penalty(text: str, headline: str) -> float:
    """How unfit a sentence is to stand alone in a summary (0 = fit). Remembered: a
    story's summary asks again for each candidate of each source."""
    penalty = 0.0
    words = text.split()
    if len(words) < 8:
        penalty += 1.0
    if len(words) > 55:
        penalty += 0.5
    if _PROMO.match(text):
        return 10.0
    if text.endswith((":", "?")) or text.rstrip('”"').endswith("?"):
        penalty += 1.0
    quoted = sum(len(match.group(0)) for match in _QUOTED.finditer(text))
    if quoted > 0.6 * len(text):
        penalty += 1.5  # a quotation without its context
    elif text.startswith(("“", '"')):
        penalty += 0.5
    opens, closes = text.count("“"), text.count("”")
    straight = text.count('"')
    if opens != closes or (not opens and straight % 2):
        penalty += 3.0  # a piece of a quotation that runs over several sentences
    if _WEB_DEIXIS.search(text):
        penalty += 3.0  # "can be seen below", "click here": page furniture
    if _CONNECTIVE.match(text):
        penalty += 0.6
    if headline and _jaccard(text, headline) > 0.75:
        penalty += 3.0  # the headline again
    letters = [char for char in text if char.isalpha()]
    if letters and sum(char.isupper() for char in letters) / len(letters) > 0.6:
        penalty += 3.0  # shouting: a caption, credit or mangled line
    if not re.search(r"[.!”\"’)]$", text.rstrip()):
        penalty += 0.8  # a caption or a fragment
    return penalty


def _score_sentences(
    texts: Sequence[str],
    headline: str,
    mentions: Sequence[Mention],
    figures: Sequence[Figure],
) -> list[_Scored]:
    if not texts:
        return []
    vectors = _Vectors(texts)
    total: Counter[str] = Counter()
    for bag in vectors.bags:  # not sum(): that copies the running total for each bag
        total.update(bag)
    whole = vectors._weigh(total)
    head = vectors.vector(headline) if headline else {}
    names = []
    for mention in mentions:
        for form in (mention.name, *mention.aliases):
            if len(form) > 2:
                names.append((name_key(form), math.log(1 + mention.count)))
    figure_sentences = {figure.sentence for figure in figures}
    scored = []
    for index, (text, vector) in enumerate(zip(texts, vectors.vectors, strict=True)):
        folded = name_key(text)
        centrality = _Vectors.cosine(vector, whole)
        topical = _Vectors.cosine(vector, head) if head else 0.0
        position = 1.0 / (1.0 + 0.25 * index)
        entities = sum(weight for form, weight in names if form in folded)
        substance = min(entities, 6.0) / 6.0 + (0.3 if text in figure_sentences else 0.0)
        score = (
            1.2 * centrality
            + 0.8 * topical
            + 0.8 * position
            + 0.5 * substance
            - 0.6 * _penalty(text, headline)
        )
        scored.append(_Scored(score, index, text))
    return scored


def _pick(scored: Sequence[_Scored], count: int, taken: Sequence[str] = ()) -> list[_Scored]:
    chosen: list[_Scored] = []
    for item in sorted(scored, key=lambda s: (-s.score, s.index)):
        if len(chosen) >= count:
            break
        if any(
            _jaccard(item.text, other) > NEAR_DUPLICATE
            for other in [*taken, *(c.text for c in chosen)]
        ):
            continue
        chosen.append(item)
    return chosen


def summarise_article(
    clean: CleanArticle,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    figures: Sequence[Figure],
    meta: ArticleMeta,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(summary: 1-3 sentences, key points: up to 6 sentences), verbatim from the article."""
    texts = [strip_dateline(sentence.text) for sentence in sentences]
    headline = meta.title or clean.headline or ""
    scored = _score_sentences(texts, headline, mentions, figures)
    if not scored:
        return (), ()
    usable = [item for item in scored if _penalty(item.text, headline) < 3.0] or scored
    # The summary: the best sentence, plus up to two more that are nearly as good.
    best = _pick(usable, SUMMARY_SIZE)
    top = best[0].score if best else 0.0
    summary = [item for i, item in enumerate(best) if i == 0 or item.score >= top - 0.35]
    summary.sort(key=lambda item: item.index)
    rest = [item for item in usable if item not in summary]
    points = _pick(rest, KEY_POINTS_MAX, [item.text for item in summary])
    points = [item for item in points if item.score > top - 1.2] or points[:KEY_POINTS_MIN]
    if len(points) < KEY_POINTS_MIN:
        points = _pick(rest, KEY_POINTS_MIN, [item.text for item in summary])
    points.sort(key=lambda item: item.index)
    return tuple(item.text for item in summary), tuple(item.text for item in points)


def _similarity_matrix(texts: Sequence[str]) -> Any:
    """Cosine similarities of the texts' TF-IDF vectors (a dense n×n array).

    What scikit-learn's `TfidfVectorizer(analyzer=_words, sublinear_tf=True)` gives,
    value for value (tested), without importing scikit-learn (0.7 s of every run that
    compares a story).
    """
    matrix = _tfidf_rows(texts)
    if matrix is None:  # no content words at all
        return np.zeros((len(texts), len(texts)))
    return (matrix @ matrix.T).toarray()


def _tfidf_rows(texts: Sequence[str]) -> Any:
    """The texts' TF-IDF vectors as rows of a sparse matrix (None: no content words).

    Columns in word order, `1 + log(count)` times the smoothed idf
    `log((1 + n) / (1 + df)) + 1`, rows scaled to unit length. Each row's terms are stored
    in the order the words first occur in all the texts, as scikit-learn stores them:
    sums in that order give the same last bits. A product of some of these rows with
    others gives each entry bit for bit as the product of all of them (scipy sums an
    entry in the order of its left row's terms).
    """
    from scipy import sparse

    seen: dict[str, int] = {}  # word -> where it first occurs in all the texts
    counts = []
    for text in texts:
        found = Counter(_word_tuple(text))
        for word in found:
            seen.setdefault(word, len(seen))
        counts.append(sorted(found.items(), key=lambda item: seen[item[0]]))
    vocabulary = sorted(seen)
    if not vocabulary:
        return None
    column = {word: index for index, word in enumerate(vocabulary)}
    cols = np.array([column[word] for row in counts for word, _times in row], dtype=np.int64)
    data = np.log(np.array([times for row in counts for _w, times in row], dtype=np.float64))
    data += 1.0
    df = np.bincount(cols, minlength=len(vocabulary)).astype(np.float64)
    idf = np.log((len(texts) + 1) / (df + 1)) + 1.0
    data *= idf[cols]
    starts = np.cumsum([0, *(len(row) for row in counts)], dtype=np.int64)
    rows = np.repeat(np.arange(len(texts)), np.diff(starts))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(texts)))
    norms[norms == 0] = 1.0
    data /= norms[rows]
    return sparse.csr_matrix((data, cols, starts), shape=(len(texts), len(vocabulary)))


SIMILARITY_BLOCK = 1 << 22
"""Entries of the candidates' similarity computed at once (32 MB): a story of 3,000
sources has 36,000 candidates, whose whole similarity matrix would take 10 GB."""


def _support(matrix: Any, owners: Any, sources: int) -> tuple[Any, Any]:
    """For each candidate (the first `len(owners)` rows of `matrix`, `owners` its
    source's number, ascending): its support, the best similarity to a candidate of each
    other source summed and divided by the other sources; and its similarity to each
    other source's whole text (the rows after the candidates) summed.

    Made block by block of candidates, so memory stays linear; each value is computed as
    it was from the whole matrix (the same products, maxima and sums in the same order).
    """
    count = len(owners)
    support, to_others = np.zeros(count), np.zeros(count)
    if matrix is None:
        return support, to_others
    candidates, wholes = matrix[:count], matrix[count:]
    # Each source's candidates are consecutive columns: one maximum per run of columns.
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    run_of = np.cumsum(np.r_[True, owners[1:] != owners[:-1]]) - 1
    step = max(1, SIMILARITY_BLOCK // max(count, sources, 1))
    for lo in range(0, count, step):
        hi = min(count, lo + step)
        here = np.arange(hi - lo)
        similarity = (matrix[lo:hi] @ candidates.T).toarray()
        best = np.maximum.reduceat(similarity, starts, axis=1)
        best[here, run_of[lo:hi]] = 0.0  # not a source's own candidates
        support[lo:hi] = np.cumsum(best, axis=1)[:, -1]  # source after source, as before
        to_source = (matrix[lo:hi] @ wholes.T).toarray()
        to_others[lo:hi] = to_source.sum(axis=1) - to_source[here, owners[lo:hi]]
    support /= max(1, sources - 1)
    return support, to_others


class _PairSimilarity:
    """`similarity(i, j)`: entry (i, j) of the candidates' similarity matrix, made a
    column at a time for the few `j` a choice compares others with."""

    def __init__(self, matrix: Any, count: int) -> None:
        self.candidates = None if matrix is None else matrix[:count]
        self.columns: dict[int, Any] = {}

    def __call__(self, i: int, j: int) -> float:
        if self.candidates is None:
            return 0.0
        column = self.columns.get(j)
        if column is None:
            column = (self.candidates @ self.candidates[j].T).toarray()[:, 0]
            self.columns[j] = column
        return float(column[i])


def _pick_distinct(
    scored: Sequence[_Scored],
    count: int,
    taken: Sequence[_Scored],
    similar: Callable[[_Scored, _Scored], bool],
) -> list[_Scored]:
    chosen: list[_Scored] = []
    for item in sorted(scored, key=lambda s: (-s.score, s.index)):
        if len(chosen) >= count:
            break
        if any(similar(item, other) for other in [*taken, *chosen]):
            continue
        chosen.append(item)
    return chosen


# --------------------------------------------------------------------------- tags


def find_tags(articles: Sequence[Article]) -> tuple[str, ...]:
    """2-6 lowercase topic tags a reader would browse by, deterministic.

    Topics of the lexicon found often enough (3 times, headlines count double) in at
    least half of the sources, most frequent first; with fewer than two, frequent
    content words shared by the sources, found in a headline and in the text of half of
    them fill in. Never a name listed as an entity, nor a word the sources write with a
    capital (`_proper_words`)."""
    texts = []
    entity_words: set[str] = set()
    headline_words: set[str] = set()
    for article in sorted(articles, key=lambda a: str(a.source)):
        headline = article.meta.title or article.clean.headline or ""
        headline_words.update(word.strip("'’-") for word in _words(name_key(headline)))
        text = name_key(headline + " \n " + headline + " \n " + article.clean.body)
        names = sorted(
            {
                name_key(form)
                for m in article.mentions
                if m.kind != "organisation"
                for form in (m.name, *m.aliases)
            },
            key=len,
            reverse=True,
        )
        for name in names:
            if len(name) > 2:
                text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
        texts.append(text)
        for mention in article.mentions:
            entity_words.add(name_key(mention.name))
            entity_words.update(name_key(alias) for alias in mention.aliases)
    need = max(1, math.ceil(len(texts) / 2))
    hits: Counter[str] = Counter()
    for tag, pattern in _TOPIC_PATTERNS.items():
        counts = [len(pattern.findall(text)) for text in texts]
        if sum(counts) >= MIN_TOPIC_HITS and sum(1 for c in counts if c) >= need:
            hits[tag] = sum(counts)
    tags = [tag for tag, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))]
    tags = tags[:MAX_TAGS]
    if len(tags) < 2:
        proper = _proper_words(articles)
        bodies = [set(_words(name_key(article.clean.body))) for article in articles]
        for word in _keywords(texts, entity_words | proper):
            if word not in headline_words or _lexical(word):
                continue  # not what a headline is about; a lexicon word off its topic
            if sum(word in body for body in bodies) < need:
                continue  # headline wording ("grips", "halts"), not the story's subject
            if word not in tags and not any(word in tag or tag in word for tag in tags):
                tags.append(word)
            if len(tags) >= 3:
                break
    tags = [tag for tag in tags if tag not in entity_words]
    return tuple(tags[:MAX_TAGS])


NOT_TAGS = lexicons.load("not_tags")


def _lexical(word: str) -> bool:
    """Whether a word is a tag of the lexicon (or its singular) or one of its triggers."""
    if word in TOPICS or f"{word}s" in TOPICS:
        return True
    return any(pattern.fullmatch(word) for pattern in _TOPIC_PATTERNS.values())


def _proper_words(articles: Sequence[Article]) -> set[str]:
    """Words (folded) the sources write with a capital more often than without: parts of
    names the model did not list (`Boulevard` of a street, a surname), nationalities
    (`Nigerian`); never a topic. A word opening a sentence counts as neither."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for article in articles:
        for block in article.clean.blocks:
            for match in _INNER_WORD.finditer(block.text):
                word = match.group(1)
                (upper if word[0].isupper() else lower)[name_key(word)] += 1
    return {word for word, times in upper.items() if times > lower[word]}


_INNER_WORD = re.compile(r"(?<![\s.!?:\"“‘(])\s+([^\W\d_][\w'’-]*)")
"""A word after a space that does not end a sentence, an opening quote or a bracket."""


def _keywords(texts: Sequence[str], entity_words: set[str]) -> list[str]:
    """Frequent content words shared by the sources, as fallback tags: nouns-looking
    words of five letters or more, words of the headlines counting double."""
    counts: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for text in texts:
        words = [word.strip("'’-") for word in _words(text)]
        bag = Counter(
            word
            for word in words
            if len(word) >= 5
            and not any(ch.isdigit() for ch in word)
            and word not in entity_words
            and word not in NOT_TAGS
            and not re.search(r"(?:ly|ing|ed|est|ern|ous|ive|ful)$", word)
        )
        counts.update(bag)
        spread.update(bag.keys())
    need = 2 if len(texts) > 1 else 1
    ranked = sorted(
        (word for word in counts if spread[word] >= need and counts[word] >= 2),
        key=lambda word: (-counts[word] * spread[word], word),
    )
    entity_tokens = {token for name in entity_words for token in name.split()}
    return [word for word in ranked if word not in entity_tokens][:10]
