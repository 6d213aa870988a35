"""Articles -> Stories: one story per event, deterministic and explained.

How two articles are compared (`Evidence`, one per pair; each similarity is 0..1):

- **text**: cosine of TF-IDF vectors of headline + body (scikit-learn, English stop
  words removed, sublinear counts). Words every article uses weigh little.
- **lead**: the same for the headline and the first `LEAD_WORDS` words of the body,
  where news states its event; two outlets on one event agree most there.
- **headline**: each article's headline against the other's whole text (both ways,
  averaged): outlets word headlines differently, but tell the same event in the body.
- **entities**: cosine of the articles' people, places and organisations, each weighed
  by its rarity in the whole input (`log((N + ENTITY_PRIOR) / df)`): a name every
  article carries ("Trump" in a folder of Washington news) counts for almost nothing, a
  name two articles share alone ("Comey", "Bárcena") counts a lot. People are keyed by
  surname, so "Donald Trump" in one source meets "Trump" in another.
- **dates**: known dates within `DATE_WINDOW_DAYS` change nothing; further apart the
  score fades to zero over `DATE_FADE_DAYS` more days. An unknown date is no evidence
  either way. Two stories on one cast a week apart therefore stay apart.

`score = date factor * (0.30 text + 0.40 lead + 0.10 headline + 0.20 entities)`.
The weights and `LINK_THRESHOLD` are tuned on the development corpus
(`python -m benchmarks.eval_grouping`) so that pairs of articles on one event and on
different events (even with one cast: the Comey memos and the DNC lawsuit) fall on either
side with a margin, both in a large mixed folder and in a folder of two articles.

How articles become stories: average-link agglomerative clustering. Every article starts
alone (articles with one front matter `story:` start together: `story:` forces a story);
the two groups whose *average* pair score is highest merge while that average reaches
`LINK_THRESHOLD`. Two groups forced to different stories never merge. Average link
needs support from the members of both groups, so one ambiguous article cannot chain two
events together the way single-link (union-find) would. Ties are broken by content, never
by file name or input order.

Determinism: articles are ranked by `content_key` (a digest of headline and body), and
every sort has a content-derived key, so shuffling the input or renaming files gives the
same stories, ids and member order.

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

import datetime
import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from unidecode import unidecode

from generator.model import Article, Mention, Story

DATE_WINDOW_DAYS = 3
"""Articles on one event are usually published within a few days of each other."""
DATE_FADE_DAYS = 3
"""Beyond the window the score fades to zero over this many more days."""

TEXT_WEIGHT, LEAD_WEIGHT, HEADLINE_WEIGHT, ENTITY_WEIGHT = 0.30, 0.40, 0.10, 0.20
"""Weights of the four similarities in a pair's score (they add up to 1)."""
LEAD_WORDS = 60
"""The lead: the headline and the first words of the body, where news states the event."""

LINK_THRESHOLD = 0.13
"""Average pair score at which two groups of articles merge into one story. On the
development corpus every threshold from 0.07 to 0.17 groups the 27 mixed articles
perfectly; on 135 random small subsets of them (`eval_grouping --subsets`), where rarity
counts are noisier, 0.13 wrongly groups 1 pair of articles and misses none of 660, 0.15
misses 1, 0.17 misses 16. Lower favours recall: a missed outlier costs less than two
events run together."""
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
    return " ".join(unidecode(text).lower().split())


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
    if days is None or days <= DATE_WINDOW_DAYS:
        return 1.0
    return max(0.0, 1.0 - (days - DATE_WINDOW_DAYS) / DATE_FADE_DAYS)


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


NAME_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


def entity_label(key: str) -> str:
    return key.split(":", 1)[1]


