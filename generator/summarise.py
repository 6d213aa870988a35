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

Story level: the same signals plus *support*, how much the other sources say the same
thing (maximum TF-IDF similarity to each other source), so that the summary says what
happened according to several outlets, and no two chosen sentences are near-duplicates.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.entities import fold
from generator.model import Article, ArticleMeta, CleanArticle, Figure, Mention, Sentence
from generator.nlp import sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def _wordset(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block."""
    return frozenset(text.split())


SUMMARY_SIZE = 3
KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 6
NEAR_DUPLICATE = 0.6  # Jaccard similarity of content words

STOP_WORDS = _wordset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself said says say told tell according mr mrs ms new
    one two three last first year years week weeks day days time times month months
    would could also like get got make made may might must us thursday friday monday
    tuesday wednesday saturday sunday january february march april june july august
    september october november december people including since many much well even still
    back way ago around another among already told asked added including per percent
    going go went come came take took see seen know known think thought want wanted
    there's it's he's she's don't didn't isn't wasn't can't won't
    """
)

_DATELINE = re.compile(
    r"^\s*(?:\(?[A-Z][A-Za-z\.\s]{1,30}\)?\s*(?:\([A-Z][\w\s\.]{1,20}\))?\s*[—–-]{1,2}\s+"
    r"|\([A-Z][A-Za-z\.\s]{1,30}\)\s+)"
)
_PROMO = re.compile(
    r"^(?:Related|More|Read more|READ MORE|Watch|WATCH|Click|Sign up|Subscribe|"
    r"The Bubble|Follow|Listen|Video|Photo|PHOTO|Getty|AP Photo|Image)\b[^.]{0,80}?:"
)
_CONNECTIVE = re.compile(
    r"^(?:He|She|It|They|This|That|These|Those|His|Her|Their|Its|But|And|Or|So|Yet|"
    r"Still|Also|However|Instead|Then|Meanwhile|Later|There)\b"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

# Topic lexicon: tag -> trigger stems (folded, lowercase). A tag is proposed when its
# triggers occur often enough across the story's sources.
TOPICS: dict[str, tuple[str, ...]] = {
    "migration": ("migra", "immigra", "asylum", "refugee", "deport"),
    "border security": (
        "border patrol",
        "border security",
        "border wall",
        "crossings",
        "border crossing",
    ),
    "tariffs": ("tariff",),
    "trade": ("trade", "exports", "imports", "nafta"),
    "steel": ("steel", "aluminum", "aluminium"),
    "nuclear deal": ("nuclear deal", "nuclear agreement", "jcpoa", "iran deal"),
    "nuclear weapons": ("nuclear weapon", "nuclear program", "enrichment", "atomic"),
    "elections": ("election", "electoral", "ballot", "vote", "campaign"),
    "investigation": ("investigat", "probe", "inquiry", "special counsel"),
    "russia inquiry": ("collusion", "russian interference", "russia investigation"),
    "lawsuit": ("lawsuit", "sued", "sues", "suing", "complaint", "court"),
    "diplomacy": ("diplomat", "summit", "state visit", "talks", "bilateral"),
    "state visit": ("state visit", "visit to"),
    "protests": ("protest", "demonstrat", "rally"),
    "intelligence": ("intelligence", "espionage", "spy", "spies", "classified"),
    "hacking": ("hack", "cyber", "leaked emails"),
    "economy": ("economy", "economic", "inflation", "gdp", "recession", "markets"),
    "energy": ("oil", "gas prices", "energy"),
    "climate": ("climate", "emissions", "warming"),
    "health": ("health", "hospital", "vaccine", "pandemic", "virus"),
    "war": ("war ", "invasion", "offensive", "troops", "missile", "airstrike"),
    "terrorism": ("terror",),
    "sanctions": ("sanction",),
    "crime": ("murder", "shooting", "arrested", "police"),
    "justice": ("obstruction", "indict", "prosecut", "justice department"),
    "congress": ("congress", "senate", "lawmakers", "house of representatives"),
    "foreign policy": ("foreign policy", "foreign minister", "secretary of state"),
    "drug trafficking": ("fentanyl", "cartel", "drug traffick"),
    "human rights": ("human rights", "amnesty"),
}
MIN_TOPIC_HITS = 3


# --------------------------------------------------------------------------- sentences


def split_sentences(clean: CleanArticle, doc: Doc | None = None) -> tuple[Sentence, ...]:
    """The sentences of the body's paragraphs (headings are not sentences).

    Rule-based (see `generator.nlp.sentence_spans`), so the split is the same with or
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
        for word in re.findall(r"[a-z][a-z0-9'’\-]+", fold(text))
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


def _penalty(text: str, headline: str) -> float:
    """How unfit a sentence is to stand alone in a summary (0 = fit)."""
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
    whole = vectors._weigh(sum(vectors.bags, Counter()))
    head = vectors.vector(headline) if headline else {}
    names = []
    for mention in mentions:
        for form in (mention.name, *mention.aliases):
            if len(form) > 2:
                names.append((fold(form), math.log(1 + mention.count)))
    figure_sentences = {figure.sentence for figure in figures}
    scored = []
    for index, (text, vector) in enumerate(zip(texts, vectors.vectors, strict=True)):
        folded = fold(text)
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


def summarise_story(
    articles: Sequence[Article],
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(summary sentences, key points as (source file, sentence)) across a story.

    Articles are read in the order given: the story's order (date, then content), which
    renaming files does not change.
    """
    ordered = list(articles)
    if not ordered:
        return (), ()
    rows: list[tuple[str, int, str, float]] = []  # (source, article index, text, own score)
    for number, article in enumerate(ordered):
        sentences = article.sentences or split_sentences(article.clean, None)
        texts = [strip_dateline(sentence.text) for sentence in sentences]
        headline = article.meta.title or article.clean.headline or ""
        for item in _score_sentences(texts, headline, article.mentions, article.figures):
            if _penalty(item.text, headline) >= 3.0:
                continue
            rows.append((str(article.source), number, item.text, item.score))
    if not rows:
        return (), ()
    vectors = _Vectors([row[2] for row in rows])
    support: list[float] = []
    for i, row in enumerate(rows):
        best_per_source: dict[int, float] = {}
        for j, other in enumerate(rows):
            if other[1] == row[1]:
                continue
            similarity = _Vectors.cosine(vectors.vectors[i], vectors.vectors[j])
            best_per_source[other[1]] = max(best_per_source.get(other[1], 0.0), similarity)
        values = sorted(best_per_source.values(), reverse=True)
        support.append(sum(values) / max(1, len(ordered) - 1))
    scored = [_Scored(row[3] + 1.5 * support[i], i, row[2]) for i, row in enumerate(rows)]
    summary_items = _pick(scored, SUMMARY_SIZE)
    top = summary_items[0].score if summary_items else 0.0
    summary_items = [
        item for n, item in enumerate(summary_items) if n == 0 or item.score >= top - 0.4
    ]
    summary_items.sort(key=lambda item: (rows[item.index][1], item.index))
    points = _pick(
        [item for item in scored if item not in summary_items],
        KEY_POINTS_MAX,
        [item.text for item in summary_items],
    )
    points.sort(key=lambda item: (-item.score, item.index))
    return (
        tuple(item.text for item in summary_items),
        tuple((rows[item.index][0], item.text) for item in points),
    )


# --------------------------------------------------------------------------- tags


def find_tags(articles: Sequence[Article]) -> tuple[str, ...]:
    """2-6 lowercase topic tags for a story, deterministic."""
    texts = []
    entity_words: set[str] = set()
    for article in sorted(articles, key=lambda a: str(a.source)):
        headline = article.meta.title or article.clean.headline or ""
        texts.append(fold(headline + " " + headline + " " + article.clean.body))
        for mention in article.mentions:
            entity_words.add(fold(mention.name))
            entity_words.update(fold(alias) for alias in mention.aliases)
    corpus = "\n".join(texts)
    hits: Counter[str] = Counter()
    for tag, triggers in TOPICS.items():
        count = sum(corpus.count(trigger) for trigger in triggers)
        sources = sum(1 for text in texts if any(trigger in text for trigger in triggers))
        if count >= MIN_TOPIC_HITS and sources >= max(1, math.ceil(len(texts) / 2)):
            hits[tag] = count
    tags = [tag for tag, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))][:6]
    if len(tags) < 2:
        for word in _keywords(texts, entity_words):
            if word not in tags and not any(word in tag or tag in word for tag in tags):
                tags.append(word)
            if len(tags) >= 3:
                break
    tags = [tag for tag in tags if tag not in entity_words]
    return tuple(tags[:6])


def _keywords(texts: Sequence[str], entity_words: set[str]) -> list[str]:
    """Frequent content words shared by the sources, as fallback tags."""
    counts: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for text in texts:
        words = [word for word in _words(text) if not any(ch.isdigit() for ch in word)]
        words = [word.strip("'’-") for word in words]
        bag = Counter(word for word in words if len(word) > 3 and word not in entity_words)
        counts.update(bag)
        spread.update(bag.keys())
    need = 2 if len(texts) > 1 else 1
    ranked = sorted(
        (word for word in counts if spread[word] >= need),
        key=lambda word: (-counts[word] * spread[word], word),
    )
    entity_tokens = {token for name in entity_words for token in name.split()}
    return [word for word in ranked if word not in entity_tokens][:10]
