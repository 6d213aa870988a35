"""People, places and organisations of an article, and of a story.

A cascade of small named rules on top of spaCy's named-entity recogniser:

1. *Candidates*: spaCy's PERSON / GPE / LOC / FAC / ORG entities (or, with no model,
   capitalised word runs found by regular expressions), plus rule candidates that the
   small model misses (geographic head words: ``Rio Grande``, ``the village of X``;
   honorifics: ``Mr. Blinken``).
2. *Surface clean-up*: leading articles, possessives (``Trump's``), honorifics
   (``Mr.``), punctuation; places normalised (``U.S.`` -> ``United States``).
3. *Clustering within the article*: accent/case/dot folding, surname-only and
   shorter forms joined to the fuller name (``Lopez Obrador`` -> ``Andrés Manuel López
   Obrador``), acronyms joined to their expansion (``DOJ`` = ``Department of
   Justice``), ``Department of X`` = ``X Department``.
4. *Type by voting*: every mention votes with the model's label, rules add votes
   (honorific or title before -> person; ``jungle``/``province`` after, or a known
   country -> place; ``Committee``/``Department`` inside -> organisation).
5. *Roles* read from the text: a title before the name (``US Secretary of State Antony
   Blinken``), an appositive (``Stephen Boyd, an assistant attorney general``,
   ``the Republican Governor of Texas, Greg Abbott``), a possessive place
   (``Guatemala's new president, Bernardo Arévalo`` -> ``President of Guatemala``).
6. *Noise*: credit and byline lines, all-capital shouting, platforms used as a medium
   (``wrote on Twitter``), demonyms (``Londoners``), a common word capitalised in a
   title (``Lies``), ``<name> <common noun>`` (``the DNC Server``), pieces of hyphenated
   words (``Mar`` of ``Mar-a-Lago``) are not entities.

Captions and standfirsts the cleaner took out of the body are read too (they name the
story's people and places: ``the village of Bajo Chiquito``); photo credits never are.
At story level (`resolve_story_entities`) mentions merge by folded name, surname and
first name (nicknames: Bob = Robert); the fuller, accented form names the entity; full
names that differ only by Jr./Sr. inside one article stay two people.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator import lexicons
from generator.clean import NEWS_AGENCY
from generator.lexicons import ascii_text
from generator.model import (
    Article,
    ArticleMeta,
    CleanArticle,
    EntityKind,
    Mention,
    StoryEntity,
)
from generator.nlp import text_of, wordset

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


KIND_ORDER: dict[str, int] = {"person": 0, "place": 1, "organisation": 2}

# --------------------------------------------------------------------------- lexicons

HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Mx", "Prof")
_HONORIFIC_RE = re.compile(r"^(?:" + "|".join(HONORIFICS) + r")\.?\s+(?=[A-ZÀ-Þ])")

# Abbreviated titles that head a name; expanded in roles.
TITLE_ABBREVIATIONS = {
    "Rep.": "Representative",
    "Sen.": "Senator",
    "Gov.": "Governor",
    "Gen.": "General",
    "Lt.": "Lieutenant",
    "Col.": "Colonel",
    "Sgt.": "Sergeant",
    "Capt.": "Captain",
    "Adm.": "Admiral",
    "Pres.": "President",
    "Amb.": "Ambassador",
    "Atty.": "Attorney",
    "Supt.": "Superintendent",
    "Insp.": "Inspector",
    "PM": "Prime Minister",
}

# Head nouns of a role: a run of title-case words before a name is a role only when it
# contains one of these (so "Friday Antony Blinken" is not).
TITLE_WORDS = wordset(
    """
    president vice-president minister secretary senator representative congressman
    congresswoman congressmember governor mayor chairman chairwoman chair chairs
    director leader speaker adviser advisor ambassador chancellor premier king queen
    prince princess emperor pope cardinal bishop archbishop rabbi imam sheikh general
    admiral colonel commander chief officer spokesman spokeswoman spokesperson attorney
    judge justice prosecutor counsel commissioner inspector superintendent sheriff
    lawyer ceo founder owner economist analyst professor dean head envoy diplomat deputy
    undersecretary under-secretary lieutenant captain sergeant major marshal councillor
    councilor councilman councilwoman lawmaker mp legislator delegate consul
    correspondent editor reporter columnist poet writer author actor actress singer
    manager coach captain pastor activist executive treasurer comptroller auditor
    administrator coordinator czar strategist aide assistant official negotiator monarch
    sultan emir ayatollah dictator strongman candidate nominee host anchor chairperson
    whip
    """
)

# Words that may appear inside a role run besides title words and names.
ROLE_GLUE = frozenset({"of", "for", "the", "and", "on", "to", "de", "&", "in"})
ROLE_LOWER_OK = wordset(
    """
    former then acting interim deputy new late outgoing incoming top senior chief vice
    prime foreign interior defense defence finance trade national security homeland
    state general assistant special attorney health education energy commerce treasury
    labor labour justice economic affairs affair intelligence house senate majority
    minority press white federal district supreme presidential executive principal
    regional
    """
)

# Platforms and software named as a medium ("wrote on Twitter"): not story entities.
MEDIUM_NAMES = wordset(
    """
    twitter facebook instagram youtube tiktok whatsapp telegram snapchat linkedin reddit
    powerpoint skype zoom x truth social
    """
)

# Geographic head words: a capitalised run containing one is a place.
GEO_HEADS = wordset(
    """
    river rio lake mount mountains mountain gulf sea ocean bay strait canal desert
    jungle valley island islands peninsula province county region coast gap border
    plateau basin delta falls glacier forest highlands lowlands harbour harbor cape park
    square avenue street bridge airport village tower palace building stadium castle
    cathedral
    """
)
# Nouns after a single name that make it a place ("the Darien jungle").
GEO_AFTER = GEO_HEADS | frozenset(
    {"city", "state", "capital", "area", "crossing", "border", "district", "municipality"}
)

# Words inside a name that make it an organisation.
ORG_WORDS = wordset(
    """
    department ministry committee commission council agency bureau office administration
    congress senate parliament party union association federation institute university
    college school court tribunal bank fund police army navy force forces guard patrol
    service services corporation corp inc ltd llc group company co organization
    organisation foundation network times news post journal press agency board authority
    cabinet assembly league coalition campaign movement front church centre center
    exchange steel airlines
    """
)

# Buildings and seats named for the institution they house (metonymy).
INSTITUTION_PLACES = frozenset(
    {
        "white house",
        "kremlin",
        "pentagon",
        "downing street",
        "10 downing street",
        "elysee",
        "elysee palace",
        "capitol hill",
        "quai d'orsay",
        "whitehall",
        "vatican",
        "state department",
        "foggy bottom",
    }
)

# Place names and their canonical form. Keys are folded (see `fold`).
PLACE_ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "the us": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "eu": "European Union",
    "uae": "United Arab Emirates",
    "drc": "Democratic Republic of the Congo",
    "nyc": "New York City",
    "ussr": "Soviet Union",
    "prc": "China",
    "the netherlands": "Netherlands",
    "holland": "Netherlands",
}
# Organisations treated as places by some models; always organisations here.
ORG_PLACES = frozenset({"european union", "eu", "nato", "un", "united nations"})

COUNTRIES = frozenset(
    fold_name.lower()
    for fold_name in """
    Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|
    Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
    Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|
    Cameroon|Canada|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|
    Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|
    Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|
    Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras|
    Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|
    Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|
    Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|
    Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|
    Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|
    Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|
    Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|
    Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|
    Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|
    Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Trinidad and Tobago|
    Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|
    United States|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|
    Gaza|West Bank|Crimea|Scotland|Wales|England|Northern Ireland|Hong Kong|
    Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|
    Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|
    Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
    New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|
    Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
    Virginia|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|Alberta|British Columbia|
    Puerto Rico|Greenland|Tibet|Kashmir|Europe|Africa|Asia|Latin America|
    Central America|South America|North America|Middle East|Caribbean
    """.replace("\n", "").split("|")
    for fold_name in [fold_name.strip()]
    if fold_name
)

# Capitals and large cities: typing help for the rule fallback (no model) only.
CITIES = frozenset(
    name.strip().lower()
    for name in """
    Washington|New York|Los Angeles|Chicago|Houston|Miami|San Francisco|Boston|Atlanta|
    Seattle|Dallas|Philadelphia|Detroit|London|Paris|Berlin|Madrid|Rome|Lisbon|Dublin|
    Brussels|Amsterdam|Vienna|Geneva|Zurich|Stockholm|Oslo|Copenhagen|Helsinki|Warsaw|
    Prague|Budapest|Athens|Istanbul|Ankara|Moscow|Kyiv|Kiev|Minsk|Beijing|Shanghai|
    Hong Kong|Tokyo|Seoul|Pyongyang|Taipei|Manila|Bangkok|Hanoi|Jakarta|Singapore|
    Delhi|New Delhi|Mumbai|Islamabad|Karachi|Kabul|Tehran|Baghdad|Damascus|Beirut|
    Jerusalem|Tel Aviv|Gaza|Amman|Riyadh|Doha|Dubai|Abu Dhabi|Cairo|Tripoli|Tunis|
    Algiers|Rabat|Lagos|Abuja|Nairobi|Addis Ababa|Johannesburg|Cape Town|Kinshasa|
    Khartoum|Mexico City|Havana|Caracas|Bogota|Lima|Quito|Santiago|Buenos Aires|
    Brasilia|Sao Paulo|Rio de Janeiro|Montevideo|Asuncion|La Paz|Panama City|
    Guatemala City|San Salvador|Tegucigalpa|Managua|San Jose|Ottawa|Toronto|Montreal|
    Vancouver|Canberra|Sydney|Melbourne|Wellington|Edinburgh|Glasgow|Manchester|
    Birmingham|Brexit|Davos|Strasbourg|Frankfurt|Munich|Milan|Barcelona|Marseille|Lyon
    """.replace("\n", "").split("|")
    if name.strip() and name.strip() != "Brexit"
)

# Names that are countries only with a prefix the text sometimes drops.
COUNTRY_PREFIXES = {"salvador": "El Salvador"}

# Nicknames: first names that name the same person (for cross-source merging only).
NICKNAMES = {
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "bill": "william",
    "will": "william",
    "billy": "william",
    "mike": "michael",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "tom": "thomas",
    "tony": "anthony",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "dan": "daniel",
    "dave": "david",
    "steve": "steven",
    "chuck": "charles",
    "charlie": "charles",
    "ed": "edward",
    "ted": "edward",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "kathy": "katherine",
    "sam": "samuel",
    "ben": "benjamin",
    "bibi": "benjamin",
    "don": "donald",
    "rudy": "rudolph",
    "larry": "lawrence",
    "jerry": "gerald",
    "andy": "andrew",
    "nick": "nicholas",
    "matt": "matthew",
    "pat": "patrick",
    "greg": "gregory",
    "jeff": "jeffrey",
    "alex": "alexander",
    "sandy": "alexandra",
    "chris": "christopher",
    "tim": "timothy",
    "ron": "ronald",
    "hank": "henry",
    "jack": "john",
    "johnny": "john",
    "peggy": "margaret",
    "maggie": "margaret",
    "sue": "susan",
    "debbie": "deborah",
}

NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

LABEL_KIND: dict[str, EntityKind] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
}

# Lines that credit a photographer or an author: never people of the story.
CREDIT_LINE = re.compile(
    r"^\s*(?:PHOTO|Photo|PHOTOS|Photos|Photograph|Credit|CREDIT|Image|IMAGE|Picture|"
    r"By|BY|Written by|Reporting by|Editing by|Additional reporting by|Illustration)"
    r"\b[\s:]",
)

# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Comparison key: accents, case, dots in acronyms, apostrophes and spaces folded."""
    text = ascii_text(unicodedata.normalize("NFC", text)).lower()
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b|\s|$)", "", text)  # U.S. -> us, F.B.I. -> fbi
    text = text.replace(".", " ").replace("’", "'").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


_FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Invisible format characters (Unicode category Cf of the General Punctuation block and
its kin): zero-width spaces and joiners, bidi marks, embeddings, overrides, isolates."""


def normalise_name(name: str) -> str:
    """A name as compared and shown: NFKC (full-width and compatibility letters become
    plain ones) without invisible format characters, so that `Ann\u200dHale` and
    `Ａｎｎ Hale` are the `Ann Hale` they look like."""
    name = unicodedata.normalize("NFKC", _FORMAT_CHARACTERS.sub("", name))
    return unicodedata.normalize("NFC", name)


def scripts_of(name: str) -> frozenset[str]:
    """The scripts of a name's letters, from their Unicode names (`LATIN`, `CYRILLIC`…)."""
    return frozenset(unicodedata.name(char, "?").split()[0] for char in name if char.isalpha())


def single_script(name: str) -> bool:
    """False for a name mixing scripts (`Аnn` with a Cyrillic А): a look-alike spelling,
    never preferred as the canonical form over a single-script one."""
    return len(scripts_of(name)) <= 1


def _accents(text: str) -> int:
    return sum(1 for char in text if ord(char) > 127 and char.isalpha())


def _tokens(name: str) -> list[str]:
    return [token for token in fold(name).replace("'", "").split() if token]


def _core_tokens(name: str) -> list[str]:
    """Name tokens without initials and generational suffixes: `Robert S. Mueller III`."""
    words = _tokens(name)
    core = [word for word in words if len(word) > 1 and word not in NAME_SUFFIXES]
    return core or words


def strip_honorific(text: str) -> tuple[str, bool]:
    match = _HONORIFIC_RE.match(text)
    if match:
        return text[match.end() :], True
    return text, False


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING = re.compile(r"^(?:the|The|THE|a|an)\s+")


def clean_surface(text: str) -> str:
    """A mention as a name: no article, possessive, outer punctuation or line breaks."""
    text = text.strip().strip("\"“”‘’'«»()[]{}:;,")
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" .,-–—")
    if text.endswith(("Jr", "Sr", "Inc", "Co", "Corp", "Ltd")) and not text.endswith("."):
        text += "." if text.endswith(("Jr", "Sr")) else ""
    return text


def normalise_place(name: str, context: str = "") -> str:
    """Canonical spelling of a place (`U.S.` -> `United States`)."""
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    if key in PLACE_ALIASES:
        return PLACE_ALIASES[key]
    if key in COUNTRY_PREFIXES and context:
        return COUNTRY_PREFIXES[key]
    return name


# --------------------------------------------------------------------------- candidates


@dataclass
class _Occurrence:
    surface: str  # as written, cleaned
    kind: EntityKind
    start: int  # offset in body
    end: int
    weight: float = 1.0
    honorific: bool = False
    from_model: bool = True


def _credit_spans(clean: CleanArticle) -> list[tuple[int, int]]:
    spans = []
    for block, offset in zip(clean.blocks, clean.block_offsets(), strict=True):
        text = block.text.strip()
        if CREDIT_LINE.match(text) or (len(text.split()) <= 12 and _all_capitals(text)):
            spans.append((offset, offset + len(block.text)))
    return spans


def _all_capitals(text: str) -> bool:
    """At least 8 letters, over 90% of them capitals."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 8 and sum(char.isupper() for char in letters) / len(letters) > 0.9


def _in_spans(start: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= start < hi for lo, hi in spans)


def _is_norp(doc: Doc, char: int) -> bool:
    """The token at `char` is a nationality or group word (`Mexican`, `Republican`)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and any(token.ent_type_ == "NORP" for token in span)


def _model_candidates(doc: Doc, offset: int = 0) -> list[_Occurrence]:
    """spaCy's entities, repaired where the small model is known to slip."""
    found = []
    text_all = text_of(doc)
    for ent in doc.ents:
        kind = LABEL_KIND.get(ent.label_)
        if kind is None:
            continue
        text, start, end = ent.text, ent.start_char, ent.end_char
        if "\n" in text:
            # "Cricket\n\nLancashire": a headline word run into the name; keep the last line.
            line = text.rsplit("\n", 1)[1]
            if not line.strip():
                continue
            start += len(text) - len(line)
            text = line
        # "King Abdullah of" (the place tagged apart): drop the dangling "of".
        if text.endswith(" of"):
            text, end = text[:-3], end - 3
        # "Glamorgan 259", "P. DeFreitas 4-70", "The Oval (London": a score or an open
        # bracket taken into the name (results tables) is cut off.
        # A figure inside a name runs two names together (`SEOUL 1996-08-31 Results`,
        # `Samsung 0 Ssangbangwool`); at the end of an organisation it may be its own
        # (`Channel 4`).
        cut = re.search(r"\s+[-./:]*\d[-\d./:]*(?=\s|$)|\s*\([^)]*$", text)
        if cut and cut.start() > 0:
            tail = text[cut.end() :]
            if kind != "organisation" or "(" in cut.group(0) or re.search(r"[A-Z]", tail):
                text, end = text[: cut.start()], start + cut.start()
        if not text:
            continue
        # "Nicolae Ceausescu of Romania" tagged as one ORG: a person and a place.
        match = re.fullmatch(r"((?:[A-Z][\w’'\-]+\s+){1,3}[A-Z][\w’'\-]+) of ([A-Z][\w\- ]+)", text)
        if match and kind != "place" and not set(fold(match.group(1)).split()) & ORG_WORDS:
            place = match.group(2)
            found.append(
                _Occurrence(
                    match.group(1),
                    "person",
                    start + offset,
                    start + offset + len(match.group(1)),
                    0.8,
                )
            )
            place_start = start + match.start(2)
            found.append(
                _Occurrence(
                    place, "place", place_start + offset, place_start + offset + len(place), 0.8
                )
            )
            continue
        # "Representative Debbie [Wasserman Schultz]": a first name left outside.
        if kind == "person":
            before = re.search(
                r"(?:^|[^\w\s]\s*|\b[a-z]+\s+|\b(?P<title>[A-Z][a-z]+\.?)\s+)"
                r"(?P<word>[A-Z][a-zà-ÿ]+)\s$",
                text_all[max(0, start - 40) : start],
            )
            title_ok = before is not None and (
                before.group("title") is None
                or before.group("title").lower().rstrip(".") in TITLE_WORDS
                or before.group("title") in TITLE_ABBREVIATIONS
            )
            if before and title_ok:
                word = before.group("word")
                lower = word.lower()
                if (
                    lower not in TITLE_WORDS
                    and lower not in ROLE_LOWER_OK
                    and lower not in COMMON_CAPITALISED
                    and fold(word) not in COUNTRIES
                    and fold(word) not in CITIES
                    and not re.search(
                        r"(?:^|[.!?:\n]\s*)$", text_all[max(0, start - 40) : start - len(word) - 1]
                    )
                    and not _is_norp(doc, start - len(word) - 1)
                ):
                    text, start = f"{word} {text}", start - len(word) - 1
                    found = [o for o in found if o.end != start + offset + len(word)]
        found.append(_Occurrence(text, kind, start + offset, end + offset))
    return found


