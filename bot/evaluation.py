"""Scoring the engine on evaluation cases (format: shared/eval/README.md): ask, factcheck
and timeline cases, with the metrics that README defines. A metric with no case is null.

Beyond that README, two kinds of figures tell misses apart:

- Where the answer sits among the quotes shown, over answerable ask cases:
  ``ask.hit_at_1`` (share whose first quote holds an expected text), ``ask.hit_shown``
  (share where any quote shown holds one, past the first three too) and
  ``ask.first_hit_rank`` (the mean 1-based rank of the first quote holding one, over the
  cases where some quote does). A quote hit that only spans two quotes has no rank.
- ``by_tag``: cases may carry ``tags`` (a list of strings, e.g. ``["squad2",
  "adversarial-unanswerable"]``); ``metrics["by_tag"][tag]`` holds the same metrics
  computed over the scored cases that carry the tag.

Follow-ups: a ``followup`` case (``eval/README.md``) is a list of ``turns`` read as one
conversation (``bot/conversation.py``), with an ask case's expectations on the last turn's
answer, scored as an ask case is: ``followup.source_hit``, ``followup.quote_hit``,
``followup.abstain_accuracy``. Its result says how the last turn was read (``kind``,
``read_as``). A turn the engine refuses ends the conversation there, as an abstention.

Filters: an ask, factcheck or timeline case may carry ``since``, ``until`` and ``source``
(strings, as the command options take them: ``eval/README.md``); the case is asked with
those filters. Without them, dates in a question still filter as they do for users.

Two kinds of trouble stay with their case, and neither stops the run:

- A case that does not follow the format (no question, a question that is not a string or
  not valid Unicode, a timeline event without a source, an unknown type…) is not scored:
  it cannot say what a right answer would be. It is listed under ``errors`` with its id
  and the problem, counted as ``counts["invalid"]``, logged as a warning, and left out of
  every metric: the metrics are over the scored cases, which ``counts`` numbers by type.
- A case the engine refuses (a QueryError: too long, a question given as a claim…) is
  scored as what the user saw: no quotes (an abstention), no verdict, no events. Its
  result carries the refusal as ``refused``.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from statistics import mean

from .conversation import Turn, follow
from .dates import PartialDate
from .engine import Engine
from .errors import NewsdeskError, QueryError
from .filtering import NO_FILTERS, Filters
from .verdicts.model import CLASSES, Verdict

log = logging.getLogger(__name__)

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SHOWN = 3  # metrics look at the first three quotes an answer shows
QUERY_FIELDS = {"ask": "question", "factcheck": "claim", "timeline": "topic", "followup": "turns"}
FILTER_FIELDS = ("since", "until", "source")


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


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_partial_iso(value) -> bool:
    """True for the README's partial ISO dates ("2020-09", "--06-15")."""
    if not isinstance(value, str):
        return False
    try:  # agrees_with reads exactly these forms, and raises ValueError on anything else
        PartialDate(2000, 1, 1).agrees_with(value)
    except ValueError:
        return False
    return True


def _event_problem(event) -> str | None:
    if not isinstance(event, dict) or not isinstance(event.get("source"), str):
        return "every expected event needs a 'source' (a file name)"
    if not _strings(event.get("text_any")):
        return "every expected event needs 'text_any' (a list of strings)"
    if "date" in event and not _is_partial_iso(event["date"]):
        return f"the event date {event['date']!r} is not a partial ISO date like 2020-09"
    return None


