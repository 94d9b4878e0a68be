/* filter.c - libsmartcols-style filter expressions: a lexer, a
 * precedence parser into a node array, and an evaluator over a row. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/filter.h"
#include "common/format.h"
#include "common/regex.h"
#include "common/xalloc.h"

/* Node kinds, which are also the lexer's token kinds. */
enum {
	K_VALUE,
	K_COLUMN,
	K_AND,
	K_OR,
	K_NOT,
	K_EQ,
	K_NE,
	K_LT,
	K_LE,
	K_GT,
	K_GE,
	K_MATCH,
	K_NOMATCH,
	K_OPEN,
	K_CLOSE,
	K_END,
	K_TRUE,
	K_FALSE
};
/* Data types, as libsmartcols casts them. */
enum { T_STR, T_NUM, T_BOOL };

enum { MAX_NODES = 256, MAX_DEPTH = 64 };

struct node {
	unsigned char kind, type;
	short left, right;
	int col;
	unsigned long long num;
	char *str;
	struct regex *re;
};

struct filter {
	struct node node[MAX_NODES];
	int n, root;
	unsigned long long columns;
};

struct parser {
	const char *expr, *p, *tok; /* tok: where the current token starts */
	struct node cur;	    /* the current token */
	struct filter *f;
	filter_column_fn *column;
	unsigned long long numeric;
	char *err;
	size_t errsize;
	int failed, depth;
};

/* Operators of two characters, of one, and words, each with its kind
 * at its place in the list of kinds that follows. */
static const char pairs[] = "&&||==!=<=>==~!~", singles[] = "<>!()",
		  words[] = "and or not eq ne lt le gt ge true false";
static const unsigned char pair_kinds[] = { K_AND, K_OR, K_EQ, K_NE, K_LE, K_GE,
	K_MATCH, K_NOMATCH },
			   single_kinds[] = { K_LT, K_GT, K_NOT, K_OPEN,
				   K_CLOSE },
			   word_kinds[] = { K_AND, K_OR, K_NOT, K_EQ, K_NE,
				   K_LT, K_LE, K_GT, K_GE, K_TRUE, K_FALSE };

/* The first error only: what, and with a token the token's text. */
static void
fail(struct parser *ps, const char *what, int token)
{
	int len = (int)(ps->p - ps->tok);
	char text[64];

	if (ps->failed++)
		return;
	if (token && !len)
		what = "unexpected end";
	else if (token)
		format(text, sizeof(text), "%s '%.*s'", what,
		    len < 24 ? len : 24, ps->tok);
	format(ps->err, ps->errsize, "%s at column %d",
	    token && len ? text : what, (int)(ps->tok - ps->expr) + 1);
}

/* s with the blanks around it cut, in place (libsmartcols trims every
 * string). */
static char *
trim(char *s)
{
	size_t skip = 0, len;

	while (isspace((unsigned char)s[skip]))
		skip++;
	len = strlen(s + skip);
	while (len && isspace((unsigned char)s[skip + len - 1]))
		len--;
	memmove(s, s + skip, len);
	s[len] = '\0';
	return s;
}

/* digits, or digits with K M G T P E Z Y (KiB ...) as powers of 1024.
 * No fractions: no column holds one. */
static void
lex_number(struct parser *ps)
{
	struct node *t = &ps->cur;
	const char *p = ps->p;

	t->kind = K_VALUE;
	t->type = T_NUM;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (t->num > (~0ULL - digit) / 10)
			fail(ps, "number too large", 0);
		t->num = t->num * 10 + digit;
	}
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		fail(ps, "fractions are not supported", 0);
	} else if (*p && strchr("KMGTPEZY", *p)) {
		for (int shift = (int)(strchr("KMGTPEZY", *p) - "KMGTPEZY") + 1;
		     shift--;) {
			if (t->num >> 54)
				fail(ps, "number too large", 0);
			t->num <<= 10;
		}
		p += strncmp(p + 1, "iB", 2) ? 1 : 3;
	}
	ps->p = p;
}

