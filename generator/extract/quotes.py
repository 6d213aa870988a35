"""Direct quotations and who said them.

1. *Spans*: text between double quotes, curly (“…”) or straight ("…"), paired within
   a paragraph. A paragraph that opens a quote and does not close it continues into the
   next paragraph that opens with a quote mark (news convention for long quotations);
   the parts become one quotation. Nested single quotes stay inside their quotation.
   Outside double quotes, single quotes (‘…’ or '…', British style) count too, but never
   an apostrophe inside a word (`don't`, `Trumps'`).
2. *Which quotations count*: a quotation of 6 words or more is kept even when nobody is
   named; a shorter one (3-5 words) only when a speaker is found; 1-2 words ("battle",
   "transparency") are scare quotes or labels, never quotations (but their speaker
   still sets the scene for a following `he added`). Headlines are skipped.
3. *Speaker*: candidates are the article's people and organisations (places too, as
   institutions: `Downing Street said`), pronouns, described sources (`a senior US
   official`, `a spokesperson for the Red Cross`, `the lawsuit`), role phrases that fit
   exactly one person's role (`the president` -> Donald Trump) and unknown capitalised
   names. In the sentence around the quotation (quoted words masked), first rule wins:
   - after the quotation, a speech verb with its subject: `“…,” said US Secretary of
     State Antony Blinken`, `“…,” Blinken said`, `“…” Trump wrote on Twitter`,
     `“…” and should be thrown out, X said` (only the last comma segment is the subject);
   - `“…,” Prime Minister X during a televised address` (a name right after the comma);
   - before it, the subject of the last speech verb: the nearest one for a finite verb
     (`Comey wrote that Trump told him “…”` -> Trump), the clause's first person for a
     participle (`…, saying “…”`), the first verb's subject for a coordinated one (`X
     told … and hoped …`), the first of a list (`Goodlatte, Gowdy and Nunes said`);
     relative clauses and appositives are skipped, possessives are not subjects;
   - `X demurred: “…”`, `according to X`, a sentence that opens with its subject;
   - quotations of one sentence share its attribution; an unattributed quotation right
     after an attributed one (same paragraph, or opening the next) is the same
     speaker's.
   Pronouns: `he`/`she` -> a person named earlier in the same sentence, else the
   previous speaker unless someone else took the stage since, else the subject of the
   nearest sentence naming a person; `they`/`it` -> a plural described source or an
   institution (`The chairmen said …`), people joined by `and`, or the previous
   described speaker. A surname several people share goes to the previous speaker, or
   to the one written in full last. Names resolve to the canonical Mention.name.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import lexicons
from generator.extract.entities import (
    GEO_HEADS,
    ORG_WORDS,
    ROLE_LOWER_OK,
    TITLE_WORDS,
    name_key,
    strip_honorific,
)
from generator.extract.nlp import LONG_SENTENCE, sentence_spans
from generator.model import CleanArticle, Mention, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


LEXICONS: tuple[str, ...] = (
    "speech_verbs",
    "described_heads",
    "gap_blockers",
    "title_heads",
    "modified_heads",
    "not_names",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""


MIN_WORDS_UNATTRIBUTED = 6
MIN_WORDS_ATTRIBUTED = 3

# Speech verbs that are mostly adjectives or nouns where a speaker would stand.
SPEECH_VERBS = lexicons.load("speech_verbs") - {
    "alleged",
    "charged",
    "charges",
    "post",
    "posts",
    "tweet",
}

PRONOUNS = frozenset({"he", "she", "they", "i", "we"})

DESCRIBED_HEADS = lexicons.load("described_heads")

_OPEN = "“"
_CLOSE = "”"
_SPEAKER_BOUNDARY = re.compile(r"[;:]|\.\s|\bbut\b")


@dataclass
class _Span:
    block: int
    start: int  # offset inside block text
    end: int  # exclusive, after the closing mark (or block end when open)
    inner_start: int
    inner_end: int
    opened_only: bool  # no closing mark in this block

    def text(self, blocks: Sequence[str]) -> str:
        return blocks[self.block][self.inner_start : self.inner_end]


# --------------------------------------------------------------------------- spans


def _pairs(text: str, block: int) -> list[_Span]:
    """Quotation spans of one paragraph: double quotes (curly or straight), then single
    quotes outside them (British style; an apostrophe inside a word is not a mark)."""
    double = [(m.start(), m.group(0)) for m in re.finditer(r"[“”\"]", text)]
    spans = _pair_marks(text, block, double, run_on=True)
    single = [
        (m.start(), _OPEN if m.group(1) is None else _CLOSE)
        for m in re.finditer(r"(?<![\w.,!?’'])[‘'](?=[A-Za-z])|(?<=[\w.,!?])([’'])(?![\w])", text)
        if not any(span.start <= m.start() < span.end for span in spans)
    ]
    singles = [
        span
        for span in _pair_marks(text, block, single, run_on=False)
        if len(span.text([text] * (block + 1)).split()) >= 2
    ]
    return sorted(spans + singles, key=lambda span: span.start)


def _pair_marks(
    text: str, block: int, marks: Sequence[tuple[int, str]], run_on: bool
) -> list[_Span]:
    spans: list[_Span] = []
    open_at: int | None = None
    for at, mark in marks:
        is_open = mark in (_OPEN, "‘") or (mark == '"' and open_at is None)
        is_close = mark in (_CLOSE, "’") or (mark == '"' and open_at is not None)
        if open_at is None and is_open:
            open_at = at
        elif open_at is not None and is_close:
            spans.append(_Span(block, open_at, at + 1, open_at + 1, at, False))
            open_at = None
        elif open_at is not None and is_open:
            # A new opening mark before a close: the earlier one was unbalanced.
            open_at = at
    if run_on and open_at is not None and re.search(r"[A-Za-z]", text[open_at:]):
        # A quotation that runs on into the next paragraph (a mark at the very end of
        # a paragraph opens nothing).
        spans.append(_Span(block, open_at, len(text), open_at + 1, len(text), True))
    return spans


@dataclass
class _Quotation:
    parts: list[_Span]

    @property
    def first(self) -> _Span:
        return self.parts[0]

    def text(self, blocks: Sequence[str]) -> str:
        texts = [part.text(blocks).strip() for part in self.parts]
        return _tidy_quote(" ".join(text for text in texts if text))


def _tidy_quote(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = text.strip(" \u00a0")
    text = re.sub(r"^[,;:]\s*", "", text)
    text = re.sub(r"[,;:]$", "", text).strip()
    return text


def _quotations(blocks: Sequence[str]) -> list[_Quotation]:
    found: list[_Quotation] = []
    pending: _Quotation | None = None
    for index, text in enumerate(blocks):
        spans = _pairs(text, index)
        if pending is not None:
            if spans and spans[0].start <= 1 and text.lstrip().startswith(("“", '"', "‘")):
                first = spans[0]
                pending.parts.append(first)
                spans = spans[1:]
                if not first.opened_only:
                    found.append(pending)
                    pending = None
                else:
                    continue
            else:
                found.append(pending)
                pending = None
        for span in spans:
            if span.opened_only:
                pending = _Quotation([span])
            else:
                found.append(_Quotation([span]))
    if pending is not None:
        found.append(pending)
    return found


# --------------------------------------------------------------------------- speakers

PERSON, ORG, DESCRIBED, PRONOUN, RAW = "person", "org", "described", "pronoun", "raw"
_RANK = {PERSON: 0, ORG: 1, DESCRIBED: 2, PRONOUN: 3, RAW: 4}

# Words that end a plausible subject between a quotation and its speech verb:
# `“…” in calling the Russians and asked` is not an attribution.
_GAP_BLOCKERS = lexicons.load("gap_blockers")
_TITLE_HEADS = lexicons.load("title_heads")
_ROLE_SYNONYMS = {
    "congressman": "representative",
    "congresswoman": "representative",
    "lawmaker": "representative",
    "premier": "minister",
}
_STATEMENT_HEADS = lexicons.words("statement statements letter memo memos report tweet post")
# A person's name used as a modifier: `the Trump campaign`, `Trump administration`.
_MODIFIED_HEADS = lexicons.load("modified_heads")
_INSTITUTION_WORDS = (ORG_WORDS | GEO_HEADS) - lexicons.words("press news times post")
_TITLE_TOKENS = TITLE_WORDS | ROLE_LOWER_OK | lexicons.words("managing executive vice")


@dataclass(frozen=True)
class _Lexicon:
    """The article's names: people, organisations (places as institutions) and roles."""

    forms: tuple[tuple[str, tuple[str, ...], str], ...]  # (folded form, names, kind)
    roles: tuple[tuple[str, str, int], ...]  # (person, role, mentions)
    others: frozenset[str]
    places: frozenset[str]


