"""Limits before work: the size and shape of a document, and the length and characters of every string input.

Two checks, each in one place and applied on every path (HTTP, websocket, the compiled read path):

- **Documents** (`documents`): bytes and tokens before parsing (smaller for callers not signed in, whose new
  documents are also budgeted per address), then one linear pass over the parsed document that counts what
  validation would work through: fields per selection set with fragments flattened, the same response key
  repeated in one selection set, fragment spreads, nesting, directives, and the same directive twice on one
  location. A document over a cap is refused before the specification's rules run (their cost grows with the
  square of repeated fields).
- **String inputs** (`inputs`): every argument and input field of type String or ID, literal or variable,
  operation defaults included, is checked on the coerced values before a resolver runs: a declared maximum
  length (`MAXIMA`, with defaults for anything undeclared) and no NUL, other control characters or lone
  surrogates (line breaks only where the field holds free text).
"""

from rapport.graphql.limits.documents import (
    DocumentCaps,
    DocumentLimits,
    NewDocumentBudget,
    checked_document,
    document_problem,
    is_parsed,
    parse_within,
    size_problem,
    without_suggestions,
)
from rapport.graphql.limits.inputs import (
    LIST_MAXIMA,
    MAX_LIST_ITEMS,
    MAXIMA,
    InputLimits,
    TextLimit,
    input_problems,
    limit_for,
    text_problem,
)

__all__ = [
    "LIST_MAXIMA",
    "MAXIMA",
    "MAX_LIST_ITEMS",
    "DocumentCaps",
    "DocumentLimits",
    "InputLimits",
    "NewDocumentBudget",
    "TextLimit",
    "checked_document",
    "document_problem",
    "input_problems",
    "is_parsed",
    "limit_for",
    "parse_within",
    "size_problem",
    "text_problem",
    "without_suggestions",
]
