# ruff: noqa: E501  (templates are long sentences; wrapping them would hurt reading)
"""A deterministic synthetic news corpus for the benchmarks.

`python -m benchmarks.corpus --n 1000 --out DIR` writes N English news articles as
`.txt` files (headline line, blank line, dateline paragraph, body paragraphs) about a
few hundred events spread over months. Each event is covered by 3-6 outlets, each with
its own wording, its own subset of the facts, dates within two days of each other,
sometimes a figure that disagrees with the others, and the noise real scraped articles
carry: photo credit lines with captions and slideshow bullets, `1/2` counters,
reading-time lines, `First change: … Last change: …` stamps, a mangled duplicate
headline (`quotbattlequot`).

Everything comes from a seeded `random.Random`: the same `--n` and `--seed` always give
byte-identical files. Nothing is downloaded and no real article text is copied: the
texts are assembled from the templates below.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 7
START = datetime.date(2023, 1, 2)

# --------------------------------------------------------------------------- the world

FIRST_NAMES = [
    "Adama",
    "Adriana",
    "Ahmed",
    "Aiko",
    "Alejandro",
    "Alicia",
    "Amara",
    "Ana",
    "Anders",
    "Andrés",
    "Anjali",
    "Antoine",
    "Arjun",
    "Astrid",
    "Aylin",
    "Beatriz",
    "Bernardo",
    "Birgit",
    "Camila",
    "Carlos",
    "Carmen",
    "Chiara",
    "Chidi",
    "Chloé",
    "Claudia",
    "Dang",
    "Daniel",
    "Dario",
    "Deborah",
    "Diego",
    "Dmitri",
    "Efua",
    "Elena",
    "Elif",
    "Emeka",
    "Emma",
    "Enrique",
    "Esther",
    "Fatima",
    "Felipe",
    "Fernanda",
    "François",
    "Gabriel",
    "Giulia",
    "Gustavo",
    "Hana",
    "Hannah",
    "Hassan",
    "Héctor",
    "Helena",
    "Hiroshi",
    "Ibrahim",
    "Ines",
    "Ingrid",
    "Isabel",
    "Ivan",
    "Jamal",
    "Javier",
    "Jean",
    "Jens",
    "Joanna",
    "João",
    "Jorge",
    "José",
    "Julia",
    "Kamala",
    "Karim",
    "Katarzyna",
    "Kenji",
    "Kofi",
    "Lars",
    "Laura",
    "Layla",
    "Leila",
    "Lena",
    "Liam",
    "Lucía",
    "Luis",
    "Magdalena",
    "Malik",
    "Manuel",
    "María",
    "Mariam",
    "Marta",
    "Martín",
    "Mateus",
    "Mehmet",
    "Mei",
    "Miguel",
    "Min-jun",
    "Mohamed",
    "Nadia",
    "Naledi",
    "Natalia",
    "Nicolás",
    "Nikos",
    "Noor",
    "Olga",
    "Omar",
    "Oscar",
    "Pablo",
    "Patricia",
    "Paulo",
    "Pedro",
    "Priya",
    "Rafael",
    "Rania",
    "Raúl",
    "Ricardo",
    "Rosa",
    "Rubén",
    "Sakura",
    "Salma",
    "Samuel",
    "Sandra",
    "Sara",
    "Sebastián",
    "Selin",
    "Sergio",
    "Siddharth",
    "Sipho",
    "Sofía",
    "Sunita",
    "Tamar",
    "Tariq",
    "Teresa",
    "Thabo",
    "Tomás",
    "Valentina",
    "Víctor",
    "Wei",
    "Yasmin",
    "Yusuf",
    "Zainab",
    "Zoltán",
]

SURNAMES = [
    "Abdullah",
    "Acosta",
    "Adeyemi",
    "Agarwal",
    "Aguilar",
    "Ahmadi",
    "Alvarez",
    "Andersen",
    "Arévalo",
    "Bakker",
    "Banerjee",
    "Barcena",
    "Becker",
    "Bello",
    "Bergström",
    "Bianchi",
    "Brandt",
    "Bui",
    "Campos",
    "Cárdenas",
    "Castillo",
    "Chen",
    "Chowdhury",
    "Costa",
    "Cruz",
    "Dahl",
    "Delgado",
    "Demir",
    "Díaz",
    "Dimitrov",
    "Dubois",
    "Eriksen",
    "Espinoza",
    "Fernández",
    "Ferreira",
    "Fischer",
    "Fontaine",
    "García",
    "Gómez",
    "González",
    "Guerrero",
    "Gutiérrez",
    "Haddad",
    "Hansen",
    "Herrera",
    "Horvath",
    "Hosseini",
    "Ibáñez",
    "Ivanova",
    "Jaramillo",
    "Jiménez",
    "Kamau",
    "Kaplan",
    "Kariuki",
    "Kaya",
    "Kim",
    "Kowalski",
    "Kumar",
    "Lambert",
    "Larsen",
    "Le",
    "Lindqvist",
    "López",
    "Lozano",
    "Maduro",
    "Mahlangu",
    "Martínez",
    "Medina",
    "Mendoza",
    "Mensah",
    "Moreau",
    "Morales",
    "Moreno",
    "Müller",
    "Murphy",
    "Mwangi",
    "Nakamura",
    "Navarro",
    "Ndlovu",
    "Nguyen",
    "Novak",
    "Núñez",
    "Obi",
    "Okafor",
    "Okonkwo",
    "Olsen",
    "Ortega",
    "Owusu",
    "Özdemir",
    "Park",
    "Pereira",
    "Petrov",
    "Pham",
    "Quispe",
    "Ramírez",
    "Reyes",
    "Ríos",
    "Rodríguez",
    "Rojas",
    "Romero",
    "Rossi",
    "Ruiz",
    "Saito",
    "Salazar",
    "Sánchez",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Soto",
    "Suárez",
    "Svensson",
    "Takahashi",
    "Tanaka",
    "Torres",
    "Tran",
    "Uzor",
    "Valdés",
    "Vargas",
    "Vásquez",
    "Vega",
    "Vogel",
    "Wagner",
    "Wang",
    "Weber",
    "Yamamoto",
    "Yılmaz",
    "Zapata",
    "Zhang",
    "Zieliński",
]

# (city, country, adjective, capital of the country)
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Mexico City", "Mexico", "Mexican", "Mexico City"),
    ("Monterrey", "Mexico", "Mexican", "Mexico City"),
    ("Tijuana", "Mexico", "Mexican", "Mexico City"),
    ("Guatemala City", "Guatemala", "Guatemalan", "Guatemala City"),
    ("Bogotá", "Colombia", "Colombian", "Bogotá"),
    ("Medellín", "Colombia", "Colombian", "Bogotá"),
    ("Lima", "Peru", "Peruvian", "Lima"),
    ("Arequipa", "Peru", "Peruvian", "Lima"),
    ("Santiago", "Chile", "Chilean", "Santiago"),
    ("Valparaíso", "Chile", "Chilean", "Santiago"),
    ("Buenos Aires", "Argentina", "Argentine", "Buenos Aires"),
    ("Córdoba", "Argentina", "Argentine", "Buenos Aires"),
    ("São Paulo", "Brazil", "Brazilian", "Brasília"),
    ("Recife", "Brazil", "Brazilian", "Brasília"),
    ("Quito", "Ecuador", "Ecuadorian", "Quito"),
    ("Guayaquil", "Ecuador", "Ecuadorian", "Quito"),
    ("Panama City", "Panama", "Panamanian", "Panama City"),
    ("San José", "Costa Rica", "Costa Rican", "San José"),
    ("Houston", "United States", "US", "Washington"),
    ("Phoenix", "United States", "US", "Washington"),
    ("El Paso", "United States", "US", "Washington"),
    ("Chicago", "United States", "US", "Washington"),
    ("Toronto", "Canada", "Canadian", "Ottawa"),
    ("Vancouver", "Canada", "Canadian", "Ottawa"),
    ("Madrid", "Spain", "Spanish", "Madrid"),
    ("Valencia", "Spain", "Spanish", "Madrid"),
    ("Lisbon", "Portugal", "Portuguese", "Lisbon"),
    ("Porto", "Portugal", "Portuguese", "Lisbon"),
    ("Lyon", "France", "French", "Paris"),
    ("Marseille", "France", "French", "Paris"),
    ("Hamburg", "Germany", "German", "Berlin"),
    ("Munich", "Germany", "German", "Berlin"),
    ("Milan", "Italy", "Italian", "Rome"),
    ("Naples", "Italy", "Italian", "Rome"),
    ("Rotterdam", "Netherlands", "Dutch", "Amsterdam"),
    ("Gdańsk", "Poland", "Polish", "Warsaw"),
    ("Kraków", "Poland", "Polish", "Warsaw"),
    ("Thessaloniki", "Greece", "Greek", "Athens"),
    ("İzmir", "Turkey", "Turkish", "Ankara"),
    ("Gaziantep", "Turkey", "Turkish", "Ankara"),
    ("Bucharest", "Romania", "Romanian", "Bucharest"),
    ("Gothenburg", "Sweden", "Swedish", "Stockholm"),
    ("Bergen", "Norway", "Norwegian", "Oslo"),
    ("Manchester", "United Kingdom", "British", "London"),
    ("Glasgow", "United Kingdom", "British", "London"),
    ("Cork", "Ireland", "Irish", "Dublin"),
    ("Casablanca", "Morocco", "Moroccan", "Rabat"),
    ("Alexandria", "Egypt", "Egyptian", "Cairo"),
    ("Lagos", "Nigeria", "Nigerian", "Abuja"),
    ("Kano", "Nigeria", "Nigerian", "Abuja"),
    ("Accra", "Ghana", "Ghanaian", "Accra"),
    ("Mombasa", "Kenya", "Kenyan", "Nairobi"),
    ("Kisumu", "Kenya", "Kenyan", "Nairobi"),
    ("Dar es Salaam", "Tanzania", "Tanzanian", "Dodoma"),
    ("Addis Ababa", "Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Durban", "South Africa", "South African", "Pretoria"),
    ("Cape Town", "South Africa", "South African", "Pretoria"),
    ("Dakar", "Senegal", "Senegalese", "Dakar"),
    ("Kinshasa", "Democratic Republic of Congo", "Congolese", "Kinshasa"),
    ("Amman", "Jordan", "Jordanian", "Amman"),
    ("Beirut", "Lebanon", "Lebanese", "Beirut"),
    ("Basra", "Iraq", "Iraqi", "Baghdad"),
    ("Karachi", "Pakistan", "Pakistani", "Islamabad"),
    ("Lahore", "Pakistan", "Pakistani", "Islamabad"),
    ("Mumbai", "India", "Indian", "New Delhi"),
    ("Chennai", "India", "Indian", "New Delhi"),
    ("Kolkata", "India", "Indian", "New Delhi"),
    ("Dhaka", "Bangladesh", "Bangladeshi", "Dhaka"),
    ("Colombo", "Sri Lanka", "Sri Lankan", "Colombo"),
    ("Kathmandu", "Nepal", "Nepali", "Kathmandu"),
    ("Chiang Mai", "Thailand", "Thai", "Bangkok"),
    ("Da Nang", "Vietnam", "Vietnamese", "Hanoi"),
    ("Surabaya", "Indonesia", "Indonesian", "Jakarta"),
    ("Medan", "Indonesia", "Indonesian", "Jakarta"),
    ("Cebu", "Philippines", "Philippine", "Manila"),
    ("Davao", "Philippines", "Philippine", "Manila"),
    ("Osaka", "Japan", "Japanese", "Tokyo"),
    ("Sapporo", "Japan", "Japanese", "Tokyo"),
    ("Busan", "South Korea", "South Korean", "Seoul"),
    ("Kaohsiung", "Taiwan", "Taiwanese", "Taipei"),
    ("Perth", "Australia", "Australian", "Canberra"),
    ("Brisbane", "Australia", "Australian", "Canberra"),
    ("Auckland", "New Zealand", "New Zealand", "Wellington"),
)

# (name, dateline style, agency shown in photo credits)
OUTLETS: tuple[tuple[str, str], ...] = (
    ("AFP", "caps-agency"),
    ("Reuters", "reuters"),
    ("AP", "ap"),
    ("Agence France-Presse", "title-agency"),
    ("EFE", "caps-agency"),
    ("dpa", "title-agency"),
    ("ANSA", "caps-agency"),
    ("Kyodo", "caps-agency"),
    ("Xinhua", "title-agency"),
    ("Anadolu", "caps-agency"),
    ("The Daily Ledger", "paren"),
    ("Le Courrier International", "paren"),
    ("The Morning Herald", "byline"),
    ("Global Wire", "byline"),
    ("Metro Tribune", "paren"),
    ("The Continental", "byline"),
    ("Northern Observer", "paren"),
    ("Harbour Times", "byline"),
)

PHOTO_AGENCIES = ("ASSOCIATED PRESS", "REUTERS", "AFP", "GETTY IMAGES", "EPA", "BLOOMBERG")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str  # "Kenyan Interior Minister"

    @property
    def last(self) -> str:
        return self.name.split()[-1]


@dataclass(slots=True)
class World:
    """Recurring people: each country has a head of state and ministers for the corpus."""

    rng: random.Random
    leaders: dict[tuple[str, str], Person] = field(default_factory=dict)
    used_names: set[str] = field(default_factory=set)

    def new_name(self) -> str:
        for _ in range(1000):
            first = self.rng.choice(FIRST_NAMES)
            last = self.rng.choice(SURNAMES)
            if self.rng.random() < 0.15:
                last = (
                    f"{last}-{self.rng.choice(SURNAMES)}"
                    if self.rng.random() < 0.5
                    else (f"{self.rng.choice(SURNAMES)} {last}")
                )
            name = f"{first} {last}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("name pool exhausted")

    def official(self, country: str, adjective: str, office: str) -> Person:
        """A recurring office holder: the same person every time within one corpus."""
        key = (country, office)
        if key not in self.leaders:
            self.leaders[key] = Person(self.new_name(), f"{adjective} {office}")
        return self.leaders[key]

    def person(self, role: str) -> Person:
        return Person(self.new_name(), role)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: Person
    wordings: tuple[str, ...]  # one per "translation"; outlets pick one


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing an article can say, in several wordings; `{}` slots already filled."""

    wordings: tuple[str, ...]
    weight: float = 0.8  # chance that an outlet carries it


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    date: datetime.date
    city: str
    country: str
    adjective: str
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    facts: tuple[Fact, ...]
    quotes: tuple[Quote, ...]
    people: tuple[Person, ...]
    captions: tuple[str, ...]
    subheadings: tuple[str, ...]
    details: tuple[str, ...] = ()  # local colour with this event's own names and places


