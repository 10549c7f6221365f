"""The career catalog and the transparent scorer that maps a pet's personality to a job.

Step 2 of the pipeline ("map") is pure arithmetic over a curated catalog, so the
same 47-dimension vector always yields the same career, and every choice can be
explained trait by trait.

The catalog
-----------
Each :class:`Career` carries a *trait signature*: 4–8 of the 47 dimensions, each
with a weight in ``[-1, 1]``. A positive weight means the career wants that
trait high (a Trial Attorney wants ``assertiveness``); a negative weight means it
wants it low (a Chief Risk Officer wants little ``risk_taking``). Careers may also
carry a small per-species affinity bonus (a cat makes a slightly better CEO, a
horse a slightly better Logistics Director).

The score (0–100, 50 = neutral)
-------------------------------
For a career with signature ``{d: w}`` and a pet with dimension values
``dims[d]`` in 0–100::

    c_d    = (dims[d] - 50) / 50                 # centred value, in [-1, 1]
    raw    = Σ_d w_d · c_d / Σ_d |w_d|           # weighted agreement, in [-1, 1]
    bonus  = species_affinity.get(species, 0)    # small, |bonus| <= 0.15
    score  = clamp(50 + 50 · (raw + bonus), 0, 100)

So a pet exactly at every signature trait's ideal extreme scores 100, a pet at
the opposite extreme scores 0, and an all-average pet scores 50. Because each
term is linear in ``dims[d]``, raising a dimension with a positive weight can
never lower the score (and raising one with a negative weight never raises it).
:func:`explain_score` returns the per-dimension terms ``50 · w_d · c_d / Σ|w|``
in score points: they sum to ``score - 50 - 50 · bonus`` (before clamping).

Ranking and confidence
----------------------
:func:`rank_careers` sorts by score, descending, ties broken by ``career_id``
(ascending) so the order is total and deterministic.

:func:`map_career` picks the winner and reports a confidence that reflects both
how well the winner fits (its score ``S1``) and how clearly it beat the
runner-up (margin ``M = S1 - S2`` in score points, capped at 10)::

    confidence = round(clamp(0.8 · S1 + 2 · min(M, 10), 0, 100))

A perfect, unambiguous fit gives 100; a neutral fit that ties with the
runner-up gives 40. The rationale names the 2–3 traits that contributed most
to the winner's score (using ``HIGH_PHRASES`` for traits the career wants high
and :data:`LOW_PHRASES` for traits it wants low).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from petavatar.domain.dimensions import DIMENSION_INDEX, DIMENSIONS, HIGH_PHRASES
from petavatar.domain.models import (
    ATTIRE_STYLES,
    BACKGROUND_SETTINGS,
    SENIORITIES,
    SPECIES,
    AttireStyle,
    BackgroundSetting,
    CareerMatch,
    CareerProfile,
    PetAnalysis,
    Seniority,
    Species,
)

__all__ = [
    "CAREERS",
    "LOW_PHRASES",
    "MAX_SPECIES_AFFINITY",
    "Career",
    "career_confidence",
    "career_profile",
    "explain_score",
    "get_career",
    "map_career",
    "rank_careers",
    "score_career",
    "species_bonus",
]

#: Largest allowed species affinity bonus, in raw units (0.15 raw = 7.5 score points).
MAX_SPECIES_AFFINITY: Final[float] = 0.15

#: Number of runner-up careers reported by :func:`map_career`.
RUNNER_UP_COUNT: Final[int] = 3

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Human-readable phrase for each dimension when it runs *low*; the rationale uses it for
#: traits a career wants low (e.g. a Chief Risk Officer's low ``risk_taking``).
LOW_PHRASES: Final[dict[str, str]] = {
    "confidence": "refreshing humility",
    "energy_level": "a steady, unhurried pace",
    "sociability": "happy working solo",
    "assertiveness": "a soft-spoken manner",
    "playfulness": "all business",
    "curiosity": "sticks to what works",
    "independence": "a true team player",
    "loyalty": "a free agent",
    "patience": "a healthy impatience",
    "focus": "a wide-angle view",
    "adaptability": "loves a fixed process",
    "stubbornness": "open to other views",
    "friendliness_to_strangers": "wary of strangers",
    "vocal_expressiveness": "quiet and to the point",
    "calmness": "runs on adrenaline",
    "anxiety": "nerves of steel",
    "dominance": "no need to be the alpha",
    "affection": "strictly professional",
    "problem_solving": "trusts the playbook",
    "coachability": "needs no hand-holding",
    "territoriality": "happy to share the desk",
    "food_motivation": "immune to the snack table",
    "vigilance": "unbothered by distractions",
    "gentleness": "a firm hand",
    "mischief": "strictly by the book",
    "dignity": "happily down-to-earth",
    "resilience": "feels every setback",
    "competitiveness": "zero office politics",
    "empathy": "unswayed by feelings",
    "routine_orientation": "allergic to routine",
    "risk_taking": "never gambles",
    "leadership": "content to follow",
    "humor": "a serious demeanour",
    "appearance_consciousness": "unbothered by appearances",
    "diplomacy": "blunt honesty",
    "optimism": "clear-eyed realism",
    "would_steal_your_lunch_from_the_fridge": "respects the office fridge",
    "sends_passive_aggressive_emails": "says it to your face, kindly",
    "actually_reads_the_meeting_agenda": "wings every meeting",
    "takes_credit_for_group_projects": "gives the team the credit",
    "replies_all_unnecessarily": "never replies all",
    "naps_at_desk": "never caught napping",
    "works_the_room_at_happy_hour": "skips happy hour",
    "meets_deadlines": "treats deadlines as suggestions",
    "coffee_dependency": "needs no coffee",
    "shares_office_snacks": "guards the snack drawer",
    "micromanages": "trusts people to deliver",
}


@dataclass(frozen=True)
class Career:
    """One career in the catalog: what it is, how it looks and which traits it wants.

    The signature and species affinity are validated on construction, so a typo in
    the catalog fails at import time rather than silently scoring zero.
    """

    career_id: str
    job_title: str
    seniority: Seniority
    industry: str
    work_style: str
    attire_style: AttireStyle
    background_setting: BackgroundSetting
    signature: dict[str, float] = field(hash=False)
    skills: tuple[str, ...]
    past_roles: tuple[str, ...]
    future_roles: tuple[str, ...]
    species_affinity: dict[str, float] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not _SLUG.match(self.career_id):
            problems.append("career_id must be a lowercase slug")
        if self.seniority not in SENIORITIES:
            problems.append(f"unknown seniority {self.seniority!r}")
        if self.attire_style not in ATTIRE_STYLES:
            problems.append(f"unknown attire style {self.attire_style!r}")
        if self.background_setting not in BACKGROUND_SETTINGS:
            problems.append(f"unknown background setting {self.background_setting!r}")
        if not 4 <= len(self.signature) <= 8:
            problems.append(f"signature needs 4-8 dimensions, has {len(self.signature)}")
        for dim, weight in self.signature.items():
            if dim not in DIMENSION_INDEX:
                problems.append(f"unknown dimension {dim!r}")
            if not (-1.0 <= weight <= 1.0) or weight == 0.0:
                problems.append(f"weight for {dim!r} must be non-zero and in [-1, 1]")
        if not 6 <= len(self.skills) <= 10:
            problems.append(f"needs 6-10 skills, has {len(self.skills)}")
        if not 2 <= len(self.past_roles) <= 3 or not 2 <= len(self.future_roles) <= 3:
            problems.append("needs 2-3 past roles and 2-3 future roles")
        for species, bonus in self.species_affinity.items():
            if species not in SPECIES:
                problems.append(f"unknown species {species!r}")
            if abs(bonus) > MAX_SPECIES_AFFINITY:
                problems.append(f"species bonus for {species!r} exceeds {MAX_SPECIES_AFFINITY}")
        if problems:
            raise ValueError(f"invalid career {self.career_id!r}: " + "; ".join(problems))

    @property
    def weight_total(self) -> float:
        """Σ|w| over the signature: the normaliser that keeps the raw score in [-1, 1]."""
        return sum(abs(w) for w in self.signature.values())


# --------------------------------------------------------------------------------------
# The catalog. Titles are real; the humour comes from which pet lands which job.
# --------------------------------------------------------------------------------------

CAREERS: Final[tuple[Career, ...]] = (
    # ---- Corporate leadership & operations -------------------------------------------
    Career(
        career_id="chief-executive-officer",
        job_title="Chief Executive Officer",
        seniority="executive",
        industry="corporate leadership",
        work_style="commanding visionary",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "leadership": 0.8,
            "dominance": 0.7,
            "confidence": 0.6,
            "dignity": 0.5,
            "independence": 0.4,
            "coachability": -0.4,
        },
        skills=(
            "Strategic Planning",
            "Board Relations",
            "P&L Ownership",
            "Executive Leadership",
            "Mergers & Acquisitions",
            "Investor Relations",
            "Organizational Design",
        ),
        past_roles=("Chief Operating Officer", "Divisional President", "VP of Strategy"),
        future_roles=("Board Chair", "Operating Partner", "Keynote Speaker"),
        species_affinity={"cat": 0.06, "horse": 0.03},
    ),
    Career(
        career_id="chief-operating-officer",
        job_title="Chief Operating Officer",
        seniority="executive",
        industry="corporate operations",
        work_style="relentless executor",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "meets_deadlines": 0.8,
            "micromanages": 0.6,
            "leadership": 0.5,
            "resilience": 0.5,
            "naps_at_desk": -0.5,
            "playfulness": -0.3,
        },
        skills=(
            "Operational Excellence",
            "Process Optimization",
            "KPI Management",
            "Cross-Functional Leadership",
            "Budget Management",
            "Change Management",
        ),
        past_roles=("VP of Operations", "Plant Manager", "Director of Business Operations"),
        future_roles=("Chief Executive Officer", "Board Member", "Operating Partner"),
        species_affinity={"dog": 0.03},
    ),
    Career(
        career_id="executive-assistant",
        job_title="Executive Assistant",
        seniority="entry-level",
        industry="corporate administration",
        work_style="the quiet power behind the throne",
        attire_style="business_casual",
        background_setting="corner_office_city_view",
        signature={
            "loyalty": 0.8,
            "meets_deadlines": 0.6,
            "vigilance": 0.5,
            "actually_reads_the_meeting_agenda": 0.4,
            "dominance": -0.5,
            "takes_credit_for_group_projects": -0.3,
        },
        skills=(
            "Calendar Management",
            "Executive Support",
            "Travel Coordination",
            "Confidentiality",
            "Meeting Preparation",
            "Stakeholder Communication",
        ),
        past_roles=("Receptionist", "Administrative Assistant"),
        future_roles=("Chief of Staff", "Office Manager", "Operations Coordinator"),
        species_affinity={"dog": 0.04},
    ),
    Career(
        career_id="office-manager",
        job_title="Office Manager",
        seniority="mid-level",
        industry="workplace operations",
        work_style="keeper of the supply closet",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "shares_office_snacks": 0.7,
            "territoriality": 0.6,
            "micromanages": 0.5,
            "routine_orientation": 0.5,
            "sends_passive_aggressive_emails": 0.4,
            "risk_taking": -0.3,
        },
        skills=(
            "Facilities Management",
            "Vendor Management",
            "Office Administration",
            "Budget Tracking",
            "Employee Experience",
            "Procurement",
        ),
        past_roles=("Receptionist", "Administrative Coordinator"),
        future_roles=("Head of Workplace Experience", "Facilities Director"),
        species_affinity={"hamster": 0.05, "guinea_pig": 0.04},
    ),
    Career(
        career_id="chief-of-staff",
        job_title="Chief of Staff",
        seniority="senior",
        industry="government",
        work_style="knows where every file is buried",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "loyalty": 0.6,
            "vigilance": 0.5,
            "diplomacy": 0.5,
            "actually_reads_the_meeting_agenda": 0.5,
            "micromanages": 0.4,
            "vocal_expressiveness": -0.4,
        },
        skills=(
            "Executive Advisory",
            "Policy Coordination",
            "Stakeholder Management",
            "Crisis Management",
            "Strategic Communications",
            "Agenda Setting",
            "Discretion",
        ),
        past_roles=("Legislative Aide", "Deputy Chief of Staff", "Policy Advisor"),
        future_roles=("Campaign Manager", "Cabinet Secretary", "Chief Operating Officer"),
    ),
    # ---- Finance ---------------------------------------------------------------------
    Career(
        career_id="chief-financial-officer",
        job_title="Chief Financial Officer",
        seniority="executive",
        industry="finance",
        work_style="data-driven and decisive",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "focus": 0.7,
            "dignity": 0.6,
            "meets_deadlines": 0.5,
            "routine_orientation": 0.4,
            "playfulness": -0.5,
            "shares_office_snacks": -0.4,
        },
        skills=(
            "Financial Strategy",
            "P&L Ownership",
            "Capital Allocation",
            "Investor Relations",
            "Risk Management",
            "Forecasting",
            "Audit Oversight",
        ),
        past_roles=("VP of Finance", "Corporate Controller", "Investment Banker"),
        future_roles=("Chief Executive Officer", "Audit Committee Chair"),
        species_affinity={"cat": 0.06},
    ),
    Career(
        career_id="investment-banker",
        job_title="Investment Banker",
        seniority="mid-level",
        industry="finance",
        work_style="high-stakes dealmaker",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "competitiveness": 0.8,
            "risk_taking": 0.6,
            "coffee_dependency": 0.6,
            "energy_level": 0.4,
            "takes_credit_for_group_projects": 0.4,
            "naps_at_desk": -0.5,
        },
        skills=(
            "Financial Modeling",
            "Mergers & Acquisitions",
            "Valuation",
            "Deal Execution",
            "Pitch Book Development",
            "Capital Markets",
            "Due Diligence",
        ),
        past_roles=("Investment Banking Analyst", "Financial Analyst"),
        future_roles=("Private Equity Associate", "Managing Director", "Hedge Fund Manager"),
    ),
    Career(
        career_id="financial-analyst",
        job_title="Financial Analyst",
        seniority="entry-level",
        industry="finance",
        work_style="spreadsheet perfectionist",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "actually_reads_the_meeting_agenda": 0.7,
            "problem_solving": 0.5,
            "patience": 0.5,
            "focus": 0.4,
            "vocal_expressiveness": -0.5,
            "humor": -0.3,
        },
        skills=(
            "Financial Modeling",
            "Excel",
            "Variance Analysis",
            "Forecasting",
            "Data Visualization",
            "Budgeting",
        ),
        past_roles=("Finance Intern", "Accounting Assistant"),
        future_roles=("Senior Financial Analyst", "Finance Manager", "Corporate Controller"),
    ),
    Career(
        career_id="chief-risk-officer",
        job_title="Chief Risk Officer",
        seniority="executive",
        industry="finance",
        work_style="cautious guardian of the downside",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "anxiety": 0.8,
            "vigilance": 0.6,
            "risk_taking": -0.8,
            "optimism": -0.5,
            "routine_orientation": 0.4,
        },
        skills=(
            "Enterprise Risk Management",
            "Regulatory Compliance",
            "Stress Testing",
            "Internal Controls",
            "Scenario Planning",
            "Board Reporting",
        ),
        past_roles=("Head of Compliance", "Credit Risk Manager", "Internal Auditor"),
        future_roles=("Board Risk Committee Chair", "Regulatory Advisor"),
        species_affinity={"rabbit": 0.06, "guinea_pig": 0.04},
    ),
    Career(
        career_id="senior-accountant",
        job_title="Senior Accountant",
        seniority="senior",
        industry="accounting",
        work_style="meticulous and methodical",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "routine_orientation": 0.7,
            "meets_deadlines": 0.6,
            "sends_passive_aggressive_emails": 0.5,
            "patience": 0.4,
            "mischief": -0.5,
            "adaptability": -0.3,
        },
        skills=(
            "General Ledger",
            "Month-End Close",
            "GAAP",
            "Reconciliations",
            "Tax Preparation",
            "Audit Support",
        ),
        past_roles=("Staff Accountant", "Accounts Payable Clerk"),
        future_roles=("Accounting Manager", "Corporate Controller"),
    ),
    # ---- Technology ------------------------------------------------------------------
    Career(
        career_id="chief-technology-officer",
        job_title="Chief Technology Officer",
        seniority="executive",
        industry="technology",
        work_style="visionary systems thinker",
        attire_style="creative_turtleneck",
        background_setting="corner_office_city_view",
        signature={
            "problem_solving": 0.8,
            "curiosity": 0.5,
            "leadership": 0.5,
            "independence": 0.5,
            "coffee_dependency": 0.4,
            "appearance_consciousness": -0.4,
        },
        skills=(
            "Technology Strategy",
            "Engineering Leadership",
            "Cloud Architecture",
            "Product Vision",
            "Technical Due Diligence",
            "Team Scaling",
        ),
        past_roles=("VP of Engineering", "Principal Engineer", "Startup Founder & CEO"),
        future_roles=("Chief Executive Officer", "Venture Partner", "Technical Advisor"),
    ),
    Career(
        career_id="software-engineer",
        job_title="Software Engineer",
        seniority="mid-level",
        industry="technology",
        work_style="heads-down builder",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "focus": 0.6,
            "problem_solving": 0.6,
            "coffee_dependency": 0.6,
            "naps_at_desk": 0.3,
            "works_the_room_at_happy_hour": -0.5,
            "sociability": -0.4,
        },
        skills=(
            "Python",
            "System Design",
            "Code Review",
            "Debugging",
            "Continuous Integration",
            "Cloud Computing",
            "Technical Documentation",
        ),
        past_roles=("Software Engineering Intern", "Junior Developer"),
        future_roles=("Senior Software Engineer", "Staff Engineer", "Engineering Manager"),
        species_affinity={"cat": 0.04},
    ),
    Career(
        career_id="senior-product-manager",
        job_title="Senior Product Manager",
        seniority="senior",
        industry="technology",
        work_style="collaborative consensus-builder",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "diplomacy": 0.6,
            "adaptability": 0.6,
            "replies_all_unnecessarily": 0.5,
            "curiosity": 0.4,
            "optimism": 0.4,
            "stubbornness": -0.4,
        },
        skills=(
            "Product Strategy",
            "Roadmapping",
            "Stakeholder Management",
            "User Research",
            "A/B Testing",
            "Agile Delivery",
            "Prioritization",
        ),
        past_roles=("Product Manager", "Business Analyst", "UX Designer"),
        future_roles=("Group Product Manager", "VP of Product"),
    ),
    Career(
        career_id="data-scientist",
        job_title="Data Scientist",
        seniority="mid-level",
        industry="technology",
        work_style="hypothesis-driven explorer",
        attire_style="business_casual",
        background_setting="linkedin_blue_gradient",
        signature={
            "curiosity": 0.7,
            "problem_solving": 0.7,
            "patience": 0.4,
            "independence": 0.4,
            "vocal_expressiveness": -0.4,
            "routine_orientation": -0.3,
        },
        skills=(
            "Machine Learning",
            "Statistics",
            "Python",
            "SQL",
            "Experiment Design",
            "Data Storytelling",
        ),
        past_roles=("Data Analyst", "Research Assistant"),
        future_roles=("Senior Data Scientist", "Head of Data Science", "ML Engineer"),
    ),
    Career(
        career_id="it-support-specialist",
        job_title="IT Support Specialist",
        seniority="entry-level",
        industry="technology",
        work_style="patient troubleshooter",
        attire_style="business_casual",
        background_setting="workshop",
        signature={
            "patience": 0.7,
            "problem_solving": 0.5,
            "gentleness": 0.4,
            "sends_passive_aggressive_emails": 0.4,
            "dominance": -0.4,
            "appearance_consciousness": -0.3,
        },
        skills=(
            "Help Desk Support",
            "Troubleshooting",
            "Active Directory",
            "Hardware Repair",
            "Ticketing Systems",
            "End-User Training",
        ),
        past_roles=("Computer Lab Assistant", "Retail Tech Associate"),
        future_roles=("Systems Administrator", "IT Manager", "Security Analyst"),
    ),
    Career(
        career_id="head-of-information-security",
        job_title="Head of Information Security",
        seniority="senior",
        industry="cybersecurity",
        work_style="trust-no-one sentinel",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "vigilance": 0.8,
            "anxiety": 0.5,
            "problem_solving": 0.5,
            "friendliness_to_strangers": -0.6,
            "coffee_dependency": 0.3,
        },
        skills=(
            "Threat Modeling",
            "Incident Response",
            "Security Architecture",
            "Compliance (SOC 2, ISO 27001)",
            "Penetration Testing",
            "Risk Assessment",
        ),
        past_roles=("Security Analyst", "Network Engineer", "IT Support Specialist"),
        future_roles=("Chief Information Security Officer", "Security Advisor"),
        species_affinity={"reptile": 0.05, "bird": 0.03},
    ),
    Career(
        career_id="ux-designer",
        job_title="UX Designer",
        seniority="mid-level",
        industry="technology",
        work_style="empathetic user advocate",
        attire_style="creative_turtleneck",
        background_setting="creative_studio",
        signature={
            "empathy": 0.7,
            "curiosity": 0.4,
            "appearance_consciousness": 0.5,
            "gentleness": 0.4,
            "dominance": -0.4,
            "micromanages": -0.3,
        },
        skills=(
            "User Research",
            "Wireframing",
            "Prototyping",
            "Figma",
            "Usability Testing",
            "Design Systems",
        ),
        past_roles=("Graphic Designer", "Junior UX Designer"),
        future_roles=("Senior UX Designer", "Design Manager", "Head of Design"),
    ),
    Career(
        career_id="startup-founder",
        job_title="Startup Founder & CEO",
        seniority="executive",
        industry="technology startups",
        work_style="move fast and pitch things",
        attire_style="creative_turtleneck",
        background_setting="open_office",
        signature={
            "risk_taking": 0.8,
            "optimism": 0.7,
            "energy_level": 0.5,
            "confidence": 0.5,
            "routine_orientation": -0.6,
            "actually_reads_the_meeting_agenda": -0.3,
        },
        skills=(
            "Fundraising",
            "Pitching",
            "Product-Market Fit",
            "Growth Strategy",
            "Hiring",
            "Vision Setting",
            "Resilience",
        ),
        past_roles=("Product Manager", "Management Consultant", "Software Engineer"),
        future_roles=("Serial Entrepreneur", "Venture Capitalist", "Angel Investor"),
        species_affinity={"dog": 0.03, "bird": 0.03},
    ),
    # ---- Healthcare ------------------------------------------------------------------
    Career(
        career_id="emergency-physician",
        job_title="Emergency Physician",
        seniority="senior",
        industry="healthcare",
        work_style="calm in the chaos",
        attire_style="scrubs",
        background_setting="hospital",
        signature={
            "calmness": 0.8,
            "resilience": 0.6,
            "focus": 0.5,
            "adaptability": 0.4,
            "anxiety": -0.6,
        },
        skills=(
            "Emergency Medicine",
            "Triage",
            "Critical Care",
            "Clinical Decision-Making",
            "Trauma Management",
            "Team Leadership",
        ),
        past_roles=("Medical Resident", "Paramedic"),
        future_roles=("Chief of Emergency Medicine", "Medical Director"),
        species_affinity={"horse": 0.03},
    ),
    Career(
        career_id="pediatric-nurse",
        job_title="Pediatric Nurse",
        seniority="mid-level",
        industry="healthcare",
        work_style="gentle caregiver",
        attire_style="scrubs",
        background_setting="hospital",
        signature={
            "gentleness": 0.7,
            "empathy": 0.6,
            "affection": 0.6,
            "patience": 0.4,
            "dominance": -0.4,
        },
        skills=(
            "Patient Care",
            "Pediatrics",
            "Family Education",
            "Medication Administration",
            "Patient Advocacy",
            "Care Planning",
        ),
        past_roles=("Nursing Assistant", "Registered Nurse"),
        future_roles=("Nurse Practitioner", "Charge Nurse", "Nurse Manager"),
        species_affinity={"rabbit": 0.04, "guinea_pig": 0.04},
    ),
    Career(
        career_id="chief-of-surgery",
        job_title="Chief of Surgery",
        seniority="executive",
        industry="healthcare",
        work_style="precise and commanding",
        attire_style="scrubs",
        background_setting="hospital",
        signature={
            "focus": 0.8,
            "confidence": 0.7,
            "dominance": 0.4,
            "humor": -0.4,
            "anxiety": -0.4,
            "coachability": -0.3,
        },
        skills=(
            "General Surgery",
            "Surgical Leadership",
            "Clinical Governance",
            "Patient Safety",
            "Resident Training",
            "Operating Room Management",
        ),
        past_roles=("Attending Surgeon", "Surgical Resident"),
        future_roles=("Chief Medical Officer", "Hospital CEO"),
    ),
    Career(
        career_id="medical-resident",
        job_title="Medical Resident",
        seniority="entry-level",
        industry="healthcare",
        work_style="sleep-deprived overachiever",
        attire_style="scrubs",
        background_setting="hospital",
        signature={
            "coffee_dependency": 0.7,
            "coachability": 0.6,
            "naps_at_desk": 0.5,
            "resilience": 0.4,
            "calmness": -0.3,
        },
        skills=(
            "Clinical Rotations",
            "Patient Assessment",
            "Differential Diagnosis",
            "Charting",
            "Evidence-Based Medicine",
            "Working Under Pressure",
        ),
        past_roles=("Medical Student", "Hospital Volunteer"),
        future_roles=("Attending Physician", "Emergency Physician", "Fellow"),
    ),
    Career(
        career_id="veterinarian",
        job_title="Veterinarian",
        seniority="senior",
        industry="veterinary medicine",
        work_style="calm hands and kind words",
        attire_style="scrubs",
        background_setting="hospital",
        signature={
            "gentleness": 0.6,
            "calmness": 0.5,
            "problem_solving": 0.5,
            "friendliness_to_strangers": 0.5,
            "patience": 0.4,
            "would_steal_your_lunch_from_the_fridge": -0.3,
        },
        skills=(
            "Animal Medicine",
            "Diagnostics",
            "Surgery",
            "Client Communication",
            "Preventive Care",
            "Practice Management",
        ),
        past_roles=("Veterinary Technician", "Associate Veterinarian"),
        future_roles=("Practice Owner", "Veterinary Specialist"),
    ),
    Career(
        career_id="clinical-pharmacist",
        job_title="Clinical Pharmacist",
        seniority="mid-level",
        industry="healthcare",
        work_style="double-checks everything",
        attire_style="lab_coat",
        background_setting="hospital",
        signature={
            "actually_reads_the_meeting_agenda": 0.6,
            "vigilance": 0.5,
            "routine_orientation": 0.5,
            "patience": 0.4,
            "risk_taking": -0.6,
            "mischief": -0.3,
        },
        skills=(
            "Pharmacotherapy",
            "Medication Safety",
            "Drug Interactions",
            "Patient Counseling",
            "Formulary Management",
            "Clinical Documentation",
        ),
        past_roles=("Pharmacy Technician", "Pharmacy Resident"),
        future_roles=("Director of Pharmacy", "Clinical Pharmacy Specialist"),
    ),
    # ---- Science ---------------------------------------------------------------------
    Career(
        career_id="research-scientist",
        job_title="Research Scientist",
        seniority="mid-level",
        industry="biotechnology",
        work_style="relentlessly curious experimenter",
        attire_style="lab_coat",
        background_setting="lab",
        signature={
            "curiosity": 0.8,
            "patience": 0.5,
            "independence": 0.5,
            "problem_solving": 0.4,
            "works_the_room_at_happy_hour": -0.4,
            "appearance_consciousness": -0.3,
        },
        skills=(
            "Experimental Design",
            "Data Analysis",
            "Scientific Writing",
            "Grant Writing",
            "Laboratory Techniques",
            "Peer Review",
        ),
        past_roles=("Postdoctoral Fellow", "Graduate Researcher"),
        future_roles=("Principal Investigator", "Chief Scientific Officer"),
        species_affinity={"hamster": 0.04, "bird": 0.03},
    ),
    Career(
        career_id="laboratory-technician",
        job_title="Laboratory Technician",
        seniority="entry-level",
        industry="life sciences",
        work_style="precise protocol follower",
        attire_style="lab_coat",
        background_setting="lab",
        signature={
            "routine_orientation": 0.7,
            "coachability": 0.5,
            "focus": 0.5,
            "meets_deadlines": 0.4,
            "risk_taking": -0.4,
            "vocal_expressiveness": -0.3,
        },
        skills=(
            "Sample Preparation",
            "Good Laboratory Practice",
            "Quality Control",
            "Equipment Calibration",
            "Data Recording",
            "Safety Compliance",
        ),
        past_roles=("Lab Assistant", "Biology Intern"),
        future_roles=("Research Associate", "Lab Manager"),
        species_affinity={"hamster": 0.05, "fish": 0.03},
    ),
    Career(
        career_id="chief-scientific-officer",
        job_title="Chief Scientific Officer",
        seniority="executive",
        industry="biotechnology",
        work_style="evidence over ego",
        attire_style="lab_coat",
        background_setting="lab",
        signature={
            "problem_solving": 0.6,
            "curiosity": 0.5,
            "leadership": 0.5,
            "dignity": 0.5,
            "patience": 0.4,
            "takes_credit_for_group_projects": -0.5,
        },
        skills=(
            "R&D Strategy",
            "Scientific Leadership",
            "Portfolio Management",
            "Regulatory Strategy",
            "Scientific Partnerships",
            "Team Development",
        ),
        past_roles=("VP of Research", "Principal Investigator", "Research Scientist"),
        future_roles=("Chief Executive Officer", "Scientific Advisory Board Member"),
        species_affinity={"bird": 0.04},
    ),
    Career(
        career_id="field-biologist",
        job_title="Field Biologist",
        seniority="mid-level",
        industry="environmental science",
        work_style="happiest off-grid",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "independence": 0.7,
            "curiosity": 0.5,
            "resilience": 0.5,
            "adaptability": 0.4,
            "sociability": -0.5,
            "appearance_consciousness": -0.4,
        },
        skills=(
            "Field Surveys",
            "Species Identification",
            "GIS Mapping",
            "Ecological Sampling",
            "Data Collection",
            "Wilderness First Aid",
        ),
        past_roles=("Field Technician", "Park Ranger"),
        future_roles=("Conservation Program Director", "Research Scientist"),
        species_affinity={"reptile": 0.05, "bird": 0.04},
    ),
    Career(
        career_id="food-scientist",
        job_title="Food Scientist",
        seniority="mid-level",
        industry="food & beverage R&D",
        work_style="tastes everything twice",
        attire_style="lab_coat",
        background_setting="lab",
        signature={
            "food_motivation": 0.8,
            "curiosity": 0.5,
            "shares_office_snacks": 0.4,
            "problem_solving": 0.4,
            "dignity": -0.3,
        },
        skills=(
            "Product Development",
            "Sensory Evaluation",
            "Food Safety",
            "Formulation",
            "Shelf-Life Testing",
            "Regulatory Labeling",
        ),
        past_roles=("Quality Assurance Technician", "Laboratory Technician"),
        future_roles=("R&D Manager", "Head of Product Innovation"),
        species_affinity={"guinea_pig": 0.05, "hamster": 0.04, "dog": 0.03},
    ),
    # ---- Law -------------------------------------------------------------------------
    Career(
        career_id="trial-attorney",
        job_title="Trial Attorney",
        seniority="senior",
        industry="law",
        work_style="relentless advocate",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "assertiveness": 0.8,
            "vocal_expressiveness": 0.6,
            "competitiveness": 0.6,
            "stubbornness": 0.4,
            "gentleness": -0.4,
        },
        skills=(
            "Litigation",
            "Oral Advocacy",
            "Legal Research",
            "Cross-Examination",
            "Negotiation",
            "Case Strategy",
        ),
        past_roles=("Associate Attorney", "Law Clerk"),
        future_roles=("Law Firm Partner", "Judge", "District Attorney"),
        species_affinity={"dog": 0.03, "bird": 0.03},
    ),
    Career(
        career_id="general-counsel",
        job_title="General Counsel",
        seniority="executive",
        industry="law",
        work_style="measured and unflappable",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "dignity": 0.6,
            "diplomacy": 0.5,
            "calmness": 0.5,
            "actually_reads_the_meeting_agenda": 0.5,
            "replies_all_unnecessarily": -0.4,
            "humor": -0.3,
        },
        skills=(
            "Corporate Law",
            "Contract Negotiation",
            "Regulatory Compliance",
            "Corporate Governance",
            "Litigation Management",
            "Risk Mitigation",
        ),
        past_roles=("Deputy General Counsel", "Law Firm Partner"),
        future_roles=("Board Member", "Chief Legal Officer"),
        species_affinity={"cat": 0.04},
    ),
    Career(
        career_id="paralegal",
        job_title="Paralegal",
        seniority="entry-level",
        industry="law",
        work_style="detail-obsessed organizer",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "actually_reads_the_meeting_agenda": 0.6,
            "meets_deadlines": 0.6,
            "loyalty": 0.4,
            "coachability": 0.4,
            "takes_credit_for_group_projects": -0.5,
        },
        skills=(
            "Legal Research",
            "Document Review",
            "Case Management",
            "E-Discovery",
            "Drafting",
            "Filing Procedures",
        ),
        past_roles=("Legal Secretary", "Law Office Intern"),
        future_roles=("Senior Paralegal", "Law School Student", "Litigation Support Manager"),
    ),
    Career(
        career_id="circuit-court-judge",
        job_title="Circuit Court Judge",
        seniority="senior",
        industry="judiciary",
        work_style="deliberate and impartial",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "dignity": 0.8,
            "patience": 0.5,
            "stubbornness": 0.4,
            "calmness": 0.4,
            "playfulness": -0.6,
            "replies_all_unnecessarily": -0.3,
        },
        skills=(
            "Judicial Reasoning",
            "Courtroom Management",
            "Legal Writing",
            "Evidence Law",
            "Sentencing",
            "Dispute Resolution",
        ),
        past_roles=("Trial Attorney", "Magistrate"),
        future_roles=("Appellate Judge", "Law School Dean"),
        species_affinity={"cat": 0.05, "horse": 0.03},
    ),
    # ---- Education -------------------------------------------------------------------
    Career(
        career_id="kindergarten-teacher",
        job_title="Kindergarten Teacher",
        seniority="mid-level",
        industry="education",
        work_style="endlessly patient and playful",
        attire_style="business_casual",
        background_setting="classroom",
        signature={
            "playfulness": 0.7,
            "patience": 0.6,
            "affection": 0.5,
            "energy_level": 0.4,
            "sends_passive_aggressive_emails": -0.4,
        },
        skills=(
            "Early Childhood Education",
            "Classroom Management",
            "Lesson Planning",
            "Parent Communication",
            "Play-Based Learning",
            "Conflict Resolution",
        ),
        past_roles=("Teaching Assistant", "Daycare Worker"),
        future_roles=("Curriculum Coordinator", "School Principal"),
        species_affinity={"dog": 0.04, "rabbit": 0.03},
    ),
    Career(
        career_id="tenured-professor",
        job_title="Tenured Professor",
        seniority="senior",
        industry="higher education",
        work_style="thoughtful long-form explainer",
        attire_style="creative_turtleneck",
        background_setting="classroom",
        signature={
            "curiosity": 0.6,
            "vocal_expressiveness": 0.5,
            "independence": 0.5,
            "naps_at_desk": 0.4,
            "meets_deadlines": -0.5,
        },
        skills=(
            "Research",
            "Lecturing",
            "Academic Publishing",
            "Mentoring",
            "Grant Writing",
            "Curriculum Design",
        ),
        past_roles=("Assistant Professor", "Postdoctoral Fellow"),
        future_roles=("Department Chair", "Dean", "Professor Emeritus"),
        species_affinity={"bird": 0.05, "reptile": 0.03},
    ),
    Career(
        career_id="school-principal",
        job_title="School Principal",
        seniority="executive",
        industry="education",
        work_style="firm but fair",
        attire_style="suit",
        background_setting="classroom",
        signature={
            "leadership": 0.7,
            "routine_orientation": 0.5,
            "vigilance": 0.4,
            "diplomacy": 0.4,
            "mischief": -0.6,
        },
        skills=(
            "School Leadership",
            "Staff Development",
            "Budget Management",
            "Community Engagement",
            "Student Discipline",
            "Curriculum Oversight",
        ),
        past_roles=("Assistant Principal", "Kindergarten Teacher"),
        future_roles=("School District Superintendent", "Education Consultant"),
    ),
    Career(
        career_id="teaching-assistant",
        job_title="Teaching Assistant",
        seniority="entry-level",
        industry="education",
        work_style="eager helper",
        attire_style="business_casual",
        background_setting="classroom",
        signature={
            "coachability": 0.7,
            "loyalty": 0.5,
            "optimism": 0.4,
            "friendliness_to_strangers": 0.4,
            "dominance": -0.5,
            "independence": -0.3,
        },
        skills=(
            "Classroom Support",
            "Tutoring",
            "Grading",
            "Student Mentoring",
            "Lesson Preparation",
            "Patience",
        ),
        past_roles=("Camp Counselor", "Peer Tutor"),
        future_roles=("Kindergarten Teacher", "Special Education Teacher"),
        species_affinity={"dog": 0.04, "guinea_pig": 0.03},
    ),
    # ---- Sports & fitness ------------------------------------------------------------
    Career(
        career_id="head-coach",
        job_title="Head Coach",
        seniority="senior",
        industry="sports",
        work_style="motivates by volume",
        attire_style="uniform",
        background_setting="outdoors",
        signature={
            "competitiveness": 0.7,
            "vocal_expressiveness": 0.6,
            "energy_level": 0.5,
            "leadership": 0.5,
            "calmness": -0.4,
        },
        skills=(
            "Team Leadership",
            "Game Strategy",
            "Athlete Development",
            "Motivational Speaking",
            "Performance Analysis",
            "Recruiting",
        ),
        past_roles=("Assistant Coach", "Professional Athlete"),
        future_roles=("Director of Athletics", "Sports Broadcaster"),
        species_affinity={"dog": 0.04, "horse": 0.04},
    ),
    Career(
        career_id="personal-trainer",
        job_title="Personal Trainer",
        seniority="entry-level",
        industry="fitness",
        work_style="one more rep",
        attire_style="uniform",
        background_setting="outdoors",
        signature={
            "energy_level": 0.8,
            "optimism": 0.5,
            "appearance_consciousness": 0.4,
            "competitiveness": 0.4,
            "naps_at_desk": -0.5,
            "food_motivation": -0.3,
        },
        skills=(
            "Strength Training",
            "Program Design",
            "Nutrition Coaching",
            "Client Motivation",
            "Injury Prevention",
            "Group Fitness",
        ),
        past_roles=("Gym Receptionist", "College Athlete"),
        future_roles=("Fitness Studio Owner", "Strength & Conditioning Coach"),
        species_affinity={"dog": 0.04, "horse": 0.03},
    ),
    Career(
        career_id="director-of-athletics",
        job_title="Director of Athletics",
        seniority="executive",
        industry="sports",
        work_style="builds winning programmes",
        attire_style="suit",
        background_setting="outdoors",
        signature={
            "competitiveness": 0.7,
            "leadership": 0.5,
            "dominance": 0.4,
            "works_the_room_at_happy_hour": 0.4,
            "resilience": 0.4,
            "gentleness": -0.3,
        },
        skills=(
            "Athletic Program Management",
            "Fundraising",
            "Budget Management",
            "Compliance",
            "Facilities Planning",
            "Coach Hiring",
        ),
        past_roles=("Head Coach", "Associate Athletic Director"),
        future_roles=("Sports Franchise President", "Commissioner"),
        species_affinity={"horse": 0.04},
    ),
    Career(
        career_id="sports-agent",
        job_title="Sports Agent",
        seniority="senior",
        industry="sports management",
        work_style="ruthless negotiator",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "assertiveness": 0.6,
            "mischief": 0.5,
            "takes_credit_for_group_projects": 0.5,
            "works_the_room_at_happy_hour": 0.5,
            "empathy": -0.4,
        },
        skills=(
            "Contract Negotiation",
            "Talent Representation",
            "Sponsorship Deals",
            "Networking",
            "Brand Building",
            "Client Management",
        ),
        past_roles=("Sports Marketing Coordinator", "Agency Assistant"),
        future_roles=("Agency Founder", "General Manager"),
        species_affinity={"cat": 0.03},
    ),
    # ---- Hospitality & culinary ------------------------------------------------------
    Career(
        career_id="hotel-general-manager",
        job_title="Hotel General Manager",
        seniority="executive",
        industry="hospitality",
        work_style="gracious host",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "appearance_consciousness": 0.6,
            "diplomacy": 0.6,
            "friendliness_to_strangers": 0.5,
            "dignity": 0.4,
            "calmness": 0.4,
            "mischief": -0.3,
        },
        skills=(
            "Hotel Operations",
            "Guest Experience",
            "Revenue Management",
            "Team Leadership",
            "Brand Standards",
            "Budget Management",
        ),
        past_roles=("Front Office Manager", "Concierge", "Director of Rooms"),
        future_roles=("Regional Vice President", "Hospitality Consultant"),
        species_affinity={"cat": 0.04, "bird": 0.03},
    ),
    Career(
        career_id="concierge",
        job_title="Concierge",
        seniority="entry-level",
        industry="hospitality",
        work_style="knows a guy for everything",
        attire_style="uniform",
        background_setting="linkedin_blue_gradient",
        signature={
            "friendliness_to_strangers": 0.7,
            "appearance_consciousness": 0.5,
            "adaptability": 0.5,
            "works_the_room_at_happy_hour": 0.4,
            "independence": -0.4,
        },
        skills=(
            "Guest Relations",
            "Local Knowledge",
            "Reservations",
            "Problem Resolution",
            "Multilingual Communication",
            "VIP Service",
        ),
        past_roles=("Bellhop", "Front Desk Agent"),
        future_roles=("Chef Concierge", "Guest Services Manager", "Hotel General Manager"),
        species_affinity={"dog": 0.03, "bird": 0.03},
    ),
    Career(
        career_id="event-planner",
        job_title="Event Planner",
        seniority="mid-level",
        industry="hospitality & events",
        work_style="thrives in organized chaos",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "sociability": 0.6,
            "energy_level": 0.5,
            "adaptability": 0.5,
            "micromanages": 0.5,
            "naps_at_desk": -0.4,
        },
        skills=(
            "Event Management",
            "Vendor Negotiation",
            "Budgeting",
            "Logistics Coordination",
            "Client Relations",
            "Crisis Management",
        ),
        past_roles=("Event Coordinator", "Catering Assistant"),
        future_roles=("Director of Events", "Agency Owner"),
    ),
    Career(
        career_id="head-sommelier",
        job_title="Head Sommelier",
        seniority="senior",
        industry="hospitality",
        work_style="refined palate, quiet authority",
        attire_style="suit",
        background_setting="restaurant_kitchen",
        signature={
            "appearance_consciousness": 0.6,
            "dignity": 0.5,
            "food_motivation": 0.5,
            "calmness": 0.3,
            "energy_level": -0.4,
        },
        skills=(
            "Wine Pairing",
            "Cellar Management",
            "Guest Experience",
            "Beverage Program Design",
            "Staff Training",
            "Supplier Relations",
        ),
        past_roles=("Server", "Assistant Sommelier"),
        future_roles=("Beverage Director", "Vineyard Owner"),
        species_affinity={"cat": 0.05},
    ),
    Career(
        career_id="executive-chef",
        job_title="Executive Chef",
        seniority="executive",
        industry="culinary",
        work_style="exacting and fiery",
        attire_style="chef_whites",
        background_setting="restaurant_kitchen",
        signature={
            "food_motivation": 0.6,
            "dominance": 0.6,
            "vocal_expressiveness": 0.5,
            "micromanages": 0.5,
            "patience": -0.5,
        },
        skills=(
            "Menu Development",
            "Kitchen Leadership",
            "Food Cost Control",
            "Culinary Innovation",
            "Food Safety",
            "Supplier Sourcing",
        ),
        past_roles=("Sous Chef", "Line Cook"),
        future_roles=("Restaurateur", "Culinary Director", "Cookbook Author"),
        species_affinity={"dog": 0.03, "cat": 0.03},
    ),
    Career(
        career_id="line-cook",
        job_title="Line Cook",
        seniority="entry-level",
        industry="culinary",
        work_style="fast hands under pressure",
        attire_style="chef_whites",
        background_setting="restaurant_kitchen",
        signature={
            "energy_level": 0.5,
            "would_steal_your_lunch_from_the_fridge": 0.6,
            "resilience": 0.5,
            "food_motivation": 0.5,
            "dignity": -0.4,
        },
        skills=(
            "Food Preparation",
            "Knife Skills",
            "Grill Station",
            "Food Safety",
            "Speed Under Pressure",
            "Mise en Place",
        ),
        past_roles=("Dishwasher", "Prep Cook"),
        future_roles=("Sous Chef", "Kitchen Manager"),
        species_affinity={"hamster": 0.03, "dog": 0.03},
    ),
    Career(
        career_id="pastry-chef",
        job_title="Pastry Chef",
        seniority="mid-level",
        industry="culinary",
        work_style="patient perfectionist",
        attire_style="chef_whites",
        background_setting="restaurant_kitchen",
        signature={
            "shares_office_snacks": 0.7,
            "gentleness": 0.5,
            "patience": 0.5,
            "appearance_consciousness": 0.4,
            "risk_taking": -0.3,
        },
        skills=(
            "Pastry Arts",
            "Baking",
            "Dessert Menu Design",
            "Chocolate Work",
            "Plating",
            "Recipe Development",
        ),
        past_roles=("Baker", "Pastry Cook"),
        future_roles=("Executive Pastry Chef", "Bakery Owner"),
        species_affinity={"rabbit": 0.04},
    ),
    Career(
        career_id="sous-chef",
        job_title="Sous Chef",
        seniority="senior",
        industry="culinary",
        work_style="loyal right hand",
        attire_style="chef_whites",
        background_setting="restaurant_kitchen",
        signature={
            "loyalty": 0.7,
            "resilience": 0.5,
            "would_steal_your_lunch_from_the_fridge": 0.4,
            "routine_orientation": 0.4,
            "leadership": 0.3,
            "independence": -0.3,
        },
        skills=(
            "Kitchen Operations",
            "Line Supervision",
            "Inventory Management",
            "Menu Execution",
            "Staff Training",
            "Food Safety",
        ),
        past_roles=("Line Cook", "Chef de Partie"),
        future_roles=("Executive Chef", "Head Chef"),
        species_affinity={"dog": 0.04},
    ),
    # ---- Media & creative ------------------------------------------------------------
    Career(
        career_id="creative-director",
        job_title="Creative Director",
        seniority="executive",
        industry="advertising",
        work_style="big-idea visionary",
        attire_style="creative_turtleneck",
        background_setting="creative_studio",
        signature={
            "risk_taking": 0.5,
            "appearance_consciousness": 0.5,
            "confidence": 0.5,
            "humor": 0.4,
            "stubbornness": 0.4,
            "routine_orientation": -0.5,
        },
        skills=(
            "Creative Strategy",
            "Brand Storytelling",
            "Art Direction",
            "Campaign Development",
            "Client Presentations",
            "Team Leadership",
        ),
        past_roles=("Art Director", "Senior Copywriter"),
        future_roles=("Chief Creative Officer", "Agency Founder"),
        species_affinity={"cat": 0.04, "bird": 0.04},
    ),
    Career(
        career_id="graphic-designer",
        job_title="Graphic Designer",
        seniority="entry-level",
        industry="media & design",
        work_style="quietly obsessive craftsperson",
        attire_style="creative_turtleneck",
        background_setting="creative_studio",
        signature={
            "independence": 0.5,
            "appearance_consciousness": 0.5,
            "focus": 0.4,
            "naps_at_desk": 0.4,
            "sociability": -0.4,
            "replies_all_unnecessarily": -0.3,
        },
        skills=(
            "Adobe Creative Suite",
            "Typography",
            "Layout Design",
            "Branding",
            "Illustration",
            "Visual Communication",
        ),
        past_roles=("Design Intern", "Freelance Illustrator"),
        future_roles=("Art Director", "UX Designer"),
        species_affinity={"cat": 0.04, "fish": 0.04},
    ),
    Career(
        career_id="investigative-journalist",
        job_title="Investigative Journalist",
        seniority="mid-level",
        industry="media",
        work_style="dogged truth-seeker",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "curiosity": 0.6,
            "stubbornness": 0.6,
            "vigilance": 0.4,
            "assertiveness": 0.4,
            "diplomacy": -0.4,
            "coffee_dependency": 0.3,
        },
        skills=(
            "Investigative Research",
            "Interviewing",
            "Fact-Checking",
            "Long-Form Writing",
            "Source Development",
            "Public Records Requests",
        ),
        past_roles=("Staff Reporter", "Editorial Intern"),
        future_roles=("Editor-in-Chief", "Documentary Producer", "Author"),
        species_affinity={"dog": 0.03},
    ),
    Career(
        career_id="social-media-manager",
        job_title="Social Media Manager",
        seniority="entry-level",
        industry="marketing",
        work_style="always online, always on-brand",
        attire_style="creative_turtleneck",
        background_setting="creative_studio",
        signature={
            "humor": 0.6,
            "playfulness": 0.5,
            "vocal_expressiveness": 0.5,
            "replies_all_unnecessarily": 0.4,
            "patience": -0.4,
        },
        skills=(
            "Content Strategy",
            "Community Management",
            "Copywriting",
            "Social Analytics",
            "Trend Spotting",
            "Influencer Partnerships",
        ),
        past_roles=("Marketing Intern", "Content Creator"),
        future_roles=("Brand Marketing Manager", "Head of Social"),
        species_affinity={"bird": 0.05, "cat": 0.03},
    ),
    Career(
        career_id="news-anchor",
        job_title="Broadcast News Anchor",
        seniority="senior",
        industry="broadcast media",
        work_style="camera-ready at 5 a.m.",
        attire_style="suit",
        background_setting="creative_studio",
        signature={
            "appearance_consciousness": 0.8,
            "confidence": 0.5,
            "vocal_expressiveness": 0.5,
            "optimism": 0.3,
            "anxiety": -0.4,
        },
        skills=(
            "On-Air Presentation",
            "Live Broadcasting",
            "Interviewing",
            "Teleprompter Delivery",
            "News Judgment",
            "Public Speaking",
        ),
        past_roles=("Field Reporter", "Weather Presenter"),
        future_roles=("Network Anchor", "Talk Show Host"),
        species_affinity={"cat": 0.04, "bird": 0.04, "horse": 0.03},
    ),
    Career(
        career_id="senior-copywriter",
        job_title="Senior Copywriter",
        seniority="senior",
        industry="advertising",
        work_style="witty wordsmith",
        attire_style="creative_turtleneck",
        background_setting="creative_studio",
        signature={
            "humor": 0.7,
            "mischief": 0.5,
            "coffee_dependency": 0.4,
            "curiosity": 0.3,
            "routine_orientation": -0.4,
            "dignity": -0.3,
        },
        skills=(
            "Copywriting",
            "Brand Voice",
            "Concept Development",
            "Editing",
            "Campaign Ideation",
            "Storytelling",
        ),
        past_roles=("Junior Copywriter", "Content Writer"),
        future_roles=("Creative Director", "Novelist"),
        species_affinity={"bird": 0.04},
    ),
    # ---- Government & public safety --------------------------------------------------
    Career(
        career_id="police-sergeant",
        job_title="Police Sergeant",
        seniority="mid-level",
        industry="public safety",
        work_style="protect and serve",
        attire_style="uniform",
        background_setting="outdoors",
        signature={
            "vigilance": 0.6,
            "loyalty": 0.6,
            "assertiveness": 0.5,
            "territoriality": 0.4,
            "mischief": -0.4,
        },
        skills=(
            "Community Policing",
            "Crisis Intervention",
            "Investigations",
            "Team Supervision",
            "Report Writing",
            "De-escalation",
        ),
        past_roles=("Police Officer", "Security Guard"),
        future_roles=("Police Lieutenant", "Chief of Police"),
        species_affinity={"dog": 0.06},
    ),
    Career(
        career_id="firefighter",
        job_title="Firefighter",
        seniority="entry-level",
        industry="public safety",
        work_style="first in, last out",
        attire_style="uniform",
        background_setting="outdoors",
        signature={
            "resilience": 0.7,
            "risk_taking": 0.5,
            "loyalty": 0.5,
            "energy_level": 0.4,
            "anxiety": -0.5,
            "shares_office_snacks": 0.3,
        },
        skills=(
            "Fire Suppression",
            "Emergency Medical Response",
            "Search and Rescue",
            "Hazardous Materials",
            "Teamwork",
            "Physical Fitness",
        ),
        past_roles=("EMT", "Volunteer Firefighter"),
        future_roles=("Fire Captain", "Fire Chief"),
        species_affinity={"dog": 0.05, "horse": 0.03},
    ),
    Career(
        career_id="ambassador",
        job_title="Ambassador",
        seniority="executive",
        industry="foreign service",
        work_style="charm offensive",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "diplomacy": 0.8,
            "dignity": 0.5,
            "friendliness_to_strangers": 0.4,
            "works_the_room_at_happy_hour": 0.4,
            "sends_passive_aggressive_emails": -0.4,
        },
        skills=(
            "Diplomacy",
            "International Relations",
            "Negotiation",
            "Cross-Cultural Communication",
            "Public Speaking",
            "Protocol",
        ),
        past_roles=("Deputy Chief of Mission", "Foreign Service Officer"),
        future_roles=("Secretary of State", "International Advisor"),
        species_affinity={"cat": 0.03, "horse": 0.03},
    ),
    Career(
        career_id="park-ranger",
        job_title="Park Ranger",
        seniority="entry-level",
        industry="public lands",
        work_style="quiet protector of the wild",
        attire_style="uniform",
        background_setting="outdoors",
        signature={
            "territoriality": 0.5,
            "calmness": 0.5,
            "independence": 0.5,
            "vigilance": 0.4,
            "works_the_room_at_happy_hour": -0.4,
            "appearance_consciousness": -0.3,
        },
        skills=(
            "Wildlife Management",
            "Visitor Education",
            "Search and Rescue",
            "Trail Maintenance",
            "Law Enforcement",
            "Wilderness First Aid",
        ),
        past_roles=("Seasonal Park Aide", "Trail Crew Member"),
        future_roles=("Chief Ranger", "Park Superintendent"),
        species_affinity={"reptile": 0.04, "horse": 0.04},
    ),
    Career(
        career_id="air-traffic-controller",
        job_title="Air Traffic Controller",
        seniority="mid-level",
        industry="aviation",
        work_style="ice-cold focus",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "focus": 0.7,
            "calmness": 0.6,
            "vigilance": 0.5,
            "meets_deadlines": 0.3,
            "mischief": -0.4,
            "naps_at_desk": -0.4,
        },
        skills=(
            "Radar Operations",
            "Situational Awareness",
            "Aviation Regulations",
            "Radio Communication",
            "Decision-Making Under Pressure",
            "Multitasking",
        ),
        past_roles=("Flight Data Assistant", "Military Air Controller"),
        future_roles=("Air Traffic Supervisor", "Airspace Planner"),
        species_affinity={"bird": 0.05},
    ),
    Career(
        career_id="head-of-security",
        job_title="Head of Security",
        seniority="senior",
        industry="corporate security",
        work_style="nobody gets past the lobby",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "territoriality": 0.8,
            "dominance": 0.5,
            "vigilance": 0.5,
            "friendliness_to_strangers": -0.5,
            "gentleness": -0.3,
        },
        skills=(
            "Physical Security",
            "Threat Assessment",
            "Access Control",
            "Incident Management",
            "Security Team Leadership",
            "Emergency Planning",
        ),
        past_roles=("Security Supervisor", "Police Sergeant"),
        future_roles=("Chief Security Officer", "Security Consultant"),
        species_affinity={"dog": 0.05, "reptile": 0.03},
    ),
    Career(
        career_id="airline-pilot",
        job_title="Airline Captain",
        seniority="senior",
        industry="aviation",
        work_style="calm voice from the cockpit",
        attire_style="uniform",
        background_setting="linkedin_blue_gradient",
        signature={
            "calmness": 0.6,
            "confidence": 0.5,
            "routine_orientation": 0.5,
            "dignity": 0.4,
            "anxiety": -0.5,
        },
        skills=(
            "Flight Operations",
            "Crew Resource Management",
            "Navigation",
            "Safety Procedures",
            "Weather Assessment",
            "Decision-Making Under Pressure",
        ),
        past_roles=("First Officer", "Flight Instructor"),
        future_roles=("Chief Pilot", "Director of Flight Operations"),
        species_affinity={"bird": 0.06},
    ),
    Career(
        career_id="flight-attendant",
        job_title="Flight Attendant",
        seniority="entry-level",
        industry="aviation",
        work_style="smiles through the turbulence",
        attire_style="uniform",
        background_setting="linkedin_blue_gradient",
        signature={
            "friendliness_to_strangers": 0.5,
            "adaptability": 0.5,
            "optimism": 0.5,
            "calmness": 0.4,
            "shares_office_snacks": 0.4,
            "territoriality": -0.3,
        },
        skills=(
            "Customer Service",
            "Safety Demonstrations",
            "Emergency Procedures",
            "Conflict De-escalation",
            "First Aid",
            "Teamwork",
        ),
        past_roles=("Hotel Front Desk Agent", "Barista"),
        future_roles=("Purser", "Cabin Crew Trainer"),
        species_affinity={"bird": 0.05},
    ),
    # ---- Logistics & engineering -----------------------------------------------------
    Career(
        career_id="logistics-director",
        job_title="Logistics Director",
        seniority="executive",
        industry="logistics",
        work_style="runs like clockwork",
        attire_style="business_casual",
        background_setting="workshop",
        signature={
            "routine_orientation": 0.6,
            "meets_deadlines": 0.6,
            "resilience": 0.4,
            "problem_solving": 0.4,
            "leadership": 0.4,
            "naps_at_desk": -0.3,
        },
        skills=(
            "Supply Chain Strategy",
            "Fleet Management",
            "Warehouse Operations",
            "Vendor Negotiation",
            "Lean Operations",
            "Demand Planning",
        ),
        past_roles=("Operations Manager", "Supply Chain Analyst"),
        future_roles=("Chief Operating Officer", "VP of Supply Chain"),
        species_affinity={"horse": 0.07, "dog": 0.03},
    ),
    Career(
        career_id="warehouse-associate",
        job_title="Warehouse Associate",
        seniority="entry-level",
        industry="logistics",
        work_style="steady and strong",
        attire_style="outdoor_workwear",
        background_setting="workshop",
        signature={
            "energy_level": 0.5,
            "routine_orientation": 0.5,
            "loyalty": 0.4,
            "would_steal_your_lunch_from_the_fridge": 0.4,
            "appearance_consciousness": -0.4,
        },
        skills=(
            "Inventory Control",
            "Forklift Operation",
            "Order Picking",
            "Shipping & Receiving",
            "Workplace Safety",
            "Teamwork",
        ),
        past_roles=("Delivery Driver", "Stock Associate"),
        future_roles=("Shift Supervisor", "Warehouse Manager"),
        species_affinity={"horse": 0.04, "hamster": 0.03},
    ),
    Career(
        career_id="supply-chain-analyst",
        job_title="Supply Chain Analyst",
        seniority="mid-level",
        industry="logistics",
        work_style="sees bottlenecks before they happen",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "anxiety": 0.5,
            "problem_solving": 0.5,
            "actually_reads_the_meeting_agenda": 0.4,
            "vigilance": 0.4,
            "optimism": -0.3,
        },
        skills=(
            "Demand Forecasting",
            "Inventory Optimization",
            "SQL",
            "ERP Systems",
            "Supplier Performance",
            "Data Analysis",
        ),
        past_roles=("Logistics Coordinator", "Operations Intern"),
        future_roles=("Supply Chain Manager", "Logistics Director"),
    ),
    Career(
        career_id="civil-engineer",
        job_title="Civil Engineer",
        seniority="mid-level",
        industry="engineering",
        work_style="structurally sound",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "problem_solving": 0.6,
            "patience": 0.4,
            "meets_deadlines": 0.4,
            "routine_orientation": 0.4,
            "risk_taking": -0.5,
            "humor": -0.3,
        },
        skills=(
            "Structural Analysis",
            "AutoCAD",
            "Project Management",
            "Site Inspection",
            "Building Codes",
            "Cost Estimation",
        ),
        past_roles=("Engineering Intern", "Junior Site Engineer"),
        future_roles=("Project Engineer", "Principal Engineer"),
        species_affinity={"rabbit": 0.03},
    ),
    Career(
        career_id="mechanical-engineer",
        job_title="Mechanical Engineer",
        seniority="entry-level",
        industry="manufacturing",
        work_style="takes things apart to understand them",
        attire_style="outdoor_workwear",
        background_setting="workshop",
        signature={
            "curiosity": 0.6,
            "problem_solving": 0.5,
            "mischief": 0.4,
            "independence": 0.3,
            "works_the_room_at_happy_hour": -0.4,
        },
        skills=(
            "CAD Modeling",
            "Prototyping",
            "Thermodynamics",
            "Failure Analysis",
            "Manufacturing Processes",
            "Technical Drawing",
        ),
        past_roles=("Engineering Co-op", "Machine Shop Assistant"),
        future_roles=("Senior Mechanical Engineer", "R&D Engineer"),
        species_affinity={"hamster": 0.04, "rabbit": 0.03},
    ),
    Career(
        career_id="plant-manager",
        job_title="Plant Manager",
        seniority="senior",
        industry="manufacturing",
        work_style="runs a tight ship",
        attire_style="outdoor_workwear",
        background_setting="workshop",
        signature={
            "micromanages": 0.6,
            "routine_orientation": 0.5,
            "leadership": 0.5,
            "stubbornness": 0.4,
            "playfulness": -0.4,
        },
        skills=(
            "Lean Manufacturing",
            "Production Planning",
            "Safety Management",
            "Quality Assurance",
            "Labor Relations",
            "Continuous Improvement",
        ),
        past_roles=("Production Supervisor", "Mechanical Engineer"),
        future_roles=("Director of Manufacturing", "Chief Operating Officer"),
        species_affinity={"horse": 0.03},
    ),
    # ---- Sales, marketing & customer ---------------------------------------------------
    Career(
        career_id="vp-of-sales",
        job_title="VP of Sales",
        seniority="executive",
        industry="sales",
        work_style="always be closing",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "works_the_room_at_happy_hour": 0.7,
            "competitiveness": 0.6,
            "confidence": 0.5,
            "takes_credit_for_group_projects": 0.4,
            "patience": -0.4,
        },
        skills=(
            "Revenue Growth",
            "Sales Strategy",
            "Pipeline Management",
            "Enterprise Sales",
            "Team Leadership",
            "Forecasting",
            "Negotiation",
        ),
        past_roles=("Regional Sales Manager", "Account Executive"),
        future_roles=("Chief Revenue Officer", "Chief Executive Officer"),
        species_affinity={"dog": 0.04},
    ),
    Career(
        career_id="sales-development-representative",
        job_title="Sales Development Representative",
        seniority="entry-level",
        industry="sales",
        work_style="relentless optimist",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "optimism": 0.6,
            "energy_level": 0.6,
            "resilience": 0.5,
            "sociability": 0.4,
            "replies_all_unnecessarily": 0.3,
            "calmness": -0.3,
        },
        skills=(
            "Cold Calling",
            "Lead Qualification",
            "CRM (Salesforce)",
            "Prospecting",
            "Objection Handling",
            "Email Outreach",
        ),
        past_roles=("Retail Sales Associate", "Barista"),
        future_roles=("Account Executive", "Sales Manager"),
        species_affinity={"dog": 0.05},
    ),
    Career(
        career_id="brand-marketing-manager",
        job_title="Brand Marketing Manager",
        seniority="mid-level",
        industry="marketing",
        work_style="storyteller with a spreadsheet",
        attire_style="business_casual",
        background_setting="creative_studio",
        signature={
            "appearance_consciousness": 0.5,
            "playfulness": 0.4,
            "optimism": 0.4,
            "curiosity": 0.4,
            "sociability": 0.4,
            "stubbornness": -0.3,
        },
        skills=(
            "Brand Strategy",
            "Campaign Management",
            "Market Research",
            "Content Marketing",
            "Budget Management",
            "Agency Management",
        ),
        past_roles=("Marketing Coordinator", "Social Media Manager"),
        future_roles=("Director of Brand", "Chief Marketing Officer"),
    ),
    Career(
        career_id="chief-marketing-officer",
        job_title="Chief Marketing Officer",
        seniority="executive",
        industry="marketing",
        work_style="brand-obsessed showrunner",
        attire_style="creative_turtleneck",
        background_setting="corner_office_city_view",
        signature={
            "takes_credit_for_group_projects": 0.6,
            "appearance_consciousness": 0.5,
            "confidence": 0.5,
            "works_the_room_at_happy_hour": 0.4,
            "humor": 0.3,
            "empathy": -0.3,
        },
        skills=(
            "Marketing Strategy",
            "Brand Leadership",
            "Demand Generation",
            "Customer Insights",
            "Go-to-Market",
            "Team Leadership",
        ),
        past_roles=("VP of Marketing", "Creative Director"),
        future_roles=("Chief Executive Officer", "Board Member"),
        species_affinity={"cat": 0.04, "bird": 0.03},
    ),
    Career(
        career_id="key-account-manager",
        job_title="Key Account Manager",
        seniority="senior",
        industry="sales",
        work_style="the relationship keeper",
        attire_style="business_casual",
        background_setting="linkedin_blue_gradient",
        signature={
            "loyalty": 0.6,
            "affection": 0.5,
            "diplomacy": 0.4,
            "shares_office_snacks": 0.4,
            "works_the_room_at_happy_hour": 0.3,
            "stubbornness": -0.3,
        },
        skills=(
            "Account Management",
            "Relationship Building",
            "Upselling",
            "Contract Renewals",
            "Stakeholder Management",
            "Client Retention",
        ),
        past_roles=("Account Executive", "Customer Success Manager"),
        future_roles=("Director of Client Services", "VP of Sales"),
        species_affinity={"dog": 0.05},
    ),
    Career(
        career_id="customer-happiness-lead",
        job_title="Customer Happiness Lead",
        seniority="mid-level",
        industry="customer experience",
        work_style="warm and endlessly upbeat",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "affection": 0.6,
            "optimism": 0.5,
            "friendliness_to_strangers": 0.5,
            "empathy": 0.4,
            "sends_passive_aggressive_emails": -0.5,
        },
        skills=(
            "Customer Support",
            "Empathetic Communication",
            "Zendesk",
            "Customer Retention",
            "Process Improvement",
            "Team Coaching",
        ),
        past_roles=("Customer Support Agent", "Retail Associate"),
        future_roles=("Head of Customer Experience", "Customer Success Director"),
        species_affinity={"dog": 0.06, "guinea_pig": 0.03},
    ),
    # ---- People & HR -----------------------------------------------------------------
    Career(
        career_id="chief-people-officer",
        job_title="Chief People Officer",
        seniority="executive",
        industry="human resources",
        work_style="culture carrier",
        attire_style="business_casual",
        background_setting="corner_office_city_view",
        signature={
            "empathy": 0.7,
            "diplomacy": 0.5,
            "leadership": 0.4,
            "sociability": 0.4,
            "dominance": -0.3,
        },
        skills=(
            "Talent Strategy",
            "Organizational Development",
            "Culture Building",
            "Compensation & Benefits",
            "Employee Relations",
            "Change Management",
        ),
        past_roles=("VP of People", "HR Business Partner"),
        future_roles=("Chief Operating Officer", "Leadership Coach"),
        species_affinity={"dog": 0.03, "rabbit": 0.03},
    ),
    Career(
        career_id="talent-acquisition-specialist",
        job_title="Talent Acquisition Specialist",
        seniority="mid-level",
        industry="human resources",
        work_style="never met a stranger",
        attire_style="business_casual",
        background_setting="linkedin_blue_gradient",
        signature={
            "friendliness_to_strangers": 0.6,
            "sociability": 0.5,
            "works_the_room_at_happy_hour": 0.5,
            "replies_all_unnecessarily": 0.4,
            "vigilance": -0.3,
        },
        skills=(
            "Recruiting",
            "Sourcing",
            "Interviewing",
            "Employer Branding",
            "Applicant Tracking Systems",
            "Candidate Experience",
        ),
        past_roles=("Recruiting Coordinator", "Sales Development Representative"),
        future_roles=("Talent Acquisition Manager", "Head of Talent"),
        species_affinity={"dog": 0.05},
    ),
    Career(
        career_id="hr-generalist",
        job_title="HR Generalist",
        seniority="entry-level",
        industry="human resources",
        work_style="policy-minded peacekeeper",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "diplomacy": 0.5,
            "sends_passive_aggressive_emails": 0.5,
            "actually_reads_the_meeting_agenda": 0.4,
            "routine_orientation": 0.4,
            "humor": -0.3,
            "mischief": -0.3,
        },
        skills=(
            "Employee Relations",
            "HR Policy",
            "Onboarding",
            "Benefits Administration",
            "HRIS",
            "Compliance",
        ),
        past_roles=("HR Assistant", "Office Coordinator"),
        future_roles=("HR Business Partner", "HR Manager"),
    ),
    # ---- Real estate & consulting ------------------------------------------------------
    Career(
        career_id="real-estate-agent",
        job_title="Real Estate Agent",
        seniority="mid-level",
        industry="real estate",
        work_style="perpetually showing",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "friendliness_to_strangers": 0.5,
            "appearance_consciousness": 0.5,
            "optimism": 0.5,
            "energy_level": 0.4,
            "takes_credit_for_group_projects": 0.3,
            "patience": -0.3,
        },
        skills=(
            "Property Marketing",
            "Negotiation",
            "Client Relations",
            "Market Analysis",
            "Open Houses",
            "Contract Management",
        ),
        past_roles=("Leasing Agent", "Real Estate Assistant"),
        future_roles=("Broker", "Property Developer"),
        species_affinity={"dog": 0.03, "cat": 0.03},
    ),
    Career(
        career_id="property-developer",
        job_title="Property Developer",
        seniority="senior",
        industry="real estate",
        work_style="builds empires one lot at a time",
        attire_style="suit",
        background_setting="outdoors",
        signature={
            "territoriality": 0.6,
            "risk_taking": 0.6,
            "stubbornness": 0.4,
            "dominance": 0.4,
            "patience": -0.3,
        },
        skills=(
            "Site Acquisition",
            "Project Finance",
            "Zoning & Permitting",
            "Construction Management",
            "Investor Relations",
            "Negotiation",
        ),
        past_roles=("Real Estate Agent", "Construction Project Manager"),
        future_roles=("Real Estate Fund Manager", "Developer Principal"),
        species_affinity={"cat": 0.04, "hamster": 0.03},
    ),
    Career(
        career_id="property-manager",
        job_title="Property Manager",
        seniority="mid-level",
        industry="real estate",
        work_style="guardian of the building",
        attire_style="business_casual",
        background_setting="workshop",
        signature={
            "territoriality": 0.5,
            "sends_passive_aggressive_emails": 0.5,
            "patience": 0.4,
            "vigilance": 0.4,
            "adaptability": -0.3,
        },
        skills=(
            "Tenant Relations",
            "Lease Administration",
            "Maintenance Coordination",
            "Budgeting",
            "Vendor Management",
            "Rent Collection",
        ),
        past_roles=("Leasing Consultant", "Building Superintendent"),
        future_roles=("Regional Property Manager", "Asset Manager"),
        species_affinity={"cat": 0.04, "reptile": 0.03},
    ),
    Career(
        career_id="management-consultant",
        job_title="Management Consultant",
        seniority="mid-level",
        industry="consulting",
        work_style="a framework for everything",
        attire_style="suit",
        background_setting="linkedin_blue_gradient",
        signature={
            "adaptability": 0.6,
            "confidence": 0.5,
            "replies_all_unnecessarily": 0.4,
            "coffee_dependency": 0.4,
            "loyalty": -0.4,
        },
        skills=(
            "Strategy Consulting",
            "Slide Storytelling",
            "Market Sizing",
            "Stakeholder Interviews",
            "Business Case Development",
            "Change Management",
        ),
        past_roles=("Business Analyst", "Associate Consultant"),
        future_roles=("Engagement Manager", "Managing Partner", "Startup Founder & CEO"),
    ),
    Career(
        career_id="managing-partner",
        job_title="Managing Partner",
        seniority="executive",
        industry="consulting",
        work_style="the rainmaker",
        attire_style="suit",
        background_setting="corner_office_city_view",
        signature={
            "works_the_room_at_happy_hour": 0.6,
            "leadership": 0.5,
            "dignity": 0.5,
            "takes_credit_for_group_projects": 0.5,
            "diplomacy": 0.3,
            "naps_at_desk": -0.3,
        },
        skills=(
            "Business Development",
            "Client Leadership",
            "Firm Strategy",
            "Thought Leadership",
            "Partnership Management",
            "Executive Advisory",
        ),
        past_roles=("Partner", "Engagement Manager", "Management Consultant"),
        future_roles=("Board Member", "Chief Executive Officer"),
        species_affinity={"cat": 0.04, "horse": 0.03},
    ),
    Career(
        career_id="business-analyst",
        job_title="Business Analyst",
        seniority="entry-level",
        industry="consulting",
        work_style="stickler for requirements",
        attire_style="business_casual",
        background_setting="linkedin_blue_gradient",
        signature={
            "actually_reads_the_meeting_agenda": 0.6,
            "coachability": 0.5,
            "problem_solving": 0.4,
            "micromanages": 0.4,
            "risk_taking": -0.3,
        },
        skills=(
            "Requirements Gathering",
            "Process Mapping",
            "SQL",
            "Stakeholder Interviews",
            "Documentation",
            "User Acceptance Testing",
        ),
        past_roles=("Operations Intern", "Data Analyst"),
        future_roles=("Senior Product Manager", "Management Consultant"),
        species_affinity={"guinea_pig": 0.03},
    ),
    # ---- Nonprofit -------------------------------------------------------------------
    Career(
        career_id="nonprofit-executive-director",
        job_title="Nonprofit Executive Director",
        seniority="executive",
        industry="nonprofit",
        work_style="mission over margin",
        attire_style="business_casual",
        background_setting="open_office",
        signature={
            "empathy": 0.6,
            "optimism": 0.5,
            "loyalty": 0.5,
            "leadership": 0.4,
            "takes_credit_for_group_projects": -0.5,
        },
        skills=(
            "Fundraising",
            "Board Governance",
            "Program Development",
            "Grant Management",
            "Community Partnerships",
            "Advocacy",
        ),
        past_roles=("Development Director", "Program Manager"),
        future_roles=("Foundation President", "Public Official"),
        species_affinity={"dog": 0.04, "horse": 0.03},
    ),
    Career(
        career_id="community-organizer",
        job_title="Community Organizer",
        seniority="entry-level",
        industry="nonprofit",
        work_style="rallies the whole neighbourhood",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "sociability": 0.6,
            "vocal_expressiveness": 0.5,
            "empathy": 0.5,
            "assertiveness": 0.4,
            "dignity": -0.3,
        },
        skills=(
            "Grassroots Organizing",
            "Public Speaking",
            "Coalition Building",
            "Volunteer Recruitment",
            "Advocacy",
            "Event Planning",
        ),
        past_roles=("Campus Activist", "Canvasser"),
        future_roles=("Campaign Manager", "City Council Member"),
        species_affinity={"bird": 0.04, "dog": 0.03},
    ),
    Career(
        career_id="volunteer-coordinator",
        job_title="Volunteer Coordinator",
        seniority="mid-level",
        industry="nonprofit",
        work_style="herds cats, cheerfully",
        attire_style="business_casual",
        background_setting="classroom",
        signature={
            "shares_office_snacks": 0.5,
            "affection": 0.5,
            "patience": 0.5,
            "adaptability": 0.4,
            "humor": 0.3,
            "competitiveness": -0.4,
        },
        skills=(
            "Volunteer Management",
            "Scheduling",
            "Training Delivery",
            "Community Outreach",
            "Recognition Programs",
            "Event Coordination",
        ),
        past_roles=("Volunteer", "Program Assistant"),
        future_roles=("Program Manager", "Nonprofit Executive Director"),
        species_affinity={"guinea_pig": 0.04, "rabbit": 0.03},
    ),
    # ---- Agriculture & outdoors --------------------------------------------------------
    Career(
        career_id="farm-operations-manager",
        job_title="Farm Operations Manager",
        seniority="senior",
        industry="agriculture",
        work_style="up before the sun",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "resilience": 0.6,
            "routine_orientation": 0.5,
            "energy_level": 0.4,
            "coffee_dependency": 0.3,
            "appearance_consciousness": -0.5,
        },
        skills=(
            "Crop Management",
            "Livestock Care",
            "Equipment Maintenance",
            "Agricultural Budgeting",
            "Sustainability Practices",
            "Crew Supervision",
        ),
        past_roles=("Farmhand", "Agricultural Technician"),
        future_roles=("Farm Owner", "Agricultural Consultant"),
        species_affinity={"horse": 0.06, "rabbit": 0.03},
    ),
    Career(
        career_id="landscape-architect",
        job_title="Landscape Architect",
        seniority="mid-level",
        industry="design & outdoors",
        work_style="patient gardener of big ideas",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "calmness": 0.5,
            "gentleness": 0.5,
            "curiosity": 0.4,
            "patience": 0.4,
            "vocal_expressiveness": -0.3,
            "energy_level": -0.3,
        },
        skills=(
            "Site Planning",
            "Landscape Design",
            "Sustainable Design",
            "AutoCAD",
            "Planting Plans",
            "Client Presentations",
        ),
        past_roles=("Landscape Designer", "Garden Centre Associate"),
        future_roles=("Principal Landscape Architect", "Urban Planner"),
        species_affinity={"rabbit": 0.04, "reptile": 0.03, "fish": 0.03},
    ),
    Career(
        career_id="adventure-tour-guide",
        job_title="Adventure Tour Guide",
        seniority="entry-level",
        industry="outdoor recreation",
        work_style="always first up the trail",
        attire_style="outdoor_workwear",
        background_setting="outdoors",
        signature={
            "energy_level": 0.6,
            "risk_taking": 0.5,
            "playfulness": 0.5,
            "friendliness_to_strangers": 0.4,
            "routine_orientation": -0.4,
        },
        skills=(
            "Wilderness Navigation",
            "Group Leadership",
            "Risk Management",
            "Storytelling",
            "First Aid",
            "Customer Experience",
        ),
        past_roles=("Camp Counselor", "Outdoor Instructor"),
        future_roles=("Expedition Leader", "Adventure Travel Company Founder"),
        species_affinity={"dog": 0.05, "horse": 0.04},
    ),
    Career(
        career_id="aquarium-curator",
        job_title="Aquarium Curator",
        seniority="senior",
        industry="zoos & aquariums",
        work_style="serene keeper of delicate ecosystems",
        attire_style="lab_coat",
        background_setting="lab",
        signature={
            "calmness": 0.6,
            "patience": 0.5,
            "routine_orientation": 0.4,
            "vocal_expressiveness": -0.5,
            "sociability": -0.3,
        },
        skills=(
            "Aquatic Animal Husbandry",
            "Water Quality Management",
            "Exhibit Design",
            "Conservation Programs",
            "Staff Supervision",
            "Public Education",
        ),
        past_roles=("Aquarist", "Marine Biology Technician"),
        future_roles=("Director of Animal Care", "Zoo Director"),
        species_affinity={"fish": 0.08, "reptile": 0.04},
    ),
)

_BY_ID: Final[dict[str, Career]] = {career.career_id: career for career in CAREERS}


def get_career(career_id: str) -> Career:
    """Look up a career by its slug; raise ``ValueError`` naming the problem if unknown."""
    try:
        return _BY_ID[career_id]
    except KeyError:
        raise ValueError(
            f"unknown career_id {career_id!r}; the catalog has {len(_BY_ID)} careers"
        ) from None


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


def _centred(dimensions: Mapping[str, int | float], dim: str) -> float:
    """The pet's value for ``dim`` centred to [-1, 1] (0–100 input clamped first)."""
    try:
        value = float(dimensions[dim])
    except KeyError:
        raise ValueError(f"personality dimensions are missing {dim!r}") from None
    return (min(100.0, max(0.0, value)) - 50.0) / 50.0


