"""Independent reports in a story, and how each tells it.

- **Syndication** (`find_reports`): copies, translations and rewrites of one wire
  dispatch are one report carried by several sources. Two sources are one report when
  (rules in `same_report`, each with the evidence it gives):
  - `copies`: most sentences of the shorter have a near-identical sentence in the other
    (`COPY_SENTENCE` of content words alike, for `COPY_SHARE` of its sentences);
  - `same wire`: both credit one wire agency, and share a quote or some sentences;
  - `uncredited copy of a wire report`: one credits a wire and the other credits
    nothing, and they share `WIRE_QUOTES` long quotations (their wordings may be two
    translations) and either some sentences or a photo credit naming that wire.
  Sources with different wires, or a source with a publisher's own credit, are never
  merged on shared quotes alone: everyone quotes the same statement.
- **Framing** (`framing`): per source, what it leads with (its opening sentence), the
  words of its headline and opening it uses outside quotations that no other source
  uses (its distinctive, often loaded, terms: `illegal immigration` where another says
  `irregular migration`), and the names and figures only it carries.

Pure: articles, their outlets and the merged quotes in, tuples out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator import lexicons
from generator.model import (
    Article,
    Framing,
    Report,
    SourceOutlet,
    StoryEntity,
    StoryFigure,
    StoryQuote,
)
from generator.stories import outlets as outlet_names
from generator.stories import timeline

LEXICONS: tuple[str, ...] = ("stop_words",)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""

COPY_SENTENCE = 0.6
"""Share of content words (Jaccard) from which two sentences are one sentence."""
COPY_SHARE = 0.5
"""Share of the shorter source's sentences found in the other: a copy."""
SOME_SENTENCES = 0.2
"""Share of alike sentences that, with a shared wire or quotes, shows one report."""
LONG_QUOTE_WORDS = 6
WIRE_QUOTES = 2
SENTENCE_MIN_WORDS = 6

ENGLISH_STOP_WORDS = lexicons.load("stop_words")
"""English stop words (`lexicons/stop_words.txt`: spaCy's list): function words are no
outlet's framing."""

TERMS_SHOWN = 6
INCLUDES_SHOWN = 6
LEAD_LIMIT = 220


def sentences(article: Article) -> list[frozenset[str]]:
    """The content words of each sentence, quotations left out: two outlets quoting one
    statement (or one post) word for word wrote their own sentences around it."""
    found = []
    for text in timeline.sentence_texts(article):
        words = timeline.content_words(own_words(text))
        if len(text.split()) >= SENTENCE_MIN_WORDS and len(words) >= SENTENCE_MIN_CONTENT:
            found.append(words)
    return found


SENTENCE_MIN_CONTENT = 4
COMPARED_MIN = 3
"""A source with fewer sentences of its own than this (an excerpt, a list of quotes) is
no evidence of a copy."""


