"""Cleaning: normalisation and boilerplate removal, with nothing silently lost.

``clean_text`` only normalises (idempotent, never raises). ``clean_article`` splits a
``RawArticle`` into a headline and blocks (paragraphs and subheadings) and takes out the
noise scraped and pasted articles carry. Each kind of noise is one small named rule
(``is_photo_credit``, ``is_slide_counter``, ...) with its own table tests; every line a
rule removes is kept in ``CleanArticle.removed`` with its 1-based line number and the
rule's name, photo credits and captions also in ``CleanArticle.images`` and date stamps
in ``CleanArticle.stamps``. A non-blank line of the input is either in a block, the
headline, or in ``removed``: no rule drops text without saying so.

Rule names (``Removed.rule``), in the order they run:

- headline stage: ``mangled-headline`` (a scraped copy of the headline with entity
  remnants or cut short, beside the clean one), ``duplicate-headline``;
- line rules, on one line alone (``LINE_RULES``): ``slide-counter`` (`1/2`),
  ``scraper-trailer`` (`source site-59`), ``reading-time`` (`3 minutes`),
  ``date-stamp`` (`First change: …`, `Publié le …`, a bare date; kept in ``stamps``),
  ``copyright`` (`© AFP`), ``agency-byline`` (`Agence France-Presse`), ``byline``
  (`By Jane Doe`; with a date it is also a stamp), ``advertisement``, ``read-more``
  (also `Label: …` lines in a run of related links), ``newsletter``, ``share-buttons``,
  ``video-blurb`` (`… Jane Doe has that story.`, `Video: …`);
- photo rules: ``photo-credit`` (`PHOTO NAME, AGENCY`, `Photo: Name/AP`, or a caption
  with its credit on one line), ``slideshow-bullet`` (`• caption` next to a credit),
  ``photo-caption`` (the caption under a credit, or a caption standing alone without
  a credit); all kept in ``images``;
- block rules: ``standfirst`` (a subtitle, dek or teaser between the headline and the
  lede), ``duplicate`` (a paragraph repeated elsewhere, such as a pull quote).

Entity remnants (`quotbattlequot`, `it#39s`) are repaired in place, not removed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from generator import lexicons
from generator.incremental.memo import PureMemo
from generator.model import Block, BlockKind, CleanArticle, ImageCredit, RawArticle, Removed

LEXICONS: tuple[str, ...] = (
    "html_entity_names",
    "abbreviations_clean",
    "name_particles",
    "share_buttons",
    "share_buttons_core",
    "speech_verbs",
)
"""The word lists of `generator/lexicons/` this module loads (their digests key its cache)."""

# =========================================================================== clean_text

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000"), " ")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise text: ``\\n`` line ends, no zero-width characters, plain spaces for
    non-breaking ones, NFC, no trailing spaces, at most one blank line in a row.

    Idempotent and total: it never raises on any ``str``.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text)


# =========================================================================== lines

_ENTITY_NAMES = lexicons.mapping("html_entity_names")
# Well-formed entities (`&quot;`, `&#39;`, `&amp;quot;`): decode them, repeatedly.
_WELL_FORMED = re.compile(r"&(?:amp;)*(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# Remnants of entities whose `&` and `;` were stripped: glued into words.
_GLUED_NAMED = re.compile(
    r"(?<=[A-Za-z.,;:!?)\]])(rsquo|lsquo|rdquo|ldquo|ndash|mdash|hellip|nbsp)(?=[A-Za-z\s.,;:!?]|$)"
    r"|(?<![A-Za-z])(rsquo|lsquo|rdquo|ldquo|ndash|mdash|hellip|nbsp)(?=[A-Za-z])"
    r"|\b(rsquo|lsquo|rdquo|ldquo|ndash|mdash|hellip|nbsp)\b"
)
_APOS_CODE = re.compile(r"(?<=\w)#0?39(?=\w|\b)|(?<!\w)#0?39(?=\w)|\B#0?39\b|(?<=\s)#0?39(?=\s)")
_QUOT_PAIR = re.compile(r"(?<![A-Za-z])quot(?=[A-Za-z0-9])([^\s]*?[A-Za-z0-9.,!?])quot(?![A-Za-z])")
_QUOT_SPACED = re.compile(r"(?<![A-Za-z])quot(?![A-Za-z])")
_QUOT_LEADING = re.compile(r"(?<![A-Za-z])quot(?=[A-Z])")
_QUOT_TRAILING = re.compile(r"(?<=[a-z.,!?])quot(?![A-Za-z])")
_AMP_SPACED = re.compile(r"(?<=\s)amp(?=\s)")
_ACCENTED = re.compile(
    r"(?<=[A-Za-z])(eacute|aacute|oacute|iacute|uacute|ntilde|egrave|agrave|ccedil)(?=[a-z]|\b)"
)


def has_entity_remnants(text: str) -> bool:
    """True when the text carries entity names stripped of their `&` and `;`."""
    return repair_entities(text) != text


def repair_entities(text: str) -> str:
    """Decode HTML entities, and repair their remnants glued into words.

    `quotbattlequot` becomes `"battle"`, `it#39s` becomes `it's`, `itrsquos` becomes
    `it's`; real words such as "quota", "quote", "ample" or "example" are left alone.
    """
    if "&" in text:
        for _ in range(3):
            decoded = _WELL_FORMED.sub(
                lambda m: html.unescape(m.group(0).replace("amp;", "")), text
            )
            if decoded == text:
                break
            text = decoded
    if not re.search(r"quot|amp|#0?39|squo|dquo|dash|hellip|nbsp|acute|grave|tilde|cedil", text):
        return text
    text = _APOS_CODE.sub("'", text)
    text = _GLUED_NAMED.sub(lambda m: _ENTITY_NAMES[next(g for g in m.groups() if g)], text)
    text = _ACCENTED.sub(lambda m: _ENTITY_NAMES[m.group(1)], text)
    text = _QUOT_PAIR.sub(lambda m: f'"{m.group(1)}"', text)
    text = _QUOT_LEADING.sub('"', text)
    text = _QUOT_TRAILING.sub('"', text)
    text = _pair_spaced_quotes(text)
    text = _AMP_SPACED.sub("&", text)
    return text


def _pair_spaced_quotes(text: str) -> str:
    """`help quot battle quot against` -> `help "battle" against`."""
    pieces = _QUOT_SPACED.split(text)
    if len(pieces) == 1:
        return text
    out = pieces[0]
    for index, piece in enumerate(pieces[1:]):
        opening = index % 2 == 0
        if opening:
            out = out.rstrip(" ") + (" " if out.strip() else "") + '"' + piece.lstrip(" ")
        else:
            out = out.rstrip(" ") + '"' + piece
    return out


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")


def normalise_line(line: str) -> str:
    """One line as the cleaner sees it: normalised, trimmed, entities repaired."""
    line = " ".join(clean_text(line).split())
    return " ".join(repair_entities(line).split())


# =========================================================================== sentences

_ABBREVIATIONS = lexicons.load("abbreviations_clean")
_SENTENCE_END = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00dd])"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (a light rule-based splitter: abbreviations and initials
    such as `Mr.`, `U.S.` or `F.B.I.` do not end a sentence)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        word = re.findall(r"[\w.]+$", before)
        token = word[0] if word else ""
        if match.group(0).startswith(".") and token:
            bare = token.rstrip(".").lower()
            if bare in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare):
                continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:['\u2019.-]\w+)*", text))


_FINAL_PUNCTUATION = tuple(".!?;:,\u2026\"'\u201d\u2019)")


def ends_like_sentence(text: str) -> bool:
    return text.rstrip().endswith(_FINAL_PUNCTUATION)


# =========================================================================== datelines


@dataclass(frozen=True, slots=True)
class Dateline:
    """`WASHINGTON, April 30 (Reuters) -` as parts: place, date as written, agency."""

    place: str | None  # None for an agency alone: `(AFP) – …`
    agency: str | None
    date_text: str | None
    end: int  # offset of the story text after the dateline


_PLACE = r"[^\W\d_][^\W\d_'’.\- ]*(?:[ .'’\-]{1,2}[^\W\d_][^\W\d_'’.\-]*){0,3}"
_UPPER = r"[A-Z\u00c0-\u00de]"
_UPPER_PLACE = (
    rf"{_UPPER}[A-Z\u00c0-\u00de'’.\-]*(?:[ .'’\-]{{1,2}}{_UPPER}[A-Z\u00c0-\u00de'’.\-]*){{0,3}}"
)
_DASH = r"\s*\.?[\u2013\u2014\-]{1,2}\s*"
_DATE_IN_LINE = (
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|"
    r"\d{1,2}(?:er|º)? (?:de )?[A-Za-z\u00e9\u00fb]{3,9}\.?(?: (?:de )?\d{4})?)"
)
NEWS_AGENCY = re.compile(
    r"(?:AFP|AP|Reuters|REUTERS|EFE|dpa|DPA|ANSA|UPI|CNN|Xinhua|Kyodo|Yonhap|TASS|Bloomberg|"
    r"PA|Agence France[- ]Presse|(?:The )?Associated Press|(?:The )?Canadian Press|"
    r"La Presse [Cc]anadienne|Europa Press|Notimex|Anadolu|AAP|ANP|Belga|Lusa|PAP|CTK)"
)
_DATELINES = (
    # (Washington) The United States ... / (Washington, D.C.) / (AFP) – ...
    re.compile(
        rf"^\((?P<place>(?=[A-Z\u00c0-\u00de]){_PLACE})(?:,\s*{_PLACE}\.?)?\)"
        rf"(?:{_DASH}|\s+)(?=\S)"
    ),
    # WASHINGTON, April 30 (Reuters) - / PARIS, 19 janvier (AFP) -
    re.compile(
        rf"^(?P<place>{_UPPER_PLACE}),\s+(?P<date>{_DATE_IN_LINE})"
        rf"(?:\s*\((?P<agency>[A-Z][^()]{{0,39}})\))?{_DASH}(?=\S)"
    ),
    # Washington, January 19 (AFP) – / Ciudad de México, 19 de enero (EFE).-
    re.compile(
        rf"^(?P<place>{_PLACE}),\s+(?P<date>{_DATE_IN_LINE})"
        rf"\s*\((?P<agency>[A-Z][^()]{{0,39}})\){_DASH}(?=\S)"
    ),
    # Washington (AFP) – / TEL AVIV (Reuters) -
    re.compile(rf"^(?P<place>{_PLACE})\s*\((?P<agency>[A-Z][^()]{{0,39}})\){_DASH}(?=\S)"),
    # WASHINGTON — / NEW DELHI:
    re.compile(rf"^(?P<place>{_UPPER_PLACE}){_DASH}(?=\S)"),
)


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of a paragraph, if there is one."""
    for pattern in _DATELINES:
        match = pattern.match(text)
        if not match:
            continue
        place = match.group("place").strip(" .")
        if pattern is _DATELINES[0] and NEWS_AGENCY.fullmatch(place):
            return Dateline(place=None, agency=place, date_text=None, end=match.end())
        if pattern is _DATELINES[-1]:
            letters = [c for c in place if c.isalpha()]
            if len(letters) < 3 or not place.isupper():
                continue
        if len(place) < 2 or len(place.split()) > 4:
            continue
        groups = match.groupdict()
        agency = (groups.get("agency") or "").strip() or None
        return Dateline(place=place, agency=agency, date_text=groups.get("date"), end=match.end())
    return None


