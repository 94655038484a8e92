"""Regenerate the sample CSVs (deterministic): python sample_data/make_samples.py

The files are committed; this script documents how they were made. The demo
roster (demo_*.csv) is in the canonical columns of ``rostertui export``; the
other files copy the layouts that admins bring (see README.md here).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(2026)

FIRST_F = ["Ana", "Beatriz", "Chloé", "Dana", "Eleanor", "Fatima", "Grace", "Hana", "Ingrid",
           "Jia", "Katarzyna", "Lucía", "Maya", "Nkechi", "Olivia", "Priya", "Quinn", "Rosa",
           "Siobhán", "Tamar", "Uma", "Valentina", "Wen", "Ximena", "Yara", "Zoë", "Amélie",
           "Noémie", "Sofia", "Aisha"]
FIRST_M = ["Aarav", "Bruno", "Carlos", "Dmitri", "Emeka", "François", "Gustavo", "Hiroshi",
           "Ibrahim", "José", "Kwame", "Liam", "Mateo", "Nikolai", "Omar", "Pedro", "Rafael",
           "Søren", "Tomás", "Umar", "Viktor", "William", "Xavier", "Yusuf", "Zoltán", "Ethan",
           "Noah", "Jonas", "Ravi", "Malik"]
LAST = ["Adeyemi", "Bergström", "Castillo", "Dubois", "Eriksen", "Fernández", "García", "Haddad",
        "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nguyen", "O'Brien", "Petrović",
        "Quispe", "Rossi", "Smith", "Tanaka", "Uchenna", "Van der Berg", "Wójcik", "Xu", "Yilmaz",
        "Zhang", "Johnson", "Brown", "Martin", "Singh", "Kim", "Okafor", "Moreau", "Novak",
        "Schmidt", "Costa", "Ahmed", "Lee", "Walker", "Ng"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
TAGS = ["Newsletter", "VIP", "Weight Loss", "Diabetes Program", "Corporate Wellness", "Telehealth"]
OFFICES = ["Main Street", "Riverside", "Downtown Clinic"]


def ascii_slug(text: str) -> str:
    table = str.maketrans("éèëêáàäâíïóöôúüùñçøåšćłśźżőő'", "eeeeaaaaiiooouuuncoasclszzoo ")
    return "".join(ch for ch in text.lower().translate(table) if ch.isalnum())


def person(i: int) -> dict[str, str]:
    sex = rng.choice(["female", "male"])
    first = rng.choice(FIRST_F if sex == "female" else FIRST_M)
    last = rng.choice(LAST)
    email = f"{ascii_slug(first)}.{ascii_slug(last)}{i}@{rng.choice(DOMAINS)}"
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 64))
    return {"first_name": first, "last_name": last, "email": email, "sex": sex,
            "birthdate": born.isoformat(), "phone": f"555{rng.randrange(10**6, 10**7):07d}"}


def write(name: str, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8",
          delimiter: str = ",") -> None:
    with open(HERE / name, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def demo_roster() -> None:
    header = ["email", "first_name", "middle_name", "last_name", "birthdate", "sex",
              "external_id", "phone", "phone_country", "office", "tags", "status",
              "attribute:Program Start Date"]
    rows = []
    for i in range(1, 201):
        p = person(i)
        tags = ";".join(sorted(rng.sample(TAGS, rng.choice([0, 1, 1, 2, 3]))))
        status = "archived" if i % 14 == 0 else "active"
        start = (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))).isoformat()
        rows.append([p["email"], p["first_name"], rng.choice(["", "", "", "J.", "Marie"]),
                     p["last_name"], p["birthdate"], p["sex"], f"CRM-{10000 + i}", p["phone"],
                     "USA", rng.choice(OFFICES), tags, status, start if i % 3 else ""])
    write("demo_clients.csv", header, rows)

    team = [("Grace", "Hopper", "Practitioner;Administrator"), ("Ravi", "Shankar", "Practitioner"),
            ("Lucía", "Fernández", "Practitioner"), ("Kwame", "Mensah", "Billing Administrator"),
            ("Ingrid", "Bergström", "Practitioner"), ("Tomás", "O'Brien", "Practitioner"),
            ("Hana", "Tanaka", "Billing Administrator;Practitioner")]
    rows = [[f"{ascii_slug(f)}.{ascii_slug(la)}@northwind-health.example", f, la, r,
             OFFICES[i % 3], "individual", "active"] for i, (f, la, r) in enumerate(team)]
    rows.append(["frontdesk@northwind-health.example", "Riverside Front Desk", "",
                 "Practitioner", "Riverside", "facility", "archived"])
    write("demo_team.csv", ["email", "first_name", "last_name", "roles", "office",
                            "profile_type", "status"], rows)

    invites = [["new.client1@example.com", "client", "", "Welcome to Northwind Health!"],
               ["new.client2@example.org", "client", "", ""],
               ["new.client3@example.net", "client", "", "Your coach asked us to invite you."],
               ["new.client4@example.com", "client", "", ""],
               ["coach.candidate@northwind-health.example", "team_member", "Practitioner",
                "Join our coaching team."],
               ["billing.help@northwind-health.example", "team_member",
                "Billing Administrator", ""]]
    write("demo_invitations.csv", ["email", "kind", "roles", "message"], invites)

    signups = []
    for i in range(301, 305):
        p = person(i)
        signups.append([p["email"], p["first_name"], p["last_name"], p["birthdate"], p["sex"],
                        "I found you through the sign-up page."])
    write("demo_signups.csv", ["email", "first_name", "last_name", "birthdate", "sex",
                               "message"], signups)


def seed_layouts() -> None:
    # 000: the health-coaching platform's client template.
    rows = []
    for i in range(401, 426):
        p = person(i)
        t = rng.sample(TAGS, 2)
        rows.append([p["email"], f"Welcome-{rng.randrange(1000, 9999)}!", p["first_name"],
                     p["last_name"], p["birthdate"].replace("-", ""), p["sex"], t[0],
                     t[1] if i % 2 else "", f"EXT-{i}", f"2024{rng.randrange(1, 13):02d}01"])
    write("clients_template_layout.csv", ["email_address", "initial_password", "first_name",
                                          "last_name", "birthdate", "gender", "tag", "tag",
                                          "external_id", "attribute:Program Start Date"], rows)
    # 003: a CRM's camelCase export, with columns the roster does not know.
    rows = []
    for i in range(501, 521):
        p = person(i)
        rows.append([p["first_name"], p["last_name"], p["email"],
                     ascii_slug(p["first_name"]) + str(i), rng.choice(["", "Lee", "Ann"]),
                     f"crm-{i:05d}", rng.choice(["True", "True", "False"]), "Personal",
                     f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}T15:06:02.802Z"])
    write("crm_export.csv", ["firstName", "lastName", "email", "username", "middleName",
                             "externalId", "active", "type", "created"], rows)
    # 004: the batch upload of professional users (team members).
    rows = []
    for i in range(601, 616):
        p = person(i)
        facility = i % 5 == 0
        rows.append(["2" if facility else "1", p["email"],
                     f"{p['last_name']} Wellness Center" if facility else p["first_name"],
                     "" if facility else p["last_name"], rng.choice(OFFICES),
                     f"({p['phone'][:3]}) {p['phone'][3:6]}-{p['phone'][6:]}", "USA",
                     "ACTIVE" if i % 4 else "INACTIVE", "Practitioner"])
    write("professional_batch.csv", ["Profile Type ID", "Email Address", "First Name",
                                     "Last Name", "Office", "Mobile Phone",
                                     "Mobile Phone Country", "Profile Status", "Role"], rows)


def messy() -> None:
    """Excel on Windows in Europe: cp1252, semicolons, and the mistakes people make."""
    header = ["E-mail", "First Name", "Last Name", "Date of Birth", "Gender", "Tags",
              "External ID", "Mobile Phone", "Notes"]
    good = [person(i) for i in range(701, 716)]
    rows = [[p["email"], p["first_name"], p["last_name"], p["birthdate"].replace("-", ""),
             p["sex"][0].upper(), "Newsletter", f"X-{n}", p["phone"], ""]
            for n, p in enumerate(good)]
    rows += [
        ["not-an-email", "Bad", "Address", "19800101", "F", "", "X-90", "", "typo in email"],
        [good[0]["email"].upper(), "Dup", "Licate", "19800101", "M", "", "X-91", "",
         "same email as row 2"],
        ["future.born@example.com", "Future", "Born", "20991231", "F", "", "X-92", "", ""],
        ["no.last@example.com", "NoLast", "", "19700101", "M", "", "X-93", "", ""],
        ["=HYPERLINK(\"http://evil\")@example.com", "=cmd|' /C calc'!A0", "Formula",
         "19900101", "F", "", "X-94", "", "formula injection"],
        ["unknown.tag@example.com", "Unknown", "Tag", "19900101", "F", "Platinum", "X-95", "",
         "tag does not exist"],
        ["bad.sex@example.com", "Bad", "Sex", "19900101", "unknown", "", "X-96", "", ""],
        ["bad.phone@example.com", "Bad", "Phone", "19900101", "M", "", "X-97", "555-CALL-NOW",
         ""],
        ["bad.date@example.com", "Bad", "Date", "19900231", "F", "", "X-98", "", "31 Feb"],
        ["dup.external@example.com", "Dup", "External", "19850505", "F", "", "X-0", "",
         "external id as row 2"],
        ["", "Missing", "Email", "19800101", "M", "", "X-99", "", ""],
        ["françois.lefèvre@example.fr", "François", "Lefèvre", "1975-03-14", "male",
         "Telehealth", "X-100", "555.123.4567", "accents in cp1252"],
    ]
    write("messy_clients.csv", header, rows, encoding="cp1252", delimiter=";")


def triage_corpus() -> None:
    """Issue 14: files that need triage, each with a test of its outcome (test_samples.py)."""
    import sys

    sys.path.insert(0, str(HERE.parent))
    from sample_data.workbooks import Formula, write_xlsx

    # A directory (LDAP / Active Directory) export of staff: team members.
    rows = []
    for i in range(801, 813):
        p = person(i)
        sam = f"{ascii_slug(p['first_name'])[:1]}{ascii_slug(p['last_name'])}{i}"
        rows.append([f"CN={p['first_name']} {p['last_name']},OU=Staff,DC=northwind,DC=example",
                     p["first_name"], p["last_name"], f"{sam}@northwind-health.example",
                     p["phone"], f"555{rng.randrange(10**6, 10**7):07d}", f"E{i:05d}", sam,
                     f"{sam}@northwind.example", rng.choice(OFFICES), "Care"])
    write("directory_export.csv", ["dn", "givenName", "sn", "mail", "mobile", "telephoneNumber",
                                   "employeeID", "sAMAccountName", "userPrincipalName",
                                   "physicalDeliveryOfficeName", "department"], rows)
    # An HR export: day-first dates, M/F codes (and three U), a work email column.
    rows = []
    for i in range(901, 931):
        p = person(i)
        born = dt.date.fromisoformat(p["birthdate"])
        code = "U" if i % 10 == 3 else p["sex"][0].upper()
        rows.append([f"HR-{i}", p["first_name"], p["last_name"], p["email"],
                     born.strftime("%d/%m/%Y"), code, p["phone"]])
    write("hr_export.csv", ["Employee ID", "Forename", "Surname", "Work Email", "Date of Birth",
                            "Gender", "Mobile"], rows)
    # A CRM export whose notes run over several lines, and whose email column is "Contact".
    rows = []
    notes = ["Called twice.\nPrefers email.", "", "Referred by Dr. Okafor.\n\nFollow up in "
             "March.", "VIP", "Moved to Riverside.\nNew phone on file."]
    for i in range(951, 961):
        p = person(i)
        rows.append([p["first_name"], p["last_name"], p["email"], notes[i % len(notes)],
                     p["birthdate"], p["sex"]])
    write("crm_notes_export.csv", ["First Name", "Last Name", "Contact", "Notes", "Birthday",
                                   "Gender"], rows)
    # A workbook with two sheets: clients first (date and number cells), then staff.
    clients = [["Email", "First Name", "Last Name", "Date of Birth", "Sex", "Mobile",
                "Client ID", "Visits"]]
    for i in range(1001, 1016):
        p = person(i)
        clients.append([p["email"], p["first_name"], p["last_name"],
                        dt.date.fromisoformat(p["birthdate"]), p["sex"], int(p["phone"]),
                        10000 + i, Formula(f"SUM({i % 7};1)", i % 7 + 1)])
    staff = [["Email", "First Name", "Last Name", "Role"]]
    for i in range(1101, 1106):
        p = person(i)
        staff.append([f"{ascii_slug(p['first_name'])}.{i}@northwind-health.example",
                      p["first_name"], p["last_name"], "Practitioner"])
    write_xlsx(HERE / "clients_workbook.xlsx", {"Clients": clients, "Staff": staff})


if __name__ == "__main__":
    demo_roster()
    seed_layouts()
    messy()
    triage_corpus()
