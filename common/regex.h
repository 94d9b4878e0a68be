/* regex.h - POSIX extended regular expressions, matched in linear time.
 *
 * Answers what regcomp(REG_EXTENDED | REG_NOSUB) and regexec() answer,
 * without backtracking: a pattern compiles to a small program of byte
 * tests and jumps, and a search runs every thread of it in step over the
 * subject (Thompson's construction, simulated as in Pike's VM), so time
 * is at most pattern size times subject length whatever the pattern.
 * The subjects are other users' command lines.
 *
 * Supported: literals; '.'; bracket expressions with ranges, '^' and the
 * C locale's [:classes:]; * + ? {m} {m,} {,n} {m,n}; '|'; ( ); '^' and
 * '$' as anchors anywhere; '\' before any other character for that
 * character. Refused: back-references and GNU escapes (\1 \w \b \< ...),
 * [= =] and [. .], counts above 255 and programs that grow too large. */
#ifndef NSBOX_REGEX_H
#define NSBOX_REGEX_H

enum {
	REGEX_OK,
	REGEX_UNSUPPORTED, /* valid POSIX or GNU syntax we do not take */
	REGEX_TOO_BIG,	   /* too many states or groups, or a count > 255 */
	REGEX_BAD,	   /* first of the syntax errors */
	REGEX_BRACKET = REGEX_BAD,
	REGEX_PAREN,
	REGEX_BRACE,
	REGEX_COUNT,
	REGEX_REPEAT,
	REGEX_RANGE,
	REGEX_CLASS,
	REGEX_ESCAPE,
};

struct regex {
	struct regex_op *prog;
	unsigned char (*sets)[32];
	int n, nsets;
	int *scratch; /* marks, two thread lists and a stack */
	unsigned gen; /* the mark of the list being built */
};

/* 0 with re ready, or a REGEX_ code with nothing kept. */
int regex_compile(struct regex *re, const char *pattern);
/* What a code means, for a message. */
const char *regex_error(int code);
/* 1 if the pattern matches anywhere in s, else 0. */
int regex_search(struct regex *re, const char *s);
void regex_free(struct regex *re);

#endif
