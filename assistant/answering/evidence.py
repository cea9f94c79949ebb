"""Evidence: the sentences of the retrieved passages, ranked by how likely each answers the question.

Each sentence gets general signals (``FEATURES``), none of them a word list fitted to an article:

* ``similarity``: the embedder's own question-to-sentence cosine (e5's query/passage forms), the best over
  the question's forms (the question, and its translation into the articles' language when a model made
  one); ``gap``: how far below the best sentence's similarity it is;
* ``focus``: the weighted share of the question's focus terms the sentence holds (names count double,
  numbers triple), in either language: the translated question's terms directly, the question's own terms
  through cognates, the multilingual embedding of the words and the vocabulary fallback; the rest of the
  passage counts for a part (``CONTEXT_SHARE``), so that "Dia akan ..." keeps its subject; ``content`` and
  ``names``: the same for the question's words and for its names apart;
* ``typed_hit`` / ``typed_miss``: for a question that asks for a person, place, time, number, duration or
  organisation, whether the sentence holds such a candidate the question does not already name;
* ``rank``: 1 / (1 + the retrieval rank of its passage); ``critical_miss``: the sentence (and its passage)
  lacks the noun the question asks about ("harga" in "berapa harga").

A ``Calibration`` (``assistant.calibration``), fitted for the index's embedder on labelled questions and
stored with the index, turns them into ``probability``; a sentence *answers* when the probability reaches
the calibration's threshold, it holds the critical noun and, for a typed question, a candidate. The
generative path uses the ranking only to order and mark what the model is shown; the extractive path
quotes the best answering sentence or refuses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answering.candidates import find_candidates, name_runs, place_tokens
from assistant.answering.crosslingual import WordMatcher, content_words
from assistant.answering.question import NOUN_TYPE, AnswerType, QuestionAnalysis
from assistant.answering.sentences import PassageSentence
from assistant.calibration import Calibration
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, weighted_share
from assistant.vocabulary import GENERIC_HEADS, ROLE_WORDS

FEATURES = ("similarity", "gap", "focus", "content", "names", "typed_hit", "typed_miss", "rank", "critical_miss")
CONTEXT_SHARE = 0.5
"""How much the rest of the passage counts towards a sentence's focus coverage."""
MIN_WORDS = 4
"""Sentences shorter than this (datelines, captions) are not evidence."""


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, scored as an answer to the question."""

    sentence: str
    passage: int
    """Index of its passage in the list the evidence was selected from."""
    probability: float
    """Calibrated probability that the sentence answers the question."""
    values: dict[str, float] = field(compare=False)
    """The feature values behind ``probability`` (``FEATURES``)."""
    candidates: tuple[str, ...]
    """Candidates of the expected answer type that the question does not contain."""
    kind: str
    """The answer type asked for ("person", ...): a typed one needs a candidate."""
    typed: bool
    critical: bool = True
    threshold: float = 0.5

    @property
    def score(self) -> float:
        """What evidence is ranked by: the probability."""
        return self.probability

    @property
    def answers(self) -> bool:
        """Whether the sentence can answer the question (module docstring)."""
        return self.probability >= self.threshold and self.critical and (not self.typed or bool(self.candidates))

    def why_not(self) -> str:
        """Why the sentence does not answer, as a clause that follows "the best passage" ("" when it does)."""
        if self.answers:
            return ""
        if not self.critical:
            return "is not about what the question asks for"
        if self.typed and not self.candidates:
            return f"names no {self.kind}"
        return f"is about something else (it answers with probability {self.probability:.2f})"


NAMED = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION})


def bare_who(analysis: QuestionAnalysis) -> bool:
    """A person question asked with "who"/"siapa" and no noun that says what kind of person ("Siapa yang
    mengirim ...?", not "Siapa jubir ...?" nor "Which minister ...?")."""
    if analysis.answer_type is not AnswerType.PERSON or analysis.type_noun:
        return False
    after = re.search(r"\b(?:who|siapa(?:kah)?)\s+([\w-]+)", analysis.text.lower())
    return after is None or (after.group(1) not in ROLE_WORDS and after.group(1) not in NOUN_TYPE)


def new_candidates(analysis: QuestionAnalysis, sentence: str, places: frozenset[str]) -> tuple[str, ...]:
    """Candidates of the question's answer type in ``sentence`` that the question does not already name (and
    for a ``bare_who`` question, organisations too). A person holding a whole name of the question, or held
    by one, is the question's own ("Antony Blinken" for "Blinken"; "Kim Jong Il" is not "Kim Jong Un");
    a place or organisation is when it adds only generic words to them ("Kosmodrom Vostochny" for "the
    Vostochny meeting"), not when it adds a name of its own ("UN Security Council" for "which UN body")."""
    if not analysis.typed:
        return ()
    question = TokenIndex([analysis.text])
    names = set(analysis.names)
    runs = [_words(run) for run, _, _ in name_runs(analysis.text)]
    found = find_candidates(sentence, analysis.answer_type, places, any_name=bool(analysis.critical))
    if bare_who(analysis):  # "who sent ...?" may be answered by an agency
        found = sorted(found + find_candidates(sentence, AnswerType.ORGANISATION, places), key=lambda c: c.start)
    out = []
    for c in found:
        tokens = [t for w in re.findall(r"[^\W_]+", c.text) for t in claim_tokens(f"x {w}")]
        shared = [t for t in tokens if t.token in names or t.word in names]
        own = [t for t in tokens if t.word not in GENERIC_HEADS and t not in shared and not question.has(t)]
        if c.kind is AnswerType.PERSON:
            words = _words(c.text)
            named = any(run and (run <= words or words <= run) for run in runs)
        else:
            named = c.kind in NAMED and bool(shared) and not own
        if tokens and not named and not all(question.has(t) for t in tokens):
            out.append(c.text)
    return tuple(dict.fromkeys(out))


def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a name, without a possessive ending."""
    return frozenset(re.sub(r"['’]s$", "", w) for w in re.findall(r"[^\W_]+(?:['’]s)?", text.lower()))


def _translated(focus: Sequence[ClaimToken], texts: Sequence[str], matcher: WordMatcher | None) -> dict[str, str]:
    """Focus word -> its translation among the texts' words, for content words nothing else matched."""
    if matcher is None or not texts:
        return {}
    pool = set().union(*(content_words(s) for s in texts))
    everywhere = TokenIndex(texts)
    wanted = [t.word for t in focus if not t.is_name and not t.is_number and not everywhere.has(t)]
    return matcher.translations(wanted, pool)


def _index(text: str, focus: Sequence[ClaimToken], translated: dict[str, str]) -> TokenIndex:
    """The tokens of ``text``, plus the focus words whose translation it holds."""
    index = TokenIndex([text])
    words = content_words(text)
    for t in focus:
        if translated.get(t.word) in words:
            index.tokens.update((t.token, t.word))
    return index


def _coverage(focus: Sequence[ClaimToken], sentence: TokenIndex, context: TokenIndex) -> float:
    """Focus coverage of a sentence, with its passage counting for CONTEXT_SHARE of what it adds."""
    own = weighted_share(focus, sentence)[0]
    around = weighted_share(focus, context)[0]
    return own + CONTEXT_SHARE * max(0.0, around - own)


def rank_evidence(
    forms: Sequence[QuestionAnalysis],
    sentences: Sequence[Sequence[PassageSentence]],
    question_vectors: np.ndarray,
    calibration: Calibration,
    *,
    contexts: Sequence[str] | None = None,
    matcher: WordMatcher | None = None,
    ranks: Sequence[int] | None = None,
    hits: Sequence[str] | None = None,
) -> list[Evidence]:
    """Every sentence (of MIN_WORDS words or more) of the passages, as evidence, most probable first.

    ``forms``: the question's analyses, its own first (then its translation); ``sentences``: per passage in
    retrieval order; ``question_vectors``: one query-form vector per form; ``contexts``: per passage, the
    text around it (the passage with its neighbours); ``matcher``: cross-lingual word matching for the
    question's own focus words (used when no translation is at hand); ``ranks``: per passage, its retrieval
    rank (default: its position; a syndicated copy shares the rank of the report it copies); ``hits``: per
    passage, the retrieved chunk's own text when the passage is widened by its neighbours (a sentence of a
    neighbour, which retrieval did not rank, counts one place lower)."""
    analysis = forms[0]

    hit_texts = [" ".join(h.split()) for h in hits] if hits is not None else []

    def _neighbour(text: str, number: int) -> int:
        hit = hit_texts[number] if hit_texts else ""
        return int(bool(hit) and " ".join(text.split()) not in hit)

    items = [(s, n) for n, group in enumerate(sentences) for s in group if len(s.text.split()) >= MIN_WORDS]
    if not items:
        return []
    vectors = np.stack([s.vector for s, _ in items])
    sims = (vectors @ np.asarray(question_vectors, dtype=np.float32).T).max(axis=1)
    best_sim = float(sims.max())
    texts = [s.text for s, _ in items]
    around = list(contexts) if contexts is not None else [" ".join(s.text for s in g) for g in sentences]
    translations = {f.text: _translated(f.focus, texts + around, matcher if f is analysis else None) for f in forms}
    context_index = {f.text: [_index(c, f.focus, translations[f.text]) for c in around] for f in forms}
    places = place_tokens(texts)
    out: list[Evidence] = []
    for (sentence, number), sim in zip(items, sims, strict=True):
        focus, content, names, own, critical = 0.0, 0.0, 0.0, 0.0, False
        candidates: tuple[str, ...] = ()
        for form in forms:
            index = _index(sentence.text, form.focus, translations[form.text])
            ctx = context_index[form.text][number]
            focus = max(focus, _coverage(form.focus, index, ctx))
            words = [t for t in form.focus if not t.is_name]
            proper = [t for t in form.focus if t.is_name]
            content = max(content, _coverage(words, index, ctx) if words else 1.0)
            names = max(names, _coverage(proper, index, ctx) if proper else 1.0)
            own = max(own, weighted_share(form.focus, index)[0])
            critical = critical or all(index.has(t) or ctx.has(t) for t in form.critical)
            candidates = candidates or new_candidates(form, sentence.text, places)
        values = {
            "similarity": float(sim),
            "gap": float(sim) - best_sim,
            "focus": focus,
            "typed_hit": float(analysis.typed and bool(candidates)),
            "typed_miss": float(analysis.typed and not candidates),
            "rank": 1.0 / (1.0 + (ranks[number] if ranks is not None else number) + _neighbour(sentence.text, number)),
            "critical_miss": float(not critical),
            "content": content,
            "names": names,
            "own": own,
        }
        out.append(
            Evidence(
                sentence.text,
                number,
                calibration.probability(values),
                values,
                candidates,
                analysis.answer_type.value,
                analysis.typed,
                critical,
                calibration.threshold,
            )
        )
    return sorted(out, key=lambda e: -e.probability)
