/* ns-ls - list namespaces and what holds them: util-linux lsns, plus
 * threads, fds, sockets, bind mounts in every mount namespace and
 * ancestors, in one pass over /proc. */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/die.h"
#include "common/filter.h"
#include "common/format.h"
#include "common/json.h"
#include "common/lines.h"
#include "common/ns.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/procscan.h"
#include "common/user.h"
#include "common/xalloc.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-ls [OPTION]... [NSID]\n"
"List the namespaces of the system and what holds each of them: processes,\n"
"threads, open files, sockets, bind mounts (in every mount namespace) and\n"
"child namespaces. With NSID (an inode), list the processes in it.\n"
"\n"
"  -J, --json                JSON output ({\"namespaces\":[...]})\n"
"  -l, --list                a flat list, no tree\n"
"  -r, --raw                 raw output: one space between columns\n"
"  -n, --noheadings          no header line\n"
"  -u, --notruncate          do not truncate the last column\n"
"  -W, --nowrap              do not wrap cells (they never are)\n"
"  -o, --output LIST         columns to show; +LIST adds to the default\n"
"      --output-all          every column\n"
"  -Q, --filter EXPR         only rows EXPR is true of, e.g. 'NPROCS > 1 &&\n"
"                            COMMAND =~ \"^sleep\"' (any column; see ns-ls(1))\n"
"  -H, --list-columns        the columns, their JSON types and meanings\n"
"  -p, --task PID            only the namespaces of process PID\n"
"  -t, --type TYPE           only namespaces of TYPE (mnt uts ipc net pid\n"
"                            user cgroup time); repeatable\n"
"  -P, --persistent          only namespaces no process is in\n"
"  -T, --tree[=KIND]         tree by owner (default), parent or process\n"
"\n"
"  -h, --help                show this help\n"
"  -V, --version             show the version\n"
"\n"
"Default columns: NS,TYPE,NPROCS,PID,USER,COMMAND (with only -t net also\n"
"NETNSID,NSFS). Exit status: 0 success, 1 failure.\n";

enum { OPT_OUTPUT_ALL = 256 };

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'J' },
	{ "list", no_argument, NULL, 'l' },
	{ "raw", no_argument, NULL, 'r' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "notruncate", no_argument, NULL, 'u' },
	{ "nowrap", no_argument, NULL, 'W' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
	{ "list-columns", no_argument, NULL, 'H' },
	{ "filter", required_argument, NULL, 'Q' },
	{ "task", required_argument, NULL, 'p' },
	{ "type", required_argument, NULL, 't' },
	{ "persistent", no_argument, NULL, 'P' },
	{ "tree", optional_argument, NULL, 'T' },
	OPT_HELP_VERSION
};

enum col {
	C_NS, C_TYPE, C_PATH, C_NPROCS, C_PID, C_PPID, C_COMMAND, C_UID,
	C_USER, C_NETNSID, C_NSFS, C_PNS, C_ONS, C_HOLDERS, C_UIDMAP,
	C_GIDMAP, C_ID, C_COUNT
};

enum { STR, NUM };

static const struct column {
	const char *name;
	int json;	/* how JSON shows it, as lsns does */
	int right;	/* right-aligned in tables */
	const char *help;
} columns[C_COUNT] = {
	[C_NS]      = { "NS", NUM, 1, "namespace identifier (inode number)" },
	[C_TYPE]    = { "TYPE", STR, 0, "kind of namespace" },
	[C_PATH]    = { "PATH", STR, 0, "path to the namespace" },
	[C_NPROCS]  = { "NPROCS", NUM, 1, "number of processes in the namespace" },
	[C_PID]     = { "PID", NUM, 1, "lowest PID in the namespace" },
	[C_PPID]    = { "PPID", NUM, 1, "PPID of the PID" },
	[C_COMMAND] = { "COMMAND", STR, 0, "command line of the PID" },
	[C_UID]     = { "UID", NUM, 1, "UID of the PID" },
	[C_USER]    = { "USER", STR, 0, "username of the PID" },
	[C_NETNSID] = { "NETNSID", STR, 1, "namespace ID as used by network subsystem" },
	[C_NSFS]    = { "NSFS", STR, 0, "nsfs mountpoint (usually used network subsystem)" },
	[C_PNS]     = { "PNS", NUM, 1, "parent namespace identifier (inode number)" },
	[C_ONS]     = { "ONS", NUM, 1, "owner namespace identifier (inode number)" },
	[C_HOLDERS] = { "HOLDERS", STR, 0, "what holds it: proc:N,task:N,children:N,fd:N,sock:N,mount:PATH,ns:INODE" },
	[C_UIDMAP]  = { "UIDMAP", STR, 0, "uid_map of a user namespace, lines joined by ','" },
	[C_GIDMAP]  = { "GIDMAP", STR, 0, "gid_map of a user namespace, lines joined by ','" },
	[C_ID]      = { "ID", NUM, 1, "64-bit namespace id (Linux 6.18 and later)" },
};
/* clang-format on */

