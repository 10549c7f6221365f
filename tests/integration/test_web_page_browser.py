"""The web page in headless Chromium against a real ``petavatar serve`` and the offline pipeline.

Debian's ``chromium`` is driven by Playwright (``executable_path``; Playwright's
own browser download is never used). The test pastes a key, uploads a fixture
dog photo, waits for the persona and checks what is shown, checks that a bad
key and a non-image are explained in words, and saves desktop and phone
screenshots under the test's temporary directory.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SHARED_PETS
from tests.support.serve import free_port, serve

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PERSONA_TIMEOUT_MS = 180_000


def _chromium() -> str | None:
    found = next((p for p in CHROMIUM_CANDIDATES if os.access(p, os.X_OK)), None)
    return found or shutil.which("chromium")


CHROMIUM = _chromium()

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium not found at /usr/bin/chromium or on PATH (apt-get install chromium)",
    ),
    pytest.mark.skipif(not SHARED_PETS.exists(), reason="shared fixtures not present"),
]


def _a_dog() -> Path:
    with (SHARED_PETS / "manifest.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            if row["species"] == "dog":
                return SHARED_PETS / row["file"]
    raise AssertionError("the fixture manifest lists no dog")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, model_cache_dir: Path
) -> Iterator[dict[str, str]]:
    """A real ``petavatar serve`` (1 worker, offline pipeline) and an API key for it."""
    port = free_port()
    # the page may also be served from another origin than the API (see the CORS test)
    cors = {"PETAVATAR_CORS_ORIGINS": f'["http://localhost:{port}"]'}
    data_dir = tmp_path_factory.mktemp("serve-data")
    with serve(data_dir, model_cache_dir, env=cors, port=port) as served:
        yield {"base": served.base, "key": served.key, "other_origin": f"http://localhost:{port}"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, base: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/")
    return page


def _paste_key(page: Any, key: str, api: str | None = None) -> None:
    if page.locator("#key-saved").is_visible():
        page.click("#change-key")
    page.fill("#api-key", key)
    if api is not None:
        page.click("#api-settings summary")
        page.fill("#api-base", api)
    page.click("#save-key")


def _error_text(page: Any) -> str:
    page.wait_for_selector("#error:not([hidden])")
    text: str = page.inner_text("#error")
    return text


def _make_persona(page: Any, photo: Path) -> None:
    page.set_input_files("#photo", str(photo))
    page.select_option("#species", "dog")
    page.fill("#pet-name", "Biscuit")
    page.click("#submit")
    page.wait_for_selector(
        "#result:not([hidden]), #error:not([hidden])", timeout=PERSONA_TIMEOUT_MS
    )
    assert page.locator("#error").is_hidden(), page.inner_text("#error")
    page.wait_for_function(
        "() => { const a = document.getElementById('avatar');"
        " const c = document.getElementById('report-card');"
        " return a.complete && a.naturalWidth > 0 && c.complete && c.naturalWidth > 0; }"
    )


def _check_persona(page: Any) -> None:
    assert page.locator("#error").is_hidden()
    assert page.inner_text("#human-name").strip()
    assert page.inner_text("#job-title").strip()
    assert len(page.locator("#bio p").all_inner_texts()) == 3
    skills = page.locator("#skills li").all_inner_texts()
    assert 5 <= len(skills) <= 10 and all(s.strip() for s in skills)
    score = page.inner_text("#score")
    assert score.endswith("%") and 0 <= int(score[:-1]) <= 100
    for part in ("past", "present", "future"):
        assert page.inner_text(f"#trajectory-{part}").strip()
    assert "Biscuit" in page.inner_text("#pet-line")
    assert page.eval_on_selector("#avatar", "img => img.naturalWidth") >= 1024
    assert page.eval_on_selector("#report-card", "img => img.naturalWidth") == 1600
    for link in ("#download-avatar", "#download-card", "#download-og", "#download-json"):
        assert page.get_attribute(link, "href")
    og = httpx.get(page.get_attribute("#download-og", "href"), timeout=10)
    assert og.status_code == 200 and og.content.startswith(b"\x89PNG")


def test_bad_key_then_a_persona_on_desktop(
    browser: Any, server: dict[str, str], tmp_path: Path
) -> None:
    page = _open(browser, server["base"], viewport={"width": 1280, "height": 900})
    assert page.title().startswith("PetAvatar")
    _paste_key(page, "pa_not-a-real-key")
    page.set_input_files("#photo", str(_a_dog()))
    page.click("#submit")
    message = _error_text(page)
    assert "API key was not accepted" in message
    assert page.locator("#key-form").is_visible()  # asked for a key again

    _paste_key(page, server["key"])
    _make_persona(page, _a_dog())
    _check_persona(page)
    shot = tmp_path / "web-desktop.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"desktop screenshot: {shot}")


def test_a_non_image_is_refused_in_words(
    browser: Any, server: dict[str, str], tmp_path: Path
) -> None:
    page = _open(browser, server["base"])
    _paste_key(page, server["key"])
    fake = tmp_path / "holiday.jpg"
    fake.write_text("these are my holiday notes, not a photo\n")
    page.set_input_files("#photo", str(fake))
    page.click("#submit")
    assert "not a JPEG, PNG or HEIC image" in _error_text(page)
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text\n")
    page.set_input_files("#photo", str(notes))
    page.click("#submit")
    page.wait_for_function(
        "() => document.getElementById('error').textContent.includes('not allowed')"
    )
    assert page.locator("#result").is_hidden()


def test_a_persona_on_a_phone_sized_screen(
    browser: Any, server: dict[str, str], tmp_path: Path
) -> None:
    page = _open(
        browser,
        server["base"],
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    _paste_key(page, server["key"])
    _make_persona(page, _a_dog())
    _check_persona(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    box = page.locator("#avatar").bounding_box()
    assert box is not None and box["width"] <= 390
    shot = tmp_path / "web-phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"phone screenshot: {shot}")


def test_the_page_works_with_an_api_on_another_origin(browser: Any, server: dict[str, str]) -> None:
    page = _open(browser, server["other_origin"])
    assert page.evaluate("() => window.location.origin") != server["base"]
    _paste_key(page, server["key"], api=server["base"])
    assert page.inner_text("#api-hint") == server["base"]
    _make_persona(page, _a_dog())
    _check_persona(page)
    assert page.get_attribute("#avatar", "src").startswith(server["base"])
