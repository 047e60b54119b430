#!/usr/bin/env python3
"""labels.py: labels are sentences.  Runs every analyze case of the
golden fixtures (testdata/golden, testdata/rules: the sample and the
small fixtures) in the text, Markdown and HTML formats and fails on a
count of one with a plural noun ("1 warnings", "1 cloud objects"), on a
placeholder such as "(empty" where words belong, and on "No problems"
in a report whose JSON twin predicts objects exported with loss or
blocked.  Usage: labels.py SYNCDOCTOR SRCDIR."""
import glob
import html
import json
import os
import re
import subprocess
import sys

PLURAL = re.compile(r"(?<![\w.,:/-])1 (?:[a-z][a-z-]* )?([A-Za-z][a-z]+s)\b")
# Words that end in s and are singular, or not nouns counted by the 1.
SINGULAR = re.compile(r"(ss|us|is|ys|as|ics)$", re.I)
FORMATS = ("text", "md", "html")


def text_of(out, fmt):
    if fmt != "html":
        return out
    out = re.sub(r"<(script|style)\b.*?</\1>", " ", out, flags=re.S)
    # A block ends a sentence: its words never run into the next one's.
    out = re.sub(r"</?(?:p|div|li|ul|ol|td|th|tr|caption|table|h[1-6]|dt|"
                 r"dd|figure|figcaption|section|header|footer|article|"
                 r"title|desc|pre)\b[^>]*>", "\n", out)
    out = re.sub(r"<[^>]*>", " ", out)
    return re.sub(r"[ \t]+", " ", html.unescape(out))


def run(prog, args, fmt):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1750000000", NO_COLOR="1")
    r = subprocess.run([prog] + args + ["--format", fmt],
                       capture_output=True, env=env, timeout=120)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def main():
    prog, srcdir = sys.argv[1], sys.argv[2]
    os.chdir(srcdir)
    cases, seen, fails = 0, set(), []
    files = sorted(glob.glob("testdata/golden/*/*.args") +
                   glob.glob("testdata/rules/*/*/*.args"))
    for path in files:
        words = open(path).read().split()
        if not words or words[0] != "analyze":
            continue
        args = []
        skip = False
        i = 0
        while i < len(words):
            if words[i] == "--format":
                skip = i + 1 >= len(words) or words[i + 1] not in FORMATS
                i += 2
                continue
            if words[i].startswith("--format="):
                skip = words[i][9:] not in FORMATS
                i += 1
                continue
            args.append(words[i])
            i += 1
        if skip or " ".join(args) in seen:
            continue
        seen.add(" ".join(args))
        status, out = run(prog, args, "json")
        if status > 1:
            continue
        try:
            predicted = json.loads(out)["summary"].get("predicted", {})
        except (ValueError, KeyError):
            continue
        harmed = predicted.get("exported-with-loss", 0) + \
            predicted.get("blocked", 0)
        for fmt in FORMATS:
            status, out = run(prog, args, fmt)
            cases += 1
            text = text_of(out, fmt)
            where = "%s (--format %s)" % (path, fmt)
            for m in PLURAL.finditer(text):
                if not SINGULAR.search(m.group(1)):
                    fails.append("%s: a plural after 1: '%s'" %
                                 (where, m.group(0)))
            if "(empty" in text:
                fails.append("%s: '(empty' in place of words" % where)
            if harmed and re.search(r"no problems", text, re.I):
                fails.append("%s: 'No problems' above %d objects exported "
                             "with loss or blocked" % (where, harmed))
    for f in fails:
        print("FAIL labels:", f)
    if cases == 0:
        print("FAIL labels: no case ran")
        return 1
    if not fails:
        print("labels: %d reports, every label a sentence" % cases)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
