/*
 * The HTML report, the one a consultant hands to a customer: a single
 * self-contained page (inline CSS and a small inline script, nothing
 * fetched: its Content-Security-Policy forbids every network load) with
 * an executive summary first, then one section per rule explaining the
 * problem in plain words, each finding with its objects, file:line and
 * numbered fix, and a link to Microsoft's documentation.  It opens with
 * two pictures in inline SVG (the in-scope objects by predicted outcome,
 * the findings by rule), drawn with patterns as well as colours and told
 * in words for screen readers; it reads with the script off, and prints
 * on A4 or Letter in a layout of its own, each rule's explanation once,
 * in an appendix.  Every customer value goes through escape_html().
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escape_doc.h"
#include "grid.h"
#include "report.h"
#include "view.h"

static void	html_write(FILE *, const struct report_view *);

const struct report_format report_format_html = {
	.name      = "html",
	.extension = "html",
	.write     = html_write,
};

#define HTML_MAX_MESSAGES	500

/*
 * The filter and sort controls.  The CSP below allows this script by its
 * hash alone, so an injected script could never run: after any change,
 * put the new hash there (tests/html-check.sh prints it and fails when
 * Chromium refuses the script).
 */
static const char html_script[] =
"(function () {\n"
"  var d = document, main = d.getElementById('rules');\n"
"  var bar = d.getElementById('controls');\n"
"  if (!main || !bar) return;\n"
"  d.documentElement.className = 'js';\n"
"  bar.hidden = false;\n"
"  var sections = [].slice.call(main.querySelectorAll('section.rule'));\n"
"  var keys = {\n"
"    order: function (s) { return +s.dataset.order; },\n"
"    severity: function (s) { return +s.dataset.worst * 1e6 - s.dataset.count; },\n"
"    count: function (s) { return -s.dataset.count; },\n"
"    name: function (s) { return s.dataset.rule; }\n"
"  };\n"
"  function apply() {\n"
"    var rule = d.getElementById('f-rule').value, shown = 0, total = 0;\n"
"    var key = keys[d.getElementById('f-sort').value] || keys.order;\n"
"    sections.forEach(function (s) {\n"
"      var n = 0;\n"
"      [].forEach.call(s.querySelectorAll('article.finding'), function (a) {\n"
"        var box = d.getElementById('f-' + a.dataset.severity);\n"
"        a.hidden = !(box && box.checked);\n"
"        total++;\n"
"        if (!a.hidden) n++;\n"
"      });\n"
"      s.hidden = n === 0 || (rule !== '' && s.dataset.rule !== rule);\n"
"      if (!s.hidden) shown += n;\n"
"    });\n"
"    sections.slice().sort(function (a, b) {\n"
"      var x = key(a), y = key(b);\n"
"      return x < y ? -1 : x > y ? 1 : +a.dataset.order - b.dataset.order;\n"
"    }).forEach(function (s) { main.appendChild(s); });\n"
"    d.getElementById('f-shown').textContent =\n"
"      'Showing ' + shown + ' of ' + total + ' findings';\n"
"  }\n"
"  bar.addEventListener('change', apply);\n"
"  apply();\n"
"})();\n";

#define HTML_SCRIPT_HASH "sha256-ybjziGdvS7+KP/Apy9bsDJV240+KIsJ5jtDP/hE8x8k="

