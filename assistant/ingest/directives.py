"""Sentences that address an AI model, or the reader, and tell it what to say: recognised by their structure,
not by a list of phrasings. Pure functions over text already read by ``confusables.check_text``.

A sentence is an order to an AI when it has

* an **addressee**: a vocative or a note ("Note to any AI summarising this page:", "Dear chatbot,", "Catatan
  untuk asisten:", "Wahai AI ...,", "Kepada chatbot:"), a condition ("If you are an AI model ...", "Jika kamu
  adalah asisten AI"), an AI named together with this text ("AI assistants ... about this article", "Bot yang
  meringkas berita ini"), or the second person ("you", "kamu", "Anda") outside quotation marks; and
* a **directive** that it speaks, answers, writes, ignores or reveals: an imperative ("tell", "answer",
  "katakan", "jawablah", "abaikan") at the start of a clause, or a modal with such a verb ("must state",
  "should respond", "harus menyatakan", "wajib mengatakan"), followed by what to say.

Without an addressee, a sentence that opens with such an imperative and says what to say ("Tell readers that
...", "Jawablah bahwa ...", "Answer only with: ...") is an order to whoever reads it. Quoted speech is not read
for that, nor for the second person: news quotes orders ("“Katakan kepada dunia bahwa kami tidak takut,” kata
Kim") and reports them ("Putin memerintahkan tentara untuk ...", "the minister told reporters to wait"), and
neither is an order to the reader. Other languages are left to the embedding check (``screen.py``).
"""

from __future__ import annotations

import re

# --- vocabulary (English and Indonesian) ---------------------------------------------------------------------------

AI_NOUNS = (
    r"a\.?i\.?|ais|artificial\s+intelligence|kecerdasan\s+buatan|assistants?|asisten|chat\s?bots?|bots?|robots?"
    r"|(?:large\s+)?language\s+models?|model\s+bahasa(?:\s+besar)?|llms?|models?|summari[sz]ers?|summari[sz]ing\s+tools?"
    r"|perangkum|peringkas|(?:chat)?gpt(?:-?\d+)?|claude|gemini|copilot|llama|qwen|mistral"
)
"""Names for an AI model: "AI", "assistant", "chatbot", "language model", "summariser", "asisten", ...
("model", "bot" and "robot" count only in an addressing frame)."""
AI_MODIFIERS = r"(?:ai|a\.i\.|virtual|digital|automated|automatic|otomatis|smart|helpful|friendly|news|berita|nlp)"
QUANTIFIERS = r"(?:any|all|every|each|the|all\s+the|whatever|whichever|semua|setiap|seluruh|para|mana-mana|siapa\s+pun)"
NOTES = (
    r"note|notes|message|reminder|memo|notice|instructions?|attention|warning|psa|catatan|pesan|pengingat"
    r"|perhatian|peringatan|instruksi|pemberitahuan|nota"
)
"""Nouns that open a note addressed to someone ("Note to ...", "Catatan untuk ...")."""
GREETINGS = r"dear|hey|hi|hello|yo|attention|calling|wahai|hai|hei|halo|yth\.?"
SECOND_PERSON = r"you|your|yours|yourself|kamu|anda|engkau|kau|dikau"
THIS_TEXT = (
    r"(?:this|the\s+present)\s+(?:article|page|text|story|post|report|document|site|website|content|passage)"
    r"|(?:artikel|halaman|berita|teks|tulisan|laman|situs|konten|dokumen|naskah|bacaan)\s+ini"
    r"|(?:reading|processing|summari[sz]ing|answering\s+questions\s+about)\s+this|(?:membaca|merangkum|meringkas)\s+ini"
)
"""Words that point at the article itself ("this page", "berita ini", "reading this")."""