static const struct opt_spec spec = { help, "Jlrnuo:HQ:p:t:PT::W", longopts,
	OPT_NS_NONE };

/* Where each namespace sits in the output, indexed like ns_table.ns. */
struct node {
	int shown, parent, first_child, next_sibling;
};
static struct node *nodes;

static struct {
	int json, raw, noheadings, notruncate, list_columns;
	int persistent, tree; /* tree: 0 none, 'o'wner, 'p'arent, 'r'ocess */
	int type_mask;
	pid_t task;
	unsigned long nsid;
	int cols[C_COUNT], ncols;
	struct filter *filter;
} cfg;

/* Shown, or read by the filter. */
static int
want_col(int col)
{
	if (cfg.filter && filter_columns(cfg.filter) >> col & 1)
		return 1;
	for (int i = 0; i < cfg.ncols; i++)
		if (cfg.cols[i] == col)
			return 1;
	return 0;
}

/* What the columns and views need from the scan. */
static void
discover(void)
{
	int flags = 0;

	if (want_col(C_ID))
		flags |= PROCSCAN_ID;
	if (want_col(C_PPID) || cfg.tree || cfg.nsid)
		flags |= PROCSCAN_PPID;
	if (want_col(C_NETNSID))
		flags |= PROCSCAN_NETNSID;
	procscan(flags);
}

/* --- output ----------------------------------------------------------- */

static const char *
user_name(uid_t uid)
{
	static struct {
		uid_t uid;
		char name[64];
	} cache[64];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	if (n == 64)
		i = 63;
	else
		i = n++;
	cache[i].uid = uid;
	if (uid_to_name(uid, cache[i].name, sizeof(cache[i].name)) < 0)
		format(
		    cache[i].name, sizeof(cache[i].name), "%u", (unsigned)uid);
	return cache[i].name;
}

static char *
read_map(pid_t pid, const char *file)
{
	char path[64], line[128], *out = NULL;
	struct lines f;

	format(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (lines_open(&f, path) < 0)
		return NULL;
	while (lines_next(&f, line, sizeof(line))) {
		char item[128];
		unsigned long v[3];
		char *p = line;

		for (int k = 0; k < 3; k++)
			v[k] = strtoul(p, &p, 10);
		format(item, sizeof(item), "%lu %lu %lu", v[0], v[1], v[2]);
		xappend(&out, item);
	}
	lines_close(&f);
	return out ? out : xstrdup("");
}

static char *
holders(const struct nsent *e)
{
	char *out = NULL, item[64];
	const struct {
		const char *kind;
		int n;
	} counts[] = {
		{ "proc", e->nprocs },
		{ "task", e->tasks },
		{ "children", e->children },
		{ "fd", e->fds },
		{ "sock", e->socks },
	};

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!counts[i].n)
			continue;
		format(
		    item, sizeof(item), "%s:%d", counts[i].kind, counts[i].n);
		xappend(&out, item);
	}
	if (e->mounts) {
		char *copy = xstrdup(e->mounts), *save, *m;

		for (m = strtok_r(copy, ",", &save); m;
		     m = strtok_r(NULL, ",", &save)) {
			char buf[4300];

			format(buf, sizeof(buf), "mount:%s", m);
			xappend(&out, buf);
		}
		free(copy);
	}
	if (e->via) {
		format(item, sizeof(item), "ns:%lu", e->via);
		xappend(&out, item);
	}
	return out ? out : xstrdup("");
}

