/* filter.h - filter expressions over a row of column values, in the
 * language of libsmartcols' filters (lsns -Q, scols-filter(5)).
 *
 *   expr:  param | ( expr ) | ! expr | expr OP expr
 *   OP:    && || == != < <= > >= =~ !~ (also and or eq ne lt le gt ge)
 *   param: column name | number (1, 1K, 1.5) | 'string' | "string"
 *          | true | false
 *
 * As libsmartcols has it: && and || bind alike, left to right, and
 * looser than comparisons; a comparison takes its type from the literal
 * (a number column against a string compares text, a string column
 * against a number must hold a number); an empty cell fails every
 * comparison of numbers; a param alone is true when not empty or zero;
 * the right of =~ and !~ is a string literal, a POSIX extended regular
 * expression (common/regex.h). */
#ifndef NSBOX_FILTER_H
#define NSBOX_FILTER_H

#include <stddef.h>

struct filter;

/* The column a name means (below 64), or -1. */
typedef int filter_column_fn(const char *name, size_t len);

/* The parsed expression, or NULL with a one-line reason in err
 * ("unexpected ')' at column 7"). Columns whose bit is set in numeric
 * hold numbers. */
struct filter *filter_parse(const char *expr, filter_column_fn *column,
    unsigned long long numeric, char *err, size_t errsize);
/* The columns the expression reads, one bit each. */
unsigned long long filter_columns(const struct filter *f);
/* 1 if the row passes, 0 if not; -1 with err if a value cannot be
 * compared as the expression asks. values[col] is a column's text (NULL:
 * no value); blanks around it are cut in place. */
int filter_match(
    const struct filter *f, char **values, char *err, size_t errsize);
void filter_free(struct filter *f);

#endif