def _lexicon(mentions: Sequence[Mention]) -> _Lexicon:
    names_of: dict[tuple[str, str], set[str]] = {}
    roles = []
    for mention in mentions:
        kind = PERSON if mention.kind == "person" else ORG
        names = {mention.name, *mention.aliases}
        names |= {strip_honorific(name)[0] for name in names}
        if kind == PERSON:
            names |= {name.split()[-1] for name in list(names) if len(name.split()) > 1}
            if mention.role:
                roles.append((mention.name, mention.role, mention.count))
        for name in names:
            folded = name_key(name)
            if len(folded) >= 2:
                names_of.setdefault((folded, kind), set()).add(mention.name)
    forms = tuple(
        sorted(
            ((form, tuple(sorted(names)), kind) for (form, kind), names in names_of.items()),
            key=lambda f: (-len(f[0]), f[0], f[2]),
        )
    )
    others = frozenset(
        name_key(form) for m in mentions if m.kind != "person" for form in (m.name, *m.aliases)
    )
    places = frozenset(m.name for m in mentions if m.kind == "place")
    return _Lexicon(forms, tuple(roles), others, places)


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    name: str
    kind: str
    options: tuple[str, ...] = ()  # several people share this surname
    possessive: bool = False
    place: bool = False  # a place named as an institution (`Downing Street said`)