_CAP = (
    r"(?:(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Ft|Gen|Gov|Sen|Rep|Lt|Col)\.|(?:[A-Z]\.){1,4}"
    r"|[A-ZÀ-ÞĀ-Ž][\w’'\-]*)"
)
_NAME_RUN = re.compile(
    rf"(?<![\w’'])({_CAP}(?:\s+(?:(?:of|de|la|del|da|van|von|der|al|bin|the|and|for)\s+)?{_CAP})*)"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n)$")
_SENTENCE_STOPS = frozenset('.!?:;"“”')


def _at_sentence_start(body: str, start: int) -> bool:
    """`_SENTENCE_START.search(body[:start])`, reading back only over the spaces before
    `start`: a capitalised word costs the same wherever it stands in a long body."""
    if start == 0 or body[start - 1] == "\n":
        return True
    at = start
    while at > 0 and body[at - 1].isspace():
        at -= 1
    return at < start and at > 0 and body[at - 1] in _SENTENCE_STOPS


COMMON_CAPITALISED = wordset(
    """
    a an the this that these those he she it they we i you his her its their our my your
    in on at by for with from to of and but or if when while after before as since
    because although though however meanwhile also then there here what who why how
    where which monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december mr mrs
    ms dr yes no not one two three some many most more all both each last next first new
    former according under over during into about between
    """
)


PARTY_MEMBERS = wordset(
    """
    democrat democrats republican republicans conservative conservatives liberal
    liberals socialist socialists communist communists labour tory tories
    """
)
MONTH_ABBREVIATIONS = wordset("jan feb mar apr jun jul aug sep sept oct nov dec")


def _not_a_name(words: Sequence[str]) -> bool:
    """Capitalised words that name no one: demonyms and party adjectives (`Mexican`,
    `Latin American`, `Democrats`), month abbreviations, `R-Va.` party tags,
    contractions (`I’m`)."""
    if not words:
        return True
    lowered = [word.lower().strip(".’'") for word in words]
    if all(
        w in PARTY_MEMBERS or _ADJECTIVE_END.search(w) or w.endswith(("ans", "ians"))
        for w in lowered
    ) and not any(fold(w) in COUNTRIES or fold(w) in CITIES for w in words):
        return True
    if len(words) == 1 and (lowered[0] in MONTH_ABBREVIATIONS or len(lowered[0]) < 2):
        return True
    if re.match(r"^[RDI]-[A-Z]", words[0]):
        return True
    return any(re.search(r"[’'](?:m|re|ve|ll|d)$", word) for word in words)


def _regex_candidates(body: str) -> list[_Occurrence]:
    """Capitalised word runs, typed by lexicons: the fallback when there is no model."""
    found = []
    for match in _NAME_RUN.finditer(body):
        text = match.group(1).rstrip(".")
        start = match.start(1)
        words = text.split()
        # Drop a sentence-initial common word ("The", "However").
        while words and words[0].lower().strip(".") in COMMON_CAPITALISED:
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        text = " ".join(words)
        key = fold(text)
        honorific = bool(_HONORIFIC_RE.match(match.group(1)))
        kind: EntityKind | None = None
        lowered = [word.lower().strip(".") for word in words]
        titles = [i for i, word in enumerate(lowered) if word in TITLE_WORDS]
        if titles and titles[-1] < len(words) - 1:
            # "US Secretary of State Antony Blinken": the name follows the title.
            cut = titles[-1] + 1
            if cut < len(words) - 2 and lowered[cut] == "of":
                cut += 2
            start += len(" ".join(words[:cut])) + 1
            words = words[cut:]
            text = " ".join(words)
            key = fold(text)
        if not set(key.split()) & ORG_WORDS and re.search(r"\s(?:and|the|for)\s", text):
            # "Trump and Russian": "and" glues organisation names, not people.
            text = re.split(r"\s(?:and|the|for)\s", text)[0]
            words = text.split()
            key = fold(text)
        parts = re.split(r"\s+and\s+", text)
        if len(parts) > 1 and fold(parts[-1]) in COUNTRIES | CITIES | PLACE_ALIASES.keys():
            # "the European Union and Mexico": two names.
            text = parts[0]
            words = text.split()
            key = fold(text)
        if _not_a_name(words):
            continue
        bare = [w.lower().strip(".") for w in words]
        demonym = [
            bool(_ADJECTIVE_END.search(w)) and fold(w) not in COUNTRIES | CITIES for w in bare
        ]
        if any(w in TITLE_WORDS for w in bare) and all(
            w in TITLE_WORDS | {"prime", "vice", "deputy", "foreign", "former", "chief"}
            or fold(w) in PLACE_ALIASES
            or is_demonym
            for w, is_demonym in zip(bare, demonym, strict=True)
        ):
            continue  # a bare title: "the Prime Minister", "US President"
        if key in PLACE_ALIASES or key in COUNTRIES or key in COUNTRY_PREFIXES or key in CITIES:
            kind = "place"
        elif set(key.split()) & ORG_WORDS or (text.isupper() and 2 <= len(text) <= 6):
            kind = "organisation"
        elif set(key.split()) & GEO_HEADS:
            kind = "place"
        elif re.search(r"\bthe\s+$", body[max(0, start - 5) : start]):
            kind = "organisation"  # "the Red Cross": people do not take "the"
        elif (
            honorific
            or (2 <= len(words) <= 4 and all(word[0].isupper() for word in words))
            or len(words) == 1
            and not _at_sentence_start(body, start)
        ):
            kind = "person"
        if kind is None:
            continue
        found.append(_Occurrence(text, kind, start, start + len(text), 0.6, honorific, False))
    return found


_GEO_RUN = re.compile(
    rf"(?<![\w’'])((?:{_CAP}\s+)*(?:{'|'.join(w.title() for w in sorted(GEO_HEADS))})"
    rf"(?:\s+(?:of\s+(?:the\s+)?)?{_CAP})*)"
)
_NAME_THEN_AREA = re.compile(
    r"\bthe\s+([A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)?)\s+(?:district|province|region|county|"
    r"valley|river|mountains|desert|jungle|municipality)\b"
)
_VILLAGE_OF = re.compile(
    rf"\b(?:village|town|city|province|region|state|island|port|county|district)\s+of\s+"
    rf"({_CAP}(?:\s+{_CAP})*)"
)


_TITLE_NAME = re.compile(
    r"\b(?P<title>[A-Z][a-z]+\.?)\s+(?:of\s+[A-Z]\w+\s+)?"
    r"(?=(?P<name>(?:[A-Z][a-zà-ÿ’'\-]+\s+){0,2}[A-Z][a-zà-ÿ’'\-]+)(?![\w’'\-]))"
)
_ACRONYM = re.compile(r"(?<![\w.])([A-Z]{2,6})(?![\w.])")
NOT_ACRONYMS = wordset(
    """
    US USA UK EU UN AM PM TV CEO CFO COO GOP NEW WOW NO YES OK ALERT WATCH READ MORE
    VIDEO PHOTO PHOTOS LIVE EXCLUSIVE BREAKING UPDATE UPDATED NOTE AND THE FOR NOT DC
    MP MPS CD CDS DVD GDP AI PR VIP HQ PHD DNA RNA HIV AIDS COVID SUV LGBT LGBTQ ET GMT
    II III IV VI VII VIII IX XI XX ID IT IS OF ON IN TO AT BY OR IF AS AN BE WE HE
    """
)


def _title_name_candidates(body: str) -> list[_Occurrence]:
    """`Representative Elijah Cummings`, `Managing Director Mark Vassella`: a title word
    followed by one to three capitalised words is a person the model may have missed."""
    found = []
    for match in _TITLE_NAME.finditer(body):
        title = match.group("title").rstrip(".").lower()
        if title not in TITLE_WORDS and match.group("title") not in TITLE_ABBREVIATIONS:
            continue
        words = match.group("name").split()
        lowered = [word.lower().strip("’'") for word in words]
        if any(w in TITLE_WORDS or w in COMMON_CAPITALISED or w in ORG_WORDS for w in lowered):
            continue
        if any(fold(w) in COUNTRIES or fold(w) in CITIES for w in words):
            continue
        start = match.start("name")
        found.append(
            _Occurrence(match.group("name"), "person", start, match.end("name"), 0.9, False, False)
        )
    return found


def _acronym_candidates(body: str) -> list[_Occurrence]:
    """Capital-letter acronyms (`NATO`, `IAEA`) that are not shouting: organisations."""
    found = []
    for match in _ACRONYM.finditer(body):
        word = match.group(1)
        if (
            word.upper() in NOT_ACRONYMS
            or fold(word) in PLACE_ALIASES
            or _shouting(body, match.start(1), match.end(1))
            or _at_dateline(body, match.start(1))
        ):
            continue
        found.append(
            _Occurrence(word, "organisation", match.start(1), match.end(1), 0.8, False, False)
        )
    return found


def _shouting(body: str, start: int, end: int) -> bool:
    """All-capital words in all-capital company (`NO COLLUSION`, `WOW!`) are emphasis."""
    after = body[end : end + 2]
    if after.startswith("!"):
        return True
    window = body[max(0, start - 25) : start] + " " + body[end : end + 25]
    return bool(re.search(r"\b[A-Z]{3,}\b", window))


_CAPITALS_DATELINE = re.compile(
    r"(?:^|\n)(?:[A-Z][a-z]+(?: [A-Z][a-z]+){1,2} )?"  # a byline run into it
    r"([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2})"
    r"(?=(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)?,? "  # , Tajikistan
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2})\b)"
)
"""A wire dateline in capitals before its date, opening a paragraph: `MADRID 1996-08-31`,
`LAGOS, 30 August 1996`, `SEOUL, Aug 30`: the place the story was filed from."""


