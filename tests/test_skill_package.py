"""write_skill_package: the ASK CLI layout, the endpoint filled in, and refusal of broken models."""
from __future__ import annotations

import json
import shutil

import pytest

from skill.alexa.model_check import check_manifest, check_model
from skill.skill_package import MODELS_DIR, SkillPackageError, load_models, write_skill_package

LOCALES = ["en-AU", "en-CA", "en-GB", "en-IN", "en-US"]


def test_writes_the_ask_cli_layout_with_the_endpoint(tmp_path):
    written = write_skill_package(tmp_path, "https://closer.example.org/alexa")
    root = tmp_path / "skill-package"
    expected = [root / "skill.json"] + [root / "interactionModels" / "custom" / f"{loc}.json" for loc in LOCALES]
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