_DESCRIBED = re.compile(
    r"\b((?:a|an|the|one|two|three|several|some|another|his|her|their|its)\s+"
    r"(?:[\w’'\.\-]+\s+){0,4}?"
    r"(?:" + "|".join(sorted(DESCRIBED_HEADS | _TITLE_HEADS, key=len, reverse=True)) + r"))\b"
    r"(?!['’]s)",
    re.IGNORECASE,
)
_OWNER = re.compile(r"\s+(?:for|of|at|from|with)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*")
_PRONOUN = re.compile(r"\b((?i:he|she|they|it|we)|I)\b")
_RAW_NAME = re.compile(r"\b((?:[A-Z][\w’'\-]*\.?\s+){0,4}[A-Z][\w’'\-]+)")
_NOT_NAMES = frozenset(lexicons.entries("not_names"))


def fold_keep_length(text: str) -> str:
    """Lowercase, accent-free text with the same length as `text` (offsets stay valid)."""
    out = []
    for char in text:
        folded = name_key(char) if char.strip() else " "
        out.append(folded[:1] if folded else " ")
    return "".join(out)


def _candidates(text: str, lex: _Lexicon) -> list[_Cand]:
    """Possible speakers named in `text` (quotations already masked), by position."""
    folded = fold_keep_length(text)
    found: list[_Cand] = []
    taken = [False] * len(text)

    def free(lo: int, hi: int) -> bool:
        return not any(taken[lo:hi])

    def take(cand: _Cand) -> None:
        found.append(cand)
        for i in range(cand.start, cand.end):
            taken[i] = True

    for form, names, kind in lex.forms:
        for match in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", folded):
            if not free(match.start(), match.end()):
                continue
            rest = text[match.end() : match.end() + 30]
            possessive = bool(re.match(r"['’]s?\b", rest))
            following = re.match(r"(?:['’]s?)?\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?", rest)
            if kind == PERSON and following:
                heads = {
                    following.group(1).lower(),
                    f"{following.group(1)} {following.group(2)}".lower(),
                }
                if heads & _MODIFIED_HEADS:
                    continue
            options = names if kind == PERSON and len(names) > 1 else ()
            place = names[0] in lex.places
            take(_Cand(match.start(), match.end(), names[0], kind, options, possessive, place))
    for match in _DESCRIBED.finditer(text):
        if free(match.start(1), match.end(1)):
            phrase = re.sub(r"\s+", " ", match.group(1))
            owner = _OWNER.match(text[match.end(1) :])
            if owner and not _role_person(phrase, lex):
                # "a spokesperson for the Red Cross", "an analyst at Barclays"
                phrase += re.sub(r"\s+", " ", owner.group(0))
                take(_Cand(match.start(1), match.end(1) + len(owner.group(0)), phrase, DESCRIBED))
                continue
            person = _role_person(phrase, lex)
            if person:
                take(_Cand(match.start(1), match.end(1), person, PERSON))
            else:
                take(_Cand(match.start(1), match.end(1), phrase, DESCRIBED))
    for match in _PRONOUN.finditer(text):
        if free(match.start(), match.end()):
            take(_Cand(match.start(), match.end(), match.group(1).lower(), PRONOUN))
    for match in _RAW_NAME.finditer(text):
        words = match.group(1).split()
        start = match.start(1)
        while words and (
            words[0].strip(".") in _NOT_NAMES or words[0].lower().strip(".") in _TITLE_TOKENS
        ):
            start += len(words[0])
            while start < len(text) and text[start].isspace():
                start += 1
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        end = start + len(name)
        if name_key(name) in lex.others or not free(start, end):
            continue
        if len(words) == 1 and (words[0].lower() in SPEECH_VERBS or start == 0):
            continue
        lowered = {word.lower().strip(".") for word in words}
        if lowered & _INSTITUTION_WORDS:
            take(_Cand(start, end, name, ORG))
        else:
            take(_Cand(start, end, name, RAW))
    return sorted(found, key=lambda c: (c.start, c.end))


