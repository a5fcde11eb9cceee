"""The demo's words: action titles as EMPACT writes them, and report narratives by rating."""

import random
from collections.abc import Callable

from backend.reporting.models import RagStatus

# What each plan is about, as it reads inside a title ("... on {topic}").
TOPIC_PHRASES = {
    "1": "high-risk criminal networks",
    "2.1": "cyber-attacks",
    "2.2": "online child sexual exploitation",
    "2.3": "online fraud schemes",
    "3.1": "cocaine, cannabis and heroin trafficking",
    "3.2": "synthetic drugs and NPS",
    "4.1": "migrant smuggling",
    "4.2": "trafficking in human beings",
    "5": "firearms and explosives trafficking",
    "6": "environmental crime",
    "7.1": "VAT (MTIC) and excise fraud",
    "7.2": "intellectual property crime",
    "7.3": "money laundering",
    "7.4": "euro counterfeiting",
}

# Title templates per common horizontal strategic goal; none names a channel (borders,
# parcels, the dark web) that would not fit every plan.
TITLES: dict[str, list[str]] = {
    "1": [
        "Strategic intelligence picture on {topic}",
        "Joint threat assessment of {topic}",
        "Identification of high-value targets involved in {topic}",
        "Mapping the criminal networks behind {topic}",
        "Intelligence gathering on new modi operandi in {topic}",
        "Early warning on emerging threats in {topic}",
    ],
    "2": [
        "Operational task force on {topic}",
        "Coordinated investigations into {topic}",
        "Joint investigation teams against {topic}",
        "Support to high-impact investigations into {topic}",
        "Targeting the leaders of networks active in {topic}",
        "Judicial cooperation and prosecution of {topic}",
        "Operational sprints on {topic}",
        "Tracing fugitives involved in {topic}",
    ],
    "3": [
        "Joint action days on {topic}",
        "Coordinated controls against {topic}",
        "Hotspot operations against {topic}",
        "Online investigations and takedowns targeting {topic}",
        "Large-scale operation against {topic}",
        "Cross-border controls targeting {topic}",
        "Operational week of action on {topic}",
        "Coordinated searches and arrests in {topic} cases",
        "Targeted checks on the logistics of {topic}",
        "Joint patrols against {topic}",
    ],
    "4": [
        "Financial investigations and asset recovery in {topic} cases",
        "Follow the money: the proceeds of {topic}",
        "Money laundering linked to {topic}",
        "Asset tracing and confiscation in {topic} cases",
        "Cryptocurrency and underground banking in {topic}",
    ],
    "5": [
        "Detection of fraudulent documents used in {topic}",
        "Identity and document fraud enabling {topic}",
        "Checks of travel documents linked to {topic}",
    ],
    "6": [
        "Training of specialised investigators in {topic}",
        "Expert network and exchange of best practice on {topic}",
        "Innovation and new investigative tools for {topic}",
        "Common training curriculum on {topic}",
        "Forensic capacity building for {topic} cases",
        "Exchange programme for officers working on {topic}",
    ],
    "7": [
        "Awareness-raising campaign on {topic}",
        "Prevention and harm reduction: {topic}",
        "Cooperation with the private sector against {topic}",
        "Public-private partnership on {topic}",
        "Victim support and prevention in {topic} cases",
    ],
    "8": [
        "Cooperation with the Western Balkans on {topic}",
        "Operational cooperation with source and transit countries on {topic}",
        "Liaison network with third countries on {topic}",
        "Capacity building in partner countries against {topic}",
        "Cooperation with Latin American partners on {topic}",
    ],
}
# Once a goal's templates are used up in a plan, the next titles say where they work.
FOCUS = [
    "in the EU's seaports",
    "at the EU's land borders",
    "in the Mediterranean",
    "in the Baltic Sea region",
    "in the Danube region",
    "in the Iberian Peninsula",
    "in the Nordic countries",
    "in Central Europe",
]