static void
lex_word(struct parser *ps)
{
	struct node *t = &ps->cur;
	const char *p = ps->p;
	size_t len;
	int k = 0;

	while (isalnum((unsigned char)*p) || (*p && strchr("_.%:/-", *p)))
		p++;
	len = (size_t)(p - ps->p);
	t->kind = K_COLUMN;
	for (const char *w = words, *end; *w; w = end + !!*end) {
		end = strchrnul(w, ' ');
		/* any case: no column is called "And" */
		if ((size_t)(end - w) == len && !strncasecmp(ps->p, w, len))
			t->kind = word_kinds[k];
		k++;
	}
	if (t->kind == K_TRUE || t->kind == K_FALSE) {
		t->num = t->kind == K_TRUE;
		t->kind = K_VALUE;
		t->type = T_BOOL;
	} else if (t->kind == K_COLUMN) {
		t->col = ps->column(ps->p, len);
		t->type = ps->numeric >> (t->col & 63) & 1 ? T_NUM : T_STR;
	}
	ps->p = p;
	if (t->kind == K_COLUMN && t->col < 0)
		fail(ps, "unknown column", 1);
}

/* The next token into ps->cur. */
static void
next(struct parser *ps)
{
	const char *p = ps->p;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	ps->tok = ps->p = p;
	free(ps->cur.str);
	memset(&ps->cur, 0, sizeof(ps->cur));
	ps->cur.kind = K_END;
	if (!*p)
		return;
	if (isdigit((unsigned char)*p)) {
		lex_number(ps);
	} else if (isalpha((unsigned char)*p)) {
		lex_word(ps);
	} else if (*p == '"' || *p == '\'') {
		const char *end = strchr(p + 1, *p);

		if (!end || memchr(p, '\n', (size_t)(end - p))) {
			fail(ps, "unterminated string", 0);
			return;
		}
		ps->cur.kind = K_VALUE;
		ps->cur.type = T_STR;
		ps->cur.str = xrealloc(NULL, (size_t)(end - p));
		memcpy(ps->cur.str, p + 1, (size_t)(end - p - 1));
		ps->cur.str[end - p - 1] = '\0';
		ps->p = end + 1;
	} else {
		const char *one = strchr(singles, *p);

		for (int k = 0; k < 8; k++)
			if (p[0] == pairs[2 * k] && p[1] == pairs[2 * k + 1]) {
				ps->cur.kind = pair_kinds[k];
				ps->p += 2;
				return;
			}
		ps->p++;
		if (one)
			ps->cur.kind = single_kinds[one - singles];
		else
			fail(ps, "unexpected", 1);
	}
}

static int
add_node(struct parser *ps, const struct node *n)
{
	struct filter *f = ps->f;

	if (f->n == MAX_NODES) {
		fail(ps, "too many terms", 0);
		free(n->str);
		return 0;
	}
	f->node[f->n] = *n;
	return f->n++;
}

static int logical(struct parser *ps);

/* param | ( expr ) | ! unary */
static int
unary(struct parser *ps)
{
	struct node n = ps->cur;
	int at;

	if (ps->failed)
		return 0;
	if (++ps->depth > MAX_DEPTH)
		fail(ps, "too deeply nested", 0);
	if (n.kind == K_VALUE || n.kind == K_COLUMN) {
		ps->cur.str = NULL; /* the node's now */
		at = add_node(ps, &n);
		if (n.kind == K_COLUMN)
			ps->f->columns |= 1ULL << n.col;
		next(ps);
	} else if (n.kind == K_NOT) {
		next(ps);
		n.right = (short)unary(ps);
		at = add_node(ps, &n);
	} else if (n.kind == K_OPEN) {
		next(ps);
		at = logical(ps);
		if (ps->cur.kind != K_CLOSE)
			fail(ps, "unexpected", 1);
		next(ps);
	} else {
		fail(ps, "unexpected", 1);
		at = 0;
	}
	ps->depth--;
	return at;
}

