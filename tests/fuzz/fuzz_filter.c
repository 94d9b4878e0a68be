/* Filter expressions (common/filter.c): any input parses or fails with
 * one message that says where; what parses evaluates on rows with and
 * without values to true, false or a message, and "!(EXPR)" to the
 * opposite of EXPR. */
#include <strings.h>

#include "common/filter.h"
#include "tests/fuzz/fuzz.h"

static const char *const names[] = { "NS", "TYPE", "NPROCS", "COMMAND",
	"NETNSID", "NSFS" };

static int
column(const char *name, size_t len)
{
	for (int c = 0; c < 6; c++)
		if (strlen(names[c]) == len &&
		    !strncasecmp(names[c], name, len))
			return c;
	return -1;
}

static int
evaluate(const struct filter *f, int row)
{
	static const char *const rows[2][6] = {
		{ "4026531840", "net", "3", " sleep 100 ", "unassigned", NULL },
		{ "4026532000", "user", "0", NULL, NULL, "/run/netns/a" },
	};
	char *values[6], err[128] = "";
	int r;

	for (int c = 0; c < 6; c++)
		values[c] = rows[row][c] ? strdup(rows[row][c]) : NULL;
	r = filter_match(f, values, err, sizeof(err));
	if (r < -1 || r > 1 || (r < 0 && !*err))
		abort();
	for (int c = 0; c < 6; c++)
		free(values[c]);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = fuzz_string(data, size), *negated, err[128] = "";
	struct filter *f, *g;
	const unsigned long long numeric = 1 << 0 | 1 << 2;

	if (!expr)
		return 0;
	f = filter_parse(expr, column, numeric, err, sizeof(err));
	if (!f) {
		if (!strstr(err, " at column ") || strchr(err, '\n'))
			abort();
		free(expr);
		return 0;
	}
	if (filter_columns(f) >> 6)
		abort();
	negated = malloc(size + 4);
	if (!negated)
		abort();
	strcpy(negated, "!(");
	strcat(strcat(negated, expr), ")");
	g = filter_parse(negated, column, numeric, err, sizeof(err));
	for (int row = 0; row < 2; row++) {
		int r = evaluate(f, row);

		/* A ')' in a string or a too-deep nesting may refuse !(...) */
		if (g && r >= 0 && evaluate(g, row) != !r)
			abort();
	}
	filter_free(g);
	filter_free(f);
	free(negated);
	free(expr);
	return 0;
}
