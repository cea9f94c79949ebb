"""Does a cited passage support an answer sentence? The claim-by-claim support judge.

``OverlapEmbeddingJudge`` scores a claim against the passages it cites:

1. Content: the embedder's cosine between the claim and the passages' single sentences and pairs of
   adjacent sentences (an answer may draw on two sentences), and lexical support ``lex`` - the claim's
   content tokens found among the passages' (stems, cognates across Indonesian and English, the vocabulary
   fallback), weighted: numbers 3, names 2, others 1. A ``Calibration`` fitted for the embedder on labelled
   claims (``assistant.answering.calibrate``) turns ``similarity``, ``lexical`` (apart for a claim in the
   passages' language and one in another), ``cross`` (the two languages differ) and ``short`` (a bare name,
   number or date) into the probability that the passages state the claim. Without an embedder, ``lex`` alone is the score.
2. Claims that must each be there, as penalties on that probability:

       score = p * NUMBER_PENALTY ** missing_numbers * NAME_PENALTY ** missing_names

   ``missing_numbers``: numbers (digits, number words) in no cited passage - a wrong number, date or count -
   and the unit of a quantity ("setiap pekan", "two weeks") no cited passage names (``units``);
   ``missing_names``: proper-noun-like tokens in no cited passage, nor matched across languages by the
   multilingual embedding of the word (a wrong person or place), but for a claim in another language than
   the passages not a word naming a kind of place or organisation ("Peninsula", translated); a
   sentence-initial word counts as a name when the cited passages write it capitalised inside a sentence
   (``lexical.leading_names``).
3. Contradictions and additions cap the score, each with its reason: a clause of the claim negating (or
   affirming) what the aligned passage clause says (``assistant.verification.negation``), a name bound to a
   role the passages give to someone else (``assistant.verification.roles``), and a claim of several
   clauses is only as supported as its weakest clause (an invented addition to a copied sentence).

A claim is supported when ``score >= threshold`` (the calibration's). ``verdict`` returns the score with the
most specific reason a claim is not supported, for the answer's JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.calibration import Calibration
from assistant.citations import split_sentences, strip_markers
from assistant.language import question_language
from assistant.lexical import ClaimToken, TokenIndex, claim_tokens, leading_names, weighted_share
from assistant.verification.attribution import naming_sentence
from assistant.verification.causes import unstated_cause
from assistant.verification.negation import flipped
from assistant.verification.parties import other_doer, swapped_parties
from assistant.verification.roles import RoleConflict, role_conflicts
from assistant.verification.support import SupportVerdict
from assistant.verification.units import missing_units
from assistant.vocabulary import GENERIC_HEADS, PASSAGE_NUMBER_WORDS

Embedder = Callable[[list[str]], np.ndarray]
"""Texts -> L2-normalized vectors, one row per text."""
Translations = Callable[[list[str], list[str]], dict[str, str]]
"""(words, pool) -> each word's translation among the pool, when the embedder finds one."""
POOL_WORD = re.compile(r"[^\W\d_]{4,}")
"""A word of the passages a claim word may be aligned with across languages (four letters or more)."""

FEATURES = ("similarity", "lexical", "lexical_cross", "cross", "short")
LEXICAL_THRESHOLD = 0.5
"""Support threshold without an embedder (lexical support only): on the labelled support cases the rejected
scores reach 0.35 and accepted ones start at 0.625, apart from 4 errors (see the tests)."""
NUMBER_PENALTY = 0.25
"""Factor per claim number found in no passage: one wrong number caps a score at 0.25."""
NAME_PENALTY = 0.4
"""Factor per proper-noun-like claim token found in no passage: one wrong name caps a score at 0.4."""
SHORT_CLAIM_TOKENS = 3
"""Claims of at most this many content tokens ("2018", "Jens Stoltenberg") count as short: an embedding says
little about a bare name or number, so all of it found is all the support there is."""
CONTRADICTION_CAP = 0.2
"""Highest score of a claim that negates its source or binds a name to another person's role."""
MIN_CLAUSE_TOKENS = 3
"""A clause is judged on its own only when it has at least this many content tokens."""
LOCAL_SENTENCES = 2
"""A claim is judged against the run of this many adjacent sentences of each cited passage that holds most
of its words: a passage widened by its neighbouring chunks names many people, places and numbers, and a
claim assembled from words scattered over it is not what the passage states."""
OUTLET_LINE = re.compile(r"\n\([^()\n]*\)\Z")
"""Who published a passage, as the verifier appends it: kept with whichever sentences are judged."""
CLAUSE_SHARE = 0.5
"""With an embedder, a clause caps the claim's score only when its own support is below this share of the
threshold: a clause embedded alone scores lower than the sentence it belongs to even when true (a
paraphrase, a pronoun), while an invented addition has next to no support."""