static const char html_style[] =
":root {\n"
"  --ink: #1d2433; --muted: #545d6e; --line: #c9ced8; --band: #f4f6f9;\n"
"  --accent: #1f3a68; --cover-ink: #ffffff; --cover-muted: #d3dcec;\n"
"  --error: #b42318; --error-bg: #fdecea;\n"
"  --warning: #8a4200; --warning-bg: #fff4e0; --info: #1f5f9e;\n"
"  --info-bg: #e8f1fb; --ok: #216e39; --ok-bg: #e7f4ea;\n"
"  --mono: ui-monospace, 'Cascadia Mono', 'Segoe UI Mono', Consolas,\n"
"    'DejaVu Sans Mono', 'Liberation Mono', Menlo, monospace;\n"
"}\n"
"* { box-sizing: border-box; }\n"
"html { -webkit-text-size-adjust: 100%; }\n"
"body { margin: 0; color: var(--ink); background: #ffffff;\n"
"  font: 15px/1.55 'Segoe UI', system-ui, -apple-system, Roboto,\n"
"    'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif; }\n"
".page { max-width: 1180px; margin: 0 auto; padding: 0 32px 48px; }\n"
"h1, h2, h3, h4 { line-height: 1.25; margin: 0; font-weight: 600; }\n"
"h2 { font-size: 22px; margin: 0 0 12px; }\n"
"h3 { font-size: 16px; margin: 28px 0 10px; color: var(--accent); }\n"
"h4 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase;\n"
"  letter-spacing: .06em; color: var(--muted); }\n"
"p { margin: 0 0 10px; }\n"
"p, li { overflow-wrap: break-word; }\n"
".scroll { overflow-x: auto; }\n"
"td.wrap { overflow-wrap: anywhere; }\n"
"a { color: var(--accent); }\n"
"code, .mono { font-family: var(--mono); font-size: 13px; }\n"
".vh { position: absolute; width: 1px; height: 1px; overflow: hidden;\n"
"  clip: rect(0 0 0 0); white-space: nowrap; }\n"
".cover { background: var(--accent); color: var(--cover-ink); padding: 36px 0 28px;\n"
"  border-bottom: 6px solid #c9a227; }\n"
".cover .page { padding-bottom: 0; }\n"
".cover .eyebrow { text-transform: uppercase; letter-spacing: .14em;\n"
"  font-size: 12px; color: var(--cover-muted); margin: 0 0 6px; }\n"
".cover h1 { font-size: 30px; margin: 0 0 18px; overflow-wrap: anywhere; }\n"
".meta { display: grid; grid-template-columns: repeat(4, auto); gap: 6px 36px;\n"
"  justify-content: start; margin: 0; font-size: 14px; }\n"
".cover .meta dt { font-size: 11px; text-transform: uppercase;\n"
"  letter-spacing: .1em; color: var(--cover-muted); }\n"
".meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }\n"
".meta div { display: flex; flex-direction: column; }\n"
".cover .confidential { margin: 18px 0 0; font-size: 12px;\n"
"  color: var(--cover-muted); }\n"
".summary { padding-top: 28px; }\n"
".verdict { border-left: 6px solid var(--muted); background: var(--band);\n"
"  color: var(--ink); padding: 14px 18px; font-size: 16px; margin: 0 0 20px; }\n"
".verdict strong { display: block; font-size: 18px; margin-bottom: 2px; }\n"
".verdict.sev-error { border-color: var(--error); background: var(--error-bg);\n"
"  color: var(--ink); }\n"
".verdict.sev-warning { border-color: var(--warning);\n"
"  background: var(--warning-bg); color: var(--ink); }\n"
".verdict.ok { border-color: var(--ok); background: var(--ok-bg);\n"
"  color: var(--ink); }\n"
".chart { margin: 0 0 8px; }\n"
".chart svg.stack, .chart svg.bar { display: block; }\n"
".stack { border: 1px solid var(--ink); }\n"
".legend { list-style: none; margin: 10px 0 0; padding: 0; display: flex;\n"
"  flex-wrap: wrap; gap: 6px 22px; font-size: 14px; }\n"
".legend a, .bars a { color: var(--ink); text-decoration: none; }\n"
".legend a:hover .t, .bars a:hover .bl { text-decoration: underline; }\n"
".legend svg, .key svg { vertical-align: -3px; margin-right: 6px; }\n"
".legend .n, .bars .bn { font-weight: 700; font-variant-numeric: tabular-nums; }\n"
".bars { list-style: none; margin: 0; padding: 0; font-size: 14px; }\n"
".bars li a { display: grid; grid-template-columns: minmax(8em, 18em) 1fr 3em;\n"
"  gap: 12px; align-items: center; padding: 2px 0; }\n"
".bars .bl { overflow-wrap: anywhere; }\n"
".bars .bn { text-align: right; }\n"
".key { font-size: 13px; color: var(--muted); margin: 6px 0 0; }\n"
".key span { margin-right: 18px; white-space: nowrap; }\n"
".tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px;\n"
"  margin: 18px 0 8px; }\n"
".tile { border: 1px solid var(--line); border-top: 4px solid var(--muted);\n"
"  padding: 10px 14px; }\n"
".tile .n { display: block; font-size: 28px; font-weight: 700;\n"
"  line-height: 1.1; }\n"
".tile .l { font-size: 12px; color: var(--muted); text-transform: uppercase;\n"
"  letter-spacing: .08em; }\n"
".tile.sev-error { border-top-color: var(--error); }\n"
".mark { margin-left: .4em; padding: 0 .4em; border: 1px dashed currentColor;\n"
"  border-radius: 3px; font-size: .8em; text-transform: uppercase; }\n"
".tile.sev-warning { border-top-color: var(--warning); }\n"
".tile.sev-info { border-top-color: var(--info); }\n"
".tile.sev-error .n { color: var(--error); }\n"
"table { border-collapse: collapse; width: 100%; font-size: 14px; }\n"
"caption { text-align: left; font-size: 13px; color: var(--muted);\n"
"  padding: 0 0 4px; }\n"
"th, td { text-align: left; vertical-align: top; padding: 6px 10px;\n"
"  border-bottom: 1px solid var(--line); }\n"
"thead th { background: var(--band); font-size: 12px; text-transform: uppercase;\n"
"  letter-spacing: .05em; color: var(--muted); border-bottom: 2px solid var(--line); }\n"
"td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
"td.zero { color: var(--muted); }\n"
"td { overflow-wrap: break-word; }\n"
"td code { overflow-wrap: anywhere; }\n"
".sev { display: inline-block; min-width: 64px; text-align: center;\n"
"  font-size: 11px; font-weight: 700; letter-spacing: .08em;\n"
"  text-transform: uppercase; padding: 1px 6px; border: 2px solid;\n"
"  border-radius: 3px; white-space: nowrap; }\n"
".sev.sev-error { background: var(--error); border-color: var(--error);\n"
"  color: #ffffff; }\n"
".sev.sev-warning { background: #ffffff; border-color: var(--warning);\n"
"  color: var(--warning); }\n"
".sev.sev-info { background: #ffffff; border-color: var(--info);\n"
"  border-style: dashed; color: var(--info); }\n"
".sev.pass { background: #ffffff; border-color: var(--ok); color: var(--ok);\n"
"  border-width: 1px; }\n"
".sev.skip { background: #ffffff; border-color: var(--muted);\n"
"  color: var(--muted); border-width: 1px; border-style: dotted; }\n"
".ctl { font-family: var(--mono); font-size: .85em; background: #fff3bf;\n"
"  border: 1px solid #8a6d00; border-radius: 2px; padding: 0 2px;\n"
"  color: #5c4800; }\n"
".controls { position: sticky; top: 0; z-index: 2; background: #ffffff;\n"
"  color: var(--ink); border: 1px solid var(--line); border-radius: 4px;\n"
"  margin: 32px 0 0; padding: 10px 14px; display: flex; flex-wrap: wrap;\n"
"  gap: 8px 22px; align-items: center; font-size: 14px;\n"
"  box-shadow: 0 2px 6px rgba(0,0,0,.06); }\n"
".controls[hidden] { display: none; }\n"
".controls label { white-space: nowrap; }\n"
".controls select { font: inherit; padding: 2px 4px; }\n"
"#f-shown { margin-left: auto; color: var(--muted); }\n"
".rule { border-top: 3px solid var(--accent); margin-top: 40px;\n"
"  padding-top: 18px; }\n"
".rule[hidden], .finding[hidden] { display: none; }\n"
".rule-head { display: flex; align-items: baseline; gap: 12px;\n"
"  flex-wrap: wrap; }\n"
".rule-head h2 { margin: 0; overflow-wrap: anywhere; }\n"
".rule-head .count { color: var(--muted); font-size: 14px; margin-left: auto; }\n"
".rule-title { font-size: 16px; color: var(--muted); margin: 4px 0 6px; }\n"
".about { font-size: 14px; margin: 0 0 18px; }\n"
".explain { background: var(--band); color: var(--ink); border-radius: 4px;\n"
"  padding: 14px 18px; margin: 0 0 10px; max-width: 80em; }\n"
".explain p:last-child { margin-bottom: 0; }\n"
".explain ul { margin: 0 0 10px; padding-left: 22px; }\n"
".explain li { margin: 0 0 4px; }\n"
".doc { font-size: 14px; margin: 0 0 18px; overflow-wrap: anywhere; }\n"
".finding { border: 1px solid var(--line); border-left: 5px solid var(--muted);\n"
"  border-radius: 4px; padding: 14px 18px 8px; margin: 0 0 16px; }\n"
".finding.sev-error { border-left-color: var(--error); }\n"
".finding.sev-warning { border-left-color: var(--warning); }\n"
".finding.sev-info { border-left-color: var(--info); border-left-style: dashed; }\n"
".finding-head { display: flex; align-items: center; gap: 10px;\n"
"  flex-wrap: wrap; margin: 0 0 8px; font-size: 15px; color: var(--ink); }\n"
".finding-head .no { font-weight: 700; color: var(--muted); }\n"
".finding-head .attr { font-weight: 600; }\n"
".finding-head code { background: var(--band); color: var(--ink);\n"
"  padding: 1px 6px; border-radius: 3px; overflow-wrap: anywhere; }\n"
".fid { font-family: var(--mono); font-size: 12px; color: var(--muted);\n"
"  margin: -4px 0 8px; overflow-wrap: anywhere; }\n"
".fid a { color: var(--muted); }\n"
".objects { table-layout: fixed; }\n"
".c-side { width: 10%; } .c-type { width: 7%; } .c-object { width: 27%; }\n"
".c-source { width: 14%; } .c-held { width: 15%; } .c-value { width: 15%; }\n"
".c-outcome { width: 12%; }\n"
".objects .sub { color: var(--muted); font-size: 12px; margin-top: 2px; }\n"
".role { display: block; width: fit-content; font-size: 12px;\n"
"  font-style: italic; color: var(--ink); background: var(--band);\n"
"  border-left: 3px solid var(--accent); padding: 0 6px; margin: 3px 0; }\n"
".keeper { border-left: 3px solid var(--accent); padding: 2px 8px; }\n"
".steps { margin: 0 0 8px; padding-left: 24px; }\n"
".steps li { margin: 0 0 4px; padding-left: 4px; }\n"
"pre.cmd { font-family: var(--mono); font-size: 12.5px; background: var(--band);\n"
"  color: var(--ink); border: 1px solid var(--line); border-radius: 3px;\n"
"  padding: 6px 10px; margin: 4px 0; white-space: pre-wrap;\n"
"  overflow-wrap: anywhere; }\n"
".note { color: var(--muted); font-size: 13px; }\n"
".notrun li { margin-bottom: 4px; }\n"
".outcome-list { columns: 2 22em; column-gap: 32px; margin: 0 0 12px;\n"
"  padding-left: 20px; font-size: 13px; }\n"
".outcome-list li { break-inside: avoid; overflow-wrap: anywhere; }\n"
"footer { margin-top: 48px; padding-top: 14px; border-top: 1px solid var(--line);\n"
"  color: var(--muted); font-size: 12px; }\n"
"@media screen and (max-width: 800px) {\n"
"  .tiles { grid-template-columns: repeat(2, 1fr); }\n"
"  .meta { grid-template-columns: repeat(2, auto); }\n"
"  .page { padding: 0 16px 32px; }\n"
"  .bars li a { grid-template-columns: 1fr 3em; }\n"
"  .bars .bar { grid-column: 1 / -1; grid-row: 2; }\n"
"  .byrule td:nth-child(2), .byrule th:nth-child(2) { display: none; }\n"
"  table:not(.objects) { display: block; overflow-x: auto; }\n"
"  .objects, .objects tbody, .objects tr, .objects td { display: block; }\n"
"  .objects thead, .objects colgroup { display: none; }\n"
"  .objects tr { border-bottom: 1px solid var(--line); padding: 6px 0; }\n"
"  .objects td { border: none; padding: 2px 0; }\n"
"  .objects td[data-label]::before { content: attr(data-label) ': ';\n"
"    color: var(--muted); font-size: 12px; }\n"
"}\n"
"@page { margin: 12mm 12mm 14mm;\n"
"  @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages);\n"
"    font: 8pt sans-serif; color: #545d6e; } }\n"
"@media print {\n"
"  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
"  body { font-size: 9pt; line-height: 1.35; }\n"
"  .page { max-width: none; padding: 0; }\n"
"  .cover { padding: 14pt 12pt 12pt; }\n"
"  .cover h1 { font-size: 20pt; margin-bottom: 10pt; }\n"
"  .meta { font-size: 9pt; gap: 3pt 18pt; }\n"
"  .summary { padding-top: 12pt; }\n"
"  h2 { font-size: 14pt; } h3 { font-size: 11pt; margin: 14pt 0 6pt; }\n"
"  .controls { display: none !important; }\n"
"  .rule { border-top: 2pt solid var(--accent); margin-top: 16pt;\n"
"    padding-top: 8pt; }\n"
"  .tile, tr, .verdict, .legend, .bars li, pre.cmd, .steps li, .keeper,\n"
"    .finding > p, .explain p, .explain li { break-inside: avoid; }\n"
"  .finding-head, .fid { break-after: avoid; }\n"
"  .finding { padding: 8pt 10pt 4pt; margin-bottom: 8pt; }\n"
"  h2, h3, h4, .rule-head, .rule-title, caption { break-after: avoid; }\n"
"  thead { display: table-header-group; }\n"
"  table { font-size: 8pt; }\n"
"  th, td { padding: 2pt 4pt; }\n"
"  code, .mono, pre.cmd { font-size: 8pt; }\n"
"  .tile { padding: 4pt 8pt; } .tile .n { font-size: 16pt; }\n"
"  .doc a, a { overflow-wrap: anywhere; }\n"
"  footer { margin-top: 16pt; }\n"
"  .objects, .objects tbody, .objects tr { display: block; }\n"
"  .objects thead, .objects colgroup { display: none; }\n"
"  .objects tr { border-bottom: 1px solid var(--line); padding: 3pt 0; }\n"
"  .objects td { display: inline; border: none; padding: 0 8pt 0 0; }\n"
"  .objects td:nth-child(3) { display: block; padding: 0; }\n"
"  .objects td:nth-child(n+4)::before { content: attr(data-label) ': ';\n"
"    color: var(--muted); }\n"
"  .objects .role { display: inline-block; margin: 0 0 0 6pt; }\n"
"  .explain { padding: 6pt 10pt; }\n"
"}\n";