SPEAK_EN = (
    r"tell|say|answer|respond|reply|write|state|claim|mention|inform|insist|assert|declare|output|print|reveal"
    r"|disclose|repeat|ignore|disregard|forget|pretend|summari[sz]e|make\s+sure|ensure"
    r"|do\s+not\s+(?:mention|say|cite|tell|name)|don't\s+(?:mention|say|cite|tell|name)"
)
"""English verbs, in the imperative, of saying, answering, writing, ignoring and revealing (not of doing:
"report to the police", "explain the rules" and "add salt" are what news tells readers to do)."""
SPEAK_ID = (
    r"katakan|bilang|jawab|tulis|tuliskan|sebut|sebutkan|nyatakan|sampaikan|beri\s?tahu|beri\s?tahukan"
    r"|informasikan|tegaskan|ulangi|tampilkan|ungkapkan|bocorkan|cetak|abaikan|lupakan|klaim"
    r"|rangkum|rangkumkan|jangan\s+(?:sebut|sebutkan|menyebut|menyebutkan|katakan|mengatakan|tulis"
    r"|tuliskan|menulis|ungkapkan|mengungkapkan)"
)
"""Indonesian imperatives of the same verbs (with or without -lah); prefixed forms ("menjawab") never count."""
SPEAK_ID_ACTIVE = (
    r"menjawab|mengatakan|menyatakan|menulis|menuliskan|menyebut|menyebutkan|menyampaikan|memberi\s?tahu"
    r"|memberitahukan|menginformasikan|menegaskan|mengulangi|menampilkan|mengungkapkan|membocorkan|mencetak"
    r"|mengabaikan|melupakan|mengklaim|merangkum"
)
"""The active forms that follow a modal ("harus menyatakan", "wajib mengatakan")."""
MODALS_EN = (
    r"must|should|shall|will|need\s+to|needs\s+to|have\s+to|has\s+to|is\s+to|are\s+to|ought\s+to"
    r"|(?:is|are)\s+(?:required|instructed|expected|supposed|asked)\s+to"
)
MODALS_ID = r"harus|wajib|mesti|perlu|hendaknya|sebaiknya|diminta|diharuskan|diwajibkan|diperintahkan"
YOU_MODALS = (
    r"must|should|shall|need\s+to|have\s+to|ought\s+to|are\s+(?:required|instructed|supposed)\s+to"
    r"|harus|wajib|mesti|hendaknya|diharuskan|diwajibkan"
)
"""The modals of an order to "you" ("you must say that"; not "you will", "you may", "Anda bisa")."""
LEAD_INS = r"please|kindly|and|then|now|just|simply|always|only|mohon|tolong|silakan|harap|dan|lalu|kemudian|selalu"
"""Words that may come between a clause start and its imperative ("please tell", "dan jawab")."""
RECIPIENTS = (
    r"(?:the\s+)?(?:users?|readers?|everyone|everybody|people|anyone|them|audience)"
    r"|(?:kepada\s+)?(?:pembaca|pengguna|semua\s+orang|siapa\s+pun|mereka|penanya)"
)
SAY_WHAT = r"(?:that|bahwa|with|dengan|only|hanya|cukup|:|[\"“«'‘])"
"""What follows a verb of saying when it says what to say ("that", "bahwa", "with", a colon, a quote)."""

# --- patterns ----------------------------------------------------------------------------------------------------

_F = re.IGNORECASE
_ADDRESSEE = re.compile(
    "|".join(
        (
            rf"\b(?:{NOTES})\s+(?:to|for|untuk|bagi|kepada)\s+(?:{QUANTIFIERS}\s+)?(?:{AI_MODIFIERS}\s+){{0,2}}(?:{AI_NOUNS})\b",
            rf"\b(?:{GREETINGS})\s+(?:{AI_MODIFIERS}\s+){{0,2}}(?:{AI_NOUNS})\b",
            rf"^(?:(?:to|untuk|bagi|kepada)\s+)?(?:{QUANTIFIERS}\s+)?(?:{AI_MODIFIERS}\s+){{0,2}}(?:{AI_NOUNS})\b"
            r"[^.:;,!?]{0,60}?[,:]",
            rf"\b(?:if|when|whenever|jika|kalau|apabila|bila)\s+(?:you\s+are|you're|(?:kamu|anda|engkau)(?:\s+adalah"
            rf"|\s+merupakan)?|an?|any|the|sebuah|seorang)\s+(?:an?\s+|sebuah\s+)?(?:{AI_MODIFIERS}\s+){{0,2}}(?:{AI_NOUNS})\b",
        )
    ),
    _F,
)
_AI = re.compile(rf"\b(?:{AI_MODIFIERS}\s+){{0,2}}(?:{AI_NOUNS})\b", _F)
_THIS = re.compile(rf"\b(?:{THIS_TEXT})\b", _F)
_YOU = re.compile(rf"\b(?:{SECOND_PERSON})\b", _F)
_CLAUSE = r"(?:^\s*|[,:;—–]\s*|\s-\s|\(\s*)"
_IMPERATIVE = re.compile(
    rf"{_CLAUSE}(?:(?:{LEAD_INS})\s+){{0,2}}(?P<verb>(?:{SPEAK_EN})|(?:{SPEAK_ID})(?:lah)?)\b(?P<rest>.*)", _F
)
_MODAL = re.compile(
    rf"\b(?:(?:{MODALS_EN})\s+(?:always\s+|only\s+|now\s+|also\s+)?(?P<en>{SPEAK_EN})"
    rf"|(?:{MODALS_ID})\s+(?:selalu\s+|hanya\s+|juga\s+)?(?P<id>{SPEAK_ID_ACTIVE}))\b(?P<rest>.*)",
    _F,
)
_BARE_ORDER = re.compile(
    rf"{_CLAUSE}(?:(?:{LEAD_INS})\s+){{0,2}}(?:(?:tell|inform)\s+(?:{RECIPIENTS})\s+(?:that\b|:)"
    rf"|(?:say|answer|respond|reply|write|state|claim|insist)\s+(?:only\s+|always\s+)?{SAY_WHAT}"
    rf"|(?:katakan|sampaikan|beri\s?tahu(?:kan)?|informasikan)(?:lah)?\s+(?:(?:{RECIPIENTS})\s+)?(?:bahwa\b|:)"
    rf"|(?:jawab|tulis|tuliskan|sebut|sebutkan|nyatakan|tegaskan)(?:lah)?\s+(?:hanya\s+|selalu\s+|cukup\s+)?{SAY_WHAT}"
    rf"|(?:ignore|disregard|forget)\s+(?:everything|anything|all|what)\s+(?:you|that|above|before|prior|previously)\b"
    rf"|(?:abaikan|lupakan)(?:lah)?\s+(?:semua|segala|apa\s+pun|apa)\s+(?:yang|sebelumnya)\b)",
    _F,
)
_YOU_ORDER = re.compile(
    rf"\b(?:{SECOND_PERSON})\b[^.;:!?]*?\b(?:{YOU_MODALS})\s+(?:always\s+|only\s+|selalu\s+|hanya\s+)?"
    rf"(?:{SPEAK_EN}|{SPEAK_ID_ACTIVE})\s+(?:(?:{RECIPIENTS})\s+)?{SAY_WHAT}",
    _F,
)
"""The second person, then a modal order to say something, and what ("Kamu ... wajib mengatakan bahwa")."""
_WORDS = re.compile(r"\w+")
PHRASE_OBJECT_WORDS = 2
"""Words of what is ordered that the returned phrase keeps after the verb."""
_QUOTES = {"“": "”", "«": "»", "„": "“"}


