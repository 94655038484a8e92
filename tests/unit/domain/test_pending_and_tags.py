"""Tags, invitations, sign-up requests and registration codes."""

from __future__ import annotations

import pytest

from rostertui.domain import invitations, registration, signups, tags
from rostertui.domain.enums import Kind
from rostertui.domain.errors import (
    Conflict,
    InvalidState,
    NotFound,
    SeatLimitExceeded,
    ValidationFailed,
)
from rostertui.domain.users import archive_users, create_clients, get_user
from tests.factories import client_data


def test_tags_must_exist_before_they_are_assigned(admin):
    with pytest.raises(ValidationFailed, match="no such tag 'VIP'"):
        create_clients([client_data(1, tags=["VIP"])], admin)
    [c] = create_clients([client_data(1, tags=["VIP"])], admin, create_missing_tags=True)
    assert c.tags == ("VIP",)
    with pytest.raises(Conflict):
        tags.create_tag("vip", admin)


def test_tag_lifecycle_and_bulk_assignment(admin):
    tags.create_tag("Newsletter", admin)
    users = create_clients([client_data(i) for i in range(1, 4)], admin)
    ids = [u.id for u in users]
    assert tags.add_tags(ids, ["newsletter"], admin) == 3
    assert tags.add_tags(ids, ["Newsletter"], admin) == 0  # already there
    assert tags.rename_tag("NEWSLETTER", "News", admin) == "News"
    assert get_user(ids[0]).tags == ("News",)
    assert tags.remove_tags(ids[:2], ["news"], admin) == 2
    assert tags.list_tags() == [("News", 1)]
    assert tags.delete_tag("news", admin) == 1
    assert get_user(ids[2]).tags == ()
    with pytest.raises(NotFound):
        tags.rename_tag("gone", "x", admin)


def test_invitations_create_pending_users(admin):
    users = invitations.invite(["new1@example.com", "New2@Example.com"], Kind.CLIENT, admin,
                               message="Welcome!\nSee you soon.")
    assert [(u.status, u.source, u.email) for u in users] == [
        ("pending", "invitation", "new1@example.com"), ("pending", "invitation",
                                                        "new2@example.com")]
    listed = invitations.list_invitations(Kind.CLIENT)
    assert {i.email for i in listed} == {"new1@example.com", "new2@example.com"}
    assert listed[0].message == "Welcome!\nSee you soon."
    with pytest.raises(Conflict, match="already a pending user; resend"):
        invitations.invite(["NEW1@example.com"], Kind.CLIENT, admin)
    active = create_clients([client_data(42)], admin)[0]
    with pytest.raises(Conflict, match=f"{active.email} is already an active user; they"):
        invitations.invite([active.email], Kind.CLIENT, admin)
    with pytest.raises(ValidationFailed, match="choose at least one role"):
        invitations.invite(["coach@example.com"], Kind.TEAM_MEMBER, admin)
    [coach] = invitations.invite(["coach@example.com"], Kind.TEAM_MEMBER, admin,
                                 roles=["Practitioner"])
    assert coach.roles == ("Practitioner",)
    assert invitations.cancel_invitations([users[0].id], admin) == 1
    with pytest.raises(NotFound):
        get_user(users[0].id)


def test_pending_users_cannot_be_archived(admin):
    [u] = invitations.invite(["p@example.com"], Kind.CLIENT, admin)
    with pytest.raises(InvalidState, match="pending"):
        archive_users([u.id], admin)


def test_signup_requests_accept_and_reject(admin):
    a = signups.submit_request(client_data(1), admin, message="hi")
    b = signups.submit_request(client_data(2), admin)
    assert a.status == "pending" and a.source == "signup"
    assert [r.email for r, _ in signups.list_requests()] == [a.email, b.email]
    assert signups.accept_requests([a.id], admin) == 1
    assert get_user(a.id).status == "active"
    assert signups.reject_requests([b.id], admin) == 1
    with pytest.raises(NotFound):
        get_user(b.id)
    with pytest.raises(InvalidState, match="no sign-up request"):
        signups.accept_requests([a.id], admin)


def test_accepting_sign_ups_respects_the_seat_limit(admin):
    create_clients([client_data(i) for i in range(1, 11)], admin)  # limit 10 reached
    req = signups.submit_request(client_data(50), admin)
    with pytest.raises(SeatLimitExceeded, match="by 1"):
        signups.accept_requests([req.id], admin)
    assert get_user(req.id).status == "pending"


def test_registration_codes(admin):
    [c] = create_clients([client_data(1)], admin)
    with pytest.raises(NotFound, match="no registration code"):
        registration.view_code(c.id)
    first = registration.issue_code(c.id, admin)
    assert len(first.code) == 14 and not first.expired
    assert registration.issue_code(c.id, admin).code == first.code  # still valid: kept
    second = registration.regenerate_code(c.id, admin)
    assert second.code != first.code
    assert registration.view_code(c.id).code == second.code
    assert registration.normalise(second.code.lower().replace("-", " ")) == second.code
    from rostertui.db.models import AuditEntry

    assert all(second.code not in e.details for e in AuditEntry.select())


def test_audit_search_by_person_and_action(admin):
    from rostertui.domain import audit

    create_clients([client_data(1), client_data(2)], admin)
    entries, total = audit.search(person="CLIENT2@")
    assert total == 1 and entries[0].target == "client2@example.com"
    entries, total = audit.search(action="client")
    assert total == 2 and {e.action for e in entries} == {"client.created"}
    entries, total = audit.search(person="admin@example.com", limit=1)
    assert len(entries) == 1 and total > 1


def test_tag_counts_within_a_view_and_for_chosen_users(admin):
    """"VIP (n)" on the Clients tab counts its active clients, not the archived; the
    remove-tags dialog lists only the tags the chosen users hold."""
    from rostertui.domain import users
    from rostertui.domain.enums import Kind, Status
    from tests.factories import client_data

    tags.create_tag("VIP", admin)
    tags.create_tag("Unused", admin)
    made = users.create_clients([client_data(i, tags=["VIP"]) for i in range(1, 4)], admin)
    users.archive_users([made[0].id], admin)
    assert tags.list_tags() == [("Unused", 0), ("VIP", 3)]
    assert tags.list_tags(kind=Kind.CLIENT, status=Status.ACTIVE) == [("Unused", 0),
                                                                      ("VIP", 2)]
    assert tags.list_tags(user_ids=[made[1].id]) == [("VIP", 1)]
    assert tags.list_tags(user_ids=[]) == []
