/*
 * Escaping customer values for the document reports: HTML, XML (JUnit),
 * CSV and Markdown.  Like escape.h, every byte a report writes that came
 * from an input goes through one of these, so a value cannot inject
 * markup, break a table or a row, start a spreadsheet formula, or hide
 * itself.  Not for our own text (rule explanations, labels): the writers
 * print those directly.
 *
 * All four make the same things visible, in escape_text()'s notation: C0
 * controls and DEL (\n, \t, \r, \x1b), C1 controls, bidi and zero-width
 * controls (\u202e) and bytes that are not UTF-8 (\xff).  Unlike
 * escape_text() a backslash is not doubled: AD distinguished names are
 * full of them (CN=Smith\, John) and must survive copy and paste.
 */
#ifndef SD_ESCAPE_DOC_H
#define SD_ESCAPE_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * HTML element content or a quoted attribute value: & < > " ' become
 * entities.  Made-visible characters are wrapped in <span class="ctl">
 * in content; with is_attribute they are written bare.
 */
void	escape_html(FILE *out, const char *s, size_t len, bool is_attribute);

/*
 * XML 1.0 text or attribute value: & < > " ' become entities.  Every
 * control character is made visible, including those XML allows (tab,
 * newline), so attribute normalisation cannot change a value and the
 * document is always well formed.
 */
void	escape_xml(FILE *out, const char *s, size_t len);

/*
 * One RFC 4180 field, always quoted, a quote doubled.  A value starting
 * with = + - @ tab or CR gets a leading single quote, so a spreadsheet
 * shows it as text instead of running it as a formula (OWASP, "CSV
 * Injection").  NULL is an empty field.
 */
void	escape_csv(FILE *out, const char *s, size_t len);

/*
 * Markdown inline text, also safe in a GFM table cell: the characters
 * that start emphasis, code, links, images, HTML, headings or cells
 * (\ ` * _ [ ] < > # | ~ & !) get a backslash, as do the ':' of "://"
 * and the '.' of "www." so that no autolink forms.  Line breaks are made
 * visible.
 */
void	escape_md(FILE *out, const char *s, size_t len);

#endif /* SD_ESCAPE_DOC_H */
