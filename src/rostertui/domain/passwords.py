"""Password policy and salted, slow hashing: argon2id (``argon2-cffi``).

A password is only ever held in memory long enough to hash or check it. It is
never stored, logged, printed or exported; only :func:`hash_password`'s
result is stored.

Hashes are argon2id at OWASP's password-storage minimum or above (19 MiB of
memory, 2 iterations, 1 lane). Hashes made before argon2 (``scrypt$N$r$p$salt$hash``
at N=2**14) still verify; :func:`needs_rehash` says so, and a successful login
stores a fresh argon2id hash in their place.

argon2-cffi releases the GIL while hashing, so :func:`hash_many` hashes on every
core with a pool of threads (see ``benchmarks/password_bench.py``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import string
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from rostertui.domain.errors import PasswordPolicyError

MIN_LENGTH = 8
MAX_LENGTH = 256
SYMBOLS = set(string.punctuation) | {" "}

# argon2id at OWASP's minimum: m=19 MiB, t=2, p=1 (about 25-30 ms on this machine).
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
_HASHER = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM,
                         hash_len=32, salt_len=16, type=Type.ID)

# The scrypt hashes of earlier versions: verified, never made any more.
_SCRYPT_PREFIX = "scrypt"


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


def hash_password(password: str) -> str:
    """An argon2id hash in PHC form (``$argon2id$v=19$m=19456,t=2,p=1$salt$hash``), with a
    fresh random salt."""
    return _HASHER.hash(password)


ProgressCallback = Callable[[int, int], None]


def workers() -> int:
    """How many hashes run at once: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def hash_many(passwords: Sequence[str], *, progress: ProgressCallback | None = None,
              threads: int | None = None) -> list[str]:
    """Hash every password, on every core (argon2 releases the GIL), in input order.

    ``progress(done, total)`` is called from the calling thread as hashes finish
    (at most about ten times a second, and once at the end).
    """
    total = len(passwords)
    if total == 0:
        return []
    count = min(threads or workers(), total)
    if count == 1:
        out = []
        last = 0.0
        for i, pw in enumerate(passwords, 1):
            out.append(hash_password(pw))
            now = time.monotonic()
            if progress is not None and (now - last >= 0.1 or i == total):
                progress(i, total)
                last = now
        return out
    results: list[str | None] = [None] * total
    done = 0
    lock = threading.Lock()
    finished = threading.Condition(lock)

    def run(start: int) -> None:
        nonlocal done
        for i in range(start, total, count):
            results[i] = hash_password(passwords[i])
            with lock:
                done += 1
                finished.notify()

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="hash") as pool:
        futures = [pool.submit(run, k) for k in range(count)]
        seen = 0
        while True:
            with lock:
                if done == seen:
                    finished.wait(0.1)
                seen = done
            if seen >= total or any(f.done() and f.exception() for f in futures):
                break
            if progress is not None:
                progress(seen, total)
        for f in futures:
            f.result()  # re-raises a failure in a worker
    if progress is not None:
        progress(total, total)
    return [r for r in results if r is not None]


# A hash of nothing in particular, checked when an account does not exist, so
# that a missing account takes as long to refuse as a wrong password.
_DUMMY_HASH = None


def needs_rehash(stored: str | None) -> bool:
    """True for a stored hash weaker than what :func:`hash_password` makes today (an
    scrypt hash, or argon2 with lower costs)."""
    if not stored:
        return False
    if stored.startswith(_SCRYPT_PREFIX + "$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return False


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check of ``password`` against a stored hash (or a dummy if None)."""
    global _DUMMY_HASH
    if not stored:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_hex(8))
        stored, real = _DUMMY_HASH, False
    else:
        real = True
    if stored.startswith(_SCRYPT_PREFIX + "$"):
        return _verify_scrypt(password, stored) and real
    try:
        ok = _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError, ValueError):
        return False
    return ok and real


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected),
                                maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def legacy_scrypt_hash(password: str) -> str:
    """An scrypt hash as versions before argon2 made them (N=2**14, r=8, p=1), for tests and
    for checking that such hashes still verify. Never stored by rostertui any more."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32,
                            maxmem=64 * 1024 * 1024)
    b64 = base64.b64encode
    return f"scrypt${2**14}$8$1${b64(salt).decode()}${b64(digest).decode()}"
