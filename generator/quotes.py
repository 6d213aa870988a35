"""Direct quotations and who said them.

1. *Spans*: text between double quotes, curly (“…”) or straight ("…"), paired within
   a paragraph. A paragraph that opens a quote and does not close it continues into the
   next paragraph that opens with a quote mark (news convention for long quotations);
   the parts become one quotation. Nested single quotes stay inside their quotation.
   With no double quotes in a paragraph, curly single quotes (‘…’, British style) are
   used the same way.
2. *Which quotations count*: a quotation of 6 words or more is kept even when nobody is
   named; a shorter one (3-5 words) only when a speaker is found; 1-2 words ("battle",
   "transparency") are scare quotes or labels, never quotations. Headlines are skipped.
3. *Speaker*, in the sentence around the quotation (quoted words masked), first match
   wins:
   - speech verb then name after the quotation: `“…,” said Antony Blinken`;
   - name then speech verb after it: `“…,” Blinken said`, `“…” Trump wrote on Twitter`;
   - name before the quotation with a speech verb: `Bárcena explained that “…”`,
     `X told reporters: “…”`, `according to X`;
   - a pronoun (`he added`) -> the previous quotation's speaker when it is close,
     otherwise the nearest person named before;
   - a described source (`a senior US official`, `a US official, who wished to remain
     anonymous`) -> speaker_kind "described";
   - a quotation that continues the previous paragraph's, or a paragraph that is only a
     quotation right after an attributed one, keeps that speaker.
   Names resolve to the canonical person of the article's mentions (surname,
   honorific and role forms included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.entities import fold, strip_honorific
from generator.model import CleanArticle, Mention, Quote
from generator.nlp import sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def _wordset(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block."""
    return frozenset(text.split())


MIN_WORDS_UNATTRIBUTED = 6
MIN_WORDS_ATTRIBUTED = 3

SPEECH_VERBS = frozenset(
    """
    said say says saying told tell tells added adds explained explains wrote write writes
    tweeted tweets tweeting asked asks noted notes argued argues insisted insists stated
    states declared declares warned warns recalled recalls recounted recounts continued
    continues replied replies responded responds claimed claims estimated estimates
    indicated indicates announced announces posted posts read reads quipped acknowledged
    acknowledges conceded concedes complained complains urged urges cautioned suggested
    suggests believes believed accused accusing accuses called calls calling described
    describes describing added admitted admits observed observes remarked remarks
    testified testifies confirmed confirms emphasized emphasised stressed stresses
    pointed predicted predicts promised promises vowed vows pledged pledges threatened
    threatens tweet wrote recounted joked jokes mused wondered wonders shouted yelled
    countered counters agreed agrees disagreed disagreed reiterated reiterates
    maintained maintains contended contends charged charges demanded demands
    thought thinks opined affirmed assured assures added, lamented laments decried
    boasted boasts bragged declared hoped hopes feared fears saying, writing
    """.replace(",", "").split()
)

PRONOUNS = frozenset({"he", "she", "they", "i", "we"})

DESCRIBED_HEADS = _wordset(
    """
    official officials spokesman spokeswoman spokesperson source sources aide aides
    diplomat diplomats analyst analysts expert experts statement statements lawyer
    lawyers attorney attorneys adviser advisers advisor advisors officer officers
    minister ministry department government administration agency police witness
    witnesses resident residents protester protesters lawmaker lawmakers senator
    senators member members memo memos letter report chairmen chairman leaders leader
    activist activists campaign committee group executive executives economist
    economists critic critics supporter supporters person people insider insiders
    """
)

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
    """Quotation spans of one paragraph."""
    spans: list[_Span] = []
    marks = [(m.start(), m.group(0)) for m in re.finditer(r"[“”\"]", text)]
    if not marks:
        marks = [(m.start(), m.group(0)) for m in re.finditer(r"(?<!\w)‘|’(?!\w)", text)]
        marks = [(at, _OPEN if mark == "‘" else _CLOSE) for at, mark in marks]
    open_at: int | None = None
    for at, mark in marks:
        is_open = mark == _OPEN or (mark == '"' and open_at is None)
        is_close = mark == _CLOSE or (mark == '"' and open_at is not None)
        if open_at is None and is_open:
            open_at = at
        elif open_at is not None and is_close:
            spans.append(_Span(block, open_at, at + 1, open_at + 1, at, False))
            open_at = None
        elif open_at is not None and is_open:
            # A new opening mark before a close: the earlier one was unbalanced.
            open_at = at
    if open_at is not None:
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