# =========================================================================== line rules
# Each rule is a small predicate over one normalised, non-blank line.

_PHOTO_LABEL = (
    r"(?:(?:archives? |file |archival )?(?:photos?|photographs?|photography|pictures?|images?|"
    r"fotos?|bild|illustration|infographic|graphic|screenshot|screen capture|video capture|"
    r"capture d'écran)(?: archives?)?|crédits? photo|photo credit|image credit|credits?|"
    r"foto ?credit)"
)
_PHOTO_AGENCIES = (
    r"(?:getty images|getty|ap photo|associated press|reuters|afp|agence france[- ]presse|"
    r"epa|efe|dpa|anp|ansa|xinhua|shutterstock|alamy|pa images|pa wire|pa|bloomberg|"
    r"sipa|abaca|zuma|imago|keystone|belga|tass|kyodo|yonhap|nurphoto|sopa images|"
    r"usa today|the new york times|nyt|handout|file photo|archives?)"
)
_NAME_PARTICLES = lexicons.load("name_particles")


def _looks_like_names(text: str, max_words: int = 10) -> bool:
    """Mostly capitalised tokens: names, agencies (`CLIFF OWEN, ASSOCIATED PRESS`)."""
    tokens = [t for t in re.split(r"[\s,/|;()]+", text) if t]
    if not tokens or len(tokens) > max_words:
        return False
    for token in tokens:
        if token.lower() in _NAME_PARTICLES or token in "-–—&":
            continue
        capitalised = token[0].isupper() or token[0].isdigit() or token[0] == "©"
        if not capitalised and not _AGENCY_TOKEN.fullmatch(token):
            return False
    return True