def _role_person(phrase: str, lex: _Lexicon) -> str | None:
    """`the president` -> the person whose role has that title and every modifier of
    the phrase (`the British foreign secretary` is not `White House press secretary`);
    the most mentioned one when several fit."""
    words = name_key(phrase).replace("'", " ").split()
    if not words or words[0] != "the" or words[-1] not in _TITLE_HEADS:
        return None
    wanted = {_ROLE_SYNONYMS.get(w, w) for w in words[1:] if w not in {"former", "s"}}
    matching = []
    for name, role, count in lex.roles:
        role_words = {_ROLE_SYNONYMS.get(w, w) for w in name_key(role).replace("'", " ").split()}
        if wanted <= role_words and not {"vice", "deputy"} & role_words - wanted:
            matching.append((count, name))
    return max(matching)[1] if matching else None


_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,]*(?:,|$)")
_APPOSITIVE = re.compile(r",\s+(?:the|a|an|then|now|its|his|her|their)\s+[^,]{2,80},")


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _speech_verbs(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(0))
        for m in re.finditer(r"[A-Za-z]+", text)
        if m.group(0) in SPEECH_VERBS
    ]


def _plausible(gap: str, cands: Sequence[_Cand]) -> bool:
    """`gap` (text next to a speech verb) is only a subject: `, Blinken`, `, he`."""
    rest = list(gap)
    for cand in cands:
        for i in range(cand.start, min(cand.end, len(rest))):
            rest[i] = " "
    words = re.findall(r"[A-Za-z]+", "".join(rest))
    if len(words) > 8:
        return False
    return not any(word.lower() in _GAP_BLOCKERS for word in words)


_PREPOSITIONS = lexicons.words("of in from to at for with on by near across")


def _after_preposition(text: str, cand: _Cand) -> bool:
    """`Cummings of Maryland`, `a spokeswoman in Washington`: a place after a preposition
    is a modifier, not a speaker."""
    if not cand.place:
        return False
    previous = re.findall(r"[A-Za-z]+", text[: cand.start])
    return (
        bool(previous)
        and previous[-1].lower() in _PREPOSITIONS | {"the"}
        and (
            previous[-1].lower() != "the"
            or len(previous) > 1
            and previous[-2].lower() in _PREPOSITIONS
        )
    )


def _subject_in_gap(gap: str, lex: _Lexicon) -> _Cand | None:
    """The speaker in the words between a quotation and the verb after it."""
    gap = _mask(_mask(gap, _RELATIVE), _APPOSITIVE)
    # `…” and should be thrown out, Israeli Prime Minister Benjamin Netanyahu said`:
    # only the last comma-separated segment has to be the subject.
    segments = [gap]
    if "," in gap.rstrip(", "):
        cut = gap.rstrip(", ").rfind(",")
        segments.append(" " * (cut + 1) + gap[cut + 1 :])
    for segment in segments:
        every = _candidates(segment, lex)
        for cand in every:
            # `Merkel's statement said`: the statement speaks for its author.
            if (
                cand.possessive
                and cand.kind == PERSON
                and re.match(
                    r"['’]s?\s+(?:\w+\s+)?(?:" + "|".join(_STATEMENT_HEADS) + r")\b",
                    segment[cand.end :],
                )
            ):
                return cand
        cands = [c for c in every if not c.possessive and not _after_preposition(segment, c)]
        if not cands:
            continue
        people = [c for c in cands if c.kind == PERSON]
        # `, Peter Westmacott, former British ambassador to the United States,`
        if (
            people
            and re.match(r"^[\s,]*$", segment[: people[0].start])
            and re.match(r"^\s*,", segment[people[0].end :])
        ):
            return people[0]
        if _plausible(segment, cands):
            return min(cands, key=lambda c: (_RANK[c.kind], -c.start))
    return None