def _at_dateline(body: str, start: int) -> bool:
    """Whether the place of a capitals dateline (`_CAPITALS_DATELINE`) starts at `start`."""
    line = body.rfind("\n", 0, start) + 1
    if start - line > 40:
        return False
    match = _CAPITALS_DATELINE.match(body, max(0, line - 1))
    return match is not None and match.start(1) == start


def _dateline_candidates(body: str) -> list[_Occurrence]:
    """The place of a capitals dateline followed by a date (`_CAPITALS_DATELINE`), which
    the small model often does not tag (all capitals, no verb)."""
    return [
        _Occurrence(match.group(1), "place", match.start(1), match.end(1), 3.0, False, False)
        for match in _CAPITALS_DATELINE.finditer(body)
        if fold(match.group(1)) not in MEDIUM_NAMES
    ]


_ROW_NAME = re.compile(
    r"(?<![\w’'.])((?:[A-Z][\w’'&.\-]*\s+){0,3}[A-Z][\w’'&\-]*[\w’'])(?=\s+-?\.?\d)"
)


def _table_candidates(body: str) -> list[_Occurrence]:
    """The names heading the rows of a results table (`_in_results_table`): teams, which
    the small model rarely tags in a run of figures (`Barnsley 3 3 0 0 8 2 9`)."""
    if len(_TABLE_ROW.findall(body)) < TABLE_ROWS:
        return []
    found = []
    for match in _ROW_NAME.finditer(body):
        words = match.group(1).split()
        while words and (words[0].lower() in COMMON_CAPITALISED or len(words[0]) < 3):
            words = words[1:]  # "The", a table heading's "W L"
        if not words or fold(words[-1]) in MONTH_ABBREVIATIONS | COMMON_CAPITALISED:
            continue
        text = " ".join(words)
        start = match.end(1) - len(text)
        if re.match(r"[A-Z]\.\s*[A-Z][a-z]", text):  # `K. Evans 4-50`: a player
            occ = _Occurrence(text, "person", start, match.end(1), 0.9, False, False)
            found.append(occ)
            continue
        # Below the model's weight: a name the model reads as a person stays one
        # (`Ernie Els 67 70`); a place it reads is voted a team (`_kind_votes`).
        occ = _Occurrence(text, "organisation", start, match.end(1), 0.9, False, False)
        if body[start : match.end(1)] == text and _in_results_table(body, occ):
            found.append(occ)
    return found


@functools.cache
def _gazetteer_pattern(name: str) -> re.Pattern[str]:
    names = sorted(lexicons.entries(name), key=lambda entry: (-len(entry), entry))
    return re.compile(r"(?<![\w’'\-])(" + "|".join(map(re.escape, names)) + r")(?![\w\-])")


def _gazetteer_candidates(body: str) -> list[_Occurrence]:
    """Countries, US states and continents of the gazetteer (`lexicons/countries.txt`) as
    written: the small model reads some as nationalities (`Tajikistan's forces`) or misses
    them. Where the model read the words otherwise, its reading wins (`find_mentions`),
    and a country still gets a place vote (`_kind_votes`). Cities are not searched: on
    the CoNLL documents the 6,000 cities of 100,000 people found fewer places than they
    added wrong (teams and firms named after their town), at 8 ms an article."""
    return [
        _Occurrence(match.group(1), "place", match.start(1), match.end(1), 2.0, False, False)
        for match in _gazetteer_pattern("countries").finditer(body)
    ]


def _rule_candidates(body: str) -> list[_Occurrence]:
    """Places the small model tends to miss: `Rio Grande`, `the village of Bajo Chiquito`,
    a dateline's `MADRID 1996-08-31`; teams in a results table."""
    found = _title_name_candidates(body) + _acronym_candidates(body) + _dateline_candidates(body)
    found += _table_candidates(body) + _gazetteer_candidates(body)
    for match in _GEO_RUN.finditer(body):
        text = match.group(1)
        words = text.split()
        if len(words) < 2 or words[0].lower() in COMMON_CAPITALISED:
            continue
        found.append(_Occurrence(text, "place", match.start(1), match.end(1), 1.5, False, False))
    for match in _NAME_THEN_AREA.finditer(body):
        text = match.group(1)
        if text.lower() in COMMON_CAPITALISED or fold(text) in COUNTRIES:
            continue
        found.append(_Occurrence(text, "place", match.start(1), match.end(1), 2.0, False, False))
    for match in _VILLAGE_OF.finditer(body):
        text = match.group(1)
        found.append(_Occurrence(text, "place", match.start(1), match.end(1), 2.5, False, False))
    return found


# --------------------------------------------------------------------------- clustering


@dataclass
class _Cluster:
    occurrences: list[_Occurrence] = field(default_factory=list)
    votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, occurrence: _Occurrence, weight: float | None = None) -> None:
        self.occurrences.append(occurrence)
        self.votes[occurrence.kind] += occurrence.weight if weight is None else weight

    @property
    def kind(self) -> EntityKind:
        order = ("person", "organisation", "place")
        best = max(order, key=lambda kind: (self.votes[kind], -order.index(kind)))
        return best  # type: ignore[return-value]

    def surfaces(self) -> Counter[str]:
        return Counter(occ.surface for occ in self.occurrences)


ORG_BEFORE = re.compile(
    r"\b(?:firm|company|group|agency|organization|organisation|watchdog|network|party|"
    r"bank|newspaper|outlet|broadcaster|startup|maker|producer|distributor|manufacturer|"
    r"retailer|lender|insurer|union|charity|institute|think tank|channel|station|"
    r"publisher|consultancy|carrier|airline|club|team)(?:,|\s)\s*$",
)


_TABLE_ROW = re.compile(r"[A-Za-z.)]\s+-?\d+(?:\.\d+)?\s+(?:[-\d]|[A-Z])")
"""A name followed by a figure and another figure or name: a row of a results table or
standings (`Stoke 4 3 1 0`, `Real Madrid 1 Deportivo 1`, `BOSTON 69 65 .515`)."""
TABLE_ROWS = 3
"""Rows (`_TABLE_ROW`) a paragraph needs to be read as a results table."""
_FIGURES_AFTER = re.compile(r"\s+-?\.?\d+(?:\.\d+)?\s+(?:-?\.?\d|[A-Z])")
_SPORT_VERB_AFTER = re.compile(
    r"\s+(?:beat|beats|defeated|defeat|drew with|drew|lost to|lose to|thrashed|edged|"
    r"routed|overcame|v|vs\.?)\s+(?:the\s+)?[A-Z]"
)
_SPORT_VERB_BEFORE = re.compile(
    r"\b(?:beat|beats|defeated|drew with|lost to|lose to|thrashed|edged|routed|overcame|"
    r"v|vs\.?)\s+(?:the\s+)?$"
)


def _in_results_table(body: str, occ: _Occurrence) -> bool:
    """Whether a name heads a row of a results table: figures follow it, in a paragraph
    with `TABLE_ROWS` such rows or more. Names of places there are teams (`Boston`)."""
    if not _FIGURES_AFTER.match(body, occ.end):
        return False
    start = body.rfind("\n\n", 0, occ.start) + 1
    end = body.find("\n\n", occ.end)
    paragraph = body[start : end if end >= 0 else len(body)]
    return len(_TABLE_ROW.findall(paragraph)) >= TABLE_ROWS


def _kind_votes(occ: _Occurrence, body: str) -> list[tuple[EntityKind, float]]:
    """Rule votes for one mention, from its own words and its neighbours."""
    votes: list[tuple[EntityKind, float]] = []
    key = fold(occ.surface)
    words = set(key.split())
    before = body[max(0, occ.start - 40) : occ.start]
    after = body[occ.end : occ.end + 30]
    if occ.kind != "person":
        # Sports teams named after their town or county (`Leicestershire beat Somerset`,
        # `CLEVELAND 80 53 .602`): a place that plays is an organisation. A country
        # that plays in prose stays a place (national sides are named by their country).
        if _in_results_table(body, occ):
            votes.append(("organisation", 4.0))
        elif (
            key not in COUNTRIES
            and key not in PLACE_ALIASES
            and (_SPORT_VERB_AFTER.match(after) or _SPORT_VERB_BEFORE.search(before))
        ):
            votes.append(("organisation", 3.0))
    if occ.honorific or re.fullmatch(r"(?:[A-Z]\.\s?){1,2}[A-Z][\w’'\-]+", occ.surface):
        votes.append(("person", 3.0))  # Mr. Blinken; K. Evans
    if key in INSTITUTION_PLACES or key in ORG_PLACES or NEWS_AGENCY.fullmatch(occ.surface):
        votes.append(("organisation", 4.0))  # `told Reuters`: an agency, not a speaker
    elif (
        key in COUNTRIES
        or key in PLACE_ALIASES
        or key in COUNTRY_PREFIXES
        or key in lexicons.load("countries")
    ):
        votes.append(("place", 3.0))
    if words & ORG_WORDS and key not in COUNTRIES:
        votes.append(("organisation", 1.5))
    if key in CITIES:
        votes.append(("place", 2.0))
    bare = occ.surface.replace(".", "")
    acronym = bare.isupper() and 2 <= len(bare) <= 6 and " " not in bare
    if acronym and key not in PLACE_ALIASES and not _at_dateline(body, occ.start):
        votes.append(("organisation", 2.5))  # F.B.I., DNC: acronyms name institutions
    if (
        occ.start < 60
        and re.match(r"^[A-Z][A-Z .'\-]+$", occ.surface)
        and re.match(r"\s*(?:,|\(|—|–|-)", after)
    ):
        votes.append(("place", 3.0))  # the dateline: "KATHMANDU, Nepal (AP) —"
    if ORG_BEFORE.search(before):
        votes.append(("organisation", 2.5))  # "a law firm, Cohen Milstein", "producer X"
    if re.match(r"\s+(?:news|newspaper|radio|tv|television|agency|reported)\b", after, re.I):
        votes.append(("organisation", 2.0))  # "Bloomberg news"
    jurisdiction = re.search(r"\b(?:of|for|in)\s+(?:the\s+)?$", before)
    if not jurisdiction and (
        _role_before(body, occ.start) or _role_appositive_before(body, occ.start)
    ):
        votes.append(("person", 2.0))  # a title or role names a person
    next_word = re.match(r"[\s’']*(?:s\s+)?([a-z]+)", after)
    if next_word and next_word.group(1) in GEO_AFTER and len(words) <= 2:
        votes.append(("place", 2.0))
    if re.search(r"\b(?:in|near|across|to|from|through|into)\s+(?:the\s+)?$", before):
        votes.append(("place", 0.5))
    after_preposition = re.search(r"\b(?:from|in|of|at|for|to)\s+(?:the\s+)?$", before)
    speaks = re.search(r"\b(?:said|says|told|wrote|added|asked)\s*$", before) or re.match(
        r",?\s+(?:has\s+|had\s+)?(?:said|says|told|wrote|added|asked|explained|voted|argued|"
        r"insisted|warned|tweeted|denied|resigned|died)\b",
        after,
    )
    if speaks and not after_preposition:
        votes.append(("person", 1.5))
    return votes


