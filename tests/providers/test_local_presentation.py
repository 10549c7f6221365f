"""The offline provider's avatar agrees with the persona's name (no beard on a Philippa)."""

from __future__ import annotations

import pytest

from petavatar.domain.breeds import lookup_breed
from petavatar.domain.identity import persona_name
from petavatar.domain.models import AvatarImage, IdentityPackage, PetAnalysis, PetHints
from petavatar.domain.naming import ChosenName, name_presentation
from petavatar.providers.local.classifier import ImageClassifier
from petavatar.providers.local.provider import LocalProvider, photo_seed
from petavatar.rendering.decode import load_image
from tests.conftest import SHARED_PETS

pytestmark = pytest.mark.skipif(not SHARED_PETS.exists(), reason="shared fixtures not present")

#: Every pet photo in the shared fixtures (pet_23 and pet_24 are not pets).
PET_PHOTOS = [f"pet_{i:02d}.jpg" for i in range(1, 23)]


@pytest.fixture(scope="module")
def provider(classifier: ImageClassifier) -> LocalProvider:
    return LocalProvider(classifier=classifier)


def run_steps(
    provider: LocalProvider, photo: str, hints: PetHints | None = None
) -> tuple[PetAnalysis, AvatarImage, IdentityPackage]:
    """analyze → map_career → render_avatar → write_identity, as the pipeline does."""
    image = load_image((SHARED_PETS / photo).read_bytes())
    analysis = provider.analyze(image, hints or PetHints()).value
    career = provider.map_career(analysis).value
    avatar = provider.render_avatar(analysis, career).value
    identity = provider.write_identity(analysis, career).value
    return analysis, avatar, identity


def chosen_name(analysis: PetAnalysis) -> ChosenName:
    """The persona's name the way the identity step chooses it (breed table + photo seed)."""
    profile = lookup_breed(analysis.species, analysis.breed)
    return persona_name(
        analysis,
        group=profile.group,
        size=profile.size,
        origin=profile.origin,
        seed=photo_seed(analysis.photo_fingerprint),
    )


def assert_face_matches_name(
    analysis: PetAnalysis, avatar: AvatarImage, identity: IdentityPackage
) -> str:
    name = chosen_name(analysis)
    assert identity.human_name == name.full, "persona_name must be the identity's name"
    presentation = name_presentation(name.first)
    assert avatar.parameters["presentation"] == presentation
    if presentation == "feminine":
        assert avatar.parameters["facialHair"] == "none", (identity.human_name, avatar.prompt)
        assert "beard" not in avatar.prompt and "moustache" not in avatar.prompt
    if presentation != "masculine":
        assert avatar.parameters["facialHair"] != "beardMajestic"
    return presentation


@pytest.mark.parametrize("photo", PET_PHOTOS)
def test_avatar_face_agrees_with_the_persona_name(provider: LocalProvider, photo: str) -> None:
    if not (SHARED_PETS / photo).exists():
        pytest.skip(f"{photo} not in the shared fixtures")
    assert_face_matches_name(*run_steps(provider, photo))


@pytest.mark.parametrize("pet_name", ["Philippa", "Margaret", "Greta", "Natasha"])
def test_a_bearded_breed_with_a_feminine_name_is_clean_shaven(
    provider: LocalProvider, pet_name: str
) -> None:
    # A pet already called by a pool name keeps it as the persona's first name, so
    # this pins a feminine name onto the most bearded breed (the original bug).
    hints = PetHints(breed="Miniature Schnauzer", pet_name=pet_name)
    analysis, avatar, identity = run_steps(provider, "pet_01.jpg", hints)
    assert chosen_name(analysis).first == pet_name
    assert identity.human_name.startswith(f"{pet_name} ")
    assert assert_face_matches_name(analysis, avatar, identity) == "feminine"
    assert avatar.parameters["facialHair"] == "none"


def test_a_bearded_breed_with_a_masculine_name_may_keep_its_beard(
    provider: LocalProvider,
) -> None:
    hints = PetHints(breed="Miniature Schnauzer", pet_name="Klaus")
    analysis, avatar, identity = run_steps(provider, "pet_01.jpg", hints)
    assert assert_face_matches_name(analysis, avatar, identity) == "masculine"
    assert avatar.parameters["facialHair"] != "none"  # schnauzers are always bearded