static void
put(FILE *out, const char *s)
{
	if (s != NULL)
		escape_html(out, s, strlen(s), false);
}

/* A customer string: every one is printed through this. */
/* A grid being laid out as a table (html_grid). */
struct html_grid {
	FILE			*out;
	const struct grid	*grid;
};

static void
put_value(FILE *out, const struct view_value *v)
{
	put(out, view_text(v));
}

static void
put_attribute(FILE *out, const char *s)
{
	if (s != NULL)
		escape_html(out, s, strlen(s), true);
}

/* A file path, breakable after each '/' so a narrow column wraps it there. */
static void
put_path(FILE *out, const char *path)
{
	const char	*slash;

	while ((slash = strchr(path, '/')) != NULL) {
		escape_html(out, path, (size_t)(slash - path + 1), false);
		fputs("<wbr>", out);
		path = slash + 1;
	}
	put(out, path);
}

/* A DN (or any name), breakable after each comma: a narrow cell wraps it. */
static void
put_dn(FILE *out, const char *dn)
{
	const char	*comma;

	if (dn == NULL)
		return;
	while ((comma = strchr(dn, ',')) != NULL) {
		escape_html(out, dn, (size_t)(comma - dn + 1), false);
		fputs("<wbr>", out);
		dn = comma + 1;
	}
	put(out, dn);
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Does s start a PowerShell command, Verb-Noun and a space? */
static bool
is_cmdlet(const char *s)
{
	const char	*p = s;

	if (!is_upper(*p++))
		return false;
	while (is_lower(*p))
		p++;
	if (p - s < 3 || *p++ != '-' || !is_upper(*p))
		return false;
	while (is_upper(*p) || is_lower(*p))
		p++;
	return *p == ' ';
}

/*
 * Where a trailing remark "(...)" of s (ending at end) starts, NULL
 * when s does not end with one.
 */
static const char *
trailing_remark(const char *s, const char *end)
{
	const char	*p;
	int		 depth = 0;

	if (end == s || end[-1] != ')')
		return NULL;
	for (p = end - 1; p > s; p--) {
		if (*p == ')')
			depth++;
		else if (*p == '(' && --depth == 0)
			return p[-1] == ' ' ? p - 1 : NULL;
	}
	return NULL;
}

/*
 * A remediation step: prose, and the command it gives after ": " set
 * apart in a code block that wraps, its closing remark after it.
 */
static void
put_step(FILE *out, const struct view_value *step)
{
	const char	*s = view_text(step), *cmd, *end, *remark;

	if (s == NULL)
		return;
	for (cmd = strstr(s, ": "); cmd != NULL; cmd = strstr(cmd + 1, ": "))
		if (is_cmdlet(cmd + 2))
			break;
	if (cmd == NULL) {
		put(out, s);
		return;
	}
	cmd += 2;
	end = cmd + strlen(cmd);
	if (end > cmd && end[-1] == '.')
		end--;
	if ((remark = trailing_remark(cmd, end)) == NULL)
		remark = end;
	escape_html(out, s, (size_t)(cmd - s), false);
	fputs("<pre class=\"cmd\"><code>", out);
	escape_html(out, cmd, (size_t)(remark - cmd), false);
	fputs("</code></pre>", out);
	put(out, remark);
}

static const char *const severity_label[] = { "Error", "Warning", "Info" };

static void
badge(FILE *out, int sev)
{
	fprintf(out, "<span class=\"sev sev-%s\">%s</span>",
	    view_severity_name(sev), severity_label[sev]);
}

enum text_block {
	TB_NONE,
	TB_PARAGRAPH,
	TB_LIST			/* inside an open <li> */
};

static void
close_block(FILE *out, enum text_block *block)
{
	if (*block == TB_PARAGRAPH)
		fputs("</p>\n", out);
	else if (*block == TB_LIST)
		fputs("</li>\n</ul>\n", out);
	*block = TB_NONE;
}

/*
 * Our own multi-line text (a rule's explanation): blank lines separate
 * paragraphs, a line starting with "- " is a list item that indented
 * lines continue, other line breaks are spaces.
 */
static void
put_paragraphs(FILE *out, const char *text)
{
	enum text_block	 block = TB_NONE;
	const char	*end, *word;

	for (; *text != '\0'; text = *end == '\n' ? end + 1 : end) {
		if ((end = strchr(text, '\n')) == NULL)
			end = text + strlen(text);
		for (word = text; word < end && *word == ' '; word++)
			continue;
		if (word == end) {
			close_block(out, &block);
			continue;
		}
		if (end - word >= 2 && word[0] == '-' && word[1] == ' ') {
			if (block == TB_LIST)
				fputs("</li>\n", out);
			else {
				close_block(out, &block);
				fputs("<ul>\n", out);
			}
			fputs("<li>", out);
			block = TB_LIST;
			word += 2;
		} else if (block == TB_LIST && word > text)
			fputc(' ', out);
		else if (block == TB_PARAGRAPH)
			fputc(' ', out);
		else {
			close_block(out, &block);
			fputs("<p>", out);
			block = TB_PARAGRAPH;
		}
		escape_html(out, word, (size_t)(end - word), false);
	}
	close_block(out, &block);
}

/* "2025-06-01 14:03 UTC"; SOURCE_DATE_EPOCH fixes it for tests. */
static void
put_date(FILE *out)
{
	const char	*epoch = getenv("SOURCE_DATE_EPOCH");
	char		 buf[64], *end;
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (epoch != NULL && *epoch != '\0') {
		long long v = strtoll(epoch, &end, 10);

		if (*end == '\0' && v >= 0)
			now = (time_t)v;
	}
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm) == 0)
		return;
	fputs(buf, out);
}

