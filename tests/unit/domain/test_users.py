"""Creating, editing, archiving and deleting users, and every refusal the rules make."""

from __future__ import annotations

import pytest

from rostertui.db.models import AuditEntry, User
from rostertui.domain import audit, org, roles, tags
from rostertui.domain.enums import Kind, Role, Status
from rostertui.domain.errors import (
    Conflict,
    InvalidState,
    LastAdministrator,
    NotFound,
    SeatLimitExceeded,
    StaleVersion,
    ValidationFailed,
)
from rostertui.domain.users import (
    archive_users,
    create_clients,
    create_team_members,
    delete_users,
    edit_user,
    get_user,
    unarchive_users,
)
from tests.factories import client_data, team_data


def test_create_a_client_stores_clean_values(admin):
    [c] = create_clients([client_data(1, email=" Eve@Example.COM ", first_name="  Eve ",
                                      sex="F", birthdate="19811120")], admin)
    assert (c.email, c.first_name, c.sex, c.birthdate.isoformat()) == (
        "eve@example.com", "Eve", "female", "1981-11-20")
    assert (c.kind, c.status, c.version, c.source) == ("client", "active", 1, "manual")
    assert audit.entries(target_id=c.id)[0].action == "client.created"
    assert audit.entries(target_id=c.id)[0].actor == "admin@example.com"


@pytest.mark.parametrize("missing", ["first_name", "last_name", "email", "birthdate", "sex"])
def test_a_client_needs_each_required_field(admin, missing):
    data = client_data(1)
    del data[missing]
    with pytest.raises(ValidationFailed) as info:
        create_clients([data], admin)
    assert [(e.field, e.message) for e in info.value.errors] == [(missing, "is required")]
    assert User.select().where(User.kind == "client").count() == 0


def test_a_team_member_needs_a_role(admin):
    with pytest.raises(ValidationFailed, match="roles: needs at least one role"):
        create_team_members([team_data(1, roles=[])], admin)
    [m] = create_team_members([team_data(1, roles="Practitioner;billing administrator")], admin)
    assert m.roles == ("Practitioner", "Billing Administrator")


def test_a_facility_needs_no_last_name(admin):
    [m] = create_team_members([team_data(1, last_name="", profile_type="2")], admin)
    assert m.profile_type == "facility"
    with pytest.raises(ValidationFailed, match="last_name"):
        create_team_members([team_data(2, last_name="")], admin)


def test_duplicate_email_is_refused_whatever_its_case(admin):
    create_clients([client_data(1)], admin)
    with pytest.raises(Conflict, match="'client1@example.com' is already used"):
        create_clients([client_data(2, email="CLIENT1@example.com")], admin)
    # Unique across kinds too.
    with pytest.raises(Conflict):
        create_team_members([team_data(1, email="client1@example.com")], admin)


def test_duplicates_within_one_batch_name_the_items(admin):
    with pytest.raises(ValidationFailed) as info:
        create_clients([client_data(1, external_id="A"), client_data(2, external_id="a")], admin)
    assert str(info.value.errors[0]) == "item 2: external_id: 'a' is also given for item 1"


def test_a_batch_is_all_or_nothing(admin):
    with pytest.raises(ValidationFailed) as info:
        create_clients([client_data(1), client_data(2, sex="x"), client_data(3)], admin)
    assert info.value.errors[0].item == 1
    assert User.select().where(User.kind == "client").count() == 0


def test_seat_limit_counts_active_clients_and_says_by_how_many(admin):
    create_clients([client_data(i) for i in range(1, 9)], admin)  # limit is 10
    with pytest.raises(SeatLimitExceeded, match="seat limit of 10 by 2"):
        create_clients([client_data(i) for i in range(9, 13)], admin)
    # Pending and archived clients do not count.
    create_clients([client_data(20, status="archived"), client_data(21, status="pending")],
                   admin)
    create_clients([client_data(9), client_data(10)], admin)
    assert org.seat_usage().used == 10
    with pytest.raises(SeatLimitExceeded, match="by 1"):
        unarchive_users([_by_email("client20@example.com")], admin)
    [first] = [u for u in _clients() if u.email == "client1@example.com"]
    archive_users([first.id], admin)
    assert unarchive_users([_by_email("client20@example.com")], admin) == 1
    assert org.seat_usage().used == 10


def test_lowering_the_limit_below_use_is_refused(admin):
    create_clients([client_data(i) for i in range(1, 4)], admin)
    with pytest.raises(SeatLimitExceeded):
        org.update_org(admin, client_seat_limit=2)
    assert org.update_org(admin, client_seat_limit=None).client_seat_limit is None


def test_edit_changes_fields_and_bumps_the_version(admin):
    [c] = create_clients([client_data(1)], admin)
    edited = edit_user(c.id, c.version, {"first_name": "Evelyn", "phone": "(555) 123-4567"},
                       admin)
    assert (edited.first_name, edited.phone, edited.version) == ("Evelyn", "5551234567", 2)
    entry = audit.entries(target_id=c.id, action="user.edited")[0]
    assert entry.details["changes"]["first_name"] == ["First1", "Evelyn"]


