"""Articles -> Stories: one story per event, deterministic and explained.

How two articles are compared (`Evidence`, one per pair; each similarity is 0..1):

- **text**: cosine of TF-IDF vectors of headline + body (scikit-learn, English stop
  words removed, sublinear counts). Words every article uses weigh little.
- **lead**: the same for the headline and the first `LEAD_WORDS` words of the body,
  where news states its event; two outlets on one event agree most there.
- **headline**: each article's headline against the other's whole text (both ways,
  averaged): outlets word headlines differently, but tell the same event in the body.
- **entities**: cosine of the articles' people, places and organisations, each weighed
  by its rarity in the whole input (`log((N + ENTITY_PRIOR) / df)`; short lists of names
  count less, see `ENTITY_NORM_NAMES`): a name every
  article carries ("Trump" in a folder of Washington news) counts for almost nothing, a
  name two articles share alone ("Comey", "Bárcena") counts a lot. People are keyed by
  surname, so "Donald Trump" in one source meets "Trump" in another.
- **dates**: a known date tells how likely one event is. Outlets report an event within
  a day or two, so two articles of one day score `DATE_BOOST` times their similarity, and
  the factor falls with the gap (`DATE_BOOST / (1 + gap / DATE_HALF_DAYS)`: x1.07 a day
  apart, x0.8 two days apart) and is zero from `DATE_REACH_DAYS` on. An unknown date is no
  evidence either way (x1). Two stories on one cast a week apart therefore stay apart, and
  two outlets' accounts of one day's event link on less shared wording.

`score = date factor * (0.35 text + 0.35 lead + 0.10 headline + 0.20 entities)`.
Entities count as one signal among four, not as a gate: short excerpts of one event
often share no name the model found (one in ten pairs of one event in the large
development corpus, `./dev eval`), and names every article of a topic carries weigh
little by their rarity anyway. Numbers, dates and rare words weigh through TF-IDF.
The weights, `DATE_BOOST` and `LINK_THRESHOLD` were chosen on the large development
corpus (`./dev eval`, 570 articles of 190 events, dated and undated: one threshold for
both), checked on the small one (`python -m benchmarks.eval_grouping`) and on the
synthetic corpus (`python -m benchmarks.eval_synthetic`); they name no word of any corpus.

How articles become stories: average-link agglomerative clustering. Every article starts
alone (articles with one front matter `story:` start together: `story:` forces a story);
the two groups whose *average* pair score is highest merge while that average reaches
`LINK_THRESHOLD`. Two groups forced to different stories never merge, and neither do two
groups with dated members none of which is within date reach of the other's (undated
articles score with both and would otherwise bridge events weeks apart). Average link
needs support from the members of both groups, so one ambiguous article cannot chain two
events together the way single-link (union-find) would. Ties are broken by content, never
by file name or input order.

Determinism: articles are ranked by `content_key` (a digest of headline and body), and
every sort has a content-derived key, so shuffling the input or renaming files gives the
same stories, ids and member order.

Incremental regrouping (`regroup`, used by the pipeline from `REGROUP_MIN_ARTICLES`
articles on when a few sources were added, changed or deleted since the last grouping):
the changed articles' old stories, and the stories holding an article that scores at
least `LINK_THRESHOLD` with a new or changed one, are clustered again from scratch; every
other story keeps its members. Word and name counts (IDF, rarity) are those of the whole
new input, kept up to date by difference, and a pair's similarity does not depend on
which other articles are vectorised with it, so the re-clustered part is exactly what a
whole grouping computes for it. What is not identical to a whole grouping of the same
input: the untouched stories keep the scores they had when they were formed, though the
counts moved a little with the new articles (a whole grouping could merge or split them
near the threshold), and a story that loses an article is re-clustered alone (its parts
are not offered to untouched neighbours). Ids follow the same rules either way. Deleting
the cache gives the whole grouping again.

Explanations (`Story.reasons`, printed by `briefings check --verbose`): each merge with
its average and strongest pair (each similarity, the shared names, the date gap), single
sources, and near misses: the closest articles of other stories and why they stayed out.

Stable story ids (also the page slug and URL):

1. A front matter `story:` value (slugified) is the id of the story it forces.
2. Else, when the caller passes `previous` (source file -> id it was published under in
   the last build), a story keeps the previous id most of its members had (ties: the
   smaller id), so a page never moves while any of its sources remains, even when an
   article with an *earlier* date joins, or a story splits (the part with more of the old
   members keeps the id).
3. Else `<date>-<slug>` of the founding article: the one with the earliest known date,
   ties broken by `content_key`; `undated-<slug>` when no member has a date. Adding a
   later (or undated) article, or a new story, moves no page. Without `previous`, an
   article dated *earlier* than the founder becomes the founder and the id changes: the
   one case only rule 2 covers.
4. Two stories with one id: forced ids and previous ids keep theirs; otherwise the story
   whose founder ranks first (date, content_key) keeps the plain id and the others get
   `-<6 hex digits of their founder's content_key>`, which adding members never changes.
"""

from __future__ import annotations

import array
import datetime
import hashlib
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

from generator.entities import NAME_SUFFIXES
from generator.lexicons import ascii_text
from generator.model import Article, Mention, Story

DATE_BOOST = 1.6
"""Factor of the score of two articles of one day (see `date_factor`)."""
DATE_HALF_DAYS = 2
"""The date factor halves every this many days of gap (1.6, 1.07, 0.8, 0.64, ...)."""
DATE_REACH_DAYS = 6
"""From this gap on, two dated articles never link (and undated ones cannot bridge them,
see `cluster`)."""

TEXT_WEIGHT, LEAD_WEIGHT, HEADLINE_WEIGHT, ENTITY_WEIGHT = 0.35, 0.35, 0.10, 0.20
"""Weights of the four similarities in a pair's score (they add up to 1)."""
LEAD_WORDS = 60
"""The lead: the headline and the first words of the body, where news states the event."""

LINK_THRESHOLD = 0.12
"""Average pair score at which two groups of articles merge into one story (groups of
two or more also need `COHESION`). On the large development corpus (`./dev eval`)
pairwise F1 is 0.75 undated and 0.97 dated at 0.12 (0.77 / 0.95 at 0.15); without the
cohesion rule it had to be 0.17 (0.70 / 0.91) to keep topics apart. The small
development corpus groups perfectly at both. Lower favours recall."""

