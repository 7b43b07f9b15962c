"""Features for learned answer ranking and abstention.

Three layers, each usable on its own:

* text rules true of English in general: what kind of answer a question asks for
  (``question_type``) and which entities of each kind a passage holds that the question
  does not (``entities``, ``new_entities``);
* ``QuestionInfo``: the question analysed once (type, stemmed terms and their rarity,
  names, the share of its names the corpus never mentions);
* ``CorpusView`` + ``candidate_features``: one row of numbers per retrieved passage
  (retrieval scores, rarity-weighted coverage alone and with its paragraph, title
  overlap, position in the article, length, answer-type match), and
  ``question_features``: one row per question for the abstention model.

Nothing here knows a particular corpus or case: no word lists of topics, only function
words, calendar words, number words and the shapes of names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from embeddings.keyword import STOPWORDS, terms
from embeddings.names import names, tokens

# ---------------------------------------------------------------------------------------
# What a question asks for
# ---------------------------------------------------------------------------------------

PERSON, DATE, PLACE, NUMBER, NAME, REASON, OTHER = (
    "person",
    "date",
    "place",
    "number",
    "name",
    "reason",
    "other",
)
ANSWER_TYPES = (PERSON, DATE, PLACE, NUMBER, NAME, REASON, OTHER)

# Head nouns after "what"/"which" ("which city", "what year"), by the kind of answer.
_HEAD_NOUNS = {
    DATE: "year years century centuries decade decades date dates month months day days "
    "era period time times age season",
    PLACE: "city cities town towns country countries state states place places location "
    "locations region regions area areas continent continents island islands river rivers "
    "province provinces county counties village villages capital port site nation nations "
    "mountain mountains lake lakes sea seas ocean oceans district districts",
    NUMBER: "percentage percent proportion fraction number numbers amount amounts size "
    "population temperature speed distance length height weight rate ratio cost price "
    "total quantity share sum depth width mass",
    PERSON: "person people man men woman women king kings queen queens president presidents "
    "leader leaders scientist scientists author authors emperor ruler rulers minister "
    "general player players writer writers politician politicians inventor explorer "
    "physicist philosopher chemist mathematician artist composer officer official "
    "governor senator pope monarch member members individual individuals",
    NAME: "company companies team teams organization organizations organisation group "
    "groups party parties university universities school schools newspaper network "
    "channel agency agencies band club clubs firm firms brand institution institutions "
    "treaty act law show language languages tribe tribes dynasty empire movement book "
    "film ship station church",
}
_HEAD = {w: kind for kind, words in _HEAD_NOUNS.items() for w in words.split()}
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d[\d,.]*")
# Measurement adjectives after "how": "how long", "how far" ask for a quantity.
_HOW_QUANTITY = set("many much long far big large old tall high deep wide heavy fast often".split())


def question_type(question: str) -> str:
    """The kind of answer ``question`` asks for: one of ``ANSWER_TYPES``.

    Small rules on the question word and, after "what"/"which", the head noun:
    who/whom/whose -> person; when, "what year" -> date; where, "which city" -> place;
    how many/much/long, "what percentage" -> number; "which company" -> name;
    why -> reason; anything else -> other.
    """
    words = [w.lower() for w in _WORD.findall(question)]
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in ("who", "whom", "whose"):
            return PERSON
        if word == "when":
            return DATE
        if word == "where":
            return PLACE
        if word == "why":
            return REASON
        if word == "how" and nxt in _HOW_QUANTITY:
            return NUMBER
        if word in ("what", "which"):
            # the head noun is the first noun-ish word after optional determiners/adjectives:
            # look a few words ahead, stopping at a verb-like function word
            for ahead in words[i + 1 : i + 7]:
                if ahead in (
                    "name",
                    "names",
                    "type",
                    "types",
                    "kind",
                    "kinds",
                    "sort",
                    "of",
                    "the",
                    "a",
                    "an",
                ):
                    continue
                if ahead in _HEAD:
                    return _HEAD[ahead]
                if ahead in (
                    "is",
                    "was",
                    "are",
                    "were",
                    "did",
                    "does",
                    "do",
                    "has",
                    "have",
                    "had",
                    "can",
                    "could",
                    "will",
                    "would",
                ):
                    break
            return OTHER
    return OTHER


# ---------------------------------------------------------------------------------------
# Entities a passage holds
# ---------------------------------------------------------------------------------------

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NUMBER_WORDS = set(
    (
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety hundred hundreds thousand thousands million millions billion billions "
        "trillion dozen dozens half quarter percent twice thrice"
    ).split()
)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(s)?\b")
_DATE_WORDS = re.compile(
    r"\b(?:(?:" + "|".join(_MONTHS + _WEEKDAYS) + r")\b\.?(?:\s+\d{1,2}\b)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b"
    r"|\d+(?:st|nd|rd|th)?\s+centur(?:y|ies)\b|(?:[a-z]+)\s+centur(?:y|ies)\b"
    r"|\d+\s*(?:BC|BCE|AD|CE)\b|(?:AD|BC)\s+\d+)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?(?![\w])|\b\d+(?:st|nd|rd|th)\b")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
# Words that may join capitalised words inside one name: "University of Chicago".
_CONNECTORS = {"of", "de", "von", "van", "der", "la", "le", "du", "da", "del", "and", "the"}
_TITLES = set(
    "mr mrs ms dr sir lord lady king queen prince princess president pope saint st general "
    "emperor empress duke professor prof senator governor chancellor minister".split()
)
# Sentence-initial words that are capitalised only for being first (besides stop words).
_OPENERS = set(
    "however meanwhile moreover furthermore also still thus therefore hence today yesterday "
    "tomorrow later earlier first finally instead although though while after before during "
    "despite according many most some several other others these those his her its their "
    "our one two three yet besides nevertheless nonetheless overall currently recently "
    "initially eventually subsequently additionally consequently similarly likewise "
    "unlike like unless until upon within without".split()
)
_LOCATIVE = {"in", "at", "from", "near", "to", "across", "into", "through", "throughout"}
_PLACE_HEADS = set(
    "city town village river mountains mountain lake sea ocean island islands country state "
    "province county region valley coast bay desert peninsula strait gulf".split()
)
_REASON_CUES = re.compile(
    r"\b(?:because|due to|owing to|as a result|in order to|so that|since|led to|caused|"
    r"causes|cause|result of|resulted|reason|therefore|thus)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entities:
    """Entities found in a text, each as a lower-cased string."""

    dates: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # capitalised sequences (persons, organisations, ...)
    persons: frozenset[str] = frozenset()  # names that look like people's
    places: frozenset[str] = frozenset()  # names that look like places
    reasons: int = 0  # cue words of a cause ("because", "due to")


def _name_spans(text: str) -> list[tuple[list[str], str]]:
    """Runs of capitalised words (with inner connectors) and the word before each run."""
    raw = [m.group() for m in re.finditer(r"\w+(?:[-'’.]\w+)*|[^\w\s]", text)]
    # a full stop after a title or an initial ("Dr.", "J.") ends no sentence and no name
    words = [
        (w, 0)
        for k, w in enumerate(raw)
        if not (w == "." and k and (raw[k - 1].lower() in _TITLES or len(raw[k - 1]) == 1))
    ]
    spans: list[tuple[list[str], str]] = []
    i = 0
    sentence_start = True
    while i < len(words):
        word = words[i][0]
        if (
            _CAPITALISED.fullmatch(word)
            and not (sentence_start and (word.lower() in STOPWORDS or word.lower() in _OPENERS))
            and word.lower() not in ("i",)
        ):
            run = [word]
            j = i + 1
            while j < len(words):
                w = words[j][0]
                if _CAPITALISED.fullmatch(w):
                    run.append(w)
                    j += 1
                elif (
                    w.lower() in _CONNECTORS
                    and j + 1 < len(words)
                    and _CAPITALISED.fullmatch(words[j + 1][0])
                ):
                    run.extend([w, words[j + 1][0]])
                    j += 2
                else:
                    break
            before = words[i - 1][0].lower() if i > 0 else ""
            spans.append((run, before))
            sentence_start = False
            i = j
            continue
        sentence_start = word in (".", "!", "?", ":", ";", '"', "“", "”")
        i += 1
    return spans


def entities(text: str) -> Entities:
    """The dates, numbers, names, person-like and place-like names, and cause cues in ``text``."""
    dates = {m.group().lower() for m in _DATE_WORDS.finditer(text)}
    dates |= {m.group().lower() for m in _YEAR.finditer(text)}
    years = {m.group(1) for m in _YEAR.finditer(text)}
    numbers = {m.group().lower().rstrip(".,") for m in _NUMBER.finditer(text)} - years
    numbers |= {w for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    found_names, persons, places = set(), set(), set()
    for run, before in _name_spans(text):
        lowered = [w.lower().rstrip(".") for w in run]
        if all(w in _MONTHS or w in _WEEKDAYS for w in lowered if w not in _CONNECTORS):
            continue  # "March", "Tuesday": dates, not names
        name = " ".join(lowered).removeprefix("the ")
        found_names.add(name)
        heads = [w for w in lowered if w not in _CONNECTORS]
        if (
            before in _TITLES
            or heads[0] in _TITLES
            or (len(heads) >= 2 and lowered[0] != "the" and not (set(heads) & _PLACE_HEADS))
        ):
            persons.add(name)
        if before in _LOCATIVE or set(heads) & _PLACE_HEADS:
            places.add(name)
    return Entities(
        frozenset(dates),
        frozenset(numbers),
        frozenset(found_names),
        frozenset(persons),
        frozenset(places),
        len(_REASON_CUES.findall(text)),
    )


def _new(found: Iterable[str], question_tokens: set[str]) -> int:
    """How many of ``found`` hold a word the question does not."""
    return sum(
        1 for item in found if any(t not in question_tokens for t in tokens(item) - _CONNECTORS)
    )


@dataclass(frozen=True)
class NewEntities:
    """Counts of a passage's entities that the question does not already contain."""

    dates: int
    numbers: int
    names: int
    persons: int
    places: int
    reasons: int

    def of_type(self, kind: str) -> int:
        """New entities of the kind a question of type ``kind`` asks for."""
        return {
            PERSON: self.persons + self.names,
            DATE: self.dates,
            PLACE: self.places,
            NUMBER: self.numbers,
            NAME: self.names,
            REASON: self.reasons,
        }.get(kind, 0)


