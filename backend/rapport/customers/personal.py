"""Personal data of the customer graph: encryption at rest, normalised phones and emails, their blind index and
the searches it answers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import orjson

from rapport.core.crypto import EncryptedColumn, vault
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.text import (
    InvalidEmailError,
    InvalidPhoneError,
    digits,
    normalise_email,
    normalise_phone,
    query_tokens,
    search_kind,
    whole_phone,
)
from rapport.customers.repository import SearchSpec

MAX_CONTACT_POINTS = 10

#: The customer graph's encrypted columns (listed in its manifest for key rotation).
ENCRYPTED = (
    EncryptedColumn("customer", "id_number", "id_number_enc"),
    EncryptedColumn("customer", "address", "address_enc"),
    EncryptedColumn("contact", "phones", "phones_enc"),
    EncryptedColumn("contact", "emails", "emails_enc"),
)


def encrypt_value(value: str | None, *, table: str, column: str, row_id: uuid.UUID) -> bytes | None:
    """Ciphertext of a value for its table, column and row (None stays None)."""
    if value is None or value == "":
        return None
    return vault().cipher.encrypt(value, table=table, column=column, row_id=row_id)


def decrypt_value(blob: bytes | None, *, table: str, column: str, row_id: uuid.UUID) -> str | None:
    """Plaintext of a stored value."""
    if blob is None:
        return None
    return vault().cipher.decrypt(blob, table=table, column=column, row_id=row_id)


def decrypt_list(blob: bytes | None, *, table: str, column: str, row_id: uuid.UUID) -> list[str]:
    """A stored list of values (phones, emails)."""
    text = decrypt_value(blob, table=table, column=column, row_id=row_id)
    return [] if text is None else list(orjson.loads(text))


def encrypt_list(values: Sequence[str], *, column: str, row_id: uuid.UUID) -> bytes | None:
    """Ciphertext of a contact's list of values (None when empty)."""
    if not values:
        return None
    return encrypt_value(orjson.dumps(list(values)).decode(), table="contact", column=column, row_id=row_id)


def normalise_phones(values: Sequence[str], field_name: str = "phones") -> list[str]:
    """E.164 phones without duplicates, in the given order; BAD_USER_INPUT names the bad entry."""
    result: list[str] = []
    for i, raw in enumerate(values):
        try:
            phone = normalise_phone(raw)
        except InvalidPhoneError as error:
            raise BadUserInputError(
                msg("{value} is not a phone number.", value=raw), field=f"{field_name}.{i}"
            ) from error
        if phone not in result:
            result.append(phone)
    if len(result) > MAX_CONTACT_POINTS:
        raise BadUserInputError(msg("At most {count} phone numbers.", count=MAX_CONTACT_POINTS), field=field_name)
    return result


def normalise_emails(values: Sequence[str], field_name: str = "emails") -> list[str]:
    """Lower-case emails without duplicates; BAD_USER_INPUT names the bad entry."""
    result: list[str] = []
    for i, raw in enumerate(values):
        try:
            email = normalise_email(raw)
        except InvalidEmailError as error:
            raise BadUserInputError(
                msg("{value} is not an email address.", value=raw), field=f"{field_name}.{i}"
            ) from error
        if email not in result:
            result.append(email)
    if len(result) > MAX_CONTACT_POINTS:
        raise BadUserInputError(msg("At most {count} email addresses.", count=MAX_CONTACT_POINTS), field=field_name)
    return result


def contact_point_digests(phones: Sequence[str], emails: Sequence[str]) -> list[tuple[str, bytes]]:
    """Blind-index rows of a contact: each phone whole and by its last four digits, each email."""
    blind = vault().blind
    points = [("phone", blind.digest("phone", p)) for p in phones]
    points += [("phone4", blind.digest("phone4", digits(p)[-4:])) for p in phones]
    points += [("email", blind.digest("email", e)) for e in emails]
    return points


def prepare_search(text: str) -> SearchSpec | None:
    """A search for names (any fragment), whole phones, the last 4+ digits of a phone, or whole emails.

    `search_kind` decides what the text is, for this search and for the authorization rule alike.
    """
    kind = search_kind(text)
    if kind is None:
        return None
    query = text.strip()
    blind = vault().blind
    if kind == "phone":
        full = whole_phone(query)
        if full is not None:
            return SearchSpec(text=query, tokens=[], digests=[("phone", blind.digest("phone", full))])
        # Only whole numbers and their last four digits are indexed (the rest stays encrypted).
        return SearchSpec(text=query, tokens=[], digests=[("phone4", blind.digest("phone4", digits(query)[-4:]))])
    if kind == "email":
        digest = blind.digest("email", normalise_email(query))
        return SearchSpec(text=query, tokens=query_tokens(query), digests=[("email", digest)])
    return SearchSpec(text=query, tokens=query_tokens(query), digests=[])
