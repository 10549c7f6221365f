"""Human names that "feel right" for a pet's species, breed, group, size and origin.

The rule is a cascade of curated pools, from the most specific to the least:

====================  =====  =========================================================
level                 fit    when
====================  =====  =========================================================
``breed``             92     the breed names a well-known pool (Golden Retriever and
                             Labrador → friendly dads, Siamese → Thai, Husky → Russian)
``origin``            80     the breed's country of origin has a pool (Germany → Klaus)
``group``             68     the dog group has a pool (terrier → scrappy names); for
                             every other species the species *is* the group (cat →
                             Margaret, Sebastian)
``size``              58     a dog with an unknown group: giant/large → guardians,
                             tiny/small → regal, medium → friendly dads
``generic``           35     nothing is known (unknown species)
====================  =====  =========================================================

``fit`` is therefore "how specific the pool was", which the similarity score uses.

Surnames come from a general pool of ordinary surnames; when an origin pool is in
play, the surname comes from that country's pool more often than not. Now and then
(about one name in eight) a punny-but-real surname that suits the species is used
("Barker" for a dog, "Purcell" for a cat, "Hopkins" for a rabbit).

Pet names (``pet_name``) are woven in by one documented rule:

1. The pet name is cleaned (letters, spaces, hyphens; at most 24 characters; title
   case). Empty or placeholder names ("none", "unknown") are ignored.
2. If the pet name is already a human name in one of our pools (a dog called
   "Kevin"), it becomes the persona's first name as is.
3. Otherwise the first name is chosen from the pool, preferring names that share the
   pet name's initial, and the pet name becomes a nickname:
   ``Bob 'Biscuit' Barnes``.

Every choice is drawn from ``random.Random`` seeded with the ``seed`` argument, so
the same inputs always give the same name.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "ALL_FIRST_NAMES",
    "FEMININE_FIRST_NAMES",
    "FIRST_NAME_POOLS",
    "FIT_BY_LEVEL",
    "SURNAMES",
    "UNISEX_FIRST_NAMES",
    "ChosenName",
    "Presentation",
    "choose_name",
    "name_presentation",
    "origin_pool_for",
    "select_pool",
]

Presentation = Literal["feminine", "masculine", "unisex"]
"""How a first name reads; the avatar's face follows it (no beard on a Philippa)."""


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated list of names (keeps the pools compact and readable)."""
    return tuple(text.split())


#: Curated first-name pools, keyed by pool id (dog groups, other species, origins).
FIRST_NAME_POOLS: Final[dict[str, tuple[str, ...]]] = {
    "friendly_dad": _words(
        "Greg Doug Dave Brad Kevin Steve Mike Todd Jeff Rick Gary Randy Scott Chad Tim Bob Jim "
        "Phil Craig Rob Dan Mark Keith Bill"
    ),
    "regal": _words(
        "Penelope Winston Arabella Cornelius Genevieve Percival Theodora Montgomery Clementine "
        "Bartholomew Octavia Rupert Imogen Archibald Florence Barnaby Cordelia Alistair Henrietta "
        "Jasper"
    ),
    "guardian": _words(
        "Frank Brenda Viktor Gus Marge Bruno Helga Hank Doris Sal Boris Roxanne Duke Gertrude "
        "Walt Irma Carl Deb Vince Bertha"
    ),
    "scrappy": _words(
        "Vinnie Roxy Mickey Trixie Sully Dot Murph Frankie Joey Pip Nico Tess Rocco Lou Bea Benny "
        "Jojo Ziggy Maxine Scooter"
    ),
    "laid_back": _words(
        "Earl Dwayne Otis Lyle Buck Junie Walter Hal Lonnie Boone Dale Mabel Hazel Roscoe Wendell "
        "Loretta Clyde Beau Ray Darlene"
    ),
    "overachiever": _words(
        "Madison Tyler Ashley Jordan Brianna Connor Kayla Austin Hunter Taylor Morgan Brooke "
        "Logan Emily Spencer Whitney Blake Lindsay Parker Courtney"
    ),
    "urbane": _words(
        "Julian Celeste Adrian Simone Oliver Camille Felix Isadora Miles Nadia Lionel Veronica "
        "Elliot Margot Desmond Audrey"
    ),
    "cat": _words(
        "Margaret Sebastian Beatrice Reginald Vivian Cecil Eleanor Lucius Agatha Ambrose Philippa "
        "Edmund Harriet Leopold Constance Mortimer Rosalind Cedric Evangeline Horace"
    ),
    "rabbit": _words(
        "Benjamin Hazel Peter Josie Timothy Daisy Oscar Poppy Nina Toby Millie Rosie Quentin "
        "Flora Wesley Lily"
    ),
    "small_mammal": _words(
        "Gerald Nigel Doreen Herbert Pam Norman Phyllis Stanley Myrtle Cyril Gladys Wilbur Edna "
        "Melvin Bernice Elmer"
    ),
    "horse": _words(
        "Victoria Maximilian Catherine Augustus Josephine Raymond Lorraine Frederick Charlotte "
        "Harrison Diane Rhett Savannah Wyatt Caroline Beaumont"
    ),
    "bird": _words(
        "Skyler Robin Jay Phoebe Paloma Rafael Celine Lorenzo Oriana Carmen Dario Joy Ariel Avery "
        "Bianca Enzo"
    ),
    "fish": _words(
        "Finn Marina Ronan Nerissa Dylan Pearl Murray Kai Delphine Wade Irving Ondine Gil "
        "Morwenna Jonah Brook"
    ),
    "reptile": _words(
        "Leonard Vernon Lydia Ignatius Imelda Silas Sheldon Ramona Thaddeus Lorna Boyd Priscilla "
        "Gideon Mildred Cornell Agnes"
    ),
    "generic": _words(
        "Alex Sam Jamie Chris Pat Jordan Casey Robin Taylor Morgan Riley Jesse Dana Drew Kim Lee "
        "Avery Cameron Quinn Reese"
    ),
    "germany": _words(
        "Klaus Greta Dieter Heidi Wolfgang Ingrid Helmut Liesel Stefan Ursula Gunther Brigitte "
        "Rolf Annika Horst Petra"
    ),
    "thailand": _words(
        "Somchai Malee Niran Kanya Arthit Siriporn Chai Ploy Anan Dara Kittisak Ratana Prasert Nok"
    ),
    "russia": _words(
        "Dmitri Natasha Ivan Svetlana Boris Anya Sergei Olga Mikhail Tatiana Yuri Katya Alexei "
        "Irina"
    ),
    "japan": _words(
        "Hiroshi Yuki Kenji Akiko Takeshi Haruka Satoshi Emi Daisuke Naomi Kazuo Sakura Ren Mei"
    ),
    "scotland": _words(
        "Angus Fiona Hamish Morag Callum Isla Duncan Eilidh Alasdair Kirsty Ewan Catriona Fraser "
        "Moira"
    ),
    "france": _words(
        "Jacques Colette Pierre Amelie Gaston Sylvie Philippe Etienne Margaux Lucien Odile "
        "Thierry Juliette Bernadette"
    ),
    "england": _words(
        "Clive Rupert Harriet Giles Prudence Alfie Pippa Trevor Gemma Colin Jemima Reggie Tamsin "
        "Nigel"
    ),
    "mexico": _words(
        "Alejandro Lupita Javier Ximena Diego Guadalupe Rodrigo Paloma Mateo Valentina Enrique "
        "Marisol Santiago Catalina"
    ),
    "china": _words("Wei Mei Jun Lian Hao Xiu Bo Ling Zhen Yan Feng Hua Ming Qing"),
    "switzerland": _words(
        "Urs Heidi Reto Vreni Beat Ursina Matthias Seraina Luca Corina Andri Nadja"
    ),
    "ireland": _words(
        "Seamus Siobhan Declan Niamh Padraig Aoife Ciaran Roisin Liam Maeve Eoin Orla"
    ),
    "wales": _words("Rhys Carys Gareth Bronwen Dafydd Sian Owain Megan Emrys Ffion"),
    "italy": _words("Giuseppe Francesca Luigi Chiara Marco Giulia Vittorio Rosa Salvatore Lucia"),
    "australia": _words("Bruce Sheila Shane Kylie Darren Narelle Mick Tracey Barry Leanne"),
    "norway": _words("Lars Ingrid Sven Astrid Bjorn Solveig Magnus Liv Erik Sigrid"),
    "hungary": _words("Laszlo Zsofia Istvan Katalin Andras Eszter Gabor Ilona"),
    "egypt": _words("Omar Nour Karim Yasmin Tarek Layla Amir Dalia"),
    "persia": _words("Darius Shirin Cyrus Roxana Kian Parisa Arash Leila"),
    "belgium": _words("Luc Mathilde Jef Elise Bram Lotte Koen Ines"),
    "tibet": _words("Tenzin Pema Dorje Yangchen Norbu Dolma Karma Sonam"),
    "turkey": _words("Emre Elif Murat Zeynep Kerem Ayla Burak Selin"),
}

#: Ordinary surnames used for every persona (punny ones live separately).
SURNAMES: Final[tuple[str, ...]] = _words(
    "Barnes Anderson Mitchell Thompson Harper Collins Bennett Whitaker Reyes Delgado Fischer "
    "Kowalski Nguyen Patel Okafor Lindqvist Moreau Castillo Brennan Sullivan Caldwell Holloway "
    "Pemberton Ashworth Marsh Goodwin Hale Lawson Prescott Rowe Sinclair Thornton Vance Warren "
    "Yates Abbott Bishop Carver Dalton Ellison Fairbanks Garrison Hargrove Ingram Jennings "
    "Kendrick Langley Merriweather Nash Oakley Porter Quigley Radcliffe Stanton Templeton "
    "Underwood Vaughn Whitfield Young Zimmerman Chen Park Silva Romano Becker Hughes Foster "
    "Gallagher Montoya Sato"
)

#: Surnames that carry an origin's flavour; used with most origin-level names.
ORIGIN_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "germany": _words("Becker Schneider Hoffmann Wagner Richter Krause Vogel"),
    "thailand": _words("Srisuk Chaiyaporn Wongsakul Rattanakorn Suksawat"),
    "russia": _words("Volkov Petrova Sokolov Ivanova Morozov Kuznetsov"),
    "japan": _words("Tanaka Suzuki Watanabe Yamamoto Nakamura Kobayashi"),
    "scotland": _words("MacLeod Campbell Fraser MacDonald Sutherland Munro"),
    "france": _words("Dubois Lefevre Moreau Laurent Girard Fontaine"),
    "england": _words("Worthington Blackwood Fairfax Ashby Pennington Cavendish"),
    "mexico": _words("Hernandez Garcia Morales Castillo Vargas Navarro"),
    "china": _words("Wang Li Zhang Liu Chen Huang"),
    "switzerland": _words("Keller Meier Brunner Steiner Baumann Gerber"),
    "ireland": _words("O'Brien Murphy Kelly Byrne Doyle Gallagher"),
    "wales": _words("Jones Evans Llewellyn Pritchard Griffiths Vaughan"),
    "italy": _words("Rossi Ferrari Esposito Bianchi Romano Ricci"),
    "australia": _words("Murray Kennedy Hartley Docherty Blake Walsh"),
    "norway": _words("Hansen Johansen Olsen Larsen Berg Haugen"),
    "hungary": _words("Nagy Kovacs Toth Szabo Horvath Varga"),
    "egypt": _words("Hassan Mansour Farouk Nasser Said Khalil"),
    "persia": _words("Tehrani Farahani Karimi Rahimi Hosseini Shirazi"),
    "belgium": _words("Peeters Janssens Maes Dupont Claes Wouters"),
    "tibet": _words("Lhamo Gyatso Dorjee Tsering Wangmo Namgyal"),
    "turkey": _words("Yilmaz Demir Kaya Celik Aydin Ozturk"),
}

#: Punny-but-real surnames, used sparingly (see :data:`PUNNY_SURNAME_CHANCE`).
PUNNY_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "dog": _words("Barker Shepherd Howell Hunter"),
    "cat": _words("Purcell Katz Mauser"),
    "rabbit": _words("Hopkins Burrows Warren"),
    "hamster": _words("Wheeler Burrows Seeger"),
    "guinea_pig": _words("Wheeler Burrows Pigott"),
    "horse": _words("Foley Stallings Colt Mayne"),
    "bird": _words("Finch Crowley Swift Robins"),
    "fish": _words("Fisher Waters Pike Brooks"),
    "reptile": _words("Shelley Drake Sandy"),
}

PUNNY_SURNAME_CHANCE: Final[float] = 0.12
ORIGIN_SURNAME_CHANCE: Final[float] = 0.6

#: How specific each pool level is; returned as :attr:`ChosenName.fit`.
FIT_BY_LEVEL: Final[dict[str, int]] = {
    "breed": 92,
    "origin": 80,
    "group": 68,
    "size": 58,
    "generic": 35,
}

#: Breed keywords (lower-case substrings) that pick a pool; checked in order.
BREED_POOLS: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (("golden retriever", "labrador", "lab retriever"), "friendly_dad"),
    (("siamese",), "thailand"),
    (("husky", "samoyed", "borzoi"), "russia"),
    (("chihuahua", "xoloitzcuintli", "mexican hairless"), "mexico"),
    (("pug", "pekingese", "pekinese", "chow", "shar pei", "shar-pei"), "china"),
    (("akita", "shiba", "japanese"), "japan"),
    (("scottish", "scotch", "scottie", "west highland", "westie"), "scotland"),
    (("cavalier", "king charles", "blenheim", "maltese", "papillon", "pomeranian"), "regal"),
    (("french",), "france"),
    (("german", "rottweiler", "doberman", "schnauzer", "dachshund", "weimaraner"), "germany"),
    (("bernese", "bernard", "appenzeller", "entlebucher", "swiss"), "switzerland"),
    (("corgi", "cardigan", "pembroke", "welsh"), "wales"),
    (("irish",), "ireland"),
    (("tibetan", "lhasa"), "tibet"),
    (("egyptian",), "egypt"),
)

#: Country-of-origin words (lower case) mapped to an origin pool.
ORIGIN_ALIASES: Final[dict[str, str]] = {
    "germany": "germany",
    "german": "germany",
    "deutschland": "germany",
    "thailand": "thailand",
    "siam": "thailand",
    "russia": "russia",
    "siberia": "russia",
    "japan": "japan",
    "scotland": "scotland",
    "france": "france",
    "england": "england",
    "britain": "england",
    "uk": "england",
    "mexico": "mexico",
    "china": "china",
    "switzerland": "switzerland",
    "ireland": "ireland",
    "wales": "wales",
    "italy": "italy",
    "australia": "australia",
    "norway": "norway",
    "hungary": "hungary",
    "egypt": "egypt",
    "persia": "persia",
    "iran": "persia",
    "belgium": "belgium",
    "tibet": "tibet",
    "turkey": "turkey",
}

#: Pool for each dog group; other species use their own species pool at group level.
GROUP_POOLS: Final[dict[str, str]] = {
    "sporting": "friendly_dad",
    "hound": "laid_back",
    "working": "guardian",
    "terrier": "scrappy",
    "toy": "regal",
    "non_sporting": "urbane",
    "herding": "overachiever",
}

SPECIES_POOLS: Final[dict[str, str]] = {
    "cat": "cat",
    "rabbit": "rabbit",
    "hamster": "small_mammal",
    "guinea_pig": "small_mammal",
    "horse": "horse",
    "bird": "bird",
    "fish": "fish",
    "reptile": "reptile",
}

#: Dogs with an unknown group get a pool from their size.
SIZE_POOLS: Final[dict[str, str]] = {
    "tiny": "regal",
    "small": "scrappy",
    "medium": "friendly_dad",
    "large": "guardian",
    "giant": "guardian",
}

#: Every first name in every pool, for recognising pets that already have a human name.
ALL_FIRST_NAMES: Final[frozenset[str]] = frozenset(
    name for pool in FIRST_NAME_POOLS.values() for name in pool
)

#: Every pool name that reads as feminine. Every other name in the pools reads as
#: masculine unless it is in :data:`UNISEX_FIRST_NAMES`; ``test_naming`` checks both
#: sets only name pool names, so a new pool name must be classified on purpose.
FEMININE_FIRST_NAMES: Final[frozenset[str]] = frozenset(
    _words(
        # regal, guardian, scrappy, laid_back
        "Penelope Arabella Genevieve Theodora Clementine Octavia Imogen Florence Cordelia "
        "Henrietta Brenda Marge Helga Doris Roxanne Gertrude Irma Deb Bertha Roxy Trixie Dot "
        "Tess Bea Maxine Junie Mabel Hazel Loretta Darlene "
        # overachiever, urbane
        "Madison Ashley Brianna Kayla Brooke Emily Whitney Lindsay Courtney Celeste Simone "
        "Camille Isadora Nadia Veronica Margot Audrey "
        # cat, rabbit, small_mammal, horse
        "Margaret Beatrice Vivian Eleanor Agatha Philippa Harriet Constance Rosalind "
        "Evangeline Josie Daisy Poppy Nina Millie Rosie Flora Lily Doreen Pam Phyllis Myrtle "
        "Gladys Edna Bernice Victoria Catherine Josephine Lorraine Charlotte Diane Savannah "
        "Caroline "
        # bird, fish, reptile
        "Phoebe Paloma Celine Oriana Carmen Joy Bianca Marina Nerissa Pearl Delphine Ondine "
        "Morwenna Lydia Imelda Ramona Lorna Priscilla Mildred Agnes "
        # origins
        "Greta Heidi Ingrid Liesel Ursula Brigitte Annika Petra "
        "Malee Kanya Siriporn Ploy Ratana "
        "Natasha Svetlana Anya Olga Tatiana Katya Irina "
        "Akiko Haruka Emi Naomi Sakura Mei "
        "Fiona Morag Isla Eilidh Kirsty Catriona Moira "
        "Colette Amelie Sylvie Margaux Odile Juliette Bernadette "
        "Prudence Pippa Gemma Jemima Tamsin "
        "Lupita Ximena Guadalupe Valentina Marisol Catalina "
        "Xiu Ling "
        "Vreni Ursina Seraina Corina Nadja "
        "Siobhan Niamh Aoife Roisin Maeve Orla "
        "Carys Bronwen Sian Megan Ffion "
        "Francesca Chiara Giulia Rosa Lucia "
        "Sheila Kylie Tracey Narelle Leanne "
        "Astrid Solveig Liv Sigrid "
        "Zsofia Katalin Eszter Ilona "
        "Yasmin Layla Dalia "
        "Shirin Roxana Parisa Leila "
        "Mathilde Elise Lotte Ines "
        "Yangchen Dolma "
        "Elif Zeynep Ayla Selin"
    )
)

#: Pool names that are genuinely used for anyone (most of the ``generic`` pool).
UNISEX_FIRST_NAMES: Final[frozenset[str]] = frozenset(
    _words(
        "Alex Sam Jamie Chris Pat Jordan Casey Robin Taylor Morgan Riley Jesse Dana Drew Kim "
        "Lee Avery Cameron Quinn Reese Parker Blake Skyler Ariel Frankie Pip Lou Jojo Kai Brook "
        "Yuki Ren Jun Lian Qing Yan Zhen Hua Dara Nok Nour Tenzin Pema Karma Sonam"
    )
)


def name_presentation(first_name: str) -> Presentation:
    """``"feminine"``, ``"unisex"`` or ``"masculine"`` (every other name) for a first name.

    Names outside the pools (a pet's own name used as a nickname never gets here;
    only pool names become first names) read as masculine, like the rest.
    """
    if first_name in FEMININE_FIRST_NAMES:
        return "feminine"
    if first_name in UNISEX_FIRST_NAMES:
        return "unisex"
    return "masculine"


_PLACEHOLDER_PET_NAMES: Final[frozenset[str]] = frozenset(
    {"none", "null", "unknown", "n/a", "na", "pet", "dog", "cat", "no name"}
)
_PET_NAME_RE: Final[re.Pattern[str]] = re.compile(r"[^\w\s-]|[\d_]")


@dataclass(frozen=True)
class ChosenName:
    """A persona's name and how well the pool it came from fits the pet.

    ``full`` is what the identity package shows; it includes the pet's own name as a
    nickname when one was woven in. ``fit`` (0–100) is the specificity of the pool
    (see :data:`FIT_BY_LEVEL`); ``pool`` and ``level`` say which pool was used.
    """

    first: str
    last: str
    full: str
    fit: int
    pool: str
    level: str
    nickname: str | None = None


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def origin_pool_for(origin: str) -> str | None:
    """The origin pool named by the first recognised country word in ``origin``."""
    words = re.split(r"[^a-z]+", origin.lower())
    for word in words:
        if word in ORIGIN_ALIASES:
            return ORIGIN_ALIASES[word]
    return None


def select_pool(species: str, breed: str, group: str, size: str, origin: str) -> tuple[str, str]:
    """Return ``(pool_id, level)`` of the most specific pool for these pet facts.

    The cascade is breed keyword → origin → group (species for non-dogs) → size (dogs
    only) → generic; see the module docstring for the table.
    """
    species_key = _normalise(species).replace(" ", "_")
    breed_key = _normalise(breed)
    for keywords, pool in BREED_POOLS:
        if any(keyword in breed_key for keyword in keywords):
            return pool, "breed"
    origin_pool = origin_pool_for(origin)
    if origin_pool is not None:
        return origin_pool, "origin"
    group_key = _normalise(group).replace(" ", "_").replace("-", "_")
    if species_key == "dog":
        if group_key in GROUP_POOLS:
            return GROUP_POOLS[group_key], "group"
        size_key = _normalise(size)
        return SIZE_POOLS.get(size_key, "friendly_dad"), "size"
    if species_key in SPECIES_POOLS:
        return SPECIES_POOLS[species_key], "group"
    return "generic", "generic"


def _clean_pet_name(pet_name: str | None) -> str | None:
    """Letters, spaces and hyphens only, title case, ≤ 24 characters; None if empty."""
    if pet_name is None:
        return None
    cleaned = " ".join(_PET_NAME_RE.sub(" ", pet_name).split())[:24].strip(" -")
    if not cleaned or cleaned.lower() in _PLACEHOLDER_PET_NAMES:
        return None
    return " ".join(part[:1].upper() + part[1:].lower() for part in cleaned.split())


def _surname(rng: random.Random, species: str, origin_pool: str | None, first: str) -> str:
    candidates: tuple[str, ...] = SURNAMES
    roll = rng.random()
    species_key = _normalise(species).replace(" ", "_")
    if roll < PUNNY_SURNAME_CHANCE and species_key in PUNNY_SURNAMES:
        candidates = PUNNY_SURNAMES[species_key]
    elif origin_pool in ORIGIN_SURNAMES and roll < PUNNY_SURNAME_CHANCE + ORIGIN_SURNAME_CHANCE:
        candidates = ORIGIN_SURNAMES[origin_pool]
    choices = [name for name in candidates if name != first] or list(SURNAMES)
    return rng.choice(choices)


def choose_name(
    species: str,
    breed: str,
    group: str,
    size: str,
    origin: str,
    seed: int,
    pet_name: str | None = None,
) -> ChosenName:
    """Choose a human name that suits the pet, deterministically for ``seed``.

    ``group``, ``size`` and ``origin`` are the breed table's values (for non-dogs the
    group is the species name). See the module docstring for the pool cascade and the
    pet-name rule.
    """
    rng = random.Random(f"name:{seed}")
    pool_id, level = select_pool(species, breed, group, size, origin)
    pool = FIRST_NAME_POOLS[pool_id]
    origin_pool = pool_id if pool_id in ORIGIN_SURNAMES else origin_pool_for(origin)

    nickname: str | None = None
    cleaned = _clean_pet_name(pet_name)
    if cleaned is not None and cleaned in ALL_FIRST_NAMES:
        first = cleaned
    else:
        candidates = list(pool)
        if cleaned is not None:
            same_initial = [name for name in pool if name[0] == cleaned[0]]
            candidates = same_initial or candidates
            nickname = cleaned
        first = rng.choice(candidates)
        if nickname is not None and nickname == first:
            nickname = None

    last = _surname(rng, species, origin_pool, first)
    full = f"{first} '{nickname}' {last}" if nickname else f"{first} {last}"
    return ChosenName(
        first=first,
        last=last,
        full=full,
        fit=FIT_BY_LEVEL[level],
        pool=pool_id,
        level=level,
        nickname=nickname,
    )
