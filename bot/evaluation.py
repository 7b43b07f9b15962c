"""Scoring the engine on evaluation cases (format: shared/eval/README.md): ask, factcheck
and timeline cases, with the metrics that README defines. A metric with no case is null.
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


def _event_found(expected: dict, events) -> int | None:
    """Index of the first event matching ``expected`` (source, text, agreeing date), or None."""
    wanted = [fold(t) for t in expected.get("text_any", [])]
    for index, event in enumerate(events):
        if event.quote.source != expected["source"]:
            continue
        if not any(w in fold(event.quote.text) for w in wanted):
            continue
        if expected.get("date") and not (event.date and event.date.agrees_with(expected["date"])):
            continue
        return index
    return None


def _factcheck_case(engine: Engine, case: dict) -> dict:
    try:
        check = engine.factcheck(case["claim"])
    except QueryError as exc:
        return {"id": case["id"], "type": "factcheck", "error": str(exc), "verdict_ok": False}
    sources = [e.quote.source for e in check.evidence]
    result = {
        "id": case["id"],
        "type": "factcheck",
        "verdict": check.verdict,
        "verdict_ok": check.verdict == case.get("expect_verdict"),
        "reason": check.reason,
        "sources": sources,
    }
    if case.get("expect_sources"):
        result["evidence_hit"] = any(s in case["expect_sources"] for s in sources)
    return result


def _timeline_case(engine: Engine, case: dict) -> dict:
    try:
        events = engine.timeline(case["topic"]).events
    except QueryError as exc:
        return {"id": case["id"], "type": "timeline", "error": str(exc), "found": []}
    positions = [_event_found(e, events) for e in case.get("expect_events", [])]
    result = {
        "id": case["id"],
        "type": "timeline",
        "found": [p is not None for p in positions],
        "events": [
            {
                "date": e.date.iso() if e.date else None,
                "source": e.quote.source,
                "text": e.quote.text,
            }
            for e in events
        ],
    }
    if case.get("expect_ordered"):
        found = [p for p in positions if p is not None]
        result["ordered"] = found == sorted(found)
    return result


def _share(results: list[dict], key: str) -> float | None:
    values = [r[key] for r in results if key in r]
    return round(mean(values), 4) if values else None


def evaluate(engine: Engine, cases: list[dict]) -> dict:
    asks = [_ask_case(engine, c) for c in cases if c["type"] == "ask"]
    timelines = [_timeline_case(engine, c) for c in cases if c["type"] == "timeline"]
    checks = [_factcheck_case(engine, c) for c in cases if c["type"] == "factcheck"]
    words = [r["quote_words"] for r in asks if "quote_words" in r]
    events = [found for r in timelines for found in r["found"]]
    metrics = {
        "ask.source_hit": _share(asks, "source_hit"),
        "ask.quote_hit": _share(asks, "quote_hit"),
        "ask.abstain_accuracy": _share(asks, "abstain_ok"),
        "ask.quote_words": round(mean(words), 1) if words else None,
        "factcheck.verdict_accuracy": _share(checks, "verdict_ok"),
        "factcheck.evidence_hit": _share(checks, "evidence_hit"),
        "timeline.event_recall": round(mean(events), 4) if events else None,
        "timeline.order_accuracy": _share(timelines, "ordered"),
    }
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["type"]] = counts.get(case["type"], 0) + 1
    return {"metrics": metrics, "counts": counts, "cases": asks + checks + timelines}
