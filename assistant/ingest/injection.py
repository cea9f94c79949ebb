"""Text in an article that is meant for an AI model (prompt injection), not for a reader.

Articles come from the open web. At ingest every chunk is checked (``screen.py`` runs this check, and the
embedding one for what it leaves in doubt); a flagged chunk is never used as evidence. Text is read as
``confusables.check_text`` gives it (look-alike letters folded to Latin, invisible characters removed), so
"іgnore" with a Cyrillic і or "SYSTΕM" with a Greek Ε read as what they imitate.

Two checks, both pure:

* the structure of a sentence (``directives.py``): it addresses an AI model or the reader and tells it what
  to say, answer, write, ignore or reveal, in whatever words;
* the patterns below, kept here in one place, for what has no such structure: chat-role labels ("SYSTEM:"),
  chat-template tokens ("[INST]"), set phrases ("as an AI language model", "ignore previous instructions").
  They aim at phrasings that address a model rather than at words news uses every day: "instruksi",
  "perintah", "sistem", "asisten", "menjawab setiap pertanyaan" stay unflagged. Indonesian imperative forms
  are matched as whole words ("abaikan", "jawab", "tampilkan"), so the prefixed verbs of news prose
  ("mengabaikan", "menjawab", "menampilkan") never match.

Besides instructions, numbered source lists ("Sumber: [1] Reuters, [2] BBC") and claims pinned to
numbered sources ("Menurut sumber [1][2], ...") are flagged: news articles never number their
sources that way; such text imitates the answer's own citation markers so that a model copies fake
sources and fake numbers into its answer.
"""

from __future__ import annotations

import re

from assistant.citations import split_sentences
from assistant.ingest.confusables import check_text
from assistant.ingest.directives import directive_phrase

_ANY = r"(?:all|any|the|your|my|these|those|of|every)"
_EARLIER = r"(?:previous|prior|above|preceding|earlier|foregoing|original|initial|system)"
_RULES = r"(?:instructions?|prompts?|directives?)"
_ID_RULES = r"(?:instruksi|perintah|arahan|petunjuk|prompt)"
_ID_EARLIER = r"(?:sebelumnya|terdahulu|di atas|yang (?:telah |sudah )?(?:diberikan|kamu terima|anda terima))"
_ROLES = r"(?:system|assistant|user|human)"
_LINE_START = r"(?:^|(?<=[.!?…\"”])[ \t]+)"  # the start of a line, or of a sentence after its end
_SHOW = r"(?:reveal|print|show|display|output|repeat|disclose|leak|dump|tell\s+me|give\s+me|write\s+out)"