def case_problem(case: dict) -> str | None:
    """Why ``case`` does not follow the format and cannot be scored, or None."""
    kind = case["type"]
    if not isinstance(kind, str) or kind not in QUERY_FIELDS:
        return f"unknown type {kind!r}: expected ask, factcheck, timeline or followup"
    field = QUERY_FIELDS[kind]
    if kind == "followup":
        if not _strings(case.get("turns")) or not case["turns"]:
            return "'turns' must be a non-empty list of strings"
    elif not isinstance(case.get(field), str):
        return f"{field!r} is missing or not a string"
    for key in ("expect_sources", "expect_text_any", "tags"):
        if key in case and not _strings(case[key]):
            return f"{key!r} must be a list of strings"
    for key in FILTER_FIELDS:
        if key in case and not isinstance(case[key], str):
            return f"{key!r} must be a string, as the command option takes it"
    if kind == "factcheck" and case.get("expect_verdict") not in CLASSES:
        return f"'expect_verdict' must be one of {', '.join(CLASSES)}"
    events = case.get("expect_events", [])
    if not isinstance(events, list):
        return "'expect_events' must be a list"
    for event in events:
        if problem := _event_problem(event):
            return problem
    try:  # JSON can spell a lone surrogate ("\\ud800"), which is not text at all
        json.dumps(case, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "it holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode"
    return None


def _filters(engine: Engine, case: dict) -> Filters:
    """The case's filter options read as a user's would be (QueryError if unusable)."""
    return engine.filters(*(case.get(key, "") for key in FILTER_FIELDS))


def _ask_case(engine: Engine, case: dict) -> dict:
    try:
        answer = engine.ask(case["question"], _filters(engine, case))
    except QueryError as exc:  # the user saw no quotes: an abstention
        return _ask_result(case, True, ()) | {"refused": str(exc)}
    return _ask_result(case, answer.abstained, answer.quotes)


def _followup_case(engine: Engine, case: dict) -> dict:
    """The turns as one conversation (the filters go with the first, as /ask options);
    the last turn's answer is scored as an ask case's."""
    last: Turn | None = None
    try:
        filters = _filters(engine, case)
        for text in case["turns"]:
            reply = follow(engine, last, text, filters if last is None else NO_FILTERS)
            last = reply.turn
    except QueryError as exc:  # the user saw no quotes: an abstention
        return _ask_result(case, True, ()) | {"type": "followup", "refused": str(exc)}
    answer = reply.answer
    return _ask_result(case, answer.abstained, answer.quotes) | {
        "type": "followup",
        "kind": reply.kind,
        "read_as": reply.turn.question,
    }


def _first_hit_rank(wanted: list[str], quotes) -> int | None:
    """1-based rank of the first quote holding one of the (folded) ``wanted`` texts, or None."""
    for rank, quote in enumerate(quotes, start=1):
        text = fold(quote.text)
        if any(w in text for w in wanted):
            return rank
    return None


def _ask_result(case: dict, abstained: bool, quotes) -> dict:
    shown = quotes[:SHOWN]
    text = fold(" ".join(q.text for q in shown))
    result = {
        "id": case["id"],
        "type": "ask",
        "abstained": abstained,
        "abstain_ok": abstained == bool(case.get("expect_abstain")),
        "sources": [q.source for q in shown],
        "quotes": [q.text for q in shown],
    }
    if not case.get("expect_abstain"):
        result["source_hit"] = any(q.source in case.get("expect_sources", []) for q in shown)
        result["quote_hit"] = any(fold(s) in text for s in case.get("expect_text_any", []))
        result["quote_words"] = sum(len(q.text.split()) for q in shown)
        wanted = [fold(s) for s in case.get("expect_text_any", [])]
        result["first_hit_rank"] = _first_hit_rank(wanted, quotes)
    return result


def _event_found(expected: dict, events) -> int | None:
    """Index of the first event matching ``expected`` (source, text, agreeing date), or None."""
    wanted = [fold(t) for t in expected["text_any"]]
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
        check = engine.factcheck(case["claim"], _filters(engine, case))
    except QueryError as exc:  # the user saw no verdict and no evidence
        return _factcheck_result(case, None, "", []) | {"refused": str(exc)}
    sources = [e.quote.source for e in check.evidence]
    return _factcheck_result(case, check.verdict, check.reason, sources)


def _factcheck_result(case: dict, verdict: Verdict | None, reason: str, sources: list[str]) -> dict:
    result = {
        "id": case["id"],
        "type": "factcheck",
        "verdict": verdict,
        "verdict_ok": verdict == case["expect_verdict"],
        "reason": reason,
        "sources": sources,
    }
    if case.get("expect_sources"):
        result["evidence_hit"] = any(s in case["expect_sources"] for s in sources)
    return result


def _timeline_case(engine: Engine, case: dict) -> dict:
    try:
        events = engine.timeline(case["topic"], _filters(engine, case)).events
    except QueryError as exc:  # the user saw no events
        return _timeline_result(case, ()) | {"refused": str(exc)}
    return _timeline_result(case, events)


def _timeline_result(case: dict, events) -> dict:
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


def _ratio(values: list[bool]) -> float | None:
    return round(mean(values), 4) if values else None


def _share(results: list[dict], key: str) -> float | None:
    return _ratio([r[key] for r in results if key in r])


def _metrics(
    asks: list[dict], checks: list[dict], timelines: list[dict], followups: list[dict]
) -> dict:
    answerable = [r for r in asks if "first_hit_rank" in r]
    ranks = [r["first_hit_rank"] for r in answerable if r["first_hit_rank"] is not None]
    words = [r["quote_words"] for r in answerable]
    events = [found for r in timelines for found in r["found"]]
    return {
        "ask.source_hit": _share(asks, "source_hit"),
        "ask.quote_hit": _share(asks, "quote_hit"),
        "ask.abstain_accuracy": _share(asks, "abstain_ok"),
        "ask.quote_words": round(mean(words), 1) if words else None,
        "ask.hit_at_1": _ratio([r["first_hit_rank"] == 1 for r in answerable]),
        "ask.hit_shown": _ratio([r["first_hit_rank"] is not None for r in answerable]),
        "ask.first_hit_rank": round(mean(ranks), 2) if ranks else None,
        "factcheck.verdict_accuracy": _share(checks, "verdict_ok"),
        "factcheck.evidence_hit": _share(checks, "evidence_hit"),
        "timeline.event_recall": _ratio(events),
        "timeline.order_accuracy": _share(timelines, "ordered"),
        "followup.source_hit": _share(followups, "source_hit"),
        "followup.quote_hit": _share(followups, "quote_hit"),
        "followup.abstain_accuracy": _share(followups, "abstain_ok"),
    }


SCORERS = {
    "ask": _ask_case,
    "factcheck": _factcheck_case,
    "timeline": _timeline_case,
    "followup": _followup_case,
}


def _score(engine: Engine, case: dict) -> dict:
    result = SCORERS[case["type"]](engine, case)
    if "tags" in case:
        result["tags"] = case["tags"]
    return result


def _by_tag(
    asks: list[dict], checks: list[dict], timelines: list[dict], followups: list[dict]
) -> dict:
    """The metrics again over the results carrying each tag (tags in order of first use)."""
    results = asks + checks + timelines + followups
    tags = dict.fromkeys(t for r in results for t in r.get("tags", ()))

    def tagged(results: list[dict], tag: str) -> list[dict]:
        return [r for r in results if tag in r.get("tags", ())]

    return {
        tag: _metrics(
            tagged(asks, tag), tagged(checks, tag), tagged(timelines, tag), tagged(followups, tag)
        )
        for tag in tags
    }


def evaluate(engine: Engine, cases: list[dict]) -> dict:
    valid, errors = [], []
    for case in cases:
        if problem := case_problem(case):
            log.warning("eval case %r is not scored: %s", case["id"], problem)
            errors.append({"id": case["id"], "error": problem})
        else:
            valid.append(case)
    asks = [_score(engine, c) for c in valid if c["type"] == "ask"]
    timelines = [_score(engine, c) for c in valid if c["type"] == "timeline"]
    checks = [_score(engine, c) for c in valid if c["type"] == "factcheck"]
    followups = [_score(engine, c) for c in valid if c["type"] == "followup"]
    by_type = {"ask": asks, "factcheck": checks, "timeline": timelines, "followup": followups}
    metrics = _metrics(*by_type.values()) | {"by_tag": _by_tag(*by_type.values())}
    counts = {kind: len(results) for kind, results in by_type.items() if results}
    counts["invalid"] = len(errors)
    return {
        "metrics": metrics,
        "counts": counts,
        "cases": asks + checks + timelines + followups,
        "errors": errors,
    }
