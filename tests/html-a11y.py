#!/usr/bin/env python3
"""html-a11y.py: the HTML report as people read it, checked in the page
Chromium rendered (--dump-dom).  Usage: html-a11y.py DOM.html JSON.
Fails when:
- headings skip a level (h1, then h2, h3 ...; never h2 to h4), or the
  first one is not the h1;
- a finding of the JSON report has no element with its id, or its id is
  not shown in the page;
- a table has no <caption>, or a <th> has no scope;
- a text colour the page's CSS declares has a contrast ratio under 4.5:1
  (WCAG AA) against its background (the rule's own, else that of the
  rule naming its first ancestor, else white), or a rule dims text with
  opacity;
- the picture of the outcomes has no <title> and <desc>, or links to an
  anchor the page does not have."""
import html.parser
import json
import re
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.hrefs = [], set(), []
        self.tables, self.th_without_scope = [], 0
        self.style, self.in_style = "", False
        self.text = []
        self.svg_titles = {}
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append(False)
        if tag == "caption" and self.tables:
            self.tables[-1] = True
        if tag == "th" and not a.get("scope"):
            self.th_without_scope += 1
        if tag == "style":
            self.in_style = True
        if tag == "svg":
            self.stack.append({"class": a.get("class", ""), "title": False,
                               "desc": False})
        if tag in ("title", "desc") and self.stack:
            self.stack[-1][tag] = True

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "svg" and self.stack:
            s = self.stack.pop()
            if "stack" in s["class"]:
                self.svg_titles["stack"] = s["title"] and s["desc"]

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        else:
            self.text.append(data)


def rgb(value, variables):
    value = value.strip()
    for _ in range(5):
        m = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if not m:
            break
        value = variables.get(m.group(1), "").strip()
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value)
    if not m:
        return None
    h = m.group(1)
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(c):
    def lin(v):
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_problems(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    variables = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", css))
    rules = []
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decl = dict((k.strip(), v.strip()) for k, v in
                    re.findall(r"([\w-]+)\s*:\s*([^;]+)", body))
        for one in sel.split(","):
            rules.append((one.strip(), decl))
    backgrounds = {}
    for sel, decl in rules:
        bg = decl.get("background-color", decl.get("background", ""))
        if rgb(bg, variables) is not None:
            backgrounds.setdefault(sel, bg)
    problems, checked = [], 0
    for sel, decl in rules:
        if "opacity" in decl:
            problems.append("%s dims its text with opacity" % sel)
        if "color" not in decl:
            continue
        fg = rgb(decl["color"], variables)
        if fg is None:
            continue
        bg = decl.get("background-color", decl.get("background", ""))
        if rgb(bg, variables) is None:
            first = sel.split()[0]
            bg = backgrounds.get(first, "#ffffff") if first != sel \
                else "#ffffff"
        r = ratio(fg, rgb(bg, variables))
        checked += 1
        if r < 4.5:
            problems.append("%s: %s on %s is %.2f:1" %
                            (sel, decl["color"], bg, r))
    return problems, checked


def main():
    dom, report = sys.argv[1], sys.argv[2]
    page = Page()
    page.feed(open(dom, encoding="utf-8").read())
    findings = json.load(open(report, encoding="utf-8"))["findings"]
    fails = []
    levels = page.headings
    if not levels or levels[0] != 1:
        fails.append("the first heading is not the h1")
    for prev, cur in zip(levels, levels[1:]):
        if cur > prev + 1:
            fails.append("a heading skips from h%d to h%d" % (prev, cur))
            break
    text = "".join(page.text)
    for f in findings:
        if f["id"] not in page.ids:
            fails.append("finding %s has no element with its id" % f["id"])
        if f["id"] not in text:
            fails.append("finding %s does not show its id" % f["id"])
    if not page.tables:
        fails.append("no table in the page")
    if not all(page.tables):
        fails.append("%d of %d tables have no caption" %
                     (page.tables.count(False), len(page.tables)))
    if page.th_without_scope:
        fails.append("%d header cells have no scope" % page.th_without_scope)
    problems, checked = contrast_problems(page.style)
    fails += ["contrast: " + p for p in problems]
    if checked < 10:
        fails.append("only %d colour pairs found in the CSS" % checked)
    if not page.svg_titles.get("stack"):
        fails.append("the outcome picture has no <title> and <desc>")
    for target in page.hrefs:
        if target not in page.ids:
            fails.append("a link points at #%s, which is not in the page" %
                         target)
    for f in fails:
        print("FAIL html-a11y:", f)
    if not fails:
        print("html-a11y: %d headings in order, %d findings anchored, "
              "%d tables captioned, %d colour pairs at 4.5:1 or more" %
              (len(levels), len(findings), len(page.tables), checked))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
