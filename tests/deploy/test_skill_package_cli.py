"""`closer skill-package`: the ASK CLI skill package for a deployed endpoint."""
from __future__ import annotations

import json

from skill.cli import main

ARN = "arn:aws:lambda:us-east-1:123456789012:function:closer-prod-alexa"


def test_writes_the_package_for_the_alexa_function_arn(tmp_path, capsys):
    assert main(["skill-package", "--endpoint", ARN, "-o", str(tmp_path)]) == 0

    manifest = json.loads((tmp_path / "skill-package" / "skill.json").read_text())
    endpoint = manifest["manifest"]["apis"]["custom"]["endpoint"]
    assert endpoint == {"uri": ARN}  # a Lambda endpoint carries no certificate type
    models = sorted(p.name for p in (tmp_path / "skill-package" / "interactionModels" / "custom").iterdir())
    assert "en-US.json" in models
    assert str(tmp_path / "skill-package") in capsys.readouterr().out


def test_defaults_to_the_public_url(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOSER_PUBLIC_URL", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/")

    assert main(["skill-package", "-o", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "skill-package" / "skill.json").read_text())
    endpoint = manifest["manifest"]["apis"]["custom"]["endpoint"]
    assert endpoint["uri"] == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/alexa"
    assert endpoint["sslCertificateType"] == "Wildcard"


def test_without_an_endpoint_it_says_what_to_give(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CLOSER_PUBLIC_URL", raising=False)

    assert main(["skill-package", "-o", str(tmp_path)]) == 2
    assert "--endpoint" in capsys.readouterr().err
    assert not (tmp_path / "skill-package").exists()


def test_a_plain_http_endpoint_is_refused_and_nothing_is_written(tmp_path, capsys):
    assert main(["skill-package", "--endpoint", "http://example.com/alexa", "-o", str(tmp_path)]) == 2
    assert "https://" in capsys.readouterr().err
    assert not (tmp_path / "skill-package").exists()


def test_needs_no_app_and_so_no_redis(tmp_path, monkeypatch):
    """Packaging the skill must work without a usable store: building the app would fail on
    this REDIS_URL, so the command must not build one."""
    monkeypatch.setenv("REDIS_URL", "invalid://no-such-scheme")
    monkeypatch.chdir(tmp_path)

    assert main(["skill-package", "--endpoint", ARN]) == 0
    assert (tmp_path / "skill-package" / "skill.json").exists()