@dataclass(frozen=True)
class _Person:
    name: str
    forms: tuple[str, ...]  # folded surface forms, longest first


def _people(mentions: Sequence[Mention]) -> list[_Person]:
    people = []
    for mention in mentions:
        if mention.kind != "person":
            continue
        forms = {mention.name, *mention.aliases}
        forms |= {strip_honorific(form)[0] for form in forms}
        forms |= {form.split()[-1] for form in list(forms) if len(form.split()) > 1}
        folded = sorted({fold(form) for form in forms if form}, key=lambda f: (-len(f), f))
        people.append(_Person(mention.name, tuple(folded)))
    return people


def _find_person(text: str, people: Sequence[_Person], last: bool) -> tuple[str, int] | None:
    """The person named in `text` (the last or the first one), with its position."""
    folded = fold_keep_length(text)
    best: tuple[int, int, str] | None = None
    for person in people:
        for form in person.forms:
            for match in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", folded):
                position = match.start()
                rank = (position if last else -position, len(form), person.name)
                if best is None or rank > best:
                    best = rank
    if best is None:
        return None
    position = best[0] if last else -best[0]
    return best[2], position


def fold_keep_length(text: str) -> str:
    """Lowercase, accent-free text with the same length as `text` (offsets stay valid)."""
    out = []
    for char in text:
        folded = fold(char) if char.strip() else " "
        out.append(folded[:1] if len(folded) >= 1 else " ")
    return "".join(out)


_WORD = re.compile(r"[\w’'\-\.]+")

_DESCRIBED = re.compile(
    r"\b((?:a|an|the|one|two|three|several|some|another)\s+"
    r"(?:[\w’'\.\-]+\s+){0,4}?"
    r"(?:" + "|".join(sorted(DESCRIBED_HEADS, key=len, reverse=True)) + r"))\b",
    re.IGNORECASE,
)


def _speech_verb_positions(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(0).lower())
        for m in _WORD.finditer(text)
        if m.group(0).strip(".") in SPEECH_VERBS
    ]


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    kind: str | None  # "person" | "described" | "pronoun"


_PRONOUN_AT_END = re.compile(r"\b(he|she|they|i|we)\s*$", re.IGNORECASE)
_PRONOUN_AT_START = re.compile(r"^\W*(he|she|they)\b", re.IGNORECASE)
_NAME_AT_END = re.compile(r"((?:[A-Z][\w’'\-]*\.?\s+){0,3}[A-Z][\w’'\-]+)\s*$")
_NAME_AT_START = re.compile(
    r"^\W*(?:(?:[A-Z][\w’'\-]*\.?|of|the)\s+){0,6}?((?:[A-Z][\w’'\-]*\.?\s+){0,2}[A-Z][\w’'\-]+)"
    r"(?=\s*(?:[,.;:]|$|\s+(?:on|in|at|to|during|while|after|before|from|of|who|as|when|"
    r"and|but|said|told|wrote|added|explained)\b))"
)
_NOT_NAMES = _wordset(
    """
    The A An He She It They We I This That There His Her Their On In At Thursday Friday
    Monday Tuesday Wednesday Saturday Sunday Twitter Facebook Instagram
    """
)


def _raw_name(match: re.Match[str] | None, others: frozenset[str]) -> str | None:
    """A capitalised name next to the verb that no mention covers (unknown speaker)."""
    if not match:
        return None
    words = match.group(1).split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if not words or fold(" ".join(words)) in others:
        return None
    if len(words) == 1 and words[0].lower() in SPEECH_VERBS:
        return None
    return " ".join(words)