static void
html_head(FILE *out, const struct report_view *v)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src '%s'; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"syncdoctor %s\">\n"
	    "<title>", HTML_SCRIPT_HASH, PACKAGE_VERSION);
	put(out, view_title(v));
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n", html_style);
}

/* One "term: value" of the cover; NULL values are left out. */
static void
cover_item(FILE *out, const char *term, const struct view_value *value)
{
	if (value == NULL)
		return;
	fprintf(out, "<div><dt>%s</dt><dd>", term);
	put_value(out, value);
	fputs("</dd></div>\n", out);
}

static void
html_cover(FILE *out, const struct report_view *v)
{
	const struct view_cover	*c = &v->cover;
	size_t			 i;

	fputs("<header class=\"cover\"><div class=\"page\">\n"
	    "<p class=\"eyebrow\">Microsoft Entra Connect &middot; "
	    "export readiness</p>\n<h1>", out);
	put(out, view_title(v));
	fputs("</h1>\n<dl class=\"meta\">\n", out);
	cover_item(out, "Customer", c->customer);
	cover_item(out, "Prepared by", c->prepared_by);
	cover_item(out, "Tenant", c->tenant);
	if (c->nforests > 0) {
		fprintf(out, "<div><dt>Forest%s</dt><dd>",
		    c->nforests == 1 ? "" : "s");
		for (i = 0; i < c->nforests; i++) {
			if (i > 0)
				fputs(", ", out);
			put_value(out, c->forests[i]);
		}
		fputs("</dd></div>\n", out);
	}
	fputs("<div><dt>Report date</dt><dd>", out);
	put_date(out);
	fprintf(out, "</dd></div>\n<div><dt>Analysed by</dt><dd>syncdoctor %s"
	    "</dd></div>\n<div><dt>On-premises objects</dt><dd>%zu "
	    "(%zu in sync scope)</dd></div>\n<div><dt>Cloud objects</dt>"
	    "<dd>%zu</dd></div>\n</dl>\n<p class=\"confidential\">Confidential: "
	    "this report contains directory data from the customer's "
	    "exports. It was produced offline; no data left the machine "
	    "that ran it.</p>\n</div></header>\n", PACKAGE_VERSION,
	    v->counts.onprem, v->counts.onprem_in_scope, v->counts.cloud);
}

/* How many in-scope objects get the outcome named id. */
static size_t
outcome_count(const struct report_view *v, const char *id)
{
	size_t	i;

	for (i = 0; i < v->noutcomes; i++)
		if (strcmp(v->outcomes[i].id, id) == 0)
			return v->outcomes[i].n;
	return 0;
}

static void
html_verdict(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	const size_t			*count = c->by_severity;
	size_t				 npolicies, nnot_run = c->not_run;
	size_t				 nunusable = c->left_out;
	size_t				 nharmed;

	npolicies = c->policies[VIEW_ERRORS] + c->policies[VIEW_WARNINGS] +
	    c->policies[VIEW_INFO];
	nharmed = outcome_count(v, "exported-with-loss") +
	    outcome_count(v, "blocked");
	if (count[VIEW_ERRORS] > 0)
		fprintf(out, "<div class=\"verdict sev-error\"><strong>%zu "
		    "export error%s predicted, involving %zu object%s.</strong>"
		    "Entra Connect will refuse or alter these objects until "
		    "they are fixed in on-premises AD or in the tenant.",
		    count[VIEW_ERRORS], count[VIEW_ERRORS] == 1 ? "" : "s",
		    c->objects_by_severity[VIEW_ERRORS],
		    c->objects_by_severity[VIEW_ERRORS] == 1 ? "" : "s");
	else if (count[VIEW_WARNINGS] > 0)
		fprintf(out, "<div class=\"verdict sev-warning\"><strong>No "
		    "export errors predicted; %zu warning%s.</strong>"
		    "The warnings below are likely trouble worth a review.",
		    count[VIEW_WARNINGS], count[VIEW_WARNINGS] == 1 ? "" : "s");
	else if (nharmed > 0)
		fprintf(out, "<div class=\"verdict sev-warning\"><strong>No "
		    "export errors predicted, but %zu object%s would not "
		    "arrive whole.</strong>See <a href=\"#predicted\">what "
		    "happens to each object</a>.", nharmed,
		    nharmed == 1 ? "" : "s");
	else
		fputs("<div class=\"verdict ok\"><strong>No problems found."
		    "</strong>None of the checks that ran found an object "
		    "Entra Connect would fail to export.", out);
	if (npolicies > 0)
		fprintf(out, " The tenant's own policies add %zu finding%s, "
		    "in their Policy: sections.", npolicies,
		    npolicies == 1 ? "" : "s");
	if (nnot_run > 0)
		fprintf(out, " %zu check%s could not run for lack of an input "
		    "(<a href=\"#not-checked\">see why</a>).", nnot_run,
		    nnot_run == 1 ? "" : "s");
	if (nunusable > 0)
		fprintf(out, " %zu input file%s could not be read "
		    "(<a href=\"#inputs\">see inputs</a>).", nunusable,
		    nunusable == 1 ? "" : "s");
	fputs("</div>\n", out);
}

/* A count and its label: one (a singular), else other. */
static void
tile(FILE *out, const char *class, size_t n, const char *one,
    const char *other)
{
	fprintf(out, "<div class=\"tile %s\"><span class=\"n\">%zu</span> "
	    "<span class=\"l\">%s</span></div>\n", class, n,
	    n == 1 ? one : other);
}

static void
num_cell(FILE *out, size_t n)
{
	fprintf(out, "<td class=\"num%s\">%zu</td>", n == 0 ? " zero" : "", n);
}

