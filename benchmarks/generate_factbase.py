"""Generate a synthetic but valid fact base of N sources, in the format of facts/ (for benchmarks and tests).

    python benchmarks/generate_factbase.py OUT_DIR --sources N [--seed S] [--spread archive|bundled]

OUT_DIR gets a topics.yaml and sources/ID.yaml + ID.txt for each source: about 15 figures, 4 quotes and
1 contact per source, ~50 countries, the Worldwide region and the years 2000-2026. Topics spread as in an
archive of IOM's releases by default: the five bundled topics and eleven other themes of IOM's work, in
shares where displacement and emergencies lead and TB is about one release in seventy
(`ARCHIVE_WEIGHTS`); `--spread bundled` draws the five bundled topics alone, equally (a fifth of the base on
TB). Every entry follows the rules `migfacts validate` enforces: the evidence stands verbatim in the
archived text, each number of the text is accounted for (figures, the contact's phone, the header date as an
other_numbers entry), qualifiers, periods and places are the text's own words. The output depends only on
N and the seed (`random.Random(seed)`), byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS = REPO / "facts" / "topics.yaml"

# (ISO code, name as pycountry gives it, a city for the dateline)
COUNTRIES = [
    ("KE", "Kenya", "Nairobi"),
    ("ET", "Ethiopia", "Addis Ababa"),
    ("SO", "Somalia", "Mogadishu"),
    ("UG", "Uganda", "Kampala"),
    ("NG", "Nigeria", "Abuja"),
    ("GH", "Ghana", "Accra"),
    ("SN", "Senegal", "Dakar"),
    ("ML", "Mali", "Bamako"),
    ("NE", "Niger", "Niamey"),
    ("SD", "Sudan", "Khartoum"),
    ("EG", "Egypt", "Cairo"),
    ("LY", "Libya", "Tripoli"),
    ("MA", "Morocco", "Rabat"),
    ("TN", "Tunisia", "Tunis"),
    ("JO", "Jordan", "Amman"),
    ("LB", "Lebanon", "Beirut"),
    ("IQ", "Iraq", "Baghdad"),
    ("YE", "Yemen", "Sana’a"),
    ("AF", "Afghanistan", "Kabul"),
    ("PK", "Pakistan", "Islamabad"),
    ("BD", "Bangladesh", "Dhaka"),
    ("IN", "India", "New Delhi"),
    ("NP", "Nepal", "Kathmandu"),
    ("LK", "Sri Lanka", "Colombo"),
    ("MM", "Myanmar", "Yangon"),
    ("TH", "Thailand", "Bangkok"),
    ("MY", "Malaysia", "Kuala Lumpur"),
    ("ID", "Indonesia", "Jakarta"),
    ("PH", "Philippines", "Manila"),
    ("VN", "Viet Nam", "Hanoi"),
    ("GT", "Guatemala", "Guatemala City"),
    ("HN", "Honduras", "Tegucigalpa"),
    ("SV", "El Salvador", "San Salvador"),
    ("MX", "Mexico", "Mexico City"),
    ("CO", "Colombia", "Bogotá"),
    ("PE", "Peru", "Lima"),
    ("EC", "Ecuador", "Quito"),
    ("BR", "Brazil", "Brasília"),
    ("AR", "Argentina", "Buenos Aires"),
    ("CL", "Chile", "Santiago"),
    ("HT", "Haiti", "Port-au-Prince"),
    ("DO", "Dominican Republic", "Santo Domingo"),
    ("UA", "Ukraine", "Kyiv"),
    ("PL", "Poland", "Warsaw"),
    ("DE", "Germany", "Berlin"),
    ("IT", "Italy", "Rome"),
    ("ES", "Spain", "Madrid"),
    ("GR", "Greece", "Athens"),
    ("FR", "France", "Paris"),
]

# Per topic: (unit, counts) pairs. The unit's first word follows the number in the text.
UNITS = {
    "tb": [
        ("active TB cases", "active TB cases detected among migrants and refugees"),
        ("new TB cases", "new TB cases notified among migrants"),
        ("TB deaths", "deaths from TB among migrants"),
        ("TB patients", "TB patients who completed treatment with IOM support"),
        ("TB screenings", "TB screenings of migrants at border points"),
    ],
    "c4d": [
        ("volunteers", "volunteers trained for community outreach"),
        ("community members", "community members reached by IOM X Roadshows"),
        ("surveys", "surveys that form the research foundation of the C4D project"),
        ("radio spots", "radio spots broadcast in the C4D campaign"),
        ("workshops", "C4D workshops held with local partners"),
    ],
    "migration-statistics": [
        ("international migrants", "international migrants living in the country"),
        ("internal migrants", "internal migrants counted by the national census"),
        ("returning migrants", "migrants who returned to their communities of origin"),
        ("people", "people displaced within the country"),
        ("migrant workers", "migrant workers registered abroad"),
    ],
    "migrant-health": [
        ("health assessments", "pre-departure health assessments conducted for migrants and refugees"),
        ("vaccinations", "vaccinations given to migrants in transit"),
        ("medical consultations", "medical consultations provided to migrants"),
        ("migrants", "migrants referred to specialised health care"),
        ("mental health sessions", "mental health sessions held for migrants"),
    ],
    "uhc": [
        ("migrants", "migrants enrolled in national health insurance"),
        ("health workers", "health workers trained in migrant-sensitive care"),
        ("clinics", "clinics that include migrants in their services"),
        ("households", "migrant households covered by social protection in health"),
        ("insurance cards", "health insurance cards issued to migrants"),
    ],
}
BUNDLED_TOPICS = list(UNITS)
# The other themes of an archive of IOM releases (written to the generated topics.yaml as id, label, aliases,
# description), with their units as above.
ARCHIVE_TOPICS = {
    "displacement": ("Displacement", ["internal displacement", "idps"], "People forced from their homes."),
    "emergencies": ("Emergency response", ["humanitarian response"], "IOM's relief in crises and disasters."),
    "missing-migrants": ("Missing migrants", ["migrant deaths"], "Deaths and disappearances on migration routes."),
    "counter-trafficking": ("Counter-trafficking", ["human trafficking"], "Identifying and assisting victims."),
    "return-reintegration": ("Return and reintegration", ["voluntary return"], "Assisted return and reintegration."),
    "labour-migration": ("Labour migration", ["labor migration"], "Migrant workers and ethical recruitment."),
    "climate-migration": ("Climate and migration", ["environmental migration"], "Migration, climate and disasters."),
    "resettlement": ("Resettlement", ["refugee resettlement"], "Moving refugees to third countries."),
    "migrant-protection": ("Migrant protection", ["unaccompanied children"], "Protection of vulnerable migrants."),
    "border-management": ("Border management", ["immigration and border management"], "Borders and travellers."),
    "remittances": ("Remittances", ["diaspora"], "Money migrants send home, and diaspora investment."),
}
UNITS.update(
    {
        "displacement": [
            ("displaced people", "people displaced by conflict and disasters"),
            (
                "internally displaced persons",
                "internally displaced persons tracked by the Displacement Tracking Matrix",
            ),
            ("displacement sites", "displacement sites assessed"),
            ("households", "displaced households registered"),
            ("returnees", "displaced people who returned to their areas of origin"),
        ],
        "emergencies": [
            ("relief kits", "relief kits distributed"),
            ("shelter kits", "emergency shelter kits delivered"),
            ("people", "people who received humanitarian assistance"),
            ("water points", "water points repaired"),
            ("hygiene kits", "hygiene kits distributed"),
        ],
        "missing-migrants": [
            ("migrant deaths", "migrant deaths recorded on migration routes"),
            ("missing migrants", "migrants reported missing"),
            ("bodies", "bodies recovered"),
            ("shipwrecks", "shipwrecks recorded"),
            ("people", "people rescued at sea"),
        ],
        "counter-trafficking": [
            ("victims of trafficking", "victims of trafficking identified and assisted"),
            ("survivors", "survivors of trafficking referred to services"),
            ("officials", "officials trained to identify trafficking"),
            ("trafficking cases", "trafficking cases referred to prosecutors"),
            ("hotline calls", "calls to the anti-trafficking hotline"),
        ],
        "return-reintegration": [
            ("returnees", "migrants assisted to return voluntarily"),
            ("reintegration plans", "reintegration plans completed"),
            ("small businesses", "small businesses started by returnees"),
            ("migrants", "migrants who received reintegration assistance"),
            ("counselling sessions", "counselling sessions held with returnees"),
        ],
        "labour-migration": [
            ("recruitment agencies", "recruitment agencies trained in ethical recruitment"),
            ("workers", "migrant workers placed through regular channels"),
            ("employers", "employers that signed ethical recruitment pledges"),
            ("contracts", "employment contracts reviewed"),
            ("job seekers", "job seekers given pre-departure orientation"),
        ],
        "climate-migration": [
            ("people", "people displaced by floods and storms"),
            ("families", "families relocated away from flood zones"),
            ("hectares", "hectares of land restored"),
            ("trees", "trees planted with displaced communities"),
            ("warning systems", "early warning systems installed"),
        ],
        "resettlement": [
            ("refugees", "refugees resettled to third countries"),
            ("flights", "resettlement flights organised"),
            ("orientation sessions", "cultural orientation sessions held before departure"),
            ("travel documents", "travel documents processed"),
            ("medical escorts", "medical escorts provided on departure"),
        ],
        "migrant-protection": [
            ("unaccompanied children", "unaccompanied migrant children assisted"),
            ("protection cases", "protection cases managed"),
            ("caseworkers", "caseworkers trained"),
            ("migrants", "vulnerable migrants given protection assistance"),
            ("safe spaces", "safe spaces opened for women and children"),
        ],
        "border-management": [
            ("border officials", "border officials trained"),
            ("border posts", "border posts equipped"),
            ("travellers", "travellers registered at border crossing points"),
            ("biometric kits", "biometric registration kits installed"),
            ("document examiners", "document examiners trained"),
        ],
        "remittances": [
            ("households", "households that receive remittances"),
            ("transfers", "remittance transfers tracked"),
            ("diaspora investors", "diaspora investors supported"),
            ("savings groups", "savings groups formed"),
            ("agents", "remittance agents trained"),
        ],
    }
)
ARCHIVE_WEIGHTS = {
    "displacement": 16,
    "emergencies": 12,
    "missing-migrants": 8,
    "counter-trafficking": 8,
    "return-reintegration": 8,
    "labour-migration": 7,
    "migration-statistics": 7,
    "climate-migration": 6,
    "resettlement": 6,
    "migrant-protection": 6,
    "border-management": 4,
    "migrant-health": 4,
    "remittances": 3,
    "c4d": 2,
    "uhc": 1.5,
    "tb": 1.5,
}
"""The share of an archive's releases on each topic, in percent: a judgement of IOM's newsroom (emergencies
and displacement lead; TB is World TB Day and little more), not a count. Each figure is also tagged with a
related topic three times in ten, so more facts than these shares carry each topic."""
PERCENT_COUNTS = {
    "tb": "TB treatment success rate among migrants",
    "c4d": "share of surveyed community members who recalled the C4D campaign",
    "migration-statistics": "share of migrants in the population",
    "migrant-health": "share of migrants with access to primary health care",
    "uhc": "share of migrants covered by health insurance",
}
PERCENT_COUNTS.update(
    {
        "displacement": "share of displaced people living in camps",
        "emergencies": "share of people in need who received assistance",
        "missing-migrants": "share of recorded deaths that were drownings",
        "counter-trafficking": "share of identified victims who were women and girls",
        "return-reintegration": "share of returnees who completed reintegration",
        "labour-migration": "share of migrant workers with written contracts",
        "climate-migration": "share of displacement caused by disasters",
        "resettlement": "share of resettled refugees who were children",
        "migrant-protection": "share of assisted migrants who were children",
        "border-management": "share of border posts with biometric registration",
        "remittances": "share of household income from remittances",
    }
)
RELATED = {
    "tb": ["migrant-health", "uhc"],
    "c4d": ["migration-statistics"],
    "migration-statistics": ["migrant-health"],
    "migrant-health": ["tb", "uhc"],
    "uhc": ["migrant-health"],
}
RELATED.update(
    {
        "displacement": ["emergencies", "climate-migration"],
        "emergencies": ["displacement"],
        "missing-migrants": ["migrant-protection"],
        "counter-trafficking": ["migrant-protection"],
        "return-reintegration": ["remittances"],
        "labour-migration": ["remittances", "migration-statistics"],
        "climate-migration": ["displacement"],
        "resettlement": ["migrant-health"],
        "migrant-protection": ["counter-trafficking"],
        "border-management": ["migration-statistics"],
        "remittances": ["labour-migration"],
    }
)
TOPIC_WORDS = {
    "tb": "tuberculosis control",
    "c4d": "communication for development",
    "migration-statistics": "migration data",
    "migrant-health": "migrant health",
    "uhc": "universal health coverage",
}
TOPIC_WORDS.update(
    {
        "displacement": "displacement",
        "emergencies": "emergency response",
        "missing-migrants": "missing migrants",
        "counter-trafficking": "counter-trafficking",
        "return-reintegration": "return and reintegration",
        "labour-migration": "labour migration",
        "climate-migration": "climate and migration",
        "resettlement": "refugee resettlement",
        "migrant-protection": "migrant protection",
        "border-management": "border management",
        "remittances": "remittances",
    }
)
SPREADS = ("archive", "bundled")
"""archive: every topic of ARCHIVE_WEIGHTS, in those shares; bundled: the five bundled topics, one as likely as
another (a fifth of the base on TB: the stress case of the first measurements)."""
QUALIFIERS = [None] * 6 + ["about", "more than", "nearly", "over", "approximately", "an estimated", "almost"]
VERBS = ["recorded", "registered", "counted", "reported", "documented", "supported"]
FIRST = "Amina Carlos Jacqueline Tara Esteban Alexandra Mohamed Priya Elena Samuel Grace Ahmed Lucia Daniel Fatima"
FIRST += " Juan Mariam Peter Nadia Omar Sofia Ibrahim Leila Tomas Hana Kofi Ana Yusuf Irina Mateo"
LAST = "Weekers Dermott Chacón Bonnie Okafor Mensah Haddad Rahman Silva Novak Kimani Diallo Santos Nguyen Haile"
LAST += " Castillo Ortega Mwangi Perez Farah Kowalski Moreau Rossi Suleiman Tanaka Bakr Laat Ferreira"
ROLES = [
    "Chief of Mission",
    "Director of the Migration Health Division",
    "Regional Director",
    "Programme Coordinator",
    "Senior Health Officer",
    "Communication for Development Officer",
    "Head of Office",
    "Deputy Director General",
]
SAID = ["said:", "stated:", "explained:", "added:"]
# Sentences without any number or number word: they are in no count of `validate`.
FILLER = [
    "Migration must be recognized as a social determinant of health.",
    "Migrants often face barriers to accessing health services due to language and administrative hurdles.",
    "The programme works with national authorities, local partners and communities of origin and destination.",
    "Many migrants travel, live and work in conditions that carry risks for their physical and mental well-being.",
    "Data collection continues in close coordination with counterparts from the participating governments.",
    "The results will inform national strategies and the work of health and migration authorities.",
    "Community members designed their own communication materials during the workshops.",
    "Including migrants in health systems protects the health of whole communities.",
    "Partners agreed to strengthen cross-border collaboration and to share data regularly.",
    "The initiative is funded by international donors and implemented with civil society organizations.",
]
QUOTE_PARTS = [
    "migrants must not be left behind",
    "health systems are only strong when they include everybody",
    "we see every day how mobility and health are linked",
    "communities are at the centre of this work",
    "our partners have shown remarkable commitment",
    "data allow us to plan services where they are needed most",
    "prevention is always less costly than treatment",
    "this is a shared responsibility of countries of origin, transit and destination",
    "we will keep working with governments and communities",
    "inclusion is the key to success in any public health effort",
]
MONTHS = "January February March April May June July August September October November December".split()


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML): always read as text."""
    return json.dumps(text, ensure_ascii=False)