_AGENCY_TOKEN = re.compile(_PHOTO_AGENCIES, re.I)
_CREDIT_LINE = re.compile(rf"^{_PHOTO_LABEL}\s*(?:[:.|\-–—]\s*|\s+)(?P<who>\S.{{1,100}})$", re.I)
_BARE_AGENCY_CREDIT = re.compile(
    rf"^(?:©\s*)?(?:[\w'’.\- ]{{1,60}}(?:/| via | for |, ))?{_PHOTO_AGENCIES}"
    rf"(?:(?:/| via |, )[\w'’.\- ]{{1,60}})?$",
    re.I,
)
_TRAILING_CREDIT = re.compile(
    rf"^(?P<caption>.{{8,}}?)\s*\((?P<credit>(?:{_PHOTO_LABEL})\s*:?\s*[^()]{{2,80}}|"
    rf"[^()]{{0,60}}\b{_PHOTO_AGENCIES}\b[^()]{{0,40}})\)\.?$",
    re.I,
)
_CREDIT_AFTER_CAPTION = re.compile(
    rf"^(?P<caption>.{{8,}}?[.!?\u201d\"])\s+(?P<credit>(?:{_PHOTO_LABEL})\s*:?\s*\S.{{1,80}})$",
    re.I,
)


def is_photo_credit(line: str) -> bool:
    """`PHOTO CLIFF OWEN, ASSOCIATED PRESS`, `Photo: Jane Doe/AP`, `Getty Images`,
    `REUTERS/Kevin Lamarque`, `Credit: Doug Mills/The New York Times`."""
    match = _CREDIT_LINE.match(line)
    if match and _looks_like_names(match.group("who")) and not ends_like_sentence(line.rstrip(".")):
        return True
    return bool(_BARE_AGENCY_CREDIT.match(line)) and _looks_like_names(line, 8)


def split_captioned_credit(line: str) -> tuple[str, str] | None:
    """`Caption text. (Photo: Jane Doe, AP)` -> (caption, credit)."""
    for pattern in (_TRAILING_CREDIT, _CREDIT_AFTER_CAPTION):
        match = pattern.match(line)
        if not match:
            continue
        credit = match.group("credit").strip()
        who = re.sub(rf"^{_PHOTO_LABEL}\s*:?\s*", "", credit, flags=re.I)
        if _looks_like_names(who, 10):
            return match.group("caption").strip(), credit
    return None


_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright(?:\s*©)?)\s*(?:\d{4}\s*)?(?P<who>[^\W\d][^.;|]{0,60}?)"
    r"(?:\s*\d{4})?\.?(?:\s*all rights reserved\.?)?$",
    re.I,
)


def copyright_holder(line: str) -> str | None:
    """`© AFP` -> `AFP`; `Copyright 2024 The Associated Press. All rights reserved.`"""
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    who = match.group("who").strip(" ,.-")
    if "/" in who or " via " in who:  # `© Jane Doe/AFP`: a photo credit
        return None
    return who if who and _looks_like_names(who, 8) else None


_RIGHTS_RESERVED = re.compile(
    r"^(?:©.{0,80}|all rights reserved\.?|tous droits réservés\.?|todos los derechos reservados\.?|"
    r"alle rechte vorbehalten\.?)$",
    re.I,
)


def is_copyright(line: str) -> bool:
    """`© AFP`, `Copyright 2024 The Associated Press. All rights reserved.`,
    `Tous droits réservés`."""
    if len(line) > 120 or re.search(r"/| via ", line):
        return False
    return copyright_holder(line) is not None or bool(_RIGHTS_RESERVED.match(line))


_SLIDE_COUNTER = re.compile(
    r"^(?:(?:photo|image|slide|picture|foto|bild|diapositive|imagen)s?\s+)?"
    r"(?P<a>\d{1,3})\s*(?:/|of|de|von|di|sur|van)\s*(?P<b>\d{1,3})$",
    re.I,
)


def is_slide_counter(line: str) -> bool:
    """`1/2`, `3 of 12`, `Photo 2 of 5`."""
    match = _SLIDE_COUNTER.match(line) if len(line) <= 40 else None
    return match is not None and 1 <= int(match.group("a")) <= int(match.group("b"))


_SCRAPER_TRAILER = re.compile(
    r"^(?:source|src|scraped from|crawled from|from)\s*[:#\-]?\s*"
    r"(?:site|page|feed|source|domain|scraper|crawler)[\s_\-#]?\d+$",
    re.I,
)


def is_scraper_trailer(line: str) -> bool:
    """`source site-59`, `Source: site_12`, `scraped from feed-3`."""
    return len(line) <= 60 and bool(_SCRAPER_TRAILER.match(line))


_READING_TIME = re.compile(
    r"^(?:(?:estimated\s+)?(?:reading time|read time|time to read|lesezeit|lesedauer|"
    r"temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|"
    r"czas czytania)\s*:?\s*)?"
    r"(?:about |approx\.? |environ |ca\. |circa |unos |cerca de |~)?"
    r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*[-–]?\s*"
    r"(?:min|mins|minute|minutes|minuten|minutos|minuti|minuut|minut|minuty|m)\.?"
    r"(?:\s+(?:of\s+)?(?:read|reading|de lecture|de lectura|de leitura|di lettura|"
    r"lesezeit|lezen|leestijd|czytania|to read|lesen|lectura|lecture|leitura))?\.?$",
    re.I,
)


def is_reading_time(line: str) -> bool:
    """`3 minutes`, `4 min read`, `Reading time: 5 minutes`, `Lesezeit: 3 Min.`."""
    return len(line) <= 60 and bool(_READING_TIME.match(line))