/* A cell's text; NULL when it has none (JSON null). Caller frees. */
static char *
cell(const struct nsent *e, int col)
{
	char buf[64];

	switch (col) {
	case C_NS:
		format(buf, sizeof(buf), "%lu", e->ino);
		break;
	case C_TYPE:
		return xstrdup(e->type->name);
	case C_PATH:
		if (e->pid) {
			format(buf, sizeof(buf), "/proc/%d/ns/%s", (int)e->pid,
			    e->type->proc);
			break;
		}
		return e->src ? xstrdup(e->src) : NULL;
	case C_NPROCS:
		format(buf, sizeof(buf), "%d", e->nprocs);
		break;
	case C_PID:
		if (!e->pid)
			return NULL;
		format(buf, sizeof(buf), "%d", (int)e->pid);
		break;
	case C_PPID:
		if (!e->proc)
			return NULL;
		format(buf, sizeof(buf), "%d", (int)e->proc->ppid);
		break;
	case C_COMMAND:
		return e->proc ? xstrdup(e->proc->command) : NULL;
	case C_UID:
		if (!e->proc && !e->have_owner)
			return NULL;
		format(buf, sizeof(buf), "%u",
		    (unsigned)(e->proc ? e->proc->uid : e->owner_uid));
		break;
	case C_USER:
		if (!e->proc && !e->have_owner)
			return NULL;
		return xstrdup(
		    user_name(e->proc ? e->proc->uid : e->owner_uid));
	case C_NETNSID:
		if (e->type->flag != CLONE_NEWNET || !e->have_netnsid)
			return NULL;
		if (e->netnsid < 0)
			return xstrdup("unassigned");
		format(buf, sizeof(buf), "%d", e->netnsid);
		break;
	case C_NSFS:
		return e->own_mounts ? xstrdup(e->own_mounts) : NULL;
	case C_PNS:
		format(buf, sizeof(buf), "%lu", e->pns);
		break;
	case C_ONS:
		format(buf, sizeof(buf), "%lu", e->ons);
		break;
	case C_HOLDERS:
		return holders(e);
	case C_UIDMAP:
	case C_GIDMAP:
		if (e->type->flag != CLONE_NEWUSER || !e->pid)
			return NULL;
		return read_map(
		    e->pid, col == C_UIDMAP ? "uid_map" : "gid_map");
	case C_ID:
		if (!e->have_id)
			return NULL;
		format(buf, sizeof(buf), "%llu", e->id);
		break;
	default:
		return NULL;
	}
	return xstrdup(buf);
}

/* libsmartcols' raw escaping: blanks and unprintables as \xHH. */
static void
raw_string(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '\\' || c == 0x7f)
			out_fmt("\\x%02x", c);
		else
			out_char(c);
	}
}

/* Namespace indexes sorted by inode, with a heapsort: qsort would add
 * a kilobyte to the static binary. */
static void
sift_down(int *order, int root, int n)
{
	for (int child; (child = 2 * root + 1) < n; root = child) {
		int top = order[root];

		if (child + 1 < n &&
		    ns_table.ns[order[child]].ino <
			ns_table.ns[order[child + 1]].ino)
			child++;
		if (ns_table.ns[top].ino > ns_table.ns[order[child]].ino)
			return;
		order[root] = order[child];
		order[child] = top;
	}
}

static void
sort_by_ino(int *order, int n)
{
	for (int i = n / 2; i-- > 0;)
		sift_down(order, i, n);
	while (n-- > 1) {
		int top = order[0];

		order[0] = order[n];
		order[n] = top;
		sift_down(order, 0, n);
	}
}

/* The inode of a process's namespace of one type. Many lines share a
 * parent process, so its answers are kept (a small direct-mapped cache). */
static unsigned long
process_ns(pid_t pid, const struct ns_type *type)
{
	static struct {
		pid_t pid;
		unsigned long ino[NS_TYPE_COUNT];
	} cache[256];
	int slot = (int)((unsigned)pid % 256);

	if (cache[slot].pid != pid) {
		cache[slot].pid = pid;
		procscan_ns_of(pid, cache[slot].ino);
	}
	return cache[slot].ino[type - ns_types];
}

