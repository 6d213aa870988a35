"""Per-article extraction: RawArticle -> Article.

Cleaning and metadata run per article; the spaCy entity pass is batched over all the
articles given (a worker's chunk), as is the tagging of the tokens after their numbers
(`figures.counted_nouns`); then the rule-based extractors run on each document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.config import MAX_FIGURES, MAX_PARAGRAPH_CHARS, MAX_QUOTES
from generator.errors import SourceError
from generator.extract import entities, figures, nlp, quotes, summarise
from generator.extract.clean import clean_article
from generator.extract.meta import extract_meta
from generator.model import Article, ArticleMeta, CleanArticle, RawArticle


@dataclass(frozen=True, slots=True)
class Prepared:
    raw: RawArticle
    clean: CleanArticle
    meta: ArticleMeta


def prepare_article(raw: RawArticle) -> Prepared:
    """Clean one source and settle its metadata; raises SourceError for unusable text."""
    clean = clean_article(raw)
    if not clean.blocks:
        raise SourceError(raw.path, "no article text left after removing noise")
    longest = max(clean.blocks, key=lambda block: len(block.text))
    if len(longest.text) > MAX_PARAGRAPH_CHARS:
        raise SourceError(
            raw.path,
            f"paragraph too long ({len(longest.text):,} characters; the limit is "
            f"{MAX_PARAGRAPH_CHARS:,})",
            longest.line,
        )
    return Prepared(raw, clean, extract_meta(raw, clean))


def analyse_articles(prepared: Sequence[Prepared], workers: int = 1) -> list[Article]:
    """Run NLP over the prepared articles in one batch, then the extractors on each."""
    english = [index for index, item in enumerate(prepared) if _is_english(item.meta)]
    docs: list[Any] = [None] * len(prepared)
    if english:
        analysed = nlp.analyse([prepared[index].clean.body for index in english], workers)
        for index, doc in zip(english, analysed, strict=True):
            docs[index] = doc
    nouns = figures.counted_nouns(
        [(item.clean, doc) for item, doc in zip(prepared, docs, strict=True)]
    )
    return [
        build_article(item, doc, counted)
        for item, doc, counted in zip(prepared, docs, nouns, strict=True)
    ]


def build_article(
    item: Prepared, doc: Any, nouns: Mapping[tuple[int, int], str] | None = None
) -> Article:
    """Everything we extract from one article, given its (possibly absent) spaCy Doc and
    the nouns its numbers count (`figures.counted_nouns`, computed here when None)."""
    clean, meta = item.clean, item.meta
    mentions = entities.find_mentions(clean, doc, meta)
    notes = [
        f"name {name!r} mixes scripts ({', '.join(sorted(entities.scripts_of(name)))}): "
        "a look-alike spelling?"
        for name in sorted({n for m in mentions for n in (m.name, *m.aliases)})
        if not entities.single_script(name)
    ]
    found_figures = within_budget(
        figures.find_figures(clean, doc, mentions, nouns), MAX_FIGURES, "key figures", notes
    )
    found_quotes = within_budget(
        quotes.find_quotes(clean, doc, mentions), MAX_QUOTES, "quotations", notes
    )
    sentences = summarise.split_sentences(clean, doc)
    summary, key_points = summarise.summarise_article(
        clean, sentences, mentions, found_figures, meta
    )
    return Article(
        source=item.raw.path,
        meta=meta,
        clean=clean,
        source_meta=item.raw.meta,
        sentences=sentences,
        mentions=mentions,
        figures=found_figures,
        quotes=found_quotes,
        summary=summary,
        key_points=key_points,
        digest=item.raw.digest,
        notes=tuple(notes),
    )


T = TypeVar("T")


def within_budget(found: tuple[T, ...], limit: int, what: str, notes: list[str]) -> tuple[T, ...]:
    """The first `limit` of `found`; a note says what was left out."""
    if len(found) <= limit:
        return found
    notes.append(f"{len(found):,} {what}, more than the {limit:,} kept (the first ones)")
    return found[:limit]


def _is_english(meta: ArticleMeta) -> bool:
    return meta.language in ("en", "und", "")