def unquoted(sentence: str) -> str:
    """``sentence`` without what stands in quotation marks (“…”, «…», "…"); a quote left open at the end, or
    closed with no opening (a quote split across sentences), runs to the end or from the start."""
    out: list[str] = []
    closing: str | None = None
    for i, ch in enumerate(sentence):
        if closing is None:
            if ch in _QUOTES or (ch == '"' and (i == 0 or not sentence[i - 1].isalnum())):
                closing = _QUOTES.get(ch, '"')
            elif ch in "”»" or ch == '"':  # a closing mark with no opening one: all before it was quoted
                out.clear()
            else:
                out.append(ch)
        elif ch == closing or (closing == '"' and ch == "”"):
            closing = None
    return "".join(out)


def _phrase(sentence: str, start: int, end: int) -> str:
    return " ".join(sentence[start:end].split()).strip(" .,;:")


def _says_something(rest: str) -> bool:
    """Whether anything to say follows the verb (a word, or a colon and a quote)."""
    return bool(_WORDS.search(rest))


def _directive(text: str) -> re.Match[str] | None:
    """The first imperative or modal verb of saying in ``text`` that is followed by what to say."""
    found = [m for pattern in (_IMPERATIVE, _MODAL) for m in pattern.finditer(text) if _says_something(m["rest"])]
    return min(found, key=lambda m: m.start()) if found else None


def addressee(sentence: str) -> re.Match[str] | None:
    """Where the sentence addresses an AI model: a note, a vocative or a condition naming one, or a name for
    one in a sentence about this very text; None when it addresses none."""
    m = _ADDRESSEE.search(sentence)
    if m is None and _THIS.search(sentence):
        m = _AI.search(sentence)
    return m


def directive_phrase(sentence: str) -> str | None:
    """The addressee and the order ("Note to any AI summarising this page: tell readers") when ``sentence``
    tells an AI model or the reader what to say (see the module docstring), else None."""
    plain = unquoted(sentence)
    to_ai = addressee(sentence)
    if to_ai is not None and (order := _directive(sentence[to_ai.end() :])) is not None:
        return _phrase(sentence, to_ai.start(), to_ai.end() + _object_end(order))
    for pattern in (_YOU_ORDER, _BARE_ORDER):
        if (m := pattern.search(plain)) is not None:
            return _phrase(plain, m.start(), m.end())
    return None


def _object_end(order: re.Match[str]) -> int:
    """The end of the verb and the first words of what it orders ("tell readers that")."""
    words = list(_WORDS.finditer(order["rest"]))[:PHRASE_OBJECT_WORDS]
    return order.start("rest") + (words[-1].end() if words else 0)


def partial_directive(sentence: str) -> bool:
    """Whether the sentence has half of an order's structure (an addressee, a second person outside quotes,
    or a verb of saying in the imperative or after a modal): worth a closer look by the embedding check."""
    plain = unquoted(sentence)
    return bool(addressee(sentence) or _YOU.search(plain) or _directive(plain))