def test_a_stale_edit_is_refused_with_the_current_values(admin):
    [c] = create_clients([client_data(1)], admin)
    edit_user(c.id, c.version, {"first_name": "Second"}, admin)
    with pytest.raises(StaleVersion, match="changed by someone else") as info:
        edit_user(c.id, c.version, {"first_name": "Third"}, admin)
    assert info.value.current["first_name"] == "Second"
    assert "password_hash" not in info.value.current
    assert get_user(c.id).first_name == "Second"


def test_a_tag_change_makes_an_older_edit_stale(admin):
    tags.create_tag("VIP", admin)
    [c] = create_clients([client_data(1)], admin)
    tags.add_tags([c.id], ["vip"], admin)
    with pytest.raises(StaleVersion):
        edit_user(c.id, c.version, {"first_name": "X"}, admin)


def test_edit_cannot_blank_a_required_field_or_take_a_used_email(admin):
    [a, b] = create_clients([client_data(1), client_data(2)], admin)
    with pytest.raises(ValidationFailed, match="last_name: is required for this client"):
        edit_user(a.id, a.version, {"last_name": ""}, admin)
    with pytest.raises(Conflict, match="already used"):
        edit_user(a.id, a.version, {"email": b.email.upper()}, admin)


def test_edit_password_is_hashed_and_audited_without_the_password(admin):
    [c] = create_clients([client_data(1)], admin)
    edit_user(c.id, c.version, {"password": "New-Passw0rd!"}, admin)
    stored = User.get_by_id(c.id).password_hash
    assert stored.startswith("$argon2id$") and "New-Passw0rd!" not in stored
    assert all("New-Passw0rd!" not in e.details for e in AuditEntry.select())
    with pytest.raises(ValidationFailed, match="password: needs"):
        edit_user(c.id, c.version + 1, {"password": "short"}, admin)


def test_archive_and_unarchive(admin):
    [c] = create_clients([client_data(1)], admin)
    assert archive_users([c.id], admin) == 1
    got = get_user(c.id)
    assert got.status == "archived" and got.archived_at is not None
    assert archive_users([c.id], admin) == 0  # already archived
    assert unarchive_users([c.id], admin) == 1
    assert get_user(c.id).status == "active"


def test_deleting_an_active_user_is_refused(admin):
    [c] = create_clients([client_data(1)], admin)
    with pytest.raises(InvalidState, match="is active; archive it before deleting"):
        delete_users([c.id], admin)
    assert get_user(c.id).email == c.email


def test_delete_cascades_explicitly_and_keeps_the_audit_trail(admin):
    tags.create_tag("VIP", admin)
    [c] = create_clients([client_data(1, tags=["VIP"], attributes={"Plan": "Gold"},
                                       send_registration_code=True)], admin)
    archive_users([c.id], admin)
    result = delete_users([c.id], admin)
    assert (result.users, result.tags, result.attributes, result.registration_codes) == (
        1, 1, 1, 1)
    with pytest.raises(NotFound):
        get_user(c.id)
    labels = {e.target for e in audit.entries() if e.action.startswith(("client", "user"))}
    assert c.email in labels


def test_the_last_administrator_cannot_be_archived_demoted_or_deleted(admin):
    with pytest.raises(LastAdministrator):
        archive_users([admin.user_id], admin)
    with pytest.raises(LastAdministrator):
        roles.set_roles(admin.user_id, [Role.PRACTITIONER], admin)
    [other] = create_team_members([team_data(1, roles=["Administrator"])], admin)
    # With a second admin, the first may step down; then the second is the last one.
    roles.set_roles(admin.user_id, ["Practitioner"], admin)
    with pytest.raises(LastAdministrator):
        archive_users([other.id], admin)
    assert get_user(other.id).status == "active"


def test_archiving_every_admin_at_once_is_refused(admin):
    [other] = create_team_members([team_data(1, roles=["Administrator"])], admin)
    with pytest.raises(LastAdministrator):
        archive_users([admin.user_id, other.id], admin)
    assert archive_users([other.id], admin) == 1


def test_roles_belong_to_team_members_only(admin):
    [c] = create_clients([client_data(1)], admin)
    with pytest.raises(InvalidState, match="only team members have roles"):
        roles.set_roles(c.id, ["Practitioner"], admin)
    with pytest.raises(ValidationFailed, match="is not a role"):
        roles.set_roles(admin.user_id, ["Chief"], admin)


def test_text_is_kept_as_text(admin):
    [c] = create_clients([client_data(1, first_name="[bold red]Eve[/]")], admin)
    assert get_user(c.id).first_name == "[bold red]Eve[/]"


@pytest.mark.parametrize("value", ["Eve\x1b[31m", "Eve\x00", "E\u202eve", "E\u200bve"])
def test_control_and_hidden_characters_are_refused_in_names(admin, value):
    with pytest.raises(ValidationFailed, match="first_name: contains the hidden or control"):
        create_clients([client_data(1, first_name=value)], admin)


def test_names_are_normalised_and_limited(admin):
    [c] = create_clients([client_data(1, first_name="Zoe\u0308")], admin)  # decomposed ë
    assert get_user(c.id).first_name == "Zo\u00eb"
    with pytest.raises(ValidationFailed, match="101 characters long; the limit is 100"):
        create_clients([client_data(2, first_name="x" * 101)], admin)


def _clients():
    from rostertui.domain.queries import iter_users

    return list(iter_users(Kind.CLIENT, Status.ACTIVE))


def _by_email(email: str) -> int:
    from rostertui.domain.users import find_by_email

    return find_by_email(email).id
