/* table.c - util-linux's table, raw and JSON listings, as libsmartcols
 * prints them, for what nsbox lists in their place. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/format.h"
#include "common/json.h"
#include "common/out.h"
#include "common/table.h"
#include "common/xalloc.h"

void
table_alloc(struct table *t, int n)
{
	t->rows = xrealloc(NULL, (size_t)n * sizeof(*t->rows) + 1);
	t->cells = xrealloc(
	    NULL, (size_t)n * (size_t)t->ncols * sizeof(*t->cells) + 1);
	t->nrows = 0;
}

int
table_add_row(struct table *t, int parent)
{
	struct table_row *r = &t->rows[t->nrows];

	r->cells = t->cells + (size_t)t->nrows * (size_t)t->ncols;
	r->prefix = "";
	r->parent = parent;
	r->first_child = r->last_child = r->next_sibling = -1;
	if (parent >= 0) {
		struct table_row *p = &t->rows[parent];

		if (p->last_child < 0)
			p->first_child = t->nrows;
		else
			t->rows[p->last_child].next_sibling = t->nrows;
		p->last_child = t->nrows;
	}
	return t->nrows++;
}

void
table_raw_string(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '\\' || c >= 0x7f)
			out_fmt("\\x%02x", c);
		else
			out_char(c);
	}
}

/* --- the tree ------------------------------------------------------------ */

/* Box drawing under a UTF-8 locale, else ASCII. The locale is the
 * environment's, read as setlocale(3) reads it (LC_ALL, else LC_CTYPE,
 * else LANG): musl's locale code would cost more than the tree. */
static const char *
glyph(int which)
{
	static const char *const glyphs[2][3] = {
		{ "|-", "`-", "| " },
		{ "\xe2\x94\x9c\xe2\x94\x80", "\xe2\x94\x94\xe2\x94\x80",
		    "\xe2\x94\x82 " },
	};
	static int utf8 = -1;

	if (utf8 < 0) {
		static const char *const vars[] = { "LC_ALL", "LC_CTYPE",
			"LANG" };
		const char *v = "";

		for (int i = 0; i < 3 && !*v; i++)
			v = getenv(vars[i]) ? getenv(vars[i]) : "";
		for (utf8 = 0; *v; v++)
			if (!strncasecmp(v, "utf", 3))
				utf8 |=
				    v[3] == '8' || (v[3] == '-' && v[4] == '8');
	}
	return glyphs[utf8][which];
}

/* Row r and the rows under it, in tree order, onto t->order. */
static void
place(struct table *t, int *n, int r, char *indent, int depth)
{
	struct table_row *row = &t->rows[r];
	size_t len = strlen(indent);
	int last = row->next_sibling < 0;
	char prefix[512];

	t->order[(*n)++] = r;
	if (depth) {
		format(prefix, sizeof(prefix), "%s%s", indent, glyph(last));
		row->prefix = xstrdup(prefix);
		if (len + 8 < 400)
			strcat(indent, last ? "  " : glyph(2));
	}
	for (int c = row->first_child; c >= 0; c = t->rows[c].next_sibling)
		place(t, n, c, indent, depth + 1);
	indent[len] = '\0';
}

/* The rows in tree order when a tree is drawn; else as they were
 * added, as libsmartcols prints a table without a tree column. */
static void
arrange(struct table *t)
{
	int n = 0;

	t->order = xrealloc(NULL, (size_t)t->nrows * sizeof(int) + 1);
	for (int r = 0; r < t->nrows; r++) {
		char indent[512] = "";

		if (t->tree < 0)
			t->order[n++] = r;
		else if (t->rows[r].parent < 0)
			place(t, &n, r, indent, 0);
	}
}

/* --- the aligned table --------------------------------------------------- */

static size_t
display_width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Line k of a cell (a cell may hold several), *len set; NULL past the
 * last. */
static const char *
cell_line(const char *s, int k, size_t *len)
{
	for (; s && k > 0; k--)
		if ((s = strchr(s, '\n')))
			s++;
	if (s)
		*len = (size_t)(strchrnul(s, '\n') - s);
	return s;
}

/* A cell's text after the blanks owed before it; blanks owed before
 * nothing stay unwritten. */
static void
put_cell(size_t *blanks, const char *text, size_t len)
{
	if (!len)
		return;
	for (; *blanks; --*blanks)
		out_char(' ');
	out_write(text, len);
}

/* Line k of row r (-1: the header); whether the row has more. */
static int
print_line(
    const struct table *t, int r, int k, const size_t *width, size_t term)
{
	size_t used = 0, blanks = 0;
	int more = 0;

	for (int c = 0; c < t->ncols; c++) {
		const struct table_col *col = &t->defs[t->cols[c]];
		size_t len = 0;
		const char *text =
		    r < 0 ? col->name : cell_line(t->rows[r].cells[c], k, &len);
		const char *prefix =
		    r >= 0 && c == t->tree && !k ? t->rows[r].prefix : "";
		size_t plen = strlen(prefix), pw = display_width(prefix, plen);
		size_t tw, pad;

		if (r < 0)
			len = strlen(text);
		more |= text && cell_line(text, k + 1, &tw) != NULL;
		tw = display_width(text, len);
		pad = width[c] - tw - pw;
		if (c)
			blanks++, used++;
		/* The line runs to where the last column starts, text or not,
		 * as libsmartcols writes it; only that column is not padded. */
		if (c == t->ncols - 1)
			for (; blanks; blanks--)
				out_char(' ');
		if (col->right && c != t->tree) {
			blanks += pad;
			put_cell(&blanks, text, len);
		} else if (c == t->ncols - 1) {
			size_t room = term > used + pw ? term - used - pw : 0;

			put_cell(&blanks, prefix, plen);
			if (term && tw > room)
				len = strnlen(text, room);
			put_cell(&blanks, text, len);
		} else {
			put_cell(&blanks, prefix, plen);
			put_cell(&blanks, text, len);
			blanks += pad;
		}
		used += width[c];
	}
	out_char('\n');
	return more;
}

