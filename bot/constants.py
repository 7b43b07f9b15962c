"""The numbers newsdesk's answers were tuned with: one home, each with how it was set.

What a user may want to change (quotes shown, the word budget, the abstention threshold,
rate limits) is in ``config/newsdesk.toml`` instead. These are properties of the method:
changing one changes what the eval figures measure. Those marked *trained* are the shapes
the committed models were trained with: change them only together with ``make train``.
The retrieval core's one tuned number, ``embeddings.backends.RRF_K``, stays with the core,
which never imports the bot.
"""

import datetime as dt

# --- Answers (bot/answers.py, bot/ranking/) ------------------------------------------------
# *Trained.* The candidate pool of the answer model (scripts/train_answers.py): the 40 best
# fused passages from 100 of each list. Wider than the 12 of the hand-set ranker, so that
# an answer sentence ranked low by both lists can still be picked by its features.
RANKER_CANDIDATES, RANKER_POOL = 40, 100
# Abstain when at least this share (by rarity) of the question's names is unknown: kept as
# a hard rule over the learned probability, which sees it only as one feature. Set on the
# dev set before the models; the models were trained with it in place.
MAX_UNKNOWN_NAMES = 0.5

# --- The hand-set ranker (timelines and fact checks) -----------------------------------------
# Cosine plus this much rarity-weighted word overlap; set on the dev set, and kept small so
# that paraphrases (which share few words) still rank on meaning.
COVERAGE_WEIGHT = 0.3
# Passages it returns unless a caller asks for another number.
HAND_RANKED = 12

# --- Timelines (bot/timeline.py, bot/entity_timeline.py) -------------------------------------
# How many passages a topic's timeline considers, and how close to the best one (in the
# hand-set ranker's score) they must be; set on the dev set's timelines.
TIMELINE_CANDIDATES = 30
TIMELINE_RELEVANCE_MARGIN = 0.35
# The lead: the body's first sentences, where news gives the day of what it reports. 2 was
# chosen on SemEval-2015 corpus 1 (event recall without losing order accuracy).
LEAD_SENTENCES = 2
# How far before publication a day in the lead may lie to be the news's day: weekday names
# ("on Tuesday") reach a week back.
NEWS_DAY_REACH = dt.timedelta(days=7)

# --- Fact checks (bot/factcheck.py, bot/verdicts/) -------------------------------------------
# Passages retrieved for a claim; below the relevance floor a passage is not about it. Set
# on the dev set's claims with the rule-based checker, kept for the learned verdicts.
FACTCHECK_CANDIDATES = 8
FACTCHECK_MIN_RELEVANCE = 0.5
# Evidence quotes shown for a verdict.
EVIDENCE_SHOWN = 3
# How much the best sentence must be about the claim (mean of cosine and rarity-weighted
# word coverage) for its own evidence to decide before the model: a concrete conflict, or
# every piece of the claim confirmed. Kept from the rule-based checker (set on the seeds).
ABOUT_TO_SUPPORT = 0.475
ABOUT_TO_CONTRADICT = 0.425
# *Trained.* The sentences (best by aboutness) whose detectors count: the best one, and a
# few more for a claim that joins two facts. 3 was better than 1, 2 and 5 on fm2/validation.
TOP_EVIDENCE = 3
# *Trained.* Counts in verdict features are capped: a fourth date says little more than a
# third.
MAX_COUNT = 3

# --- Filters and currency (bot/filtering.py) -------------------------------------------------
# A corpus whose newest article is older than this is an archive: "last week" in a question
# counts from its newest article, not from today. A month: feeds polled every 30 minutes
# keep a live corpus well inside it, and a corpus a month old is being read as an archive.
STALE_CORPUS = dt.timedelta(days=30)

# --- How widely it is reported, how current it is (bot/reach.py, bot/quotes.py) ------------
# Two passages of different articles report the same thing when their texts are equal
# word for word (a copy), or when they are a close paraphrase: their own vectors' cosine
# is at least PARAPHRASE_COSINE, each has at least PARAPHRASE_MIN_WORDS words, they state
# the same figures and the same polarity (no negation or opposite verb on one side only)
# and share at least PARAPHRASE_OVERLAP of their content words (Dice). Measured on the real
# model over every pair of passages of different articles in the seeds and the four eval
# corpora (2026-11-29, 14,276 pairs at cosine >= 0.6 that are not copies): at 0.85 and 8
# words the only pairs left are true paraphrases ("The novel was included in Time's '100
# Best English-language Novels from 1923 to 2005'" and its two rewordings, 0.89-0.90);
# just below, 0.84, "The film was nominated for the Academy Award for Best Picture" pairs
# with another film's nomination (a short sentence leaves its subject out), and section
# headings ("Personal life | Political views", 0.83-0.99) pair with each other, which the
# word floor keeps apart. Above 0.90 the pairs are one template with other figures ("ranked
# number 96" / "number 89"), which the figures rule keeps apart. The seeds and the SemEval
# WikiNews articles hold copies but no paraphrase pair this close (their closest, 0.83,
# differ in figures): the rule errs towards showing a report twice over merging two.
PARAPHRASE_COSINE = 0.85
PARAPHRASE_MIN_WORDS = 8
PARAPHRASE_OVERLAP = 0.5
# An answer says "the latest article on this is from March 2023" when its newest quoted
# article is older than the corpus's newest by more than this. Set by hand, as
# STALE_CORPUS: a corpus fed by feeds gets a running story's articles at least monthly, so
# a topic with nothing newer in a month has stopped being reported, and the reader should
# know the quotes may be overtaken.
OLD_NEWS = dt.timedelta(days=30)

# --- Display -------------------------------------------------------------------------------
# An answer's confidence (the probability that its quotes answer) is called "high" from
# this, "medium" from the next. Set by hand: 0.5 is as likely right as wrong; with the
# default abstain_threshold (0.25) a shown answer is never "low", a lower threshold's are.
CONFIDENCE_HIGH, CONFIDENCE_MEDIUM = 0.5, 0.2