def _join_key(name: str) -> tuple[str, ...]:
    return tuple(_core_tokens(name))


def _is_subname(short: Sequence[str], full: Sequence[str]) -> bool:
    """`short` names the same person as `full`: its tokens end `full` or are its first+last."""
    if not short or len(short) >= len(full):
        return False
    if tuple(full[-len(short) :]) == tuple(short):
        return True
    return len(short) == 2 and short[0] == full[0] and short[-1] == full[-1]


_DEPT_OF = re.compile(r"^(?:the )?department of (.+)$")


def _org_key(name: str) -> str:
    key = fold(name)
    match = _DEPT_OF.match(key)
    if match:
        return f"{match.group(1)} department"
    return key


def _initials(name: str, with_glue: bool) -> str:
    words = [word for word in re.split(r"[\s\-]+", name) if word]
    letters = [
        word[0]
        for word in words
        if word[0].isalpha() and (with_glue or word.lower() not in ROLE_GLUE)
    ]
    return "".join(letters).lower()


def _cluster(occurrences: list[_Occurrence], body: str) -> list[_Cluster]:
    """Group the mentions of one article into entities."""
    by_key: dict[str, _Cluster] = {}
    for occ in occurrences:
        key = _org_key(occ.surface)
        cluster = by_key.setdefault(key, _Cluster())
        cluster.add(occ)
        for kind, weight in _kind_votes(occ, body):
            cluster.votes[kind] += weight

    clusters = dict(by_key)
    # Shorter person names join the fullest name that contains them.
    person_keys = sorted(
        (key for key, cluster in clusters.items() if cluster.votes["person"] > 0),
        key=lambda key: (-len(_join_key(key)), key),
    )
    for key in sorted(clusters, key=lambda key: (len(_join_key(key)), key)):
        if key not in clusters:
            continue
        cluster = clusters[key]
        tokens = _join_key(key)
        if len(tokens) > 3:
            continue
        targets = [
            other
            for other in person_keys
            if other != key and other in clusters and _is_subname(tokens, _join_key(other))
        ]
        if not targets:
            continue
        # The most mentioned full name wins ("Clinton" -> "Hillary Clinton"); a name
        # without "Jr." goes to a full name without it ("Trump" -> "Donald Trump").
        target = max(
            targets,
            key=lambda other: (
                _suffix(other) == _suffix(key),
                len(clusters[other].occurrences),
                other,
            ),
        )
        # An organisation or place that happens to end a person's name ("Trump" tagged
        # ORG) joins only when it is a single word the rules do not claim.
        if cluster.kind != "person" and cluster.votes["person"] == 0 and len(tokens) != 1:
            continue
        strong = max(cluster.votes["place"], cluster.votes["organisation"]) - len(
            cluster.occurrences
        )
        if cluster.kind != "person" and strong >= 1.5:
            continue
        merged = clusters.pop(key)
        for occ in merged.occurrences:
            clusters[target].occurrences.append(occ)
        clusters[target].votes["person"] += sum(merged.votes.values())

    # Acronyms join the organisation they abbreviate ("DOJ", "FBI").
    for key in sorted(clusters):
        if key not in clusters:
            continue
        cluster = clusters[key]
        surface = cluster.surfaces().most_common(1)[0][0].replace(".", "")
        if not (surface.isupper() and 2 <= len(surface) <= 6 and " " not in surface):
            continue
        for other in sorted(clusters):
            if other == key or len(other.split()) < 2:
                continue
            name = clusters[other].surfaces().most_common(1)[0][0]
            name = _LEADING.sub("", name)
            if surface.lower() in (_initials(name, True), _initials(name, False)):
                merged = clusters.pop(key)
                for occ in merged.occurrences:
                    clusters[other].add(occ, 0.0)
                for label, weight in merged.votes.items():
                    clusters[other].votes[label] += weight
                break
    return list(clusters.values())


# --------------------------------------------------------------------------- roles

_NAME_TOKEN = re.compile(r"[A-ZÀ-Þ][\w’'\-]*\.?|of|the|and|for|on|de|&")


def _role_words_ok(words: list[str]) -> bool:
    if not words:
        return False
    has_title = False
    for word in words:
        bare = word.strip(".,").lower()
        if bare in TITLE_WORDS or word in TITLE_ABBREVIATIONS:
            has_title = True
    return has_title


def _tidy_role(words: list[str]) -> str | None:
    if "and" in words:
        # "(Merkel of) Germany and Prime Minister": a place ends the previous name.
        cut = len(words) - 1 - words[::-1].index("and")
        if cut > 0 and (fold(words[cut - 1]) in COUNTRIES or fold(words[cut - 1]) in CITIES):
            words = words[cut + 1 :]
    if "of" in words:
        cut = words.index("of")
        lead = [w.lower().strip(".") for w in words[:cut]]
        if not any(w in TITLE_WORDS or w + "." in TITLE_ABBREVIATIONS for w in lead):
            words = words[cut + 1 :]
    while words and words[0].lower() in {"new", "current"}:
        words = words[1:]
    while words and words[0].lower() in ROLE_GLUE - {"the"}:
        words = words[1:]
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    while words and (words[-1].lower() in ROLE_GLUE or words[-1] in {",", "-"}):
        words = words[:-1]
    if not _role_words_ok(words) or len(words) > 9:
        return None
    words = [TITLE_ABBREVIATIONS.get(word, word) for word in words]
    role = " ".join(words)
    role = re.sub(r"\s+,", ",", role)
    return role or None


_ROLE_BEFORE_WORD = re.compile(r"([A-Za-zÀ-ÿ][\w’'\.\-&]*)\s*$")
_ADJECTIVE_END = re.compile(r"(?:al|ic|ian|ese|ish|an|ary|ive|ent|ior|eral)$")
ROLE_STOP = wordset(
    """
    said says told wrote added asked explained noted by with from to but or as at
    when while after before that which who whom whose is was are were be been has have
    had will would could should may might also then than his her their its our my your
    this these those during including like
    """
)


def _role_run(
    body: str, start: int, person_spans: Sequence[tuple[int, int]]
) -> tuple[list[str], int] | None:
    """Words of a title run right before `start`, and how many characters it spans."""
    words: list[str] = []
    at = start
    while len(words) < 9:
        window = body[max(0, at - 40) : at]
        match = _ROLE_BEFORE_WORD.search(window)
        if not match:
            break
        word = match.group(1)
        gap = window[match.end(1) :]
        if "\n" in gap or len(gap) > 2 or any(ch in gap for ch in ',;:()"“”'):
            break
        word_start = at - len(gap) - len(word)
        if any(lo <= word_start < hi for lo, hi in person_spans):
            break
        lower = word.lower().strip(".")
        if lower in ROLE_STOP:
            break
        if word[0].isupper():
            if lower in COMMON_CAPITALISED - {"former", "new", "first"}:
                break
        elif not (
            lower in ROLE_GLUE
            or lower in ROLE_LOWER_OK
            or lower in TITLE_WORDS
            or (_ADJECTIVE_END.search(lower) and words)
        ):
            break
        words.insert(0, word)
        at = word_start
    while words and (words[0].lower() in ROLE_GLUE or not words[0][0].isalpha()):
        words = words[1:]
    # A role ends on its head word: drop trailing words after the last title word.
    if not words:
        return None
    return words, start - _run_start(body, start, words)


def _run_start(body: str, start: int, words: list[str]) -> int:
    at = start
    for word in reversed(words):
        at = body.rfind(word, 0, at)
    return max(at, 0)


def _role_before(body: str, start: int, person_spans: Sequence[tuple[int, int]] = ()) -> str | None:
    """The title run right before a name: `US Secretary of State` + ` Antony Blinken`."""
    run = _role_run(body, start, person_spans)
    if run is None:
        return None
    words = run[0]
    # Lowercase-only runs need a title word next to the name ("diplomatic chief").
    next_to_name = words[-1].lower().strip(".") in TITLE_WORDS or words[-1] in TITLE_ABBREVIATIONS
    if not next_to_name and not any(
        word[0].isupper() and word.lower() in TITLE_WORDS for word in words
    ):
        return None
    return _tidy_role(words)