_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[–—]\s+"
    r"|,\s+(?=(?:which|who|whom|whose|where|while|whereas|although|but|so|and|yang|di mana|dimana|sementara|namun"
    r"|tetapi|sehingga|meskipun|padahal|dan)\b)"
    r"|,\s+(?=(?:a|an|the|sebuah|suatu)\s+[\w-]+\s+(?:that|which|who|yang)\b)"
    r"|\s+(?=(?:and then|and later|dan kemudian|lalu kemudian|because|karena|sebab)\b)",
    re.IGNORECASE,
)


def clauses(claim: str) -> list[str]:
    """The parts of a claim that must each be supported: split at semicolons, dashes, relative or
    contrasting clauses after a comma and reasons ("because", "karena"); parts with fewer than
    MIN_CLAUSE_TOKENS content tokens stay attached."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(claim) if p.strip()]
    out: list[str] = []
    for part in parts:
        if out and len(claim_tokens(part)) < MIN_CLAUSE_TOKENS:
            out[-1] = f"{out[-1]}, {part}"
        elif not out or len(claim_tokens(out[-1])) >= MIN_CLAUSE_TOKENS:
            out.append(part)
        else:
            out[-1] = f"{out[-1]}, {part}"
    return out


@dataclass
class SupportDetails:
    """The parts of one support score, for tests, calibration, debugging and the reason shown."""

    score: float
    lexical: float
    similarity: float | None
    """Highest cosine between the claim and a passage sentence or pair of sentences (None without an embedder)."""
    probability: float | None = None
    """The calibrated probability of support before the penalties (None without an embedder)."""
    missing_numbers: list[str] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)
    missing_tokens: list[str] = field(default_factory=list)
    weak_clause: str | None = None
    """The clause that capped the score, when a clause scored below the whole claim and the threshold."""
    roles: list[RoleConflict] = field(default_factory=list)
    negated: str | None = None
    """The passage clause the claim contradicts by negation."""
    unstated_cause: str | None = None
    """The cause the claim gives ("because ...") where the passage states that fact but not as a cause."""
    swapped: str | None = None
    """The passage sentence in which the claim's two parties stand the other way round, or which says someone
    else did what the claim's doer did (``parties``)."""

    @property
    def contradicts(self) -> bool:
        """Whether the claim negates, reassigns, reverses or gives a cause to what the passages state."""
        return bool(self.negated or self.roles or self.swapped or self.unstated_cause)

    def reason(self, threshold: float) -> str:
        """Why the claim is not supported ("" when it is), most specific first."""
        if self.score >= threshold:
            return ""
        if self.negated:
            return f'contradicts the passage: it negates "{self.negated}"'
        if self.roles:
            return "wrong role: " + "; ".join(c.reason() for c in self.roles)
        if self.swapped:
            return f'who did it to whom is not as the passage says: "{self.swapped}"'
        if self.unstated_cause:
            return f'a cause the passages do not give: they state "{self.unstated_cause}" but not as the reason'
        if self.missing_numbers:
            return f"wrong number: {', '.join(self.missing_numbers)} is not in the cited passages"
        if self.missing_names:
            return f"wrong name: {', '.join(self.missing_names)} is not in the cited passages"
        if self.weak_clause:
            return f'not in the cited passages: "{self.weak_clause}"'
        missing = f" (words not found: {', '.join(self.missing_tokens[:6])})" if self.missing_tokens else ""
        return f"content the cited passages do not hold{missing}"


def support_features(similarity: float, lexical: float, cross: bool, short: bool) -> dict[str, float]:
    """The feature values the support calibration reads (``FEATURES``): lexical support counts apart for a
    claim in the passages' own language and for one in another language, where fewer words can match."""
    return {
        "similarity": similarity,
        "lexical": 0.0 if cross else lexical,
        "lexical_cross": lexical if cross else 0.0,
        "cross": float(cross),
        "short": float(short),
    }


def is_short(claim: str) -> bool:
    """A bare name, number or date: few content tokens, or only capitalised words and digits."""
    words = re.findall(r"[^\W_]+", claim)
    return len(claim_tokens(claim)) <= SHORT_CLAIM_TOKENS or all(w[0].isupper() or w[0].isdigit() for w in words)


