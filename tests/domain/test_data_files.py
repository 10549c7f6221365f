"""Every data file of the domain loads, and an inconsistent entry in any of them is rejected.

Each test loads the real file, breaks one entry the way a hand edit could, and
checks that the loader's validation refuses it with a message naming the problem.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from importlib import resources
from typing import Any

import pytest

from petavatar.domain import careers as career_module
from petavatar.domain.breeds import (
    BreedMapping,
    breed_mapping,
    index_breeds,
    known_breeds,
    parse_profiles,
)
from petavatar.domain.careers import CareerCatalog, career_affinity, careers
from petavatar.domain.data import read_csv, read_toml
from petavatar.domain.dimensions import PhraseTable, dimension_phrases
from petavatar.domain.naming import NamingTables, naming_tables
from petavatar.domain.personality import PersonalityTables, personality_tables
from petavatar.domain.similarity import SimilarityTables, similarity_tables
from petavatar.domain.writing import WritingTables, writing_tables

#: Each data file and the loader that reads it (the test below keeps this list complete).
LOADERS: dict[tuple[str, str], Any] = {
    ("petavatar.domain.data", "careers.toml"): careers,
    ("petavatar.domain.data", "career_affinity.toml"): career_affinity,
    ("petavatar.domain.data", "dimensions.toml"): dimension_phrases,
    ("petavatar.domain.data", "writing.toml"): writing_tables,
    ("petavatar.domain.data", "naming.toml"): naming_tables,
    ("petavatar.domain.data", "breeds.csv"): known_breeds,
    ("petavatar.domain.data", "breed_mapping.toml"): breed_mapping,
    ("petavatar.domain.data", "personality.toml"): personality_tables,
    ("petavatar.domain.data", "similarity.toml"): similarity_tables,
    ("petavatar.domain.data", "career_calibration.json"): career_module._stored_calibration,
}


def _data_files(package: str) -> set[str]:
    return {
        entry.name
        for entry in resources.files(package).iterdir()
        if entry.name.endswith((".toml", ".csv", ".json"))
    }


def test_every_data_file_has_a_loader() -> None:
    assert _data_files("petavatar.domain.data") == {name for _, name in LOADERS}


@pytest.mark.parametrize("key", list(LOADERS), ids=lambda key: key[1])
def test_every_data_file_loads(key: tuple[str, str]) -> None:
    assert LOADERS[key]()


# ---- careers.toml ------------------------------------------------------------------------


def _careers_with(change: dict[str, Any], index: int = 0) -> dict[str, Any]:
    data = copy.deepcopy(read_toml("careers.toml"))
    data["career"][index].update(change)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"attire_style": "tuxedo"}, "attire_style"),
        ({"background_setting": "moon_base"}, "background_setting"),
        ({"seniority": "intern"}, "seniority"),
        ({"career_id": "Not A Slug"}, "career_id"),
        ({"signature": {"confidence": 0.5, "focus": 0.5, "patience": 0.5, "typo": 0.5}}, "typo"),
        (
            {"signature": {"confidence": 0.5, "focus": 0.5, "patience": 0.5, "calmness": 0}},
            "weight",
        ),
        ({"signature": {"confidence": 0.5, "focus": 0.5}}, "signature"),
        ({"skills": ["Only", "Five", "Skills", "Are", "Listed"]}, "skills"),
        ({"past_roles": ["One"]}, "past_roles"),
        ({"species_affinity": {"cat": 0.5}}, "species_affinity"),
        ({"species_affinity": {"unicorn": 0.05}}, "unicorn"),
        ({"salary": 100}, "salary"),
    ],
)
def test_an_inconsistent_career_is_rejected(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CareerCatalog.model_validate(_careers_with(change))


def test_repeated_career_ids_and_titles_are_rejected() -> None:
    first = read_toml("careers.toml")["career"][0]
    with pytest.raises(ValueError, match="career_id must be unique"):
        CareerCatalog.model_validate(_careers_with({"career_id": first["career_id"]}, index=1))
    with pytest.raises(ValueError, match="job_title must be unique"):
        CareerCatalog.model_validate(_careers_with({"job_title": first["job_title"]}, index=1))


def test_a_new_career_needs_only_a_toml_table() -> None:
    data = copy.deepcopy(read_toml("careers.toml"))
    data["career"].append(
        {
            "career_id": "chief-nap-officer",
            "job_title": "Chief Nap Officer",
            "seniority": "executive",
            "industry": "wellbeing",
            "field": "people",
            "work_style": "horizontal strategist",
            "attire_style": "business_casual",
            "background_setting": "open_office",
            "skills": ["Rest", "Recovery", "Pillows", "Blankets", "Quiet", "Dreams"],
            "past_roles": ["Nap Associate", "Nap Manager"],
            "future_roles": ["Nap Emeritus", "Sleep Board Chair"],
            "signature": {
                "naps_at_desk": 1.0,
                "calmness": 0.5,
                "energy_level": -0.5,
                "focus": -0.2,
            },
        }
    )
    catalog = CareerCatalog.model_validate(data).career
    assert catalog[-1].career_id == "chief-nap-officer"
    assert len(catalog) == len(careers()) + 1


# ---- dimensions.toml ----------------------------------------------------------------------


def test_phrases_must_cover_every_dimension() -> None:
    data = copy.deepcopy(read_toml("dimensions.toml"))
    del data["naps_at_desk"]
    with pytest.raises(ValueError, match="naps_at_desk"):
        PhraseTable.model_validate(data)
    data = copy.deepcopy(read_toml("dimensions.toml"))
    data["charisma"] = {"high": "dazzling", "low": "plain"}
    with pytest.raises(ValueError, match="charisma"):
        PhraseTable.model_validate(data)
    data = copy.deepcopy(read_toml("dimensions.toml"))
    del data["focus"]["low"]
    with pytest.raises(ValueError, match="low"):
        PhraseTable.model_validate(data)


# ---- writing.toml -------------------------------------------------------------------------


def test_a_bio_template_with_an_unknown_field_is_rejected() -> None:
    data = copy.deepcopy(read_toml("writing.toml"))
    data["bio_templates"]["openings"].append("{name} loves {favourite_snack}.")
    with pytest.raises(ValueError, match="favourite_snack"):
        WritingTables.model_validate(data)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("low_habits", "micromanages"),
        ("dimension_skills", "focus"),
        ("parallels", "confidence"),
        ("achievements", "leadership"),
        ("office_stats", "naps_at_desk"),
        ("seniority_adjectives", "senior"),
    ],
)
def test_a_writing_table_missing_an_entry_is_rejected(table: str, key: str) -> None:
    data = copy.deepcopy(read_toml("writing.toml"))
    del data[table][key]
    with pytest.raises(ValueError, match=key):
        WritingTables.model_validate(data)


def test_a_parallel_needs_both_halves() -> None:
    data = copy.deepcopy(read_toml("writing.toml"))
    del data["parallels"]["focus"]["human"]
    with pytest.raises(ValueError, match="human"):
        WritingTables.model_validate(data)


# ---- naming.toml --------------------------------------------------------------------------


def test_a_rule_pointing_at_a_missing_pool_is_rejected() -> None:
    data = copy.deepcopy(read_toml("naming.toml"))
    data["group_pools"]["terrier"] = "scrapy"
    with pytest.raises(ValueError, match="scrapy"):
        NamingTables.model_validate(data)


def test_a_feminine_name_outside_the_pools_is_rejected() -> None:
    data = copy.deepcopy(read_toml("naming.toml"))
    data["feminine_first_names"].append("Zelda")
    with pytest.raises(ValueError, match="Zelda"):
        NamingTables.model_validate(data)


def test_a_name_with_a_space_is_rejected() -> None:
    data = copy.deepcopy(read_toml("naming.toml"))
    data["first_names"]["regal"].append("Mary Ann")
    with pytest.raises(ValueError):
        NamingTables.model_validate(data)


# ---- personality.toml and similarity.toml -------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["expression_shifts"]["sleepy"].update(naps_at_desk=20), "naps_at_desk"),
        (lambda d: d["posture_shifts"]["lounging"].update(snoring=5), "snoring"),
        (lambda d: d["expression_shifts"].pop("serene"), "serene"),
        (lambda d: d["vibe"][0]["signals"].append("charisma"), "charisma"),
        (lambda d: d["vibe"].append(dict(d["vibe"][0])), "unique"),
    ],
)
def test_an_inconsistent_personality_table_is_rejected(edit: Any, message: str) -> None:
    data = copy.deepcopy(read_toml("personality.toml"))
    edit(data)
    with pytest.raises(ValueError, match=message):
        PersonalityTables.model_validate(data)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["attire_formality"].pop("suit"), "suit"),
        (lambda d: d["attire_formality"].update(suit=120), "attire_formality"),
        (lambda d: d["attire_register"].update(suit="grumpy"), "grumpy"),
        (lambda d: d["register_words"]["mellow"].append("calm"), "calm"),
        (lambda d: d["register_words"]["mellow"].append("laid-back"), "register_words"),
    ],
)
def test_an_inconsistent_similarity_table_is_rejected(edit: Any, message: str) -> None:
    data = copy.deepcopy(read_toml("similarity.toml"))
    edit(data)
    with pytest.raises(ValueError, match=message):
        SimilarityTables.model_validate(data)


# ---- breeds.csv and breed_mapping.toml ------------------------------------------------------


def _breed_rows() -> list[dict[str, str]]:
    return [dict(row) for row in read_csv("breeds.csv")]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("energy", "6", "energy"),
        ("species", "dragon", "species"),
        ("group", "cat", "group"),
        ("size", "enormous", "size"),
        ("temperament", "calm; kind", "temperament"),
        ("aliases", "chi; CHIHUAHUAS", "lower-case"),
    ],
)
def test_an_inconsistent_breed_row_is_rejected(column: str, value: str, message: str) -> None:
    rows = _breed_rows()
    rows[0][column] = value
    with pytest.raises(ValueError, match=message):
        parse_profiles(rows)


def test_breed_columns_must_be_the_named_facts() -> None:
    rows = [
        {("drive" if key == "prey_drive" else key): v for key, v in r.items()}
        for r in _breed_rows()
    ]
    with pytest.raises(ValueError, match="columns"):
        parse_profiles(rows)


def test_an_alias_naming_two_breeds_of_one_species_is_rejected() -> None:
    rows = _breed_rows()
    rows[1]["aliases"] += "; chi"
    with pytest.raises(ValueError, match="names both"):
        index_breeds(parse_profiles(rows), breed_mapping())


def test_a_default_breed_must_be_a_profile_of_its_species() -> None:
    data = copy.deepcopy(read_toml("breed_mapping.toml"))
    data["default_breeds"]["cat"] = "Beagle"
    with pytest.raises(ValueError, match="Beagle"):
        index_breeds(known_breeds(), BreedMapping.model_validate(data))


@pytest.mark.parametrize(
    ("section", "key", "change", "message"),
    [
        ("fact_weights", "focus", {"focus": {"charm": 0.5}}, "charm"),
        ("species_adjustments", "cat", {"cat": {"charisma": 5}}, "charisma"),
        ("group_adjustments", "toy", None, "toy"),
        ("size_adjustments", "giant", None, "giant"),
    ],
)
def test_an_inconsistent_breed_mapping_is_rejected(
    section: str, key: str, change: dict[str, Any] | None, message: str
) -> None:
    data = copy.deepcopy(read_toml("breed_mapping.toml"))
    if change is None:
        del data[section][key]
    else:
        data[section].update(change)
    with pytest.raises(ValueError, match=message):
        BreedMapping.model_validate(data)


DOMAIN_MODULES = (
    "petavatar.domain.breeds", "petavatar.domain.careers", "petavatar.domain.dimensions",
    "petavatar.domain.identity", "petavatar.domain.models", "petavatar.domain.naming",
    "petavatar.domain.personality", "petavatar.domain.similarity", "petavatar.domain.writing",
)  # fmt: skip

_IMPORT_PROBE = """
import importlib, sys
from petavatar.domain import data
opened = []
original = data._text
data._text = lambda name, package: opened.append(name) or original(name, package)
for module in sys.argv[1].split(","):
    importlib.import_module(module)
assert opened == [], f"read at import: {opened}"
outside = ("petavatar.providers", "petavatar.adapters")
leaked = sorted(m for m in sys.modules if m.startswith(outside))
assert not leaked or sys.argv[2] == "any", f"the domain imports {leaked}"
from petavatar.domain.careers import careers
careers()
assert opened == ["careers.toml"], opened
"""


def _probe(modules: tuple[str, ...], allowed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, ",".join(modules), allowed],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_domain_imports_no_provider_and_reads_nothing_at_import() -> None:
    result = _probe(DOMAIN_MODULES, "domain")
    assert result.returncode == 0, result.stderr


def test_importing_the_offline_provider_reads_no_data_file() -> None:
    modules = (
        "petavatar.providers.local.taxonomy",
        "petavatar.providers.local.provider",
        "petavatar.rendering.report_card",
    )
    result = _probe(modules, "any")
    assert result.returncode == 0, result.stderr
