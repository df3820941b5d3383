"""Trusted documents: the web app's own operations, known by hash, and the persisted-query protocol.

The SPA's build writes `frontend/src/generated/persisted-documents.json` (graphql-codegen's client preset:
`sha256:<hex digest>` of each normalised document -> the document). The server loads it at start. A request names a
document in one of two ways:

- by hash, the persisted-query convention: `"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "..."}}`
  without `query`. A hash in the manifest runs the manifest's document; an unknown hash answers
  `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`), and the client sends the request again with the
  full document. Nothing is ever registered from a request: the manifest is the only source of trusted documents.
- by text, as any GraphQL client does: the document is trusted when its exact text is in the manifest.

With `TRUSTED_DOCUMENTS_ONLY` (on in production, off elsewhere), a request that is not signed with an API token (a
browser session, or nobody) may run only trusted documents, or a document that calls nothing but the public root
fields (`PUBLIC_ROOTS`: the web forms' `leadSubmit`); anything else answers `UNTRUSTED_DOCUMENT` and runs nothing.
API-token integrators send any document.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from graphql import FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate

from rapport.core.errors import ErrorCode

log = logging.getLogger(__name__)

#: The message the persisted-query convention uses for a hash the server does not know (clients match on it).
PERSISTED_QUERY_NOT_FOUND = "PersistedQueryNotFound"
UNTRUSTED_MESSAGE = (
    "This server runs only the web app's own operations for browser sessions (TRUSTED_DOCUMENTS_ONLY). "
    "Integrations send any document with an API token: 'Authorization: Bearer <token>'."
)


class DocumentRefusedError(Exception):
    """The request names no document this server will run: `code` and `message` say why."""

    def __init__(self, message: str, code: ErrorCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class TrustedDocument:
    """One operation of the web app: its hash, text, operation name and type (`query`, `mutation`...)."""

    hash: str
    text: str
    operation_name: str | None
    operation_type: str


def document_hash(text: str) -> str:
    """The SHA-256 hex digest of a document's text, as the manifest and the persisted-query convention use."""
    return hashlib.sha256(text.encode()).hexdigest()


class TrustedDocuments:
    """The manifest of the web app's operations, by hash."""

    def __init__(self, documents: dict[str, TrustedDocument] | None = None) -> None:
        self.by_hash: dict[str, TrustedDocument] = dict(documents or {})

    def __len__(self) -> int:
        return len(self.by_hash)

    @classmethod
    def load(cls, path: Path | None) -> TrustedDocuments:
        """The manifest at `path` (empty when there is none). A manifest whose hashes do not match its documents
        or whose documents do not parse is refused: it was edited by hand or corrupted."""
        if path is None or not path.is_file():
            return cls()
        stat = path.stat()
        return cls(_read_manifest(path, stat.st_mtime_ns, stat.st_size))

    def invalid(self, schema: GraphQLSchema) -> dict[str, list[str]]:
        """Documents that do not validate against `schema`, by operation name, with the validation messages."""
        found: dict[str, list[str]] = {}
        for document in self.by_hash.values():
            errors = validate(schema, parse(document.text))
            if errors:
                found[document.operation_name or document.hash] = [error.message for error in errors]
        return found

    def names(self) -> set[str]:
        """The operation names of the manifest (metrics label them without counting them against their cap)."""
        return {d.operation_name for d in self.by_hash.values() if d.operation_name}

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> tuple[str, TrustedDocument | None]:
        """The document a request runs and, when it is trusted, its manifest entry.

        A hash in the manifest runs the manifest's document, whatever text came along; an unknown hash with a
        document runs that document, untrusted. DocumentRefusedError when the request names a hash this manifest
        does not hold and sends no document (`PERSISTED_QUERY_NOT_FOUND`), or sends neither (`BAD_USER_INPUT`).
        """
        wanted = persisted_hash(extensions)
        if wanted is not None:
            known = self.by_hash.get(wanted)
            if known is not None:
                return known.text, known
            if query is None:
                raise DocumentRefusedError(PERSISTED_QUERY_NOT_FOUND, ErrorCode.PERSISTED_QUERY_NOT_FOUND)
        if query is None:
            raise DocumentRefusedError("`query` must be a string holding a GraphQL document.", ErrorCode.BAD_USER_INPUT)
        return query, self.by_hash.get(document_hash(query))


