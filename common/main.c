/* main.c - the dispatcher: argv[0]'s basename names the applet;
 * `nsbox APPLET ARGS...` shifts and retries. Nothing is guessed. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/die.h"
#include "common/out.h"

enum { CHAIN, REPORT };
enum { DEFAULT, COMPAT };

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	int kind;
	int listed; /* installed by default, so shown by --list */
};

static const struct applet applets[] = {
#define APPLET(fn, name, kind)	      { name, fn, kind, 1 },
#define LINK(fn, name, kind, install) { name, fn, kind, install == DEFAULT },
#include "common/applets.h"
#undef APPLET
#undef LINK
};

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
list_applets(void)
{
	for (size_t i = 0; i < sizeof(applets) / sizeof(applets[0]); i++)
		if (applets[i].listed)
			out_fmt("%s\n", applets[i].name);
	return out_flush() == 0 ? 0 : 1;
}

static const struct applet *
find_applet(const char *name)
{
	for (size_t i = 0; i < sizeof(applets) / sizeof(applets[0]); i++)
		if (!strcmp(applets[i].name, name))
			return &applets[i];
	return NULL;
}

/* Refuse set-uid/set-gid use: none of the applets is written to be safe
 * with an environment and arguments chosen by a less privileged user. */
static void
refuse_setid(void)
{
	if (getuid() != geteuid() || getgid() != getegid())
		die("refusing to run set-uid or set-gid "
		    "(real and effective ids differ)");
}

int
main(int argc, char **argv)
{
	const struct applet *applet;
	int status;
	const char *name = argc > 0 ? base_name(argv[0]) : "nsbox";

	if (!strcmp(name, "nsbox")) {
		if (argc < 2 || !strcmp(argv[1], "--list"))
			return list_applets();
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			out_str(
			    "Usage: nsbox APPLET [ARG]...\n"
			    "       nsbox --list\n\n"
			    "A suite of Linux namespace tools in one binary. "
			    "Applets:\n\n");
			return list_applets();
		}
		if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
			out_str("nsbox " NSBOX_VERSION "\n");
			return out_flush() == 0 ? 0 : 1;
		}
		argv++;
		argc--;
		name = base_name(argv[0]);
	}
	applet = find_applet(name);
	applet_name = name;
	if (!applet)
		die_status(EXIT_NOT_FOUND, "applet not found");
	applet_fail_status =
	    applet->kind == CHAIN ? EXIT_OWN_FAIL : EXIT_REPORT_FAIL;
	refuse_setid();
	status = applet->main(argc, argv);
	/* What is still buffered goes out now; a reader that has had
	 * enough (EPIPE) is no error. */
	if (out_flush() < 0 && errno != EPIPE && status == 0) {
		warn_errno("write error");
		status = applet_fail_status;
	}
	return status;
}
