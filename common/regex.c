/* regex.c - POSIX extended regular expressions: a recursive-descent
 * compiler to a program of relative jumps, and a Pike-style simulation. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/regex.h"
#include "common/scan.h"
#include "common/xalloc.h"

enum { OP_BYTE, OP_SET, OP_ANY, OP_SPLIT, OP_JMP, OP_BOL, OP_EOL, OP_MATCH };

/* SPLIT goes on at both the next op and at arg ops away; JMP at arg
 * ops away. Offsets are relative, so a fragment can be moved or copied
 * (x{m,n}) as it is. */
struct regex_op {
	unsigned char op, byte;
	short arg;
};

enum { MAX_OPS = 8192, MAX_COUNT = 255, MAX_DEPTH = 64 };

struct compiler {
	const char *p;
	struct regex *re;
	int err, depth;
};

static const char *const errors[] = {
	[REGEX_UNSUPPORTED] = "unsupported syntax",
	[REGEX_TOO_BIG] = "too large",
	[REGEX_BRACKET] = "unmatched [",
	[REGEX_PAREN] = "unmatched ( or )",
	[REGEX_BRACE] = "unmatched {",
	[REGEX_COUNT] = "invalid repetition count",
	[REGEX_REPEAT] = "nothing to repeat",
	[REGEX_RANGE] = "invalid range end",
	[REGEX_CLASS] = "unknown character class",
	[REGEX_ESCAPE] = "trailing backslash",
};

const char *
regex_error(int code)
{
	return errors[code];
}

/* Room for k more ops, or the error. The array grows by 64 ops. */
static int
room(struct compiler *c, int k)
{
	int n = c->re->n;

	if (c->err)
		return 0;
	if (n + k > MAX_OPS) {
		c->err = REGEX_TOO_BIG;
		return 0;
	}
	if (!n || (n - 1) / 64 != (n + k - 1) / 64)
		c->re->prog = xrealloc(c->re->prog,
		    (size_t)((n + k - 1) / 64 + 1) * 64 * sizeof(*c->re->prog));
	return 1;
}

static void
emit(struct compiler *c, int op, int byte, int arg)
{
	if (room(c, 1))
		c->re->prog[c->re->n++] = (struct regex_op){ (unsigned char)op,
			(unsigned char)byte, (short)arg };
}

/* A SPLIT before the ops from 'at' on, going on at 'to' (absolute, as
 * counted after the insertion). */
static void
insert_split(struct compiler *c, int at, int to)
{
	struct regex_op *prog;

	if (!room(c, 1))
		return;
	prog = c->re->prog;
	memmove(
	    prog + at + 1, prog + at, (size_t)(c->re->n - at) * sizeof(*prog));
	c->re->n++;
	prog[at] = (struct regex_op){ OP_SPLIT, 0, (short)(to - at) };
}

/* x* over the fragment from s on: SPLIT(out) x JMP(back to the SPLIT). */
static void
star(struct compiler *c, int s)
{
	insert_split(c, s, c->re->n + 2);
	emit(c, OP_JMP, 0, s - c->re->n);
}

static void
quest(struct compiler *c, int s)
{
	insert_split(c, s, c->re->n + 1);
}

static void
append_copy(struct compiler *c, const struct regex_op *frag, int len)
{
	if (room(c, len)) {
		memcpy(
		    c->re->prog + c->re->n, frag, (size_t)len * sizeof(*frag));
		c->re->n += len;
	}
}

static int
count(struct compiler *c, int *v)
{
	int n = 0, digits = 0;

	for (; isdigit((unsigned char)*c->p); c->p++, digits++)
		if ((n = n * 10 + (*c->p - '0')) > MAX_COUNT)
			n = MAX_COUNT + 1;
	*v = n;
	return digits;
}

/* {m}, {m,}, {,n} or {m,n} over the fragment from s on: m copies, then
 * x* or (n - m) times x?. c->p is past the '{'. */