_APPOSITIVE_AFTER = re.compile(
    r"^(?:'s|’s)?,\s+(?:who\s+is\s+|then\s+)?(?:(?:the|a|an|his|her|their|its)\s+)?"
    r"((?:[\w’'\.\-]+\s+){0,7}?[\w’'\.\-]+?)\s*"
    r"(?=[,;)]|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)\.(?:\s|$)"
    r"|\s+(?:who|which|said|says|told)\b)"
)
_APPOSITIVE_BEFORE = re.compile(
    r"(?:^|[\s(])(?:the|a|an)\s+"
    r"((?:(?!(?:the|a|an|if|that|when|who|which|and|but|or|to|was|is|had|has)\b)"
    r"[\w’'\.\-]+\s+){0,6}?[\w’'\.\-]+),\s*$",
)
_POSSESSIVE_ROLE = re.compile(
    r"([A-Z][\w\.]+(?:\s+[A-Z][\w\.]+)*)(?:'s|’s)\s+((?:[a-z\-]+\s+){0,3}?[a-zA-Z\-]+),\s*$"
)
_ROLE_OF = re.compile(r"\b(?:of|for)\s+((?:the\s+)?[A-Z][\w\.]+(?:\s+[A-Z][\w\.]+)*)\s*$")


_APPOSITIVE_OPENERS = wordset("the a an his her their its then now former new")


def _role_appositive_after(
    body: str, end: int, person_spans: Sequence[tuple[int, int]] = ()
) -> str | None:
    """`Stephen E. Boyd, an assistant attorney general,`: a noun phrase, not a clause
    (`Jacqueline, had a private dinner`) and not the next name of a list."""
    match = _APPOSITIVE_AFTER.match(body[end : end + 90])
    if not match:
        return None
    if any(end + match.start(1) < hi and lo < end + match.end(1) for lo, hi in person_spans):
        return None
    words = match.group(1).split()
    lowered = [word.lower() for word in words]
    if not any(word.strip(".,") in TITLE_WORDS for word in lowered):
        return None
    opener = body[end : end + 90][match.end(0) - len(match.group(0)) :].lstrip("'’s, ")
    first = opener.split()[0].lower() if opener.split() else ""
    if not (
        words[0][0].isupper()
        or first in _APPOSITIVE_OPENERS
        or lowered[0] in TITLE_WORDS
        or lowered[0] in ROLE_LOWER_OK
    ):
        return None
    return _tidy_role(words)


def _role_appositive_before(
    body: str, start: int, person_spans: Sequence[tuple[int, int]] = ()
) -> str | None:
    window = body[max(0, start - 90) : start]
    window = re.split(r"[.!?]\s+(?=[A-Z])|\n", window)[-1]  # this sentence only
    lo_window = start - len(window)
    ends = [hi for lo, hi in person_spans if lo_window <= hi <= start - 1]
    if ends:
        # A name sits between: "Chairman Bob Goodlatte, Chairman Trey Gowdy" is a list.
        window = window[max(ends) - lo_window :]
    match = _POSSESSIVE_ROLE.search(window)
    if match:
        owner, title = match.group(1), match.group(2).split()
        title = [word for word in title if word.lower() not in {"new", "former", "current"}]
        if title and title[-1].lower() in TITLE_WORDS:
            owner = normalise_place(owner)
            return f"{' '.join(title).capitalize()} of {owner}"
    match = _APPOSITIVE_BEFORE.search(window)
    if match:
        words = match.group(1).split()
        if words[-1].lower().strip(".") in TITLE_WORDS or _ROLE_OF.search(match.group(1)):
            return _tidy_role(words)
    return None


STRONG_TITLES = wordset(
    """
    president minister secretary governor senator representative chairman chairwoman
    director ambassador chancellor premier king queen prince emperor pope mayor speaker
    attorney general counsel judge justice commissioner chief leader advisor adviser
    spokesman spokeswoman spokesperson ceo
    """
)


def _role_score(role: str) -> tuple[int, int, int, int, str]:
    words = role.split()
    lowered = {word.lower().strip(".,") for word in words}
    strong = int(bool(lowered & STRONG_TITLES))
    capitalised = sum(1 for word in words if word[0].isupper())
    placed = int(" of " in f" {role} " or any(w[0].isupper() for w in words[:-1]))
    return (strong, min(len(words), 5) + placed, capitalised, -len(role), role)


class _NearbySpans:
    """Person spans (sorted by start) near an occurrence: all the role rules can see. A
    title run reads at most 9 words of 40 characters back (`_role_run`), an appositive 90
    characters either way: the spans outside `[start - BEFORE, end + AFTER)` never count,
    and leaving them out keeps the work per occurrence bounded in a long article."""

    BEFORE = 400
    AFTER = 100

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [lo for lo, _hi in spans]
        self.longest = max((hi - lo for lo, hi in spans), default=0)

    def around(self, start: int, end: int) -> Sequence[tuple[int, int]]:
        first = bisect.bisect_left(self.starts, start - self.BEFORE - self.longest)
        last = bisect.bisect_left(self.starts, end + self.AFTER)
        return self.spans[first:last]


def _roles_for(
    cluster: _Cluster, body: str, person_spans: Sequence[tuple[int, int]]
) -> Counter[str]:
    roles: Counter[str] = Counter()
    nearby = _NearbySpans(person_spans)
    for occ in cluster.occurrences:
        near = nearby.around(occ.start, occ.end)
        role = _role_before(body, occ.start - _honorific_gap(body, occ.start), near)
        if role:
            roles[role] += 1
        role = _role_appositive_after(body, occ.end, near)
        if role:
            roles[role] += 1
        role = _role_appositive_before(body, occ.start, near)
        if role:
            roles[role] += 1
    return roles


def _honorific_gap(body: str, start: int) -> int:
    match = re.search(
        r"\b(?:" + "|".join(HONORIFICS) + r")\.?\s+$", body[max(0, start - 6) : start]
    )
    return len(match.group(0)) if match else 0


def best_role(roles: Counter[str]) -> str | None:
    """The most informative role: longest title-bearing run, then the most frequent."""
    if not roles:
        return None
    return max(roles, key=lambda role: (_role_score(role), roles[role]))


# --------------------------------------------------------------------------- naming


def _canonical(cluster: _Cluster, kind: EntityKind) -> str:
    surfaces = cluster.surfaces()
    candidates = list(surfaces)
    if kind == "person":
        candidates = [strip_honorific(name)[0] for name in candidates]
        counts: Counter[str] = Counter()
        for occ in cluster.occurrences:
            counts[strip_honorific(occ.surface)[0]] += 1
        return max(
            candidates,
            key=lambda name: (
                single_script(name),
                len(_tokens(name)),
                _accents(name),
                counts[name],
                name,
            ),
        )
    if kind == "place":
        normalised: Counter[str] = Counter()
        for name, n in surfaces.items():
            name = normalise_place(name)
            if name.isupper() and len(name) > 3:
                name = name.title()  # a dateline's KATHMANDU
            normalised[name] += n
        return max(
            normalised,
            key=lambda name: (
                single_script(name),
                name in PLACE_ALIASES.values(),
                _accents(name),
                normalised[name],
                len(name),
                name,
            ),
        )
    # Organisations: the most frequent full form; acronyms only when nothing else.
    candidates = [_undot(name) for name in candidates]
    surfaces = Counter({_undot(name): n for name, n in surfaces.items()})
    return max(
        candidates,
        key=lambda name: (
            single_script(name),
            not name.replace(".", "").isupper(),
            surfaces[name],
            len(name),
            name,
        ),
    )


def _undot(name: str) -> str:
    """`U.S. Border Patrol` -> `US Border Patrol`, `F.B.I.` -> `FBI`."""
    return re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), name)


_POSSESSOR = re.compile(r"^[A-Z][\w\.\-]*(?:\s+[A-Z][\w\.\-]*)?(?:'s|’s)\s+(?=[A-Z])")
DEMONYMS = wordset(
    """
    britons brits scots welsh londoners parisians muscovites washingtonians europeans
    americans israelis iranians palestinians
    """
)
COMPANY_PLURALS = wordset(
    """
    nations states airlines industries systems holdings partners associates brothers
    games times forces services networks communications technologies
    """
)


def _part_of_word(text: str, occ: _Occurrence) -> bool:
    """`Mar` of `Mar-a-Lago`, `US` of `US-U.K.`: a piece of a hyphenated word
    (`Cleveland-based` still names Cleveland; `Moon Jae-in` is extended, not cut)."""
    after = text[occ.end : occ.end + 12]
    before = text[max(0, occ.start - 1) : occ.start]
    if re.match(r"-(?:based|born|led|backed|owned|run|bound|area|style)\b", after):
        return False
    syllable = re.match(r"-[a-z]{1,3}\b(?!-)", after)
    if syllable and occ.kind == "person":
        occ.surface += syllable.group(0)
        occ.end += len(syllable.group(0))
        return False
    return bool(re.match(r"-[A-Za-z]", after)) or before == "-"


def _shouting_entity(text: str, occ: _Occurrence) -> bool:
    bare = occ.surface.replace(".", "").replace(" ", "")
    if not (bare.isupper() and len(bare) >= 3):
        return False
    after = text[occ.end : occ.end + 2]
    window = text[max(0, occ.start - 25) : occ.start] + " " + text[occ.end : occ.end + 25]
    return after.startswith("!") or bool(re.search(r"\b[A-Z]{3,}\b", window))