_MONTHS = (
    r"(?:jan(?:uary|vier|eiro|uar)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|mar(?:ch|s|zo|ço)?|"
    r"märz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may(?:o)?|mai|maggio|maio|jun(?:e|io|i|ho)?|"
    r"juin|giugno|jul(?:y|io|i|ho)?|juil(?:let)?|luglio|aug(?:ust)?|ao[uû]t|ago(?:sto)?|"
    r"sep(?:t|tember|tembre|tiembre|tembro)?|set(?:tembre|embro)?|oct(?:ober|obre|ubre)?|"
    r"okt(?:ober)?|ott(?:obre)?|out(?:ubro)?|nov(?:ember|embre|iembre|embro)?|"
    r"dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember|embro)?|dic(?:iembre|embre)?|"
    r"enero|gennaio|febrero|febbraio|fevereiro|janeiro)\.?"
)
_WEEKDAYS = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|montag|"
    r"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
)
_STAMP_LABEL = (
    r"(?:first change|last change|first published|last published|published|updated|"
    r"last updated|last modified|modified|posted|created|"
    r"première modification|dernière modification|publié|mis à jour|modifié|"
    r"publicado|actualizado|modificado|última actualización|última modificación|"
    r"atualizado|publicação|veröffentlicht|aktualisiert|zuletzt aktualisiert|geändert|"
    r"erstellt|pubblicato|aggiornato|ultimo aggiornamento|gepubliceerd|bijgewerkt|"
    r"opublikowano|zaktualizowano)"
)
_RELATIVE_DAYS = (
    r"(?:yesterday|today|hier|aujourd'hui|avant-hier|ayer|hoy|anteayer|gestern|heute|ieri|"
    r"oggi|ontem|hoje|gisteren|vandaag|\d+ (?:hours?|minutes?|days?) ago|il y a)"
)
_STAMP = re.compile(
    rf"^{_STAMP_LABEL}\s*(?:(?:on|at|le|am|el|il|em|op|um|dnia|à|a las)\s+)?[:\-–]?\s*"
    rf"(?=\d|\(|{_MONTHS}(?:\s|$|\d)|(?:{_WEEKDAYS})\b|{_RELATIVE_DAYS}\b)",
    re.I,
)
_STAMP_COLON = re.compile(rf"^{_STAMP_LABEL}\s*:\s*\S", re.I)
_DATE_TOKEN = re.compile(
    rf"^(?:{_MONTHS}|{_WEEKDAYS}|\d{{1,4}}(?:st|nd|rd|th|er|º)?[.,]?|\d{{1,2}}[:h.]\d{{2}}[.,]?|"
    rf"[ap]\.?m\.?,?|[ap]\.m|(?:et|est|edt|pt|pst|gmt|utc|cet|cest|bst)\b,?|at|à|de|del|um|h|,|\||-|–|—|/)$",
    re.I,
)


_PROSE_STAMP = re.compile(
    r"^(?:this (?:article|story|report|page) (?:was|has been) (?:first |originally |last )?"
    r"(?:published|posted|updated|modified)|(?:first|originally) published|"
    r"cet article a été (?:publié|mis à jour)|este artículo (?:fue|ha sido) "
    r"(?:publicado|actualizado)|dieser artikel wurde)\b",
    re.I,
)


def is_bare_date(text: str) -> bool:
    """Only a date and a time: `January 19, 2024`, `19 janvier 2024, 21 h 21`."""
    tokens = re.findall(r"[^\s,]+|,", text)
    if not tokens or len(tokens) > 12:
        return False
    if not all(_DATE_TOKEN.match(token) for token in tokens):
        return False
    return bool(re.search(rf"\b\d{{4}}\b|{_MONTHS}", text, re.I)) and bool(re.search(r"\d", text))


def is_date_stamp(line: str) -> bool:
    """`First change: January 19, 2024 – 9:21 p.m. Last change: …`, `Updated 9:41 a.m. ET`,
    `Publié le 19 janvier 2024 à 21 h 21`, `Publicado: 19/01/2024`, a bare date line,
    `This article was published on January 7, 2023.`"""
    if len(line) > 250 or len(line.split()) > 30:
        return False
    if _STAMP.match(line) or _STAMP_COLON.match(line):
        return True
    if _PROSE_STAMP.match(line) and len(line.split()) <= 16 and re.search(r"\d", line):
        return True
    return is_bare_date(line)


_BYLINE_START = re.compile(
    r"^(?:by|written by|words by|par|por|von|di|door|av|af)\s+(?P<rest>.+)$", re.I
)
_BYLINE_SEPARATOR = re.compile(r"\s*(?:,|\||·|•|\s[-–—])\s*")
_BYLINE_ROLES = re.compile(
    r"^(?:(?:senior |chief |special |foreign |staff )?(?:writer|reporter|correspondent|editor|"
    r"envoy|journalist)s?|staff|special envoy|envoyée? spéciale?|correspondante?|"
    r"enviad[oa] especial|corresponsal)(?: (?:in|à|en|to) [A-Z][\w .'’-]{1,30})?$",
    re.I,
)
_REPORTING_CREDITS = re.compile(
    r"^\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|reported|research)"
    r"(?: and (?:writing|editing|reporting))? by\b.{2,200}\)?$",
    re.I,
)


def byline_names(line: str) -> str | None:
    """`By Jane Doe` -> `Jane Doe`; `By JANE DOE and JOHN ROE` -> `JANE DOE and JOHN ROE`;
    `By Jane Doe | January 17, 2023` -> `Jane Doe`; `Par Jean Dupont, AFP` -> `Jean Dupont`."""
    if len(line) > 160 or len(line.split()) > 20 or line[:1].islower():
        return None  # "by the way …" is a sentence
    match = _BYLINE_START.match(line)
    if not match:
        return None
    parts = [part for part in _BYLINE_SEPARATOR.split(match.group("rest").strip(" .")) if part]
    names: list[str] = []
    for index, part in enumerate(parts):
        if re.search(r"[\d:;!?]", part) or not _looks_like_names(part, 9):
            if index == 0:
                return None
            break
        if index and (NEWS_AGENCY.fullmatch(part) or _BYLINE_ROLES.match(part)):
            break
        names.append(part)
    for part in parts[len(names) :]:  # what follows the names: an agency, a role, a date
        if not (_looks_like_names(part, 6) or _BYLINE_ROLES.match(part) or is_bare_date(part)):
            return None
    first = names[0]
    capitalised = [t for t in first.split() if t[0].isupper()]
    if len(capitalised) < 2 and not first.isupper():
        return None
    return ", ".join(names)


def is_byline(line: str) -> bool:
    """`By Jane Doe`, `By JANE DOE and JOHN ROE`, `Par Jean Dupont, AFP`,
    `(Reporting by Jane Doe; Editing by John Roe)`."""
    if len(line) > 250:
        return False
    return byline_names(line) is not None or bool(_REPORTING_CREDITS.match(line))


