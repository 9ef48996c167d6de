"""Writes examples/labelled.jsonl: 10 short made-up news stories, each with a faithful summary and
one with a planted fault, labelled by the author (sentence labels with offsets into the summary)."""
import json
from pathlib import Path

S = [
 ("The town council of Harwick voted 7 to 2 on Tuesday to build a new public library on the site of the old bus depot. "
  "Construction is due to start in March and should take about 18 months. The project will cost 4.2 million pounds, "
  "most of it from a national grant.",
  ["The Harwick council approved a new library on the old bus depot site by 7 votes to 2.", "Building starts in March."],
  ["The Harwick council approved a new library on the old bus depot site by 7 votes to 2.", "The library will cost 6 million pounds."]),
 ("Rail operator Northline said on Monday that it would add 40 trains a week between Dunmore and Kellford from June. "
  "The extra services follow complaints about overcrowding at peak hours. Fares will not change.",
  ["Northline will run 40 more trains a week between Dunmore and Kellford from June.", "Fares stay the same."],
  ["Northline will run 40 more trains a week between Dunmore and Kellford from June.", "Fares will rise by 5 percent to pay for the trains."]),
 ("A heatwave pushed temperatures in the city of Ostrava Vale to 38 degrees on Sunday, the highest reading since records began. "
  "The health service opened six cooling centres and urged older residents to stay indoors in the afternoon.",
  ["Ostrava Vale reached 38 degrees on Sunday, a record.", "Six cooling centres were opened."],
  ["Ostrava Vale reached 38 degrees on Sunday, a record.", "The health service closed its cooling centres."]),
 ("Shipbuilder Marrow & Sons won a contract to build three research vessels for the coastal survey agency. "
  "The first ship is due in 2028. The company said the work would secure 600 jobs at its yard in Port Elgin.",
  ["Marrow & Sons will build three research vessels for the coastal survey agency.", "The work secures 600 jobs in Port Elgin."],
  ["Marrow & Sons will build three research vessels for the coastal survey agency.", "Chief executive Alan Birch called it the largest order in the yard's history."]),
 ("The Kessing University football team beat Aldwater 3-1 on Saturday to win the regional cup for the first time. "
  "Striker Nia Osei scored twice, and the winning side finished the match with ten players after a red card.",
  ["Kessing University won the regional cup for the first time, beating Aldwater 3-1.", "Nia Osei scored two goals."],
  ["Aldwater beat Kessing University 3-1 to win the regional cup.", "Nia Osei scored two goals."]),
 ("Drought has cut the water level of Lake Sarn to its lowest point in 30 years, the water authority said. "
  "Farmers in the valley have been told to reduce irrigation by a quarter until the autumn rains.",
  ["Lake Sarn is at its lowest level in 30 years because of drought.", "Valley farmers must cut irrigation by a quarter."],
  ["Lake Sarn is at its lowest level in 30 years because of drought.", "Farmers may irrigate as usual."]),
 ("The regional hospital in Dunmore opened a children's wing with 45 beds on Friday. "
  "It took two years to build and was paid for partly by a public appeal that raised 1.5 million pounds.",
  ["Dunmore's hospital opened a 45-bed children's wing.", "A public appeal raised 1.5 million pounds towards it."],
  ["Dunmore's hospital opened a 45-bed children's wing.", "Meanwhile, a new smartphone model sold out within hours of its launch."]),
 ("Bakery chain Crumbwell will close 12 of its 80 shops by the end of the year, blaming higher energy and flour prices. "
  "Staff at the affected shops will be offered jobs at other branches.",
  ["Crumbwell is closing 12 of its 80 shops this year.", "It blames rising energy and flour costs."],
  ["Crumbwell is closing 21 of its 80 shops this year.", "It blames rising energy and flour costs."]),
 ("The Pellham city museum returned a carved wooden mask to the community it was taken from a century ago. "
  "A delegation received the mask at a ceremony on Wednesday, and the museum said more returns would follow.",
  ["The Pellham museum returned a carved wooden mask taken a century ago.", "The museum expects more returns."],
  ["The Pellham museum returned a carved wooden mask taken a century ago.", "The museum refused to return any other objects."]),
 ("Low-cost airline Skyhop will start flights from Kellford to three coastal resorts in May. "
  "The airline expects to carry 90,000 passengers on the new routes in their first year.",
  ["Skyhop starts flights from Kellford to three resorts in May.", "It expects 90,000 passengers in the first year."],
  ["Skyhop starts flights from Kellford to three resorts in May.", "It expects 190,000 passengers in the first year."]),
]

BAD_SECOND = {0: 1, 1: 1, 2: 1, 3: 1, 4: 0, 5: 1, 6: 1, 7: 0, 8: 1, 9: 1}  # which sentence of the faulty summary is wrong


def record(i, kind, source, sentences, bad):
    summary, labels, at = "", [], 0
    for k, s in enumerate(sentences):
        if summary:
            summary += " "
            at += 1
        summary += s
        labels.append({"sentence": s, "start": at, "end": at + len(s),
                       "label": "unsupported" if k == bad else "supported"})
        at += len(s)
    return {"id": f"example-{i:02d}-{kind}", "source": source, "summary": summary,
            "label": "inconsistent" if bad is not None else "consistent", "sentence_labels": labels}


with open(Path(__file__).with_name("labelled.jsonl"), "w", encoding="utf-8") as f:
    for i, (source, good, faulty) in enumerate(S):
        f.write(json.dumps(record(i, "faithful", source, good, None), ensure_ascii=False) + "\n")
        f.write(json.dumps(record(i, "faulty", source, faulty, BAD_SECOND[i]), ensure_ascii=False) + "\n")