ENTITY_NORM_NAMES = 4
"""Entity vectors are scaled to unit length, but never by less than this many times the
weight of a name only one article carries (`log(N + ENTITY_PRIOR)`): two short lists of
names that share one (a country, a president) are weak evidence, two long lists that
share most of their names strong. Cosine alone gave one shared name of two an entity
similarity of 0.5 or more, the noise that ran topics together in large inputs."""
COHESION = 0.8
"""Two groups of two or more articles merge only when their average link reaches this
share of the less cohesive group's own average pair score (`Group.cohesion`): two
stories each much tighter than the link between them are two events of one topic (two
decisions of one agency, two rounds of one conflict, two acts of one office holder),
not one. Articles join a group on the threshold alone. On the large development
corpus this rule, with the threshold lowered from 0.17 to 0.12 that it allows, took
pairwise F1 from 0.70 to 0.75 undated and from 0.91 to 0.97 dated (0.85: 0.79 and 0.97;
0.9: 0.80 and 0.97). Outlets of one leaning also form tight groups inside one event:
in the small corpus the right-leaning pair of an event of five links to the other three
at 0.87 of their average, which 0.9 splits; 0.8 keeps a margin there."""
NEAR_MISS = 0.08
"""Pairs scoring at least this much across stories are explained as near misses."""
CANDIDATE_FLOOR = 0.05
"""Pairs scoring less are treated as 0 and never stored (keeps big inputs sparse)."""

ENTITY_PRIOR = 5
"""Pseudo-articles that mention nothing, added to the rarity count, so that in a tiny
input (two articles) shared names still count and in a big one ubiquitous names fade."""

NEAR_MISSES_PER_STORY = 3
SHARED_SHOWN = 4
BLOCK_ROWS = 512


# --------------------------------------------------------------------------- keys


def fold(text: str) -> str:
    return " ".join(ascii_text(text).lower().split())


def content_key(article: Article) -> str:
    """A digest of the article's headline and cleaned body: independent of file names."""
    text = fold(article.meta.title) + "\n" + fold(article.clean.body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


NO_DATE = datetime.date.max
"""Sorts undated articles after dated ones."""


def article_order(article: Article) -> tuple[datetime.date, str, str]:
    """Order of articles inside a story: by date (undated last), then by content."""
    return (article.meta.date or NO_DATE, content_key(article), str(article.source))


def forced_story(article: Article) -> str | None:
    value = article.source_meta.story
    return (slugify(value) or None) if value else None


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two articles (ranks into the content-ordered list) look like one event or not."""

    left: int
    right: int
    text: float
    lead: float
    headline: float
    entities: float
    days: int | None

    @property
    def date_factor(self) -> float:
        return date_factor(self.days)

    @property
    def raw(self) -> float:
        """The score before the date factor."""
        return float(weigh(self.text, self.lead, self.headline, self.entities))

    @property
    def score(self) -> float:
        return self.date_factor * self.raw


def weigh(text: Any, lead: Any, headline: Any, entities: Any) -> Any:
    """The weighted sum of the four similarities (floats or arrays of them)."""
    return (
        TEXT_WEIGHT * text
        + LEAD_WEIGHT * lead
        + HEADLINE_WEIGHT * headline
        + ENTITY_WEIGHT * entities
    )


def date_factor(days: int | None) -> float:
    """How much a known gap between two articles' dates changes their score: x1 when a
    date is unknown, `DATE_BOOST` on one day, falling with the gap, 0 out of reach."""
    if days is None:
        return 1.0
    if days >= DATE_REACH_DAYS:
        return 0.0
    return DATE_BOOST / (1.0 + days / DATE_HALF_DAYS)


def day_gap(left: Article, right: Article) -> int | None:
    if left.meta.date is None or right.meta.date is None:
        return None
    return abs((left.meta.date - right.meta.date).days)


def entity_keys(mention: Mention) -> tuple[str, ...]:
    """Keys under which a mention meets mentions of other articles."""
    if mention.kind == "person":
        words = re.findall(r"[a-z0-9]+", fold(mention.name))
        while len(words) > 1 and words[-1] in NAME_SUFFIXES:
            words.pop()
        return (f"person:{words[-1]}",) if words else ()
    names = {fold(mention.name)}
    if mention.kind == "organisation":
        names.update(fold(alias) for alias in mention.aliases if len(alias) >= 2)
    return tuple(sorted(f"{mention.kind}:{name}" for name in names if name))


def entity_label(key: str) -> str:
    return key.split(":", 1)[1]


STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes becoming
    been before beforehand behind being below beside besides between beyond bill both bottom
    but by call can cannot cant co con could couldnt cry de describe detail do done down due
    during each eg eight either eleven else elsewhere empty enough etc even ever every
    everyone everything everywhere except few fifteen fifty fill find fire first five for
    former formerly forty found four from front full further get give go had has hasnt have
    he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter
    latterly least less ltd made many may me meanwhile might mill mine more moreover most
    mostly move much must my myself name namely neither never nevertheless next nine no
    nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own part per perhaps please put
    rather re same see seem seemed seeming seems serious several she should show side since
    sincere six sixty so some somehow someone something sometime sometimes somewhere still
    such system take ten than that the their them themselves then thence there thereafter
    thereby therefore therein thereupon these they thick thin third this those though three
    through throughout thru thus to together too top toward towards twelve twenty two un
    under until up upon us very via was we well were what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while whither
    who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
    """.split()  # noqa: SIM905 - a word list, as scikit-learn keeps it
)
"""scikit-learn's English stop words (`ENGLISH_STOP_WORDS`, the list grouping has always
used; `tests/test_group.py` checks the copy): grouping no longer imports scikit-learn,
which cost 1.5-3 s of every run."""
TOKEN = re.compile(r"(?u)\b[a-z][a-z0-9]+\b")
"""A word, as TF-IDF counts it: a letter, then letters or digits."""


