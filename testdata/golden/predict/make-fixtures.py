#!/usr/bin/env python3
# make-fixtures.py: writes one small fixture folder per predicted export
# outcome (see README.md); run from this folder, then tests/regen-golden.sh.
import base64, os

def guid(n):
    return bytes([n] * 4 + list(range(12)))

def b64(n):
    return base64.b64encode(guid(n)).decode()

def ldif_user(cn, upn, anchor=None, mail=None, proxies=()):
    s = (f"dn: CN={cn},OU=Staff,DC=contoso,DC=com\nobjectClass: top\n"
         "objectClass: person\nobjectClass: organizationalPerson\n"
         f"objectClass: user\ncn: {cn}\n")
    if anchor is not None:
        s += f"objectGUID:: {b64(anchor)}\n"
    s += f"userPrincipalName: {upn}\n"
    if mail:
        s += f"mail: {mail}\n"
    for p in proxies:
        s += f"proxyAddresses: {p}\n"
    return s

USERS = "Id,UserPrincipalName,DisplayName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled\n"
GROUPS = "Id,DisplayName,Mail,MailNickname,ProxyAddresses,MailEnabled,SecurityEnabled,GroupTypes,OnPremisesSyncEnabled\n"

def cloud_user(n, upn, imm="", synced="", proxies=""):
    return f"5e1b0000-0000-4000-8000-{n:012d},{upn},{upn.split('@')[0]},{upn},{proxies},{imm},{synced}\n"

ANA = ldif_user("Ana Lima", "ana.lima@contoso.com", 0x11,
                "ana.lima@contoso.com", ["SMTP:ana.lima@contoso.com"])
ANA_SALES = ldif_user("Ana Lima", "ana.lima@contoso.com", 0x11,
                      "ana.lima@contoso.com",
                      ["SMTP:ana.lima@contoso.com", "smtp:sales@contoso.com"])
TWIN = cloud_user(1, "ana.lima@contoso.com", b64(0x11), "True")
SALES_GROUP = (GROUPS + "5e1b0000-0000-4000-8000-000000000009,Sales,"
               "sales@contoso.com,sales,SMTP:sales@contoso.com,True,False,"
               "Unified,\n")

COMPUTER = ("dn: CN=PC01,OU=Computers,DC=contoso,DC=com\nobjectClass: top\n"
            "objectClass: computer\ncn: PC01\n"
            f"objectGUID:: {b64(0x44)}\n")

# name: (what it shows, ldif, users csv, extra files, extra args)
CASES = {
    "hard": ("the cloud twin holds the object's anchor and is synced",
             ANA, USERS + TWIN, {}, ""),
    "new": ("no cloud object has the anchor, the UPN or an address; a "
            "computer beside it keeps its scope reason and no prediction",
            ANA + "\n" + COMPUTER, USERS + cloud_user(2, "bob@contoso.com"),
            {}, ""),
    "soft": ("a cloud-only user with the same UPN is taken over",
             ANA, USERS + cloud_user(1, "ana.lima@contoso.com"), {}, ""),
    "presumed": ("a synced user with the same UPN whose immutableId the "
                 "export lacks", ANA,
                 USERS + cloud_user(1, "ana.lima@contoso.com", "", "True"),
                 {}, ""),
    "hard-takeover": ("the anchor matches a cloud user not marked synced",
                      ANA, USERS + cloud_user(1, "ana.lima@contoso.com",
                                              b64(0x11), ""), {}, ""),
    "cloud-managed": ("the anchor matches a user no longer synced",
                      ANA, USERS + cloud_user(1, "ana.lima@contoso.com",
                                              b64(0x11), "False"), {}, ""),
    "takeover-blocked": ("as hard-takeover, with the tenant blocking it",
                         ANA, USERS + cloud_user(1, "ana.lima@contoso.com",
                                                 b64(0x11), ""), {},
                         "--block-hard-match-takeover"),
    "quarantined": ("the twin is updated; a cloud group keeps sales@",
                    ANA_SALES, USERS + TWIN, {"groups.csv": SALES_GROUP},
                    ""),
    "contested": ("two new users, one address, no cloud holder: which "
                  "one Entra ID sees first is not in the exports",
                  ANA_SALES + "\n" + ldif_user(
                      "Sales Desk", "sales.desk@contoso.com", 0x55,
                      "sales@contoso.com", ["SMTP:Sales@contoso.com"]),
                  USERS + cloud_user(2, "bob@contoso.com"), {}, ""),
    "duplicate-blocked": ("as quarantined, with resiliency off",
                          ANA_SALES, USERS + TWIN,
                          {"groups.csv": SALES_GROUP}, "--resiliency off"),
    "invalid-soft-match": ("the UPN matches a user synced from another "
                           "anchor (resiliency off)", ANA,
                           USERS + cloud_user(1, "ana.lima@contoso.com",
                                              b64(0x22), "True"), {},
                           "--resiliency off"),
    "type-mismatch": ("the address matches a cloud group", ldif_user(
                      "Tax Desk", "tax.desk@contoso.com", 0x33,
                      "tax@contoso.com", ["SMTP:tax@contoso.com"]),
                      USERS + cloud_user(2, "bob@contoso.com"),
                      {"groups.csv": GROUPS + "5e1b0000-0000-4000-8000-"
                       "000000000008,Tax,tax@contoso.com,tax,"
                       "SMTP:tax@contoso.com,True,False,Unified,\n"}, ""),
    "admin-role-conflict": ("the UPN matches a cloud-only Global "
                            "Administrator", ANA,
                            USERS + cloud_user(1, "ana.lima@contoso.com"),
                            {"roles.csv": "RoleName,MemberId,"
                             "MemberUserPrincipalName\nGlobal Administrator,"
                             "5e1b0000-0000-4000-8000-000000000001,"
                             "ana.lima@contoso.com\n"}, ""),
    "no-anchor": ("the export lacks objectGUID (ldifde -n)", ldif_user(
                  "Ana Lima", "ana.lima@contoso.com", None,
                  "ana.lima@contoso.com", ["SMTP:ana.lima@contoso.com"]),
                  USERS + TWIN, {}, ""),
}

readme = ["# One fixture per predicted export outcome", "",
          "Each folder holds one on-premises user (`onprem.ldif`) and the "
          "cloud export it meets (`users.csv`, with `groups.csv` or "
          "`roles.csv` where the case needs one); `NAME.args` runs "
          "`syncdoctor objects --predict` on it.  Written by "
          "`make-fixtures.py`; synthetic values.", ""]
for name, (what, ldif, users, extra, args) in CASES.items():
    os.makedirs(name, exist_ok=True)
    d = f"testdata/golden/predict/{name}"
    open(f"{name}/onprem.ldif", "w").write(ldif)
    open(f"{name}/users.csv", "w").write(users)
    line = f"objects --predict {args} --onprem {d}/onprem.ldif --cloud {d}/users.csv"
    for fname, text in extra.items():
        open(f"{name}/{fname}", "w").write(text)
        opt = "--roles" if fname == "roles.csv" else "--cloud"
        line += f" {opt} {d}/{fname}"
    open(f"{name}/{name}.args", "w").write(" ".join(line.split()) + "\n")
    readme.append(f"- `{name}/`: {what}.")
# The JSON form of one case, with a conflict.
d = "testdata/golden/predict/quarantined"
open("quarantined/json.args", "w").write(
    f"objects --predict --format json --onprem {d}/onprem.ldif "
    f"--cloud {d}/users.csv --cloud {d}/groups.csv\n")
readme.append("- `quarantined/json`: the same as JSON Lines.")
open("README.md", "w").write("\n".join(readme) + "\n")