@functools.cache
def _demonym_forms() -> frozenset[str]:
    """Nationality words derived from the gazetteer's one-word countries (`Kenya` ->
    `Kenyan`, `Oman` -> `Omani`, `Tajikistan` -> `Tajik`): the regular English endings,
    and a country name cut before `-stan`. Never a country's own name (`Jordan`)."""
    countries = {c for c in lexicons.load("countries") if " " not in c}
    forms: set[str] = set()
    for country in countries:
        forms.update({country + "n", country + "an", country + "ian", country + "i"})
        forms.update({country + "ese", country + "ish", country[:-1] + "an"})
        forms.update({country[:-1] + "ian", country[:-1] + "ese"})
        if country.endswith("stan"):
            forms.add(country[:-4].rstrip("i"))
    return frozenset(form for form in forms if len(form) >= 4) - countries


def _noise(cluster: _Cluster, kind: EntityKind, name: str, body: str) -> bool:
    """Capitalised words that are not names of the story (see the module docstring)."""
    key = fold(name)
    words = name.split()
    lowered = body.lower()
    if key in DEMONYMS:
        return True
    if kind != "place" and words and all(fold(word) in _demonym_forms() for word in words):
        return True  # "Tajik", "Rwandan": a nationality, not a person
    if len(words) == 1 and re.search(r"(?:ers|ians|ites)$", key):
        stem = re.sub(r"(?:ers|ians|ites)$", "", key)
        if any(
            fold(o.surface).startswith(stem) and len(stem) >= 4 for o in cluster.occurrences
        ) and (re.search(rf"\b{re.escape(stem)}", lowered.replace(key, ""))):
            return True  # "Londoners"
    if (
        kind == "organisation"
        and all(_ADJECTIVE_END.search(w.lower()) for w in words)
        and (not set(key.split()) & ORG_WORDS)
    ):
        return True  # "Republican Congressional"
    if (
        kind == "organisation"
        and "-" in name
        and all(
            fold(part) in PLACE_ALIASES or fold(part) in COUNTRIES for part in re.split(r"-", name)
        )
    ):
        return True  # "US-UK" trade deal
    last = words[-1].lower()
    if (
        kind != "person"
        and len(words) > 1
        and re.search(r"[^su]s$", last)
        and last not in ORG_WORDS | COMPANY_PLURALS
        and re.search(rf"\b{re.escape(last)}\b", body)
    ):
        return True  # "the DNC Servers": a capitalised common noun phrase
    if len(words) == 1 and kind in ("person", "organisation") and len(cluster.occurrences) <= 2:
        capitalised = sum(1 for occ in cluster.occurrences if occ.surface == name)
        common = len(re.findall(rf"\b{re.escape(name.lower())}\b", body))
        if common > capitalised and not name.isupper():
            return True  # "Lies", "Administration": a common word capitalised
    return False


def _usable(name: str, kind: EntityKind) -> bool:
    if not name or not (name[0].isupper() or (kind == "organisation" and name[0].isdigit())):
        return False
    key = fold(name)
    if key in MEDIUM_NAMES or key in COMMON_CAPITALISED:
        return False
    if any(char.isdigit() for char in name) and kind != "organisation":
        return False
    if len(name) > 70 or len(name.split()) > 8:
        return False
    words = name.split()
    if kind == "person":
        if any(word.isupper() and len(word) > 3 for word in words):
            return False  # "James Comey Memos" in a shouty headline, "WOW"
        if words[-1].lower() in ORG_WORDS | GEO_HEADS | {"memos", "memo", "emails", "show"}:
            return False
    return True


# --------------------------------------------------------------------------- public


SIDE_RULES = frozenset({"photo-caption", "standfirst", "video-blurb", "slideshow-bullet"})
"""Lines the cleaner takes out of the body that still name the story's people and places
(captions, standfirsts). Photo credits are never read."""


def side_texts(clean: CleanArticle) -> list[str]:
    """Captions and standfirsts of an article, each once."""
    texts: dict[str, str] = {}
    candidates = [image.caption for image in clean.images if image.caption]
    candidates += [r.text for r in clean.removed if r.rule in SIDE_RULES]
    if not candidates:
        return []
    body = fold(clean.body)  # transliterates the whole body: only when there is a side text
    for text in candidates:
        text = text.strip().lstrip("•·*-– ").strip()
        key = fold(text)
        if text and key not in texts and key not in body:
            texts[key] = text
    return list(texts.values())


def find_mentions(clean: CleanArticle, doc: Doc | None, meta: ArticleMeta) -> tuple[Mention, ...]:
    """People, places and organisations of one article, resolved within it.

    Reads the body and the article's captions and standfirst (never credit lines)."""
    body = clean.body
    if doc is not None and text_of(doc) != body:
        doc = None  # offsets would not line up
    side = side_texts(clean)
    full = "\n\n".join([body, *side])
    credits = _credit_spans(clean)
    if doc is not None:
        raw = _model_candidates(doc)
        if side:
            from generator.nlp import analyse

            at = len(body) + 2
            for text, side_doc in zip(side, analyse(side), strict=True):
                if side_doc is not None:
                    raw += _model_candidates(side_doc, at)
                at += len(text) + 2
    else:
        raw = _regex_candidates(full)
    raw += _rule_candidates(full)

    occurrences: list[_Occurrence] = []
    by_span = {(occ.start, occ.end): occ for occ in raw if occ.from_model}
    for occ in raw:
        if _in_spans(occ.start, credits):
            continue
        if not occ.from_model:
            same = by_span.get((occ.start, occ.end))
            if same is not None:
                if occ.weight > same.weight:
                    same.kind, same.weight = occ.kind, occ.weight
                continue  # one reading per span: the stronger rule relabels it
            if any(lo < occ.end and occ.start < hi for lo, hi in by_span):
                continue  # the model's own reading of these words wins
        if _part_of_word(full, occ):
            continue
        if (
            _shouting_entity(full, occ)
            and not _at_dateline(full, occ.start)
            and not _in_results_table(full, occ)
        ):
            continue
        surface, honorific = strip_honorific(clean_surface(occ.surface))
        if occ.kind != "person":
            surface = _POSSESSOR.sub("", surface)  # "Trump's Republican Party"
        if not surface:
            continue
        lead = occ.surface.find(surface)
        occ.start = occ.start + max(0, lead)
        occ.end = occ.start + len(surface)
        occ.surface = surface = normalise_name(surface)
        occ.honorific = occ.honorific or honorific or _honorific_gap(full, occ.start) > 0
        if occ.kind == "place" or fold(surface) in PLACE_ALIASES:
            context = _country_list_context(full, occ.start, occ.end)
            occ.surface = normalise_place(surface, context)
        occurrences.append(occ)
    occurrences.sort(key=lambda occ: (occ.start, occ.end))
    occurrences = _drop_role_fragments(occurrences, full)
    body = full

    person_spans = [(occ.start, occ.end) for occ in occurrences if occ.kind == "person"]
    mentions = []
    for cluster in _cluster(occurrences, body):
        kind = cluster.kind
        name = _canonical(cluster, kind)
        if not _usable(name, kind) or _noise(cluster, kind, name, body):
            continue
        if kind == "place":
            name = normalise_place(name)
        aliases = sorted(
            {
                strip_honorific(surface)[0] if kind == "person" else surface
                for surface in cluster.surfaces()
            }
            | {surface for surface in cluster.surfaces() if kind == "person"}
        )
        aliases = [alias for alias in aliases if alias != name]
        role = best_role(_roles_for(cluster, body, person_spans)) if kind == "person" else None
        mentions.append(
            Mention(
                name=name,
                kind=kind,
                role=role,
                aliases=tuple(aliases),
                count=len(cluster.occurrences),
            )
        )
    mentions = _trim_common_heads(mentions, body)
    mentions = _merge_same_name(mentions)
    return tuple(sorted(mentions, key=lambda m: (KIND_ORDER[m.kind], -m.count, m.name)))


def _drop_role_fragments(occurrences: list[_Occurrence], body: str) -> list[_Occurrence]:
    """Organisations that are only words of a person's title (`Secretary of State`)."""
    person_starts = [occ.start for occ in occurrences if occ.kind == "person"]
    role_spans: list[tuple[int, int]] = []
    for start in person_starts:
        run = _role_run(body, start, person_spans=[])
        if run:
            role_spans.append((start - run[1], start))
    kept = []
    for occ in occurrences:
        inside = any(lo <= occ.start and occ.end <= hi for lo, hi in role_spans)
        acronym = occ.surface.replace(".", "").isupper() and " " not in occ.surface
        generic = not set(fold(occ.surface).split()) & ORG_WORDS and not acronym
        if inside and occ.kind == "organisation" and generic:
            continue
        kept.append(occ)
    return kept


def _trim_common_heads(mentions: list[Mention], body: str) -> list[Mention]:
    """`the DNC Server`, `the Debbie Wasserman Schultz Servers`: a name followed by a
    common noun (written in lowercase elsewhere) is that name."""
    known = {fold(form): m for m in mentions for form in (m.name, *m.aliases)}
    kept: list[Mention] = []
    renamed: list[Mention] = []
    for mention in mentions:
        words = mention.name.split()
        last = words[-1].lower()
        stems = {last, last.rstrip("s"), last + "s"}
        common = any(re.search(rf"\b{re.escape(stem)}\b", body) for stem in stems if stem)
        if (
            mention.kind == "place"
            or len(words) < 2
            or not common
            or last in ORG_WORDS | COMPANY_PLURALS | GEO_HEADS
            or not words[-1][0].isupper()
        ):
            kept.append(mention)
            continue
        prefix = " ".join(words[:-1])
        owner = known.get(fold(prefix))
        if owner is not None and owner is not mention:
            continue  # counted under the name itself
        if mention.kind == "person" and len(words) > 2 and re.search(r"[^su]s$", last):
            renamed.append(Mention(prefix, "person", mention.role, (), mention.count))
            continue
        kept.append(mention)
    return kept + renamed


