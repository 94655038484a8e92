"""The alias table read against real header rows, one test per source."""

from __future__ import annotations

from rostertui.domain.enums import Kind
from rostertui.importing.columns import map_columns
from rostertui.importing.engine import load_bytes

from .conftest import csv_bytes


def fields_of(header: list[str], kind: Kind = Kind.CLIENT) -> dict[str, str]:
    mapped = map_columns(header, kind)
    assert not mapped.errors, mapped.errors
    return {c.header: c.field for c in mapped.columns}


def test_hr_and_spreadsheet_english():
    header = ["Given Name", "Surname", "E-mail Address", "DOB", "Gender", "Mobile",
              "Employee ID"]
    assert fields_of(header) == {
        "Given Name": "first_name", "Surname": "last_name", "E-mail Address": "email",
        "DOB": "birthdate", "Gender": "sex", "Mobile": "phone", "Employee ID": "external_id"}
    assert fields_of(["Forename", "Family Name", "Mail", "Birthday", "Cell", "Client ID"]) == {
        "Forename": "first_name", "Family Name": "last_name", "Mail": "email",
        "Birthday": "birthdate", "Cell": "phone", "Client ID": "external_id"}
    assert fields_of(["First Name", "Last Name", "Email", "Date of Birth",
                      "Phone Number"])["Phone Number"] == "phone"


def test_the_issue_file_is_no_longer_refused(make_session):
    data = csv_bytes("Given Name,Surname,Email,DOB,Gender,Mobile\n"
                     "Ann,Lee,ann@example.com,1980-01-02,F,555-123-0001\n")
    session = make_session(data, plan=False)
    assert session.file_errors == [] and session.file_warnings == []
    assert session.rows[0].values["phone"] == "5551230001"


def test_ldap_and_active_directory_export():
    header = ["dn", "givenName", "sn", "mail", "mobile", "telephoneNumber", "employeeID",
              "sAMAccountName", "userPrincipalName", "physicalDeliveryOfficeName"]
    mapped = map_columns(header, Kind.CLIENT)
    assert {c.header: c.field for c in mapped.columns} == {
        "givenName": "first_name", "sn": "last_name", "mail": "email", "mobile": "phone",
        "employeeID": "external_id", "sAMAccountName": "username",
        "physicalDeliveryOfficeName": "office"}
    # the second phone and the sign-in name step aside, and say so
    assert "column 'telephoneNumber' is ignored: the column 'mobile' holds phone" \
        in mapped.warnings
    assert any("'userPrincipalName' is ignored" in w for w in mapped.warnings)


def test_telephone_number_is_the_phone_when_there_is_no_mobile():
    assert fields_of(["mail", "givenName", "telephoneNumber"])["telephoneNumber"] == "phone"


def test_google_workspace_template():
    header = ["First Name [Required]", "Last Name [Required]", "Email Address [Required]",
              "Password [Required]", "Password Hash Function [UPLOAD ONLY]",
              "Org Unit Path [Required]", "New Primary Email [UPLOAD ONLY]", "Recovery Email",
              "Home Secondary Email", "Work Secondary Email",
              "Recovery Phone [MUST BE IN THE E.164 FORMAT]", "Work Phone", "Home Phone",
              "Mobile Phone", "Work Address", "Home Address", "Employee ID", "Employee Type",
              "Employee Title", "Manager Email", "Department", "Cost Center",
              "New Status [UPLOAD ONLY]"]
    mapped = map_columns(header, Kind.CLIENT)
    assert {c.header: c.field for c in mapped.columns} == {
        "First Name [Required]": "first_name", "Last Name [Required]": "last_name",
        "Email Address [Required]": "email", "Password [Required]": "password",
        "Mobile Phone": "phone", "Employee ID": "external_id"}
    assert not mapped.errors


def test_okta_template():
    header = ("login,firstName,lastName,middleName,honorificPrefix,honorificSuffix,email,title,"
              "displayName,nickName,profileUrl,secondEmail,mobilePhone,primaryPhone,"
              "streetAddress,city,state,zipCode,countryCode,postalAddress,preferredLanguage,"
              "locale,timezone,userType,employeeNumber,costCenter,organization,division,"
              "department,managerId,manager").split(",")
    assert fields_of(header) == {
        "login": "username", "firstName": "first_name", "lastName": "last_name",
        "middleName": "middle_name", "email": "email", "mobilePhone": "phone",
        "employeeNumber": "external_id"}


def test_entra_id_bulk_create_template():
    """Entra's template starts with a version row; its headers name the property in
    brackets, and its sign-in name is the only address it has."""
    data = csv_bytes(
        "version:v1.0\n"
        "Name [displayName] Required,User name [userPrincipalName] Required,"
        "Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] "
        "Required,First name [givenName],Last name [surname],Job title [jobTitle],"
        "Department [department],Usage location [usageLocation],Office phone "
        "[telephoneNumber],Mobile phone [mobile],Office [physicalDeliveryOfficeName]\n"
        "Chris Green,chris@contoso.com,,No,Chris,Green,Coach,Care,US,,555 123 0001,Riverside\n")
    session = load_bytes(data, "entra.csv")
    assert session.file_errors == []
    fields = {c.header.split(" [")[0]: c.field for c in session.columns.columns}
    assert fields == {"User name": "email", "First name": "first_name",
                      "Last name": "last_name", "Mobile phone": "phone", "Office": "office"}
    assert session.rows[0].values["email"] == "chris@contoso.com"
    assert session.rows[0].number == 3  # numbered as the spreadsheet shows them
    assert any("read as email" in w for w in session.file_warnings)