static void
html_rule_table(FILE *out, const struct report_view *v)
{
	size_t	i;

	fputs("<table class=\"byrule\">\n<caption>Every rule, its findings by "
	    "severity and its result</caption>\n<thead><tr>"
	    "<th scope=\"col\">Rule</th><th scope=\"col\">What it checks</th><th scope=\"col\" class=\"num\">Errors</th>"
	    "<th scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" class=\"num\">Info</th>"
	    "<th scope=\"col\">Result</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < v->nruns; i++) {
		const struct view_run *run = &v->runs[i];

		fputs("<tr><td>", out);
		if (run->did_run && run->nfindings > 0)
			fprintf(out, "<a href=\"#rule-%s\">%s</a>", run->rule,
			    run->rule);
		else
			fputs(run->rule, out);
		fputs("</td><td>", out);
		put(out, run->title);
		fputs("</td>", out);
		num_cell(out, run->by_severity[VIEW_ERRORS]);
		num_cell(out, run->by_severity[VIEW_WARNINGS]);
		num_cell(out, run->by_severity[VIEW_INFO]);
		if (!run->did_run)
			fputs("<td><span class=\"sev skip\">Not checked</span>"
			    "</td></tr>\n", out);
		else if (run->nfindings == 0)
			fputs("<td><span class=\"sev pass\">Passed</span></td>"
			    "</tr>\n", out);
		else
			fprintf(out, "<td>%zu finding%s</td></tr>\n",
			    run->nfindings, run->nfindings == 1 ? "" : "s");
	}
	fputs("</tbody>\n</table>\n", out);
}

static void
html_inputs(FILE *out, const struct report_view *v)
{
	size_t	i;

	fputs("<h3 id=\"inputs\">Objects analysed per input</h3>\n<table>\n"
	    "<caption>Records read, loaded and refused in each input file"
	    "</caption>\n"
	    "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Format</th><th scope=\"col\">Side</th>"
	    "<th scope=\"col\" class=\"num\">Records</th><th scope=\"col\" class=\"num\">Loaded</th>"
	    "<th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\" class=\"num\">Skipped</th>"
	    "<th scope=\"col\" class=\"num\">Values refused</th><th scope=\"col\" class=\"num\">Warnings"
	    "</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		fputs("<tr><td class=\"wrap\"><code>", out);
		put_value(out, in->path);
		fputs("</code></td><td>", out);
		put(out, in->kind);
		fputs("</td><td>", out);
		put(out, in->side);
		fputs("</td>", out);
		if (in->is_unusable) {
			fputs("<td colspan=\"6\"><span class=\"sev sev-error\">"
			    "Unusable</span> see input problems below</td></tr>\n",
			    out);
			continue;
		}
		num_cell(out, in->records);
		num_cell(out, in->accepted);
		num_cell(out, in->rejected);
		num_cell(out, in->skipped);
		num_cell(out, in->values_rejected);
		num_cell(out, in->warnings);
		fputs("</tr>\n", out);
	}
	if (v->ninputs == 0)
		fputs("<tr><td colspan=\"9\">No input files.</td></tr>\n", out);
	fputs("</tbody>\n</table>\n", out);
}

static void
html_not_run(FILE *out, const struct report_view *v)
{
	size_t	i;
	bool	is_any = false;

	for (i = 0; i < v->nruns; i++) {
		if (v->runs[i].did_run)
			continue;
		if (!is_any)
			fputs("<h3 id=\"not-checked\">What could not be checked"
			    "</h3>\n<ul class=\"notrun\">\n", out);
		is_any = true;
		fprintf(out, "<li><strong>%s</strong> (", v->runs[i].rule);
		put(out, v->runs[i].title);
		fputs("): ", out);
		put(out, v->runs[i].why_not);
		fputs(".</li>\n", out);
	}
	if (is_any)
		fputs("</ul>\n", out);
}

