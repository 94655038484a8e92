from __future__ import annotations

import pytest

from rostertui.domain import passwords
from rostertui.domain.errors import PasswordPolicyError


def test_policy_names_what_is_missing():
    assert passwords.policy_problems("Abcdef1!") == []
    assert passwords.policy_problems("abc") == [
        "at least 8 characters", "an upper-case letter", "a digit", "a symbol"]
    with pytest.raises(PasswordPolicyError, match="a symbol"):
        passwords.check_policy("Abcdefg1")


def test_hashes_are_salted_and_verify():
    a, b = passwords.hash_password("Secret-Passw0rd"), passwords.hash_password("Secret-Passw0rd")
    assert a != b and a.startswith("$argon2id$") and "Secret" not in a
    assert passwords.verify_password("Secret-Passw0rd", a)
    assert not passwords.verify_password("Secret-Passw0rD", a)
    assert not passwords.verify_password("anything", None)
    assert not passwords.verify_password("anything", "garbage")


def test_hashes_are_argon2id_at_the_owasp_minimum_or_above():
    from argon2 import extract_parameters

    params = extract_parameters(passwords.hash_password("Secret-Passw0rd"))
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_an_older_scrypt_hash_still_verifies_and_asks_to_be_rehashed():
    old = passwords.legacy_scrypt_hash("Secret-Passw0rd")
    assert old.startswith("scrypt$16384$8$1$")
    assert passwords.verify_password("Secret-Passw0rd", old)
    assert not passwords.verify_password("Secret-Passw0rD", old)
    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(passwords.hash_password("Secret-Passw0rd"))


def test_hash_many_keeps_the_order_and_reports_progress():
    seen = []
    words = [f"Secret-Passw0rd{i}" for i in range(7)]
    hashes = passwords.hash_many(words, threads=3, progress=lambda d, t: seen.append((d, t)))
    assert len(set(hashes)) == 7
    assert all(passwords.verify_password(w, h) for w, h in zip(words, hashes, strict=True))
    assert seen[-1] == (7, 7) and all(t == 7 for _, t in seen)
    assert passwords.hash_many([]) == []