def _subject_near(
    text: str,
    verb_start: int,
    verb_end: int,
    people: Sequence[_Person],
    after_quote: bool,
    others: frozenset[str] = frozenset(),
) -> _Speaker | None:
    """The speaker of the speech verb at [verb_start, verb_end) of `text`."""
    tail = text[verb_end : verb_end + 140]
    tail = _SPEAKER_BOUNDARY.split(tail, maxsplit=1)[0]
    head = text[max(0, verb_start - 300) : verb_start]
    head = re.split(r"[;:]|[.!?]\s", head)[-1]
    if after_quote:
        head = head.lstrip(" ,.—–-")
    inverted = after_quote and not re.search(r"[A-Za-z]", head)
    if not inverted and re.search(r"[A-Za-z]", head):
        # Subject before the verb: the nearest person, pronoun or name to the verb.
        person = _find_person(head, people, last=True)
        pronoun = re.search(
            r"\b(he|she|they|i|we)\b(?!.*\b(?:he|she|they|i|we)\b)", head, re.IGNORECASE
        )
        if person and (not pronoun or person[1] > pronoun.start()):
            return _Speaker(person[0], "person")
        if pronoun and (not after_quote or _PRONOUN_AT_END.search(head)):
            return _Speaker(pronoun.group(1).lower(), "pronoun")
        described = _described(head[-90:])
        if described:
            return _Speaker(described, "described")
        raw = _raw_name(_NAME_AT_END.search(head), others)
        if raw:
            return _Speaker(raw, "person")
        if not after_quote:
            return None
    # Inverted: `“…,” said US Secretary of State Antony Blinken`, `said a US official`.
    pronoun = _PRONOUN_AT_START.match(tail)
    if pronoun:
        return _Speaker(pronoun.group(1).lower(), "pronoun")
    person = _first_person(tail[:90], people)
    described = _described(tail[:90], at_start=True)
    if person and (not described or person[1] < 50):
        return _Speaker(person[0], "person")
    if described:
        return _Speaker(described, "described")
    raw = _raw_name(_NAME_AT_START.match(tail), others)
    if raw:
        return _Speaker(raw, "person")
    return None


def _first_person(text: str, people: Sequence[_Person]) -> tuple[str, int] | None:
    return _find_person(text, people, last=False)


def _described(text: str, at_start: bool = False) -> str | None:
    matches = list(_DESCRIBED.finditer(text))
    if at_start:
        matches = [
            m
            for m in matches
            if not re.search(r"[A-Za-z]", text[: m.start()].replace("from", "").replace("in", ""))
        ][:1]
    if not matches:
        return None
    phrase = matches[-1].group(1)
    words = phrase.split()
    if (
        words[0].lower() == "the"
        and len(words) == 2
        and words[1].lower()
        in {
            "statement",
            "memo",
            "memos",
            "letter",
            "report",
        }
    ):
        return phrase
    return re.sub(r"\s+", " ", phrase)


_ACCORDING = re.compile(r"\baccording to\s+(.{3,80}?)(?:[,.;]|$)", re.IGNORECASE)


_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,]*,")


def _mask_relatives(text: str) -> str:
    """Blank `, who … ,` clauses: their names are not the speaker."""
    return _RELATIVE.sub(lambda m: " " * len(m.group(0)), text)


def _attribute(
    frame: str,
    q_start: int,
    q_end: int,
    people: Sequence[_Person],
    others: frozenset[str] = frozenset(),
) -> _Speaker | None:
    """The speaker of the quotation at [q_start, q_end) of `frame` (one sentence)."""
    before = _mask_relatives(frame[:q_start])
    after = frame[q_end:]
    # 1. After the quotation: `, said X` / `, X said` / `X wrote on Twitter`.
    verbs_after = [v for v in _speech_verb_positions(after) if v[0] < 60]
    if verbs_after:
        start, end, _ = verbs_after[0]
        speaker = _subject_near(after, start, end, people, True, others)
        if speaker:
            return speaker
    # 2. Before it: `X said that “…”`, `X told reporters: “…”`.
    verbs_before = _speech_verb_positions(before)
    if verbs_before:
        start, end, _ = verbs_before[-1]
        speaker = _subject_near(before, start, end, people, False, others)
        if speaker:
            return speaker
    # 3. `according to X`.
    match = _ACCORDING.search(before + " " + after)
    if match:
        found = _first_person(match.group(1), people)
        if found:
            return _Speaker(found[0], "person")
        described = _described(match.group(1))
        if described:
            return _Speaker(described, "described")
    # 4. A later speech verb in the sentence (`… “…” and he added …`).
    if verbs_after:
        start, end, _ = verbs_after[-1]
        speaker = _subject_near(after, start, end, people, False, others)
        if speaker:
            return speaker
    # 5. The sentence's subject when it opens the sentence: `He also welcomed X, which
    #    “…”`, `Trump threatened to … “…”`.
    opening = re.match(r"^\W*(he|she)\b", before, re.IGNORECASE)
    if opening and len(before) > 12:
        return _Speaker(opening.group(1).lower(), "pronoun")
    found = _first_person(before[:60], people)
    if found and found[1] <= 3 and len(before) > 12:
        return _Speaker(found[0], "person")
    return None


