"""Writing rules for the identity package: bio, skills, trajectory and parallels.

Everything here is pure and deterministic: each function draws its choices from a
local ``random.Random`` seeded with the ``seed`` argument (salted per function, so
the bio and the skills of one seed do not move in lock-step).

The bio has three paragraph slots (opening hook, track record, personal touch and
values); each slot has seven templates with different structures (first person,
headline with pipes, question, "by the numbers"…). Templates are filled from the
pet analysis (dominant traits, vibe, expression, posture, coat colours, the highest
and lowest of the 47 dimensions, the office-life dimensions), the career (title,
industry, work style, seniority) and the breed facts (origin, temperament words).
Free text from outside (vibe, expression, breed…) is cleaned first: braces are
removed, whitespace collapsed, and it is quoted where its grammar is unknown, so a
template can never leave a hole or a stray ``{``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from petavatar.domain.dimensions import (
    DIMENSION_INDEX,
    DIMENSIONS,
    HIGH_PHRASES,
    OFFICE_DIMENSIONS,
    TEMPERAMENT_DIMENSIONS,
)
from petavatar.domain.models import CareerProfile, CareerTrajectory, PetAnalysis
from petavatar.domain.naming import origin_pool_for

__all__ = [
    "BIO_TEMPLATES",
    "DIMENSION_SKILLS",
    "LOW_PHRASES",
    "PARALLELS",
    "BioDraft",
    "career_trajectory",
    "choose_skills",
    "draft_bio",
    "ranked_dimensions",
    "uncanny_parallels",
    "write_bio",
]

# --------------------------------------------------------------------------------------
# Phrase tables (one entry per dimension where the table is keyed by dimension)
# --------------------------------------------------------------------------------------

#: What a *low* score on each dimension looks like, as a verb phrase after a first name.
LOW_PHRASES: Final[dict[str, str]] = {
    "confidence": "keeps the ego firmly out of the room",
    "energy_level": "saves energy for the moments that matter",
    "sociability": "does the best work behind a closed door",
    "assertiveness": "lets the work do the talking",
    "playfulness": "keeps every meeting strictly on topic",
    "curiosity": "sticks with what already works",
    "independence": "never goes rogue on a project",
    "loyalty": "keeps an open mind about the next opportunity",
    "patience": "has no time for slow decisions",
    "focus": "juggles a dozen browser tabs at once",
    "adaptability": "follows the process exactly as documented",
    "stubbornness": "changes course the moment the data does",
    "friendliness_to_strangers": "warms up to new people by the third meeting",
    "vocal_expressiveness": "speaks up only when it counts",
    "calmness": "brings urgency to every thread",
    "anxiety": "stays unflappable when the servers go down",
    "dominance": "leads from the middle of the pack",
    "affection": "keeps a strictly professional distance",
    "problem_solving": "escalates rather than improvises",
    "coachability": "has heard the feedback, thank you",
    "territoriality": "hot-desks without complaint",
    "food_motivation": "forgets to take a lunch break",
    "vigilance": "stays blissfully unbothered by the small print",
    "gentleness": "gives feedback without the cushioning",
    "mischief": "has never once hidden the good stapler",
    "dignity": "is unafraid to look silly at the offsite",
    "resilience": "needs a quiet moment after a tough review",
    "competitiveness": "is just happy to be included",
    "empathy": "keeps feelings out of the spreadsheet",
    "routine_orientation": "never has the same day twice",
    "risk_taking": "measures twice and cuts once",
    "leadership": "thrives as an individual contributor",
    "humor": "takes every joke in the group chat literally",
    "appearance_consciousness": "dresses for comfort, not the camera",
    "diplomacy": "says the quiet part out loud",
    "optimism": "always plans for the worst case",
    "would_steal_your_lunch_from_the_fridge": "respects the labels in the office fridge",
    "sends_passive_aggressive_emails": "writes emails without a single 'per my last'",
    "actually_reads_the_meeting_agenda": "wings every meeting with confidence",
    "takes_credit_for_group_projects": "credits the whole team, every time",
    "replies_all_unnecessarily": "has never once hit reply-all",
    "naps_at_desk": "has never been seen resting",
    "works_the_room_at_happy_hour": "leaves happy hour before the second round",
    "meets_deadlines": "treats deadlines as gentle suggestions",
    "coffee_dependency": "runs entirely on herbal tea",
    "shares_office_snacks": "keeps the good snacks in a locked drawer",
    "micromanages": "trusts the team to deliver",
}

#: LinkedIn skills each dimension earns when it runs high (primary, alternate).
DIMENSION_SKILLS: Final[dict[str, tuple[str, str]]] = {
    "confidence": ("Executive Presence", "Public Speaking"),
    "energy_level": ("High-Velocity Execution", "Cross-Functional Momentum"),
    "sociability": ("Stakeholder Engagement", "Networking"),
    "assertiveness": ("Negotiation", "Difficult Conversations"),
    "playfulness": ("Team Building", "Gamification"),
    "curiosity": ("Market Research", "Continuous Learning"),
    "independence": ("Self-Directed Delivery", "Remote Work"),
    "loyalty": ("Client Retention", "Account Management"),
    "patience": ("Long-Cycle Sales", "Mentoring"),
    "focus": ("Deep Work", "Prioritization"),
    "adaptability": ("Change Management", "Agile Methodologies"),
    "stubbornness": ("Persistence", "Scope Defense"),
    "friendliness_to_strangers": ("Customer Onboarding", "Cold Outreach"),
    "vocal_expressiveness": ("Stand-Up Facilitation", "Verbal Communication"),
    "calmness": ("Crisis Management", "Incident Response"),
    "anxiety": ("Contingency Planning", "Compliance"),
    "dominance": ("Executive Leadership", "Organizational Design"),
    "affection": ("Employee Engagement", "Relationship Building"),
    "problem_solving": ("Root Cause Analysis", "Creative Problem Solving"),
    "coachability": ("Feedback Integration", "Growth Mindset"),
    "territoriality": ("Territory Management", "Boundary Setting"),
    "food_motivation": ("Vendor Relations (Catering)", "Incentive Design"),
    "vigilance": ("Risk Assessment", "Quality Assurance"),
    "gentleness": ("Conflict De-escalation", "Compassionate Leadership"),
    "mischief": ("Disruptive Innovation", "Red Teaming"),
    "dignity": ("Board Relations", "Executive Communication"),
    "resilience": ("Turnaround Strategy", "Stress Management"),
    "competitiveness": ("Competitive Analysis", "Sales Leadership"),
    "empathy": ("Emotional Intelligence", "User Research"),
    "routine_orientation": ("Process Optimization", "Operational Excellence"),
    "risk_taking": ("Venture Strategy", "Opportunity Assessment"),
    "leadership": ("People Management", "Strategic Leadership"),
    "humor": ("Culture Building", "Icebreaking"),
    "appearance_consciousness": ("Personal Branding", "Brand Management"),
    "diplomacy": ("Conflict Resolution", "Cross-Team Alignment"),
    "optimism": ("Vision Casting", "Morale Management"),
    "would_steal_your_lunch_from_the_fridge": ("Resource Acquisition", "Opportunistic Sourcing"),
    "sends_passive_aggressive_emails": ("Written Communication", "Documentation Trails"),
    "actually_reads_the_meeting_agenda": ("Meeting Preparation", "Agenda Management"),
    "takes_credit_for_group_projects": ("Visibility Management", "Executive Storytelling"),
    "replies_all_unnecessarily": ("Stakeholder Communication", "Inbox Transparency"),
    "naps_at_desk": ("Strategic Recharging", "Energy Management"),
    "works_the_room_at_happy_hour": ("Relationship Networking", "Event Hosting"),
    "meets_deadlines": ("Project Management", "On-Time Delivery"),
    "coffee_dependency": ("Caffeine-Fueled Productivity", "Early-Morning Execution"),
    "shares_office_snacks": ("Team Morale", "Hospitality"),
    "micromanages": ("Attention to Detail", "Quality Control"),
}

#: "Separated at Birth?" pairs: (pet behaviour, human habit after the first name).
PARALLELS: Final[dict[str, tuple[str, str]]] = {
    "confidence": (
        "Strolls into the vet's like it owns the place",
        "strolls into the boardroom like it is theirs",
    ),
    "energy_level": ("Zooms around the house at dawn", "answers emails at dawn"),
    "sociability": ("Greets every visitor at the door", "greets every new hire at reception"),
    "assertiveness": (
        "Announces dinnertime, loudly, at 4:55",
        "announces the agenda, loudly, at 8:55",
    ),
    "playfulness": ("Turns any object into a toy", "turns any meeting into a workshop"),
    "curiosity": ("Investigates every new box", "investigates every new spreadsheet"),
    "independence": ("Comes when called, eventually", "replies on Slack, eventually"),
    "loyalty": (
        "Follows a favourite person from room to room",
        "follows a favourite manager from company to company",
    ),
    "patience": ("Waits by the door for hours", "waits out a six-month procurement cycle"),
    "focus": (
        "Stares at one spot for twenty minutes",
        "stares at one dashboard for twenty minutes",
    ),
    "adaptability": ("Naps happily in any new spot", "works happily from any hot desk"),
    "stubbornness": ("Refuses to leave the favourite spot", "refuses to move the deadline"),
    "friendliness_to_strangers": (
        "Befriends the delivery driver",
        "befriends the entire vendor team",
    ),
    "vocal_expressiveness": (
        "Has opinions about everything, out loud",
        "has opinions in every stand-up, out loud",
    ),
    "calmness": ("Sleeps through thunderstorms", "stays calm through server outages"),
    "anxiety": ("Checks the door twice", "checks the backup twice"),
    "dominance": ("Claims the best spot on the sofa", "claims the best seat in the boardroom"),
    "affection": (
        "Leans in for attention from everyone",
        "signs off every email with warm regards, and means it",
    ),
    "problem_solving": (
        "Works out how to open the treat cupboard",
        "works out how to unlock the budget",
    ),
    "coachability": ("Learns a new trick in an afternoon", "learns a new tool in an afternoon"),
    "territoriality": ("Guards the food bowl", "guards the Q3 budget"),
    "food_motivation": (
        "Hears a wrapper from three rooms away",
        "hears 'free pizza' from three floors away",
    ),
    "vigilance": ("Notices a leaf move outside", "notices a typo on slide 47"),
    "gentleness": ("Takes treats ever so gently", "delivers bad news ever so gently"),
    "mischief": (
        "Knocks things off the table while maintaining eye contact",
        "books Friday 4:59 p.m. meetings while maintaining eye contact",
    ),
    "dignity": ("Refuses to wear the holiday sweater", "refuses to wear the conference lanyard"),
    "resilience": ("Bounces back from every bath", "bounces back from every reorg"),
    "competitiveness": ("Must reach the ball first", "must close the deal first"),
    "empathy": ("Knows when someone is sad", "knows when a colleague needs a coffee"),
    "routine_orientation": (
        "Expects dinner at exactly six",
        "expects the stand-up at exactly nine",
    ),
    "risk_taking": ("Leaps for the highest shelf", "leaps for the stretch target"),
    "leadership": ("Leads the walk, never follows", "leads the all-hands, never follows"),
    "humor": (
        "Does something ridiculous when you are upset",
        "drops the perfect GIF into a tense thread",
    ),
    "appearance_consciousness": (
        "Grooms for an hour before company arrives",
        "updates the headshot before every conference",
    ),
    "diplomacy": (
        "Keeps the peace between the other pets",
        "keeps the peace between Sales and Engineering",
    ),
    "optimism": ("Believes every rustle is a treat", "believes every lead is a closed deal"),
    "would_steal_your_lunch_from_the_fridge": (
        "Steals food off the counter",
        "takes the last slice of someone else's birthday cake",
    ),
    "sends_passive_aggressive_emails": (
        "Sighs loudly when ignored",
        "writes 'per my last email' when ignored",
    ),
    "actually_reads_the_meeting_agenda": (
        "Inspects every room before settling in",
        "reads the whole agenda, appendix included",
    ),
    "takes_credit_for_group_projects": (
        "Brings back the ball you threw as its own find",
        "presents the team's deck as a personal triumph",
    ),
    "replies_all_unnecessarily": (
        "Announces every visitor to the whole house",
        "replies all to say 'on it'",
    ),
    "naps_at_desk": ("Naps in a sunbeam after lunch", "naps at the desk after lunch"),
    "works_the_room_at_happy_hour": (
        "Makes the rounds at every gathering",
        "works the room at every happy hour",
    ),
    "meets_deadlines": (
        "Waits at the bowl before dinnertime",
        "files the report before the deadline",
    ),
    "coffee_dependency": (
        "Is useless until the morning treat",
        "is useless until the second espresso",
    ),
    "shares_office_snacks": (
        "Drops toys at your feet as gifts",
        "leaves snacks on everyone's desk",
    ),
    "micromanages": (
        "Supervises every household chore",
        "supervises every cell of the spreadsheet",
    ),
}

#: Track-record achievements for each temperament dimension (a phrase after "has").
ACHIEVEMENTS: Final[dict[str, str]] = {
    "confidence": "pitched to the board without a single slide",
    "energy_level": "run three product launches in a single quarter",
    "sociability": "built a referral network that spans four continents",
    "assertiveness": "renegotiated every major vendor contract",
    "playfulness": "turned the quarterly review into the best-attended meeting of the year",
    "curiosity": "opened two new markets by asking one more question",
    "independence": "delivered a flagship project with zero supervision",
    "loyalty": "kept every key account through three reorganisations",
    "patience": "closed an eighteen-month deal without once following up too soon",
    "focus": "cut a six-week backlog to zero",
    "adaptability": "led the team through two mergers without losing a single hire",
    "stubbornness": "held the line on quality when everyone else blinked",
    "friendliness_to_strangers": "turned cold leads into lifelong clients",
    "vocal_expressiveness": "delivered the keynote at two company offsites",
    "calmness": "steered the team through a data-centre outage without raising a voice",
    "anxiety": "caught three compliance issues before they became issues",
    "dominance": "restructured an entire division in a single quarter",
    "affection": "earned the highest engagement scores in the department",
    "problem_solving": "fixed the process everyone else had learned to live with",
    "coachability": "turned every piece of feedback into a promotion",
    "territoriality": "defended the team's budget through four planning cycles",
    "food_motivation": "negotiated the best catering contract the company has ever seen",
    "vigilance": "spotted a seven-figure error on page 93 of a contract",
    "gentleness": "onboarded dozens of nervous new hires with grace",
    "mischief": "launched a guerrilla campaign the marketing team still talks about",
    "dignity": "represented the company at three industry summits",
    "resilience": "rebuilt a pipeline from scratch after a lost quarter",
    "competitiveness": "topped the leaderboard for six consecutive quarters",
    "empathy": "redesigned the customer journey around what users actually feel",
    "routine_orientation": "standardised a process that saves a thousand hours a year",
    "risk_taking": "bet on an untested idea that became the best seller",
    "leadership": "grown a team from three people to thirty",
    "humor": "defused a tense negotiation with one perfectly timed joke",
    "appearance_consciousness": "refreshed the company brand, headshots first",
    "diplomacy": "brokered a lasting peace between Sales and Engineering",
    "optimism": "rallied the team to beat a target everyone had written off",
}

#: What each office-life dimension is "known for" when it runs high.
OFFICE_KNOWN_FOR: Final[dict[str, str]] = {
    "would_steal_your_lunch_from_the_fridge": "an unusual interest in other people's lunches",
    "sends_passive_aggressive_emails": "perfecting the 'per my last email'",
    "actually_reads_the_meeting_agenda": "actually reading the agenda",
    "takes_credit_for_group_projects": "presenting the team's work with remarkable ownership",
    "replies_all_unnecessarily": "keeping absolutely everyone in the loop via reply-all",
    "naps_at_desk": "a legendary post-lunch desk nap",
    "works_the_room_at_happy_hour": "working the room at every happy hour",
    "meets_deadlines": "never missing a deadline",
    "coffee_dependency": "a fourth coffee before ten",
    "shares_office_snacks": "bringing snacks for the whole floor",
    "micromanages": "checking in on every detail, twice",
}

#: A number to be proud (or not) of, for each office-life dimension.
OFFICE_STATS: Final[dict[str, str]] = {
    "would_steal_your_lunch_from_the_fridge": "a suspicious number of missing labelled lunches",
    "sends_passive_aggressive_emails": "over a thousand emails opening with 'per my last'",
    "actually_reads_the_meeting_agenda": "every pre-read read, annotated and returned",
    "takes_credit_for_group_projects": "a perfect record of presenting the final slide",
    "replies_all_unnecessarily": "a reply-all count that IT has asked about",
    "naps_at_desk": "one perfectly scheduled afternoon nap per day",
    "works_the_room_at_happy_hour": "a business card for every person at every mixer",
    "meets_deadlines": "zero missed deadlines",
    "coffee_dependency": "four coffees before 10 a.m.",
    "shares_office_snacks": "a desk drawer that feeds the whole floor",
    "micromanages": "an average of six check-ins per task",
}

#: Readable nouns for dimensions used as dominant traits.
TRAIT_NOUNS: Final[dict[str, str]] = {
    "energy_level": "energy",
    "friendliness_to_strangers": "warmth with strangers",
    "vocal_expressiveness": "expressiveness",
    "food_motivation": "hunger for results",
    "problem_solving": "problem-solving",
    "routine_orientation": "love of routine",
    "risk_taking": "appetite for risk",
    "appearance_consciousness": "polish",
    "would_steal_your_lunch_from_the_fridge": "resourcefulness",
    "sends_passive_aggressive_emails": "written precision",
    "actually_reads_the_meeting_agenda": "preparation",
    "takes_credit_for_group_projects": "visibility",
    "replies_all_unnecessarily": "transparency",
    "naps_at_desk": "strategic rest",
    "works_the_room_at_happy_hour": "networking",
    "meets_deadlines": "reliability",
    "coffee_dependency": "caffeinated drive",
    "shares_office_snacks": "generosity",
    "micromanages": "attention to detail",
}

#: An adjective for each temperament dimension (used when the breed gives no temperament).
TRAIT_ADJECTIVES: Final[dict[str, str]] = {
    "confidence": "confident",
    "energy_level": "energetic",
    "sociability": "sociable",
    "assertiveness": "assertive",
    "playfulness": "playful",
    "curiosity": "curious",
    "independence": "independent",
    "loyalty": "loyal",
    "patience": "patient",
    "focus": "focused",
    "adaptability": "adaptable",
    "stubbornness": "determined",
    "friendliness_to_strangers": "welcoming",
    "vocal_expressiveness": "expressive",
    "calmness": "calm",
    "anxiety": "cautious",
    "dominance": "commanding",
    "affection": "affectionate",
    "problem_solving": "resourceful",
    "coachability": "coachable",
    "territoriality": "protective",
    "food_motivation": "driven",
    "vigilance": "watchful",
    "gentleness": "gentle",
    "mischief": "mischievous",
    "dignity": "dignified",
    "resilience": "resilient",
    "competitiveness": "competitive",
    "empathy": "empathetic",
    "routine_orientation": "methodical",
    "risk_taking": "bold",
    "leadership": "decisive",
    "humor": "funny",
    "appearance_consciousness": "polished",
    "diplomacy": "diplomatic",
    "optimism": "optimistic",
}

_HOBBIES: Final[dict[str, tuple[str, ...]]] = {
    "dog": (
        "fetching things at the park",
        "hiking with a well-worn tennis ball",
        "at the dog park, networking",
    ),
    "cat": (
        "curating the perfect sunny windowsill",
        "reading in a cardboard box",
        "supervising the neighbourhood birds",
    ),
    "rabbit": (
        "tending a vegetable garden",
        "at the farmers' market inspecting the greens",
        "practising competitive long jump",
    ),
    "hamster": (
        "training for a half-marathon on the treadmill",
        "reorganising the pantry",
        "collecting artisanal seeds",
    ),
    "guinea_pig": (
        "hosting loud, cheerful dinner parties",
        "at the farmers' market inspecting the lettuce",
        "reorganising the pantry",
    ),
    "horse": ("on long weekend runs", "at the polo club", "somewhere in the open countryside"),
    "bird": (
        "singing in a community choir",
        "birdwatching, ironically",
        "at the top of the nearest climbing wall",
    ),
    "fish": ("swimming laps at dawn", "scuba diving", "at the aquarium, networking"),
    "reptile": ("basking on a beach somewhere warm", "at hot yoga", "collecting rare succulents"),
}

_KRYPTONITE: Final[dict[str, str]] = {
    "dog": "the sound of a doorbell",
    "cat": "a closed door",
    "rabbit": "sudden loud noises",
    "hamster": "an unfinished wheel",
    "guinea_pig": "the rustle of a lettuce bag",
    "horse": "a plastic bag in the wind",
    "bird": "a mirror",
    "fish": "tapping on the glass",
    "reptile": "an over-air-conditioned office",
}

_ORIGIN_ADJECTIVES: Final[dict[str, str]] = {
    "germany": "German",
    "thailand": "Thai",
    "russia": "Russian",
    "japan": "Japanese",
    "scotland": "Scottish",
    "france": "French",
    "england": "English",
    "mexico": "Mexican",
    "china": "Chinese",
    "switzerland": "Swiss",
    "ireland": "Irish",
    "wales": "Welsh",
    "italy": "Italian",
    "australia": "Australian",
    "norway": "Norwegian",
    "hungary": "Hungarian",
    "egypt": "Egyptian",
    "persia": "Persian",
    "belgium": "Belgian",
    "tibet": "Tibetan",
    "turkey": "Turkish",
}

_EXTRA_ORIGIN_ADJECTIVES: Final[dict[str, str]] = {
    "usa": "American",
    "america": "American",
    "american": "American",
    "united states": "American",
    "canada": "Canadian",
    "spain": "Spanish",
    "portugal": "Portuguese",
    "netherlands": "Dutch",
    "holland": "Dutch",
    "croatia": "Croatian",
    "malta": "Maltese",
    "cuba": "Cuban",
    "finland": "Finnish",
    "sweden": "Swedish",
    "denmark": "Danish",
    "poland": "Polish",
    "africa": "African",
    "brazil": "Brazilian",
    "peru": "Peruvian",
    "afghanistan": "Afghan",
    "israel": "Israeli",
    "madagascar": "Malagasy",
    "burma": "Burmese",
    "myanmar": "Burmese",
}

_GLOBAL_ORIGINS: Final[frozenset[str]] = frozenset(
    {"", "worldwide", "global", "unknown", "various", "mixed", "none", "n/a"}
)

_SENIORITY_ADJECTIVE: Final[dict[str, tuple[str, ...]]] = {
    "entry-level": ("up-and-coming", "rising", "fast-learning"),
    "mid-level": ("seasoned", "results-driven", "battle-tested"),
    "senior": ("veteran", "highly accomplished", "trusted"),
    "executive": ("visionary", "transformational", "award-winning"),
}

_YEARS_RANGE: Final[dict[str, tuple[int, int]]] = {
    "entry-level": (1, 3),
    "mid-level": (4, 8),
    "senior": (9, 15),
    "executive": (16, 25),
}

_NUMBER_WORDS: Final[tuple[str, ...]] = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twenty-one",
    "twenty-two",
    "twenty-three",
    "twenty-four",
    "twenty-five",
)

_PAST_FALLBACK: Final[dict[str, tuple[str, ...]]] = {
    "entry-level": ("Intern", "Trainee"),
    "mid-level": ("Junior Associate", "Associate"),
    "senior": ("Associate", "Team Lead"),
    "executive": ("Team Lead", "Director", "Vice President"),
}

_FUTURE_FALLBACK: Final[dict[str, tuple[str, ...]]] = {
    "entry-level": ("Senior Associate", "Team Lead"),
    "mid-level": ("Team Lead", "Senior Manager"),
    "senior": ("Director", "Vice President"),
    "executive": ("Board Chair", "Keynote Speaker on the Leadership Circuit"),
}

_GENERIC_ACHIEVEMENTS: Final[tuple[str, ...]] = (
    "shipped every milestone on the roadmap",
    "mentored a dozen future leaders",
    "turned around an underperforming region",
    "streamlined quarterly planning from weeks to days",
)

# --------------------------------------------------------------------------------------
# Bio templates: seven structures per paragraph slot
# --------------------------------------------------------------------------------------

_OPENINGS: Final[tuple[str, ...]] = (
    # 0: classic third-person summary
    "{name} is {a_adj_title} in {industry} with {years_phrase} of experience and what one"
    ' recruiter called "{vibe}". Colleagues sum up the approach in three words: {traits}.',
    # 1: question hook
    "What happens when {traits} meet a career in {industry}? Ask {name}, {a_title} who has"
    ' spent {years_phrase} turning "{h1}" into a competitive advantage.',
    # 2: first person
    "I'm {first}. As {a_title}, I help teams in {industry} do more with less, powered by"
    ' {traits} and a personal brand best summed up as "{h1}".',
    # 3: "bred for it"
    "Some leaders are made; {name} was bred for it. {Roots}, {first} brings {temperament}"
    ' instincts and unmistakable "{vibe}" to every challenge in {industry}.',
    # 4: headline with pipes
    "{Title} | {Industry} | {Trait1} Advocate. {name} has {years_phrase} of experience and a"
    ' reputation for "{h1}".',
    # 5: "what would X do"
    "After {years_phrase} in {industry}, {name} still starts every week with one question:"
    " what would {a_breed} do? As {a_title}, {first} answers it with {traits}.",
    # 6: "Meet X:"
    'Meet {name}: {a_title} whose headshot says "{expression}" and whose calendar says'
    ' "{vibe}". {Seniority_adj} in {industry}, and proud of it.',
)

_TRACK_RECORDS: Final[tuple[str, ...]] = (
    # 0
    "The highlights so far: {first} has {ach1} and {ach2}. Peers credit a working style best"
    ' summed up as "{work_style}".',
    # 1
    "Career highlights include having {ach1}, having {ach2}, and a reputation for {office}.",
    # 2
    "Track record: has {ach1}. Has {ach2}. Is also, famously, known for {office}.",
    # 3
    'Long before it was fashionable, {first} was bringing "{h2}" to {industry}. Since then,'
    ' {first} has {ach1} and {ach2}. The team\'s verdict has never changed: "{h3}".',
    # 4: by the numbers
    "By the numbers: {years_word} years in {industry}, {stat}, and one very well-known habit:"
    " {office}. Along the way, {first} has {ach1}.",
    # 5
    'Hiring managers notice two things first: "{h1}" and "{h2}". Teams notice the results:'
    " {first} has {ach1} and {ach2}.",
    # 6
    "Known across {industry} for {office}, {first} has also {ach1}. Ask anyone on the team"
    ' what it is like to work with {first} and you will hear the same answer: "{h2}".',
)

_PERSONAL: Final[tuple[str, ...]] = (
    # 0
    "Outside the office, {first} can usually be found {hobby}. {Roots} and proud of it,"
    " {first} lives by a simple rule: stay {temperament}.",
    # 1
    "{first} believes every great team needs {traits}. Weekends find {first} {hobby}, and"
    " colleagues will tell you that {first} {low}.",
    # 2
    "Personal mission: to make {industry} a little more {temperament_one}. Signature look:"
    ' {colours} tones and an expression best described as "{expression}". Fun fact:'
    " {first} {low}.",
    # 3
    "When not in back-to-back meetings, {first} can be found {hobby}. Friends describe"
    ' {first} as {temperament}; the team simply calls it "{vibe}".',
    # 4
    'Values: {traits}. Superpower: "{h3}". Kryptonite: {kryptonite}. {Roots},'
    " {first} never forgets where it all started.",
    # 5
    "Proud of {a_breed} heritage and {origin_adj} roots, {first} carries a posture colleagues"
    ' describe as "{posture}" into every boardroom. Ask about the {colours} wardrobe; stay'
    " for the masterclass in {trait1}.",
    # 6
    "Open to: mentoring, speaking invitations and a well-catered offsite. Not open to:"
    " {kryptonite}. {first} {low}, and makes no apology for it.",
)

#: The templates of each bio slot, in slot order: opening, track record, personal.
BIO_TEMPLATES: Final[tuple[tuple[str, ...], ...]] = (_OPENINGS, _TRACK_RECORDS, _PERSONAL)

_PET_NAME_TAILS: Final[tuple[str, ...]] = (
    'Close friends still call {first} "{pet_name}".',
    'Answers to "{pet_name}" outside office hours.',
    '(Yes, the nickname "{pet_name}" has a story.)',
)

# --------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------

_BRACES_RE: Final[re.Pattern[str]] = re.compile(r"[{}\[\]<>\"]")


def _clean(text: object, fallback: str) -> str:
    """Collapse whitespace, drop braces and double quotes, strip trailing punctuation."""
    if not isinstance(text, str):
        return fallback
    cleaned = " ".join(_BRACES_RE.sub(" ", text.replace("_", " ")).split()).strip(" .,;:")
    if not cleaned or cleaned.lower() in {"none", "null", "n/a"}:
        return fallback
    return cleaned


def _article(phrase: str) -> str:
    """'a' or 'an' for ``phrase`` by its first sound (a small, practical rule)."""
    word = phrase.split()[0] if phrase.split() else phrase
    lower = word.lower()
    if word.isupper() and len(word) > 1:  # an acronym: say the letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if lower.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if lower[:1] in {"a", "e", "i", "o", "u"} else "a"


def _with_article(phrase: str) -> str:
    return f"{_article(phrase)} {phrase}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _tidy(text: str) -> str:
    """Collapse whitespace and fix spacing around punctuation; end with punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?=[^\s\d'\"])", r"\1 ", text)
    text = text.replace("..", ".").replace(",,", ",")
    if text and text[-1] not in '.!?)"':
        text += "."
    return text


def _species_key(species: str) -> str:
    return species.strip().lower().replace(" ", "_")


def _species_word(species: str) -> str:
    return _species_key(species).replace("_", " ") or "pet"


def _trait_noun(trait: str) -> str:
    key = trait.strip().lower().replace(" ", "_")
    if key in TRAIT_NOUNS:
        return TRAIT_NOUNS[key]
    if key in DIMENSION_INDEX:
        return key.replace("_", " ")
    return _clean(trait, "").lower()


def ranked_dimensions(dims: Mapping[str, int], among: Sequence[str] = DIMENSIONS) -> list[str]:
    """Dimensions in ``among``, highest score first (ties keep the canonical order)."""
    return sorted(among, key=lambda d: (-dims.get(d, 0), DIMENSION_INDEX.get(d, 0)))


def _origin_adjective(origin: str) -> str | None:
    pool = origin_pool_for(origin)
    if pool is not None:
        return _ORIGIN_ADJECTIVES.get(pool)
    lowered = origin.lower()
    for key, adjective in _EXTRA_ORIGIN_ADJECTIVES.items():
        if re.search(rf"\b{re.escape(key)}\b", lowered):
            return adjective
    return None


def _roots(origin: str) -> tuple[str, str]:
    """``(Roots sentence start, adjective)``: 'With Scottish roots', 'Scottish'."""
    cleaned = _clean(origin, "")
    adjective = _origin_adjective(cleaned)
    if adjective is not None:
        return f"With {adjective} roots", adjective
    if cleaned.lower() in _GLOBAL_ORIGINS:
        return "With a truly global upbringing", "global"
    return f"With roots in {cleaned}", "far-flung"


# --------------------------------------------------------------------------------------
# Bio
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BioDraft:
    """A written bio: its three paragraphs and which template each slot used."""

    paragraphs: tuple[str, str, str]
    template_ids: tuple[int, int, int]

    @property
    def text(self) -> str:
        """The bio as stored: the paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


def _bio_fields(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    origin: str,
    temperament: Sequence[str],
    rng: random.Random,
) -> dict[str, str]:
    """Every value a bio template may ask for, cleaned and never empty."""
    dims = analysis.personality_dimensions
    name = _clean(human_name, "Alex Morgan")
    first = name.split()[0]
    title = _clean(career.job_title, "Professional")
    industry = _clean(career.industry, "business")
    seniority = career.seniority
    adjective = rng.choice(_SENIORITY_ADJECTIVE[seniority])
    low_years, high_years = _YEARS_RANGE[seniority]
    years = rng.randint(low_years, high_years)
    years_word = _NUMBER_WORDS[years]
    years_phrase = "a year" if years == 1 else f"{years_word} years"

    traits = [t for t in (_trait_noun(t) for t in analysis.dominant_traits) if t]
    top_temperament = ranked_dimensions(dims, TEMPERAMENT_DIMENSIONS)
    temperament_words = [w.lower() for w in (_clean(t, "") for t in temperament) if w][:3]
    if not temperament_words:  # no breed facts: describe the pet's own top dimensions
        temperament_words = [TRAIT_ADJECTIVES[d] for d in top_temperament[:3]]

    highs = sorted(rng.sample(top_temperament[:5], 3), key=top_temperament.index)
    lowest = ranked_dimensions(dims)[-1]
    top_office = ranked_dimensions(dims, OFFICE_DIMENSIONS)
    office_dim = rng.choice(top_office[:2])
    achievers = [d for d in top_temperament[:6] if d in ACHIEVEMENTS]
    picked = rng.sample(achievers, 2) if len(achievers) >= 2 else list(_GENERIC_ACHIEVEMENTS[:2])

    species_key = _species_key(analysis.species)
    hobbies = _HOBBIES.get(species_key, ("on a long walk",))
    hobby = rng.choice(hobbies)
    breed = _clean(analysis.breed, _species_word(analysis.species))
    roots, origin_adj = _roots(origin)
    colours = _join([_clean(c, "").lower() for c in analysis.coat_colors if _clean(c, "")])

    trait1 = traits[0] if traits else HIGH_PHRASES[top_temperament[0]]
    return {
        "name": name,
        "first": first,
        "title": title,
        "Title": _cap(title),
        "a_title": _with_article(title),
        "a_adj_title": _with_article(f"{adjective} {title}"),
        "Seniority_adj": _cap(adjective),
        "industry": industry,
        "Industry": _cap(industry),
        "work_style": _clean(career.work_style, "steady and dependable"),
        "years_word": years_word,
        "years_phrase": years_phrase,
        "traits": _join(traits) or "curiosity, loyalty and grit",
        "trait1": trait1,
        "Trait1": " ".join(_cap(w) for w in trait1.split()),
        "temperament": _join(temperament_words),
        "temperament_one": temperament_words[0],
        "h1": HIGH_PHRASES[highs[0]],
        "h2": HIGH_PHRASES[highs[1]],
        "h3": HIGH_PHRASES[highs[2]],
        "low": LOW_PHRASES[lowest],
        "office": OFFICE_KNOWN_FOR[office_dim],
        "stat": OFFICE_STATS[office_dim],
        "ach1": ACHIEVEMENTS.get(picked[0], picked[0]),
        "ach2": ACHIEVEMENTS.get(picked[1], picked[1]),
        "vibe": _clean(analysis.vibe, "quiet competence"),
        "expression": _clean(analysis.expression, "ready for anything").lower(),
        "posture": _clean(analysis.posture, "poised").lower(),
        "colours": colours or "classic",
        "hobby": hobby,
        "kryptonite": _KRYPTONITE.get(species_key, "a Monday without coffee"),
        "breed": breed,
        "a_breed": _with_article(breed),
        "Roots": roots,
        "origin_adj": origin_adj,
        "pet_name": _clean(analysis.pet_name, ""),
    }


def draft_bio(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    *,
    origin: str = "",
    temperament: Sequence[str] = (),
    seed: int,
) -> BioDraft:
    """Write the three bio paragraphs and report which template each slot used.

    The template of each slot is chosen by the seeded generator; so are the seniority
    adjective, the years of experience, the three highlighted high dimensions (from
    the top five), the office habit and the achievements. If the pet has a name, a
    short nickname line closes the personal paragraph.
    """
    rng = random.Random(f"bio:{seed}")
    template_ids = (
        rng.randrange(len(_OPENINGS)),
        rng.randrange(len(_TRACK_RECORDS)),
        rng.randrange(len(_PERSONAL)),
    )
    fields = _bio_fields(analysis, career, human_name, origin, temperament, rng)
    paragraphs = [
        _tidy(slot[index].format(**fields))
        for slot, index in zip(BIO_TEMPLATES, template_ids, strict=True)
    ]
    if fields["pet_name"]:
        tail = rng.choice(_PET_NAME_TAILS).format(**fields)
        paragraphs[2] = _tidy(f"{paragraphs[2]} {tail}")
    first, second, third = (_cap(p) for p in paragraphs)
    return BioDraft(paragraphs=(first, second, third), template_ids=template_ids)


def write_bio(
    analysis: PetAnalysis,
    career: CareerProfile,
    human_name: str,
    *,
    origin: str = "",
    temperament: Sequence[str] = (),
    seed: int,
) -> str:
    """A 3-paragraph LinkedIn-style bio, paragraphs separated by one blank line."""
    return draft_bio(
        analysis, career, human_name, origin=origin, temperament=temperament, seed=seed
    ).text


# --------------------------------------------------------------------------------------
# Skills
# --------------------------------------------------------------------------------------


def choose_skills(analysis: PetAnalysis, career_skills: Sequence[str], seed: int) -> list[str]:
    """5–10 unique skills: some from the career, some earned by the pet's top dimensions.

    The target count is drawn between 6 and 9. Up to half of it (at most 5) comes from
    ``career_skills`` in their given order (they are the most relevant); the rest comes
    from the pet's highest dimensions via :data:`DIMENSION_SKILLS` (primary or
    alternate wording, chosen by the seed). Duplicates are dropped case-insensitively,
    and pet-derived skills top the list up so there are always at least five.
    """
    rng = random.Random(f"skills:{seed}")
    target = rng.randint(6, 9)
    seen: set[str] = set()
    chosen: list[str] = []

    def add(skill: str) -> None:
        cleaned = _clean(skill, "")
        if cleaned and cleaned.lower() not in seen and len(chosen) < 10:
            seen.add(cleaned.lower())
            chosen.append(cleaned)

    career_quota = min(5, (target + 1) // 2)
    for skill in career_skills:
        if len(chosen) >= career_quota:
            break
        add(skill)
    for dim in ranked_dimensions(analysis.personality_dimensions):
        if len(chosen) >= target:
            break
        primary, alternate = DIMENSION_SKILLS[dim]
        add(primary if rng.random() < 0.7 else alternate)
    return chosen


# --------------------------------------------------------------------------------------
# Career trajectory
# --------------------------------------------------------------------------------------

_PAST_TEMPLATES: Final[tuple[str, ...]] = (
    "Started out as {roles}, learning {industry} from the ground up.",
    "Cut their teeth as {roles}, picking up the unwritten rules of {industry} along the way.",
    "Earlier roles: {roles}, each one a rung on the ladder.",
    "Previously served as {roles}, and kept every lesson.",
)

_PRESENT_TEMPLATES: Final[tuple[str, ...]] = (
    'Currently {a_title} in {industry}, with a working style best described as "{work_style}".',
    'Today: {a_title} in {industry}. Working style, in a phrase: "{work_style}".',
    "Now serving as {a_title} in {industry}, where colleagues sum up the approach as"
    ' "{work_style}".',
    'Right now, {a_title} in {industry}, running every project the same way: "{work_style}".',
)

_FUTURE_TEMPLATES: Final[tuple[str, ...]] = (
    "Next stop: {roles}.",
    "The five-year plan: {roles}, then a book deal.",
    "Widely tipped to become {roles}.",
    "Eyeing the path to {roles}, one quarter at a time.",
)


def _role_list(roles: Sequence[str], fallback: Sequence[str], limit: int = 3) -> str:
    cleaned: list[str] = []
    for role in roles:
        text = _clean(role, "")
        if text and text.lower() not in {c.lower() for c in cleaned}:
            cleaned.append(text)
    chosen = cleaned[:limit] or list(fallback)
    return ", then ".join(_with_article(role) for role in chosen)


def career_trajectory(
    career: CareerProfile,
    past_roles: Sequence[str],
    future_roles: Sequence[str],
    seed: int,
) -> CareerTrajectory:
    """Past, present and future sentences for the persona.

    ``present`` always names the current job title. ``past`` and ``future`` list up to
    three of the given roles; when a list is empty, a ladder from the career's
    seniority stands in (an entry-level persona was an intern; an executive will chair
    the board).
    """
    rng = random.Random(f"trajectory:{seed}")
    industry = _clean(career.industry, "business")
    title = _clean(career.job_title, "Professional")
    past = rng.choice(_PAST_TEMPLATES).format(
        roles=_role_list(past_roles, _PAST_FALLBACK[career.seniority]), industry=industry
    )
    present = rng.choice(_PRESENT_TEMPLATES).format(
        a_title=_with_article(title),
        industry=industry,
        work_style=_clean(career.work_style, "steady and dependable"),
    )
    future = rng.choice(_FUTURE_TEMPLATES).format(
        roles=_role_list(future_roles, _FUTURE_FALLBACK[career.seniority], limit=2)
    )
    return CareerTrajectory(past=_tidy(past), present=_tidy(present), future=_tidy(future))


# --------------------------------------------------------------------------------------
# "Separated at Birth?" parallels
# --------------------------------------------------------------------------------------


def uncanny_parallels(
    analysis: PetAnalysis, career: CareerProfile, human_name: str, seed: int
) -> list[str]:
    """Exactly three "pet behaviour → human work habit" lines from the top dimensions.

    Three different dimensions are drawn (seeded) from the pet's six highest, and listed
    highest first, e.g. ``"Guards the food bowl → Greg guards the Q3 budget"``. The
    career is accepted so callers can pass the whole persona; its title is used when
    the human name is missing.
    """
    rng = random.Random(f"parallels:{seed}")
    name = _clean(human_name, "")
    first = name.split()[0] if name else f"The {_clean(career.job_title, 'professional')}"
    ranked = ranked_dimensions(analysis.personality_dimensions)
    picked = sorted(rng.sample(ranked[:6], 3), key=ranked.index)
    lines: list[str] = []
    for dim in picked:
        pet, human = PARALLELS[dim]
        lines.append(f"{pet} → {first} {human}")
    return lines