static void
interval(struct compiler *c, int s)
{
	int min, max, len = c->re->n - s;
	struct regex_op *frag;

	if (c->p[strcspn(c->p, "}\\")] == '\\') { /* glibc's x{1\,2} */
		c->err = REGEX_UNSUPPORTED;
		return;
	}
	if (!count(c, &min) && *c->p != ',') {
		c->err = *c->p ? REGEX_COUNT : REGEX_BRACE;
		return;
	}
	max = min;
	if (*c->p == ',') {
		c->p++;
		if (!count(c, &max))
			max = -1;
	}
	if (*c->p != '}') {
		c->err = *c->p ? REGEX_COUNT : REGEX_BRACE;
		return;
	}
	c->p++;
	if (min > MAX_COUNT || max > MAX_COUNT) {
		c->err = REGEX_TOO_BIG;
		return;
	}
	if (max >= 0 && max < min) {
		c->err = REGEX_COUNT;
		return;
	}
	frag = xrealloc(NULL, (size_t)len * sizeof(*frag) + 1);
	memcpy(frag, c->re->prog + s, (size_t)len * sizeof(*frag));
	c->re->n = s;
	for (int i = 0; i < min; i++)
		append_copy(c, frag, len);
	for (int i = min; i < (max < 0 ? min + 1 : max) && !c->err; i++) {
		int at = c->re->n;

		append_copy(c, frag, len);
		if (max < 0)
			star(c, at);
		else
			quest(c, at);
	}
	free(frag);
}

static const struct {
	char name[7];
	int (*is)(int);
} classes[] = {
	{ "alpha", isalpha },
	{ "digit", isdigit },
	{ "alnum", isalnum },
	{ "upper", isupper },
	{ "lower", islower },
	{ "space", isspace },
	{ "blank", isblank },
	{ "punct", ispunct },
	{ "print", isprint },
	{ "graph", isgraph },
	{ "cntrl", iscntrl },
	{ "xdigit", isxdigit },
};

