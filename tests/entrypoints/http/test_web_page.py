"""The web page at ``/``: served offline-safe, with the hints the API accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from petavatar.domain.models import SPECIES
from petavatar.entrypoints.http.routers.web import MEDIA_TYPES, static_bytes
from tests.support.stack import Env, make_env


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return make_env(tmp_path)


def test_page_is_served_at_the_root_with_a_strict_policy(env: Env) -> None:
    response = env.client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "media"), [("app.js", "text/javascript"), ("app.css", "text/css")]
)
def test_script_and_styles_are_served(env: Env, name: str, media: str) -> None:
    response = env.client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.content == static_bytes(name)


@pytest.mark.parametrize("name", ["index.html", "nope.js", "..%2Fapp.py", "%2e%2e"])
def test_unknown_static_files_are_404_in_the_api_error_shape(env: Env, name: str) -> None:
    response = env.client.get(f"/static/{name}")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "message"}


def test_the_page_loads_nothing_from_elsewhere() -> None:
    for name in MEDIA_TYPES:
        text = static_bytes(name).decode()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), name
        assert not re.search(r"""url\(\s*["']?(https?:)?//|@import""", text), name


def test_species_choices_are_the_api_species() -> None:
    html = static_bytes("index.html").decode()
    select = html[html.index('<select id="species">') : html.index("</select>")]
    values = re.findall(r'<option value="([^"]*)"', select)
    assert values == ["", *SPECIES]


def test_page_is_not_part_of_the_api_schema(env: Env) -> None:
    paths = env.client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)
