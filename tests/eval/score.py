"""Score entity, figure and quote extraction against the hand-made gold files.

Run from the repository root::

    python -m tests.eval.score            # seeds and dev, one table each
    python -m tests.eval.score -v         # plus every miss and false alarm
    python -m tests.eval.score --no-model # the rule fallbacks alone (no spaCy model)

The article texts are read at run time: the seeds from ``source_articles/`` (or
``../shared/corpus/seeds/``), the dev corpus from ``../shared/corpus/dev/``; a set
whose texts are absent is skipped. Articles go through the real pipeline (reader,
cleaner, metadata, spaCy, extractors) exactly as ``briefings generate`` runs it.

Matching rules (see ``gold/README.md`` for what the gold contains):

- **Names** are compared after folding: accents removed (unidecode), case, dots of
  acronyms (``U.S.`` = ``US``), a leading ``the``, a possessive ``'s`` and hyphens.
  A predicted entity matches through its canonical name or any of its aliases; a gold
  entry matches through any of its spellings. **People** also match when their last
  names are equal and either side is a bare surname or their first names agree
  (initials and ``Jr.``/``III`` ignored, common nicknames: Bob = Robert).
- An entity counts for the kind it was predicted as: a person predicted as a place is
  a false place and a missed person. Predicted entities matching an ``optional`` gold
  name are ignored (neither right nor wrong).
- **Figures** match on value (within 0.5 %) or, for vague gold quantities ("tens of
  thousands"), on that text inside the predicted figure's text; and on unit (folded,
  singular; either containing the other: ``metric tons`` ~ ``tons``).
- **Quotes** match when the gold locator (the first words of the quotation) occurs in
  the predicted quotation, punctuation and quote marks folded. A quote counts as
  correct only with the correct speaker: the same person (name rule above), or for a
  described source a described prediction sharing a content word (``the chairmen`` ~
  ``the three Republican chairmen``), or both unattributed. Predicted quotes matching
  an ``ignore_quotes`` locator are ignored. Duplicated predictions of one gold quote
  all count as correct (the article repeats it).
- Precision = correct predictions / counted predictions; recall = gold items found
  (correctly) / gold items; F1 their harmonic mean, micro-averaged over articles.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from unidecode import unidecode

from generator.model import Article, Figure, Mention, Quote

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "gold"
SHARED = ROOT.parent / "shared" / "corpus"
CATEGORIES = ("people", "places", "organisations", "figures", "quotes")
KIND_OF = {"people": "person", "places": "place", "organisations": "organisation"}

NICKNAMES = {
    "bob": "robert",
    "rob": "robert",
    "bill": "william",
    "mike": "michael",
    "jim": "james",
    "joe": "joseph",
    "tom": "thomas",
    "tony": "anthony",
    "dick": "richard",
    "rick": "richard",
    "dan": "daniel",
    "dave": "david",
    "steve": "steven",
    "chuck": "charles",
    "ed": "edward",
    "liz": "elizabeth",
    "kate": "katherine",
    "ben": "benjamin",
    "don": "donald",
    "rudy": "rudolph",
    "larry": "lawrence",
    "andy": "andrew",
    "nick": "nicholas",
    "greg": "gregory",
    "jeff": "jeffrey",
    "chris": "christopher",
    "ron": "ronald",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
STOP = {"the", "a", "an", "of", "one", "two", "three", "and", "in", "on", "for"}


# --------------------------------------------------------------------------- matching


def fold(text: str) -> str:
    text = unidecode(text).lower().replace("’", "'")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b|\s|$)", "", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[.\-]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _name_tokens(name: str) -> list[str]:
    tokens = [t for t in fold(name).replace("'", "").split() if t]
    core = [t for t in tokens if len(t) > 1 and t not in SUFFIXES]
    return core or tokens


def same_person(a: str, b: str) -> bool:
    if fold(a) == fold(b):
        return True
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True
    return NICKNAMES.get(ta[0], ta[0]) == NICKNAMES.get(tb[0], tb[0])


def same_name(kind: str, a: str, b: str) -> bool:
    return same_person(a, b) if kind == "person" else fold(a) == fold(b)


def _unit(text: str | None) -> str:
    if not text:
        return ""
    unit = unidecode(text).lower().replace("'", "").strip()
    return unit[:-1] if unit.endswith("s") and len(unit) > 2 else unit


def _norm_quote(text: str) -> str:
    text = unidecode(text).lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    correct_predictions: int = 0
    predictions: int = 0
    found: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.correct_predictions += other.correct_predictions
        self.predictions += other.predictions
        self.found += other.found
        self.gold += other.gold
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predictions if self.predictions else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _alternatives(entry: Any) -> list[str]:
    if isinstance(entry, dict):
        entry = entry["name"]
    return [str(x) for x in entry] if isinstance(entry, list) else [str(entry)]


def score_entities(
    category: str, mentions: Sequence[Mention], gold: dict[str, Any], where: str
) -> Score:
    kind = KIND_OF[category]
    wanted = [_alternatives(entry) for entry in gold.get(category) or []]
    optional = [_alternatives(entry) for entry in gold.get("optional") or []]
    # Gold names of the other kinds are optional for precision when they merely share
    # a surface with this kind's prediction? No: a wrong kind is wrong. Only `optional`.
    predicted = [m for m in mentions if m.kind == kind]
    score = Score(gold=len(wanted))

    def forms(mention: Mention) -> list[str]:
        return [mention.name, *mention.aliases]

    def hits(mention: Mention, alternatives: list[str]) -> bool:
        return any(same_name(kind, f, alt) for f in forms(mention) for alt in alternatives)

    for mention in predicted:
        if any(hits(mention, alts) for alts in wanted):
            score.predictions += 1
            score.correct_predictions += 1
        elif (
            any(hits(mention, alts) for alts in optional)
            or kind != "person"
            and any(
                fold(f) == fold(alt) for f in forms(mention) for alts in optional for alt in alts
            )
        ):
            continue
        else:
            score.predictions += 1
            score.false_alarms.append(f"{where}: {category}: {mention.name}")
    for alternatives in wanted:
        if any(hits(mention, alternatives) for mention in predicted):
            score.found += 1
        else:
            score.misses.append(f"{where}: {category}: {alternatives[0]}")
    return score


def _figure_matches(figure: Figure, entry: dict[str, Any]) -> bool:
    value = entry.get("value")
    if value is not None:
        if abs(figure.value - float(value)) > 0.005 * abs(float(value)):
            return False
    elif _norm_quote(str(entry.get("text", ""))) not in _norm_quote(figure.text):
        return False
    want, got = _unit(entry.get("unit")), _unit(figure.unit)
    return not want or want == got or (bool(got) and (want in got or got in want))


def score_figures(figures: Sequence[Figure], gold: dict[str, Any], where: str) -> Score:
    wanted = list(gold.get("figures") or [])
    score = Score(gold=len(wanted), predictions=len(figures))
    for figure in figures:
        if any(_figure_matches(figure, entry) for entry in wanted):
            score.correct_predictions += 1
        else:
            score.false_alarms.append(f"{where}: figure: {figure.text} [{figure.unit}]")
    for entry in wanted:
        if any(_figure_matches(figure, entry) for figure in figures):
            score.found += 1
        else:
            label = entry.get("value", entry.get("text"))
            score.misses.append(f"{where}: figure: {label} {entry.get('unit')}")
    return score


def _content_words(text: str) -> set[str]:
    return {w for w in _norm_quote(text).split() if w not in STOP}


def _speaker_ok(quote: Quote, entry: dict[str, Any]) -> bool:
    if "described" in entry:
        if quote.speaker is None:
            return False
        for gold in _alternatives(entry["described"]):
            if fold(quote.speaker) == fold(gold):
                return True
            if quote.speaker_kind == "described" and (
                _content_words(quote.speaker) & _content_words(gold)
            ):
                return True
        return False
    speaker = entry.get("speaker")
    if speaker is None:
        return quote.speaker is None
    return quote.speaker is not None and same_person(quote.speaker, str(speaker))


def _quote_matches(quote: Quote, locator: str) -> bool:
    return _norm_quote(locator) in _norm_quote(quote.text)


def score_quotes(quotes: Sequence[Quote], gold: dict[str, Any], where: str) -> Score:
    wanted = list(gold.get("quotes") or [])
    ignored = [str(x) for x in gold.get("ignore_quotes") or []]
    score = Score(gold=len(wanted))
    for quote in quotes:
        entries = [e for e in wanted if _quote_matches(quote, str(e["starts"]))]
        if not entries and any(_quote_matches(quote, loc) for loc in ignored):
            continue
        score.predictions += 1
        if any(_speaker_ok(quote, e) for e in entries):
            score.correct_predictions += 1
        else:
            expected = ", ".join(str(e.get("speaker", e.get("described"))) for e in entries)
            score.false_alarms.append(
                f"{where}: quote: {quote.text[:40]!r} by {quote.speaker} "
                f"(gold: {expected or 'not a quote'})"
            )
    for entry in wanted:
        if any(_quote_matches(q, str(entry["starts"])) and _speaker_ok(q, entry) for q in quotes):
            score.found += 1
        else:
            speaker = entry.get("speaker", entry.get("described"))
            score.misses.append(f"{where}: quote: {entry['starts']!r} by {speaker}")
    return score


# --------------------------------------------------------------------------- running


def extract(directory: Path, names: Sequence[str], model: bool = True) -> list[Article]:
    """Run the real pipeline's extraction over the named files of one directory
    (`model=False`: the rule fallbacks used when spaCy or its model is missing)."""
    from generator.extract.article import analyse_articles, build_article, prepare_article
    from generator.sources.read import read_source

    prepared = [
        prepare_article(read_source(directory, PurePosixPath(name), 5_000_000)) for name in names
    ]
    if not model:
        return [build_article(item, None) for item in prepared]
    return analyse_articles(prepared, workers=1)


def score_article(article: Article, gold: dict[str, Any], where: str) -> dict[str, Score]:
    scores = {
        category: score_entities(category, article.mentions, gold, where) for category in KIND_OF
    }
    scores["figures"] = score_figures(article.figures, gold, where)
    scores["quotes"] = score_quotes(article.quotes, gold, where)
    return scores


def seed_dir() -> Path | None:
    for candidate in (SHARED / "seeds", ROOT / "source_articles"):
        if (candidate / "000_d9f526054b0b5b27.txt").exists():
            return candidate
    return None


def evaluate(which: str, model: bool = True) -> dict[str, Score] | None:
    """Micro-averaged scores of one gold set ("seeds" or "dev"); None when texts are absent."""
    jobs: list[tuple[Path, list[tuple[str, dict[str, Any]]]]] = []
    if which == "seeds":
        directory = seed_dir()
        if directory is None:
            return None
        gold = yaml.safe_load((GOLD / "seeds.yaml").read_text(encoding="utf-8"))
        jobs.append((directory, sorted(gold.items())))
    else:
        base = SHARED / "dev"
        if not base.is_dir():
            return None
        for cluster in sorted((GOLD / "dev").iterdir()):
            directory = base / cluster.name
            if not directory.is_dir():
                return None
            items = [
                (path.stem + ".txt", yaml.safe_load(path.read_text(encoding="utf-8")))
                for path in sorted(cluster.glob("*.yaml"))
            ]
            jobs.append((directory, items))
    totals = {category: Score() for category in CATEGORIES}
    for directory, items in jobs:
        articles = extract(directory, [name for name, _ in items], model)
        for article, (name, gold) in zip(articles, items, strict=True):
            where = f"{directory.name}/{name}"
            for category, score in score_article(article, gold, where).items():
                totals[category].add(score)
    return totals


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [title, f"  {'category':<15}{'P':>7}{'R':>7}{'F1':>7}   (pred ok/pred, found/gold)"]
    for category in CATEGORIES:
        s = scores[category]
        lines.append(
            f"  {category:<15}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}   "
            f"({s.correct_predictions}/{s.predictions}, {s.found}/{s.gold})"
        )
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument(
        "--no-model", action="store_true", help="score the rule fallbacks (no spaCy model)"
    )
    parser.add_argument("sets", nargs="*", help="seeds, dev (default: both)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for which in args.sets or ["seeds", "dev"]:
        if which not in ("seeds", "dev"):
            parser.error(f"unknown set {which!r}: choose seeds or dev")
        scores = evaluate(which, model=not args.no_model)
        if scores is None:
            print(f"{which}: texts not found, skipped")
            continue
        print(table(f"{which}{' (no model)' if args.no_model else ''}:", scores))
        if args.verbose:
            for category in CATEGORIES:
                for line in scores[category].misses:
                    print("  MISS  ", line)
                for line in scores[category].false_alarms:
                    print("  FALSE ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