_ADVERTISEMENT = re.compile(
    r"^(?:advertisement|advertising|ad|anzeige|werbung|publicité|publicidad|pubblicità|"
    r"publicidade|sponsored(?: content)?|paid content|paid post|promoted|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"skip advertisement|scroll to continue(?: with content)?)\.?$",
    re.I,
)


def is_advertisement(line: str) -> bool:
    """`Advertisement`, `Story continues below advertisement`, `Publicité`."""
    return len(line) <= 60 and bool(_ADVERTISEMENT.match(line))


_READ_MORE_LABEL = (
    r"(?:read more|read also|also read|more|related|related stories|related articles|"
    r"related coverage|see also|also see|recommended|more on this story|"
    r"more from \w+|lire aussi|à lire aussi|a lire aussi|lire également|voir aussi|"
    r"lesen sie auch|mehr zum thema|auch interessant|lee también|leer más|te puede interesar|"
    r"leia também|leia mais|veja também|leggi anche|vedi anche|lees ook)"
)
_READ_MORE = re.compile(rf"^{_READ_MORE_LABEL}\s*(?::|»|>|\||–|—|-)\s*\S.*$", re.I)
_READ_MORE_PHRASE = re.compile(
    r"^(?:read more|read the full (?:story|article)|continue reading|keep reading|"
    r"click here|tap here|read the latest|full story|see more|view comments|"
    r"view \d+ comments?|show comments|lire la suite|weiterlesen|seguir leyendo|leia mais|"
    r"listen to (?:this|the) (?:article|story)|écouter (?:cet|l')article|"
    r"escuchar (?:este|el) artículo)\b",
    re.I,
)


def is_read_more(line: str) -> bool:
    """`Read more: …`, `More: A minute-by-minute guide …`, `Related: …`, `Lire aussi : …`,
    `Continue reading the main story`, `Click here to …`."""
    if len(line) > 250:
        return False
    words = len(line.split())
    if _READ_MORE.match(line) and words <= 30:
        return True
    return bool(_READ_MORE_PHRASE.match(line)) and words <= 15


_NEWSLETTER_START = re.compile(
    r"^(?:sign up|signup|subscribe|get|join|receive|want|don'?t miss|never miss|"
    r"inscrivez-vous|abonnez-vous|suscr[ií]bete|reg[ií]strate|abonnieren|melden sie sich|"
    r"iscriviti|assine|cadastre-se)\b",
    re.I,
)
_NEWSLETTER_WORD = re.compile(
    r"newsletter|inbox|mailing list|daily briefing|e-?mail alerts?|lettre d'information|"
    r"infolettre|bolet[ií]n|sign up|subscribe",
    re.I,
)


def is_newsletter(line: str) -> bool:
    """`Sign up for our newsletter`, `Get the Morning Briefing in your inbox`,
    `Abonnez-vous à notre newsletter`."""
    if len(line) > 250 or len(line.split()) > 30:
        return False
    return bool(_NEWSLETTER_START.match(line)) and bool(_NEWSLETTER_WORD.search(line))


_SHARE_WORDS = lexicons.load("share_buttons")
_SHARE_CORE = lexicons.load("share_buttons_core")


def is_share_buttons(line: str) -> bool:
    """`Share`, `Share on Facebook Share on Twitter`, `Facebook Twitter Email`, `Print`."""
    if len(line) > 120:
        return False
    tokens = [t.lower() for t in re.split(r"[\s|•·/,]+", line.strip(" .:")) if t]
    if not tokens or len(tokens) > 12:
        return False
    return all(t in _SHARE_WORDS or t.isdigit() for t in tokens) and any(
        t in _SHARE_CORE for t in tokens
    )


_VIDEO_LEAD = re.compile(
    r"^(?:video|watch|watch video|watch now|vid[eé]o|play video|listen|audio)\s*[:|\-–—]", re.I
)
_VIDEO_SIGNOFF = re.compile(
    r"(?:^|[.!?]\s+)(?:[A-Z][\w'’.\-]*\s){0,4}[A-Z][\w'’.\-]*\s+"
    r"(?:has|have|brings you|explains|breaks down|reports on)\s+"
    r"(?:that|the|this|more on (?:that|this|the)|the latest on (?:that|this|the))\s*"
    r"(?:story|report|details|one)?\.?$"
)


def is_video_blurb(line: str) -> bool:
    """`… Veuer's Nick Cardona has that story.`, `Video: …`, `WATCH: …`."""
    if len(line) > 700:
        return False
    if _VIDEO_LEAD.match(line) and len(line.split()) <= 40:
        return True
    return bool(_VIDEO_SIGNOFF.search(line)) and len(line.split()) <= 80


_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25e6\u25cf\u2023\u25a0\u25b8\u2043]\s*")


def bullet_text(line: str) -> str | None:
    """The text of a bullet line (`• US Secretary of State Antony Blinken`), else None."""
    match = _BULLET.match(line)
    return line[match.end() :].strip() if match else None


_CAPTION_MARKER = re.compile(
    r",\s*(?:left|right|center|centre|second from (?:left|right)|third from (?:left|right)|"
    r"foreground|background|top|bottom|(?:top|bottom|front|back) row)\s*,|"
    r"\((?:L|R|C|left|right|center)\)|,\s*(?:left|right)\s+and\b",
)

_AGENCY_BYLINE = re.compile(
    rf"^(?:(?:by|par|por|von|di|door)\s+)?(?:{NEWS_AGENCY.pattern})"
    rf"(?:\s*(?:and|et|y|und|/|,)\s*(?:{NEWS_AGENCY.pattern}))*\.?$",
    re.I,
)


def agency_byline(line: str) -> str | None:
    """A line that only names a news agency (`Agence France-Presse`, `By The Associated
    Press`, `Reuters`) -> the agency as written (the first one named)."""
    if len(line) > 80 or not _AGENCY_BYLINE.match(line):
        return None
    match = NEWS_AGENCY.search(line)
    return match.group(0) if match else None


def is_agency_byline(line: str) -> bool:
    return agency_byline(line) is not None


LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("slide-counter", is_slide_counter),
    ("scraper-trailer", is_scraper_trailer),
    ("reading-time", is_reading_time),
    ("date-stamp", is_date_stamp),
    ("copyright", is_copyright),
    ("agency-byline", is_agency_byline),
    ("byline", is_byline),
    ("advertisement", is_advertisement),
    ("read-more", is_read_more),
    ("newsletter", is_newsletter),
    ("share-buttons", is_share_buttons),
    ("video-blurb", is_video_blurb),
)
"""Rules that need nothing but the line itself, cheapest first. Photo credits, captions,
bullets, headings, standfirsts and duplicates need context and run afterwards."""