static void
html_messages(FILE *out, const struct report_view *v)
{
	size_t	i, total = v->nmessages + v->nmessages_dropped;

	if (v->nmessages == 0)
		return;
	fprintf(out, "<h3>Input problems (%zu)</h3>\n<p class=\"note\">Records "
	    "and values syncdoctor could not load: objects they describe were "
	    "not checked.</p>\n<table>\n<caption>Input problems by file "
	    "and line</caption>\n<thead><tr><th scope=\"col\">File</th>"
	    "<th scope=\"col\" class=\"num\">Line</th><th scope=\"col\">Level</th><th scope=\"col\">Problem</th></tr>"
	    "</thead>\n<tbody>\n", total);
	for (i = 0; i < v->nmessages && i < HTML_MAX_MESSAGES; i++) {
		const struct view_message *m = &v->messages[i];

		fputs("<tr><td class=\"wrap\"><code>", out);
		put_value(out, m->file);
		fputs("</code></td>", out);
		if (m->line)
			fprintf(out, "<td class=\"num\">%lu</td>", m->line);
		else
			fputs("<td class=\"num\">&ndash;</td>", out);
		fprintf(out, "<td>%s</td><td class=\"wrap\">", m->level_name);
		put_value(out, m->text);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	if (total > i)
		fprintf(out, "<p class=\"note\">&hellip; and %zu more: all are "
		    "listed in the JSON report (<code>--format json</code>).</p>\n",
		    total - i);
}

/*
 * The fills of the pictures: a colour and a pattern each, so that they
 * read in grey scale and in print.  Drawn once, used by every chart.
 */
static const struct fill {
	const char	*id;		/* an outcome's id or a severity */
	const char	*colour;
	const char	*pattern;	/* SVG drawn over it in an 8x8 tile */
} fills[] = {
	{ "updates", "#c9d6ea", "" },
	{ "provisions", "#8fb3e0",
	  "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"#1f3a68\" "
	  "stroke-width=\"1.4\"/>" },
	{ "takes-over", "#f3d27a",
	  "<circle cx=\"4\" cy=\"4\" r=\"1.7\" fill=\"#1d2433\"/>" },
	{ "exported-with-loss", "#f0a35c",
	  "<path d=\"M0 0L8 8M8 0L0 8\" stroke=\"#1d2433\" "
	  "stroke-width=\"1.1\"/>" },
	{ "blocked", "#8f1c13",
	  "<path d=\"M0 4H8\" stroke=\"#ffffff\" stroke-width=\"1.6\"/>" },
	{ "error", "#b42318", "" },
	{ "warning", "#f0a35c",
	  "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"#1d2433\" "
	  "stroke-width=\"1.2\"/>" },
	{ "info", "#c9d6ea",
	  "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#1f3a68\"/>" },
};

#define NFILLS	(sizeof(fills) / sizeof(fills[0]))

/* The fill named id: "p-updates" and the like; others are plain grey. */
static const char *
fill_of(const char *id)
{
	size_t	i;

	for (i = 0; i < NFILLS; i++)
		if (strcmp(fills[i].id, id) == 0)
			return fills[i].id;
	return "other";
}

static void
html_fills(FILE *out)
{
	size_t	i;

	fputs("<svg class=\"vh\" width=\"0\" height=\"0\" aria-hidden=\"true\" "
	    "focusable=\"false\"><defs>\n", out);
	for (i = 0; i < NFILLS; i++)
		fprintf(out, "<pattern id=\"p-%s\" width=\"8\" height=\"8\" "
		    "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" "
		    "height=\"8\" fill=\"%s\"/>%s</pattern>\n", fills[i].id,
		    fills[i].colour, fills[i].pattern);
	fputs("<pattern id=\"p-other\" width=\"8\" height=\"8\" "
	    "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" "
	    "fill=\"#e4e7ec\"/><path d=\"M4 0V8\" stroke=\"#545d6e\"/>"
	    "</pattern>\n</defs></svg>\n", out);
}

static void
swatch(FILE *out, const char *id)
{
	fprintf(out, "<svg width=\"14\" height=\"14\" aria-hidden=\"true\" "
	    "focusable=\"false\"><rect x=\".5\" y=\".5\" width=\"13\" "
	    "height=\"13\" fill=\"url(#p-%s)\" stroke=\"#1d2433\"/></svg>",
	    fill_of(id));
}

/*
 * Widths in percent of n[0..count) over total, each non-zero one at
 * least min wide so that one object in thousands can still be seen
 * and clicked; they add up to 100.
 */
static void
widths(const size_t *n, size_t count, size_t total, double min, double *w)
{
	double	sum = 0;
	size_t	i;

	for (i = 0; i < count; i++) {
		w[i] = n[i] == 0 || total == 0 ? 0 :
		    100.0 * (double)n[i] / (double)total;
		if (n[i] > 0 && w[i] < min)
			w[i] = min;
		sum += w[i];
	}
	for (i = 0; i < count && sum > 0; i++)
		w[i] = w[i] * 100.0 / sum;
}

/*
 * The answer first: one bar of the in-scope objects, a segment per
 * predicted outcome linking to its objects, and a legend in words that
 * is also the keyboard's and the screen reader's way in.
 */
static void
html_outcome_chart(FILE *out, const struct report_view *v)
{
	size_t	i, n[VIEW_MAX_OUTCOMES], total = v->counts.npredicted;
	double	w[VIEW_MAX_OUTCOMES], x = 0;

	for (i = 0; i < v->noutcomes; i++)
		n[i] = v->outcomes[i].n;
	widths(n, v->noutcomes, total, 0.8, w);
	fprintf(out, "<figure class=\"chart\" id=\"outcome-chart\">\n"
	    "<svg class=\"stack\" width=\"100%%\" height=\"40\" role=\"img\" "
	    "aria-labelledby=\"oc-title oc-desc\">\n<title id=\"oc-title\">"
	    "The %zu in-scope object%s by predicted export</title>\n"
	    "<desc id=\"oc-desc\">", total, total == 1 ? "" : "s");
	for (i = 0; i < v->noutcomes; i++)
		if (n[i] > 0)
			fprintf(out, "%s%zu: %s", x++ > 0 ? "; " : "", n[i],
			    v->outcomes[i].name);
	fputs(".</desc>\n", out);
	for (i = 0, x = 0; i < v->noutcomes; x += w[i], i++) {
		if (n[i] == 0)
			continue;
		fprintf(out, "<a href=\"#outcome-%s\" tabindex=\"-1\">"
		    "<rect x=\"%.2f%%\" y=\"0\" width=\"%.2f%%\" "
		    "height=\"40\" fill=\"url(#p-%s)\" stroke=\"#ffffff\">"
		    "<title>%zu: %s</title></rect></a>\n", v->outcomes[i].id, x,
		    w[i], fill_of(v->outcomes[i].id), n[i],
		    v->outcomes[i].name);
	}
	fputs("</svg>\n<figcaption><ul class=\"legend\">\n", out);
	for (i = 0; i < v->noutcomes; i++) {
		if (n[i] == 0)
			continue;
		fprintf(out, "<li><a href=\"#outcome-%s\">", v->outcomes[i].id);
		swatch(out, v->outcomes[i].id);
		fprintf(out, "<span class=\"t\">%s</span> <span class=\"n\">%zu"
		    "</span></a></li>\n", v->outcomes[i].name, n[i]);
	}
	fputs("</ul></figcaption>\n</figure>\n", out);
}

/* Findings by rule: a bar per rule, its severities stacked. */
static void
html_rule_chart(FILE *out, const struct report_view *v)
{
	size_t	i, most = 0;
	int	sev;

	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].nfindings > most)
			most = v->runs[i].nfindings;
	if (most == 0)
		return;
	fputs("<figure class=\"chart\" id=\"rule-chart\">\n"
	    "<ul class=\"bars\">\n", out);
	for (i = 0; i < v->nruns; i++) {
		const struct view_run	*run = &v->runs[i];
		double			 w[VIEW_NSEVERITIES], x = 0;

		if (!run->did_run || run->nfindings == 0)
			continue;
		widths(run->by_severity, VIEW_NSEVERITIES, run->nfindings, 2,
		    w);
		fprintf(out, "<li><a href=\"#rule-%s\"><span class=\"bl\">%s"
		    "</span><svg class=\"bar\" width=\"100%%\" height=\"16\" "
		    "aria-hidden=\"true\" focusable=\"false\">", run->rule,
		    run->rule);
		for (sev = 0; sev < VIEW_NSEVERITIES; sev++) {
			double width = w[sev] * (double)run->nfindings /
			    (double)most;

			if (run->by_severity[sev] == 0)
				continue;
			fprintf(out, "<rect x=\"%.2f%%\" width=\"%.2f%%\" "
			    "height=\"16\" fill=\"url(#p-%s)\" "
			    "stroke=\"#1d2433\" stroke-width=\".5\"/>", x, width,
			    view_severity_name(sev));
			x += width;
		}
		fprintf(out, "</svg><span class=\"bn\">%zu<span class=\"vh\">",
		    run->nfindings);
		for (sev = 0, x = 0; sev < VIEW_NSEVERITIES; sev++)
			if (run->by_severity[sev] > 0)
				fprintf(out, "%s%zu %s%s", x++ > 0 ? ", " : ": ",
				    run->by_severity[sev],
				    view_severity_name(sev),
				    run->by_severity[sev] == 1 ||
				    sev == VIEW_INFO ? "" : "s");
		fputs("</span></span></a></li>\n", out);
	}
	fputs("</ul>\n<figcaption class=\"key\">", out);
	for (sev = 0; sev < VIEW_NSEVERITIES; sev++) {
		fputs("<span>", out);
		swatch(out, view_severity_name(sev));
		fprintf(out, "%s</span>", severity_label[sev]);
	}
	fputs("</figcaption>\n</figure>\n", out);
}