def species_bonus(career: Career, species: str | None) -> float:
    """The career's affinity bonus for ``species`` in raw units (0 when none or unknown)."""
    if species is None:
        return 0.0
    return career.species_affinity.get(species, 0.0)


def explain_score(
    career: Career, dimensions: Mapping[str, int | float], species: str | None = None
) -> list[tuple[str, float]]:
    """Each signature dimension's contribution to the score, in score points.

    A contribution is ``50 · w · c / Σ|w|``: positive when the pet's value pushes the
    score above 50, negative when it pulls it below. Sorted by contribution, largest
    first (ties by canonical dimension order). ``species`` is accepted for symmetry with
    :func:`score_career`; its bonus is reported by :func:`species_bonus`, not here.
    """
    del species  # the species bonus is not a dimension; see species_bonus()
    total = career.weight_total
    parts = [
        (dim, 50.0 * weight * _centred(dimensions, dim) / total)
        for dim, weight in career.signature.items()
    ]
    parts.sort(key=lambda part: (-part[1], DIMENSION_INDEX[part[0]]))
    return parts


def score_career(
    career: Career, dimensions: Mapping[str, int | float], species: str | None = None
) -> float:
    """How well a pet's 47-dimension profile fits ``career``, 0–100 (50 = neutral).

    ``score = clamp(50 + 50 · (Σ w·c / Σ|w| + species bonus), 0, 100)`` where
    ``c = (dims[d] - 50) / 50``; see the module docstring.
    """
    total = career.weight_total
    raw = sum(w * _centred(dimensions, d) for d, w in career.signature.items()) / total
    score = 50.0 + 50.0 * (raw + species_bonus(career, species))
    return min(100.0, max(0.0, score))