def _subject_before(text: str, verb: tuple[int, int, str], lex: _Lexicon) -> _Cand | None:
    """The subject of a speech verb that precedes the quotation."""
    start, _, word = verb
    clauses = text[:start].split(";")
    clause = clauses[-1]
    while len(clauses) > 1 and re.match(r"^\s*and\b", clause):
        clauses.pop()
        clause = clauses[-1] + ";" + clause  # `A; B; and C said`: one list of subjects
    masked = _mask(_mask(clause, _RELATIVE), _APPOSITIVE)
    end = len(masked)
    cands = []
    participle = word.endswith("ing")
    for cand in _candidates(masked, lex):
        gap_words = len(re.findall(r"[A-Za-z]+", masked[cand.end :]))
        if (cand.kind == RAW or cand.place) and gap_words > 1:
            continue
        if _after_preposition(masked, cand):
            continue
        if cand.kind == DESCRIBED and gap_words > 3 and not participle:
            continue
        if cand.possessive and not re.match(
            r"['’]s?\s+(?:\w+\s+)?(?:" + "|".join(_STATEMENT_HEADS) + r")\b",
            text[start - (end - cand.end) :],
        ):
            continue
        cands.append(cand)
    if not cands:
        return None
    if re.search(r"\band\s+(?:\w+\s+)?$", masked):
        # `X told … and hoped …`: a coordinated verb shares the first verb's subject.
        earlier = [v for v in _speech_verbs(masked) if v[1] < len(masked) - 4]
        if earlier:
            found = _subject_before(text, (earlier[-1][0] + start - end, 0, earlier[-1][2]), lex)
            if found:
                return found
        people = [c for c in cands if c.kind in (PERSON, PRONOUN)]
        if people:
            return people[0]
    if participle:
        # A participle (`…, saying`) shares the clause's subject: its first person.
        people = [c for c in cands if c.kind in (PERSON, PRONOUN)]
        return people[0] if people else cands[0]
    nearest = max(cands, key=lambda c: (c.end, -_RANK[c.kind]))
    if nearest.kind != PERSON:
        # `Jo Swinson, Liberal Democrat deputy leader and Foreign Affairs spokesperson said`
        for cand in cands:
            if cand.kind == PERSON and re.match(r"^\s*,", masked[cand.end :]):
                between = masked[cand.end : nearest.start]
                if not any(
                    w.lower() in _GAP_BLOCKERS - {"and", "of", "for"}
                    for w in re.findall(r"[A-Za-z]+", between)
                ):
                    return _list_head(masked, cands, cand)
    return _list_head(masked, cands, nearest)


def _list_head(text: str, cands: list[_Cand], chosen: _Cand) -> _Cand:
    """`Goodlatte, Gowdy and Nunes noted`, `A, R-Va.; B, R-S.C.; and C said`: the first
    of a list of names speaks for it."""
    same = [c for c in cands if c.kind == chosen.kind and c.end <= chosen.start]
    head = chosen
    for previous in reversed(same):
        between = text[previous.end : head.start]
        simple = re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", between)
        semicolons = chosen.kind == PERSON and re.fullmatch(
            r"[^;]{0,30};\s*(?:and\s+)?[^;]{0,60}", between
        )
        if not (simple or semicolons):
            break
        head = previous
    return head