/* "What happens if we switch sync on tomorrow", per outcome. */
static void
html_outcomes(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->counts.npredicted == 0)
		return;
	fputs("<h3 id=\"predicted\">If synchronisation started now</h3>\n",
	    out);
	html_outcome_chart(out, v);
	if (v->export_stopped_by != NULL) {
		fputs("<p class=\"stopped\"><strong>The export run stops "
		    "before exporting anything:</strong> ", out);
		put_value(out, v->export_stopped_by->summary);
		fputs(" Once that is dealt with, each object's export:</p>\n",
		    out);
	}
	fputs("<table>\n<caption>In-scope objects by predicted export"
	    "</caption>\n<thead><tr><th scope=\"col\">Predicted export</th>"
	    "<th scope=\"col\" class=\"num\">Objects</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < v->noutcomes; i++) {
		if (v->outcomes[i].n == 0)
			continue;
		fprintf(out, "<tr><td><a href=\"#outcome-%s\">%s</a></td>",
		    v->outcomes[i].id, v->outcomes[i].name);
		num_cell(out, v->outcomes[i].n);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void
html_unpredicted_row(FILE *out, const struct view_error *e)
{
	fputs("<tr><td class=\"wrap\"><code>", out);
	put_dn(out, view_object_name(e->object));
	fputs("</code></td><td class=\"wrap\"><code>", out);
	put_path(out, e->object->file->text);
	fprintf(out, ":%lu</code></td><td>", e->object->line);
	put_value(out, e->category);
	fputs("</td><td>", out);
	put_value(out, e->property);
	fputs("</td><td class=\"wrap\"><code>", out);
	put_value(out, e->value);
	fputs("</code></td><td>", out);
	put(out, e->since);
	fputs("</td></tr>\n", out);
}

/* Findings against the errors Entra ID reports, and errors unforeseen. */
static void
html_reconcile(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	size_t				 i;

	if (!v->is_reconciled)
		return;
	fprintf(out, "<h3 id=\"reconciliation\">Provisioning errors Entra ID "
	    "reports</h3>\n<p>%zu finding%s confirmed by an error on the cloud "
	    "object, %zu not yet seen; %zu error%s no rule predicted.</p>\n",
	    c->confirmed, c->confirmed == 1 ? "" : "s", c->not_yet_seen,
	    c->unpredicted, c->unpredicted == 1 ? "" : "s");
	if (c->unpredicted == 0)
		return;
	fputs("<table>\n<caption>Errors Entra ID reports that no rule "
	    "predicted</caption>\n<thead><tr><th scope=\"col\">Object</th><th scope=\"col\">Source</th>"
	    "<th scope=\"col\">Category</th><th scope=\"col\">Property</th><th scope=\"col\">Value</th><th scope=\"col\">Since</th>"
	    "</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			html_unpredicted_row(out, &v->errors[i]);
	fputs("</tbody>\n</table>\n", out);
}

static void
html_summary(FILE *out, const struct report_view *v)
{
	const size_t	*count = v->counts.by_severity;

	fputs("<section class=\"summary\" id=\"summary\">\n"
	    "<h2>Executive summary</h2>\n", out);
	html_fills(out);
	html_verdict(out, v);
	html_outcomes(out, v);
	fputs("<div class=\"tiles\">\n", out);
	tile(out, "sev-error", count[VIEW_ERRORS], "Error", "Errors");
	tile(out, "sev-warning", count[VIEW_WARNINGS], "Warning", "Warnings");
	tile(out, "sev-info", count[VIEW_INFO], "Info", "Info");
	tile(out, "objects", v->counts.onprem_in_scope, "On-prem in scope",
	    "On-prem in scope");
	tile(out, "objects", v->counts.cloud, "Cloud object", "Cloud objects");
	fputs("</div>\n<h3 id=\"by-rule\">Findings by rule</h3>\n", out);
	html_rule_chart(out, v);
	html_rule_table(out, v);
	html_reconcile(out, v);
	html_inputs(out, v);
	html_not_run(out, v);
	html_messages(out, v);
	fputs("</section>\n", out);
}

/* The filter bar: hidden until the script shows it. */
static void
html_controls(FILE *out, const struct report_view *v)
{
	size_t	i;
	int	sev;

	fputs("<form class=\"controls\" id=\"controls\" hidden>\n"
	    "<strong>Show</strong>\n", out);
	for (sev = VIEW_ERRORS; sev <= VIEW_INFO; sev++)
		fprintf(out, "<label><input type=\"checkbox\" id=\"f-%s\" "
		    "checked> %s</label>\n", view_severity_name(sev),
		    severity_label[sev]);
	fputs("<label>Rule <select id=\"f-rule\"><option value=\"\">All rules"
	    "</option>\n", out);
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].did_run && v->runs[i].nfindings > 0)
			fprintf(out, "<option>%s</option>\n", v->runs[i].rule);
	fputs("</select></label>\n<label>Sort <select id=\"f-sort\">"
	    "<option value=\"order\">Report order</option>"
	    "<option value=\"severity\">Severity</option>"
	    "<option value=\"count\">Most findings</option>"
	    "<option value=\"name\">Rule name</option></select></label>\n"
	    "<span id=\"f-shown\"></span>\n</form>\n", out);
}

static void
html_object_row(FILE *out, const struct view_finding_object *fo)
{
	const struct view_object	*o = fo->object;
	bool				 has_upn = o->upn != NULL && o->dn != NULL;

	fprintf(out, "<tr><td data-label=\"Side\">%s</td>"
	    "<td data-label=\"Type\">%s</td><td><code>",
	    o->side == SIDE_ONPREM ? "On-premises" : "Cloud",
	    object_type_name(o->type));
	put_dn(out, view_object_name(o));
	fputs("</code>", out);
	if (fo->role != NULL) {
		fputs("<span class=\"role\">", out);
		put_value(out, fo->role);
		fputs("</span>", out);
	}
	if (has_upn || o->anchor != NULL) {
		fputs("<div class=\"sub\">", out);
		if (has_upn) {
			fputs("UPN ", out);
			put_value(out, o->upn);
		}
		if (o->anchor != NULL) {
			fputs(has_upn ? " &middot; anchor " : "anchor ", out);
			put_value(out, o->anchor);
		}
		fputs("</div>", out);
	}
	fputs("</td><td data-label=\"Source\"><code>", out);
	put_path(out, o->file->text);
	fprintf(out, ":%lu</code></td><td data-label=\"Held as\">", o->line);
	put_value(out, fo->held_as);
	fputs("</td><td data-label=\"Value\"><code>", out);
	put_value(out, fo->value);
	fputs("</code></td><td data-label=\"Predicted\">", out);
	if (o->outcome_id != NULL)
		fprintf(out, "<a href=\"#outcome-%s\">%s</a>", o->outcome_id,
		    o->outcome_id);
	fputs("</td></tr>\n", out);
}

static void
html_finding(FILE *out, const struct view_finding *f, size_t number)
{
	size_t	i;

	fprintf(out, "<article class=\"finding sev-%s\" id=\"",
	    f->severity_name);
	put_attribute(out, f->id);
	fprintf(out, "\" data-severity=\"%s\">\n<h3 class=\"finding-head\">"
	    "<span class=\"no\">%zu</span>", f->severity_name, number);
	badge(out, f->severity);
	if (f->mark != NULL)
		fprintf(out, "<span class=\"mark\">%s</span>", f->mark);
	if (f->reconcile_name != NULL)
		fprintf(out, "<span class=\"mark\">%s</span>",
		    f->reconcile_name);
	fputs("<span class=\"attr\">", out);
	put_value(out, f->attribute);
	fputs("</span><code>", out);
	put_value(out, f->value);
	fputs("</code></h3>\n<p class=\"fid\">Finding <a href=\"#", out);
	put_attribute(out, f->id);
	fputs("\">", out);
	put(out, f->id);
	fputs("</a></p>\n<p>", out);
	put_value(out, f->summary);
	fputs("</p>\n", out);
	if (f->nobjects > 0) {
		fprintf(out, "<table class=\"objects\">\n<caption class=\"vh\">"
		    "The objects of finding %zu</caption>\n", number);
		fputs("<colgroup><col class=\"c-side\">"
		    "<col class=\"c-type\"><col class=\"c-object\">"
		    "<col class=\"c-source\"><col class=\"c-held\">"
		    "<col class=\"c-value\"><col class=\"c-outcome\">"
		    "</colgroup>\n<thead><tr><th scope=\"col\">Side</th>"
		    "<th scope=\"col\">Type</th><th scope=\"col\">Object</th><th scope=\"col\">Source</th><th scope=\"col\">Held as</th>"
		    "<th scope=\"col\">Value</th><th scope=\"col\">Predicted</th></tr></thead>\n<tbody>\n",
		    out);
		for (i = 0; i < f->nobjects; i++)
			html_object_row(out, &f->objects[i]);
		fputs("</tbody>\n</table>\n", out);
	}
	if (f->keeper != NULL) {
		fputs("<p class=\"keeper\"><strong>Keeper:</strong> ", out);
		put_value(out, f->keeper->text);
		fputs("</p>\n", out);
	}
	if (f->proposed != NULL) {
		fputs("<p class=\"keeper\"><strong>Proposed value:</strong> "
		    "<code>", out);
		put_value(out, f->proposed);
		fputs("</code></p>\n", out);
	}
	if (f->nsteps > 0)
		fputs("<h4>Remediation</h4>\n<ol class=\"steps\">\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fputs("<li>", out);
		put_step(out, f->steps[i]);
		fputs("</li>\n", out);
	}
	if (f->nsteps > 0)
		fputs("</ol>\n", out);
	fputs("</article>\n", out);
}

