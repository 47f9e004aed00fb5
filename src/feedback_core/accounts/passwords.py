"""Password rules (NIST SP 800-63B: length only, no composition rules) and argon2id hashing."""

from __future__ import annotations

from typing import Final

import argon2

from feedback_core.errors import ValidationError

MIN_LENGTH: Final = 8
MAX_LENGTH: Final = 128


def check_password_rules(value: object, field: str = "password") -> str:
    """Return the password unchanged if it is 8..128 characters of text."""
    if not isinstance(value, str):
        raise ValidationError.single(field, "wrong_type", expected="text")
    if len(value) < MIN_LENGTH:
        raise ValidationError.single(field, "too_short", limit=MIN_LENGTH)
    if len(value) > MAX_LENGTH:
        raise ValidationError.single(field, "too_long", limit=MAX_LENGTH)
    # A lone surrogate ("\ud800" is valid JSON) has no UTF-8 form, so it cannot be hashed.
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise ValidationError.single(field, "control_chars")
    return value


class Argon2Hasher:
    """The default `PasswordHasher`: argon2id with argon2-cffi's current parameters."""

    def __init__(self, hasher: argon2.PasswordHasher | None = None) -> None:
        self._hasher = hasher or argon2.PasswordHasher()

    def hash(self, password: str) -> str:
        """A salted argon2id hash."""
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a malformed hash is a mismatch, not a crash."""
        try:
            return self._hasher.verify(password_hash, password)
        except argon2.exceptions.VerificationError:
            return False
        except argon2.exceptions.InvalidHashError:
            return False
        except UnicodeEncodeError:  # a lone surrogate: no password can match it
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        return self._hasher.check_needs_rehash(password_hash)