def _subject_after(tail: str, lex: _Lexicon) -> _Cand | None:
    """Inverted order: `said US Secretary of State Antony Blinken`, `said a US official`."""
    tail = re.split(r"[;:]|[.!?](?:\s|$)(?<![A-Z]\.\s)", tail)[0][:120]
    cands = _candidates(tail, lex)
    if not cands:
        return None
    if cands[0].kind == PRONOUN:
        return cands[0] if cands[0].start <= 2 else None
    near = []
    for cand in cands:
        words_before = re.findall(r"[A-Za-z]+", tail[: cand.start])
        if len(words_before) > 7 or any(
            w.lower() in _GAP_BLOCKERS - {"by", "to", "from", "of"} for w in words_before
        ):
            break
        near.append(cand)
    if not near:
        return None
    first = near[0]
    if first.kind == DESCRIBED and first.name.split()[-1].lower() in _STATEMENT_HEADS:
        people = [c for c in cands if c.kind == PERSON and c.start - first.end < 20]
        if people:
            return people[0]
    return min(near, key=lambda c: (_RANK[c.kind], c.start))


_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)


def _attribute(
    frame: str, q_start: int, q_end: int, lex: _Lexicon, comma: bool = False
) -> _Cand | None:
    """The speaker of the quotation at [q_start, q_end) of `frame` (its sentence, with
    quotations masked); `comma`: the quotation ends with a comma (`“…,” X`)."""
    before = frame[:q_start]
    after = frame[q_end:]
    # 1. After the quotation: `“…,” said X`, `“…,” X said`, `“…” Trump wrote on Twitter`.
    verbs = [v for v in _speech_verbs(after) if v[0] < 140]
    if verbs:
        start, end, _ = verbs[0]
        gap = after[:start]
        if not re.search(r"[A-Za-z]", gap):
            found = _subject_after(after[end:], lex)
            if found:
                return found
        else:
            found = _subject_in_gap(gap, lex)
            if found:
                return found
    # 2. `“…,” Prime Minister Benjamin Netanyahu during a televised address`.
    if comma:
        people = [c for c in _candidates(after[:80], lex) if c.kind == PERSON]
        if people and not re.search(r"\b[a-z]", after[: people[0].start]):
            return people[0]
    # 3. Before it: `X said that “…”`, `X told reporters: “…”`, `…, saying “…”`.
    verbs = _speech_verbs(before)
    if verbs:
        found = _subject_before(before.rstrip(" :"), verbs[-1], lex)
        if found:
            return found
    # 4. `X demurred: “…”`: a colon introduces the words of the clause's subject.
    if before.rstrip().endswith(":"):
        cands = [c for c in _candidates(_mask(before, _APPOSITIVE), lex) if c.kind != RAW]
        if cands:
            return cands[0]
    # 5. `according to X`.
    joined = before + " " + after
    match = _ACCORDING.search(joined)
    if match:
        cands = _candidates(joined[match.end() : match.end() + 80], lex)
        if cands and cands[0].start < 5:
            return cands[0]
    # 6. A sentence that opens with its subject: `He also welcomed X, which “…”`.
    cands = _candidates(_mask(before, _APPOSITIVE), lex)
    opening = cands[0] if cands and cands[0].start <= 3 and len(before) > 12 else None
    if opening and (opening.kind == PERSON or opening.name in {"he", "she"}):
        return opening
    return None


@dataclass
class _State:
    """What the reader remembers while going through the article."""

    name: str | None = None
    kind: str | None = None
    block: int = -10
    end: int = 0  # body offset where the previous quotation's sentence ended


