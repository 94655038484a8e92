"""Password policy and salted, slow hashing with ``hashlib.scrypt``.

A password is only ever held in memory long enough to hash or check it. It is
never stored, logged, printed or exported; only :func:`hash_password`'s
result is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string

from rostertui.domain.errors import PasswordPolicyError

MIN_LENGTH = 8
MAX_LENGTH = 256
SYMBOLS = set(string.punctuation) | {" "}

# scrypt cost: N=2**14, r=8, p=1 uses 16 MiB and about 40 ms here.
_N, _R, _P = 2**14, 8, 1
_DKLEN = 32
_PREFIX = "scrypt"


def policy_problems(password: str) -> list[str]:
    """What the password lacks, in words; empty when it meets the policy."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"at most {MAX_LENGTH} characters")
    if not any(c.isupper() for c in password):
        problems.append("an upper-case letter")
    if not any(c.islower() for c in password):
        problems.append("a lower-case letter")
    if not any(c.isdigit() for c in password):
        problems.append("a digit")
    if not any(c in SYMBOLS or not c.isalnum() for c in password):
        problems.append("a symbol")
    return problems


def check_policy(password: str) -> None:
    problems = policy_problems(password)
    if problems:
        raise PasswordPolicyError("the password needs " + ", ".join(problems))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash``, with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P,
                            dklen=_DKLEN, maxmem=64 * 1024 * 1024)
    return f"{_PREFIX}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


# A hash of nothing in particular, checked when an account does not exist, so
# that a missing account takes as long to refuse as a wrong password.
_DUMMY_HASH = None


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check of ``password`` against a stored hash (or a dummy if None)."""
    global _DUMMY_HASH
    if not stored:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_hex(8))
        stored, real = _DUMMY_HASH, False
    else:
        real = True
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _PREFIX:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected),
                                maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected) and real