def line_rule(line: str) -> str | None:
    """The name of the first context-free rule that claims ``line``, if any."""
    for name, rule in LINE_RULES:
        if rule(line):
            return name
    return None


# =========================================================================== headings

_HEADING_MAX_WORDS = 10
_SPEECH_VERBS = lexicons.load("speech_verbs")


def is_subheading(line: str) -> bool:
    """A short line standing alone, without final punctuation (`Help from Guatemala`,
    `Two ways`), or a short question (`What will be missing?`)."""
    words = line.split()
    if not words or len(words) > _HEADING_MAX_WORDS or len(line) > 90:
        return False
    first = line.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if line.endswith("?"):
        return len(words) <= 8 and not line.startswith(('"', "“", "'", "‘"))
    if ends_like_sentence(line) or line.endswith(("-", "–", "—")):
        return False
    if words[-1].lower() in _SPEECH_VERBS:  # `Jane Doe of Bloomberg News tweeted`
        return False
    return re.search(r"[^\W\d_]", line) is not None


def looks_like_body(line: str) -> bool:
    """A first line that is body text, not a headline: it opens with a dateline
    (`WASHINGTON —`, `Washington (AFP) –`), or is long and ends like a sentence."""
    if parse_dateline(line) is not None:
        return True
    words = len(line.split())
    return words > 25 and ends_like_sentence(line) or words > 45


# =========================================================================== the cleaner


@dataclass(slots=True)
class _Line:
    number: int  # 1-based in RawArticle.text
    text: str  # as the rules see it (normalised, entities repaired)
    rule: str | None = None  # set when a rule removes the line
    original: str = ""  # as written (whitespace collapsed): what the audit shows


@dataclass(slots=True)
class _Group:
    """Consecutive kept lines without a blank line between them: one block."""

    lines: list[_Line]
    kind: BlockKind = "paragraph"
    rule: str | None = None

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(slots=True)
class _State:
    lines: list[_Line]
    headline: str | None = None
    images: list[ImageCredit] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)  # uncredited


def clean_article(raw: RawArticle) -> CleanArticle:
    """Headline, blocks and the audit of what was removed. Never raises on any text."""
    source = raw.text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    for number, original in enumerate(source.split("\n"), start=1):
        text = visible_line(original, raw.fmt)
        if text:
            lines.append(_Line(number, text, original=" ".join(original.split())))
    state = _State(lines)
    _take_headline(state, raw)
    _apply_line_rules(state.lines)
    _apply_photo_rules(state)
    groups = _group(state.lines, source)
    _apply_block_rules(groups, state, raw)
    return _result(raw, state, groups)


def visible_line(line: str, fmt: str = "txt") -> str:
    """A source line as the rules see it: normalised, entities repaired, and for
    Markdown and HTML sources inline markup (`**bold**`, `[link](url)`) reduced to text."""
    text = normalise_line(line)
    return _strip_inline_markdown(text) if fmt in ("md", "html") else text


def _strip_inline_markdown(text: str) -> str:
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _MD_EMPHASIS.sub(lambda m: m.group(2), text).strip()


def _md_heading(text: str) -> str | None:
    match = _MD_HEADING.match(text)
    return match.group(1).strip() if match else None


# --------------------------------------------------------------------------- headline


