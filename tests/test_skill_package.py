"""write_skill_package: the ASK CLI layout, the endpoint filled in, the icons and the privacy and
terms links, and refusal of broken models."""
from __future__ import annotations

import json
import shutil
import struct
import zlib

import pytest

from skill.alexa.model_check import check_manifest, check_model
from skill.cli import main
from skill.icons import icon_png
from skill.skill_package import MODELS_DIR, SkillPackageError, load_manifest, load_models, write_skill_package

LOCALES = ["en-AU", "en-CA", "en-GB", "en-IN", "en-US"]
ICONS = ["assets/images/largeIcon.png", "assets/images/smallIcon.png"]


def test_writes_the_ask_cli_layout_with_the_endpoint(tmp_path):
    written = write_skill_package(tmp_path, "https://closer.example.org/alexa")
    root = tmp_path / "skill-package"
    expected = ([root / "skill.json"] + [root / "interactionModels" / "custom" / f"{loc}.json" for loc in LOCALES]
                + [root / icon for icon in ICONS])
    assert sorted(written) == sorted(expected)
    manifest = json.loads((root / "skill.json").read_text())
    body = manifest["manifest"]
    assert body["apis"]["custom"]["endpoint"] == {"uri": "https://closer.example.org/alexa",
                                                  "sslCertificateType": "Wildcard"}
    assert body["events"]["endpoint"]["uri"] == "https://closer.example.org/alexa"
    models = {loc: json.loads((root / "interactionModels" / "custom" / f"{loc}.json").read_text()) for loc in LOCALES}
    assert models == load_models()
    assert all(check_model(m) == [] for m in models.values())
    assert check_manifest(manifest, models=models) == []


def test_a_lambda_arn_endpoint_drops_the_certificate_type(tmp_path):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:closer-alexa"
    write_skill_package(tmp_path, arn)
    body = json.loads((tmp_path / "skill-package" / "skill.json").read_text())["manifest"]
    assert body["apis"]["custom"]["endpoint"] == {"uri": arn}
    assert body["events"]["endpoint"] == {"uri": arn}


def test_the_source_manifest_is_not_changed(tmp_path):
    before = (MODELS_DIR / "skill.json").read_text()
    write_skill_package(tmp_path, "https://elsewhere.example.org/alexa")
    assert (MODELS_DIR / "skill.json").read_text() == before


def test_rejects_a_plain_http_endpoint(tmp_path):
    with pytest.raises(SkillPackageError) as caught:
        write_skill_package(tmp_path, "http://closer.example.org/alexa")
    assert any("https:// URL or a Lambda ARN" in p for p in caught.value.problems)
    assert not (tmp_path / "skill-package").exists()


@pytest.fixture
def models_copy(tmp_path):
    folder = tmp_path / "models"
    shutil.copytree(MODELS_DIR, folder)
    return folder


def test_refuses_a_broken_model_and_writes_nothing(tmp_path, models_copy):
    path = models_copy / "en-GB.json"
    model = json.loads(path.read_text())
    model["interactionModel"]["languageModel"]["invocationName"] = "Closer"
    path.write_text(json.dumps(model))
    out = tmp_path / "out"
    with pytest.raises(SkillPackageError) as caught:
        write_skill_package(out, "https://closer.example.org/alexa", models_dir=models_copy)
    assert any(p.startswith("en-GB: invocation name") for p in caught.value.problems)
    assert "en-GB: invocation name" in str(caught.value)
    assert not out.exists()


def test_refuses_a_manifest_for_a_locale_without_a_model(tmp_path, models_copy):
    (models_copy / "en-IN.json").unlink()
    with pytest.raises(SkillPackageError) as caught:
        write_skill_package(tmp_path / "out", "https://closer.example.org/alexa", models_dir=models_copy)
    assert any("differ from model locales" in p for p in caught.value.problems)


def test_refuses_an_empty_models_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SkillPackageError, match="no interaction models"):
        write_skill_package(tmp_path / "out", "https://closer.example.org/alexa", models_dir=tmp_path / "empty")


# --- icons ---------------------------------------------------------------------------------------

def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, checking the signature, each length and each CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert len(body) == length, kind
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC on {kind!r}"
        chunks.append((kind, body))
        at += 12 + length
    assert at == len(data)
    return chunks


