"""Answers to newsroom questions (``assistant.answering.outlets``), made from the passages, not the model.

* "Which outlets reported CLAIM?": the passages retrieved for the claim (and its translation into the
  articles' language) that the support judge finds support it; one passage per outlet, each cited, and the
  answer lists the outlets ("BaperaNews, PERSPEKTIF.CO.ID and RADARCIREBON.TV reported that ... [1][2][3]"),
  verified like any answer.
* "Did X and Y agree on CLAIM?": each outlet's best passage for the claim (its articles only); when their
  values of the same slot conflict (``disagreement``) the answer is "no", with both sides cited and the
  disagreement recorded; when both report it, "yes" with both cited; when one does not, it says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.answering.condense import ASKING_WORDS, Similar
from assistant.answering.crosslingual import WordMatcher
from assistant.answering.disagreement import Found, add_to_answer, found_in_slot, passage_facts
from assistant.answering.forms import QueryForms
from assistant.answering.outlets import AgreeQuestion, WhichOutlets, outlet_question
from assistant.answering.search import search_forms
from assistant.answering.selection import Selection
from assistant.answering.sentences import passage_sentences
from assistant.answering.slots import same_slot
from assistant.answering.spans import ArticleTexts, with_spans
from assistant.citations import format_answer
from assistant.lexical import TokenIndex
from assistant.retrieval import Searcher
from assistant.retrieval.filters import ArticleFilter
from assistant.types import Answer, AnswerSentence, Citation, Passage
from assistant.verification import SupportJudge, claim_tokens, verdict

ALL_WORDS = 0.99
"""Share of a claim's words a passage must hold to report a claim the judge cannot score as a sentence."""
REPORTED_ONLY = 0.5
"""The score such a report gets (below any the judge gives a full sentence)."""
MIN_CLAIM_WORDS = 3
"""A claim needs this many content words to be reported on its words alone."""
HELD_SHARE = 0.5
"""Share of a claim's words (names and numbers aside) a sentence must hold itself to report the claim with its
neighbours' help."""
WITH_CONTEXT = 0.9
"""A sentence that reports the claim only with its passage's neighbours counts for a little less."""
OUTLET_PASSAGES = 12
"""Passages retrieved for a claim when asking which outlets reported it (more than an answer reads: every
outlet counts)."""
WORDS = {
    "en": {"and": "and", "reported": "{outlets} reported {claim}", "yes": "Yes, both report it",
           "no": "No.", "only": "Only {one} reports it, no passage of {other} does",
           "none": "none", "unnamed": "an article without an outlet name",
           "checked": "lists the outlets whose passages support the claim",
           "agree": "compares what each outlet's articles say"},
    "id": {"and": "dan", "reported": "{outlets} memberitakan {claim}", "yes": "Ya, keduanya memberitakannya",
           "no": "Tidak.", "only": "Hanya {one} yang memberitakannya, artikel {other} tidak",
           "none": "tidak ada", "unnamed": "sebuah artikel tanpa nama media",
           "checked": "menyebut media yang bagian artikelnya mendukung klaim itu",
           "agree": "membandingkan isi artikel tiap media"},
}  # fmt: skip


class Parts(Protocol):
    """What a newsroom answer needs from the engine."""

    searcher: Searcher
    judge: SupportJudge
    texts: ArticleTexts
    matcher: WordMatcher

    def forms(self, question: str, standalone: str | None = None) -> QueryForms: ...

    def select(self, forms: QueryForms, passages: Sequence[Passage]) -> Selection: ...


@dataclass(frozen=True)
class Backing:
    """A passage that supports the claim, and its sentence that does most."""

    passage: Passage
    sentence: str
    score: float


def claims(asked: WhichOutlets | AgreeQuestion, forms: QueryForms, known: Sequence[str]) -> list[str]:
    """The claim, and the claim read from the question's translation when a model made one."""
    out = [asked.claim]
    if forms.translation is not None:
        translated = outlet_question(forms.translation.text, known)
        out.append(translated.claim if translated is not None else forms.translation.text)
    return list(dict.fromkeys(out))