def alike_share(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> float:
    """Share of the shorter list's sentences that have a near-identical one in the other."""
    short, long = sorted((left, right), key=len)
    if len(short) < COMPARED_MIN:
        return 0.0
    found = sum(
        1 for words in short if any(timeline.similarity(words, o) >= COPY_SENTENCE for o in long)
    )
    return found / len(short)


def shared_long_quotes(quotes: Sequence[StoryQuote], left: str, right: str) -> int:
    return sum(
        1
        for quote in quotes
        if left in quote.sources
        and right in quote.sources
        and len(quote.text.split()) >= LONG_QUOTE_WORDS
    )


def credits_name(article: Article, wire: str, registry: outlet_names.Registry) -> bool:
    """A photo credit of the article names the wire (`PHOTO JANE DOE, AGENCE
    FRANCE-PRESSE`): photos from an agency often come with its text."""
    info = registry.by_name(wire)
    names = {outlet_names.key(n) for n in ((info.name, *info.aliases) if info else (wire,))}
    for image in article.clean.images:
        credit = f" {outlet_names.key(image.credit)} "
        if any(f" {name} " in credit for name in names if len(name) > 2):
            return True
    return False


BRACKETED = re.compile(r"\[([^\]\s]{3,30})\]")


def untranslated_words(article: Article) -> list[str]:
    """Bracketed words with letters outside ASCII in an English text's quotes (`[première]`):
    a translator's note left in place."""
    if article.meta.language != "en":
        return []
    return sorted(
        {
            word
            for quote in article.quotes
            for word in BRACKETED.findall(quote.text)
            if not word.isascii() and word.isalpha()
        }
    )


def same_report(
    left: Article,
    right: Article,
    outlets: Mapping[str, SourceOutlet],
    quotes: Sequence[StoryQuote],
    registry: outlet_names.Registry,
    words: Mapping[str, list[frozenset[str]]],
) -> tuple[str, ...]:
    """The evidence that two sources carry one report; empty when they do not."""
    a, b = str(left.source), str(right.source)
    if apart(left, right):
        return ()
    share = alike_share(words[a], words[b])
    if share >= COPY_SHARE:
        return (f"{round(share * 100)}% of sentences alike",)
    wire_a, wire_b = outlets[a].wire, outlets[b].wire
    shared = shared_long_quotes(quotes, a, b)
    if wire_a and wire_a == wire_b:
        if shared or share >= SOME_SENTENCES:
            return (f"both credit {wire_a}", *quote_evidence(shared))
        return ()
    if bool(wire_a) == bool(wire_b) or shared < WIRE_QUOTES:
        return ()
    wire = wire_a or wire_b or ""
    bare = right if wire_a else left
    if outlets[str(bare.source)].basis in ("text",):
        return ()  # it credits a publisher of its own
    evidence = list(quote_evidence(shared))
    if share >= SOME_SENTENCES:
        evidence.append(f"{round(share * 100)}% of sentences alike")
    if credits_name(bare, wire, registry):
        evidence.append(f"its photos are credited to {wire}")
    if len(evidence) < 2:
        return ()
    evidence += [f"a quote keeps “[{word}]” untranslated" for word in untranslated_words(bare)]
    return (f"no credit of its own; {wire}'s report", *evidence)


REPORT_DAYS = 2


def apart(left: Article, right: Article) -> bool:
    """Dated (explicitly) more than `REPORT_DAYS` apart: two reports, however alike."""
    if left.meta.date_basis != "explicit" or right.meta.date_basis != "explicit":
        return False
    if left.meta.date is None or right.meta.date is None:
        return False
    return abs((left.meta.date - right.meta.date).days) > REPORT_DAYS


def quote_evidence(shared: int) -> tuple[str, ...]:
    if not shared:
        return ()
    return (f"{shared} long quotation{'s' if shared > 1 else ''} in common",)


class Likely:
    """For each source, the others that may carry one report with it: a sentence alike
    (`COPY_SENTENCE`; found through the rarest words of each sentence, `timeline.prefix`)
    or a long quotation in common. `same_report` finds nothing for any other pair: each
    of its tests needs sentences alike (`alike_share` above 0) or a shared long quote."""

    def __init__(
        self,
        sources: Sequence[str],
        words: Mapping[str, list[frozenset[str]]],
        long_quotes: Sequence[StoryQuote],
    ) -> None:
        self.sources, self.words = sources, words
        self.rank = timeline.rarest_first(w for source in sources for w in words[source])
        self.index: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for number, source in enumerate(sources):
            for sentence in words[source]:
                for word in timeline.prefix(sentence, COPY_SENTENCE, self.rank):
                    self.index.setdefault(word, []).append((number, sentence))
        number_of = {source: number for number, source in enumerate(sources)}
        self.quoted: dict[int, list[list[int]]] = {}
        for quote in long_quotes:
            carriers = [number_of[s] for s in quote.sources if s in number_of]
            for number in carriers:
                self.quoted.setdefault(number, []).append(carriers)

    def of(self, number: int) -> set[int]:
        found: set[int] = set()
        for sentence in self.words[self.sources[number]]:
            for word in timeline.prefix(sentence, COPY_SENTENCE, self.rank):
                for other, theirs in self.index.get(word, ()):
                    if (
                        other not in found
                        and other != number
                        and timeline.similarity(sentence, theirs) >= COPY_SENTENCE
                    ):
                        found.add(other)
        for carriers in self.quoted.get(number, ()):
            found.update(carriers)
        return found


def find_reports(
    articles: Sequence[Article],
    outlets: Sequence[SourceOutlet],
    quotes: Sequence[StoryQuote],
    registry: outlet_names.Registry,
) -> tuple[Report, ...]:
    """The story's independent reports, in story order (each listing its sources in
    story order); sources joined by `same_report`, transitively.

    A pair is tested only when its sources have a sentence alike or a long quotation in
    common (`Likely`): any other pair has no evidence of one report. Pairs are taken in
    the same order as trying all, so the reports and their evidence are the same."""
    by_source = {o.source: o for o in outlets}
    sources = [str(article.source) for article in articles]
    words = {str(article.source): sentences(article) for article in articles}
    parent = list(range(len(articles)))
    evidence: dict[int, list[str]] = {}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    long_quotes = [quote for quote in quotes if len(quote.text.split()) >= LONG_QUOTE_WORDS]
    likely = Likely(sources, words, long_quotes)
    for i, left in enumerate(articles):
        near: set[int] | None = None
        for j in range(i + 1, len(articles)):
            if find(i) == find(j) and j in evidence:
                continue
            if near is None:
                near = likely.of(i)  # only for a source with pairs left to test
            if j not in near:
                continue  # no sentence alike, no long quotation in common: `same_report` is ()
            found = same_report(left, articles[j], by_source, long_quotes, registry, words)
            if found:
                root_i, root_j = find(i), find(j)
                if root_i != root_j:
                    parent[root_j] = root_i
                evidence.setdefault(j, list(found))
    groups: dict[int, list[int]] = {}
    for index in range(len(articles)):
        groups.setdefault(find(index), []).append(index)
    reports = []
    for members in groups.values():
        wires = [by_source[sources[i]].wire for i in members if by_source[sources[i]].wire]
        notes = tuple(f"{sources[i]}: {'; '.join(evidence[i])}" for i in members if i in evidence)
        reports.append(
            Report(tuple(sources[i] for i in members), wires[0] if wires else None, notes)
        )
    return tuple(reports)


# --------------------------------------------------------------------------- framing

QUOTED = re.compile(r"[“\"][^”\"]*[”\"]|‘[^’]{0,200}’")
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]")


