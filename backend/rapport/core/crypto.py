"""Encryption of personal data at rest (AES-GCM bound to table, column and row) and blind indexes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """The ciphertext was not made for this table, column and row, or with a key this server holds."""


def _derive_key(secret: str) -> bytes:
    """A 256-bit key from a configured secret (base64 of 32 bytes is used as is)."""
    try:
        raw = base64.b64decode(secret, validate=True)
        if len(raw) == 32:
            return raw
    except ValueError:
        pass
    return hashlib.sha256(b"rapport-field-key:" + secret.encode()).digest()


@dataclass(frozen=True)
class FieldCipher:
    """AES-256-GCM with numbered keys: encrypts with the newest, decrypts with any configured key.

    Ciphertext layout: version (1 byte) | key number (1 byte) | nonce (12 bytes) | ciphertext+tag.
    The associated data is `table.column:row_id`, so a value copied to another row or column fails to decrypt.
    """

    keys: tuple[bytes, ...]

    @classmethod
    def from_setting(cls, value: str) -> FieldCipher:
        """Keys from `FIELD_ENCRYPTION_KEYS`: comma-separated, oldest first; the last one encrypts."""
        secrets = [part.strip() for part in value.split(",") if part.strip()]
        if not secrets or len(secrets) > 255:
            raise ValueError("FIELD_ENCRYPTION_KEYS needs between 1 and 255 comma-separated keys")
        return cls(tuple(_derive_key(s) for s in secrets))

    @property
    def current_key_number(self) -> int:
        """The number of the key new values are encrypted with."""
        return len(self.keys) - 1

    @staticmethod
    def associated_data(table: str, column: str, row_id: uuid.UUID | str) -> bytes:
        """What binds a ciphertext to its place."""
        return f"{table}.{column}:{row_id}".encode()

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: uuid.UUID) -> bytes:
        """Encrypt a value for one table, column and row."""
        number = self.current_key_number
        nonce = os.urandom(NONCE_BYTES)
        sealed = _aead(self.keys[number]).encrypt(
            nonce, plaintext.encode(), self.associated_data(table, column, row_id)
        )
        return bytes([FORMAT_VERSION, number]) + nonce + sealed

    def decrypt(self, blob: bytes, *, table: str, column: str, row_id: uuid.UUID | str) -> str:
        """Decrypt a value; raises DecryptionError when it belongs elsewhere or the key is unknown.

        `row_id` may be the UUID or its canonical text (as PostgreSQL prints it).
        """
        if len(blob) < 2 + NONCE_BYTES + 16 or blob[0] != FORMAT_VERSION:
            raise DecryptionError("not a Rapport ciphertext")
        number = blob[1]
        if number >= len(self.keys):
            raise DecryptionError(f"encrypted with key #{number}, which this server does not hold")
        nonce, sealed = blob[2 : 2 + NONCE_BYTES], blob[2 + NONCE_BYTES :]
        try:
            plain = _aead(self.keys[number]).decrypt(nonce, sealed, self.associated_data(table, column, row_id))
        except InvalidTag as error:
            raise DecryptionError(f"ciphertext does not belong to {table}.{column} of this row") from error
        return plain.decode()

    def key_number(self, blob: bytes) -> int:
        """Which key a ciphertext was made with (for rotation)."""
        return blob[1]


@lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    return AESGCM(key)


@dataclass(frozen=True)
class BlindIndex:
    """Keyed hashes (HMAC-SHA256, truncated to 16 bytes) that find exact values without decrypting."""

    key: bytes

    @classmethod
    def from_setting(cls, value: str) -> BlindIndex:
        """The key from `BLIND_INDEX_KEY` (kept apart from the encryption keys)."""
        return cls(hashlib.sha256(b"rapport-blind-index:" + value.encode()).digest())

    def digest(self, purpose: str, normalised: str) -> bytes:
        """The index value of an already normalised value for one purpose (e.g. `phone`, `phone4`, `email`)."""
        return hmac.new(self.key, f"{purpose}:{normalised}".encode(), hashlib.sha256).digest()[:16]


@dataclass(frozen=True)
class Vault:
    """The cipher and blind index this process uses, built from settings once."""

    cipher: FieldCipher
    blind: BlindIndex


_vault: Vault | None = None


def configure(field_encryption_keys: str, blind_index_key: str) -> Vault:
    """Set the process's keys (called at start-up from settings)."""
    global _vault
    _vault = Vault(FieldCipher.from_setting(field_encryption_keys), BlindIndex.from_setting(blind_index_key))
    return _vault


def vault() -> Vault:
    """The configured keys; configured from the environment's settings on first use."""
    if _vault is None:
        from rapport.config import get_settings

        settings = get_settings()
        return configure(settings.field_encryption_keys, settings.blind_index_key)
    return _vault


@dataclass(frozen=True)
class EncryptedColumn:
    """A column holding ciphertexts: its table, the logical column name in the associated data, its real name."""

    table: str
    column: str
    stored_as: str


#: Every encrypted column, registered by the domain that owns it (for key rotation).
ENCRYPTED_COLUMNS: list[EncryptedColumn] = []


def install_encrypted(columns: list[EncryptedColumn]) -> None:
    """Make these the encrypted columns `rapport keys rotate` re-encrypts (the composition root calls this)."""
    ENCRYPTED_COLUMNS[:] = columns
