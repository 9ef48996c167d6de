"""Helpers for the batch tests and benchmarks/batch_throughput.py (no tests in here).

- ``make_briefing(i)``: a varied, deterministic briefing in the seed format
  (``seeds/000_041345f959c62141.txt``): headline line, The Story, Key Points, Critical Analysis,
  Key Takeaways, Impact Analysis; some carry a planted fault (a changed figure, an off-topic
  sentence, an unsupported date) so that runs have flags to queue.
- ``cli_cmd(*args)``, ``run_cli(home, *args)``: the real CLI in a child process, embedded engine.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_cmd(*args: str) -> list[str]:
    """argv that runs `briefcheck ARGS` in a child process."""
    return [sys.executable, "-m", "pipeline", *args]


def child_env(home: Path) -> dict:
    env = dict(os.environ)
    env["BRIEFCHECK_HOME"] = str(home)
    for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(k, None)  # the embedded engine, always
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cli_cmd(*args), env=child_env(home), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


# ---------------------------------------------------------------- briefing generator ---------

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_CITIES = [("Esbjerg", "Denmark"), ("Porto", "Portugal"), ("Gdansk", "Poland"), ("Valencia", "Spain"),
           ("Tampere", "Finland"), ("Graz", "Austria"), ("Lyon", "France"), ("Ghent", "Belgium"),
           ("Bergen", "Norway"), ("Brno", "Czechia"), ("Cork", "Ireland"), ("Turin", "Italy")]
_PEOPLE = ["Anna Lindqvist", "Marek Nowak", "Sofia Ferreira", "Jonas Berg", "Elena Rossi", "Pieter Claes",
           "Ingrid Halvorsen", "Tomas Dvorak", "Claire Dubois", "Mateo Garcia", "Aoife Byrne", "Lukas Steiner"]
_COMPANIES = ["Vestkyst Energi", "Nordhavn Rail", "Atlantica Water", "Baltic Grid", "Iberia Solar",
              "Alpen Transit", "Rhone Hydrogen", "Scheldt Ports"]
_OFF_TOPIC = [
    "The outcomes of agreements about Bitcoin ETFs also hold long term value.",
    "Meanwhile, celebrity chefs are reviving interest in sourdough baking across the continent.",
    "Separately, the transfer window for football clubs closes at the end of the month.",
]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _topic(r: random.Random, city: str, country: str, person: str, company: str, n: dict) -> dict:
    kind = r.choice(["wind", "rail", "water", "port"])
    if kind == "wind":
        thing = f"the {city} offshore wind farm"
        story = [
            f"{_cap(thing)} off {city}, {country}, began full commercial operation after the last of its "
            f"{n['units']} turbines was connected to the grid.",
            f"Developer {company} said the farm has a capacity of {n['cap']} megawatts, enough to supply about "
            f"{n['homes']} thousand homes.",
            f"Construction took {n['months']} months and cost {n['cost']} million euros.",
            f"Energy minister {person}, who attended the inauguration, said the project would cut the country's "
            f"gas imports.",
        ]
        points = [
            f"{_cap(thing)} began full commercial operation.",
            f"All {n['units']} turbines are now connected to the grid.",
            f"The farm has a capacity of {n['cap']} megawatts.",
            f"Construction took {n['months']} months and cost {n['cost']} million euros.",
        ]
        analysis = ("Long-term sales contracts give the developer a predictable income. Relying on a few large "
                    "buyers also concentrates risk if their demand changes.")
        impact = "The new capacity should reduce the need for power from fossil fuels during windy months."
    elif kind == "rail":
        thing = f"the {city} high-speed rail line"
        story = [
            f"{company} opened {thing} in {country}, cutting the journey to the capital to {n['months']} minutes.",
            f"The line cost {n['cost']} million euros and has {n['units']} stations.",
            f"Transport minister {person} said about {n['homes']} thousand passengers a day are expected.",
            f"Trains will run every {n['freq']} minutes at peak times.",
        ]
        points = [
            f"{company} opened {thing}.",
            f"The journey to the capital now takes {n['months']} minutes.",
            f"The line cost {n['cost']} million euros and has {n['units']} stations.",
            f"Trains will run every {n['freq']} minutes at peak times.",
        ]
        analysis = ("Faster journeys could shift travellers from cars and short flights to rail. Ticket prices "
                    "will decide how many people switch.")
        impact = "Towns along the line may see more commuters and rising demand for housing."
    elif kind == "water":
        thing = f"the {city} desalination plant"
        story = [
            f"{company} completed {thing} in {country}, which can produce {n['cap']} thousand cubic metres of "
            f"drinking water a day.",
            f"The plant cost {n['cost']} million euros and took {n['months']} months to build.",
            f"Regional governor {person} said it would supply about {n['homes']} thousand residents during "
            f"droughts.",
            f"It is powered partly by {n['units']} solar arrays built next to the site.",
        ]
        points = [
            f"{company} completed {thing}.",
            f"The plant can produce {n['cap']} thousand cubic metres of water a day.",
            f"It cost {n['cost']} million euros and took {n['months']} months to build.",
            f"It will supply about {n['homes']} thousand residents during droughts.",
        ]
        analysis = ("Desalination makes the region less dependent on rainfall. Its energy use remains a concern "
                    "even with solar power on site.")
        impact = "Farmers and cities may compete less for river water in dry summers."
    else:
        thing = f"the {city} container terminal"
        story = [
            f"{company} opened {thing} in {country}, adding {n['cap']} thousand containers a year of capacity.",
            f"The terminal has {n['units']} automated cranes and cost {n['cost']} million euros.",
            f"Port director {person} said the expansion took {n['months']} months.",
            f"About {n['homes']} hundred jobs were created at the port.",
        ]
        points = [
            f"{company} opened {thing}.",
            f"The terminal adds {n['cap']} thousand containers a year of capacity.",
            f"It has {n['units']} automated cranes and cost {n['cost']} million euros.",
            f"The expansion took {n['months']} months.",
        ]
        analysis = ("Automation raises throughput but may reduce the number of dock jobs over time. The port is "
                    "competing with larger hubs for shipping lines.")
        impact = "Shippers in the region may see shorter waiting times and lower costs."
    return {"kind": kind, "thing": thing, "story": story, "points": points, "analysis": analysis, "impact": impact}


def make_briefing(i: int, seed: int = 20260112) -> str:
    """Briefing number i: deterministic, varied, in the seed format; about 1 in 3 has a planted fault."""
    r = random.Random(seed * 1000 + i)
    city, country = _CITIES[i % len(_CITIES)]
    person = r.choice(_PEOPLE)
    company = r.choice(_COMPANIES)
    n = {"units": r.randint(12, 90), "cap": r.randint(150, 1500), "homes": r.randint(40, 900),
         "months": r.randint(14, 48), "cost": r.randint(120, 4200), "freq": r.choice([10, 15, 20, 30])}
    t = _topic(r, city, country, person, company, n)
    day, month, date = r.randrange(7), r.randrange(12), r.randint(1, 28)
    year = r.choice([2024, 2025, 2026])
    ts = f"{_DAYS[day]} {_MONTHS[month][:3]} {date:02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00 UTC {year}"
    headline = f"{t['thing'].replace('the ', '', 1).title()} Opens in {country} After {n['months']} Months"
    points = list(t["points"])
    analysis = t["analysis"]
    impact = t["impact"]
    fault = i % 3
    if fault == 1:  # a changed figure in a key point
        points[-1] = points[-1].replace(str(n["months"]), str(n["months"] + 7))
    elif fault == 2:  # an off-topic sentence in the impact analysis
        impact = impact + " " + _OFF_TOPIC[i % len(_OFF_TOPIC)]
    takeaways = [
        f"{_cap(t['thing'])} is a major project for {country}.",
        f"{person} presented the project as a benefit for residents.",
    ]
    if i % 4 == 3:  # an unsupported date
        takeaways.append(f"A second phase is due to open on {_MONTHS[(month + 5) % 12]} {date}, {year + 2}.")
    lines = [f"{ts}: Headline: {headline}", "The Story:", " ".join(t["story"]), "Key Points:"]
    lines += [f"- {p}" for p in points]
    lines += ["Critical Analysis:", analysis, "Key Takeaways:"]
    lines += [f"- {p}" for p in takeaways]
    lines += ["Impact Analysis:", impact]
    return "\n".join(lines) + "\n"


def write_inbox(folder: Path, n: int, seed: int = 20260112) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / (f"sub{i % 3}" if i % 5 == 4 else ".") / f"briefing_{i:03d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(make_briefing(i, seed), encoding="utf-8")
        out.append(p)
    return out


def queue_rows(db_file: Path) -> list[tuple]:
    """The review queue without its surrogate id, timestamps or run ids."""
    import sqlite3

    con = sqlite3.connect(db_file)
    try:
        return con.execute(
            'SELECT sha256, claim_id, path, section, role, text, start, "end", verdict, score, rationale,'
            " evidence, status FROM review_queue ORDER BY sha256, claim_id"
        ).fetchall()
    finally:
        con.close()


def report_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.exists() else {}