@dataclass(slots=True)
class Features:
    """Unit-length vectors of every article, in rank order, ready for pair scoring."""

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
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-z][a-z0-9]+\b",
        dtype=np.float64,
    )
    count = len(articles)
    try:
        text = vectorizer.fit_transform(
            [fold(article.meta.title + "\n" + article.clean.body) for article in articles]
        )
        lead = vectorizer.transform([fold(lead_text(article)) for article in articles])
        headline = vectorizer.transform([fold(article.meta.title) for article in articles])
    except ValueError:  # not one usable word in the whole input
        text = lead = headline = sparse.csr_matrix((count, 1), dtype=np.float64)
    counts = [entity_counts(article) for article in articles]
    frequency: Counter[str] = Counter(key for found in counts for key in found)
    names = sorted(frequency)
    column = {name: index for index, name in enumerate(names)}
    total = count + ENTITY_PRIOR
    rows, cols, values = [], [], []
    for row, found in enumerate(counts):
        for key, times in sorted(found.items()):
            rows.append(row)
            cols.append(column[key])
            values.append((1.0 + math.log(times)) * math.log(total / frequency[key]))
    entities = sparse.csr_matrix(
        (values, (rows, cols)), shape=(count, max(1, len(names))), dtype=np.float64
    )
    dates = np.array(
        [a.meta.date.toordinal() if a.meta.date else np.nan for a in articles], dtype=np.float64
    )
    return Features(
        normalise(text), normalise(lead), normalise(headline), normalise(entities), names, dates
    )


def entity_counts(article: Article) -> Counter[str]:
    found: Counter[str] = Counter()
    for mention in article.mentions:
        for key in entity_keys(mention):
            found[key] += max(1, mention.count)
    return found


def normalise(matrix: Any) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def score_pairs(articles: Sequence[Article], floor: float = CANDIDATE_FLOOR) -> list[Evidence]:
    """Evidence for every pair scoring at least `floor`, in (left, right) order."""
    return score_features(features(articles), floor) if len(articles) > 1 else []


def score_features(found: Features, floor: float = CANDIDATE_FLOOR) -> list[Evidence]:
    """Rows are scored a block at a time, so memory stays flat on big inputs."""
    evidence: list[Evidence] = []
    count = found.text.shape[0]
    for start in range(0, count, BLOCK_ROWS):
        stop = min(count, start + BLOCK_ROWS)
        text = (found.text[start:stop] @ found.text.T).toarray()
        lead = (found.lead[start:stop] @ found.lead.T).toarray()
        # The headline of one article against the whole text of the other, both ways.
        head = (found.headline[start:stop] @ found.text.T).toarray()
        head = (head + (found.text[start:stop] @ found.headline.T).toarray()) / 2
        ents = (found.entities[start:stop] @ found.entities.T).toarray()
        gaps = np.abs(found.dates[start:stop, None] - found.dates[None, :])
        # Pairs kept on their score before the date factor, so that near misses can
        # say when the dates alone kept two articles apart. A pair whose dates are too
        # far apart scores 0, exactly as a missing pair does, so it is kept only when it
        # is strong enough to be explained as a near miss: big archives stay sparse.
        raw = weigh(text, lead, head, ents)
        reach = np.isnan(gaps) | (gaps < DATE_WINDOW_DAYS + DATE_FADE_DAYS)
        rows, cols = np.nonzero((raw >= floor) & (reach | (raw >= NEAR_MISS)))
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            left, right = start + row, col
            if right <= left:
                continue
            gap = gaps[row, col]
            evidence.append(
                Evidence(
                    left,
                    right,
                    text=unit(text[row, col]),
                    lead=unit(lead[row, col]),
                    headline=unit(head[row, col]),
                    entities=unit(ents[row, col]),
                    days=None if np.isnan(gap) else int(gap),
                )
            )
    evidence.sort(key=lambda e: (e.left, e.right))
    return evidence


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

    @property
    def first(self) -> int:
        return min(self.members)


@dataclass(frozen=True, slots=True)
class Clustering:
    groups: tuple[tuple[int, ...], ...]  # ranks, each sorted
    forced: tuple[str | None, ...]
    merges: tuple[tuple[str, ...], ...]