INSTRUCTION_PATTERNS: tuple[str, ...] = (
    # "ignore (all) previous instructions", "disregard the above prompt", "forget your instructions"
    rf"\b(?:ignore|disregard|forget)\s+(?:{_ANY}\s+){{0,3}}{_EARLIER}\s+{_RULES}\b",
    rf"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?your\s+(?:\w+\s+)?{_RULES}\b",
    r"\bdisregard\s+(?:\w+\s+){0,3}instructions?\b",
    r"\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:above|before|prior)\b",
    # "abaikan (semua) instruksi/perintah (sebelumnya)", "lupakan instruksi", "jangan ikuti perintah sebelumnya"
    rf"\b(?:abaikan|abaikanlah|lupakan|lupakanlah)\s+(?:(?:semua|seluruh|segala|setiap)\s+)?{_ID_RULES}\b"
    rf"(?:\s+{_ID_EARLIER})?",
    rf"\bjangan\s+(?:ikuti|hiraukan|pedulikan|patuhi)\s+(?:(?:semua|seluruh|segala)\s+)?{_ID_RULES}\s+{_ID_EARLIER}",
    # "as an AI (language model)", "As an AI, you must ..." (not "as an AI company")
    r"\bas\s+an?\s+(?:AI|artificial\s+intelligence)(?:\s+(?:language\s+)?model|\s+assistant|\s+chatbot)?"
    r"(?=\s*[,:;]|\s+(?:you|i|we)\b)",
    r"\bas\s+an?\s+(?:large\s+)?language\s+model\b",
    # "sebagai AI, kamu ..." (not "sebagai AI pendamping")
    r"\bsebagai\s+(?:sebuah\s+)?(?:AI|kecerdasan\s+buatan|model\s+bahasa(?:\s+besar)?)"
    r"(?:\s+model\s+bahasa|\s+asisten)?(?=\s*[,:;]|\s+(?:kamu|anda|engkau|saya|aku)\b)",
    # "you are (now) ChatGPT / an AI / a language model", "kamu sekarang adalah ChatGPT"
    r"\byou\s+are\s+(?:now\s+)?(?:ChatGPT|GPT-?\d|an?\s+(?:AI|artificial\s+intelligence|(?:large\s+)?"
    r"language\s+model|helpful\s+assistant|AI\s+assistant|chatbot)\b|no\s+longer\s+an?\s+AI\b)",
    r"\b(?:kamu|anda|engkau)\s+(?:sekarang\s+)?(?:adalah|ialah|merupakan)\s+(?:sebuah\s+)?"
    r"(?:ChatGPT|AI\b|kecerdasan\s+buatan|model\s+bahasa|asisten\s+(?:AI|virtual))",
    # the model's hidden set-up
    r"\bsystem\s+prompt\b",
    r"\bsystem\s+prompts\b(?=\s*[.,;:)\]]|\s*$|\s+(?:and|or|of|are|were|that|which)\b)",  # not "the system prompts users to"
    r"\bprompt\s+sistem\b",
    # chat-role labels: "SYSTEM: ...", "User: ..." at the start of a line or sentence
    rf"{_LINE_START}{_ROLES}\s*:",
    # "reveal/print your (hidden) instructions", "show me the system prompt"
    rf"\b{_SHOW}\s+(?:(?:me|us)\s+)?(?:all\s+)?(?:of\s+)?your\s+(?:\w+\s+)?(?:instructions?|prompt|rules|guidelines)\b",
    rf"\b{_SHOW}\s+(?:(?:me|us)\s+)?(?:all\s+)?(?:of\s+)?the\s+(?:hidden|initial|system)\s+(?:instructions?|prompt)\b",
    # "tampilkan instruksi", "bocorkan prompt", "ungkapkan instruksi tersembunyi" (not "tuliskan perintah berikut")
    r"\b(?:tampilkan|bocorkan)\s+(?:(?:semua|seluruh)\s+)?(?:instruksi|prompt)(?:mu)?\b",
    r"\b(?:tunjukkan|ungkapkan|tuliskan|cetak|sebutkan)\s+(?:(?:semua|seluruh)\s+)?(?:instruksi|perintah|prompt)"
    r"(?:mu\b|\s+(?:sistem|tersembunyi|rahasia|kamu|anda|awal)\b)",
    # fixed answers: "answer every question with", "jawab setiap pertanyaan (hanya) dengan"
    r"\b(?:answer|respond\s+to|reply\s+to)\s+(?:every|each|all|any)\s+(?:questions?|quer(?:y|ies)|prompts?|messages?)"
    r"\s+(?:only\s+)?with\b",
    r"\b(?:jawab|jawablah)\s+(?:setiap|semua|tiap|seluruh)\s+pertanyaan\s+(?:(?:hanya|cukup|selalu)\s+)?dengan\b",
    r"\b(?:jawab|jawablah)\s+(?:hanya|cukup|selalu)\s+dengan\b",
    # new orders and chat-template tokens
    r"\b(?:new|updated|real|actual)\s+instructions?\s*:",
    r"\[/?INST\]",
    r"<<\s*/?SYS\s*>>",
    r"<\|\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\s*\|>",
    r"#{2,}\s*(?:instructions?|instruksi)\b",
    r"#{2,}\s*(?:response|input|system)\s*:",
    # fake citations: "Sumber: [1] Reuters, [2] BBC", "Menurut sumber [1][2], ...", "according to sources [1]"
    r"\b(?:sumber|sources?|referensi|references?)\s*:\s*\[\d{1,3}\]\s*\w[\w.&'-]*",
    r"\[\d{1,3}\]\s*(?-i:[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*[,;]\s*\[\d{1,3}\]\s*(?-i:[A-Z][\w.&'-]*)",  # "[2] BBC, [3] TASS"
    r"\b(?:menurut|according\s+to)\s+(?:(?:the|a|beberapa|para)\s+)?(?:sumber|sources?|laporan|reports?)\s*"
    r"(?:\[\d{1,3}\]\s*)+",
)
"""Regular expressions (case-insensitive, matched against whitespace-normalised text) for text that
addresses an AI model, in Indonesian and English."""

MAX_PHRASE_CHARS = 60
"""The longest phrase ``instruction_like`` returns (longer matches are cut with an ellipsis)."""

_COMPILED = tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in INSTRUCTION_PATTERNS)


def _short(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" .,;")
    if len(phrase) > MAX_PHRASE_CHARS:
        phrase = phrase[: MAX_PHRASE_CHARS - 1].rstrip() + "…"
    return phrase


def instruction_like(text: str) -> str | None:
    """The instruction-like phrase (short, for the ingest summary) when ``text`` looks like an instruction
    to an AI model, else None: the pattern match that starts first, else the first sentence whose
    structure is an order to an AI model or the reader."""
    normalised = check_text(text)
    matches = [m for pattern in _COMPILED if (m := pattern.search(normalised)) is not None]
    if matches:
        return _short(min(matches, key=lambda m: (m.start(), -len(m.group(0)))).group(0))
    for sentence in split_sentences(normalised):
        if (phrase := directive_phrase(sentence)) is not None:
            return _short(phrase)
    return None
