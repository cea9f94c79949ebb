"""Does a cited passage support an answer sentence? Judges, the checks behind them, "needs a citation?"."""

from assistant.lexical import claim_tokens, lexical_support, numbers
from assistant.verification.judge import (
    LEXICAL_THRESHOLD,
    OverlapEmbeddingJudge,
    SupportDetails,
    clauses,
)
from assistant.verification.needs_citation import needs_citation
from assistant.verification.support import SupportJudge, SupportVerdict, attribute, verdict

__all__ = [
    "LEXICAL_THRESHOLD",
    "OverlapEmbeddingJudge",
    "SupportDetails",
    "SupportJudge",
    "SupportVerdict",
    "attribute",
    "claim_tokens",
    "clauses",
    "lexical_support",
    "needs_citation",
    "numbers",
    "verdict",
]
