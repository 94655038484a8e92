"""Settings remembered per operator, such as the columns a roster table shows."""

from __future__ import annotations

import json
from typing import Any

from rostertui.db.connection import write_transaction
from rostertui.db.models import OperatorPref
from rostertui.domain.actor import Actor


def get_pref(actor: Actor, key: str, default: Any = None) -> Any:
    if actor.user_id is None:
        return default
    row = OperatorPref.get_or_none((OperatorPref.user == actor.user_id)
                                   & (OperatorPref.key == key))
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def set_pref(actor: Actor, key: str, value: Any) -> None:
    if actor.user_id is None:
        return
    with write_transaction():
        (OperatorPref.insert(user=actor.user_id, key=key, value=json.dumps(value))
         .on_conflict(conflict_target=[OperatorPref.user, OperatorPref.key],
                      update={OperatorPref.value: json.dumps(value)}).execute())
