"""The interaction model files, and the ASK CLI skill package built from them.

`interaction_models/` holds one model per locale plus `skill.json` (the manifest, with a
placeholder endpoint and placeholder privacy and terms links). `write_skill_package` writes the
layout `ask deploy` expects:

    <out_dir>/skill-package/skill.json
    <out_dir>/skill-package/interactionModels/custom/<locale>.json
    <out_dir>/skill-package/assets/images/smallIcon.png   (108x108, from skill.icons)
    <out_dir>/skill-package/assets/images/largeIcon.png   (512x512)

after checking everything with `skill.alexa.model_check`, so a broken model never leaves here.
Given the app's public URL, the manifest's privacy policy and terms links point at the pages the
app serves itself (`/privacy`, `/terms`, see skill/web/legal.py).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import urlsplit

from .alexa.model_check import check_manifest, check_model
from .icons import LARGE, SMALL, icon_png

MODELS_DIR = Path(__file__).resolve().parents[1] / "interaction_models"
# ASK CLI v2 uploads files under skill-package/assets/ that the manifest names as file://assets/...
ICONS = {"smallIconUri": ("smallIcon.png", SMALL), "largeIconUri": ("largeIcon.png", LARGE)}
ICON_DIR = Path("assets") / "images"


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


def with_icons(manifest: dict) -> dict:
    """A copy of `manifest` whose every locale names the package's own icons
    (`file://assets/images/smallIcon.png` and `largeIcon.png`)."""
    result = copy.deepcopy(manifest)
    for info in ((result["manifest"].get("publishingInformation") or {}).get("locales") or {}).values():
        for field, (name, _) in ICONS.items():
            info[field] = f"file://{ICON_DIR.as_posix()}/{name}"
    return result


def with_public_pages(manifest: dict, public_url: str) -> dict:
    """A copy of `manifest` whose every locale's privacy policy and terms of use links are the
    app's own pages: `<public_url>/privacy` and `<public_url>/terms`."""
    result = copy.deepcopy(manifest)
    body = result["manifest"]
    base = public_url.rstrip("/")
    compliance = body.setdefault("privacyAndCompliance", {}).setdefault("locales", {})
    for locale in (body.get("publishingInformation") or {}).get("locales") or {}:
        entry = compliance.setdefault(locale, {})
        entry["privacyPolicyUrl"] = f"{base}/privacy"
        entry["termsOfUseUrl"] = f"{base}/terms"
    return result


def public_url_problem(public_url: str) -> str | None:
    """Why `public_url` cannot carry the privacy and terms links, or None when it can."""
    parts = urlsplit(public_url)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return f"public URL {public_url!r} must be an https:// URL (the app's public base URL)"
    return None


def write_skill_package(out_dir: Path, endpoint_uri: str, *, models_dir: Path | None = None,
                        public_url: str | None = None) -> list[Path]:
    """Write the ASK CLI `skill-package/` under `out_dir`; returns the files written.

    The manifest names the two icons written beside it. With `public_url` (the app's public
    base URL, CLOSER_PUBLIC_URL), every locale's privacyPolicyUrl and termsOfUseUrl become
    `<public_url>/privacy` and `<public_url>/terms`; without it the manifest's placeholders stay.

    Raises SkillPackageError (listing every problem) before writing anything if a model or the
    manifest is invalid, the endpoint is neither an https:// URL nor a Lambda ARN, or the public
    URL is not an https:// URL.
    """
    models = load_models(models_dir)
    if not models:
        raise SkillPackageError([f"no interaction models in {models_dir or MODELS_DIR}"])
    problems: list[str] = []
    if not (endpoint_uri.startswith("https://") or endpoint_uri.startswith("arn:aws:lambda:")):
        problems.append(f"endpoint {endpoint_uri!r} must be an https:// URL or a Lambda ARN")
    bad_url = public_url_problem(public_url) if public_url is not None else None
    if bad_url:
        problems.append(bad_url)
    for locale, model in models.items():
        problems += [f"{locale}: {p}" for p in check_model(model)]
    manifest = with_icons(with_endpoint(load_manifest(models_dir), endpoint_uri))
    if public_url is not None and not bad_url:
        manifest = with_public_pages(manifest, public_url)
    problems += [f"skill.json: {p}" for p in check_manifest(manifest, models=models)]
    if problems:
        raise SkillPackageError(problems)
    root = Path(out_dir) / "skill-package"
    written = [_write_json(root / "skill.json", manifest)]
    for locale, model in models.items():
        written.append(_write_json(root / "interactionModels" / "custom" / f"{locale}.json", model))
    for name, size in ICONS.values():
        path = root / ICON_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(icon_png(size))
        written.append(path)
    return written


def _write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