def _resolve_pronoun(
    pronoun: str, body: str, sentence_start: int, at: int, lex: _Lexicon, state: _State
) -> tuple[str | None, str | None]:
    """`he`/`she` -> a person named earlier in the same sentence; else the previous
    speaker unless someone else took the stage since; else the subject (first person)
    of the nearest sentence naming a person. `they`/`it` -> names in the sentences
    since the previous quotation (`A and B … they said`), else the previous described
    or institutional speaker, else the nearest plural described source."""
    since = _mask_quotes(body[state.end : sentence_start]) if state.end <= sentence_start else ""
    before = _mask_quotes(body[max(0, sentence_start - 1500) : sentence_start])
    if pronoun in {"i", "we"}:
        return (state.name, state.kind) if state.name else (None, None)
    if pronoun in {"they", "it"}:
        # The most recent sentence with a fitting subject: a plural described source or
        # an institution (`The chairmen said …`), or people joined by `and`.
        for lo, hi in reversed(sentence_spans(since)):
            sentence = since[lo:hi]
            cands = [c for c in _candidates(sentence, lex) if not c.place]
            if not cands:
                continue
            first = cands[0]
            plural = first.kind == DESCRIBED and first.name.endswith(("s", "men"))
            if plural and pronoun == "they" or first.kind == ORG and pronoun == "it":
                return first.name, DESCRIBED
            if first.kind == PERSON and pronoun == "they":
                joined = re.match(r"\s+and\s+(?:[\w’']+\s+){0,6}?", sentence[first.end :])
                others = [c for c in cands[1:] if c.kind == PERSON]
                if joined and others and others[0].start - first.end < 80:
                    return first.name, PERSON
        if state.name and state.kind == DESCRIBED:
            return state.name, state.kind
        for lo, hi in reversed(sentence_spans(before)):
            for cand in _candidates(before[lo:hi], lex):
                plural = cand.kind == DESCRIBED and cand.name.endswith(("s", "men"))
                if cand.kind == DESCRIBED and (plural or pronoun == "it"):
                    return cand.name, DESCRIBED
                if cand.kind == ORG and pronoun == "it" and not cand.place:
                    return cand.name, DESCRIBED
        return None, None
    here = _mask_quotes(body[sentence_start:at])
    word = re.search(rf"\b{pronoun}\b", here, re.IGNORECASE)
    here = here[: word.start()] if word else ""
    local = [c for c in _candidates(_mask(here, _RELATIVE), lex) if c.kind == PERSON]
    if local:
        return local[-1].name, PERSON
    latest: list[_Cand] = []
    for lo, hi in reversed(sentence_spans(since)):
        latest = [c for c in _candidates(_mask(since[lo:hi], _RELATIVE), lex) if c.kind == PERSON]
        if latest:
            break
    stays = not latest or any(c.name == state.name for c in latest)
    if state.name and state.kind == PERSON and stays:
        return state.name, state.kind
    if latest:
        return latest[0].name, PERSON
    for lo, hi in reversed(sentence_spans(before)):
        sentence = _mask(before[lo:hi], _RELATIVE)
        people = [c for c in _candidates(sentence, lex) if c.kind == PERSON]
        if people:
            return people[0].name, PERSON
    if state.name:
        return state.name, state.kind
    return None, None


def _mask_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text)


@dataclass(frozen=True, slots=True)
class _Sentences:
    """A paragraph's sentence spans (`sentence_spans`), found once however many
    quotations it holds, with their starts for bisection."""

    spans: list[tuple[int, int]]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Sentences:
        spans = sentence_spans(text)
        return cls(spans, [s_lo for s_lo, _s_hi in spans])


def _sentence_around(
    text: str, start: int, end: int, sentences: _Sentences | None = None
) -> tuple[str, int]:
    """The sentence(s) of `text` that hold [start, end), and the frame's offset.

    A quotation that ends its sentence with `?` or `!` takes the next sentence too:
    `“…?” Ross asked.` `sentences`: those of `text`, when the caller has them."""
    found = sentences or _Sentences.of(text)
    spans, starts = found.spans, found.starts
    lo, hi = start, end
    at = bisect.bisect_right(starts, start) - 1  # the sentence holding `start`
    if at >= 0 and start < spans[at][1]:
        lo, hi = min(lo, spans[at][0]), max(hi, spans[at][1])
    at = bisect.bisect_left(starts, end) - 1  # the sentence holding `end`
    if at >= 0 and end <= spans[at][1]:
        lo, hi = min(lo, spans[at][0]), max(hi, spans[at][1])
    if hi <= end + 1 and text[max(0, end - 3) : end].rstrip("”\"’'")[-1:] in {"?", "!"}:
        at = bisect.bisect_left(starts, hi - 1)  # the first sentence from `hi - 1` on
        if at < len(spans) and spans[at][0] <= hi + 2:
            hi = spans[at][1]
    if hi - lo > 2 * LONG_SENTENCE:  # a run-on: the words around the quotation only
        lo, hi = _around(text, lo, hi, start, end)
    return text[lo:hi], lo


