/* table.h - rows printed as libsmartcols prints util-linux's listings:
 * an aligned table, raw (one space between cells) or JSON, with a tree
 * drawn in one column (nested "children" arrays in JSON). */
#ifndef NSBOX_TABLE_H
#define NSBOX_TABLE_H

enum { TABLE_STR, TABLE_NUM }; /* how JSON shows a column */
enum { TABLE_TEXT, TABLE_RAW, TABLE_JSON };

struct table_col {
	const char *name;
	unsigned char json;  /* TABLE_STR or TABLE_NUM */
	unsigned char right; /* right-aligned, unless it holds the tree */
	unsigned char hint;  /* least width, unless all cells are narrower
				than the name */
	const char *help;
};

struct table_row {
	char **cells;	    /* one per shown column; NULL: none (JSON null) */
	const char *prefix; /* tree drawing before the tree column's text */
	int parent, first_child, last_child, next_sibling;
};

struct table {
	const struct table_col *defs; /* every column */
	const int *cols;	      /* the shown ones, as indexes in defs */
	int ncols;
	int tree; /* the shown column holding the tree, or -1: none */
	int noheadings, notruncate;
	const char *name; /* JSON: the array's name */
	struct table_row *rows;
	char **cells;
	int nrows, *order;
};

/* Room for n rows. */
void table_alloc(struct table *t, int n);
/* A new row under row parent (-1: none), after its siblings; its cells
 * are the caller's to fill (freed with the process). */
int table_add_row(struct table *t, int parent);
void table_print(struct table *t, int how);
/* libsmartcols' raw escaping: blanks and unprintables as \xHH. */
void table_raw_string(const char *s);
#endif