def _value(rng: random.Random) -> tuple[int | float, str]:
    """A figure's value and how the text writes it: 4,210 or 2.5 million. Never a year-like number."""
    kind = rng.random()
    if kind < 0.25:
        value = rng.randint(3, 999)
    elif kind < 0.75:
        value = rng.randint(1_000, 999_999)
    else:
        tenths = rng.randint(11, 300)
        value = tenths * 100_000
        text = f"{tenths // 10}.{tenths % 10} million" if tenths % 10 else f"{tenths // 10} million"
        return value, text
    if 1800 <= value <= 2100:
        value += 300
    return value, f"{value:,}"


def _figure(rng: random.Random, sid: str, index: int, topic: str, country: tuple[str, str, str]) -> tuple[str, str]:
    """A figure's YAML entry and its evidence sentence (without the final full stop)."""
    worldwide = rng.random() < 0.15
    place_text = "worldwide" if worldwide else f"in {country[1]}"
    place_yaml = (
        "      - {region: Worldwide}" if worldwide else f"      - {{country: {country[0]}, name: {country[1]}}}"
    )
    qualifier = rng.choice(QUALIFIERS)
    verb = rng.choice(VERBS)
    span = rng.random() < 0.2
    if span:
        start = rng.randint(2000, 2023)
        end = rng.randint(start + 1, min(start + 6, 2026))
        period, when = f"{start}/{end}", f"From {start} to {end}"
        stamp = f"{start}-{end}"
    else:
        year = rng.randint(2000, 2026)
        period, when, stamp = str(year), f"In {year}", str(year)
    said_qualifier = f"{qualifier} " if qualifier else ""
    if rng.random() < 0.12:  # a share
        value = rng.randint(3, 99)
        unit, counts = "percent", PERCENT_COUNTS[topic]
        evidence = f"{when}, {said_qualifier}{value}% of the people IOM {verb} {place_text} were migrants"
        number = str(value)
    else:
        unit, counts = rng.choice(UNITS[topic])
        value, number = _value(rng)
        if rng.random() < 0.5:
            evidence = f"{when}, IOM {verb} {said_qualifier}{number} {unit} {place_text}"
        else:
            where = "Worldwide" if worldwide else f"In {country[1]}"
            when_lower = when[0].lower() + when[1:]
            evidence = f"{where}, {when_lower}, IOM {verb} {said_qualifier}{number} {unit}"
    topics = [topic] + ([rng.choice(RELATED[topic])] if rng.random() < 0.3 else [])
    stored_qualifier = "estimated" if qualifier == "an estimated" else qualifier
    lines = [
        f"  - id: {sid}-{stamp}-{index:02d}",
        f"    value: {value}",
        f"    qualifier: {stored_qualifier or 'null'}",
        f"    unit: {unit}",
        f"    counts: {_q(counts)}",
        f'    period: "{period}"' if span else f"    period: {period}",
        "    places:",
        place_yaml,
        f"    topics: [{', '.join(topics)}]",
        f"    evidence: {_q(evidence)}",
        "",
    ]
    return "\n".join(lines), evidence