/* The namespace line under which e sits in the tree, or -1. */
static int
tree_parent(const struct nsent *e)
{
	const struct nsent *p = NULL;

	switch (cfg.tree) {
	case 'o':
		p = e->ons ? procscan_find(e->ons) : NULL;
		break;
	case 'p':
		p = e->pns ? procscan_find(e->pns) : NULL;
		break;
	case 'r':
		/* The same type's namespace that holds our PID's parent. */
		if (!e->proc || e->proc->ppid <= 0)
			return -1;
		p = procscan_find(process_ns(e->proc->ppid, e->type));
		break;
	}
	if (!p || p == e || !nodes[p - ns_table.ns].shown)
		return -1;
	return (int)(p - ns_table.ns);
}

struct row {
	char *cells[C_COUNT];
	char *prefix; /* tree drawing for the tree column */
};

static int nrows;
static struct row *rows;

static void
add_row(const struct nsent *e, const char *prefix)
{
	struct row *r = &rows[nrows++];

	for (int c = 0; c < cfg.ncols; c++)
		r->cells[c] = cell(e, cfg.cols[c]);
	r->prefix = xstrdup(prefix);
}

static void
add_tree_rows(int idx, char *indent, int last, int depth)
{
	const struct nsent *e = &ns_table.ns[idx];
	char prefix[512];
	size_t len = strlen(indent);

	if (depth == 0)
		prefix[0] = '\0';
	else
		format(prefix, sizeof(prefix), "%s%s", indent,
		    last ? "\xe2\x94\x94\xe2\x94\x80"
			 : "\xe2\x94\x9c\xe2\x94\x80");
	add_row(e, prefix);
	if (depth > 0 && len + 8 < 400)
		strcat(indent, last ? "  " : "\xe2\x94\x82 ");
	for (int c = nodes[idx].first_child; c >= 0; c = nodes[c].next_sibling)
		add_tree_rows(c, indent, nodes[c].next_sibling < 0, depth + 1);
	indent[len] = '\0';
}

static int
tree_column(void)
{
	int want = cfg.tree == 'r' ? C_COMMAND : C_NS;

	for (int c = 0; c < cfg.ncols; c++)
		if (cfg.cols[c] == want)
			return c;
	return cfg.ncols - 1;
}

static size_t
display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* A cell's text after the blanks owed before it: blanks at the end of a
 * line are never written. */
static void
put_cell(size_t *blanks, const char *text, size_t len)
{
	if (!len)
		return;
	for (; *blanks; --*blanks)
		out_char(' ');
	out_write(text, len);
}

