/* ns-ls - list namespaces and what holds them: util-linux lsns, plus
 * threads, fds, sockets, bind mounts in every mount namespace and
 * ancestors, in one pass over /proc. */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/die.h"
#include "common/filter.h"
#include "common/format.h"
#include "common/inoset.h"
#include "common/json.h"
#include "common/lines.h"
#include "common/ns.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/procscan.h"
#include "common/scan.h"
#include "common/table.h"
#include "common/user.h"
#include "common/xalloc.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-ls [OPTION]... [NSID]\n"
HELP_TEXT(
"List the namespaces of the system and what holds each of them: processes,\n"
"threads, open files, sockets, bind mounts (in every mount namespace) and\n"
"child namespaces. With NSID (an inode), a line for each process in it.\n"
"\n"
"  -J, --json\tJSON output ({\"namespaces\":[...]})\n"
"  -l, --list\ta flat list, no tree\n"
"  -r, --raw\traw output: one space between columns\n"
"  -n, --noheadings\tno header line\n"
"  -u, --notruncate\tdo not truncate the last column\n"
"  -W, --nowrap\tNSFS paths joined by ',', not one a line\n"
"  -o, --output LIST\tcolumns to show; +LIST adds to the default\n"
"      --output-all\tevery column\n"
"  -Q, --filter EXPR\tonly rows EXPR is true of, e.g. 'NPROCS > 1 &&\n"
"\tCOMMAND =~ \"^sleep\"' (any column; see ns-ls(1))\n"
"  -H, --list-columns\tthe columns, their JSON types and meanings\n"
"  -p, --task PID\tonly the namespaces of process PID\n"
"  -t, --type TYPE\tonly namespaces of TYPE (mnt uts ipc net pid\n"
"\tuser cgroup time); repeatable\n"
"  -P, --persistent\tonly namespaces no process is in\n"
"  -T, --tree[=KIND]\ttree by owner (default), parent or process\n"
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Default columns: NS,TYPE,NPROCS,PID,USER,COMMAND (with only -t net also\n"
"NETNSID,NSFS). Exit status: 0 success, 1 failure.\n");

enum { OPT_OUTPUT_ALL = 256 };

static const struct opt_long longopts[] = {
	{ "json", no_argument, 'J' },
	{ "list", no_argument, 'l' },
	{ "raw", no_argument, 'r' },
	{ "noheadings", no_argument, 'n' },
	{ "notruncate", no_argument, 'u' },
	{ "nowrap", no_argument, 'W' },
	{ "output", required_argument, 'o' },
	{ "output-all", no_argument, OPT_OUTPUT_ALL },
	{ "list-columns", no_argument, 'H' },
	{ "filter", required_argument, 'Q' },
	{ "task", required_argument, 'p' },
	{ "type", required_argument, 't' },
	{ "persistent", no_argument, 'P' },
	{ "tree", optional_argument, 'T' },
	OPT_HELP_VERSION
};

enum col {
	C_NS, C_TYPE, C_PATH, C_NPROCS, C_PID, C_PPID, C_COMMAND, C_UID,
	C_USER, C_NETNSID, C_NSFS, C_PNS, C_ONS, C_HOLDERS, C_UIDMAP,
	C_GIDMAP, C_ID, C_COUNT
};

/* As lsns shows them: JSON type, alignment, width hint. */
static const struct table_col columns[C_COUNT] = {
	[C_NS]      = { "NS", TABLE_NUM, 1, 10, "namespace identifier (inode number)" },
	[C_TYPE]    = { "TYPE", TABLE_STR, 0, 5, "kind of namespace" },
	[C_PATH]    = { "PATH", TABLE_STR, 0, 0, "path to the namespace" },
	[C_NPROCS]  = { "NPROCS", TABLE_NUM, 1, 5, "number of processes in the namespace" },
	[C_PID]     = { "PID", TABLE_NUM, 1, 5, "lowest PID in the namespace" },
	[C_PPID]    = { "PPID", TABLE_NUM, 1, 5, "PPID of the PID" },
	[C_COMMAND] = { "COMMAND", TABLE_STR, 0, 0, "command line of the PID" },
	[C_UID]     = { "UID", TABLE_NUM, 1, 0, "UID of the PID" },
	[C_USER]    = { "USER", TABLE_STR, 0, 0, "username of the PID" },
	[C_NETNSID] = { "NETNSID", TABLE_STR, 1, 0, "namespace ID as used by network subsystem" },
	[C_NSFS]    = { "NSFS", TABLE_STR, 0, 0, "nsfs mountpoint (usually used network subsystem)" },
	[C_PNS]     = { "PNS", TABLE_NUM, 1, 10, "parent namespace identifier (inode number)" },
	[C_ONS]     = { "ONS", TABLE_NUM, 1, 10, "owner namespace identifier (inode number)" },
	[C_HOLDERS] = { "HOLDERS", TABLE_STR, 0, 0, "what holds it: proc:N,task:N,children:N,fd:N,sock:N,mount:PATH,ns:INODE" },
	[C_UIDMAP]  = { "UIDMAP", TABLE_STR, 0, 0, "uid_map of a user namespace, lines joined by ','" },
	[C_GIDMAP]  = { "GIDMAP", TABLE_STR, 0, 0, "gid_map of a user namespace, lines joined by ','" },
	[C_ID]      = { "ID", TABLE_NUM, 1, 0, "64-bit namespace id (Linux 6.18 and later)" },
};
/* clang-format on */

static const struct opt_spec spec = { help, "Jlrnuo:HQ:p:t:PT::W", longopts,
	OPT_NS_NONE };

/* Where each namespace sits in the output, indexed like ns_table.ns:
 * listed (of a type asked for), shown (and passes -p, -P), its row. */
struct node {
	int listed, shown, row;
};
static struct node *nodes;

static struct {
	int json, raw, nowrap, list_columns;
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
			v[k] = (unsigned long)scan_ull(p, &p);
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
	case C_NSFS: {
		/* One path a line, as lsns; joined by ',' when not wrapped. */
		char *paths = e->own_mounts ? xstrdup(e->own_mounts) : NULL;

		for (char *s = paths; cfg.nowrap && s && (s = strchr(s, '\n'));)
			*s = ',';
		return paths;
	}
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

/* --- rows and the tree ------------------------------------------------ */

static struct table table = {
	.defs = columns, .cols = cfg.cols, .name = "namespaces"
};

/* A row for e under row parent (-1: none), after its siblings: lsns
 * keeps the order in which lines were added. */
static int
add_row(const struct nsent *e, int parent)
{
	int row = table_add_row(&table, parent);

	for (int c = 0; c < cfg.ncols; c++)
		table.rows[row].cells[c] = cell(e, cfg.cols[c]);
	return row;
}

/* The last row added for each PID: a process tree's line goes under
 * the line of its process's parent, if that process has one so far. */
static struct {
	pid_t pid;
	int row;
} * pid_rows;
static int pid_rows_size;

static int
row_of_pid(pid_t pid, int set)
{
	int slot = ino_slot((unsigned long)pid, pid_rows_size);

	while (pid_rows[slot].pid && pid_rows[slot].pid != pid)
		slot = (slot + 1) & (pid_rows_size - 1);
	if (set >= 0)
		pid_rows[slot].pid = pid, pid_rows[slot].row = set;
	return pid_rows[slot].pid ? pid_rows[slot].row : -1;
}

/* e's row in a process tree: under the last row of its PID's parent. */
static int
add_process_row(const struct nsent *e)
{
	int row = add_row(
	    e, cfg.tree == 'r' && e->proc ? row_of_pid(e->proc->ppid, -1) : -1);

	if (e->pid)
		row_of_pid(e->pid, row);
	return row;
}

static void
alloc_rows(int n)
{
	table.ncols = cfg.ncols;
	table_alloc(&table, n);
	for (pid_rows_size = 16; pid_rows_size < 2 * n + 2;)
		pid_rows_size *= 2;
	pid_rows = calloc((size_t)pid_rows_size, sizeof(*pid_rows));
	if (!pid_rows)
		die("out of memory");
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

/* A row for each process in e, in PID order, each under its parent's
 * row when that is in e too. (lsns would also put a parent with a
 * higher PID first, a case left as it comes.) */
static void
list_processes_in(const struct nsent *e)
{
	struct procs found = { NULL, 0 };

	if (procscan_in_ns(e->type, e->ino, 0, add_proc, &found) < 0)
		die_errno("cannot read /proc");
	alloc_rows(found.n);
	for (int i = 0; i < found.n; i++) {
		struct nsent line = *e;

		line.pid = found.p[i]->pid;
		line.proc = found.p[i];
		add_process_row(&line);
	}
}

/* --- options ------------------------------------------------------------ */

static void
set_default_columns(void)
{
	static const int defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID, C_USER,
		C_COMMAND };
	static const int net_defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID,
		C_USER, C_NETNSID, C_NSFS, C_COMMAND };
	static const int process_defaults[] = { C_PID, C_PPID, C_USER,
		C_COMMAND };
	const int *cols = defaults;
	int n = 6;

	/* With NSID, its processes; -o replaces these as it does the
	 * namespace columns. */
	if (cfg.nsid) {
		cols = process_defaults;
		n = 4;
	} else if (cfg.type_mask == CLONE_NEWNET) {
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
		if (columns[c].json == TABLE_NUM)
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
		    columns[c].json == TABLE_NUM ? "<integer>" : "<string>";

		if (cfg.json) {
			out_fmt("%s         \"holder\": \"%s\",\n         "
				"\"type\": \"%s\",\n         \"description\": ",
			    c ? ",{\n" : "\n      {\n", columns[c].name, type);
			json_string(columns[c].help);
			out_str("\n      }");
		} else if (cfg.raw) {
			out_fmt("%s %s ", columns[c].name, type);
			table_raw_string(columns[c].help);
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
	const char *nsid = NULL;
	int all = 0, list = 0, tree_given = 0, c, before;

	cfg.tree = 'r';
	for (;;) {
		before = opt_ind ? opt_ind : 1;
		if ((c = opt_next(argc, argv, &spec)) == -1) {
			/* Options may follow the NSID, as lsns permutes them:
			 * there is no command whose flags they could be. "--"
			 * (opt_ind moved past it) still ends them. */
			if (opt_ind != before || opt_ind >= argc)
				break;
			if (nsid)
				opt_misuse(&spec, "too many arguments");
			nsid = argv[opt_ind++];
			continue;
		}
		switch (c) {
		case 'J':
			cfg.json = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'r':
			cfg.raw = cfg.nowrap = 1;
			break;
		case 'n':
			table.noheadings = 1;
			break;
		case 'u':
			table.notruncate = 1;
			break;
		case 'W':
			cfg.nowrap = 1;
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
	if (opt_ind < argc && !nsid)
		nsid = argv[opt_ind++];
	if (opt_ind < argc)
		opt_misuse(&spec, "too many arguments");
	if (nsid) {
		if (parse_ulong(nsid, ULONG_MAX, &v) < 0 || v == 0)
			die("invalid namespace argument: '%s'", nsid);
		cfg.nsid = v;
		if (cfg.task)
			die("options --task and NSID are mutually exclusive");
	}
	set_default_columns();
	if (all)
		for (cfg.ncols = 0; cfg.ncols < C_COUNT; cfg.ncols++)
			cfg.cols[cfg.ncols] = cfg.ncols;
	else if (output)
		parse_columns(output);
	/* lsns draws no process tree by default for --output-all, unless
	 * listing an NSID's processes. */
	if (list || (all && !tree_given && !cfg.nsid))
		cfg.tree = 0;
	/* The tree is drawn in COMMAND for the process tree, in NS for the
	 * others, as lsns does; not at all when that column is not shown. */
	table.tree = -1;
	for (int i = 0; cfg.tree && i < cfg.ncols; i++)
		if (cfg.cols[i] == (cfg.tree == 'r' ? C_COMMAND : C_NS))
			table.tree = i;
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

		nodes[i] = (struct node){ 1, 1, -1 };
		if (cfg.type_mask && !(cfg.type_mask & e->type->flag))
			nodes[i].listed = nodes[i].shown = 0;
		if (cfg.persistent && e->nprocs)
			nodes[i].shown = 0;
		if (cfg.task && task_ns[ti] != e->ino)
			nodes[i].shown = 0;
		/* -Q applies to every line, an owner's added first too. */
		if (nodes[i].listed && cfg.filter && !filter_keeps(e))
			nodes[i].listed = nodes[i].shown = 0;
	}
}

/* The listed namespace ino names, -1 if none. */
static int
listed(unsigned long ino)
{
	const struct nsent *p = ino ? procscan_find(ino) : NULL;

	return p && nodes[p - ns_table.ns].listed ? (int)(p - ns_table.ns) : -1;
}

/* Namespace i's row in an owner or parent tree, as lsns adds it: its
 * parent's row first (for -T parent, else its owner's), even when -p or
 * -P would not show that one, and its own under it. */
static void
add_related_row(int i)
{
	const struct nsent *e = &ns_table.ns[i];
	int parent = cfg.tree == 'p' ? listed(e->pns) : -1;
	int owner = listed(e->ons);
	int up = parent >= 0 ? parent : owner;
	int row;

	if (nodes[i].row != -1)
		return;
	nodes[i].row = -2; /* being added: a cycle stops here */
	if (up >= 0)
		add_related_row(up);
	row = parent >= 0		    ? nodes[parent].row
	    : cfg.tree == 'o' && owner >= 0 ? nodes[owner].row
					    : -1;
	nodes[i].row = add_row(e, row); /* -2: under none */
}

/* The rows in the order lsns adds its lines: by inode, each under its
 * line in the tree (later put in tree order if a tree is drawn). */
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
	alloc_rows(ns_table.n);
	for (int i = 0; i < n; i++)
		if (cfg.tree == 'o' || cfg.tree == 'p')
			add_related_row(order[i]);
		else
			add_process_row(&ns_table.ns[order[i]]);
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

		/* -t with NSID: it must be of one of those types. */
		if (!e || (cfg.type_mask && !(cfg.type_mask & e->type->flag)))
			die("not found namespace: %lu", cfg.nsid);
		list_processes_in(e);
	} else {
		select_rows();
		build_rows();
	}
	table_print(&table,
	    cfg.json	  ? TABLE_JSON
		: cfg.raw ? TABLE_RAW
			  : TABLE_TEXT);
	return 0;
}