def _topic(rng: random.Random, number: int, spread: str) -> str:
    """The topic of the NUMBERth source: the first sources take each topic in turn (a base of 5 has every
    bundled topic, a base of 16 every topic of the archive), the others are drawn as SPREAD says."""
    topics = list(ARCHIVE_WEIGHTS) if spread == "archive" else BUNDLED_TOPICS
    ordered = BUNDLED_TOPICS + [topic for topic in topics if topic not in BUNDLED_TOPICS]
    if number < len(ordered):
        return ordered[number]
    if spread == "bundled":
        return rng.choice(topics)
    return rng.choices(topics, weights=list(ARCHIVE_WEIGHTS.values()))[0]


def _source(rng: random.Random, number: int, spread: str) -> tuple[str, str, str]:
    """One source: its id, its YAML file and its archived text."""
    topic = _topic(rng, number, spread)
    country = rng.choice(COUNTRIES)
    year = rng.randint(2000, 2026)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    sid = f"synthetic-{topic}-{year}-{number:05d}"
    title = f"IOM reports progress on {TOPIC_WORDS[topic]} in {country[1]}"
    date_text = f"{day:02d} / {month:02d} / {year}"

    figures, sentences, seen = [], [], set()
    for index in range(rng.randint(13, 17)):
        home = country if rng.random() < 0.7 else rng.choice(COUNTRIES)
        entry, evidence = _figure(rng, sid, index, topic, home)
        if evidence in seen or any(evidence in other or other in evidence for other in seen):
            continue  # each evidence stands once in the text
        seen.add(evidence)
        figures.append(entry)
        sentences.append(evidence + ".")

    quotes, quote_paragraphs = [], []
    firsts, lasts = rng.sample(FIRST.split(), 5), rng.sample(LAST.split(), 5)
    openings = rng.sample(QUOTE_PARTS, 4)  # no passage opens two quotes of one source
    for index in range(4):
        speaker = f"{firsts[index]} {lasts[index]}"
        role = rng.choice(ROLES)
        parts = [openings[index], rng.choice([p for p in QUOTE_PARTS if p != openings[index]])]
        text = f"{parts[0][0].upper()}{parts[0][1:]}, and {parts[1]}"
        attribution = f"{speaker}, {role} at IOM, {rng.choice(SAID)}"
        quote_paragraphs.append(f"{attribution} “{text}”.")
        quotes.append(
            "\n".join(
                [
                    f"  - id: {sid}-quote-{index}",
                    f"    speaker: {speaker}",
                    f"    role: {role}",
                    "    organisation: IOM",
                    f"    topics: [{topic}]",
                    f"    text: {_q(text)}",
                    f"    attribution: {_q(attribution)}",
                    "",
                ]
            )
        )

    name = f"{firsts[4]} {lasts[4]}"
    phone = "+" + str(rng.randint(10, 99)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    email = (
        unicodedata.normalize("NFKD", name.lower().replace(" ", ".")).encode("ascii", "ignore").decode() + "@iom.int"
    )
    office = f"IOM {country[1]}"
    contact_evidence = f"For more information, please contact {name} at {office}, Tel: {phone}, Email: {email}"

    paragraphs = [f"{country[2]} – {rng.choice(FILLER)} {rng.choice(FILLER)}"]
    rng.shuffle(sentences)
    for start in range(0, len(sentences), 3):
        paragraphs.append(" ".join([*sentences[start : start + 3], rng.choice(FILLER)]))
        if quote_paragraphs and rng.random() < 0.6:
            paragraphs.append(quote_paragraphs.pop())
    paragraphs += quote_paragraphs
    paragraphs.append(contact_evidence + ".")
    text = f"{title}\n\nDate Publish: \n{date_text}\n\n" + "\n\n".join(paragraphs) + "\n"

    yaml = "\n".join(
        [
            "source:",
            f"  id: {sid}",
            f"  title: {_q(title)}",
            "  publisher: IOM",
            f"  published: {year}-{month:02d}-{day:02d}",
            f"  dateline: {_q(country[2])}",
            f"  tags: [synthetic, {topic}]",
            f"  url: https://www.example.org/news/{sid}",
            f"  text: {sid}.txt",
            "",
            "figures:",
            *figures,
            "quotes:",
            *quotes,
            "contacts:",
            f"  - id: {sid}-contact",
            f"    name: {name}",
            f"    organisation: {office}",
            f'    phone: "{phone}"',
            f"    email: {email}",
            f"    for: {_q(f'more information on {TOPIC_WORDS[topic]} in {country[1]}')}",
            f"    topics: [{topic}]",
            f"    evidence: {_q(contact_evidence)}",
            "",
            "other_numbers:",
            f'  - text: "{date_text}"',
            "    reason: a date, the release's publication date",
            "",
        ]
    )
    return sid, yaml, text


def _topics_yaml(spread: str) -> str:
    """The bundled topics.yaml, and for an archive the other topics after them."""
    text = TOPICS.read_text(encoding="utf-8")
    if spread == "bundled":
        return text
    for ident, (label, aliases, description) in ARCHIVE_TOPICS.items():
        text += f"  - id: {ident}\n    label: {_q(label)}\n    aliases: [{', '.join(aliases)}]\n"
        text += f"    description: {_q(description)}\n"
    return text


def generate(out: Path, sources: int, seed: int = 0, spread: str = "archive") -> list[str]:
    """Write a fact base of SOURCES sources into OUT (topics.yaml and sources/); returns the source ids."""
    if spread not in SPREADS:
        raise ValueError(f"spread is one of {SPREADS}, not {spread!r}")
    rng = random.Random(seed)
    folder = out / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "topics.yaml").write_text(_topics_yaml(spread), encoding="utf-8")
    ids = []
    for number in range(sources):
        sid, yaml, text = _source(rng, number, spread)
        (folder / f"{sid}.yaml").write_text(yaml, encoding="utf-8")
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        ids.append(sid)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write (topics.yaml and sources/)")
    parser.add_argument("--sources", type=int, required=True, help="how many sources")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument(
        "--spread",
        choices=SPREADS,
        default="archive",
        help="archive (default): sixteen topics in the shares of IOM's releases; bundled: the five bundled"
        " topics, equally likely (a fifth of the base on TB)",
    )
    args = parser.parse_args(argv)
    if args.sources < 1:
        parser.error("--sources must be at least 1")
    if (args.out / "sources").exists() and any((args.out / "sources").iterdir()):
        parser.error(f"{args.out / 'sources'} is not empty")
    started = time.perf_counter()
    generate(args.out, args.sources, args.seed, args.spread)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.sources} sources to {args.out} in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