/* The worst severity among run's findings (info when it has none). */
static int
worst_severity(const struct view_run *run)
{
	int	sev;

	for (sev = VIEW_ERRORS; sev < VIEW_INFO; sev++)
		if (run->by_severity[sev] > 0)
			break;
	return sev;
}

static void
html_rule(FILE *out, const struct report_view *v, const struct view_run *run,
    size_t order)
{
	int	worst = worst_severity(run);
	size_t	i, number = 0;

	fprintf(out, "<section class=\"rule\" id=\"rule-%s\" data-rule=\"%s\" "
	    "data-order=\"%zu\" data-count=\"%zu\" data-worst=\"%d\">\n"
	    "<div class=\"rule-head\"><h2>%s</h2>", run->rule, run->rule,
	    order, run->nfindings, worst, run->rule);
	badge(out, worst);
	fprintf(out, "<span class=\"count\">%zu finding%s</span></div>\n"
	    "<p class=\"rule-title\">", run->nfindings,
	    run->nfindings == 1 ? "" : "s");
	put(out, run->title);
	fprintf(out, "</p>\n<p class=\"about\"><a href=\"#about-%s\">What "
	    "this rule checks</a> &middot; <a href=\"", run->rule);
	put_attribute(out, run->doc);
	fputs("\" rel=\"noopener noreferrer\">Microsoft documentation</a>"
	    "</p>\n", out);
	for (i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].rule, run->rule) == 0)
			html_finding(out, &v->findings[i], ++number);
	fputs("</section>\n", out);
}

/* The in-scope objects the view names, under the outcome each gets. */
static void
html_outcome_lists(FILE *out, const struct report_view *v)
{
	size_t	i, k, listed;

	if (v->counts.npredicted == 0)
		return;
	fputs("<section class=\"outcomes\" id=\"outcomes\">\n"
	    "<h2>Objects by predicted export</h2>\n", out);
	for (i = 0; i < v->noutcomes; i++) {
		const struct view_outcome *oc = &v->outcomes[i];

		if (oc->n == 0)
			continue;
		fprintf(out, "<h3 id=\"outcome-%s\">", oc->id);
		swatch(out, oc->id);
		fprintf(out, "%s: %zu object%s</h3>\n", oc->name, oc->n,
		    oc->n == 1 ? "" : "s");
		for (k = 0, listed = 0; k < v->nobjects; k++) {
			const struct view_object *o = v->objects[k];

			if (o->side != SIDE_ONPREM || o->outcome_id == NULL ||
			    strcmp(o->outcome_id, oc->id) != 0)
				continue;
			fputs(listed++ == 0 ? "<ul class=\"outcome-list\">\n<li>"
			    : "<li>", out);
			put_dn(out, view_object_name(o));
			fputs("</li>\n", out);
		}
		if (listed > 0)
			fputs("</ul>\n", out);
		if (listed == 0)
			fprintf(out, "<p class=\"note\">No finding names %s: "
			    "<code>syncdoctor objects --predict</code> lists "
			    "every object with its outcome.</p>\n", oc->n == 1 ?
			    "this object" : "these objects");
		else if (listed < oc->n)
			fprintf(out, "<p class=\"note\">And %zu more object%s "
			    "no finding names: <code>syncdoctor objects "
			    "--predict</code> lists every object with its "
			    "outcome.</p>\n", oc->n - listed,
			    oc->n - listed == 1 ? "" : "s");
	}
	fputs("</section>\n", out);
}

/* What each rule that found something checks: once, at the end. */
static void
html_appendix(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->nfindings == 0)
		return;
	fputs("<section class=\"appendix\" id=\"appendix\">\n"
	    "<h2>Appendix: what each rule checks</h2>\n", out);
	for (i = 0; i < v->nruns; i++) {
		const struct view_run *run = &v->runs[i];

		if (!run->did_run || run->nfindings == 0)
			continue;
		fprintf(out, "<h3 id=\"about-%s\">%s: ", run->rule, run->rule);
		put(out, run->title);
		fputs("</h3>\n<div class=\"explain\">\n", out);
		put_paragraphs(out, run->explain);
		fputs("</div>\n<p class=\"doc\">Microsoft documentation: "
		    "<a href=\"", out);
		put_attribute(out, run->doc);
		fputs("\" rel=\"noopener noreferrer\">", out);
		put(out, run->doc);
		fputs("</a></p>\n", out);
	}
	fputs("</section>\n", out);
}

/* A grid's row as table cells; the grid's columns are the header. */
static int
html_grid_row(const struct grid_cell *cells, void *arg)
{
	const struct html_grid	*hg = arg;
	size_t			 c;

	fputs("<tr>", hg->out);
	for (c = 0; c < hg->grid->ncolumns; c++) {
		if (hg->grid->columns[c].kind == GRID_NUMBER) {
			fprintf(hg->out, "<td class=\"num\">%llu</td>",
			    cells[c].number);
			continue;
		}
		fputs("<td class=\"wrap\">", hg->out);
		put(hg->out, cells[c].text);
		fputs("</td>", hg->out);
	}
	fputs("</tr>\n", hg->out);
	return 0;
}

/* Grid g of v as one table, with its caption and column headers. */
static void
html_grid(FILE *out, const struct report_view *v, const struct grid *g,
    const char *caption)
{
	struct html_grid	hg = { out, g };
	size_t			c;

	fputs("<div class=\"scroll\"><table>\n<caption>", out);
	put(out, caption);
	fputs("</caption>\n<thead><tr>", out);
	for (c = 0; c < g->ncolumns; c++) {
		fputs("<th scope=\"col\">", out);
		put(out, g->columns[c].name);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	g->rows(v, html_grid_row, &hg);
	fputs("</tbody>\n</table></div>\n", out);
}

/*
 * `objects --format html`: what was read, per input, and every object,
 * whether Entra Connect exports it and, with --predict, its outcome.
 */
static void
html_objects(FILE *out, const struct report_view *v)
{
	html_head(out, v);
	fputs("<body>\n", out);
	html_cover(out, v);
	fputs("<main class=\"page\">\n<h2 id=\"read\">What was read</h2>\n",
	    out);
	html_inputs(out, v);
	fputs("<h2 id=\"objects\">Objects</h2>\n", out);
	html_grid(out, v, &grid_table_objects, "Every object read, in the "
	    "order read: whether Entra Connect exports it, and with --predict "
	    "what its export does");
	fprintf(out, "<footer>Generated by syncdoctor %s from offline "
	    "exports.</footer>\n</main>\n<script>%s</script>\n"
	    "</body>\n</html>\n", PACKAGE_VERSION, html_script);
}

static void
html_write(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->is_objects) {
		html_objects(out, v);
		return;
	}
	html_head(out, v);
	fputs("<body>\n", out);
	html_cover(out, v);
	fputs("<main class=\"page\">\n", out);
	html_summary(out, v);
	if (v->nfindings > 0)
		html_controls(out, v);
	fputs("<div id=\"rules\">\n", out);
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].did_run && v->runs[i].nfindings > 0)
			html_rule(out, v, &v->runs[i], i);
	fputs("</div>\n", out);
	html_outcome_lists(out, v);
	html_appendix(out, v);
	fprintf(out, "<footer>Generated by syncdoctor %s from offline "
	    "exports. Predictions follow Microsoft's documented Entra Connect "
	    "behaviour; confirm each fix with a fresh export before the next "
	    "synchronisation cycle.</footer>\n</main>\n<script>%s</script>\n"
	    "</body>\n</html>\n", PACKAGE_VERSION, html_script);
}