def lower_first(name: str) -> str:
    """A name as it reads inside a sentence: 'Migrant smuggling' -> 'migrant smuggling', but
    'VAT (MTIC) fraud' stays as it is."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def topic_phrase(topic_code: str, name: str) -> str:
    return TOPIC_PHRASES.get(topic_code) or lower_first(name)


class TitleDeck:
    """Titles for one plan's actions, each used once in the plan."""

    def __init__(self, rng: random.Random, topic: str) -> None:
        self.rng = rng
        self.topic = topic
        self.decks: dict[str, list[str]] = {}
        self.used: set[str] = set()

    def draw(self, goal: str) -> str:
        deck = self.decks.setdefault(goal, self.rng.sample(TITLES[goal], len(TITLES[goal])))
        templates = TITLES[goal]
        candidates = [deck.pop()] if deck else []
        candidates += [
            f"{template} {focus}" for focus in FOCUS for template in self.rng.sample(templates, 3)
        ]
        for template in candidates:
            title = template.format(topic=self.topic)
            if title not in self.used:
                self.used.add(title)
                return title
        raise ValueError(f"no title left for goal {goal} of {self.topic}")


# ---- report narratives, consistent with their rating -----------------------------------------

PROGRESS: dict[RagStatus, list[str]] = {
    RagStatus.green: [
        "Activities ran as planned in {cycle}: the operational meetings and the joint action "
        "days took place on schedule with all participants.",
        "On track in {cycle}: the planned operational phase was carried out and the results "
        "were shared with all participants through Europol.",
        "The action progressed as planned in {cycle}; all participants deployed officers and "
        "exchanged information as agreed.",
    ],
    RagStatus.amber: [
        "Partly on track in {cycle}: the operational meetings took place, but the joint action "
        "days were postponed to the next half-year.",
        "Most activities ran in {cycle}, with delays: two participants could not deploy "
        "officers in time, so the operational phase was shortened.",
        "Progress in {cycle} was slower than planned: the exchange of information started late "
        "and one planned activity moved to the next half-year.",
    ],
    RagStatus.red: [
        "Off track in {cycle}: the main operational activity could not take place and has to "
        "be planned again.",
        "The action stalled in {cycle}: the leading authority lacked the staff to coordinate "
        "it and most planned activities did not take place.",
        "Off track in {cycle}: the joint investigation could not start because the judicial "
        "authorisation is still pending in two participating countries.",
    ],
}
ACHIEVEMENTS: dict[RagStatus, list[str]] = {
    RagStatus.green: [
        "Joint action days carried out; arrests and seizures reported by the participants.",
        "Operational meetings held; new investigations initiated and intelligence shared.",
        "Common operational plan agreed and carried out; results shared in an operational report.",
    ],
    RagStatus.amber: [
        "Operational meetings held; intelligence packages exchanged between the participants.",
        "Preparatory meeting held and the operational plan agreed.",
    ],
    RagStatus.red: [
        "A first coordination meeting was held.",
        "Only the preparatory work was done: contact points named in each participating country.",
    ],
}
OBSTACLES: dict[RagStatus, list[str]] = {
    RagStatus.green: ["", "", "Minor delays in the exchange of information with one partner."],
    RagStatus.amber: [
        "Two participants could not deploy officers in time.",
        "Delays in the exchange of information with one partner.",
        "The grant was paid later than planned.",
    ],
    RagStatus.red: [
        "The leading authority lacked the staff to coordinate the action.",
        "Judicial authorisations are still pending in two participating countries.",
        "The main partner withdrew its participation.",
    ],
}
NEXT_STEPS: dict[RagStatus, list[str]] = {
    RagStatus.green: [
        "Continue the operational phase as planned.",
        "Prepare the next joint action days.",
    ],
    RagStatus.amber: [
        "Hold the postponed joint action days early in the next half-year.",
        "Agree a new timetable with the participants at the next operational meeting.",
    ],
    RagStatus.red: [
        "The driver and the leader agree a recovery plan at the next operational meeting.",
        "Find a co-leader to share the coordination, or cancel the action.",
    ],
}


def report_texts(rng: random.Random, rag: RagStatus, cycle_code: str) -> dict[str, str]:
    """A report's narrative fields, all telling the same story as its rating."""
    pick: Callable[[list[str]], str] = rng.choice
    return {
        "progress": pick(PROGRESS[rag]).format(cycle=cycle_code),
        "achievements": pick(ACHIEVEMENTS[rag]),
        "obstacles": pick(OBSTACLES[rag]),
        "next_steps": pick(NEXT_STEPS[rag]),
    }


CONTRIBUTIONS = [
    "{who} took part in the operational meetings and the joint action days of {action}.",
    "{who} deployed officers for {action} and shared the results with the leader.",
    "{who} ran national checks for {action} and exchanged intelligence through Europol.",
]


def contribution_text(rng: random.Random, who: str, action: str) -> str:
    return rng.choice(CONTRIBUTIONS).format(who=who, action=action)