def _merge_same_name(mentions: list[Mention]) -> list[Mention]:
    """Two clusters that ended with the same canonical name and kind are one entity."""
    merged: dict[tuple[str, str], Mention] = {}
    for mention in mentions:
        key = (fold(mention.name), mention.kind)
        old = merged.get(key)
        if old is None:
            merged[key] = mention
            continue
        roles = Counter({r: 1 for r in (old.role, mention.role) if r})
        merged[key] = Mention(
            name=old.name,
            kind=old.kind,
            role=best_role(roles),
            aliases=tuple(sorted(set(old.aliases) | set(mention.aliases) - {old.name})),
            count=old.count + mention.count,
        )
    return list(merged.values())


_LIST_SEP = re.compile(r"\s*(?:,|\band\b|\bor\b|\(|\))\s*")


def _country_list_context(body: str, start: int, end: int) -> str:
    """Text supporting that a bare name is a country: it sits in a list of countries."""
    before = body[max(0, start - 60) : start]
    after = body[end : end + 60]
    neighbours = [
        part.strip()
        for part in _LIST_SEP.split(before)[-3:] + _LIST_SEP.split(after)[:3]
        if part.strip()
    ]
    if any(fold(part) in COUNTRIES for part in neighbours):
        return "country list"
    return ""


# --------------------------------------------------------------------------- story level


def _suffix(name: str) -> str:
    tokens = _tokens(name)
    return tokens[-1] if tokens and tokens[-1] in NAME_SUFFIXES else ""


def _person_match(a: str, b: str, apart: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    ta, tb = _core_tokens(a), _core_tokens(b)
    if len(ta) > 1 and len(tb) > 1 and _suffix(a) != _suffix(b) and tuple(ta) in apart:
        return False  # "Donald Trump" and "Donald Trump Jr." in one article: two people
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1]:
        # "Lopez Obrador" vs "Andrés Manuel López Obrador": compound surnames.
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True
    first_a, first_b = NICKNAMES.get(ta[0], ta[0]), NICKNAMES.get(tb[0], tb[0])
    if first_a == first_b:
        return True
    short, full = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    return _is_subname(short, full)


def resolve_story_entities(articles: Sequence[Article]) -> tuple[StoryEntity, ...]:
    """Merge the mentions of a story's articles into canonical entities.

    Each mention goes, longest names first, to the group it fits (`_StoryGroup.matches`)
    or starts a new one. Only the groups it could fit are tried (`_GroupIndex`: those
    holding its folded name or an alias, and those whose first mention shares its
    surname or organisation key), so a story of N mentions costs about N, not N × groups.
    """
    # Fuller names first, so shorter ones find them.
    flat: list[tuple[str, Mention]] = []
    for article in sorted(articles, key=lambda a: str(a.source)):
        for mention in article.mentions:
            flat.append((str(article.source), mention))
    flat.sort(key=lambda item: (-len(_tokens(item[1].name)), -item[1].count, item[1].name, item[0]))

    # Full names that differ only by Jr./Sr. inside one article are two people.
    apart: set[tuple[str, ...]] = set()
    for article in articles:
        people = [m for m in article.mentions if m.kind == "person"]
        for one in people:
            for other in people:
                same_core = _core_tokens(one.name) == _core_tokens(other.name)
                if one is not other and same_core and _suffix(one.name) != _suffix(other.name):
                    apart.add(tuple(_core_tokens(one.name)))
    index = _GroupIndex()
    frozen = frozenset(apart)
    for source, mention in flat:
        fitting = [group for group in index.candidates(mention) if group.matches(mention, frozen)]
        target: _StoryGroup | None = None
        if fitting:
            # A surname that fits several people goes to the one it most likely means:
            # the same Jr./Sr. suffix (none), then the most mentioned, then the first made.
            suffix = _suffix(mention.name)
            target = max(
                fitting,
                key=lambda g: (g.suffix == suffix, g.total, -g.position),
            )
        if target is None:
            target = index.new_group()
        index.add(target, source, mention)
    result = [group.entity() for group in index.groups]
    return tuple(sorted(result, key=lambda e: (KIND_ORDER[e.kind], -e.count, e.name)))


def _person_key(name: str) -> str | None:
    """The token two person names must share to match (`_person_match`): the last core
    token, the surname; None when there is none."""
    tokens = _core_tokens(name)
    return tokens[-1] if tokens else None


class _GroupIndex:
    """The story's groups in the order they were made, indexed by the keys a mention can
    match them by: every folded name or alias they hold, and for the first mention the
    surname (people) or organisation key (organisations). `candidates` is a superset of
    the groups `_StoryGroup.matches` accepts, in the order of `groups`."""

    def __init__(self) -> None:
        self.groups: list[_StoryGroup] = []
        self._by_folded: dict[str, list[_StoryGroup]] = {}
        self._by_surname: dict[str, list[_StoryGroup]] = {}
        self._by_org: dict[str, list[_StoryGroup]] = {}

    def new_group(self) -> _StoryGroup:
        group = _StoryGroup(position=len(self.groups))
        self.groups.append(group)
        return group

    def add(self, group: _StoryGroup, source: str, mention: Mention) -> None:
        first = not group.mentions
        before = set(group.folded)
        group.add(source, mention)
        for key in group.folded - before:
            self._by_folded.setdefault(key, []).append(group)
        if first:
            if mention.kind == "person":
                surname = _person_key(mention.name)
                if surname is not None:
                    self._by_surname.setdefault(surname, []).append(group)
            elif mention.kind == "organisation":
                self._by_org.setdefault(_org_key(mention.name), []).append(group)

    def candidates(self, mention: Mention) -> list[_StoryGroup]:
        found: dict[int, _StoryGroup] = {}
        keys = [fold(mention.name)]
        if mention.kind != "person":
            keys += [fold(alias) for alias in mention.aliases if len(alias) > 3]
        for key in keys:
            for group in self._by_folded.get(key, ()):
                found[group.position] = group
        if mention.kind == "person":
            surname = _person_key(mention.name)
            if surname is not None:
                for group in self._by_surname.get(surname, ()):
                    found[group.position] = group
        elif mention.kind == "organisation":
            for group in self._by_org.get(_org_key(mention.name), ()):
                found[group.position] = group
        return [found[position] for position in sorted(found)]


@dataclass
class _StoryGroup:
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    position: int = 0  # order of creation within the story
    folded: set[str] = field(default_factory=set)  # fold() of every name and alias
    votes: Counter[str] = field(default_factory=Counter)  # mentions per kind
    total: int = 0  # mentions in all
    suffix: str = ""  # the Jr./Sr. of the first mention

    def names(self) -> set[str]:
        found = set()
        for _, mention in self.mentions:
            found.add(mention.name)
            found.update(mention.aliases)
        return found

    def kind_votes(self) -> Counter[str]:
        return Counter(self.votes)

    def matches(self, mention: Mention, apart: frozenset[tuple[str, ...]] = frozenset()) -> bool:
        if not self.mentions:
            return False
        folded = self.folded
        if fold(mention.name) in folded or any(
            fold(a) in folded for a in mention.aliases if len(a) > 3 and mention.kind != "person"
        ):
            kinds = self.votes
            return mention.kind in kinds or mention.kind == "person" or "person" not in kinds
        main = self.mentions[0][1]
        if mention.kind == "person" and main.kind == "person":
            return _person_match(mention.name, main.name, apart)
        if mention.kind == main.kind == "organisation":
            return _org_key(mention.name) == _org_key(main.name)
        return False

    def add(self, source: str, mention: Mention) -> None:
        if not self.mentions:
            self.suffix = _suffix(mention.name)
        self.mentions.append((source, mention))
        self.folded.add(fold(mention.name))
        self.folded.update(fold(alias) for alias in mention.aliases)
        self.votes[mention.kind] += mention.count
        self.total += mention.count

    def entity(self) -> StoryEntity:
        votes = self.kind_votes()
        kinds: tuple[EntityKind, ...] = ("person", "organisation", "place")
        kind = max(kinds, key=lambda k: (votes[k], -KIND_ORDER[k]))
        names = [m.name for _, m in self.mentions if m.kind == kind] or [
            m.name for _, m in self.mentions
        ]
        counts: Counter[str] = Counter()
        for _, m in self.mentions:
            counts[m.name] += m.count
        if kind == "person":
            name = max(
                names,
                key=lambda n: (single_script(n), len(_tokens(n)), _accents(n), counts[n], n),
            )
        else:
            name = max(names, key=lambda n: (single_script(n), _accents(n), counts[n], len(n), n))
        roles: Counter[str] = Counter()
        for _, m in self.mentions:
            if m.role:
                roles[m.role] += 1
        aliases = sorted(self.names() - {name})
        sources = sorted({source for source, _ in self.mentions})
        return StoryEntity(
            name=name,
            kind=kind,
            role=best_role(roles),
            aliases=tuple(aliases),
            sources=tuple(sources),
            count=sum(m.count for _, m in self.mentions),
        )


def entity_names(mentions: Iterable[Mention], kind: EntityKind) -> tuple[str, ...]:
    """Names of one kind, in mention order (helper for the pipeline and tests)."""
    return tuple(m.name for m in mentions if m.kind == kind)


__all__ = [
    "MODEL_ENTITY_LABELS",
    "entity_names",
    "find_mentions",
    "fold",
    "normalise_place",
    "resolve_story_entities",
]

MODEL_ENTITY_LABELS = tuple(LABEL_KIND)