def own_words(text: str) -> str:
    """The text without its quotations: the words the outlet chose."""
    return QUOTED.sub(" ", text)


def term_key(word: str) -> str:
    """A word as compared between sources: folded, a plural `s` dropped (`migrants` is
    `migrant`, but `illegally` is not `illegal`: the words an outlet picks matter)."""
    folded = lexicons.fold(word)
    return folded[:-1] if len(folded) > 4 and folded.endswith("s") else folded


def framing(
    articles: Sequence[Article],
    reports: Sequence[Report],
    resolved: Sequence[StoryEntity],
    figures: Sequence[StoryFigure],
    outlets: Sequence[SourceOutlet] = (),
) -> tuple[Framing, ...]:
    """How each source tells the story (versions of one report too: a translation or a
    rewrite frames it in words of its own); nothing for a single source. At most
    `FRAMED` sources, in story order."""
    if len(articles) < 2:
        return ()
    chosen = list(articles[:FRAMED])
    vocab = [vocabulary(article) for article in chosen]
    names = {
        term_key(word)
        for entity in resolved
        for name in (entity.name, *entity.aliases)
        for word in WORD.findall(name)
    }
    credits = {outlet_names.key(name) for o in outlets for name in (o.outlet, o.wire) if name}
    found = []
    for index, article in enumerate(chosen):
        others: set[str] = set().union(*(v for i, v in enumerate(vocab) if i != index))
        found.append(
            Framing(
                source=str(article.source),
                leads_with=lead_sentence(article),
                terms=distinctive_terms(article, others | names),
                includes=only_here(str(article.source), resolved, figures, credits),
            )
        )
    return tuple(found)


FRAMED = 20


def vocabulary(article: Article) -> set[str]:
    text = own_words(" ".join([article.meta.title, article.clean.body]))
    return {term_key(word) for word in WORD.findall(text)}


def lead_sentence(article: Article) -> str:
    texts = [t for t in timeline.sentence_texts(article) if len(t.split()) >= SENTENCE_MIN_WORDS]
    text = " ".join((texts[0] if texts else article.meta.title).split())
    return text if len(text) <= LEAD_LIMIT else text[: LEAD_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def distinctive_terms(article: Article, others: set[str]) -> tuple[str, ...]:
    """Words of the headline and the first paragraphs, outside quotations, that no
    other source uses (`others` also holds the story's names: those are left to
    `only_here`); capitalised words of the body are names too."""
    paragraphs = [b.text for b in article.clean.blocks if b.kind == "paragraph"][:3]
    headline = [(word, True) for word in WORD.findall(own_words(article.meta.title))]
    body = [(word, False) for word in WORD.findall(own_words(" ".join(paragraphs)))]
    terms: list[str] = []
    seen: set[str] = set()
    for word, in_headline in headline + body:
        folded = word.lower()
        if (
            len(folded) < 5
            or (not in_headline and word[:1].isupper() and not word.isupper())
            or folded in timeline.STOP_WORDS
            or folded in ENGLISH_STOP_WORDS
            or term_key(word) in others
            or term_key(word) in seen
        ):
            continue
        seen.add(term_key(word))
        terms.append(folded)
        if len(terms) >= TERMS_SHOWN:
            break
    return tuple(terms)


def only_here(
    source: str,
    resolved: Sequence[StoryEntity],
    figures: Sequence[StoryFigure],
    credits: set[str] | frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """People, organisations and figures this source carries and no other does (the
    outlets and wires of the story's sources, named in their credits, left out)."""
    found = [
        entity.name
        for entity in resolved
        if entity.kind in ("person", "organisation")
        and entity.sources == (source,)
        and outlet_names.key(entity.name) not in credits
    ]
    found += [figure.text for figure in figures if figure.sources == (source,) and figure.unit]
    return tuple(found[:INCLUDES_SHOWN])


def lean_spread(
    reports: Sequence[Report], outlets: Sequence[SourceOutlet]
) -> tuple[dict[str, int], bool]:
    """Reports per lean (the owner's ratings; a report takes the lean of its first rated
    source), and whether every rated report leans to one side (two or more rated)."""
    by_source = {o.source: o for o in outlets}
    counts: dict[str, int] = {}
    sides = []
    for report in reports:
        lean = next(
            (by_source[s].lean for s in report.sources if s in by_source and by_source[s].lean),
            None,
        )
        if lean is None:
            continue
        value = outlet_names.LEANS[lean]
        name = outlet_names.LEAN_NAMES[value]
        counts[name] = counts.get(name, 0) + 1
        sides.append(value)
    one_sided = len(sides) >= 2 and (all(v < 0 for v in sides) or all(v > 0 for v in sides))
    ordered = {name: counts[name] for name in outlet_names.LEAN_NAMES.values() if name in counts}
    return ordered, one_sided