@functools.lru_cache(maxsize=4)
def _read_manifest(path: Path, _mtime_ns: int, _size: int) -> dict[str, TrustedDocument]:
    """The manifest's documents by hash (read once per version of the file)."""
    raw = orjson.loads(path.read_bytes())
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: a trusted-documents manifest is a JSON object of hash -> document")
    documents: dict[str, TrustedDocument] = {}
    for identifier, text in raw.items():
        # graphql-codegen names documents as the GraphQL-over-HTTP appendix does: `sha256:<hex digest>`.
        key = identifier.removeprefix("sha256:")
        if not isinstance(text, str) or document_hash(text) != key:
            raise ValueError(f"{path}: the document under {key} does not hash to it; regenerate the manifest")
        operations = [d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != 1:
            raise ValueError(f"{path}: the document under {key} must hold exactly one operation")
        operation = operations[0]
        documents[key] = TrustedDocument(
            hash=key,
            text=text,
            operation_name=operation.name.value if operation.name else None,
            operation_type=operation.operation.value,
        )
    return documents


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    """The hash of `extensions.persistedQuery` (version 1, SHA-256), None without one.

    DocumentRefusedError (BAD_USER_INPUT) for a `persistedQuery` of another shape or version.
    """
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(persisted, dict) or persisted.get("version") != 1 or not isinstance(digest, str):
        raise DocumentRefusedError(
            '`extensions.persistedQuery` must be {"version": 1, "sha256Hash": "<hex digest of the document>"}.',
            ErrorCode.BAD_USER_INPUT,
        )
    if not _SHA256_HEX.fullmatch(digest):
        raise DocumentRefusedError(
            "`extensions.persistedQuery.sha256Hash` must be a SHA-256 digest: 64 lowercase hex digits.",
            ErrorCode.BAD_USER_INPUT,
        )
    return digest


#: Root fields anyone may call with a document of their own, even with TRUSTED_DOCUMENTS_ONLY: web forms on
#: other sites post leads with a document they wrote (docs/sales.md, "Web forms").
PUBLIC_ROOTS = frozenset({("mutation", "leadSubmit")})


def is_public_document(text: str, max_bytes: int, max_tokens: int) -> bool:
    """Whether a document only calls public root fields (PUBLIC_ROOTS): one operation, no fragments, and every
    root selection one of them (or `__typename`). Documents over the anonymous caps are not."""
    if len(text.encode()) > max_bytes:
        return False
    try:
        document = parse(text, max_tokens=max_tokens)
    except GraphQLError:
        return False
    if len(document.definitions) != 1 or not isinstance(document.definitions[0], OperationDefinitionNode):
        return False
    operation = document.definitions[0]
    names = [
        selection.name.value if isinstance(selection, FieldNode) and not selection.directives else None
        for selection in operation.selection_set.selections
    ]
    called = {(operation.operation.value, name) for name in names if name != "__typename"}
    return bool(called) and called <= PUBLIC_ROOTS


def untrusted_error() -> GraphQLError:
    """The error of a browser session's document that is not in the manifest (TRUSTED_DOCUMENTS_ONLY)."""
    return GraphQLError(UNTRUSTED_MESSAGE, extensions={"code": ErrorCode.UNTRUSTED_DOCUMENT.value})


def check_manifest(documents: TrustedDocuments, schema: GraphQLSchema) -> None:
    """Log each manifest document that does not validate (an SPA built against another schema)."""
    for name, messages in documents.invalid(schema).items():
        log.error("trusted document %s does not validate against this schema: %s", name, "; ".join(messages))
