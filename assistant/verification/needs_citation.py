"""Does an answer sentence need a citation? Filler, meta talk about the sources and refusals do not."""

from __future__ import annotations

import re

from assistant.citations import strip_markers
from assistant.text import content_tokens

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
    return any((w[0].isdigit() or w[0].isupper()) and w.lower() not in _FILLER_WORDS for w in word_list)