def _around(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """[start, end) with up to `LONG_SENTENCE` characters of [lo, hi) either side, cut at
    spaces: the frame of a quotation inside a run-on sentence."""
    if start - lo > LONG_SENTENCE:
        cut = text.find(" ", start - LONG_SENTENCE, start)
        lo = cut + 1 if cut != -1 else start - LONG_SENTENCE
    if hi - end > LONG_SENTENCE:
        cut = text.rfind(" ", end, end + LONG_SENTENCE)
        hi = cut if cut != -1 else end + LONG_SENTENCE
    return lo, hi


def _pick_option(cand: _Cand, folded: Callable[[], str], at: int, state: _State) -> str:
    """One of several people sharing a surname: the previous speaker, else the one
    whose full name was written last before this point."""
    if not cand.options:
        return cand.name
    if state.name in cand.options:
        return state.name
    text = folded()  # `fold_keep_length` of the body, made once per article
    best = max(cand.options, key=lambda name: (text.rfind(name_key(name), 0, at), name))
    return best


# --------------------------------------------------------------------------- public


@dataclass
class _Found:
    quotation: _Quotation
    text: str
    frame: str
    frame_start: int  # body offset of the frame
    speaker: _Cand | None


def find_quotes(
    clean: CleanArticle, doc: Doc | None, mentions: Sequence[Mention]
) -> tuple[Quote, ...]:
    """Direct quotations of one article with their speakers."""
    blocks = [block.text for block in clean.blocks]
    kinds = [block.kind for block in clean.blocks]
    offsets = clean.block_offsets()
    body = clean.body
    lex = _lexicon(mentions)

    found: list[_Found] = []
    sentences: dict[int, _Sentences] = {}

    def around(block: int, start: int, end: int) -> tuple[str, int]:
        if block not in sentences:
            sentences[block] = _Sentences.of(blocks[block])
        return _sentence_around(blocks[block], start, end, sentences[block])

    for quotation in _quotations(blocks):
        first = quotation.first
        if kinds[first.block] == "heading":
            continue
        text = quotation.text(blocks)
        if not re.search(r"[A-Za-z]", text):
            continue
        speaker: _Cand | None = None
        ends = [quotation.parts[0]]
        if len(quotation.parts) > 1:
            ends.append(quotation.parts[-1])
        frame, frame_lo = "", 0
        for part in ends:
            block_text = blocks[part.block]
            frame, frame_lo = around(part.block, part.start, part.end)
            masked = _mask_quotes(frame)
            comma = "," in block_text[max(0, part.end - 3) : part.end]
            speaker = _attribute(masked, part.start - frame_lo, part.end - frame_lo, lex, comma)
            frame_lo += offsets[part.block]
            if speaker is not None:
                break
        if speaker is None:
            frame, frame_lo = around(first.block, first.start, first.end)
            frame_lo += offsets[first.block]
        found.append(_Found(quotation, text, frame, frame_lo, speaker))

    # Quotations of one sentence share its attribution.
    for item in found:
        if item.speaker is None:
            for other in found:
                if other.frame_start == item.frame_start and other.speaker is not None:
                    item.speaker = other.speaker
                    break

    quotes: list[Quote] = []
    state = _State()
    folded_body = functools.cache(lambda: fold_keep_length(body))
    for item in found:
        first = item.quotation.first
        at = offsets[first.block] + first.start
        name: str | None = None
        kind: str | None = None
        if item.speaker is not None:
            if item.speaker.kind == PRONOUN:
                name, kind = _resolve_pronoun(
                    item.speaker.name, body, item.frame_start, at, lex, state
                )
            else:
                name = _pick_option(item.speaker, folded_body, at, state)
                kind = PERSON if item.speaker.kind in (PERSON, RAW) else DESCRIBED
        if name is None and state.name is not None:
            # Continuation: an unattributed quotation right after an attributed one, in
            # the same paragraph or opening the next, is the same speaker's.
            opens_block = first.start <= 1
            same_block = first.block == state.block
            next_block = first.block == state.block + 1 and opens_block
            if same_block or next_block:
                name, kind = state.name, state.kind
        words = len(item.text.split())
        last = item.quotation.parts[-1]
        frame_end = max(item.frame_start + len(item.frame), offsets[last.block] + last.end)
        if name is not None:
            state = _State(name, kind, last.block, frame_end)
        elif words >= MIN_WORDS_ATTRIBUTED:
            state = _State(None, None, -10, frame_end)
        if words < MIN_WORDS_ATTRIBUTED or (name is None and words < MIN_WORDS_UNATTRIBUTED):
            continue  # a scare quote or a label; its speaker still sets the scene
        quotes.append(
            Quote(
                text=item.text,
                speaker=name,
                speaker_kind=kind,  # type: ignore[arg-type]
                sentence=item.frame.strip(),
                line=clean.blocks[first.block].line,
            )
        )
    return tuple(quotes)