def number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def approx(rng: random.Random, low: int, high: int, round_to: int = 1) -> int:
    value = rng.randint(low, high)
    return max(round_to, value // round_to * round_to)


def figure(rng: random.Random, value: int, unit: str, disagree: float = 0.25) -> tuple[str, ...]:
    """Wordings of one figure; some outlets report a different number (a disagreement)."""
    qualifiers = ("at least", "more than", "some", "about", "nearly", "")
    forms = []
    for _ in range(3):
        qualifier = rng.choice(qualifiers)
        shown = value
        if rng.random() < disagree:
            shown = value + max(1, value // rng.choice((8, 10, 20)))
        text = f"{number(shown)} {unit}"
        forms.append(f"{qualifier} {text}".strip())
    return tuple(forms)


def money(
    rng: random.Random, low: int, high: int, scales: Sequence[str] = ("million", "billion")
) -> tuple[str, ...]:
    value = rng.randint(low, high) / 10
    currency = rng.choice(("$", "€", "US$"))
    scale = rng.choice(scales)
    return (
        f"{currency}{value:.1f} {scale}",
        f"{'more than ' if rng.random() < 0.5 else ''}{currency}{value:.1f} {scale}",
        f"about {currency}{round(value)} {scale}",
    )


def vary(rng: random.Random, base: str) -> tuple[str, ...]:
    """Translation-like variants of a quotation: a few words swapped for synonyms."""
    swaps = (
        ("work together", "cooperate"),
        ("important", "significant"),
        ("people", "citizens"),
        ("help", "support"),
        ("quickly", "as fast as possible"),
        ("difficult", "hard"),
        ("begin", "start"),
        ("must", "have to"),
        ("everyone", "all of us"),
        ("great", "big"),
        ("problem", "issue"),
        ("now", "at this moment"),
        ("country", "nation"),
    )
    variants = [base]
    for _ in range(2):
        text = base
        for old, new in rng.sample(swaps, 4):
            text = text.replace(old, new)
        variants.append(text)
    return tuple(variants)


EventMaker = Callable[[World, random.Random, datetime.date, tuple[str, str, str, str]], Event]


def _event(
    kind: str,
    date: datetime.date,
    place: tuple[str, str, str, str],
    *,
    headlines: Sequence[str],
    leads: Sequence[str],
    facts: Sequence[Fact],
    quotes: Sequence[Quote],
    people: Sequence[Person],
    captions: Sequence[str],
    subheadings: Sequence[str],
) -> Event:
    city, country, adjective, _capital = place
    return Event(
        kind,
        date,
        city,
        country,
        adjective,
        tuple(headlines),
        tuple(leads),
        tuple(facts),
        tuple(quotes),
        tuple(people),
        tuple(captions),
        tuple(subheadings),
    )


def earthquake(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    magnitude = rng.randint(52, 78) / 10
    deaths = rng.randint(3, 400)
    injured = deaths * rng.randint(3, 9)
    depth = rng.randint(8, 70)
    agency_head = world.person(f"head of {country}'s National Disaster Management Agency")
    president = world.official(country, adj, "President")
    rescuer = world.person(f"a rescue worker in {city}")
    seismologist = world.person("seismologist at the national Geological Institute")
    return _event(
        "earthquake",
        date,
        place,
        headlines=(
            f"Magnitude {magnitude} earthquake strikes near {city}, killing {deaths}",
            f"Deadly quake hits {country}: at least {deaths} dead around {city}",
            f"{adj} rescuers search rubble after {magnitude} quake near {city}",
        ),
        leads=(
            f"A magnitude {magnitude} earthquake struck near {city} on {{weekday}}, killing at least {deaths} people and injuring hundreds, {country}'s National Disaster Management Agency said.",
            f"Rescue teams in {country} dug through collapsed buildings around {city} on {{weekday}} after a powerful earthquake of magnitude {magnitude} killed {deaths} people, officials said.",
            f"At least {deaths} people died when a strong earthquake shook {city} and surrounding towns on {{weekday}}, according to {adj} authorities.",
        ),
        facts=(
            Fact(
                tuple(
                    f"The quake injured {w}, according to the agency."
                    for w in figure(rng, injured, "people")
                )
            ),
            Fact(
                (
                    f"The Geological Institute measured the quake at a depth of {depth} km.",
                    f"Its epicentre lay {rng.randint(10, 90)} km from {city}, at a depth of {depth} km.",
                )
            ),
            Fact(
                tuple(
                    f"{w} were damaged or destroyed, the agency said."
                    for w in figure(rng, rng.randint(200, 9000), "buildings")
                )
            ),
            Fact(
                tuple(
                    f"Authorities opened shelters for {w} who left their homes."
                    for w in figure(rng, rng.randint(1000, 90000), "residents", 0.1)
                )
            ),
            Fact(
                (
                    f"President {president.name} declared three days of national mourning.",
                    f"{president.role} {president.name} ordered flags flown at half-mast.",
                )
            ),
            Fact(
                (
                    f"Aftershocks of up to magnitude {rng.randint(40, 55) / 10} kept residents outdoors through the night.",
                    "Dozens of aftershocks rattled the region overnight.",
                )
            ),
            Fact(
                (
                    f"The Red Cross said it had sent {rng.randint(40, 300)} volunteers and emergency supplies to {city}.",
                )
            ),
        ),
        quotes=(
            Quote(
                agency_head,
                vary(
                    rng,
                    f"We will keep searching as long as there is hope of finding people alive under the rubble in {city}.",
                ),
            ),
            Quote(
                president,
                vary(
                    rng,
                    "The whole country stands with the families, and the state will help everyone rebuild their homes quickly.",
                ),
            ),
            Quote(
                rescuer,
                vary(
                    rng,
                    "We heard voices under the concrete this morning, and we must reach them before the night.",
                ),
            ),
            Quote(
                seismologist,
                vary(
                    rng,
                    "This fault has been accumulating stress for decades, and a quake of this size was expected.",
                ),
            ),
        ),
        people=(agency_head, president, rescuer, seismologist),
        captions=(
            f"Rescuers search the rubble of a collapsed building in {city}",
            f"Residents gather outside damaged homes in {city}",
        ),
        subheadings=("Search for survivors", "Aid arrives", "A seismic zone"),
    )


def flood(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    rain = rng.randint(90, 420)
    deaths = rng.randint(2, 120)
    evacuated = approx(rng, 1000, 150000, 100)
    river = f"{rng.choice(SURNAMES)} River"
    governor = world.person(f"governor of the {city} region")
    minister = world.official(country, adj, "Interior Minister")
    resident = world.person(f"a shopkeeper in {city}")
    forecaster = world.person("chief forecaster at the national weather service")
    return _event(
        "flood",
        date,
        place,
        headlines=(
            f"Floods in {city} kill {deaths} as the {river} bursts its banks",
            f"{country} floods: thousands evacuated around {city}",
            f"Torrential rain swamps {city}, {deaths} dead",
        ),
        leads=(
            f"Floods triggered by torrential rain killed at least {deaths} people in and around {city} on {{weekday}} after the {river} burst its banks, {adj} officials said.",
            f"Thousands of people fled their homes in {city} on {{weekday}} as the {river} overflowed after days of heavy rain, leaving {deaths} dead.",
        ),
        facts=(
            Fact(
                tuple(
                    f"The weather service recorded {w} of rain in 48 hours."
                    for w in figure(rng, rain, "mm", 0.2)
                )
            ),
            Fact(tuple(f"Authorities evacuated {w}." for w in figure(rng, evacuated, "residents"))),
            Fact(tuple(f"Damage was estimated at {w}." for w in money(rng, 50, 900))),
            Fact(
                (
                    f"Interior Minister {minister.name} flew over the flooded districts by helicopter.",
                    f"{minister.role} {minister.name} visited shelters in {city}.",
                )
            ),
            Fact(
                (
                    f"Schools in {city} will stay closed until the water recedes.",
                    "Classes were suspended across the region.",
                )
            ),
            Fact((f"The {river} rose {rng.randint(3, 9)} metres above its normal level.",)),
        ),
        quotes=(
            Quote(
                governor,
                vary(
                    rng,
                    f"The water came up so quickly that people had no time to save anything in {city}.",
                ),
            ),
            Quote(
                minister,
                vary(
                    rng,
                    "We will help every family that lost its home, and the army is now on the ground.",
                ),
            ),
            Quote(
                resident,
                vary(rng, "Everything I owned is under the water, and nobody warned us to leave."),
            ),
            Quote(
                forecaster,
                vary(
                    rng,
                    "More rain is expected this week, so the danger is not over for people near the river.",
                ),
            ),
        ),
        people=(governor, minister, resident, forecaster),
        captions=(f"A flooded street in {city}", f"Residents wade through water near the {river}"),
        subheadings=("Rising water", "Evacuations", "Warnings ignored"),
    )


def election(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, capital = place
    winner = world.person(
        f"candidate of the {rng.choice(('Democratic', 'Progressive', 'National', 'Civic', 'Green'))} {rng.choice(('Alliance', 'Party', 'Front', 'Movement'))}"
    )
    loser = world.person("opposition candidate")
    turnout = rng.randint(410, 820) / 10
    share = rng.randint(420, 640) / 10
    commission = world.person(f"chair of {country}'s Electoral Commission")
    observer = world.person("head of the regional observer mission")
    return _event(
        "election",
        date,
        place,
        headlines=(
            f"{winner.name} wins {adj} election with {share} percent",
            f"{country} elects {winner.name} as president after tight race",
            f"{adj} voters hand {winner.name.split()[-1]} victory, turnout at {turnout}%",
        ),
        leads=(
            f"{winner.name} won {country}'s presidential election on {{weekday}} with {share} percent of the vote, the Electoral Commission said, defeating {loser.name}.",
            f"{adj} voters chose {winner.name} as their next president, preliminary results showed on {{weekday}}, after a campaign dominated by the cost of living.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Turnout reached {w}, the commission said."
                    for w in (
                        f"{turnout} percent",
                        f"about {round(turnout)} percent",
                        f"{turnout}%",
                    )
                )
            ),
            Fact(
                tuple(
                    f"{loser.name} took {w}."
                    for w in (
                        f"{round(100 - share - 5, 1)} percent",
                        f"about {round(100 - share - 5)} percent",
                    )
                )
            ),
            Fact(
                tuple(
                    f"{w[0].upper()}{w[1:]} were registered to vote."
                    for w in figure(rng, rng.randint(2, 90) * 100000, "voters", 0.1)
                )
            ),
            Fact(
                (
                    f"Supporters celebrated in the streets of {capital} and {city} late into the night.",
                )
            ),
            Fact(
                (
                    f"{loser.name} conceded defeat in a speech in {city}.",
                    f"{loser.name} said the campaign would study the results before conceding.",
                )
            ),
        ),
        quotes=(
            Quote(
                winner,
                vary(
                    rng,
                    "Tonight the people chose hope, and I will be the president of everyone in this country.",
                ),
            ),
            Quote(
                loser, vary(rng, "We must respect the result, but our movement will not disappear.")
            ),
            Quote(
                commission,
                vary(rng, "The count was transparent and every polling station reported on time."),
            ),
            Quote(observer, vary(rng, "The vote was calm and orderly, with only minor problems.")),
        ),
        people=(winner, loser, commission, observer),
        captions=(
            f"{winner.name} greets supporters in {city}",
            f"Voters queue at a polling station in {city}",
        ),
        subheadings=("Results", "Reactions abroad", "What comes next"),
    )


def trade(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, capital = place
    other = rng.choice(PLACES)
    while other[1] == country:
        other = rng.choice(PLACES)
    minister = world.official(country, adj, "Trade Minister")
    counterpart = world.official(other[1], other[2], "Trade Minister")
    analyst = world.person(
        f"an economist at the {rng.choice(('Institute', 'Centre', 'Foundation'))} for {rng.choice(('Trade', 'Economic', 'Global'))} Studies"
    )
    tariff = rng.randint(5, 35)
    volume = rng.randint(12, 480)
    return _event(
        "trade",
        date,
        place,
        headlines=(
            f"{country} and {other[1]} sign trade deal cutting tariffs to {tariff}%",
            f"{adj} and {other[2]} ministers agree trade pact in {city}",
            f"Trade pact between {country} and {other[1]} to lift exports",
        ),
        leads=(
            f"{country} and {other[1]} signed a trade agreement in {city} on {{weekday}} that cuts tariffs on most goods to {tariff} percent, their trade ministers said.",
            f"The trade ministers of {country} and {other[1]}, {minister.name} and {counterpart.name}, agreed on {{weekday}} in {city} to lower tariffs between the two countries.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Trade between the two countries reached {w} last year."
                    for w in money(rng, volume, volume + 5)
                )
            ),
            Fact(
                (
                    f"Tariffs on farm products will fall over {rng.randint(3, 10)} years.",
                    "Farm goods get a longer transition period.",
                )
            ),
            Fact(
                tuple(
                    f"The deal should create {w}, the ministry said."
                    for w in figure(rng, approx(rng, 2000, 80000, 500), "jobs")
                )
            ),
            Fact(
                (
                    f"The agreement still needs the approval of the parliaments in {capital} and {other[3]}.",
                )
            ),
            Fact(
                (
                    f"Car makers and steel producers lobbied hard during {rng.randint(3, 14)} rounds of talks.",
                )
            ),
        ),
        quotes=(
            Quote(
                minister,
                vary(
                    rng,
                    f"This agreement is important for our exporters, and we will begin applying it now in {country}.",
                ),
            ),
            Quote(
                counterpart,
                vary(rng, "Our two countries work together better when trade is open and fair."),
            ),
            Quote(
                analyst,
                vary(
                    rng,
                    "The gains are real but modest, and the difficult part is the farm chapter.",
                ),
            ),
        ),
        people=(minister, counterpart, analyst),
        captions=(
            f"{minister.name} and {counterpart.name} shake hands in {city}",
            f"Containers at the port of {city}",
        ),
        subheadings=("What the deal covers", "Critics"),
    )


def strike(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    sector = rng.choice(("rail", "dock", "hospital", "teachers'", "metro", "airport"))
    union = f"{adj} {sector.capitalize().rstrip(chr(39))} Workers' Union"
    workers = approx(rng, 2000, 120000, 500)
    raise_pct = rng.randint(4, 18)
    leader = world.person(f"general secretary of the {union}")
    minister = world.official(country, adj, "Labour Minister")
    commuter = world.person(f"a commuter in {city}")
    return _event(
        "strike",
        date,
        place,
        headlines=(
            f"{sector.capitalize()} strike paralyses {city} as {number(workers)} walk out",
            f"{adj} {sector} workers strike for {raise_pct}% pay rise",
            f"Strike halts {sector} services in {city}",
        ),
        leads=(
            f"About {number(workers)} {sector} workers walked off the job in {city} on {{weekday}}, demanding a {raise_pct} percent pay rise, the {union} said.",
            f"A strike by {sector} workers brought {city} to a standstill on {{weekday}}, as the {union} pressed for higher wages.",
        ),
        facts=(
            Fact(
                tuple(
                    f"The union says {w} joined the walkout."
                    for w in figure(rng, workers, "workers", 0.4)
                )
            ),
            Fact(
                (
                    f"The government has offered {rng.randint(2, raise_pct - 1)} percent.",
                    f"{minister.role} {minister.name} called the demand unaffordable.",
                )
            ),
            Fact(
                tuple(
                    f"Employers said the strike cost {w} a day."
                    for w in money(rng, 10, 300, ("million",))
                )
            ),
            Fact((f"The strike is set to last {rng.randint(2, 7)} days.",)),
        ),
        quotes=(
            Quote(
                leader,
                vary(
                    rng,
                    "Our members cannot pay their rent any more, and we will not go back to work for promises.",
                ),
            ),
            Quote(
                minister,
                vary(rng, "The door is open, but the country cannot afford this demand now."),
            ),
            Quote(
                commuter,
                vary(
                    rng,
                    "It took me three hours to get to work today, it is difficult for everyone.",
                ),
            ),
        ),
        people=(leader, minister, commuter),
        captions=(f"Striking workers march in {city}", f"An empty platform in {city}"),
        subheadings=("Talks stalled", "Disruption"),
    )


def court(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    defendant = world.person(
        rng.choice(
            (
                "former mayor of " + city,
                "former health minister",
                "businessman",
                "former police chief",
            )
        )
    )
    judge = world.person(f"presiding judge of the {city} court")
    lawyer = world.person(f"lawyer for {defendant.name}")
    prosecutor = world.person("chief prosecutor")
    years = rng.randint(2, 25)
    return _event(
        "court",
        date,
        place,
        headlines=(
            f"{defendant.name} sentenced to {years} years for corruption",
            f"{adj} court jails {defendant.role} {defendant.name.split()[-1]}",
            f"Court in {city} convicts {defendant.name} in bribery case",
        ),
        leads=(
            f"A court in {city} sentenced {defendant.role} {defendant.name} to {years} years in prison on {{weekday}} for taking bribes in exchange for public contracts.",
            f"{defendant.name}, a {defendant.role}, was found guilty of corruption by a court in {city} on {{weekday}} and given a {years}-year sentence.",
        ),
        facts=(
            Fact(tuple(f"Prosecutors said the bribes totalled {w}." for w in money(rng, 5, 400))),
            Fact(tuple(f"The court also imposed a fine of {w}." for w in money(rng, 1, 90))),
            Fact(
                (
                    f"The trial lasted {rng.randint(3, 30)} months and heard {rng.randint(20, 140)} witnesses.",
                )
            ),
            Fact((f"{lawyer.name} said the defence would appeal.",)),
        ),
        quotes=(
            Quote(
                judge, vary(rng, "The evidence shows a system of payments that lasted for years.")
            ),
            Quote(lawyer, vary(rng, "My client is innocent and we will appeal this decision now.")),
            Quote(
                prosecutor,
                vary(
                    rng, "This ruling sends a message that nobody is above the law in this country."
                ),
            ),
        ),
        people=(defendant, judge, lawyer, prosecutor),
        captions=(f"{defendant.name} arrives at court in {city}",),
        subheadings=("The case", "Appeal"),
    )


def company(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    name = f"{rng.choice(SURNAMES)} {rng.choice(('Motors', 'Steel', 'Telecom', 'Foods', 'Energy', 'Airlines', 'Pharma', 'Textiles'))}"
    ceo = world.person(f"chief executive of {name}")
    analyst = world.person(f"an analyst at {rng.choice(SURNAMES)} Securities")
    union = world.person(f"a union representative at the {city} plant")
    jobs = approx(rng, 200, 12000, 50)
    revenue = rng.randint(8, 900)
    return _event(
        "company",
        date,
        place,
        headlines=(
            f"{name} to cut {number(jobs)} jobs after profit slump",
            f"{adj} firm {name} announces layoffs at {city} plant",
            f"{name} shares fall as it cuts {number(jobs)} jobs",
        ),
        leads=(
            f"{name}, the {adj} {name.split()[-1].lower()} group, said on {{weekday}} it would cut {number(jobs)} jobs and close its plant in {city} after a sharp fall in profit.",
            f"Shares in {name} fell on {{weekday}} after the company announced {number(jobs)} job cuts, most of them in {city}.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Revenue fell to {w} in the last quarter."
                    for w in money(rng, revenue, revenue + 8)
                )
            ),
            Fact(
                tuple(
                    f"The shares dropped {w} in {city} trading."
                    for w in (
                        f"{rng.randint(3, 19)}.{rng.randint(0, 9)} percent",
                        f"about {rng.randint(3, 19)} percent",
                    )
                )
            ),
            Fact(
                tuple(
                    f"The company employs {w} worldwide."
                    for w in figure(rng, approx(rng, 5000, 90000, 1000), "people", 0.1)
                )
            ),
            Fact((f"{ceo.name} took over as chief executive {rng.randint(2, 11)} months ago.",)),
        ),
        quotes=(
            Quote(
                ceo,
                vary(
                    rng,
                    "These are difficult decisions, but we must adapt to a market that has changed.",
                ),
            ),
            Quote(
                analyst,
                vary(rng, "The cuts were expected, the problem is that demand is not coming back."),
            ),
            Quote(
                union, vary(rng, f"Families in {city} will pay for mistakes made by management.")
            ),
        ),
        people=(ceo, analyst, union),
        captions=(f"The {name} plant in {city}",),
        subheadings=("Restructuring", "Union reaction"),
    )


def outbreak(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    disease = rng.choice(("cholera", "measles", "dengue fever", "mpox", "diphtheria"))
    cases = approx(rng, 80, 40000, 10)
    deaths = rng.randint(2, max(3, cases // 50))
    minister = world.official(country, adj, "Health Minister")
    who = world.person("World Health Organization representative")
    doctor = world.person(f"a doctor at the main hospital in {city}")
    return _event(
        "outbreak",
        date,
        place,
        headlines=(
            f"{disease.capitalize()} outbreak in {city}: {number(cases)} cases",
            f"{country} battles {disease} outbreak, {deaths} dead",
            f"Health officials race to contain {disease} in {city}",
        ),
        leads=(
            f"Health authorities in {country} reported {number(cases)} cases of {disease} around {city} on {{weekday}}, and {deaths} deaths, as they began a vaccination campaign.",
            f"An outbreak of {disease} has spread in {city}, {adj} Health Minister {minister.name} said on {{weekday}}.",
        ),
        facts=(
            Fact(
                tuple(
                    f"The ministry counted {w} since the start of the month."
                    for w in figure(rng, cases, "cases")
                )
            ),
            Fact(
                tuple(
                    f"The WHO has shipped {w}."
                    for w in figure(rng, approx(rng, 10000, 2000000, 1000), "vaccine doses", 0.1)
                )
            ),
            Fact(
                (
                    f"{deaths} people have died, most of them children.",
                    f"The death toll stands at {deaths}.",
                )
            ),
            Fact((f"Hospitals in {city} opened isolation wards.",)),
        ),
        quotes=(
            Quote(
                minister, vary(rng, "We will vaccinate everyone in the affected districts quickly.")
            ),
            Quote(
                who,
                vary(
                    rng,
                    "The next two weeks are important, people must wash their hands and drink safe water.",
                ),
            ),
            Quote(
                doctor, vary(rng, "We have more patients than beds, it is a difficult situation.")
            ),
        ),
        people=(minister, who, doctor),
        captions=(f"A vaccination centre in {city}",),
        subheadings=("Vaccination campaign", "Hospitals under strain"),
    )


def accident(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    vehicle = rng.choice(("train", "bus", "ferry"))
    deaths = rng.randint(2, 90)
    passengers = deaths * rng.randint(3, 12)
    operator = (
        f"{adj} {rng.choice(('National', 'State', 'Regional'))} {vehicle.capitalize()} Company"
    )
    minister = world.official(country, adj, "Transport Minister")
    survivor = world.person("a passenger")
    investigator = world.person("head of the accident investigation board")
    return _event(
        "accident",
        date,
        place,
        headlines=(
            f"{vehicle.capitalize()} crash near {city} kills {deaths}",
            f"{deaths} dead as {vehicle} crashes outside {city}",
            f"Investigators probe deadly {vehicle} accident in {country}",
        ),
        leads=(
            f"At least {deaths} people were killed when a {vehicle} crashed near {city} on {{weekday}}, {adj} officials said.",
            f"A {vehicle} carrying {passengers} passengers crashed outside {city} on {{weekday}}, killing {deaths}, according to the {operator}.",
        ),
        facts=(
            Fact(
                tuple(
                    f"The {vehicle} was carrying {w}."
                    for w in figure(rng, passengers, "passengers", 0.3)
                )
            ),
            Fact(
                tuple(
                    f"It was travelling at {w} when it crashed."
                    for w in (f"{rng.randint(40, 160)} km/h", f"about {rng.randint(40, 160)} km/h")
                )
            ),
            Fact(
                (
                    f"Transport Minister {minister.name} ordered an inquiry.",
                    f"{minister.role} {minister.name} suspended the operator's managers.",
                )
            ),
            Fact((f"The accident happened {rng.randint(5, 80)} km from {city}.",)),
        ),
        quotes=(
            Quote(
                survivor, vary(rng, "There was a great noise and then everyone was thrown forward.")
            ),
            Quote(
                minister,
                vary(
                    rng,
                    "We will find out what went wrong and the people responsible will answer for it.",
                ),
            ),
            Quote(
                investigator,
                vary(
                    rng,
                    "It is too early to say whether the cause was human error or a problem with the track.",
                ),
            ),
        ),
        people=(minister, survivor, investigator),
        captions=(f"Emergency services at the site of the crash near {city}",),
        subheadings=("The crash", "Investigation"),
    )


def protest(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, capital = place
    cause = rng.choice(
        (
            "fuel prices",
            "a pension reform",
            "a new tax on food",
            "water shortages",
            "a mining project",
        )
    )
    crowd = approx(rng, 3000, 300000, 1000)
    arrests = rng.randint(5, 400)
    organiser = world.person("protest organiser")
    police = world.person(f"police spokesperson in {city}")
    pm = world.official(country, adj, "Prime Minister")
    return _event(
        "protest",
        date,
        place,
        headlines=(
            f"Tens of thousands march in {city} against {cause}",
            f"Protests over {cause} spread across {country}",
            f"Police arrest {arrests} as {city} protest turns violent",
        ),
        leads=(
            f"Tens of thousands of people marched through {city} on {{weekday}} to protest against {cause}, in the largest demonstration in {country} this year.",
            f"Police in {city} arrested {arrests} people on {{weekday}} as a protest against {cause} turned into clashes.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Organisers put the crowd at {w}." for w in figure(rng, crowd, "people", 0.5)
                )
            ),
            Fact(
                (
                    f"Police said {arrests} people were arrested.",
                    f"{arrests} protesters were detained, police said.",
                )
            ),
            Fact(
                (
                    f"Prime Minister {pm.name} said the government would not back down.",
                    f"{pm.role} {pm.name} called for calm.",
                )
            ),
            Fact((f"Similar marches took place in {capital}.",)),
        ),
        quotes=(
            Quote(
                organiser,
                vary(rng, f"The people of {city} cannot pay more, the government must listen now."),
            ),
            Quote(
                police,
                vary(rng, "A small group attacked officers, and most of the march was peaceful."),
            ),
            Quote(pm, vary(rng, "The reform is difficult but necessary for the country.")),
        ),
        people=(organiser, police, pm),
        captions=(f"Protesters in central {city}",),
        subheadings=("Clashes", "Government response"),
    )


def rates(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, capital = place
    governor = world.official(country, adj, "Central Bank Governor")
    economist = world.person(f"chief economist at {rng.choice(SURNAMES)} Bank")
    rate = rng.randint(5, 130) / 4
    inflation = rng.randint(15, 250) / 10
    move = rng.choice(("raised", "cut", "kept"))
    return _event(
        "rates",
        date,
        place,
        headlines=(
            f"{adj} central bank {move} rates at {rate} percent",
            f"{country} interest rates {move} as inflation hits {inflation}%",
            f"Central Bank of {country} {move} its key rate",
        ),
        leads=(
            f"The Central Bank of {country} {move} its key interest rate at {rate} percent on {{weekday}}, as annual inflation stood at {inflation} percent.",
            f"{adj} central bankers {move} borrowing costs on {{weekday}}, Governor {governor.name} told reporters in {capital}.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Inflation was {w} in the year to last month."
                    for w in (
                        f"{inflation} percent",
                        f"{inflation}%",
                        f"nearly {round(inflation)} percent",
                    )
                )
            ),
            Fact((f"The decision was taken by {rng.randint(5, 9)} votes to {rng.randint(0, 3)}.",)),
            Fact(
                (
                    f"The currency {rng.choice(('rose', 'fell'))} {rng.randint(2, 30) / 10} percent after the announcement.",
                )
            ),
        ),
        quotes=(
            Quote(
                governor,
                vary(rng, "We will do what is necessary to bring inflation back to target."),
            ),
            Quote(economist, vary(rng, "The bank had little choice, the problem is food prices.")),
        ),
        people=(governor, economist),
        captions=(f"The Central Bank building in {capital}",),
        subheadings=("Inflation outlook",),
    )


def wildfire(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    hectares = approx(rng, 500, 90000, 100)
    firefighters = approx(rng, 100, 4000, 50)
    homes = rng.randint(10, 900)
    chief = world.person(f"regional fire chief in {city}")
    minister = world.official(country, adj, "Environment Minister")
    resident = world.person(f"a resident of a village near {city}")
    return _event(
        "wildfire",
        date,
        place,
        headlines=(
            f"Wildfire near {city} burns {number(hectares)} hectares",
            f"Thousands flee as wildfire rages outside {city}",
            f"{adj} firefighters battle blaze near {city}",
        ),
        leads=(
            f"A wildfire fanned by strong winds has burned {number(hectares)} hectares near {city}, {adj} authorities said on {{weekday}}, forcing thousands to leave their homes.",
            f"More than {number(firefighters)} firefighters were fighting a wildfire near {city} on {{weekday}}.",
        ),
        facts=(
            Fact(
                tuple(f"The fire has burned {w}." for w in figure(rng, hectares, "hectares", 0.4))
            ),
            Fact(
                tuple(
                    f"{w.capitalize()} are fighting the flames."
                    for w in figure(rng, firefighters, "firefighters", 0.2)
                )
            ),
            Fact((f"{homes} homes were destroyed.", f"The blaze has destroyed {homes} houses.")),
            Fact((f"Temperatures reached {rng.randint(36, 46)} degrees Celsius.",)),
        ),
        quotes=(
            Quote(
                chief,
                vary(
                    rng,
                    "The wind changes direction every hour, which makes this fire difficult to predict.",
                ),
            ),
            Quote(
                minister,
                vary(rng, "Climate change means fires like this one will become more common."),
            ),
            Quote(
                resident,
                vary(
                    rng,
                    "We left with the clothes we had on, we could see the flames from the road.",
                ),
            ),
        ),
        people=(chief, minister, resident),
        captions=(f"Smoke rises over the hills near {city}",),
        subheadings=("Evacuations", "Heat and wind"),
    )


def summit(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    topic = rng.choice(
        ("climate finance", "migration", "energy security", "food security", "ocean protection")
    )
    pledge = rng.randint(5, 300)
    host = world.official(country, adj, "Foreign Minister")
    other = rng.choice(PLACES)
    guest = world.official(other[1], other[2], "Foreign Minister")
    envoy = world.person(f"UN special envoy for {topic}")
    activist = world.person(
        f"an activist with {rng.choice(('Oxfam', 'Greenpeace', 'Amnesty International', 'Save the Children'))}"
    )
    return _event(
        "summit",
        date,
        place,
        headlines=(
            f"{city} summit on {topic} ends with ${pledge} billion pledge",
            f"Ministers meet in {city} on {topic}",
            f"{topic.capitalize()} talks in {city}: what was agreed",
        ),
        leads=(
            f"Ministers from {rng.randint(12, 60)} countries meeting in {city} agreed on {{weekday}} to mobilise ${pledge} billion for {topic}, host Foreign Minister {host.name} said.",
            f"A two-day summit on {topic} closed in {city} on {{weekday}} with new pledges but no binding targets.",
        ),
        facts=(
            Fact(
                tuple(
                    f"Donors pledged {w} over five years."
                    for w in (
                        f"${pledge} billion",
                        f"about ${pledge} billion",
                        f"more than ${pledge - 1} billion",
                    )
                )
            ),
            Fact((f"{guest.role} {guest.name} called the agreement a first step.",)),
            Fact((f"Delegations from {rng.randint(12, 60)} countries attended.",)),
            Fact((f"The next meeting will be held in {other[0]}.",)),
        ),
        quotes=(
            Quote(
                host,
                vary(
                    rng,
                    f"The countries gathered in {city} showed that we can work together on a great problem.",
                ),
            ),
            Quote(
                guest,
                vary(
                    rng, "This is important, but the money must now reach the people who need it."
                ),
            ),
            Quote(envoy, vary(rng, "Pledges are not enough, we must begin delivering now.")),
            Quote(
                activist, vary(rng, "Rich countries keep making promises that they do not keep.")
            ),
        ),
        people=(host, guest, envoy, activist),
        captions=(f"Delegates at the summit in {city}",),
        subheadings=("The pledge", "Criticism"),
    )


def seizure(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    tonnes = rng.randint(5, 300) / 10
    drug = rng.choice(("cocaine", "methamphetamine", "cannabis resin", "heroin"))
    arrests = rng.randint(2, 40)
    chief = world.person(f"head of {country}'s anti-narcotics police")
    prosecutor = world.person("organised crime prosecutor")
    return _event(
        "seizure",
        date,
        place,
        headlines=(
            f"Police seize {tonnes} tonnes of {drug} at {city} port",
            f"Record {drug} haul in {city}: {arrests} arrested",
            f"{adj} police find {drug} hidden in banana containers",
        ),
        leads=(
            f"{adj} police seized {tonnes} tonnes of {drug} hidden in a shipment of bananas at the port of {city}, officials said on {{weekday}}.",
            f"Police arrested {arrests} people in {city} on {{weekday}} after finding {tonnes} tonnes of {drug} in shipping containers.",
        ),
        facts=(
            Fact(tuple(f"The drugs have a street value of {w}." for w in money(rng, 20, 900))),
            Fact((f"{arrests} people were arrested in {rng.randint(2, 6)} raids.",)),
            Fact((f"The shipment came from {rng.choice(PLACES)[1]}.",)),
        ),
        quotes=(
            Quote(chief, vary(rng, "This is a great blow against the gangs that use our ports.")),
            Quote(
                prosecutor, vary(rng, "The investigation is not over, we will follow the money.")
            ),
        ),
        people=(chief, prosecutor),
        captions=(f"Police display seized packages in {city}",),
        subheadings=("The haul",),
    )


def heatwave(
    world: World, rng: random.Random, date: datetime.date, place: tuple[str, str, str, str]
) -> Event:
    city, country, adj, _ = place
    temperature = rng.randint(380, 495) / 10
    deaths = rng.randint(0, 60)
    forecaster = world.person("national weather service spokesperson")
    mayor = world.person(f"mayor of {city}")
    doctor = world.person(f"emergency doctor in {city}")
    return _event(
        "heatwave",
        date,
        place,
        headlines=(
            f"{city} swelters at {temperature}C as heatwave grips {country}",
            f"Heatwave: {country} records {temperature} degrees in {city}",
            f"Record heat in {city}, authorities issue red alert",
        ),
        leads=(
            f"Temperatures reached {temperature} degrees Celsius in {city} on {{weekday}}, a record for the city, as a heatwave settled over {country}.",
            f"Authorities in {country} issued a red heat alert on {{weekday}} after thermometers in {city} hit {temperature}C.",
        ),
        facts=(
            Fact(
                (
                    f"The previous record of {temperature - rng.randint(3, 20) / 10} degrees dated from {rng.randint(1950, 2019)}.",
                )
            ),
            Fact(
                (
                    f"{deaths} deaths have been linked to the heat.",
                    f"Officials linked {deaths} deaths to the heat.",
                )
            ),
            Fact(
                tuple(
                    f"Electricity demand rose {w}."
                    for w in (
                        f"{rng.randint(5, 30)} percent",
                        f"about {rng.randint(5, 30)} percent",
                    )
                )
            ),
        ),
        quotes=(
            Quote(
                forecaster,
                vary(
                    rng,
                    "The heat will last at least until the weekend, people must stay inside at midday.",
                ),
            ),
            Quote(mayor, vary(rng, f"We opened cool rooms in every district of {city}.")),
            Quote(doctor, vary(rng, "Elderly people are arriving dehydrated, many live alone.")),
        ),
        people=(forecaster, mayor, doctor),
        captions=(f"People cool off in a fountain in {city}",),
        subheadings=("Record temperatures", "Health warnings"),
    )


MAKERS: tuple[EventMaker, ...] = (
    earthquake,
    flood,
    election,
    trade,
    strike,
    court,
    company,
    outbreak,
    accident,
    protest,
    rates,
    wildfire,
    summit,
    seizure,
    heatwave,
)

# Generic context sentences: they make articles as long as real ones (400-700 words)
# while naming the event's own places and people, so they stay event-specific.
BACKGROUND = (
    "{country} has faced {n} similar crises in the past decade, according to official figures.",
    "The government in {capital} has been under pressure over its handling of the economy.",
    "Opposition lawmakers called for a debate in parliament next week.",
    "Local media in {city} reported long queues outside public offices.",
    "International partners offered assistance, the foreign ministry in {capital} said.",
    "Analysts said the events would weigh on the government ahead of next year's budget.",
    "The region around {city} is home to about {m} million people.",
    "Officials promised an update on the situation later in the week.",
    "{pname} has held the post since {year}.",
    "Critics accuse {pname} of having ignored earlier warnings.",
    "The {adj} press gave the story wide coverage on its front pages.",
    "Television channels in {capital} broadcast live pictures from {city} for most of the day.",
    "Residents of {city} said they had been expecting something like this for years.",
    "The last comparable event in {country} happened in {year}, when {n} people were affected.",
    "Neighbouring countries said they were following the situation closely.",
    "Markets in {capital} were little changed by the news.",
    "A spokesperson for the presidency in {capital} declined to comment further.",
    "Social media was flooded with videos from {city}, some of which could not be verified.",
    "The issue is expected to dominate the next session of parliament.",
    "Human rights groups urged the authorities to be transparent about what happened.",
    "The mayor's office in {city} set up a telephone line for families.",
    "Business groups in {city} warned of losses for small companies.",
    "A poll published last month showed that {m}0 percent of {adj} voters were worried about the issue.",
    "The European Union and the United Nations issued statements of concern.",
    "{pname} is due to travel to {capital} on {next_weekday} for further meetings.",
    "Tourism, a major source of income for {city}, could suffer in the coming months.",
    "Independent experts said it would take weeks to assess the full consequences.",
    "The story drew comparisons with events in {other} {n} years ago.",
)

KIND_CONTEXT: dict[str, tuple[str, ...]] = {
    "earthquake": (
        "{country} lies on several active faults.",
        "Building codes were tightened in {year}, but many older houses in {city} were built before then.",
        "Mobile phone networks were down in parts of {city} for hours.",
    ),
    "flood": (
        "The rainy season usually peaks in the coming weeks.",
        "Drainage works promised for {city} in {year} were never finished.",
        "Farmers reported heavy losses of crops and livestock.",
    ),
    "election": (
        "The new president takes office in {n} weeks.",
        "The campaign was marked by debates over inflation and security.",
        "Parliamentary elections are due in {year_next}.",
    ),
    "trade": (
        "Negotiations began in {year}.",
        "Exporters had complained about high tariffs for years.",
        "The deal follows a series of similar agreements in the region.",
    ),
    "strike": (
        "Unions have held {n} strikes since the start of the year.",
        "Wages have not kept up with inflation since {year}.",
        "Talks between the union and the ministry broke down last week.",
    ),
    "court": (
        "The case was opened in {year} after a tip from a whistleblower.",
        "Corruption is a major concern for {adj} voters.",
        "Several co-defendants received shorter sentences.",
    ),
    "company": (
        "The sector has struggled with weak demand and high energy costs.",
        "The company was founded in {city} in {year}.",
        "Rivals have announced similar cuts this year.",
    ),
    "outbreak": (
        "Poor sanitation in crowded districts helps the disease spread.",
        "The last large outbreak in {country} was in {year}.",
        "Vaccination rates fell during the pandemic years.",
    ),
    "accident": (
        "The line was built in the {decade}s and has not been modernised since.",
        "Safety experts have long warned about ageing equipment.",
        "It is the deadliest accident in {country} since {year}.",
    ),
    "protest": (
        "The movement began on social media {n} weeks ago.",
        "Previous protests in {year} forced the government to back down.",
        "Unions have called for a general strike.",
    ),
    "rates": (
        "The bank has changed rates {n} times since {year}.",
        "Food and energy prices drive most of the inflation.",
        "The next policy meeting is in six weeks.",
    ),
    "wildfire": (
        "The region has had almost no rain for {n} months.",
        "Fire seasons have grown longer since {year}.",
        "Several roads around {city} remain closed.",
    ),
    "summit": (
        "The previous summit, in {year}, ended without agreement.",
        "Developing countries have asked for grants rather than loans.",
        "Negotiators worked through the night on the final text.",
    ),
    "seizure": (
        "The port of {city} handles millions of containers a year.",
        "Gangs increasingly use ports in the region as transit points.",
        "It is the largest seizure in {country} since {year}.",
    ),
    "heatwave": (
        "Heatwaves in {country} have become more frequent since {year}.",
        "Hospitals cancelled planned operations to free beds.",
        "Farmers warned of a poor harvest.",
    ),
}


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    text: str
    event: int  # index of the event: articles of one event belong to one story


def long_date(date: datetime.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def stamp_time(rng: random.Random) -> str:
    hour = rng.randint(1, 12)
    return f"{hour}:{rng.randint(0, 59):02d} {rng.choice(('a.m.', 'p.m.'))}"


def dateline(style: str, outlet: str, event: Event, date: datetime.date) -> str:
    city = event.city
    if style == "caps-agency":
        return f"{city.upper()} ({outlet}) —"
    if style == "title-agency":
        return f"{city} ({outlet}) –"
    if style == "reuters":
        return f"{city.upper()}, {date:%b} {date.day} (Reuters) -"
    if style == "ap":
        return f"{city.upper()}, {event.country} (AP) —"
    return f"({city})"


def fill(template: str, event: Event, date: datetime.date, rng: random.Random) -> str:
    person = rng.choice(event.people)
    year = rng.randint(1985, event.date.year - 1)
    return template.format(
        weekday=WEEKDAYS[event.date.weekday()],
        city=event.city,
        country=event.country,
        adj=event.adjective,
        capital=next(p[3] for p in PLACES if p[1] == event.country),
        n=rng.randint(3, 12),
        m=rng.randint(1, 9),
        year=year,
        year_next=event.date.year + 1,
        decade=year // 10 * 10,
        pname=person.name,
        next_weekday=WEEKDAYS[(event.date.weekday() + rng.randint(2, 5)) % 7],
        other=rng.choice(PLACES)[1],
    )


def quote_paragraph(rng: random.Random, quote: Quote, first: bool) -> str:
    said_text = rng.choice(quote.wordings)
    text = said_text[:-1] + "," if said_text.endswith(".") else said_text
    person = quote.speaker
    if first and person.role[:1].isupper():  # a title: "Kenyan Interior Minister"
        said = rng.choice(
            (
                f"“{text}” said {person.role} {person.name}.",
                f"“{text}” {person.name}, {person.role}, told reporters.",
                f"{person.role} {person.name} said: “{said_text}”",
            )
        )
    elif first:  # a description: "a rescue worker in Lima", "head of …"
        said = rng.choice(
            (
                f"“{text}” said {person.name}, {person.role}.",
                f"“{text}” {person.name}, {person.role}, told reporters.",
                f"{person.name}, {person.role}, said: “{said_text}”",
            )
        )
    else:
        surname = person.last
        said = rng.choice(
            (
                f"“{text}” {surname} said.",
                f"“{text}” added {surname}.",
                f"Mr. {surname} said: “{said_text}”"
                if rng.random() < 0.5
                else f"“{text}” said {surname}.",
            )
        )
    return said


def photo_block(rng: random.Random, event: Event, world: World) -> list[str]:
    lines: list[str] = []
    count = rng.randint(1, 2)
    for caption in rng.sample(event.captions, min(count, len(event.captions))):
        photographer = world.new_name().upper()
        lines += [
            f"  • {caption}",
            "",
            f"    PHOTO {photographer}, {rng.choice(PHOTO_AGENCIES)}",
            "",
            f"    {caption}",
            "",
        ]
    lines.append(f"1/{count}" if count > 1 else "1/2")
    return lines


def render_article(
    event: Event, outlet: tuple[str, str], rng: random.Random, world: World, number_in_event: int
) -> str:
    name, style = outlet
    offset = 0 if number_in_event == 0 else rng.choice((0, 0, 1, 1, 2))
    date = event.date + datetime.timedelta(days=offset)
    headline = rng.choice(event.headlines)
    if offset and rng.random() < 0.3:
        headline = rng.choice(("UPDATE: ", "Latest: ", "")) + headline
    lines: list[str] = []
    if rng.random() < 0.05:  # a scraper's mangled duplicate of the headline
        lines += [headline.replace("“", "quot").replace("”", "quot") + " quotlatestquot", ""]
    lines += [headline, ""]
    # How the article states its date: most do, in one of the ways scraped text does;
    # about one in eight does not state it at all.
    top: list[str] = []
    way = rng.random()
    full_dateline = False
    if style == "byline":
        top.append(f"By {world.new_name()} | {long_date(date)}")
    elif way < 0.30:
        top.append(
            f"First change: {long_date(date)} – {stamp_time(rng)} "
            f"Last change: {long_date(date)} – {stamp_time(rng)}"
        )
    elif way < 0.55:
        top.append(long_date(date))
    elif way < 0.72 and style in ("caps-agency", "title-agency"):
        full_dateline = True
    elif way < 0.87:
        top.append(f"This article was published on {long_date(date)}.")
    if rng.random() < 0.3:
        top.append(f"{rng.randint(2, 7)} minutes")
    lead = fill(rng.choice(event.leads), event, date, rng)
    opening = dateline(style, name, event, date)
    if full_dateline:  # `PARIS, 19 January 2024 (AFP) –`
        opening = f"{event.city.upper()}, {date.day} {date:%B} {date.year} ({name}) –"
    lines += [f"{opening} {lead}", ""]
    for extra in top:
        lines += [extra, ""]

    paragraphs: list[list[str]] = []
    facts = [fact for fact in event.facts if rng.random() < fact.weight] or list(event.facts[:2])
    rng.shuffle(facts)
    quotes = [quote for quote in event.quotes if rng.random() < 0.75] or [event.quotes[0]]
    rng.shuffle(quotes)
    spoken: set[str] = set()
    while facts or quotes:
        if facts and (not quotes or rng.random() < 0.55):
            group = [facts.pop()]
            if facts and rng.random() < 0.4:
                group.append(facts.pop())
            paragraphs.append([rng.choice(fact.wordings) for fact in group])
        else:
            quote = quotes.pop()
            first = quote.speaker.name not in spoken
            spoken.add(quote.speaker.name)
            paragraphs.append([quote_paragraph(rng, quote, first)])
    # Local colour this outlet carries (shared with other outlets on the same event),
    # then a little generic context.
    details = [d for d in event.details if rng.random() < 0.7]
    context = rng.sample(BACKGROUND, rng.randint(2, 4)) + rng.sample(KIND_CONTEXT[event.kind], 2)
    lines_in = details + [fill(template, event, date, rng) for template in context]
    rng.shuffle(lines_in)
    while lines_in:
        size = min(len(lines_in), rng.randint(1, 3))
        at = rng.randint(len(paragraphs) // 3, len(paragraphs))
        chunk, lines_in = lines_in[:size], lines_in[size:]
        paragraphs.insert(at, chunk)
    if rng.random() < 0.35:  # the article's own subheading
        at = rng.randint(2, max(2, len(paragraphs) - 1))
        paragraphs.insert(at, [rng.choice(event.subheadings)])
    photo_at = rng.randint(1, max(1, len(paragraphs) - 1)) if rng.random() < 0.35 else -1
    for index, paragraph in enumerate(paragraphs):
        if index == photo_at:
            lines += photo_block(rng, event, world) + [""]
        lines += [" ".join(paragraph), ""]
    return "\n".join(lines).rstrip() + "\n"


STREET_KINDS = ("Avenue", "Street", "Boulevard", "Road", "Square")
DISTRICT_KINDS = ("district", "quarter", "neighbourhood", "borough")
LOCAL_ROLES = (
    "a teacher",
    "a taxi driver",
    "a nurse",
    "a student",
    "a shop owner",
    "a retired engineer",
    "a baker",
    "a bus driver",
    "a pharmacist",
    "a fisherman",
    "a mother of three",
    "a farmer",
)
BUILDINGS = ("sports hall", "town hall", "cathedral", "central market", "university", "stadium")
LOCAL_TEMPLATES = (
    "{name}, {role} who lives on {street}, said the first signs came {when}.",
    "In the {district}, {k} families spent the night {where}.",
    "{name}, {role}, said {pronoun} had never seen anything like it in {years} years.",
    "Traffic on {street} was blocked for {hours} hours.",
    "Volunteers set up a centre at the {building} on {street}.",
    "Officials in the {district} counted {k} households affected.",
    "A local councillor, {name}, called for an emergency meeting at the {building}.",
    "The {building} in the {district} was turned into a {facility}.",
    "Near {street}, {name}, {role}, was handing out water and bread.",
    "Residents of the {district} said help had arrived {late}.",
    "{name}, {role} from the {district}, said {pronoun} spent {hours} hours waiting for news.",
    "Shops along {street} stayed closed on {weekday}.",
)


def local_details(world: World, rng: random.Random, event: Event) -> tuple[str, ...]:
    """8-12 sentences only this event has: its own residents, streets and districts."""
    streets = [
        f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(STREET_KINDS)}"
        for _ in range(3)
    ]
    districts = [f"{rng.choice(SURNAMES)} {rng.choice(DISTRICT_KINDS)}" for _ in range(3)]
    sentences = []
    for template in rng.sample(LOCAL_TEMPLATES, rng.randint(8, 12)):
        sentences.append(
            template.format(
                name=world.new_name(),
                role=rng.choice(LOCAL_ROLES),
                street=rng.choice(streets),
                district=rng.choice(districts),
                k=rng.randint(12, 900),
                years=rng.randint(20, 70),
                hours=rng.randint(2, 30),
                building=rng.choice(BUILDINGS),
                pronoun=rng.choice(("he", "she")),
                weekday=WEEKDAYS[event.date.weekday()],
                when=rng.choice(("just after dawn", "late at night", "around midday")),
                where=rng.choice(("in their cars", "in a school gym", "with relatives")),
                facility=rng.choice(("shelter", "field hospital", "food bank", "press centre")),
                late=rng.choice(("too late", "only on the second day", "quickly")),
            )
        )
    return tuple(sentences)


def make_events(
    world: World, rng: random.Random, n: int
) -> list[tuple[Event, list[tuple[str, str]]]]:
    """Events in date order, each with the outlets that cover it, enough for n articles."""
    span = max(60, min(1095, n // 5))
    coverage: list[list[tuple[str, str]]] = []
    dates: list[datetime.date] = []
    total = 0
    while total < n:
        outlets = rng.sample(OUTLETS, rng.randint(3, 6))
        coverage.append(outlets)
        dates.append(START + datetime.timedelta(days=rng.randrange(span)))
        total += len(outlets)
    dates.sort()
    result = []
    for date, outlets in zip(dates, coverage, strict=True):
        maker = rng.choice(MAKERS)
        event = maker(world, rng, date, rng.choice(PLACES))
        event = dataclasses.replace(event, details=local_details(world, rng, event))
        result.append((event, outlets))
    return result


def generate(n: int, seed: int = DEFAULT_SEED) -> list[SourceFile]:
    """N articles; the same (n, seed) always gives the same files."""
    return _generate(n, seed)[0]


def follow_up(n: int, seed: int = DEFAULT_SEED) -> SourceFile:
    """One more article for the corpus `generate(n, seed)`: a new outlet's take on its
    latest event, as a newsroom adds one. It joins an existing story."""
    files, events, world = _generate(n, seed)
    event_index = files[-1].event
    event, outlets = events[event_index]
    rng = random.Random(f"follow-up:{seed}:{n}")
    unused = [outlet for outlet in OUTLETS if outlet not in outlets] or list(OUTLETS)
    text = render_article(event, rng.choice(unused), rng, world, 1)
    digest = hashlib.sha256(f"{seed}:{n}:{text}".encode()).hexdigest()[:16]
    return SourceFile(f"{n:05d}_{digest}.txt", text, event_index)


def _generate(
    n: int, seed: int
) -> tuple[list[SourceFile], list[tuple[Event, list[tuple[str, str]]]], World]:
    rng = random.Random(seed * 1_000_003 + n)
    world = World(rng)
    files: list[SourceFile] = []
    events = make_events(world, rng, n)
    for event_index, (event, outlets) in enumerate(events):
        for number_in_event, outlet in enumerate(outlets):
            if len(files) == n:
                break
            text = render_article(event, outlet, rng, world, number_in_event)
            digest = hashlib.sha256(f"{seed}:{len(files)}:{text}".encode()).hexdigest()[:16]
            files.append(SourceFile(f"{len(files):05d}_{digest}.txt", text, event_index))
    return files, events, world


def write_corpus(files: Sequence[SourceFile], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in files:
        path = out / source.name
        path.write_text(source.text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description="Write a deterministic synthetic corpus of English news articles.",
    )
    parser.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt files to")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    files = generate(args.n, args.seed)
    write_corpus(files, args.out)
    events = len({source.event for source in files})
    print(f"wrote {len(files)} articles about {events} events to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