def new_entities(text: str, question: str) -> NewEntities:
    """The entities of ``text`` not in ``question`` ("Esper" for "Who did Kitamura meet?")."""
    asked = tokens(question)
    found = entities(text)
    return NewEntities(
        _new(found.dates, asked),
        _new(found.numbers, asked),
        _new(found.names, asked),
        _new(found.persons, asked),
        _new(found.places, asked),
        found.reasons,
    )


def position(
    paragraph: int, paragraphs: int, index_in_paragraph: int
) -> tuple[float, float, float]:
    """(share of the article before this paragraph, is the lead paragraph, is first passage).

    ``paragraph`` is 1-based among ``paragraphs``; ``index_in_paragraph`` is 0-based.
    """
    relative = (paragraph - 1) / max(1, paragraphs - 1) if paragraphs > 1 else 0.0
    return relative, float(paragraph == 1), float(index_in_paragraph == 0)


# ---------------------------------------------------------------------------------------
# The question, analysed once
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kind: str  # one of ANSWER_TYPES
    terms: tuple[str, ...]  # stemmed content words, distinct, in order
    weights: dict[str, float] = field(hash=False)  # term -> idf
    tokens: frozenset[str] = frozenset()  # lower-cased words, for "not in the question"
    names: tuple[str, ...] = ()  # capitalised words and numbers (embeddings.names)
    unknown_share: float = 0.0  # share (by rarity) of the names the corpus never mentions
    negated: bool = False

    def names_missing(self, present: set[str] | frozenset[str], weight) -> float:
        """Share of the question's names (by ``weight``) whose words are not all ``present``."""
        found = [(n, weight(n)) for n in self.names]
        total = sum(w for _, w in found)
        missing = sum(w for n, w in found if not tokens(n) <= present)
        return missing / total if total else 0.0

    def coverage(self, present: Iterable[str] | frozenset[str]) -> float:
        """Share of the question's terms, weighted by rarity, among ``present``."""
        total = sum(self.weights.values())
        present = present if isinstance(present, (set, frozenset)) else set(present)
        return sum(w for t, w in self.weights.items() if t in present) / total if total else 0.0

    def max_missing(self, present: frozenset[str] | set[str]) -> float:
        """The rarity of the rarest question term missing from ``present`` (0 if none)."""
        return max((w for t, w in self.weights.items() if t not in present), default=0.0)