/* Column c's width from its widest cell w, as libsmartcols 2.40 and
 * later make it: at least the least width (the name when headings are
 * shown, else 1); the hint when w is wider than that least but narrower
 * than the hint; 0 for a headless column with no text. (2.38 counted
 * the name under --noheadings too; scripts split on blanks either way.) */
static size_t
column_width(const struct table *t, int c)
{
	const struct table_col *col = &t->defs[t->cols[c]];
	size_t w = 0, least;

	for (int r = 0; r < t->nrows; r++) {
		const char *s;
		size_t len, cw;

		for (int k = 0; (s = cell_line(t->rows[r].cells[c], k, &len));
		     k++) {
			cw = display_width(s, len);
			if (c == t->tree && !k)
				cw += display_width(t->rows[r].prefix,
				    strlen(t->rows[r].prefix));
			if (cw > w)
				w = cw;
		}
	}
	least = t->noheadings ? 1 : strlen(col->name);
	if (w <= least)
		return w || !t->noheadings ? least : 0;
	return w < col->hint && least < col->hint ? col->hint : w;
}

static void
print_text(const struct table *t)
{
	size_t *width = xrealloc(NULL, (size_t)t->ncols * sizeof(*width) + 1);
	size_t term = 0;
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && !t->notruncate &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		term = ws.ws_col;
	for (int c = 0; c < t->ncols; c++)
		width[c] = column_width(t, c);
	if (!t->noheadings)
		print_line(t, -1, 0, width, term);
	for (int i = 0; i < t->nrows; i++)
		for (int k = 0; print_line(t, t->order[i], k, width, term); k++)
			;
}

static void
print_raw(const struct table *t)
{
	for (int i = t->noheadings ? 0 : -1; i < t->nrows; i++) {
		int r = i < 0 ? -1 : t->order[i];

		for (int c = 0; c < t->ncols; c++) {
			if (c)
				out_char(' ');
			if (r < 0)
				out_str(t->defs[t->cols[c]].name);
			else {
				if (c == t->tree)
					table_raw_string(t->rows[r].prefix);
				if (t->rows[r].cells[c])
					table_raw_string(t->rows[r].cells[c]);
			}
		}
		out_char('\n');
	}
}

/* --- JSON ---------------------------------------------------------------- */

/* n blanks, as JSON is indented. */
static void
indent_by(int n)
{
	static const char blanks[] = "                                ";

	for (int k; n > 0; n -= k) {
		k = n < (int)sizeof(blanks) - 1 ? n : (int)sizeof(blanks) - 1;
		out_write(blanks, (size_t)k);
	}
}

/* The rows from r on that share its parent (with no tree: every row
 * from r on), each object indented by indent, children nested. */
static void
print_objects(const struct table *t, int r, int indent)
{
	for (int first = 1; r >= 0 && r < t->nrows; first = 0) {
		const struct table_row *row = &t->rows[r];
		int nested = t->tree >= 0 && row->first_child >= 0;

		if (first) {
			out_char('\n');
			indent_by(indent);
		}
		out_str(first ? "{\n" : ",{\n");
		for (int c = 0; c < t->ncols; c++) {
			const struct table_col *col = &t->defs[t->cols[c]];
			const char *v = row->cells[c];

			indent_by(indent + 3);
			out_char('"');
			for (const char *s = col->name; *s; s++)
				out_char((char)tolower((unsigned char)*s));
			out_str("\": ");
			if (!v)
				out_str("null");
			else if (col->json == TABLE_NUM)
				out_str(v);
			else
				json_string(v);
			out_str(c < t->ncols - 1 || nested ? ",\n" : "\n");
		}
		if (nested) {
			indent_by(indent + 3);
			out_str("\"children\": [");
			print_objects(t, row->first_child, indent + 6);
			out_char('\n');
			indent_by(indent + 3);
			out_str("]\n");
		}
		indent_by(indent);
		out_char('}');
		if (t->tree < 0)
			r++;
		else if (row->parent >= 0)
			r = row->next_sibling;
		else /* the next root */
			while (++r < t->nrows && t->rows[r].parent >= 0)
				;
	}
}

static void
print_json(const struct table *t)
{
	int first = 0;

	while (t->tree >= 0 && first < t->nrows && t->rows[first].parent >= 0)
		first++;
	out_fmt("{\n   \"%s\": [", t->name);
	print_objects(t, first, 6);
	/* An empty array has a blank line in it, as libsmartcols writes it. */
	out_str(first < t->nrows ? "\n   ]\n}\n" : "\n\n   ]\n}\n");
}

void
table_print(struct table *t, int how)
{
	if (how == TABLE_JSON) {
		print_json(t);
		return;
	}
	/* No rows, no headings: lsns prints nothing then. */
	if (!t->nrows)
		return;
	arrange(t);
	if (how == TABLE_RAW)
		print_raw(t);
	else
		print_text(t);
}
