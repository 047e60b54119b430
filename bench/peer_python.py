#!/usr/bin/env python3
"""Reference peer for the benchmark: python-ldap's LDIF reader merely
reading every record of an LDIF file (Debian package python3-ldap)."""
import sys

import ldif


class Counter(ldif.LDIFParser):
    def __init__(self, f):
        super().__init__(f)
        self.records = 0

    def handle(self, dn, entry):
        self.records += 1


with open(sys.argv[1], "rb") as f:
    p = Counter(f)
    p.parse()
print(p.records)