static void
print_table(void)
{
	size_t width[C_COUNT] = { 0 };
	int tcol = cfg.tree ? tree_column() : -1;
	int last = cfg.ncols - 1;
	size_t term = 0;

	if (isatty(STDOUT_FILENO) && !cfg.notruncate) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
			term = ws.ws_col;
	}
	for (int c = 0; c < cfg.ncols; c++) {
		if (!cfg.noheadings)
			width[c] = strlen(columns[cfg.cols[c]].name);
		for (int r = 0; r < nrows; r++) {
			size_t w = rows[r].cells[c]
			    ? display_width(rows[r].cells[c])
			    : 0;

			if (c == tcol)
				w += display_width(rows[r].prefix);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (int r = cfg.noheadings ? 0 : -1; r < nrows; r++) {
		size_t used = 0, blanks = 0;

		for (int c = 0; c < cfg.ncols; c++) {
			const char *text = r < 0 ? columns[cfg.cols[c]].name
			    : rows[r].cells[c]	 ? rows[r].cells[c]
						 : "";
			const char *prefix =
			    r >= 0 && c == tcol ? rows[r].prefix : "";
			size_t w = display_width(text) + display_width(prefix);
			size_t pad = width[c] - w;

			if (c)
				blanks++, used++;
			if (columns[cfg.cols[c]].right && c != tcol) {
				blanks += pad;
				put_cell(&blanks, text, strlen(text));
			} else if (c == last) {
				size_t room =
				    term > used + display_width(prefix)
				    ? term - used - display_width(prefix)
				    : 0;

				put_cell(&blanks, prefix, strlen(prefix));
				put_cell(&blanks, text,
				    term && display_width(text) > room
					? strnlen(text, room)
					: strlen(text));
			} else {
				put_cell(&blanks, prefix, strlen(prefix));
				put_cell(&blanks, text, strlen(text));
				blanks += pad;
			}
			used += width[c];
		}
		out_char('\n');
	}
}

static void
print_raw(void)
{
	for (int r = -1; r < nrows; r++) {
		if (r < 0 && cfg.noheadings)
			continue;
		for (int c = 0; c < cfg.ncols; c++) {
			if (c)
				out_char(' ');
			if (r < 0)
				out_str(columns[cfg.cols[c]].name);
			else if (rows[r].cells[c])
				raw_string(rows[r].cells[c]);
		}
		out_char('\n');
	}
}

static void
print_json(void)
{
	out_str("{\n   \"namespaces\": [");
	for (int r = 0; r < nrows; r++) {
		out_str(r ? ",{\n" : "\n      {\n");
		for (int c = 0; c < cfg.ncols; c++) {
			const struct column *col = &columns[cfg.cols[c]];
			const char *v = rows[r].cells[c];
			char key[16];

			for (size_t k = 0; k <= strlen(col->name); k++)
				key[k] =
				    (char)tolower((unsigned char)col->name[k]);
			out_fmt("         \"%s\": ", key);
			if (!v)
				out_str("null");
			else if (col->json == NUM)
				out_str(v);
			else
				json_string(v);
			out_str(c < cfg.ncols - 1 ? ",\n" : "\n");
		}
		out_str("      }");
	}
	out_str(nrows ? "\n   ]\n}\n" : "]\n}\n");
}

/* --- the positional NSID: the processes in one namespace ------------- */

struct procs {
	struct proc **p;
	int n;
};

static int
add_proc(void *arg, int procdir, const char *dir, pid_t pid)
{
	struct procs *procs = arg;

	procs->p =
	    xrealloc(procs->p, (size_t)(procs->n + 1) * sizeof(*procs->p));
	procs->p[procs->n++] = procscan_proc(procdir, dir, pid, PROCSCAN_PPID);
	return 0;
}

static void
list_processes_in(const struct nsent *e)
{
	struct procs found = { NULL, 0 };
	struct proc **procs;
	int n;

	if (procscan_in_ns(e->type, e->ino, 0, add_proc, &found) < 0)
		die_errno("cannot read /proc");
	procs = found.p;
	n = found.n;
	if (cfg.json) {
		out_str("{\n   \"processes\": [");
		for (int i = 0; i < n; i++) {
			out_fmt("%s         \"pid\": %d,\n         "
				"\"ppid\": %d,\n         \"user\": ",
			    i ? ",{\n" : "\n      {\n", (int)procs[i]->pid,
			    (int)procs[i]->ppid);
			json_string(user_name(procs[i]->uid));
			out_str(",\n         \"command\": ");
			json_string(procs[i]->command);
			out_str("\n      }");
		}
		out_str(n ? "\n   ]\n}\n" : "]\n}\n");
		return;
	}
	if (!cfg.noheadings)
		out_fmt("%7s %7s %-8s %s\n", "PID", "PPID", "USER", "COMMAND");
	for (int i = 0; i < n; i++)
		out_fmt("%7d %7d %-8s %s\n", (int)procs[i]->pid,
		    (int)procs[i]->ppid, user_name(procs[i]->uid),
		    procs[i]->command);
}

/* --- options ------------------------------------------------------------ */

static void
set_default_columns(void)
{
	static const int defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID, C_USER,
		C_COMMAND };
	static const int net_defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID,
		C_USER, C_NETNSID, C_NSFS, C_COMMAND };
	const int *cols = defaults;
	int n = 6;

	if (cfg.type_mask == CLONE_NEWNET) {
		cols = net_defaults;
		n = 8;
	}
	memcpy(cfg.cols, cols, (size_t)n * sizeof(int));
	cfg.ncols = n;
}

/* A column by its name in any case, or -1. */
static int
column_named(const char *name, size_t len)
{
	for (int c = 0; c < C_COUNT; c++)
		if (!strncasecmp(columns[c].name, name, len) &&
		    !columns[c].name[len])
			return c;
	return -1;
}

