"""Name-role binding: does a claim give a person the role (title, office, kinship) the passages give them?

"Menteri Luar Negeri Andrei Belousov" is lexically well supported by a passage that lists "Menteri
Pertahanan Andrei Belousov, Menteri Luar Negeri Sergey Lavrov": every word is there, only the pairing is
wrong. This module reads, for every name in the claim, the role words written next to it (before it, or
in an appositive after it: "Yury Ushakov, ajudan Putin"), and checks that the passages write the same role
words next to the same name somewhere. Role words are title and office words of both languages
(``assistant.vocabulary.ROLE_WORDS``); English ones match Indonesian ones through the gloss table (minister/menteri,
foreign/luar, defence/pertahanan).

A conflict is reported only when the passages give the claimed role to someone else and never to that
name: Indonesian writes both titles ("Menteri Pertahanan Andrei Belousov") and possessives ("ajudan Putin",
Putin's aide) in front of names, so a role word next to a name alone proves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.lexical import ClaimToken, TokenIndex
from assistant.text import stem
from assistant.vocabulary import KINSHIP, ROLE_WORDS
from assistant.vocabulary import ROLE_HEADS as _HEADS

_NAME = re.compile(r"(?<![\w-])(?:[A-Z][\w]*(?:-[A-Z]?[\w]+)*)(?:\s+(?:[A-Z][\w]*(?:-[A-Z]?[\w]+)*))*")
_APPOSITIVE = re.compile(r"\s*,\s*(?!(?:dan|and|serta|atau|or)\b)([a-z][^,.;:!?]*)")
"""A lower-case phrase after a name and a comma ("Yury Ushakov, ajudan Putin"); not the next item of a list
(", dan Wakil Perdana Menteri ...")."""
_WINDOW_BEFORE = 5
_WINDOW_AFTER = 4


@dataclass(frozen=True)
class RoleConflict:
    """A name the claim gives a role that the passages give it not."""

    name: str
    claimed: str
    """The claim's role words next to the name."""
    found: str
    """The role words the passages write next to the name."""
    holder: str
    """A name the passages do give the claimed role ("" for a kinship the passages give as another)."""

    def reason(self) -> str:
        if not self.holder:
            return f'the passages call {self.name} "{self.found}", not "{self.claimed}"'
        return f'the passages call {self.name} "{self.found}"; "{self.claimed}" is {self.holder}'


def _is_role(word: str) -> bool:
    return word.lower() in ROLE_WORDS


def _is_person_word(word: str) -> bool:
    """A capitalised word that is neither a role word nor an acronym (NATO, AS)."""
    return not _is_role(word) and not (len(word) > 1 and word.isupper())


def _roles_before(text: str) -> list[str]:
    """The role words right before a position: contiguous role words, or (across a comma) the role words of
    the title in front of the comma ("Sekretaris Jenderal NATO, Jens Stoltenberg", "Penasihat kebijakan luar
    negeri, Yuri Ushakov") unless that title ends in a person's name."""
    words = re.findall(r"[^\W\d_]+|,", text)
    if words and words[-1] == ",":
        segment = re.split(r"[.;:!?\"“”()]|,", text.rstrip()[:-1])[-1]
        title = re.findall(r"[^\W\d_]+", segment)[-_WINDOW_BEFORE:]
        if not title or (title[-1][0].isupper() and _is_person_word(title[-1])):
            return []
        return [w for w in title if _is_role(w)]
    out: list[str] = []
    for w in reversed(words):
        if w == "," or not _is_role(w):
            break
        out.append(w)
    return list(reversed(out))


def role_contexts(text: str) -> list[tuple[str, list[str]]]:
    """(surname, role words next to it) for every capitalised name in ``text``.

    Role words count when they are part of the capitalised phrase ("Menteri Luar Negeri Sergey Lavrov"),
    right before it ("juru bicara ... John Kirby", "defence minister Andrei Belousov"), or in an appositive
    after it that starts in lower case ("Yury Ushakov, ajudan Putin,"). A phrase made only of role words
    and acronyms is not a name.
    """
    out: list[tuple[str, list[str]]] = []
    for m in _NAME.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group(0))
        people = [w for w in words if _is_person_word(w)]
        if not people:
            continue
        roles = [w for w in words if _is_role(w)] + _roles_before(text[: m.start()])
        appositive = _APPOSITIVE.match(text[m.end() :])
        if appositive:
            roles += [w for w in re.findall(r"[^\W\d_]+", appositive.group(1))[:_WINDOW_AFTER] if _is_role(w)]
        out.append((people[-1].lower(), [w.lower() for w in roles]))
    return out + _copula_contexts(text)