Counts = tuple[str, bytes]
"""Words (or entity keys) and how often each occurs: the sorted words joined by NUL, and
their counts as native unsigned 32-bit integers. Compact, because a regrouping loads the
features of a thousand articles or more from the cache (unpickling a tuple of pairs per
word took 3x longer)."""


COUNT_DTYPE = np.dtype(np.uintc)
"""The counts of `Counts` as numpy reads them (array type "I": a C unsigned int)."""
COUNT_BYTES = array.array("I").itemsize


def pack(found: Mapping[str, int]) -> Counts:
    if any("\0" in word for word in found):  # a NUL from a hostile source: not a separator
        merged: Counter[str] = Counter()
        for word, times in found.items():
            merged[word.replace("\0", "\ufffd")] += times
        found = merged
    words = sorted(found)
    return "\0".join(words), array.array("I", [found[word] for word in words]).tobytes()


def unpack(counts: Counts) -> list[tuple[str, int]]:
    words, data = counts
    if not words:
        return []
    times = array.array("I")
    times.frombytes(data)
    return list(zip(words.split("\0"), times, strict=True))


def words_of(counts: Counts) -> list[str]:
    return counts[0].split("\0") if counts[0] else []


class ArticleFeatures(NamedTuple):
    """What grouping needs of one article: a function of the article alone, so the cache
    keeps it beside the article (`pipeline`), and a run computes it once per new source."""

    content_key: str
    date: int | None  # ordinal day
    forced: str | None
    text: Counts  # words of headline + body
    lead: Counts
    headline: Counts
    entities: Counts  # entity keys (`entity_keys`)


def term_counts(text: str) -> Counts:
    """Words of folded text, stop words removed, with their counts (scikit-learn's
    `CountVectorizer` with our token pattern and English stop words)."""
    return pack(Counter(word for word in TOKEN.findall(text.lower()) if word not in STOP_WORDS))


def article_features(article: Article) -> ArticleFeatures:
    title, body = fold(article.meta.title), fold(article.clean.body)
    digest = hashlib.sha256((title + "\n" + body).encode("utf-8")).hexdigest()
    return ArticleFeatures(
        content_key=digest,
        date=article.meta.date.toordinal() if article.meta.date else None,
        forced=forced_story(article),
        text=term_counts(f"{title} {body}"),
        lead=term_counts(fold(lead_text(article))),
        headline=term_counts(title),
        entities=pack(entity_counts(article)),
    )


@dataclass(slots=True)
class Vocabulary:
    """How many articles carry each word and each entity key: the corpus-wide counts that
    weigh them (IDF, rarity). Kept with the last grouping and updated by difference."""

    count: int = 0
    words: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)

    def add(self, found: ArticleFeatures, sign: int = 1) -> None:
        self.count += sign
        self.words.update(dict.fromkeys(words_of(found.text), sign))
        self.names.update(dict.fromkeys(words_of(found.entities), sign))

    @classmethod
    def of(cls, found: Iterable[ArticleFeatures]) -> Vocabulary:
        vocabulary = cls()
        for item in found:
            vocabulary.add(item)
        return vocabulary


@dataclass(slots=True)
class Features:
    """Unit-length vectors of some articles, in rank order, ready for pair scoring."""

    text: sparse.csr_matrix
    lead: sparse.csr_matrix
    headline: sparse.csr_matrix
    entities: sparse.csr_matrix
    entity_names: list[str]
    dates: np.ndarray[Any, np.dtype[np.float64]]  # ordinal day, or NaN when unknown


def lead_text(article: Article, words: int = LEAD_WORDS) -> str:
    taken: list[str] = []
    for block in article.clean.blocks:
        taken += block.text.split()
        if len(taken) >= words:
            break
    return article.meta.title + "\n" + " ".join(taken[:words])


def features(articles: Sequence[Article]) -> Features:
    found = [article_features(article) for article in articles]
    return vectors(found, Vocabulary.of(found))


def vectors(found: Sequence[ArticleFeatures], vocabulary: Vocabulary) -> Features:
    """TF-IDF vectors of `found`, weighed by `vocabulary` (the whole corpus's counts).

    The same as scikit-learn's `TfidfVectorizer(sublinear_tf=True)` fitted on every
    article's text: `idf = ln((1 + N) / (1 + df)) + 1`, `tf = 1 + ln(count)`, rows of
    unit length; a lead or headline word no article's text has is dropped. Columns are the
    words of `found` in sorted order, so a pair's similarity is the same (to the bit)
    whether `found` is the whole corpus or a few articles of it.
    """
    count = len(found)
    every_word = all_words([item.text for item in found])
    words = sorted(set(every_word))
    column = {word: index for index, word in enumerate(words)}
    df = np.array([vocabulary.words[word] for word in words], dtype=np.float64)
    idf = np.log((vocabulary.count + 1) / (df + 1)) + 1
    text = tfidf([item.text for item in found], column, idf, every_word)
    lead = tfidf([item.lead for item in found], column, idf)
    headline = tfidf([item.headline for item in found], column, idf)
    every_name = all_words([item.entities for item in found])
    names = sorted(set(every_name))
    places = {name: index for index, name in enumerate(names)}
    total = vocabulary.count + ENTITY_PRIOR
    rarity = np.array([math.log(total / vocabulary.names[name]) for name in names])
    times = counts_of([item.entities for item in found])
    logs = {value: 1.0 + math.log(value) for value in set(times.tolist())}
    weight = np.array([logs[value] for value in times.tolist()], dtype=np.float64)
    cols = np.fromiter(map(places.__getitem__, every_name), dtype=np.int64, count=len(every_name))
    rows = np.repeat(np.arange(count), sizes_of([item.entities for item in found]))
    entities = sparse.csr_matrix(
        (weight * rarity[cols], (rows, cols)), shape=(count, max(1, len(names))), dtype=np.float64
    )
    dates = np.array(
        [np.nan if item.date is None else float(item.date) for item in found], dtype=np.float64
    )
    floor = ENTITY_NORM_NAMES * math.log(total)
    return Features(
        normalise(text),
        normalise(lead),
        normalise(headline),
        normalise(entities, floor),
        names,
        dates,
    )