static void
parse_filter(const char *expr)
{
	unsigned long long numeric = 0;
	char err[128], shown[256];

	for (int c = 0; c < C_COUNT; c++)
		if (columns[c].json == NUM)
			numeric |= 1ULL << c;
	filter_free(cfg.filter);
	cfg.filter =
	    filter_parse(expr, column_named, numeric, err, sizeof(err));
	if (!cfg.filter)
		die("failed to parse \"%s\": %s",
		    printable(expr, shown, sizeof(shown)), err);
}

static void
parse_columns(const char *list)
{
	if (*list == '+')
		list++;
	else
		cfg.ncols = 0;
	/* "NAME,NAME": an empty name (-o '', "a,,b") is no column either. */
	for (const char *name = list;; name++) {
		size_t len = (size_t)(strchrnul(name, ',') - name);
		int found = column_named(name, len);

		if (found < 0)
			die("unknown column: '%.*s'", (int)len, name);
		if (cfg.ncols < C_COUNT)
			cfg.cols[cfg.ncols++] = found;
		name += len;
		if (!*name)
			break;
	}
}

/* As lsns -H: name, JSON type, description. */
static void
list_columns(void)
{
	if (cfg.json)
		out_str("{\n   \"lsns-columns\": [");
	for (int c = 0; c < C_COUNT; c++) {
		const char *type =
		    columns[c].json == NUM ? "<integer>" : "<string>";

		if (cfg.json) {
			out_fmt("%s         \"holder\": \"%s\",\n         "
				"\"type\": \"%s\",\n         \"description\": ",
			    c ? ",{\n" : "\n      {\n", columns[c].name, type);
			json_string(columns[c].help);
			out_str("\n      }");
		} else if (cfg.raw) {
			out_fmt("%s %s ", columns[c].name, type);
			raw_string(columns[c].help);
			out_char('\n');
		} else {
			out_fmt("%7s %-9s %s\n", columns[c].name, type,
			    columns[c].help);
		}
	}
	if (cfg.json)
		out_str("\n   ]\n}\n");
}

static void
parse_options(int argc, char **argv)
{
	const char *output = NULL;
	unsigned long v;
	int all = 0, list = 0, tree_given = 0, c;

	cfg.tree = 'r';
	while ((c = opt_next(argc, argv, &spec)) != -1) {
		switch (c) {
		case 'J':
			cfg.json = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'r':
			cfg.raw = 1;
			break;
		case 'n':
			cfg.noheadings = 1;
			break;
		case 'u':
			cfg.notruncate = 1;
			break;
		case 'W':
			break;
		case 'o':
			output = opt_arg;
			break;
		case OPT_OUTPUT_ALL:
			all = 1;
			break;
		case 'H':
			cfg.list_columns = 1;
			break;
		case 'Q':
			parse_filter(opt_arg);
			break;
		case 'p':
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0 || v == 0)
				die("invalid PID argument: '%s'", opt_arg);
			cfg.task = (pid_t)v;
			break;
		case 't': {
			const struct ns_type *t = ns_by_name(opt_arg);

			if (!t)
				die("unknown namespace type: %s", opt_arg);
			cfg.type_mask |= t->flag;
			break;
		}
		case 'P':
			cfg.persistent = 1;
			break;
		case 'T':
			if (!opt_arg || !strcmp(opt_arg, "owner"))
				cfg.tree = 'o';
			else if (!strcmp(opt_arg, "parent"))
				cfg.tree = 'p';
			else if (!strcmp(opt_arg, "process"))
				cfg.tree = 'r';
			else
				die("unsupported tree kind: %s (owner, parent "
				    "or process)",
				    opt_arg);
			tree_given = 1;
			break;
		default:
			opt_misuse(&spec, "unexpected option");
		}
	}
	if (list && tree_given)
		die("options --list and --tree are mutually exclusive");
	if (cfg.json && cfg.raw)
		die("options --json and --raw are mutually exclusive");
	if (cfg.persistent && cfg.task)
		die("options --persistent and --task are mutually exclusive");
	set_default_columns();
	if (all)
		for (cfg.ncols = 0; cfg.ncols < C_COUNT; cfg.ncols++)
			cfg.cols[cfg.ncols] = cfg.ncols;
	else if (output)
		parse_columns(output);
	if (list || cfg.json || cfg.raw)
		cfg.tree = 0;
	if (opt_ind < argc) {
		if (opt_ind + 1 < argc)
			opt_misuse(&spec, "too many arguments");
		if (parse_ulong(argv[opt_ind], ULONG_MAX, &v) < 0 || v == 0)
			die("invalid namespace argument: '%s'", argv[opt_ind]);
		cfg.nsid = v;
		if (cfg.task)
			die("options --task and NSID are mutually exclusive");
	}
}

