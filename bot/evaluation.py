"""Scoring the engine on evaluation cases (format: shared/eval/README.md).

Cases of a type the engine cannot answer yet are counted, and their metrics are null.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import mean

from embeddings.errors import NewsdeskError, QueryError

from .engine import Engine

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SHOWN = 3  # metrics look at the first three quotes an answer shows


def fold(text: str) -> str:
    """Case, typographic quotes and dashes, and white space folded, as the format says."""
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip().casefold()


def load_cases(path: Path) -> list[dict]:
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsdeskError(f"cannot read eval cases {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise NewsdeskError(f"{path}:{number} is not valid JSON ({exc.msg})") from None
        if not isinstance(case, dict) or "type" not in case or "id" not in case:
            raise NewsdeskError(f"{path}:{number} needs an 'id' and a 'type'")
        cases.append(case)
    return cases


def _ask_case(engine: Engine, case: dict) -> dict:
    try:
        answer = engine.ask(case["question"])
    except QueryError as exc:
        return {"id": case["id"], "type": "ask", "error": str(exc), "abstained": True}
    shown = answer.quotes[:SHOWN]
    text = fold(" ".join(q.text for q in shown))
    result = {
        "id": case["id"],
        "type": "ask",
        "abstained": answer.abstained,
        "abstain_ok": answer.abstained == bool(case.get("expect_abstain")),
        "sources": [q.source for q in shown],
        "quotes": [q.text for q in shown],
    }
    if not case.get("expect_abstain"):
        result["source_hit"] = any(q.source in case.get("expect_sources", []) for q in shown)
        result["quote_hit"] = any(fold(s) in text for s in case.get("expect_text_any", []))
        result["quote_words"] = sum(len(q.text.split()) for q in shown)
    return result


def _share(results: list[dict], key: str) -> float | None:
    values = [r[key] for r in results if key in r]
    return round(mean(values), 4) if values else None


def evaluate(engine: Engine, cases: list[dict]) -> dict:
    asks = [_ask_case(engine, c) for c in cases if c["type"] == "ask"]
    words = [r["quote_words"] for r in asks if "quote_words" in r]
    metrics = {
        "ask.source_hit": _share(asks, "source_hit"),
        "ask.quote_hit": _share(asks, "quote_hit"),
        "ask.abstain_accuracy": _share(asks, "abstain_ok"),
        "ask.quote_words": round(mean(words), 1) if words else None,
        "factcheck.verdict_accuracy": None,
        "factcheck.evidence_hit": None,
        "timeline.event_recall": None,
        "timeline.order_accuracy": None,
    }
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["type"]] = counts.get(case["type"], 0) + 1
    return {"metrics": metrics, "counts": counts, "cases": asks}