def all_words(counts: Sequence[Counts]) -> list[str]:
    """Every word of every row, row after row (one split of one joined string), as
    `unpack` reads them: a row without words has no counts either."""
    joined = "\0".join(words for words, _data in counts if words)
    return joined.split("\0") if joined else []


def counts_of(counts: Sequence[Counts]) -> np.ndarray[Any, np.dtype[np.uintc]]:
    """Every count of every row, row after row, as `all_words` gives their words."""
    return np.frombuffer(b"".join(data for words, data in counts if words), dtype=COUNT_DTYPE)


def sizes_of(counts: Sequence[Counts]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """How many words each row has."""
    return np.array(
        [len(data) // COUNT_BYTES if words else 0 for words, data in counts], dtype=np.int64
    )


def tfidf(
    counts: Sequence[Counts],
    column: Mapping[str, int],
    idf: np.ndarray[Any, np.dtype[np.float64]],
    words: Sequence[str] | None = None,
) -> sparse.csr_matrix:
    """Rows of `1 + ln(count)` times `idf`, of unit length; a word without a column is
    dropped. All rows' words are looked up in one pass and their counts read in one
    array (a regrouping vectorises a thousand articles or more); `words` is
    `all_words(counts)` when the caller has it already."""
    if words is None:
        words = all_words(counts)
    times = counts_of(counts)
    found = np.fromiter(
        map(column.get, words, itertools.repeat(-1)), dtype=np.int64, count=len(words)
    )
    rows_all = np.repeat(np.arange(len(counts)), sizes_of(counts))
    known = found >= 0  # sorted by word within a row, so columns come sorted
    cols = found[known]
    rows = rows_all[known]
    data = np.log(times[known].astype(np.float64)) + 1.0
    data *= idf[cols]
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(counts)), out=starts[1:])
    # Row norms summed term by term, in column order (as scikit-learn's `normalize`).
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(counts)))
    norms[norms == 0] = 1.0
    data /= norms[rows]
    return sparse.csr_matrix(
        (data, cols, starts), shape=(len(counts), max(1, len(idf))), dtype=np.float64
    )


def entity_counts(article: Article) -> Counter[str]:
    found: Counter[str] = Counter()
    for mention in article.mentions:
        for key in entity_keys(mention):
            found[key] += max(1, mention.count)
    return found