def analyse(question: str, idf, unknown_share: float = 0.0) -> QuestionInfo:
    """``question`` analysed; ``idf(term)`` weighs its terms (KeywordIndex.idf)."""
    found = list(dict.fromkeys(terms(question)))
    return QuestionInfo(
        question,
        question_type(question),
        tuple(found),
        {t: idf(t) for t in found},
        frozenset(tokens(question)),
        tuple(names(question)),
        unknown_share,
        negated(question),
    )


_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without)\b|n['’]t\b|\bnon-", re.I)


def negated(text: str) -> bool:
    """Whether ``text`` holds a negation ("not", "never", "n't", "non-")."""
    return bool(_NEGATION.search(text))


# ---------------------------------------------------------------------------------------
# Candidates and their features
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retrieved:
    """What retrieval says about one candidate passage (row = passage index)."""

    row: int
    fused: float  # reciprocal-rank fusion score
    fused_rank: int  # 0-based among the candidates
    cos_own: float  # cosine of the passage's own vector
    cos_ctx: float  # cosine of its vector read after the passage before it
    dense_rank: int  # 0-based in the dense list (pool if absent)
    bm25: float  # BM25 score (0 if not in the keyword list)
    bm25_rank: int  # 0-based in the keyword list (pool if absent)
    sources: tuple[str, ...] = ()  # its article and articles holding a duplicate


class CorpusView:
    """What features need of a loaded index, worked out once per index."""

    def __init__(self, passages: Sequence, articles: dict, terms_of, idf):
        self.passages = passages
        self.terms_of = terms_of
        self.idf = idf
        by_paragraph: dict[tuple[str, int], list[int]] = {}
        by_article: dict[str, set[str]] = {}
        for row, p in enumerate(passages):
            by_paragraph.setdefault((p.source, p.paragraph), []).append(row)
            by_article.setdefault(p.source, set()).update(terms_of(row))
        self.paragraph_rows = by_paragraph
        self.index_in_paragraph = {
            row: i for rows in by_paragraph.values() for i, row in enumerate(rows)
        }
        self.article_terms = {name: frozenset(t) for name, t in by_article.items()}
        self.title_terms = {name: frozenset(terms(a.title or "")) for name, a in articles.items()}
        self.paragraph_count = {name: max(1, len(a.paragraphs)) for name, a in articles.items()}
        self._entities: dict[int, Entities] = {}
        self._tokens: dict[tuple[str, int], frozenset[str]] = {}
        self._negated: dict[int, bool] = {}
        doc_freq: dict[str, int] = {}
        for p in passages:
            for t in tokens(p.text):
                doc_freq[t] = doc_freq.get(t, 0) + 1
        self._name_df = doc_freq
        self._size = len(passages)

    def idf_name(self, name: str) -> float:
        """Rarity of a name's rarest word among the passages (a name never seen weighs most)."""
        words = tokens(name) or {name.lower()}
        df = min(self._name_df.get(w, 0) for w in words)
        return math.log(1 + (self._size - df + 0.5) / (df + 0.5))

    def paragraph_tokens(self, row: int) -> frozenset[str]:
        p = self.passages[row]
        key = (p.source, p.paragraph)
        if key not in self._tokens:
            rows = self.paragraph_rows[key]
            self._tokens[key] = frozenset().union(*(tokens(self.passages[r].text) for r in rows))
        return self._tokens[key]

    def negated(self, row: int) -> bool:
        if row not in self._negated:
            self._negated[row] = negated(self.passages[row].text)
        return self._negated[row]

    @classmethod
    def of(cls, searcher) -> CorpusView:
        store = searcher.store
        return cls(
            store.passages, store.articles, searcher.keywords.terms_of, searcher.keywords.idf
        )

    def neighbours(self, row: int) -> list[int]:
        p = self.passages[row]
        return [r for r in self.paragraph_rows[(p.source, p.paragraph)] if r != row]

    def paragraph_terms(self, row: int) -> frozenset[str]:
        p = self.passages[row]
        return frozenset().union(
            *(self.terms_of(r) for r in self.paragraph_rows[(p.source, p.paragraph)])
        )


CANDIDATE_FEATURES = (
    "cos",  # the better of own/in-context cosine
    "cos_own",
    "cos_ctx",
    "cos_gap",  # best cosine among the candidates minus this one
    "fused",  # RRF score * 60 (about 1 when first in both lists)
    "log_fused_rank",
    "log_dense_rank",
    "log_bm25_rank",
    "bm25_rel",  # BM25 / best BM25 among candidates
    "coverage",  # rarity-weighted share of question terms in the passage
    "coverage_par",  # ... in its paragraph
    "coverage_gain",  # coverage_par - coverage
    "coverage_article",
    "max_missing_idf",  # rarest question term the passage lacks
    "title_overlap",
    "article_support",  # share of the candidates' fused score from this article
    "position",  # 0 for the first paragraph .. 1 for the last
    "lead",
    "first_in_paragraph",
    "log_words",
    "type_match",  # a new entity of the asked-for kind
    "type_match_par",  # ... elsewhere in its paragraph only
    "type_count",  # log1p(count)
    "new_name",
    "new_number",
    "new_date",
    "baseline",  # today's score: cosine + 0.3 * coverage
    "names_missing_par",  # share (by rarity) of the question's names its paragraph lacks
    "negation_mismatch",  # one of question and passage is negated, the other not
    # question-level, the same for every candidate of a question
    "q_unknown_share",
    "q_typed",  # the question asks for a specific kind of answer
)


def _entities_of(view: CorpusView, row: int) -> Entities:
    found = view._entities.get(row)
    if found is None:
        found = view._entities[row] = entities(view.passages[row].text)
    return found


def _new_of(view: CorpusView, row: int, asked: frozenset[str]) -> NewEntities:
    e = _entities_of(view, row)
    return NewEntities(
        _new(e.dates, asked),
        _new(e.numbers, asked),
        _new(e.names, asked),
        _new(e.persons, asked),
        _new(e.places, asked),
        e.reasons,
    )


def candidate_features(q: QuestionInfo, cands: Sequence[Retrieved], view: CorpusView) -> np.ndarray:
    """One row of ``CANDIDATE_FEATURES`` per candidate."""
    if not cands:
        return np.zeros((0, len(CANDIDATE_FEATURES)), dtype=np.float64)
    best_cos = max(max(c.cos_own, c.cos_ctx) for c in cands)
    best_bm25 = max((c.bm25 for c in cands), default=0.0) or 1.0
    fused_total = sum(c.fused for c in cands) or 1.0
    by_article: dict[str, float] = {}
    for c in cands:
        source = view.passages[c.row].source
        by_article[source] = by_article.get(source, 0.0) + c.fused
    typed = q.kind not in (OTHER,)
    rows = []
    for c in cands:
        p = view.passages[c.row]
        own_terms = view.terms_of(c.row)
        par_terms = view.paragraph_terms(c.row)
        cov = q.coverage(own_terms)
        cov_par = q.coverage(par_terms)
        cos = max(c.cos_own, c.cos_ctx)
        new = _new_of(view, c.row, q.tokens)
        count = new.of_type(q.kind)
        around = sum(_new_of(view, r, q.tokens).of_type(q.kind) for r in view.neighbours(c.row))
        relative, lead, first = position(
            p.paragraph, view.paragraph_count.get(p.source, 1), view.index_in_paragraph[c.row]
        )
        rows.append(
            [
                cos,
                c.cos_own,
                c.cos_ctx,
                best_cos - cos,
                c.fused * 60.0,
                math.log1p(c.fused_rank),
                math.log1p(c.dense_rank),
                math.log1p(c.bm25_rank),
                c.bm25 / best_bm25,
                cov,
                cov_par,
                cov_par - cov,
                q.coverage(view.article_terms.get(p.source, frozenset())),
                q.max_missing(own_terms),
                q.coverage(view.title_terms.get(p.source, frozenset())),
                by_article[p.source] / fused_total,
                relative,
                lead,
                first,
                math.log(max(1, len(p.text.split()))),
                float(count > 0),
                float(count == 0 and around > 0),
                math.log1p(count),
                float(new.names > 0),
                float(new.numbers > 0),
                float(new.dates > 0),
                cos + 0.3 * cov,
                q.names_missing(view.paragraph_tokens(c.row), view.idf_name),
                float(q.negated != view.negated(c.row)),
                q.unknown_share,
                float(typed),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


QUESTION_FEATURES = (
    "p1",  # the best candidate's probability
    "logit1",
    "p2",
    "margin",  # p1 - p2
    "p_sum5",  # sum of the five best probabilities
    "top_cos",
    "max_cos",
    "top_coverage",
    "top_coverage_par",
    "max_coverage",
    "top_max_missing_idf",
    "top_type_match",
    "top_type_match_par",
    "unknown_share",
    "typed",
    "article_support",
    "top_bm25_rel",
    "q_terms",  # log of how many content words the question has
    "top_names_missing",
    "min_names_missing5",  # the fewest missing names among the five best
    "top_negation_mismatch",
)
# Not a feature on purpose: "the question is negated". SQuAD 2.0's adversarial writers
# often add a "not", so it predicts abstention there, but it is an artifact of that data
# set, not of language: "Which country did not attend?" is a fair question.


def question_features(q: QuestionInfo, feats: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """The abstention model's row for a question: its candidates' features and probabilities."""
    idx = {name: i for i, name in enumerate(CANDIDATE_FEATURES)}
    if len(probs) == 0:
        row = np.zeros(len(QUESTION_FEATURES))
        row[QUESTION_FEATURES.index("unknown_share")] = q.unknown_share
        row[QUESTION_FEATURES.index("logit1")] = -10.0
        return row
    order = np.argsort(-probs, kind="stable")
    top = feats[order[0]]
    p = probs[order]
    p1 = float(p[0])
    p2 = float(p[1]) if len(p) > 1 else 0.0
    clipped = min(max(p1, 1e-6), 1 - 1e-6)
    return np.asarray(
        [
            p1,
            math.log(clipped / (1 - clipped)),
            p2,
            p1 - p2,
            float(p[:5].sum()),
            top[idx["cos"]],
            float(feats[:, idx["cos"]].max()),
            top[idx["coverage"]],
            top[idx["coverage_par"]],
            float(feats[:, idx["coverage"]].max()),
            top[idx["max_missing_idf"]],
            top[idx["type_match"]],
            top[idx["type_match_par"]],
            q.unknown_share,
            float(q.kind != OTHER),
            top[idx["article_support"]],
            top[idx["bm25_rel"]],
            math.log1p(len(q.terms)),
            top[idx["names_missing_par"]],
            float(feats[order[:5], idx["names_missing_par"]].min()),
            top[idx["negation_mismatch"]],
        ],
        dtype=np.float64,
    )


def retrieve(
    searcher, question: str, vector: np.ndarray, k: int = 40, pool: int = 100
) -> list[Retrieved]:
    """The ``k`` best hybrid candidates with every retrieval score the features use."""
    hits = searcher.search(question, k=k, pool=pool, vector=vector)
    dense_rows: dict[int, int] = {}
    for row, _ in searcher.store.ann.search(vector, 2 * pool):
        dense_rows.setdefault(row // 2, len(dense_rows))
    keyword = searcher.keywords.search(question, pool)
    bm25 = {row: (rank, score) for rank, (row, score) in enumerate(keyword)}
    vectors = view_vectors(searcher)
    out = []
    for rank, hit in enumerate(hits):
        own, ctx = vectors[2 * hit.row] @ vector, vectors[2 * hit.row + 1] @ vector
        b_rank, b_score = bm25.get(hit.row, (pool, 0.0))
        out.append(
            Retrieved(
                hit.row,
                hit.score,
                rank,
                float(own),
                float(ctx),
                dense_rows.get(hit.row, pool),
                float(b_score),
                b_rank,
                (hit.passage.source, *hit.also_in),
            )
        )
    return out


_VECTORS: dict[int, np.ndarray] = {}


def view_vectors(searcher) -> np.ndarray:
    """The index's vectors (two rows per passage), read once per searcher."""
    key = id(searcher)
    if key not in _VECTORS:
        _VECTORS.clear()
        _VECTORS[key] = searcher.store.ann.vectors()
    return _VECTORS[key]
