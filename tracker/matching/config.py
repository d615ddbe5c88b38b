"""The matching configuration: one documented TOML file (`matching.toml` beside this module),
optionally overlaid by a user file named by `--config` or `RECTRACK_MATCHING_CONFIG`.

Everything that changes what the matcher proposes lives there: weights, the three thresholds,
the top k, and the text rules (framing and purpose patterns, stopwords, synonyms). Nothing here
touches the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

CONFIG_ENV = "RECTRACK_MATCHING_CONFIG"
DEFAULT_PATH = Path(__file__).with_name("matching.toml")
FORMAT = "rectrack-matching/1"
PART_NAMES = (
    "tfidf",
    "containment",
    "distinct",
    "tokens",
    "topics",
    "exclusivity",
    "lead",
    "affinity",
)

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "thresholds": {
        "floor": (int, float),
        "accept": (int, float),
        "auto_accept": (int, float),
        "auto_accept_gap": (int, float),
    },
    "proposals": {"top_k": int, "first_stage": int},
    "weights": dict.fromkeys(PART_NAMES, (int, float)),
    "scoring": {
        "common_share": (int, float),
        "common_min_df": int,
        "bigram_weight": (int, float),
        "purpose_weight": (int, float),
        "exclusivity_slope": (int, float),
        "lead_slope": (int, float),
        "affinity_level": (int, float),
    },
    "text": {"framing": list, "purpose": list, "extra_stopwords": list, "synonyms": list},
}


@dataclass(frozen=True)
class Thresholds:
    floor: float
    accept: float
    auto_accept: float
    auto_accept_gap: float


@dataclass(frozen=True)
class TextRules:
    framing: tuple[str, ...]
    extra_stopwords: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    purpose: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchingConfig:
    thresholds: Thresholds
    top_k: int
    first_stage: int
    weights: Mapping[str, float]
    common_share: float
    common_min_df: int
    bigram_weight: float
    exclusivity_slope: float
    text: TextRules
    sources: tuple[str, ...]
    purpose_weight: float = 1.0
    lead_slope: float = 2.5
    affinity_level: float = 0.4

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of every value: stored in each proposal's breakdown, so that a score
        can be traced to the configuration that produced it (computed once per config)."""
        payload = {
            "thresholds": vars(self.thresholds),
            "top_k": self.top_k,
            "first_stage": self.first_stage,
            "weights": dict(self.weights),
            "scoring": [
                self.common_share,
                self.common_min_df,
                self.bigram_weight,
                self.exclusivity_slope,
                self.purpose_weight,
                self.lead_slope,
                self.affinity_level,
            ],
            "text": [
                self.text.framing,
                self.text.purpose,
                self.text.extra_stopwords,
                self.text.synonyms,
            ],
        }
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:12]

    def with_top_k(self, top_k: int) -> MatchingConfig:
        if top_k < 1:
            raise ConfigError(f"top k must be at least 1, not {top_k}")
        return _replace(self, top_k=top_k, first_stage=max(self.first_stage, top_k))