class OverlapEmbeddingJudge:
    """Claim-by-claim support: calibrated content similarity, required numbers and names, contradictions."""

    def __init__(
        self,
        embed: Embedder | None = None,
        threshold: float | None = None,
        *,
        calibration: Calibration | None = None,
        matcher: object | None = None,
    ) -> None:
        """``embed``: normalized embeddings, the same form for claims and passage sentences (None = lexical
        only); ``calibration``: the support calibration of that embedder (required with ``embed``);
        ``matcher``: a ``WordMatcher`` whose ``translations`` match a claim's names across languages."""
        if embed is not None and calibration is None:
            raise ValueError("an embedding judge needs the support calibration of its embedder")
        self.embed = embed
        self.calibration = calibration
        self.threshold = (
            threshold
            if threshold is not None
            else (calibration.threshold if embed is not None and calibration is not None else LEXICAL_THRESHOLD)
        )
        self.translations: Translations | None = getattr(matcher, "translations", None)
        self.align: Translations | None = getattr(matcher, "aligned", None)
        self._cache: dict[str, np.ndarray] = {}
        self._languages: dict[str, str] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, each text embedded once per judge."""
        assert self.embed is not None
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vecs = np.asarray(self.embed(todo), dtype=np.float32)
            for t, v in zip(todo, vecs, strict=True):
                self._cache[t] = v
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)

    def warm(self, claims: Sequence[str], passages: Sequence[str]) -> None:
        """Embed ``claims``, their clauses and the sentences of ``passages`` in one batch (scores use the cache)."""
        if self.embed is None:
            return
        texts = [strip_markers(c) for c in claims]
        texts += [part for c in texts for part in clauses(c) if part != c]
        self.vectors(texts + [s for p in passages for s in self._sentences(p)])

    @staticmethod
    def _sentences(passage: str) -> list[str]:
        sents = (re.sub(r"\s+", " ", s) for s in split_sentences(passage))
        return [s for s in sents if re.search(r"\w", s)]

    def similarity(self, claim: str, passages: Sequence[str]) -> float | None:
        """Highest cosine between the claim and a passage sentence or two adjacent sentences of a passage
        (their mean vector); None without an embedder."""
        if self.embed is None:
            return None
        per_passage = [self._sentences(p) for p in passages]
        sents = [s for group in per_passage for s in group]
        if not sents:
            return 0.0
        vecs = self.vectors([claim, *sents])
        rows = [vecs[1:]]
        at = 1
        for group in per_passage:
            if len(group) > 1:
                pairs = vecs[at : at + len(group) - 1] + vecs[at + 1 : at + len(group)]
                rows.append(pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-12))
            at += len(group)
        return float(np.max(np.concatenate(rows) @ vecs[0]))

    def lexical(self, claim: str, passages: Sequence[str], cross: bool) -> tuple[float, list[ClaimToken]]:
        """(lexical support, the tokens not found): ``lexical.lexical_support``, and for a claim in another
        language than the passages (``cross``) also the words the multilingual embedding aligns with words of
        the passages ("activities" with "kegiatan"). Names and numbers (ordinals too) are never aligned: they
        must be written, or match by the stricter ``translations`` (names)."""
        tokens = claim_tokens(claim)
        lex, missing = weighted_share(tokens, TokenIndex(passages))
        if not (cross and missing and self.align is not None):
            return lex, missing
        pool = list(dict.fromkeys(POOL_WORD.findall(" ".join(passages).lower())))
        words = [t.word for t in missing if not (t.is_number or t.is_name or t.word in PASSAGE_NUMBER_WORDS)]
        found = self.align(words, pool)
        if not found:
            return lex, missing
        gained = sum(t.weight for t in missing if t.word in found) / sum(t.weight for t in tokens)
        return lex + gained, [t for t in missing if t.word not in found]

    def _base(
        self, claim: str, passages: Sequence[str]
    ) -> tuple[float, float, float | None, float | None, list[ClaimToken]]:
        """(content score before penalties, lexical support, similarity, calibrated probability, missing tokens)."""
        cross = self._language(claim) != self._language(" ".join(passages))
        lex, missing = self.lexical(claim, passages, cross)
        sim = self.similarity(claim, passages)
        short = is_short(claim)
        if sim is None or self.calibration is None:
            return lex, lex, None, None, missing
        p = self.calibration.probability(support_features(sim, lex, cross, short))
        return (max(p, lex) if short else p), lex, sim, p, missing

    def _language(self, text: str) -> str:
        if text not in self._languages:
            self._languages[text] = question_language(text)
        return self._languages[text]

    def _names_elsewhere(self, names: list[str], passages: Sequence[str]) -> list[str]:
        """The names among ``names`` that no word of the passages translates (multilingual word embedding)."""
        if not names or self.translations is None:
            return names
        pool = [w for w in re.findall(r"[^\W\d_]+", " ".join(passages).lower()) if len(w) >= 3]
        found = self.translations(names, pool)
        return [n for n in names if n not in found]

    def local(self, claim: str, passages: Sequence[str]) -> list[str]:
        """Of each passage, the LOCAL_SENTENCES adjacent sentences that hold the largest share of the
        claim's words (the first such run), after the sentence before them that names whom they speak of
        when the claim names them (``attribution``), with the passage's outlet line."""
        tokens = claim_tokens(claim)
        out = []
        for passage in passages:
            outlet = OUTLET_LINE.search(passage)
            body, suffix = (passage[: outlet.start()], outlet.group(0)) if outlet else (passage, "")
            sents = self._sentences(body)
            if len(sents) <= LOCAL_SENTENCES:
                out.append(passage)
                continue
            runs = [self._named_run(tokens, sents, i) for i in range(len(sents) - LOCAL_SENTENCES + 1)]
            best = max(runs, key=lambda run: weighted_share(tokens, TokenIndex(run))[0])
            out.append(" ".join(best) + suffix)
        return out

    @staticmethod
    def _named_run(tokens: Sequence[ClaimToken], sents: Sequence[str], start: int) -> list[str]:
        """The LOCAL_SENTENCES sentences from ``start``, after the sentence that names whom they speak of when
        they do not and the claim does (``attribution``)."""
        run = list(sents[start : start + LOCAL_SENTENCES])
        named = naming_sentence(tokens, sents[:start], run)
        return run if named is None else [sents[named], *run]

    def details(self, claim: str, passages: Sequence[str]) -> SupportDetails:
        """The score of ``claim`` against the sentences of ``passages`` it rests on (``local``) and its parts."""
        claim = strip_markers(claim)
        if not passages or not claim_tokens(claim):
            return SupportDetails(0.0, 0.0, None)
        leading = leading_names(claim, passages)
        cited, passages = passages, self.local(claim, passages)
        base, lex, sim, p, missing = self._base(claim, passages)
        miss_num = [t.word for t in missing if t.is_number] + missing_units(claim, passages)
        local = TokenIndex(passages)
        cross = self._language(claim) != self._language(" ".join(passages))
        names = [t.word for t in missing if t.is_name and not (cross and t.word in GENERIC_HEADS)]
        names += [n for n in leading if n not in names and not local.has_name(n)]
        miss_name = self._names_elsewhere(names, passages)
        score = base * NUMBER_PENALTY ** len(miss_num) * NAME_PENALTY ** len(miss_name)
        weak: str | None = None
        parts = clauses(claim)
        if len(parts) > 1:
            clause_score, weakest = min((self._base(part, passages)[0], part) for part in parts)
            share = CLAUSE_SHARE if self.embed is not None else 1.0
            if clause_score < min(score, self.threshold * share):
                score, weak = clause_score, weakest
        conflicts = role_conflicts(claim, passages)
        negated = flipped(claim, cited)  # each phrase of the claim aligns with its own clause of the passages
        cause = unstated_cause(claim, passages)
        swapped = swapped_parties(claim, passages) or other_doer(claim, cited)
        if conflicts or negated or cause or swapped:
            score = min(score, CONTRADICTION_CAP)
        return SupportDetails(
            score=float(min(1.0, max(0.0, score))),
            lexical=lex,
            similarity=sim,
            probability=p,
            missing_numbers=miss_num,
            missing_names=miss_name,
            missing_tokens=[t.word for t in missing],
            weak_clause=weak,
            roles=conflicts,
            negated=negated,
            unstated_cause=cause,
            swapped=swapped,
        )

    def score(self, claim: str, passages: Sequence[str]) -> float:
        """How well ``passages`` together support ``claim``, 0..1."""
        return self.details(claim, passages).score

    def verdict(self, claim: str, passages: Sequence[str]) -> SupportVerdict:
        """The score, whether it reaches the threshold, and the most specific reason when it does not."""
        d = self.details(claim, passages)
        ok = d.score >= self.threshold
        return SupportVerdict(
            d.score, ok, d.reason(self.threshold), contradicted=not ok and bool(d.negated or d.roles or d.swapped)
        )

    def supports(self, claim: str, passages: Sequence[str]) -> bool:
        """Whether the score reaches the threshold."""
        return self.score(claim, passages) >= self.threshold