def reports(judge: SupportJudge, claim: str, texts: Sequence[str]) -> float | None:
    """How well ``texts`` report ``claim`` (None: they do not): the support judge's verdict, or, for a claim
    that is only a noun phrase ("sambutan karpet merah untuk Putin"), which a sentence never paraphrases
    closely, every word of it found with none of the judge's checks objecting (a name, a number, a role, a
    negation)."""
    result = verdict(judge, claim, texts)
    if result.supported:
        return result.score
    details = getattr(judge, "details", None)
    if callable(details):
        d = details(claim, texts)
        objections = d.missing_names or d.missing_numbers or d.roles or d.negated
        if d.lexical >= ALL_WORDS and not objections and len(claim_tokens(claim)) >= MIN_CLAIM_WORDS:
            return d.lexical * REPORTED_ONLY
    return None


def about_the_claim(claim: str, sentence: str, similar: Similar | None = None) -> bool:
    """Whether ``sentence`` itself states most of what ``claim`` says: at least HELD_SHARE of its words that
    are not names or numbers, each as written, as a form of it or (``similar``) as a word near it in meaning.
    Its passage's neighbours and its article's title may then supply the rest ("Kunjungan ini, yang pertama
    ... dalam 24 tahun" under a title naming Putin); a sentence sharing only a word or the names is no report."""
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][\w'’-]*", claim)}  # a name, even opening the claim
    words = [t for t in claim_tokens(claim) if not (t.is_name or t.is_number or t.word in capitalised)]
    index = TokenIndex([sentence])
    missing = [t.word for t in words if not index.has(t)]
    if missing and similar is not None:
        near = similar(missing, [w.lower() for w in re.findall(r"[^\W\d_]+", sentence)])
        missing = [w for w in missing if w not in near]
    return bool(words) and len(words) - len(missing) >= HELD_SHARE * len(words)


def backing(
    judge: SupportJudge,
    claims: Sequence[str],
    passages: Sequence[Passage],
    context: Callable[[Passage], str],
    similar: Similar | None = None,
) -> list[Backing]:
    """The passages that report one of the claim's forms (a sentence, read with the passage's neighbours and
    its article's title, where the subject may be named), one per outlet: named outlets first, each group best first."""
    found: dict[str, Backing] = {}
    for p in passages:
        if p.instruction:
            continue
        around = [context(p), p.title] if p.title else [context(p)]
        best: Backing | None = None
        for sentence in passage_sentences(p.text):
            for claim in claims:
                alone = reports(judge, claim, [sentence])
                score = alone
                if alone is None and about_the_claim(claim, sentence, similar):
                    score = reports(judge, claim, [sentence, *around])
                    score = None if score is None else score * WITH_CONTEXT
                if score is not None and (best is None or score > best.score):
                    best = Backing(p, sentence.strip("“”\"' "), score)
        if best is not None and (p.source not in found or best.score > found[p.source].score):
            found[p.source] = best
    return sorted(found.values(), key=lambda b: (not b.passage.outlet, -b.score))


def _names(items: Sequence[str], language: str) -> str:
    words = WORDS[language]
    if len(items) <= 1:
        return items[0] if items else words["none"]
    return f"{', '.join(items[:-1])} {words['and']} {items[-1]}"


def _label(passage: Passage, language: str) -> str:
    return passage.outlet or WORDS[language]["unnamed"]


def _finish(result: Answer, text: str, backed: Sequence[Backing], texts: ArticleTexts, reason: str) -> Answer:
    """The answer: one sentence citing every backing passage, each with the sentence that backs it. The
    sentence is supported by construction: each cited passage was checked to report the claim."""
    result.citations = with_spans([Citation.of(i, b.passage, b.sentence) for i, b in enumerate(backed, 1)], texts)
    markers = list(range(1, len(backed) + 1))
    score = round(min(b.score for b in backed), 4)
    result.sentences = [AnswerSentence(text=text, citations=markers, supported=True, score=score)]
    result.answer = format_answer([(text, markers)])
    result.answers_question, result.answer_check = True, reason
    result.sources = len({b.passage.source for b in backed})
    return result


def answer_which(engine: Parts, asked: WhichOutlets, result: Answer, found: ArticleFilter | None) -> Answer | None:
    """The outlets whose passages support the claim, each cited; None when none does (the caller refuses)."""
    language = result.language if result.language in WORDS else "en"
    forms = engine.forms(result.question, result.standalone_question)
    texts = claims(asked, forms, engine.searcher.outlets)
    passages = search_forms(engine.searcher, texts, OUTLET_PASSAGES, found)
    result.passages = passages
    backed = backing(engine.judge, texts, passages, engine.searcher.surroundings, engine.matcher.translations)
    if not backed:
        return None
    outlets = _names([_label(b.passage, language) for b in backed], language)
    claim = f"{asked.about} {asked.claim}".strip().rstrip(".")
    text = WORDS[language]["reported"].format(outlets=outlets, claim=claim) + "."
    return _finish(result, text, backed, engine.texts, WORDS[language]["checked"])


def answer_agree(engine: Parts, asked: AgreeQuestion, result: Answer, found: ArticleFilter | None) -> Answer | None:
    """Whether the outlets report the claim alike (see the module docstring); None when neither says a thing
    about it (the caller refuses)."""
    language = result.language if result.language in WORDS else "en"
    forms = engine.forms(result.question, result.standalone_question)
    texts = claims(asked, forms, engine.searcher.outlets)
    sides: list[tuple[str, Backing | None]] = []
    every: list[Passage] = []
    for outlet in asked.outlets:
        only = ArticleFilter((outlet,), found.since if found else None, found.until if found else None)
        passages = search_forms(engine.searcher, texts, OUTLET_PASSAGES // 2, only)
        every += passages
        if topic(asked.claim):
            backed = _best_evidence(engine, texts, passages)
        else:
            backed = backing(engine.judge, texts, passages, engine.searcher.surroundings, engine.matcher.translations)
        sides.append((outlet, backed[0] if backed else None))
    result.passages = every
    present = [b for _, b in sides if b is not None]
    if not present:
        return None
    words = WORDS[language]
    if len(present) < len(sides):
        one = next(o for o, b in sides if b is not None)
        other = next(o for o, b in sides if b is None)
        text = f"{words['only'].format(one=one, other=other)}: {_quotes(present, language)}."
        answer = _finish(result, text, present, engine.texts, words["agree"])
        answer.quoted = True
        return answer
    disagreement = _differ([b.passage for b in present])
    if disagreement is not None:
        result.answer, result.answers_question, result.answer_check = words["no"], True, words["agree"]
        add_to_answer(result, disagreement, engine.texts)
        result.sources = len({c.passage.source for c in result.citations})
        return result
    text = f"{words['yes']}: {_quotes(present, language)}."
    answer = _finish(result, text, present, engine.texts, words["agree"])
    answer.quoted = True  # the outlets' own sentences, in the articles' language
    return answer


def _quotes(backed: Sequence[Backing], language: str) -> str:
    """ "BaperaNews: “…”; PERSPEKTIF.CO.ID: “…”": each outlet's sentence (the citations follow the sentence)."""
    return "; ".join(f"{_label(b.passage, language)}: “{b.sentence.rstrip('.!?')}”" for b in backed)


def answer_newsroom(
    engine: Parts, forms: QueryForms, result: Answer, found: ArticleFilter | None
) -> Answer | str | None:
    """The answer to a newsroom question; a refusal reason when the passages do not hold one; None when the
    question is no newsroom question."""
    asked = outlet_question(forms.analysis.text, engine.searcher.outlets)
    if asked is None:
        return None
    if isinstance(asked, WhichOutlets):
        return answer_which(engine, asked, result, found) or "no outlet's passage states it"
    return answer_agree(engine, asked, result, found) or "neither outlet's articles say anything about it"


def topic(claim: str) -> bool:
    """Whether an agree question's claim is a topic ("which church Putin would visit", "berapa lama kunjungan
    itu") rather than a statement ("akan ada dokumen yang diteken")."""
    first = claim.split()[0].lower() if claim.split() else ""
    return first in ASKING_WORDS or first in ("whether", "apakah", "soal", "tentang")


def _best_evidence(engine: Parts, texts: Sequence[str], passages: Sequence[Passage]) -> list[Backing]:
    """For a claim that is a topic ("which church Putin would visit"), the outlet's answering evidence."""
    if not passages:
        return []
    selection = engine.select(engine.forms(texts[-1]), passages)
    return [Backing(selection.passages[e.passage], e.sentence, e.score) for e in selection.answering[:1]]


def _differ(passages: Sequence[Passage]) -> Found | None:
    """A disagreement between the outlets' passages: a slot both fill with conflicting values."""
    facts = passage_facts(passages)
    for fact, passage in facts:
        slot = [(fact, passage)] + [(g, q) for g, q in facts if q.source != passage.source and same_slot(fact, g)]
        found = found_in_slot(fact.kind, slot) if len(slot) > 1 else None
        if found is not None:
            return found
    return None