/* A regular expression's node: its text compiled, once. */
static void
compile_regex(struct parser *ps, struct node *n, const char *at)
{
	const char *what = "=~ needs a string";
	char text[64];
	int rc = 0;

	if (n->kind == K_VALUE && n->type == T_STR) {
		n->re = xrealloc(NULL, sizeof(*n->re));
		if (!(rc = regex_compile(n->re, n->str)))
			return;
		free(n->re);
		n->re = NULL;
		format(text, sizeof(text), "regular expression: %s",
		    regex_error(rc));
		what = text;
	}
	ps->tok = ps->p = at; /* the error is there; parsing stops */
	fail(ps, what, 0);
}

/* unary (comparison unary)* */
static int
compare(struct parser *ps)
{
	int left = unary(ps);

	while (
	    !ps->failed && ps->cur.kind >= K_EQ && ps->cur.kind <= K_NOMATCH) {
		struct node n = ps->cur;
		const char *right;

		next(ps);
		right = ps->tok;
		n.left = (short)left;
		n.right = (short)unary(ps);
		if (n.kind >= K_MATCH && !ps->failed)
			compile_regex(ps, &ps->f->node[n.right], right);
		left = add_node(ps, &n);
	}
	return left;
}

/* compare ((&& or ||) compare)*: one level, left to right */
static int
logical(struct parser *ps)
{
	int left = compare(ps);

	while (!ps->failed && (ps->cur.kind == K_AND || ps->cur.kind == K_OR)) {
		struct node n = ps->cur;

		next(ps);
		n.left = (short)left;
		n.right = (short)compare(ps);
		left = add_node(ps, &n);
	}
	return left;
}

void
filter_free(struct filter *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		free(f->node[i].str);
		if (f->node[i].re)
			regex_free(f->node[i].re);
		free(f->node[i].re);
	}
	free(f);
}

struct filter *
filter_parse(const char *expr, filter_column_fn *column,
    unsigned long long numeric, char *err, size_t errsize)
{
	struct parser ps = { expr, expr, expr, { 0 }, NULL, column, numeric,
		err, errsize, 0, 0 };

	ps.f = xrealloc(NULL, sizeof(*ps.f));
	memset(ps.f, 0, sizeof(*ps.f));
	next(&ps);
	ps.f->root = logical(&ps);
	if (!ps.failed && ps.cur.kind != K_END)
		fail(&ps, "unexpected", 1);
	if (ps.failed) {
		free(ps.cur.str);
		filter_free(ps.f);
		return NULL;
	}
	for (int i = 0; i < ps.f->n; i++)
		if (ps.f->node[i].str)
			ps.f->node[i].str = trim(ps.f->node[i].str);
	return ps.f;
}

unsigned long long
filter_columns(const struct filter *f)
{
	return f->columns;
}

/* --- evaluation ------------------------------------------------------- */

struct value {
	int type, empty;
	unsigned long long num;
	const char *str;
	char buf[24]; /* a number as text */
};

struct row {
	char **values, *err;
	size_t errsize;
};

static int eval(const struct filter *f, int i, struct row *row);

/* Decimal digits only, as a number. */
static int
text_to_number(struct value *v)
{
	char unused[8];
	struct parser ps = { v->str, v->str, v->str, { 0 }, NULL, NULL, 0,
		unused, sizeof(unused), 0, 0 };

	if (!isdigit((unsigned char)*v->str))
		return -1;
	lex_number(&ps);
	if (*ps.p || ps.failed)
		return -1;
	v->num = ps.cur.num;
	return 0;
}