def normalise(matrix: Any, floor: float = 0.0) -> sparse.csr_matrix:
    """Rows scaled to unit length; a row shorter than `floor` is divided by `floor`."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms = np.maximum(norms, floor)
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def score_pairs(articles: Sequence[Article], floor: float = CANDIDATE_FLOOR) -> list[Evidence]:
    """Evidence for every pair scoring at least `floor`, in (left, right) order."""
    if len(articles) < 2:
        return []
    found = features(articles)
    return score_features(found, floor, explain=True).evidence or []


@dataclass(slots=True)
class Pairs:
    """Candidate pairs of ranks, sorted by (left, right), with their scores."""

    left: list[int] = field(default_factory=list)
    right: list[int] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    evidence: list[Evidence] | None = None  # kept only to explain


def score_features(
    found: Features,
    floor: float = CANDIDATE_FLOOR,
    explain: bool = False,
    rows: Sequence[int] | None = None,
) -> Pairs:
    """Pairs scoring at least `floor` (before the date factor), a block of rows at a time
    so memory stays flat on big inputs; only those of `rows` when given.

    Pairs whose dates are too far apart (date factor 0) can never link: they are kept
    only to `explain` near misses (when strong enough), so big archives stay sparse.
    """
    pairs = Pairs(evidence=[] if explain else None)
    count = found.text.shape[0]
    wanted = list(range(count)) if rows is None else sorted(set(rows))
    chosen = np.zeros(count, dtype=bool)
    chosen[wanted] = True
    for start in range(0, len(wanted), BLOCK_ROWS):
        block = wanted[start : start + BLOCK_ROWS]
        text = (found.text[block] @ found.text.T).toarray()
        lead = (found.lead[block] @ found.lead.T).toarray()
        # The headline of one article against the whole text of the other, both ways.
        head = (found.headline[block] @ found.text.T).toarray()
        head = (head + (found.text[block] @ found.headline.T).toarray()) / 2
        ents = (found.entities[block] @ found.entities.T).toarray()
        gaps = np.abs(found.dates[block, None] - found.dates[None, :])
        raw = weigh(text, lead, head, ents)
        reach = np.isnan(gaps) | (gaps < DATE_REACH_DAYS)
        keep = (raw >= floor) & (reach | (raw >= NEAR_MISS)) if explain else (raw >= floor) & reach
        later = np.arange(count)[None, :] > np.array(block)[:, None]
        keep &= later if rows is None else later | ~chosen[None, :]
        at = np.nonzero(keep)
        values = [
            [unit(value) for value in matrix[at].tolist()] for matrix in (text, lead, head, ents)
        ]
        days = gaps[at]
        t, le, h, e = (np.array(value, dtype=np.float64) for value in values)
        scores = weigh(t, le, h, e)
        scores *= factors(days)
        lefts = np.array(block, dtype=np.int64)[at[0]].tolist()
        rights = at[1].tolist()
        pairs.left += lefts
        pairs.right += rights
        pairs.score += scores.tolist()
        if pairs.evidence is not None:
            pairs.evidence += [
                Evidence(left, right, t, le, h, e, None if math.isnan(gap) else int(gap))
                for left, right, t, le, h, e, gap in zip(
                    lefts, rights, *values, days.tolist(), strict=True
                )
            ]
    if rows is not None:  # (left, right) order, as for all rows
        order = sorted(
            range(len(pairs.left)),
            key=lambda i: (min(pairs.left[i], pairs.right[i]), max(pairs.left[i], pairs.right[i])),
        )
        left = [min(pairs.left[i], pairs.right[i]) for i in order]
        right = [max(pairs.left[i], pairs.right[i]) for i in order]
        pairs = Pairs(left, right, [pairs.score[i] for i in order])
    return pairs


def factors(days: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """`date_factor` of each gap (NaN: unknown), as `date_factor` computes it."""
    graded = DATE_BOOST / (1.0 + days / DATE_HALF_DAYS)
    graded = np.where(days >= DATE_REACH_DAYS, 0.0, graded)
    return np.where(np.isnan(days), 1.0, graded)


def unit(value: float) -> float:
    """A similarity rounded so that float noise cannot change a decision between runs."""
    return round(min(1.0, max(0.0, float(value))), 6)


def shared_names(found: Features, left: int, right: int) -> tuple[str, ...]:
    a, b = found.entities.getrow(left), found.entities.getrow(right)
    product = a.multiply(b).tocoo()
    ranked = sorted(
        zip(product.data, product.col, strict=True), key=lambda item: (-item[0], item[1])
    )
    return tuple(entity_label(found.entity_names[col]) for _value, col in ranked[:SHARED_SHOWN])


# --------------------------------------------------------------------------- clustering


@dataclass(slots=True)
class Group:
    members: list[int]  # ranks
    forced: str | None
    version: int = 0
    merges: list[str] = field(default_factory=list)
    days: list[int] = field(default_factory=list)  # the dated members' ordinal days, sorted
    inside: float = 0.0  # sum of the pair scores between members

    @property
    def cohesion(self) -> float:
        """Average pair score between members (0 for one member)."""
        count = len(self.members)
        return self.inside / (count * (count - 1) / 2) if count > 1 else 0.0

    @property
    def first(self) -> int:
        return min(self.members)


@dataclass(frozen=True, slots=True)
class Clustering:
    groups: tuple[tuple[int, ...], ...]  # ranks, each sorted
    forced: tuple[str | None, ...]
    merges: tuple[tuple[str, ...], ...]


def apart(left: Sequence[int], right: Sequence[int]) -> bool:
    """Whether every day of `left` is out of date reach of every day of `right` (both
    sorted, both non-empty)."""
    reach = DATE_REACH_DAYS
    i = j = 0
    while i < len(left) and j < len(right):
        if abs(left[i] - right[j]) < reach:
            return False
        if left[i] < right[j]:
            i += 1
        else:
            j += 1
    return True


def cluster(
    count: int,
    evidence: Pairs | Sequence[Evidence],
    forced: Sequence[str | None],
    describe: ExplainPair | None = None,
    dates: Sequence[int | None] | None = None,
) -> Clustering:
    """Average-link agglomerative clustering over the pair scores (missing pairs score 0).

    With `dates` (each rank's ordinal day, None when unknown), two groups that both have
    dated members merge only when some dated member of one is within date reach of some
    dated member of the other: articles without a date cannot bridge two events weeks
    apart (they score with both, since an unknown date is no evidence either way).
    Merges are explained (with their strongest pair) when `describe` is given and the
    pairs carry their evidence.
    """
    pairs = evidence if isinstance(evidence, Pairs) else as_pairs(evidence)
    explained = pairs.evidence if describe is not None else None
    groups: dict[int, Group] = {}
    owner: list[int] = list(range(count))
    by_key: dict[str, int] = {}
    for rank in range(count):
        key = forced[rank]
        if key is not None and key in by_key:
            gid = by_key[key]
            groups[gid].members.append(rank)
            owner[rank] = gid
            continue
        if key is not None:
            by_key[key] = rank
        day = dates[rank] if dates is not None else None
        groups[rank] = Group([rank], key, days=[] if day is None else [day])
    for group in groups.values():
        if group.forced is not None:
            files = len(group.members)
            group.merges.append(f"front matter story: {group.forced} ({files} source(s))")

    sums: dict[tuple[int, int], float] = {}
    best: dict[tuple[int, int], Evidence] = {}
    for index, (left, right, score) in enumerate(
        zip(pairs.left, pairs.right, pairs.score, strict=True)
    ):
        a, b = owner[left], owner[right]
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        sums[pair] = sums.get(pair, 0.0) + score
        if explained is not None:
            item = explained[index]
            if pair not in best or stronger(item, best[pair]):
                best[pair] = item
    neighbours: dict[int, set[int]] = {gid: set() for gid in groups}
    for a, b in sums:
        neighbours[a].add(b)
        neighbours[b].add(a)

    heap: list[tuple[float, int, int, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        ga, gb = groups[a], groups[b]
        if ga.forced is not None and gb.forced is not None and ga.forced != gb.forced:
            return
        free = ga.forced is None and gb.forced is None
        if free and ga.days and gb.days and apart(ga.days, gb.days):
            return
        average = sums[(a, b)] / (len(ga.members) * len(gb.members))
        if average < LINK_THRESHOLD:
            return
        if average < COHESION * min(ga.cohesion, gb.cohesion):
            return  # two stories, each much tighter than the link between them
        first, second = sorted((a, b), key=lambda g: groups[g].first)
        entry = (
            -round(average, 9),
            groups[first].first,
            groups[second].first,
            first,
            second,
            groups[first].version,
            groups[second].version,
        )
        heapq.heappush(heap, entry)

    for a, b in sorted(sums):
        push(a, b)
    while heap:
        negative, _fa, _fb, a, b, va, vb = heapq.heappop(heap)
        if a not in groups or b not in groups:
            continue
        if groups[a].version != va or groups[b].version != vb:
            continue
        keep, gone = (a, b) if groups[a].first < groups[b].first else (b, a)
        ga, gb = groups[keep], groups[gone]
        pair = (min(a, b), max(a, b))
        ga.merges.extend(gb.merges)
        if describe is not None:
            strongest = f"; strongest {describe.pair(best[pair])}" if pair in best else ""
            ga.merges.append(
                f"joined {describe.names(ga.members)} + {describe.names(gb.members)}: "
                f"average score {-negative:.2f} >= {LINK_THRESHOLD:.2f} over "
                f"{len(ga.members) * len(gb.members)} pair(s){strongest}"
            )
        ga.inside += gb.inside + sums.get(pair, 0.0)
        ga.members.extend(gb.members)
        ga.members.sort()
        ga.days = sorted(ga.days + gb.days)
        ga.forced = ga.forced or gb.forced
        ga.version += 1
        del groups[gone]
        for rank in gb.members:
            owner[rank] = keep
        for other in sorted(neighbours.pop(gone)):
            if other == keep:
                continue
            moved = (min(gone, other), max(gone, other))
            target = (min(keep, other), max(keep, other))
            sums[target] = sums.get(target, 0.0) + sums.pop(moved)
            if explained is not None:
                item = best.pop(moved)
                if target not in best or stronger(item, best[target]):
                    best[target] = item
            neighbours[other].discard(gone)
            neighbours[other].add(keep)
            neighbours[keep].add(other)
        neighbours[keep].discard(gone)
        sums.pop(pair, None)
        best.pop(pair, None)
        for other in sorted(neighbours[keep]):
            push(min(keep, other), max(keep, other))

    ordered = sorted(groups.values(), key=lambda g: g.first)
    return Clustering(
        tuple(tuple(g.members) for g in ordered),
        tuple(g.forced for g in ordered),
        tuple(tuple(g.merges) for g in ordered),
    )


def as_pairs(evidence: Sequence[Evidence]) -> Pairs:
    ordered = sorted(evidence, key=lambda e: (e.left, e.right))
    return Pairs(
        [e.left for e in ordered], [e.right for e in ordered], [e.score for e in ordered], ordered
    )


def stronger(item: Evidence, other: Evidence) -> bool:
    return (-item.score, item.left, item.right) < (-other.score, other.left, other.right)


@dataclass(frozen=True, slots=True)
class ExplainPair:
    labels: tuple[str, ...]  # file name per rank
    found: Features | None = None

    def names(self, ranks: Iterable[int], limit: int = 3) -> str:
        files = sorted(self.labels[rank] for rank in ranks)
        shown = ", ".join(files[:limit])
        more = f" and {len(files) - limit} more" if len(files) > limit else ""
        return "{" + shown + more + "}"

    def pair(self, item: Evidence) -> str:
        left, right = sorted((self.labels[item.left], self.labels[item.right]))
        shared = shared_names(self.found, item.left, item.right) if self.found else ()
        return f"{left} ~ {right}: {explain_scores(item, shared)}"


def explain_scores(item: Evidence, names: Sequence[str] = ()) -> str:
    shared = ", ".join(names) if names else "none"
    if item.days is None:
        dates = "a date unknown"
    else:
        dates = f"{item.days} day(s) apart (x{item.date_factor:.2f})"
    return (
        f"score {item.score:.2f} = text {item.text:.2f}, lead {item.lead:.2f}, "
        f"headline {item.headline:.2f}, entities {item.entities:.2f} [{shared}], {dates}"
    )


# --------------------------------------------------------------------------- stories


def group_stories(
    articles: Sequence[Article],
    previous: Mapping[str, str] | None = None,
    explain: bool = True,
) -> tuple[Story, ...]:
    """Group articles into stories, deterministically; see the module docstring.

    `previous` maps a source file to the story id it was published under before; pass it
    to keep pages where they are when an earlier article joins a story. `explain` fills
    each story's `reasons` (merges and near misses; `check --verbose`).
    Stories come sorted by id; each story's articles by (date, content).
    """
    found = {str(article.source): article_features(article) for article in articles}
    return group_articles(articles, found, previous or {}, explain).stories


class GroupingState(NamedTuple):
    """What the next run needs to regroup only what changed: every article (its source,
    its version: the caller's cache key, its content key and date), the stories as groups
    of positions in `sources`, and the corpus-wide counts of words and names."""

    sources: tuple[str, ...]
    versions: tuple[str, ...]
    content: tuple[str, ...]
    dates: tuple[int | None, ...]
    groups: tuple[tuple[int, ...], ...]
    total: int
    words: dict[str, int]
    names: dict[str, int]


@dataclass(frozen=True, slots=True)
class Grouping:
    stories: tuple[Story, ...]
    state: GroupingState


def group_articles(
    articles: Sequence[Article],
    found: Mapping[str, ArticleFeatures],
    previous: Mapping[str, str],
    explain: bool = False,
    versions: Mapping[str, str] | None = None,
) -> Grouping:
    """`group_stories` from each article's features (`found`, by source file), with the
    state `regroup` starts from next time (`versions`: source file -> its cache key)."""
    ranked = sorted(articles, key=lambda a: (found[str(a.source)].content_key, str(a.source)))
    features_ranked = [found[str(article.source)] for article in ranked]
    vocabulary = Vocabulary.of(features_ranked)
    vectors_ = vectors(features_ranked, vocabulary) if len(ranked) > 1 else None
    labels = ExplainPair(tuple(str(article.source) for article in ranked), vectors_)
    pairs = score_features(vectors_, explain=explain) if vectors_ is not None else Pairs()
    forced = [item.forced for item in features_ranked]
    days = [item.date for item in features_ranked]
    clustering = cluster(len(ranked), pairs, forced, labels if explain else None, days)
    groups = [[str(ranked[rank].source) for rank in group] for group in clustering.groups]
    content = {source: item.content_key for source, item in found.items()}
    stories = make_stories(
        {str(article.source): article for article in ranked},
        content,
        groups,
        list(clustering.forced),
        previous,
        clustering if explain else None,
        (pairs.evidence or [], labels),
    )
    sources = [str(article.source) for article in articles]
    state = state_of(
        versions or {},
        {source: found[source].content_key for source in sources},
        {source: found[source].date for source in sources},
        stories,
        vocabulary,
    )
    return Grouping(stories, state)


def make_stories(
    by_source: Mapping[str, Article],
    content: Mapping[str, str],
    groups: Sequence[Sequence[str]],
    forced: Sequence[str | None],
    previous: Mapping[str, str],
    clustering: Clustering | None = None,
    explained: tuple[Sequence[Evidence], ExplainPair] | None = None,
) -> tuple[Story, ...]:
    """Stories of these groups of source files: ids (see the module docstring), members
    in (date, content) order, and the reasons when a `clustering` is to be explained."""

    def order(source: str) -> tuple[datetime.date, str, str]:
        return (by_source[source].meta.date or NO_DATE, content[source], source)

    claims = []
    for index, group in enumerate(groups):
        founder = min(group, key=order)
        claims.append(
            IdClaim(
                forced=forced[index],
                previous=previous_claim([by_source[source] for source in group], previous),
                fresh=fresh_id(by_source[founder]),
                order=order(founder)[:2],
                digest=content[founder][:6],
            )
        )
    ids = assign_ids(claims)
    if clustering is not None and explained is not None:
        reasons = explain_groups(clustering, explained[0], explained[1], ids)
    else:
        reasons = [() for _group in groups]
    stories = [
        Story(
            ids[index],
            tuple(by_source[source] for source in sorted(group, key=order)),
            tuple(reasons[index]),
        )
        for index, group in enumerate(groups)
    ]
    return tuple(sorted(stories, key=lambda story: story.story_id))


def state_of(
    versions: Mapping[str, str],
    content: Mapping[str, str],
    dates: Mapping[str, int | None],
    stories: Sequence[Story],
    vocabulary: Vocabulary,
) -> GroupingState:
    """What `regroup` needs of a grouping: every source (the keys of `content`) with its
    version, content key and date, the stories as positions, and the corpus counts."""
    sources = tuple(sorted(content))
    position = {source: index for index, source in enumerate(sources)}
    return GroupingState(
        sources=sources,
        versions=tuple(versions.get(source, "") for source in sources),
        content=tuple(content[source] for source in sources),
        dates=tuple(dates[source] for source in sources),
        groups=tuple(
            tuple(sorted(position[str(article.source)] for article in story.articles))
            for story in stories
        ),
        total=vocabulary.count,
        words={word: n for word, n in sorted(vocabulary.words.items()) if n > 0},
        names={name: n for name, n in sorted(vocabulary.names.items()) if n > 0},
    )


REGROUP_MAX_CHANGED = 64
"""More new, changed or deleted sources than this: a whole grouping is as cheap."""


def regroup(
    articles: Sequence[Article],
    last: GroupingState,
    versions: Mapping[str, str],
    features_of: Callable[[Mapping[str, str]], Mapping[str, ArticleFeatures]],
    previous: Mapping[str, str],
) -> Grouping | None:
    """Regroup after a few sources were added, changed or deleted, keeping the rest.

    Re-clustered: the changed articles' old stories and every story holding an article
    that scores at least `LINK_THRESHOLD` with a new or changed one (only such a story can
    take it in: average link needs a pair at the threshold), with the corpus-wide word
    and name counts of the new input. Every other story keeps its members. What a whole
    grouping of the same input can do otherwise: the shifted counts move the scores of
    untouched pairs a little, which could merge or split stories elsewhere near the
    threshold. Story ids follow the same rules either way.

    `features_of` maps source file -> version (cache key) to their features (missing
    when unknown). None when there is no usable state: the caller groups everything.
    """
    by_source = {str(article.source): article for article in articles}
    before = dict(zip(last.sources, last.versions, strict=True))
    added = sorted(s for s in by_source if not before.get(s) or before[s] != versions.get(s))
    removed = sorted(s for s in before if s not in by_source or before[s] != versions.get(s))
    if len(added) + len(removed) > REGROUP_MAX_CHANGED or not all(versions.values()):
        return None
    old = features_of({source: before[source] for source in removed})
    new = features_of({source: versions[source] for source in added})
    if len(old) != len(removed) or len(new) != len(added):
        return None
    vocabulary = Vocabulary(last.total, Counter(last.words), Counter(last.names))
    for source in removed:
        vocabulary.add(old[source], -1)
    for source in added:
        vocabulary.add(new[source])
    gone = set(removed)
    content = {s: c for s, c in zip(last.sources, last.content, strict=True) if s not in gone}
    dates = {s: d for s, d in zip(last.sources, last.dates, strict=True) if s not in gone}
    for source in added:
        content[source], dates[source] = new[source].content_key, new[source].date
    group_of = {
        last.sources[position]: index
        for index, group in enumerate(last.groups)
        for position in group
    }
    touched = {group_of[source] for source in removed}
    partners = candidate_partners(added, dates, new, versions, features_of, vocabulary)
    if partners is None:
        return None
    touched |= {group_of[source] for source in partners}
    members = sorted(
        {last.sources[p] for index in touched for p in last.groups[index]} - gone | set(added)
    )
    found = features_of({source: versions[source] for source in members})
    if len(found) != len(members):
        return None
    ranked = sorted(members, key=lambda source: (content[source], source))
    ranked_features = [found[source] for source in ranked]
    pairs = score_features(vectors(ranked_features, vocabulary)) if len(ranked) > 1 else Pairs()
    forced = [item.forced for item in ranked_features]
    clustering = cluster(len(ranked), pairs, forced, dates=[found[s].date for s in ranked])
    groups = [
        [last.sources[position] for position in group]
        for index, group in enumerate(last.groups)
        if index not in touched
    ]
    forced_of = [forced_story(by_source[group[0]]) for group in groups]
    groups += [[ranked[rank] for rank in group] for group in clustering.groups]
    forced_of += list(clustering.forced)
    stories = make_stories(by_source, content, groups, forced_of, previous)
    return Grouping(stories, state_of(versions, content, dates, stories, vocabulary))


def candidate_partners(
    added: Sequence[str],
    dates: Mapping[str, int | None],
    new: Mapping[str, ArticleFeatures],
    versions: Mapping[str, str],
    features_of: Callable[[Mapping[str, str]], Mapping[str, ArticleFeatures]],
    vocabulary: Vocabulary,
) -> set[str] | None:
    """Articles that score at least `LINK_THRESHOLD` with one of `added`: among those
    within the date reach of it (every article for an undated one) and the undated."""
    if not added:
        return set()
    reach = DATE_REACH_DAYS
    fresh = set(added)
    undated = [s for s, d in dates.items() if d is None and s not in fresh]
    wanted: set[str] = set(undated)
    days = [dates[source] for source in added]
    if any(day is None for day in days):
        wanted = {source for source in dates if source not in fresh}
    else:
        for day in days:
            assert day is not None
            wanted.update(
                s
                for s, d in dates.items()
                if d is not None and abs(d - day) < reach and s not in fresh
            )
    others = sorted(wanted)
    found = features_of({source: versions[source] for source in others})
    if len(found) != len(others):
        return None
    rows = [*added, *others]
    both = {**found, **new}
    vectors_ = vectors([both[source] for source in rows], vocabulary)
    pairs = score_features(vectors_, rows=range(len(added)))
    return {
        rows[right]
        for left, right, score in zip(pairs.left, pairs.right, pairs.score, strict=True)
        if score >= LINK_THRESHOLD and left < len(added) <= right
    }


def explain_groups(
    clustering: Clustering,
    evidence: Sequence[Evidence],
    labels: ExplainPair,
    ids: Sequence[str],
) -> list[tuple[str, ...]]:
    """Each group's merges, or why it is a single source, then its near misses."""
    group_of = {rank: index for index, group in enumerate(clustering.groups) for rank in group}
    misses = near_misses(evidence, group_of, len(clustering.groups))
    between: dict[tuple[int, int], float] = {}  # sum of pair scores, within and across
    for item in evidence:
        a, b = sorted((group_of[item.left], group_of[item.right]))
        between[(a, b)] = between.get((a, b), 0.0) + item.score

    def cohesion(index: int) -> float:
        count = len(clustering.groups[index])
        return between.get((index, index), 0.0) / (count * (count - 1) / 2) if count > 1 else 0.0

    result = []
    for index, group in enumerate(clustering.groups):
        reasons = list(clustering.merges[index])
        if len(group) == 1:
            reasons.append(
                f"{labels.labels[group[0]]}: single source; no other article scores "
                f">= {LINK_THRESHOLD:.2f} on average with it"
            )
        for item in misses[index]:
            other = group_of[item.right] if group_of[item.left] == index else group_of[item.left]
            mine, theirs = clustering.forced[index], clustering.forced[other]
            if item.score < LINK_THRESHOLD <= item.raw:
                why = "their dates are too far apart"
            elif item.score < LINK_THRESHOLD:
                why = f"below {LINK_THRESHOLD:.2f}"
            elif mine is not None and theirs is not None and mine != theirs:
                why = "but front matter puts them in different stories"
            else:
                a, b = sorted((index, other))
                average = between.get((a, b), 0.0) / (len(group) * len(clustering.groups[other]))
                tight = min(cohesion(index), cohesion(other))
                if (
                    average >= LINK_THRESHOLD
                    and len(group) > 1
                    and len(clustering.groups[other]) > 1
                ):
                    why = (
                        f"but the average over both stories, {average:.2f}, is below "
                        f"{COHESION:.1f} x {tight:.2f}, the average within the looser one: "
                        "two stories each tighter than the link between them"
                    )
                else:
                    why = (
                        f"but the average over both stories, {average:.2f}, stays below "
                        f"{LINK_THRESHOLD:.2f}"
                    )
            reasons.append(f"not grouped with story {ids[other]}: {labels.pair(item)}; {why}")
        result.append(tuple(reasons))
    return result


def near_misses(
    evidence: Sequence[Evidence], group_of: Mapping[int, int], groups: int
) -> list[list[Evidence]]:
    """The closest pairs that cross story borders, a few per story, strongest first."""
    found: list[list[Evidence]] = [[] for _ in range(groups)]
    crossing = sorted(
        (e for e in evidence if e.raw >= NEAR_MISS and group_of[e.left] != group_of[e.right]),
        key=lambda e: (-e.raw, e.left, e.right),
    )
    for item in crossing:
        for side in (group_of[item.left], group_of[item.right]):
            if len(found[side]) < NEAR_MISSES_PER_STORY:
                found[side].append(item)
    return found


# --------------------------------------------------------------------------- ids


@dataclass(frozen=True, slots=True)
class IdClaim:
    forced: str | None
    previous: tuple[tuple[str, int], ...]  # (previous id, members that had it), best first
    fresh: str
    order: tuple[datetime.date, str]
    digest: str


def previous_claim(
    articles: Sequence[Article], previous: Mapping[str, str]
) -> tuple[tuple[str, int], ...]:
    held = Counter(
        previous[str(article.source)] for article in articles if str(article.source) in previous
    )
    return tuple(sorted(held.items(), key=lambda item: (-item[1], item[0])))


def fresh_id(founder: Article) -> str:
    date = founder.meta.date
    prefix = date.isoformat() if date else "undated"
    return f"{prefix}-{slugify(founder.meta.title) or 'story'}"


def assign_ids(claims: Sequence[IdClaim]) -> list[str]:
    """Resolve every story's id: forced, then previous, then fresh; collisions get digests."""
    ids: list[str | None] = [claim.forced for claim in claims]
    taken = {story_id for story_id in ids if story_id is not None}
    # Previous ids: the story holding more of an id's old members keeps it.
    wanted = sorted(
        (
            (-count, claim.order, index, story_id)
            for index, claim in enumerate(claims)
            if ids[index] is None
            for story_id, count in claim.previous
        ),
    )
    for _count, _order, index, story_id in wanted:
        if ids[index] is None and story_id not in taken:
            ids[index] = story_id
            taken.add(story_id)
    # Fresh ids: the story whose founder ranks first keeps the plain id.
    for index in sorted(range(len(claims)), key=lambda i: claims[i].order):
        if ids[index] is not None:
            continue
        story_id = claims[index].fresh
        if story_id in taken:
            story_id = f"{story_id}-{claims[index].digest}"
        suffix = 2
        while story_id in taken:  # identical founders (the same text in two files)
            story_id = f"{claims[index].fresh}-{claims[index].digest}-{suffix}"
            suffix += 1
        ids[index] = story_id
        taken.add(story_id)
    return [story_id or "story" for story_id in ids]


def previous_ids(front_matters: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """`previous` for `group_stories` from the front matter of pages written before."""
    found: dict[str, str] = {}
    for record in front_matters:
        story_id, sources = record.get("story"), record.get("sources")
        if not isinstance(story_id, str) or not isinstance(sources, list):
            continue
        for source in sources:
            if isinstance(source, dict) and isinstance(source.get("file"), str):
                found.setdefault(source["file"], story_id)
    return found


STOP_SLUG_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "in",
        "on",
        "for",
        "at",
        "by",
        "with",
        "from",
        "is",
        "are",
    ]
)


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII, lowercase, hyphenated; drops filler words; safe as a file name."""
    words = re.findall(r"[a-z0-9]+", ascii_text(text).lower())
    kept = [word for word in words if word not in STOP_SLUG_WORDS] or words
    return "-".join(kept[:max_words])[:80].strip("-")