def rank_careers(
    dimensions: Mapping[str, int | float], species: str | None = None
) -> list[tuple[Career, float]]:
    """Every career with its score, best first; ties broken by ``career_id`` ascending."""
    scored = [(career, score_career(career, dimensions, species)) for career in CAREERS]
    scored.sort(key=lambda pair: (-pair[1], pair[0].career_id))
    return scored


def career_confidence(top_score: float, runner_up_score: float) -> int:
    """Confidence 0–100 from the winner's score and its margin over the runner-up.

    ``round(clamp(0.8 · S1 + 2 · min(S1 - S2, 10), 0, 100))``: the fit itself is worth
    up to 80 points and a clear win (10+ points ahead) up to 20 more.
    """
    margin = max(0.0, top_score - runner_up_score)
    value = 0.8 * top_score + 2.0 * min(margin, 10.0)
    return max(0, min(100, round(value)))


def _join_phrases(phrases: list[str]) -> str:
    """Join phrases as English: "a", "a and b", "a, b and c"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _article(title: str) -> str:
    """'a' or 'an' by sound: acronyms go by letter name ("an HR", "a UX"), words by vowel."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def _rationale(career: Career, dimensions: Mapping[str, int | float]) -> str:
    """One sentence naming the 2–3 traits that lifted this career's score the most."""
    contributions = [part for part in explain_score(career, dimensions) if part[1] > 0.0]
    phrases = [
        HIGH_PHRASES[dim] if career.signature[dim] > 0 else LOW_PHRASES[dim]
        for dim, _ in contributions[:3]
    ]
    fit = f"a natural fit for {_article(career.job_title)} {career.job_title} in {career.industry}"
    if not phrases:
        return (
            f"Chosen as the closest match in a catalog of {len(CAREERS)} careers; "
            f"{fit}, with room to grow."
        )
    return f"Chosen for {_join_phrases(phrases)}; {fit}."