/* v as type; -1 if its text is no number. */
static int
cast(struct value *v, int type, struct row *row)
{
	if (v->type == type)
		return 0;
	if (v->type == T_STR) {
		if (type == T_BOOL)
			v->num = v->str &&
			    (!strcmp(v->str, "1") ||
				!strcasecmp(v->str, "true") || *v->str == 'y' ||
				*v->str == 'Y');
		else if (v->str && text_to_number(v) < 0) {
			format(row->err, row->errsize,
			    "'%.20s' is not a number", v->str);
			return -1;
		}
	} else if (type == T_STR) {
		format(v->buf, sizeof(v->buf), "%llu", v->num);
		v->str = v->type == T_BOOL ? v->num ? "true" : "false" : v->buf;
	} else if (type == T_BOOL) {
		v->num = !!v->num;
	}
	v->type = type;
	return 0;
}

/* A node's value: a literal, a cell, or an expression's truth. */
static int
fetch(const struct filter *f, int i, int type, struct value *v, struct row *row)
{
	const struct node *n = &f->node[i];
	int r;

	memset(v, 0, sizeof(*v));
	v->type = n->type;
	if (n->kind == K_VALUE) {
		v->num = n->num;
		v->str = n->str;
	} else if (n->kind == K_COLUMN) {
		char *cell = row->values[n->col];

		v->type = T_STR;
		v->str = cell ? trim(cell) : NULL;
		v->empty = !cell;
		if (cast(v, n->type, row) < 0)
			return -1;
	} else {
		if ((r = eval(f, i, row)) < 0)
			return -1;
		v->type = T_BOOL;
		v->num = (unsigned)r;
	}
	return cast(v, type, row);
}

static int
type_of(const struct node *n)
{
	return n->kind > K_COLUMN ? T_BOOL : n->type;
}

/* The type a comparison works in: the literal's rather than the
 * column's. */
static int
common_type(const struct node *l, const struct node *r)
{
	int lt = type_of(l), rt = type_of(r), type = lt;

	if (lt == rt)
		return lt;
	if (l->kind == K_COLUMN && r->kind != K_COLUMN)
		type = rt;
	return type;
}

static int
order(const struct value *l, const struct value *r)
{
	if (l->type == T_STR)
		return !l->str ? -!!r->str
		    : !r->str  ? 1
			       : strcmp(l->str, r->str);
	return (l->num > r->num) - (l->num < r->num);
}

static int
comparison(const struct filter *f, const struct node *n, struct row *row)
{
	int type = common_type(&f->node[n->left], &f->node[n->right]), c;
	struct value l, r;

	if (fetch(f, n->left, type, &l, row) < 0 ||
	    fetch(f, n->right, type, &r, row) < 0)
		return -1;
	if (n->kind >= K_MATCH) {
		if (type != T_STR) {
			format(row->err, row->errsize, "=~ needs text");
			return -1;
		}
		c = regex_search(f->node[n->right].re, l.str ? l.str : "");
		return n->kind == K_MATCH ? c : !c;
	}
	if (type != T_STR && (l.empty || r.empty))
		return 0;
	c = order(&l, &r);
	switch (n->kind) {
	case K_EQ:
		return c == 0;
	case K_NE:
		return c != 0;
	case K_LT:
		return c < 0;
	case K_LE:
		return c <= 0;
	case K_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

static int
eval(const struct filter *f, int i, struct row *row)
{
	const struct node *n = &f->node[i];
	struct value v;
	int r;

	switch (n->kind) {
	case K_AND:
	case K_OR:
		r = eval(f, n->left, row);
		if (r < 0 || r == (n->kind == K_OR))
			return r;
		return eval(f, n->right, row);
	case K_NOT:
		r = eval(f, n->right, row);
		return r < 0 ? r : !r;
	case K_VALUE:
	case K_COLUMN:
		/* Alone: true when not empty, zero or false. */
		if (fetch(f, i, n->type, &v, row) < 0)
			return -1;
		if (v.empty)
			return 0;
		return v.type == T_STR ? v.str && *v.str : v.num != 0;
	}
	return comparison(f, n, row);
}

int
filter_match(const struct filter *f, char **values, char *err, size_t errsize)
{
	struct row row = { values, err, errsize };

	return eval(f, f->root, &row);
}