/* [:name:] at c->p into set; c->p is then past it. */
static void
add_class(struct compiler *c, unsigned char *set)
{
	const char *name = c->p + 2, *end = scan_str(name, ":]");
	size_t len;

	if (!end) {
		c->err = REGEX_BRACKET;
		return;
	}
	len = (size_t)(end - name);
	c->p = end + 2;
	for (size_t k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
		if (strlen(classes[k].name) == len &&
		    !strncmp(classes[k].name, name, len)) {
			for (int b = 1; b < 256; b++)
				if (classes[k].is(b))
					set[b / 8] |=
					    (unsigned char)(1 << b % 8);
			return;
		}
	c->err = REGEX_CLASS;
}

/* A bracket expression; c->p is past the '['. */
static void
bracket(struct compiler *c)
{
	unsigned char set[32] = { 0 };
	int negate = *c->p == '^';
	struct regex *re = c->re;

	c->p += negate;
	for (int first = 1; !c->err; first = 0) {
		unsigned char lo = (unsigned char)*c->p, hi;

		if (!lo) {
			c->err = REGEX_BRACKET;
			return;
		}
		if (lo == ']' && !first)
			break;
		if (lo == '[' && strchr(".=:", c->p[1]) && c->p[1]) {
			if (c->p[1] != ':')
				c->err = REGEX_UNSUPPORTED;
			else
				add_class(c, set);
			if (*c->p == '-' && c->p[1] != ']')
				c->err = REGEX_RANGE;
			continue;
		}
		hi = lo;
		if (c->p[1] == '-' && c->p[2] && c->p[2] != ']') {
			hi = (unsigned char)c->p[2];
			c->p += 2;
			if (hi == '[' && strchr(".=:", c->p[1]) && c->p[1])
				c->err = c->p[1] == ':' ? REGEX_RANGE
							: REGEX_UNSUPPORTED;
			else if (hi < lo || (c->p[1] == '-' && c->p[2] != ']'))
				c->err = REGEX_RANGE; /* also a-c-e */
		}
		c->p++;
		for (int b = lo; b <= hi; b++)
			set[b / 8] |= (unsigned char)(1 << b % 8);
	}
	if (c->err)
		return;
	c->p++;
	for (int k = 0; negate && k < 32; k++)
		set[k] = (unsigned char)~set[k];
	set[0] &= 0xfe; /* never the end of the string */
	if (!(re->nsets & 15))
		re->sets = xrealloc(re->sets, (size_t)(re->nsets + 16) * 32);
	memcpy(re->sets[re->nsets], set, 32);
	emit(c, OP_SET, 0, re->nsets++);
}

static void alternation(struct compiler *c);

/* One escaped character after '\'. */
static void
escape(struct compiler *c)
{
	char e = *++c->p;

	if (!e)
		c->err = REGEX_ESCAPE;
	else if (strchr("123456789wWsSbB<>`'", e))
		c->err = REGEX_UNSUPPORTED;
	else
		emit(c, OP_BYTE, (unsigned char)e, 0);
	c->p += !!e;
}

/* Atoms and their repetitions up to '|', an enclosing ')' or the end. */
static void
branch(struct compiler *c)
{
	int atom = -1; /* where the fragment a repetition takes starts */

	while (!c->err) {
		char ch = *c->p;
		int start = c->re->n;

		if (!ch || ch == '|' || (ch == ')' && c->depth))
			return;
		if (strchr("*+?{", ch)) {
			if (atom < 0) {
				c->err = REGEX_REPEAT;
				return;
			}
			c->p++;
			if (ch == '*')
				star(c, atom);
			else if (ch == '+')
				emit(c, OP_SPLIT, 0, atom - c->re->n);
			else if (ch == '?')
				quest(c, atom);
			else
				interval(c, atom);
			continue;
		}
		atom = start;
		if (ch == '(') {
			c->p++;
			if (++c->depth > MAX_DEPTH)
				c->err = REGEX_TOO_BIG;
			alternation(c);
			if (!c->err && *c->p != ')')
				c->err = REGEX_PAREN;
			c->depth--;
			c->p += !c->err;
		} else if (ch == '[') {
			c->p++;
			bracket(c);
		} else if (ch == '\\') {
			escape(c);
		} else {
			c->p++;
			if (ch == '^' || ch == '$')
				atom = -1; /* an anchor cannot repeat */
			emit(c,
			    ch == '.'	    ? OP_ANY
				: ch == '^' ? OP_BOL
				: ch == '$' ? OP_EOL
					    : OP_BYTE,
			    (unsigned char)ch, 0);
		}
	}
}

/* A|B: SPLIT(B) A JMP(end) B. */
static void
alternation(struct compiler *c)
{
	int start = c->re->n, jmp;

	branch(c);
	if (c->err || *c->p != '|')
		return;
	c->p++;
	insert_split(c, start, c->re->n + 2);
	jmp = c->re->n;
	emit(c, OP_JMP, 0, 0);
	alternation(c);
	if (!c->err)
		c->re->prog[jmp].arg = (short)(c->re->n - jmp);
}

void
regex_free(struct regex *re)
{
	free(re->prog);
	free(re->sets);
	free(re->scratch);
	memset(re, 0, sizeof(*re));
}

int
regex_compile(struct regex *re, const char *pattern)
{
	struct compiler c = { pattern, re, 0, 0 };

	memset(re, 0, sizeof(*re));
	alternation(&c);
	emit(&c, OP_MATCH, 0, 0);
	if (c.err) {
		regex_free(re);
		return c.err;
	}
	/* marks, two lists of n and a stack of 2n + 2 */
	re->scratch = xrealloc(NULL, (size_t)(5 * re->n + 2) * sizeof(int));
	memset(re->scratch, 0, (size_t)re->n * sizeof(int));
	return 0;
}

/* Thread pc, and all it reaches without reading, into list at s[i];
 * 1 if that reaches MATCH. */
static int
add_thread(struct regex *re, int *list, int *n, int pc, const char *s, size_t i)
{
	int *mark = re->scratch, *stack = re->scratch + 3 * re->n, top = 0;

	stack[top++] = pc;
	while (top) {
		const struct regex_op *op = &re->prog[pc = stack[--top]];

		if ((unsigned)mark[pc] == re->gen)
			continue;
		mark[pc] = (int)re->gen;
		switch (op->op) {
		case OP_MATCH:
			return 1;
		case OP_SPLIT:
			stack[top++] = pc + 1;
			/* fall through */
		case OP_JMP:
			stack[top++] = pc + op->arg;
			break;
		case OP_BOL:
			if (!i)
				stack[top++] = pc + 1;
			break;
		case OP_EOL:
			if (!s[i])
				stack[top++] = pc + 1;
			break;
		default:
			list[(*n)++] = pc;
		}
	}
	return 0;
}

static void
next_gen(struct regex *re)
{
	if (!++re->gen) {
		memset(re->scratch, 0, (size_t)re->n * sizeof(int));
		re->gen = 1;
	}
}

int
regex_search(struct regex *re, const char *s)
{
	int *cur = re->scratch + re->n, *next = cur + re->n, ncur = 0;

	next_gen(re);
	for (size_t i = 0;; i++) {
		unsigned char ch = (unsigned char)s[i];
		int nnext = 0, *swap;

		/* Unanchored: a new thread starts at every position. */
		if (add_thread(re, cur, &ncur, 0, s, i))
			return 1;
		if (!ch)
			return 0;
		next_gen(re);
		for (int k = 0; k < ncur; k++) {
			const struct regex_op *op = &re->prog[cur[k]];

			if (op->op == OP_ANY ||
			    (op->op == OP_BYTE && op->byte == ch) ||
			    (op->op == OP_SET &&
				re->sets[op->arg][ch / 8] & 1 << ch % 8))
				if (add_thread(
					re, next, &nnext, cur[k] + 1, s, i + 1))
					return 1;
		}
		swap = cur;
		cur = next;
		next = swap;
		ncur = nnext;
	}
}
