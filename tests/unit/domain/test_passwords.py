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
    assert a != b and a.startswith("scrypt$") and "Secret" not in a
    assert passwords.verify_password("Secret-Passw0rd", a)
    assert not passwords.verify_password("Secret-Passw0rD", a)
    assert not passwords.verify_password("anything", None)
    assert not passwords.verify_password("anything", "garbage")