def _replace(config: MatchingConfig, **changes: Any) -> MatchingConfig:
    values = {name: getattr(config, name) for name in config.__dataclass_fields__}
    values.update(changes)
    return MatchingConfig(**values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: matching configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _check(document: Mapping[str, Any], where: str) -> None:
    for key, value in document.items():
        if key == "format":
            if value != FORMAT:
                raise ConfigError(f"{where}: format must be {FORMAT!r}, not {value!r}")
            continue
        if key not in _SCHEMA:
            raise ConfigError(f"{where}: unknown table [{key}] (known: {', '.join(_SCHEMA)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: [{key}] must be a table")
        for name, item in value.items():
            expected = _SCHEMA[key].get(name)
            if expected is None:
                known = ", ".join(_SCHEMA[key])
                raise ConfigError(f"{where}: unknown key {key}.{name} (known: {known})")
            if isinstance(item, bool) or not isinstance(item, expected):
                raise ConfigError(f"{where}: {key}.{name} has the wrong type ({item!r})")


def _merge(base: dict[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def _strings(values: list[Any], where: str) -> tuple[str, ...]:
    if not all(isinstance(value, str) and value.strip() for value in values):
        raise ConfigError(f"{where}: every entry must be a non-empty string")
    return tuple(values)


def _build(document: Mapping[str, Any], sources: tuple[str, ...]) -> MatchingConfig:
    where = " + ".join(sources)
    t = document["thresholds"]
    thresholds = Thresholds(
        floor=float(t["floor"]),
        accept=float(t["accept"]),
        auto_accept=float(t["auto_accept"]),
        auto_accept_gap=float(t["auto_accept_gap"]),
    )
    if not 0.0 <= thresholds.floor <= thresholds.accept <= thresholds.auto_accept <= 1.0:
        raise ConfigError(
            f"{where}: thresholds must satisfy 0 <= floor <= accept <= auto_accept <= 1 "
            f"(got {thresholds.floor}, {thresholds.accept}, {thresholds.auto_accept})"
        )
    if not 0.0 <= thresholds.auto_accept_gap <= 1.0:
        raise ConfigError(f"{where}: thresholds.auto_accept_gap must be between 0 and 1")
    weights = {name: float(document["weights"][name]) for name in PART_NAMES}
    if any(value < 0 for value in weights.values()) or sum(weights.values()) <= 0:
        raise ConfigError(f"{where}: weights must be >= 0 and not all 0")
    p = document["proposals"]
    if p["top_k"] < 1 or p["first_stage"] < 1:
        raise ConfigError(f"{where}: proposals.top_k and proposals.first_stage must be >= 1")
    s = document["scoring"]
    if (
        not 0 < s["common_share"] <= 1
        or s["common_min_df"] < 1
        or s["bigram_weight"] < 0
        or not 0 <= s["purpose_weight"] <= 1
        or s["exclusivity_slope"] < 0
        or s["lead_slope"] < 0
        or not 0 <= s["affinity_level"] <= 1
    ):
        raise ConfigError(f"{where}: [scoring] values out of range")
    text = document["text"]
    framing = _strings(text["framing"], f"{where}: text.framing")
    purpose = _strings(text["purpose"], f"{where}: text.purpose")
    for name, patterns in (("framing", framing), ("purpose", purpose)):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{where}: text.{name} pattern {pattern!r}: {exc}") from None
    synonyms: list[tuple[str, ...]] = []
    for group in text["synonyms"]:
        if not isinstance(group, list) or len(group) < 2:
            raise ConfigError(f"{where}: text.synonyms: each group is a list of 2+ phrases")
        synonyms.append(_strings(group, f"{where}: text.synonyms"))
    return MatchingConfig(
        thresholds=thresholds,
        top_k=int(p["top_k"]),
        first_stage=max(int(p["first_stage"]), int(p["top_k"])),
        weights=weights,
        common_share=float(s["common_share"]),
        common_min_df=int(s["common_min_df"]),
        bigram_weight=float(s["bigram_weight"]),
        exclusivity_slope=float(s["exclusivity_slope"]),
        text=TextRules(
            framing=framing,
            extra_stopwords=_strings(text["extra_stopwords"], f"{where}: text.extra_stopwords"),
            synonyms=tuple(synonyms),
            purpose=purpose,
        ),
        sources=sources,
        purpose_weight=float(s["purpose_weight"]),
        lead_slope=float(s["lead_slope"]),
        affinity_level=float(s["affinity_level"]),
    )


def load_config(path: str | Path | None = None, *, use_env: bool = True) -> MatchingConfig:
    """The shipped defaults, overlaid by `path`, else by `$RECTRACK_MATCHING_CONFIG` if set."""
    document = _read_toml(DEFAULT_PATH)
    _check(document, str(DEFAULT_PATH))
    sources = [str(DEFAULT_PATH)]
    overlay_path: Path | None = Path(path) if path else None
    if overlay_path is None and use_env and os.environ.get(CONFIG_ENV, "").strip():
        overlay_path = Path(os.environ[CONFIG_ENV].strip())
    if overlay_path is not None:
        overlay = _read_toml(overlay_path)
        _check(overlay, str(overlay_path))
        document = _merge(document, overlay)
        sources.append(str(overlay_path))
    return _build(document, tuple(sources))


_DEFAULT: MatchingConfig | None = None


def default_config() -> MatchingConfig:
    """The shipped configuration alone (no user overlay), loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_config(use_env=False)
    return _DEFAULT