def full_names(text: str) -> list[list[str]]:
    """The capitalised runs of two or more words that are neither role words nor acronyms ("Ahmad Fauzi",
    "Ratna Sari Dewi"), each as its words, lower-cased; a sentence's first word is left out of a run."""
    out = []
    for m in _NAME.finditer(text):
        start = re.search(r"(?:^|[.!?]\s+|[\"“‘(]\s*)$", text[: m.start()]) is not None
        words = re.findall(r"[^\W\d_]+", m.group(0))[1 if start else 0 :]
        people = [w.lower() for w in words if _is_person_word(w)]
        if len(people) >= 2:
            out.append(people)
    return out


_COPULA = re.compile(r"\b(?:was|is|were|are|adalah|ialah|yaitu|yakni)\b")


def _copula_contexts(text: str) -> list[tuple[str, list[str]]]:
    """(surname, role words) bound by a copula: "The defence minister ... was Sergey Lavrov", "Lavrov adalah
    menteri luar negeri". The role side holds a role head and no name of its own right next to the copula."""
    out: list[tuple[str, list[str]]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for m in _COPULA.finditer(sentence):
            left, right = sentence[: m.start()], sentence[m.end() :]
            for role_side, name_side, first in ((left, right, True), (right, left, False)):
                names = [n for n in _NAME.finditer(name_side) if any(_is_person_word(w) for w in n.group(0).split())]
                roles = [w.lower() for w in re.findall(r"[^\W\d_]+", role_side) if _is_role(w)]
                if not names or not any(w in _HEADS for w in roles):
                    continue
                name = names[0] if first else names[-1]
                gap = name_side[: name.start()] if first else name_side[name.end() :]
                if re.fullmatch(r"[\s,]*(?:the|sang|si)?[\s,]*", gap, re.IGNORECASE):
                    people = [w for w in re.findall(r"[^\W\d_]+", name.group(0)) if _is_person_word(w)]
                    out.append((people[-1].lower(), roles))
    return out


def _token(word: str) -> ClaimToken:
    return ClaimToken(token=stem(word), word=word, is_number=False, is_name=False)


def _has_role(claimed: Sequence[ClaimToken], found: Sequence[str]) -> bool:
    index = TokenIndex([" ".join(found)])
    return all(index.has(t) for t in claimed)


def role_conflicts(claim: str, passages: Sequence[str]) -> list[RoleConflict]:
    """Names the claim gives a role that the passages give to someone else (and never to that name)."""
    passage_roles: dict[str, list[list[str]]] = {}
    for text in passages:
        for surname, roles in role_contexts(text):
            if roles:
                passage_roles.setdefault(surname, []).append(roles)
    conflicts: list[RoleConflict] = []
    for surname, claimed in role_contexts(claim):
        if not any(w in _HEADS for w in claimed) or surname not in passage_roles:
            continue
        wanted = [_token(w) for w in claimed]
        if any(_has_role(wanted, found) for found in passage_roles[surname]):
            continue
        holders = [
            other
            for other, contexts in passage_roles.items()
            if other != surname and any(_has_role(wanted, f) for f in contexts)
        ]
        if not holders and not _other_kin(claimed, passage_roles[surname]):
            continue
        found = " / ".join(dict.fromkeys(" ".join(f) for f in passage_roles[surname]))
        holder = holders[0].capitalize() if holders else ""
        conflicts.append(RoleConflict(surname.capitalize(), " ".join(claimed), found, holder))
    return conflicts


def _other_kin(claimed: Sequence[str], found: Sequence[Sequence[str]]) -> bool:
    """Whether the claim makes a name one relative ("kakek") where the passages make it another ("ayah"): a
    kinship word next to a name may be the name's own or a possessive's ("ayah Kim Jong Un"), but a pair of
    people are one kind of relatives, so a claimed kin word the passages never write beside the name, where
    they write another, is a swap."""
    kin = [_token(w) for w in claimed if w in KINSHIP]
    theirs = [f for f in found if any(w in KINSHIP for w in f)]
    return bool(kin) and bool(theirs) and not any(_has_role(kin, f) for f in theirs)