def _resolve_pronoun(
    pronoun: str,
    since_previous: str,
    body_before: str,
    people: Sequence[_Person],
    previous: tuple[str | None, str | None, int],
) -> tuple[str | None, str | None]:
    """`he`/`she`: the previous quotation's speaker unless someone else was named since;
    then the subject (first person) of the last sentence that names a person."""
    prev_name, prev_kind, _ = previous
    if pronoun in {"i", "we"}:
        return (prev_name, prev_kind) if prev_name else (None, None)
    named_since = _find_person(_mask_quotes(since_previous), people, last=True)
    if prev_name and not named_since:
        return prev_name, prev_kind
    masked = _mask_quotes(body_before[-1500:])
    for lo, hi in reversed(sentence_spans(masked)):
        sentence = _mask_relatives(masked[lo:hi])
        found = _first_person(sentence, people)
        if found:
            return found[0], "person"
    if prev_name:
        return prev_name, prev_kind
    return None, None


def _mask_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence(s) of `text` that hold [start, end), and the frame's offset."""
    spans = sentence_spans(text)
    lo, hi = start, end
    for s_lo, s_hi in spans:
        if s_lo <= start < s_hi or (s_lo < end <= s_hi):
            lo = min(lo, s_lo)
            hi = max(hi, s_hi)
    return text[lo:hi], lo


# --------------------------------------------------------------------------- public


def find_quotes(
    clean: CleanArticle, doc: Doc | None, mentions: Sequence[Mention]
) -> tuple[Quote, ...]:
    """Direct quotations of one article with their speakers."""
    blocks = [block.text for block in clean.blocks]
    kinds = [block.kind for block in clean.blocks]
    people = _people(mentions)
    others = frozenset(
        fold(form)
        for mention in mentions
        if mention.kind != "person"
        for form in (mention.name, *mention.aliases)
    )
    offsets = clean.block_offsets()
    body = clean.body
    quotes: list[Quote] = []
    previous: tuple[str | None, str | None, int] = (None, None, -10)
    last_quote_block = -10
    last_quote_end = 0
    for quotation in _quotations(blocks):
        first = quotation.first
        if kinds[first.block] == "heading":
            continue
        text = quotation.text(blocks)
        words = len(text.split())
        if words < MIN_WORDS_ATTRIBUTED - 1 or not re.search(r"[A-Za-zÀ-ÿ]", text):
            continue
        speaker: _Speaker | None = None
        # The attribution lives in the first part's paragraph, or in the last part's.
        for part in (quotation.parts[0], quotation.parts[-1]):
            block_text = blocks[part.block]
            frame, frame_lo = _sentence_around(block_text, part.start, part.end)
            masked = _mask_quotes(frame)
            speaker = _attribute(masked, part.start - frame_lo, part.end - frame_lo, people, others)
            if speaker is None and part.end - frame_lo >= len(frame.rstrip()) - 1:
                # The quotation ends its sentence: the next sentence may attribute it
                # (`“…” He said.` is rare; `“…” Trump wrote.` after a break is common).
                follow = block_text[part.end : part.end + 80]
                follow_masked = _mask_quotes(follow)
                if re.match(
                    r"^\s*(?:[\w’'\.\-]+\s+){0,4}(?:" + "|".join(SPEECH_VERBS) + r")\b",
                    follow_masked,
                    re.IGNORECASE,
                ):
                    speaker = _attribute(" " + follow_masked, 0, 1, people, others)
            if speaker is not None:
                break
        name: str | None = None
        kind: str | None = None
        if speaker is not None and speaker.kind == "pronoun" and speaker.name:
            at = offsets[first.block] + first.start
            before = body[:at]
            since = body[last_quote_end:at] if last_quote_end <= at else ""
            name, kind = _resolve_pronoun(speaker.name, since, before, people, previous)
        elif speaker is not None:
            name, kind = speaker.name, speaker.kind
        if name is None:
            # Continuation: a paragraph that is only a quotation right after an
            # attributed one keeps its speaker.
            block_text = blocks[first.block].strip()
            whole = first.start <= 1 and len(text) >= 0.8 * len(block_text) - 4
            if whole and previous[0] and first.block - last_quote_block <= 1:
                name, kind = previous[0], previous[1]
        if name is None and words < MIN_WORDS_UNATTRIBUTED:
            continue
        if name is not None and words < MIN_WORDS_ATTRIBUTED:
            continue
        frame, _ = _sentence_around(blocks[first.block], first.start, first.end)
        quotes.append(
            Quote(
                text=text,
                speaker=name,
                speaker_kind=kind,  # type: ignore[arg-type]
                sentence=frame.strip(),
                line=clean.blocks[first.block].line,
            )
        )
        if name is not None:
            previous = (name, kind, first.block)
        last_quote_block = quotation.parts[-1].block
        last_quote_end = offsets[last_quote_block] + quotation.parts[-1].end
    return tuple(quotes)