def map_career(analysis: PetAnalysis) -> CareerProfile:
    """Step 2: map a pet analysis to the best-fitting career, with runner-ups and a reason."""
    return career_profile(analysis, rank_careers(analysis.personality_dimensions, analysis.species))


def career_profile(
    analysis: PetAnalysis, ranked: list[tuple[Career, float]], chosen: Career | None = None
) -> CareerProfile:
    """The profile of ``chosen`` (default: the best of ``ranked``) for this pet.

    ``ranked`` is :func:`rank_careers` for the pet; the confidence compares the chosen
    career's score with the best other career's, and the runner-ups are the next best.
    """
    species: Species = analysis.species
    winner = chosen or ranked[0][0]
    top_score = score_career(winner, analysis.personality_dimensions, species)
    others = [(c, s) for c, s in ranked if c.career_id != winner.career_id]
    return CareerProfile(
        career_id=winner.career_id,
        job_title=winner.job_title,
        seniority=winner.seniority,
        industry=winner.industry,
        work_style=winner.work_style,
        attire_style=winner.attire_style,
        background_setting=winner.background_setting,
        confidence=career_confidence(top_score, others[0][1]),
        rationale=_rationale(winner, analysis.personality_dimensions),
        runner_ups=[
            CareerMatch(career_id=c.career_id, job_title=c.job_title, score=round(s, 2))
            for c, s in others[:RUNNER_UP_COUNT]
        ],
    )


assert set(LOW_PHRASES) == set(DIMENSIONS), "LOW_PHRASES must cover every dimension"
assert len(_BY_ID) == len(CAREERS), "career ids must be unique"