def png_image(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixel rows of an 8-bit RGB or RGBA PNG (filter type 0 rows only)."""
    chunks = png_chunks(data)
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, compression, filtering, interlace) == (8, 0, 0, 0)
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = 1 + width * channels
    assert len(raw) == height * stride
    rows = [raw[r * stride:(r + 1) * stride] for r in range(height)]
    assert all(row[0] == 0 for row in rows)  # what this writer promises: no scanline filters
    return width, height, [row[1:] for row in rows]


@pytest.mark.parametrize("size", [108, 512])
def test_the_icon_is_a_valid_png_of_the_size_asked(size):
    width, height, rows = png_image(icon_png(size))
    assert (width, height) == (size, size)
    assert len(rows) == size and all(len(row) == size * 3 for row in rows)


def test_the_icon_is_drawn_the_same_each_time_and_is_not_blank():
    first = icon_png(108)
    assert icon_png(108) == first
    _, _, rows = png_image(first)
    pixel = lambda x, y: tuple(rows[y][x * 3:x * 3 + 3])  # noqa: E731
    corner, left, right, middle = pixel(2, 2), pixel(30, 57), pixel(78, 50), pixel(54, 54)
    # Four different colours: background, each partner's circle, and where the two overlap.
    assert len({corner, left, right, middle}) == 4
    assert left[0] < corner[0] and right[2] < corner[2]  # darker than the background


@pytest.mark.parametrize("size", [0, -5, 108.0, True, 5000])
def test_the_icon_refuses_a_size_that_is_not_a_sane_pixel_count(size):
    with pytest.raises(ValueError):
        icon_png(size)


def test_the_package_holds_both_icons_and_the_manifest_points_at_them(tmp_path):
    write_skill_package(tmp_path, "https://closer.example.org/alexa")
    root = tmp_path / "skill-package"
    for name, size in (("smallIcon.png", 108), ("largeIcon.png", 512)):
        data = (root / "assets" / "images" / name).read_bytes()
        width, height, _ = png_image(data)
        assert (width, height) == (size, size)
    locales = json.loads((root / "skill.json").read_text())["manifest"]["publishingInformation"]["locales"]
    assert sorted(locales) == LOCALES
    for locale, info in locales.items():
        assert info["smallIconUri"] == "file://assets/images/smallIcon.png", locale
        assert info["largeIconUri"] == "file://assets/images/largeIcon.png", locale
        for field in ("smallIconUri", "largeIconUri"):
            assert (root / info[field].removeprefix("file://")).is_file()


# --- privacy policy and terms links -------------------------------------------------------------

def compliance_urls(out) -> dict[str, tuple[str, str]]:
    body = json.loads((out / "skill-package" / "skill.json").read_text())["manifest"]
    return {locale: (body["privacyAndCompliance"]["locales"][locale]["privacyPolicyUrl"],
                     body["privacyAndCompliance"]["locales"][locale]["termsOfUseUrl"])
            for locale in body["publishingInformation"]["locales"]}


def test_the_privacy_and_terms_links_are_the_apps_own_pages(tmp_path):
    write_skill_package(tmp_path, "https://closer.example.org/alexa", public_url="https://together.example.net/")
    urls = compliance_urls(tmp_path)
    assert sorted(urls) == LOCALES
    assert set(urls.values()) == {("https://together.example.net/privacy", "https://together.example.net/terms")}
    models = load_models()
    assert check_manifest(json.loads((tmp_path / "skill-package" / "skill.json").read_text()), models=models) == []


def test_without_a_public_url_the_placeholders_stay(tmp_path):
    write_skill_package(tmp_path, "https://closer.example.org/alexa")
    source = load_manifest()["manifest"]["privacyAndCompliance"]["locales"]
    urls = compliance_urls(tmp_path)
    assert urls == {loc: (source[loc]["privacyPolicyUrl"], source[loc]["termsOfUseUrl"]) for loc in LOCALES}


@pytest.mark.parametrize("url", ["http://together.example.net", "together.example.net", "https://", "ftp://x.example"])
def test_a_public_url_that_is_not_https_is_refused_and_nothing_is_written(tmp_path, url):
    with pytest.raises(SkillPackageError) as caught:
        write_skill_package(tmp_path, "https://closer.example.org/alexa", public_url=url)
    assert any(p.startswith("public URL") and "https://" in p for p in caught.value.problems)
    assert not (tmp_path / "skill-package").exists()


def test_a_bad_public_url_is_listed_with_the_other_problems(tmp_path):
    with pytest.raises(SkillPackageError) as caught:
        write_skill_package(tmp_path, "http://closer.example.org/alexa", public_url="http://together.example.net")
    problems = caught.value.problems
    assert any(p.startswith("endpoint 'http://closer.example.org/alexa'") for p in problems)
    assert any(p.startswith("public URL 'http://together.example.net'") for p in problems)
    assert not (tmp_path / "skill-package").exists()


def test_the_cli_sets_the_links_from_public_url(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLOSER_PUBLIC_URL", "https://from-the-environment.example")
    args = ["skill-package", "--endpoint", "https://closer.example.org/alexa", "-o", str(tmp_path)]
    assert main(args + ["--public-url", "https://together.example.net"]) == 0
    assert set(compliance_urls(tmp_path).values()) == {
        ("https://together.example.net/privacy", "https://together.example.net/terms")}
    out, err = capsys.readouterr()
    assert "https://together.example.net/privacy" in out
    assert "warning" not in err


def test_the_cli_takes_the_public_url_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLOSER_PUBLIC_URL", "https://from-the-environment.example/")
    assert main(["skill-package", "--endpoint", "https://closer.example.org/alexa", "-o", str(tmp_path)]) == 0
    assert set(compliance_urls(tmp_path).values()) == {
        ("https://from-the-environment.example/privacy", "https://from-the-environment.example/terms")}
    assert "warning" not in capsys.readouterr().err


def test_the_cli_warns_without_a_public_url_and_still_succeeds(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CLOSER_PUBLIC_URL", raising=False)
    assert main(["skill-package", "--endpoint", "https://closer.example.org/alexa", "-o", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    warning = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1
    assert "--public-url" in warning[0] and "privacy" in warning[0] and "ertification" in warning[0]
    assert (tmp_path / "skill-package" / "skill.json").exists()


def test_the_cli_refuses_a_plain_http_public_url(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CLOSER_PUBLIC_URL", raising=False)
    args = ["skill-package", "--endpoint", "https://closer.example.org/alexa", "-o", str(tmp_path),
            "--public-url", "http://together.example.net"]
    assert main(args) == 2
    assert "public URL 'http://together.example.net' must be an https:// URL" in capsys.readouterr().err
    assert not (tmp_path / "skill-package").exists()