def cluster(
    count: int,
    evidence: Sequence[Evidence],
    forced: Sequence[str | None],
    describe: ExplainPair,
) -> Clustering:
    """Average-link agglomerative clustering over the pair scores (missing pairs score 0)."""
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
        groups[rank] = Group([rank], key)
    for group in groups.values():
        if group.forced is not None:
            files = len(group.members)
            group.merges.append(f"front matter story: {group.forced} ({files} source(s))")

    sums: dict[tuple[int, int], float] = {}
    best: dict[tuple[int, int], Evidence] = {}
    for item in evidence:
        a, b = owner[item.left], owner[item.right]
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        sums[pair] = sums.get(pair, 0.0) + item.score
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
        average = sums[(a, b)] / (len(ga.members) * len(gb.members))
        if average < LINK_THRESHOLD:
            return
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
        ga.merges.append(
            f"joined {describe.names(ga.members)} + {describe.names(gb.members)}: "
            f"average score {-negative:.2f} >= {LINK_THRESHOLD:.2f} over "
            f"{len(ga.members) * len(gb.members)} pair(s); strongest "
            f"{describe.pair(best[pair])}"
        )
        ga.members.extend(gb.members)
        ga.members.sort()
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
        dates = f"{item.days} day(s) apart"
        if item.date_factor < 1.0:
            dates += f" (x{item.date_factor:.2f})"
    return (
        f"score {item.score:.2f} = text {item.text:.2f}, lead {item.lead:.2f}, "
        f"headline {item.headline:.2f}, entities {item.entities:.2f} [{shared}], {dates}"
    )


# --------------------------------------------------------------------------- stories


def group_stories(
    articles: Sequence[Article], previous: Mapping[str, str] | None = None
) -> tuple[Story, ...]:
    """Group articles into stories, deterministically; see the module docstring.

    `previous` maps a source file to the story id it was published under before; pass it
    to keep pages where they are when an earlier article joins a story.
    Stories come sorted by id; each story's articles by (date, content).
    """
    ranked = sorted(articles, key=lambda a: (content_key(a), str(a.source)))
    keys = [content_key(article) for article in ranked]
    found = features(ranked) if len(ranked) > 1 else None
    labels = ExplainPair(tuple(str(article.source) for article in ranked), found)
    evidence = score_features(found) if found is not None else []
    forced = [forced_story(article) for article in ranked]
    clustering = cluster(len(ranked), evidence, forced, labels)

    claims = []
    for index, group in enumerate(clustering.groups):
        founder = min(group, key=lambda rank: (ranked[rank].meta.date or NO_DATE, keys[rank]))
        claims.append(
            IdClaim(
                forced=clustering.forced[index],
                previous=previous_claim([ranked[rank] for rank in group], previous or {}),
                fresh=fresh_id(ranked[founder]),
                order=(ranked[founder].meta.date or NO_DATE, keys[founder]),
                digest=keys[founder][:6],
            )
        )
    ids = assign_ids(claims)
    reasons = explain_groups(clustering, evidence, labels, ids)
    stories = [
        Story(
            ids[index],
            tuple(sorted((ranked[rank] for rank in group), key=article_order)),
            reasons[index],
        )
        for index, group in enumerate(clustering.groups)
    ]
    return tuple(sorted(stories, key=lambda story: story.story_id))


def explain_groups(
    clustering: Clustering,
    evidence: Sequence[Evidence],
    labels: ExplainPair,
    ids: Sequence[str],
) -> list[tuple[str, ...]]:
    """Each group's merges, or why it is a single source, then its near misses."""
    group_of = {rank: index for index, group in enumerate(clustering.groups) for rank in group}
    misses = near_misses(evidence, group_of, len(clustering.groups))
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
                why = f"but the average over both stories stays below {LINK_THRESHOLD:.2f}"
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
    words = re.findall(r"[a-z0-9]+", unidecode(text).lower())
    kept = [word for word in words if word not in STOP_SLUG_WORDS] or words
    return "-".join(kept[:max_words])[:80].strip("-")
