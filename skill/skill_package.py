"""The interaction model files, and the ASK CLI skill package built from them.

`interaction_models/` holds one model per locale plus `skill.json` (the manifest, with a
placeholder endpoint). `write_skill_package` writes the layout `ask deploy` expects:

    <out_dir>/skill-package/skill.json
    <out_dir>/skill-package/interactionModels/custom/<locale>.json

after checking everything with `skill.alexa.model_check`, so a broken model never leaves here.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from .alexa.model_check import check_manifest, check_model

MODELS_DIR = Path(__file__).resolve().parents[1] / "interaction_models"


class SkillPackageError(ValueError):
    """The models or manifest have problems; `problems` lists every one of them."""

    def __init__(self, problems: list[str]):
        super().__init__("skill package is not valid:\n  - " + "\n  - ".join(problems))
        self.problems = problems


def load_model(locale: str, models_dir: Path | None = None) -> dict:
    """The interaction model file for `locale` (e.g. "en-US")."""
    return json.loads(((models_dir or MODELS_DIR) / f"{locale}.json").read_text(encoding="utf-8"))


def load_models(models_dir: Path | None = None) -> dict[str, dict]:
    """Every locale model in `models_dir`, by locale (files named like `en-US.json`)."""
    folder = models_dir or MODELS_DIR
    return {p.stem: load_model(p.stem, folder) for p in sorted(folder.glob("??-??.json"))}


def load_manifest(models_dir: Path | None = None) -> dict:
    """The skill manifest (`skill.json`) beside the models."""
    return json.loads(((models_dir or MODELS_DIR) / "skill.json").read_text(encoding="utf-8"))


def with_endpoint(manifest: dict, endpoint_uri: str) -> dict:
    """A copy of `manifest` whose skill and event endpoints are `endpoint_uri`.

    HTTPS endpoints keep their sslCertificateType; a Lambda ARN must not have one.
    """
    result = copy.deepcopy(manifest)
    body = result["manifest"]
    for endpoint in (body["apis"]["custom"]["endpoint"], body.get("events", {}).get("endpoint")):
        if endpoint is None:
            continue
        endpoint["uri"] = endpoint_uri
        if endpoint_uri.startswith("arn:"):
            endpoint.pop("sslCertificateType", None)
        else:
            endpoint.setdefault("sslCertificateType", "Wildcard")
    return result


def write_skill_package(out_dir: Path, endpoint_uri: str, *, models_dir: Path | None = None) -> list[Path]:
    """Write the ASK CLI `skill-package/` under `out_dir`; returns the files written.

    Raises SkillPackageError (listing every problem) before writing anything if a model or the
    manifest is invalid, or the endpoint is neither an https:// URL nor a Lambda ARN.
    """
    models = load_models(models_dir)
    if not models:
        raise SkillPackageError([f"no interaction models in {models_dir or MODELS_DIR}"])
    problems: list[str] = []
    if not (endpoint_uri.startswith("https://") or endpoint_uri.startswith("arn:aws:lambda:")):
        problems.append(f"endpoint {endpoint_uri!r} must be an https:// URL or a Lambda ARN")
    for locale, model in models.items():
        problems += [f"{locale}: {p}" for p in check_model(model)]
    manifest = with_endpoint(load_manifest(models_dir), endpoint_uri)
    problems += [f"skill.json: {p}" for p in check_manifest(manifest, models=models)]
    if problems:
        raise SkillPackageError(problems)
    root = Path(out_dir) / "skill-package"
    written = [_write_json(root / "skill.json", manifest)]
    for locale, model in models.items():
        written.append(_write_json(root / "interactionModels" / "custom" / f"{locale}.json", model))
    return written


def _write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