def _canonical(text: str) -> str:
    """Lowercase letters and digits only: for comparing headlines and titles."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


def _same_headline(a: str, b: str) -> bool:
    """Two lines that are the same headline, one of them mangled or cut short."""
    left, right = _canonical(repair_entities(a)), _canonical(repair_entities(b))
    if not left or not right:
        return False
    short, long = sorted((left, right), key=len)
    if len(short) < 12:
        return short == long
    if len(short) < 0.6 * len(long) and not (has_entity_remnants(a) or has_entity_remnants(b)):
        return False  # a headline and a longer subtitle that starts with the same words
    if long.startswith(short):
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(short, long[: len(short) + 3]) >= 90


_LEADING_NOISE = lexicons.words(
    "date-stamp byline agency-byline reading-time advertisement share-buttons "
    "slide-counter scraper-trailer copyright newsletter"
)
"""Rules whose lines may stand above the headline (`By Jane Doe`, `Published: …`); a
photo credit may too."""


def _take_headline(state: _State, raw: RawArticle) -> None:
    lines = state.lines
    start = 0
    while start < min(len(lines), 8) and _md_heading(lines[start].text) is None:
        text = lines[start].text
        if line_rule(text) not in _LEADING_NOISE and not is_photo_credit(text):
            break
        start += 1  # the line rules claim it later
    lines = lines[start:]
    if not lines:
        return
    first = lines[0]
    heading = _md_heading(first.text)
    declared = raw.meta.title if raw.fmt == "md" else None
    if declared and heading is None and _canonical(first.text) != _canonical(declared):
        return  # the front matter has the title; the text starts with the body
    candidate = heading if heading is not None else first.text
    if heading is None and looks_like_body(candidate):
        return
    if len(lines) > 1:
        second = lines[1]
        second_text = _md_heading(second.text) or second.text
        if _same_headline(candidate, second_text) and not looks_like_body(second_text):
            mangled_first = has_entity_remnants(_original(raw, first)) or len(
                _canonical(candidate)
            ) < len(_canonical(second_text))
            if mangled_first:
                first.rule = (
                    "mangled-headline" if _was_mangled(raw, first) else "duplicate-headline"
                )
                second.rule = "headline"
                state.headline = second_text
                return
            second.rule = "mangled-headline" if _was_mangled(raw, second) else "duplicate-headline"
    first.rule = "headline"
    state.headline = candidate


def _original(raw: RawArticle, line: _Line) -> str:
    lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[line.number - 1] if 0 < line.number <= len(lines) else line.text


def _was_mangled(raw: RawArticle, line: _Line) -> bool:
    original = " ".join(_original(raw, line).split())
    return original != line.text or bool(re.search(r"quot|#39|&\w+;", original))


# --------------------------------------------------------------------------- line rules


def _apply_line_rules(lines: list[_Line]) -> None:
    for index, line in enumerate(lines):
        if line.rule is not None or _md_heading(line.text) is not None:
            continue
        if index and _continues(lines[index - 1], line):
            continue  # a hard-wrapped paragraph: this line is the middle of a sentence
        line.rule = line_rule(line.text)
    # A label line such as `The Bubble: …` inside a run of related links is one too.
    for index, line in enumerate(lines):
        if line.rule is not None:
            continue
        neighbours = [lines[j].rule for j in (index - 1, index + 1) if 0 <= j < len(lines)]
        labelled = re.match(r"^[A-Z][\w'’]*(?: [A-Z][\w'’]*){0,2}\s*:\s+\S", line.text)
        if "read-more" in neighbours and labelled and len(line.text.split()) <= 25:
            line.rule = "read-more"


def _continues(previous: _Line, line: _Line) -> bool:
    """True when ``line`` carries on the sentence of the line just above it."""
    if previous.number != line.number - 1 or previous.rule is not None:
        return False
    text = previous.text
    return (
        len(text) > 50
        and not text.endswith((*_FINAL_PUNCTUATION, ":"))
        and (line.text[:1].islower() or line.text[:1].isdigit())
    )


def _caption_sized(text: str) -> bool:
    return len(text.split()) <= 45 and len(split_sentences(text)) <= 2 and not is_subheading(text)


def _apply_photo_rules(state: _State) -> None:
    lines = state.lines
    # Captions with their credit on the same line: `Caption. (Photo: Jane Doe, AP)`.
    for line in lines:
        if line.rule is None:
            pair = split_captioned_credit(line.text)
            if pair is not None:
                caption, credit = pair
                line.rule = "photo-credit"
                state.images.append(ImageCredit(credit=credit, caption=caption, line=line.number))
    credits = [
        i for i, line in enumerate(lines) if line.rule is None and is_photo_credit(line.text)
    ]
    for index in credits:
        lines[index].rule = "photo-credit"
    if not credits:
        return
    # Slideshow bullets near a credit: `• US Secretary of State Antony Blinken`.
    bullets: dict[int, str] = {}
    for index, line in enumerate(lines):
        text = bullet_text(line.text)
        near_credit = any(abs(index - c) <= 3 for c in credits)
        if line.rule is None and text and len(text.split()) <= 20 and near_credit:
            bullets[index] = text
            line.rule = "slideshow-bullet"
    bullet_keys = {_canonical(text) for text in bullets.values()}
    for index in credits:
        under = _caption_after(lines, index, bullet_keys)
        if under is None:
            before = [i for i in bullets if 0 < index - i <= 3]
            under = bullets[max(before)] if before else None
        credit_line = lines[index]
        state.images.append(
            ImageCredit(credit=credit_line.text, caption=under, line=credit_line.number)
        )


def _caption_after(lines: list[_Line], index: int, bullet_keys: set[str]) -> str | None:
    """The caption under a credit line: a repeat of a slideshow bullet, or (when the
    credit belongs to no slideshow) the short line right after it."""
    following = next((j for j in range(index + 1, len(lines)) if lines[j].rule is None), None)
    if following is None:
        return None
    line = lines[following]
    if _canonical(line.text) in bullet_keys:
        line.rule = "photo-caption"
        return line.text
    in_slideshow = any(lines[j].rule == "slideshow-bullet" for j in range(max(0, index - 3), index))
    if in_slideshow or not _caption_sized(line.text) or parse_dateline(line.text):
        return None
    if lines[following].number - lines[index].number > 4:
        return None
    line.rule = "photo-caption"
    return line.text


# --------------------------------------------------------------------------- grouping


def _group(lines: list[_Line], source: str) -> list[_Group]:
    """Kept lines joined into blocks: a blank or removed line ends a block; a Markdown
    heading is always a block of its own."""
    groups: list[_Group] = []
    current: list[_Line] = []
    previous_number = -1
    for line in lines:
        if line.rule is not None:
            if current:
                groups.append(_Group(current))
            current, previous_number = [], -1
            continue
        heading = _md_heading(line.text)
        if heading is not None:
            if current:
                groups.append(_Group(current))
            groups.append(
                _Group([_Line(line.number, heading, original=line.original)], kind="heading")
            )
            current, previous_number = [], -1
            continue
        if current and line.number != previous_number + 1:
            groups.append(_Group(current))
            current = []
        current.append(line)
        previous_number = line.number
    if current:
        groups.append(_Group(current))
    return groups


# --------------------------------------------------------------------------- block rules


def _apply_block_rules(groups: list[_Group], state: _State, raw: RawArticle) -> None:
    _mark_uncredited_captions(groups, state, raw)
    _mark_headings(groups)
    _mark_standfirst(groups, state)
    _mark_duplicates(groups)


def _paragraphs(groups: Iterable[_Group]) -> list[_Group]:
    return [g for g in groups if g.rule is None and g.kind == "paragraph"]


def _mark_headings(groups: list[_Group]) -> None:
    """Short lines standing alone between paragraphs are subheadings (never the last
    block: a heading heads something)."""
    last_paragraph = max(
        (i for i, g in enumerate(groups) if g.rule is None and g.kind == "paragraph"), default=-1
    )
    for group in groups[:last_paragraph]:
        if group.kind != "paragraph" or len(group.lines) != 1:
            continue
        if is_subheading(group.text) and not bullet_text(group.text):
            group.kind = "heading"


def _mark_standfirst(groups: list[_Group], state: _State) -> None:
    """Teasers between the headline and the story: a short subtitle (`DNC files lawsuit
    over election interference.`), or whatever stands before a dateline lede in the
    first blocks (a dek, a video blurb)."""
    if state.headline is None:
        return
    body = [g for g in groups if g.rule is None]
    if len(body) < 2:
        return
    lede = next(
        (i for i, g in enumerate(body[:3]) if g.kind == "paragraph" and parse_dateline(g.text)),
        None,
    )
    if lede:
        teasers = body[:lede]
        if all(len(g.text.split()) <= 60 and len(split_sentences(g.text)) <= 3 for g in teasers):
            for group in teasers:
                group.rule = "standfirst"
            return
    first, second = body[0], body[1]
    if lede == 0 or parse_dateline(first.text):
        return
    words = len(first.text.split())
    if len(first.lines) == 1 and words <= 15 and word_count(second.text) >= 20:
        first.rule = "standfirst"


def _mark_uncredited_captions(groups: list[_Group], state: _State, raw: RawArticle) -> None:
    """Photo captions without a credit (`Steel pipes at a factory in China. …`): a short
    paragraph whose first sentence has no finite verb (English only: the tagger is
    English), or a `, left,` marker. The sentences left to the tagger go in one batch."""
    english: bool | None = None
    decisions: list[tuple[_Group, bool | str]] = []
    for group in _paragraphs(groups):
        if english is None and _caption_shape(group.text):
            english = _is_english(raw, groups)
        if english is not None:
            decisions.append((group, _caption_decision(group.text, english)))
    verbless = _verbless_many([d for _group, d in decisions if isinstance(d, str)])
    for group, decision in decisions:
        if decision is True or (isinstance(decision, str) and verbless[decision]):
            group.rule = "photo-caption"
            state.images.append(
                ImageCredit(credit="", caption=group.text, line=group.lines[0].number)
            )


def _is_english(raw: RawArticle, groups: Sequence[_Group]) -> bool:
    if raw.meta.language:
        return raw.meta.language == "en"
    import py3langid

    sample = " ".join(g.text for g in groups if g.kind == "paragraph")[:3000]
    return bool(sample) and py3langid.classify(sample)[0] == "en"


def _caption_shape(text: str) -> str | None:
    """The first sentence of a paragraph shaped like a caption: short, capitalised, one
    or two sentences, the first ending with a full stop, no quotation, no dateline."""
    words = text.split()
    if len(words) > 60 or len(words) < 5 or text[0] in "\"'“‘([":
        return None
    if parse_dateline(text) is not None or not (text[0].isupper() or text[0].isdigit()):
        return None
    sentences = split_sentences(text)
    if len(sentences) > 2 or not sentences[0].endswith("."):
        return None
    return sentences[0]


def is_photo_caption(text: str, english: bool = True) -> bool:
    """A caption standing alone, with no credit: `Tom Perez, the chairman of the party,
    during a meeting in Atlanta last February.` (no finite verb in its first sentence),
    or `Benjamin Netanyahu, left, and Mike Pompeo on Sunday in Tel Aviv.`"""
    decision = _caption_decision(text, english)
    if isinstance(decision, bool):
        return decision
    return _verbless_many([decision])[decision]


def _caption_decision(text: str, english: bool) -> bool | str:
    """Whether a paragraph is a caption, when its shape decides; else its first
    sentence, whose verbs decide (`_verbless`)."""
    first = _caption_shape(text)
    if first is None:
        return False
    if _CAPTION_MARKER.search(first):
        return True
    if not english or len(first.split()) < 6 or re.search(r"[\"“”‘’']\s|[\"“”]", first):
        return False
    return first


VERBLESS: PureMemo[str, bool] = PureMemo(4096)
"""Sentences already tagged (captions recur across a wire service's articles)."""


def _verbless_many(sentences: Sequence[str]) -> dict[str, bool]:
    """`_verbless` of each sentence; those not seen before are tagged in one batch."""
    ordered = sorted(set(sentences))

    def tag_all(new: list[str]) -> list[bool]:
        return [tags is not None and _verbless(tags) for tags in _tag(new)]

    found = VERBLESS.many(ordered, tag_all)
    return {sentence: found[sentence] for sentence in sentences}


def _verbless(tags: Sequence[str]) -> bool:
    """True when spaCy's tagger finds no finite verb in the sentence (the tags of its
    tokens; without the model the rule stays silent: False)."""
    finite = {"VBD", "VBZ", "VBP", "MD"}
    subject = {"NN", "NNS", "NNP", "NNPS", "PRP", "RB"}
    for index, tag in enumerate(tags):
        if tag in finite or (index == 0 and tag == "VB"):  # or imperative
            return False
        # `children drowned`: a past participle right after its subject is the verb;
        # `the proposed visit`, `to be made` are not.
        if tag == "VBN" and index and tags[index - 1] in subject:
            return False
    return True


def _tag(sentences: Sequence[str]) -> Sequence[tuple[str, ...] | None]:
    try:
        from generator.extract.nlp import tag
    except ImportError:  # pragma: no cover
        return [None] * len(sentences)
    return tag(sentences)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _mark_duplicates(groups: list[_Group]) -> None:
    """A paragraph repeated elsewhere (a pull quote, a pasted-twice paragraph, a summary
    box restating the lede): 85% of its words are covered by 4-word runs that also occur
    in the other paragraphs still kept. Later paragraphs are checked first, so of two
    copies the first stays; a short pull quote inside a longer paragraph goes."""
    candidates = _paragraphs(groups)
    words = [[w.casefold() for w in _WORD.findall(_after_dateline(g.text))] for g in candidates]
    shingles = [_shingle_counts(own) for own in words]
    total: Counter[tuple[str, ...]] = Counter()
    for counts in shingles:
        total.update(counts)
    for index in reversed(range(len(candidates))):  # a repeat comes after the original
        own, counts = words[index], shingles[index]
        if len(own) < 8:
            continue
        covered = [False] * len(own)
        for start in range(len(own) - 3):
            key = tuple(own[start : start + 4])
            if total[key] > counts[key]:  # the run also occurs in another paragraph
                covered[start : start + 4] = [True] * 4
        if sum(covered) / len(own) >= 0.85:
            candidates[index].rule = "duplicate"
            total.subtract(counts)


def _shingle_counts(words: Sequence[str], size: int = 4) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def _after_dateline(text: str) -> str:
    dateline = parse_dateline(text)
    return text[dateline.end :] if dateline else text


# --------------------------------------------------------------------------- result


def _has_date(text: str) -> bool:
    return any(is_bare_date(part) for part in _BYLINE_SEPARATOR.split(text))


def _result(raw: RawArticle, state: _State, groups: list[_Group]) -> CleanArticle:
    removed: list[Removed] = []
    stamps: list[str] = []
    for line in state.lines:
        if line.rule is not None and line.rule != "headline":
            removed.append(Removed(line=line.number, text=line.original, rule=line.rule))
            if line.rule == "date-stamp" or (line.rule == "byline" and _has_date(line.text)):
                stamps.append(line.text)
    blocks: list[Block] = []
    for group in groups:
        if group.rule is not None:
            for line in group.lines:
                removed.append(Removed(line=line.number, text=line.original, rule=group.rule))
            continue
        blocks.append(Block(kind=group.kind, text=group.text, line=group.lines[0].number))
    removed.sort(key=lambda item: item.line)
    images = sorted(state.images, key=lambda image: image.line)
    return CleanArticle(
        path=raw.path,
        headline=state.headline,
        blocks=tuple(blocks),
        removed=tuple(removed),
        images=tuple(images),
        stamps=tuple(stamps),
    )