/* Whether the filter keeps e's row; the filter's columns are computed
 * for it whether shown or not. */
static int
filter_keeps(const struct nsent *e)
{
	char *values[C_COUNT] = { NULL }, err[128];
	int keep;

	for (int c = 0; c < C_COUNT; c++)
		if (filter_columns(cfg.filter) >> c & 1)
			values[c] = cell(e, c);
	keep = filter_match(cfg.filter, values, err, sizeof(err));
	for (int c = 0; c < C_COUNT; c++)
		free(values[c]);
	if (keep < 0)
		die("failed to apply filter: %s", err);
	return keep;
}

/* Which entries show: types, -p, -P, then -Q as lsns applies it (a
 * filtered-out namespace's children stay, as roots of the tree). */
static void
select_rows(void)
{
	unsigned long task_ns[NS_TYPE_COUNT] = { 0 };

	if (cfg.task) {
		char path[64];
		struct stat st;

		format(path, sizeof(path), "/proc/%d", (int)cfg.task);
		if (stat(path, &st) < 0)
			die("no such process: %d", (int)cfg.task);
		procscan_ns_of(cfg.task, task_ns);
	}
	nodes = xrealloc(NULL, (size_t)ns_table.n * sizeof(*nodes) + 1);
	for (int i = 0; i < ns_table.n; i++) {
		const struct nsent *e = &ns_table.ns[i];
		int ti = (int)(e->type - ns_types);

		nodes[i] = (struct node){ 1, -1, -1, -1 };
		if (cfg.type_mask && !(cfg.type_mask & e->type->flag))
			nodes[i].shown = 0;
		if (cfg.persistent && e->nprocs)
			nodes[i].shown = 0;
		if (cfg.task && task_ns[ti] != e->ino)
			nodes[i].shown = 0;
		if (nodes[i].shown && cfg.filter && !filter_keeps(e))
			nodes[i].shown = 0;
	}
}

static void
build_rows(void)
{
	int *order = malloc((size_t)ns_table.n * sizeof(int) + 1);
	int n = 0;

	if (!order)
		die("out of memory");
	for (int i = 0; i < ns_table.n; i++)
		if (nodes[i].shown)
			order[n++] = i;
	sort_by_ino(order, n);
	/* A row for each shown namespace, in any view. */
	rows = xrealloc(NULL, (size_t)n * sizeof(*rows) + 1);
	if (!cfg.tree) {
		for (int i = 0; i < n; i++)
			add_row(&ns_table.ns[order[i]], "");
		free(order);
		return;
	}
	/* Children in inode order: link them back to front. */
	for (int i = n - 1; i >= 0; i--) {
		int p = tree_parent(&ns_table.ns[order[i]]);

		nodes[order[i]].parent = p;
		if (p >= 0) {
			nodes[order[i]].next_sibling = nodes[p].first_child;
			nodes[p].first_child = order[i];
		}
	}
	for (int i = 0; i < n; i++) {
		char indent[512] = "";

		if (nodes[order[i]].parent < 0)
			add_tree_rows(order[i], indent, 1, 0);
	}
	free(order);
}

int
ns_ls_main(int argc, char **argv)
{
	parse_options(argc, argv);
	if (cfg.list_columns) {
		list_columns();
		return 0;
	}
	discover();
	if (cfg.nsid) {
		struct nsent *e = procscan_find(cfg.nsid);

		if (!e)
			die("not found namespace: %lu", cfg.nsid);
		list_processes_in(e);
		return 0;
	}
	select_rows();
	build_rows();
	if (cfg.json)
		print_json();
	else if (cfg.raw)
		print_raw();
	else
		print_table();
	return 0;
}
