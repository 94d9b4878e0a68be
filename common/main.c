/* main.c - the dispatcher: argv[0]'s basename names the applet;
 * `nsbox APPLET ARGS...` shifts and retries. Nothing is guessed. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/die.h"
#include "common/format.h"
#include "common/out.h"

enum { CHAIN, REPORT };
enum { DEFAULT, COMPAT };

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	unsigned char kind;
	unsigned char install; /* DEFAULT names are listed by --list */
};

static const struct applet applets[] = {
#define APPLET(fn, name, kind)	      { name, fn, kind, DEFAULT },
#define LINK(fn, name, kind, install) { name, fn, kind, install },
#ifdef NSBOX_APPLETS_BUILT
/* make APPLETS=...: the one list's lines for the applets chosen; those
 * left out are not linked, and none of their names dispatches. */
#include NSBOX_APPLETS_BUILT
#else
#include "common/applets.h"
#endif
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
		if (applets[i].install == DEFAULT)
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

/* BusyBox's rule for busybox*: any name that begins with "nsbox" is the
 * dispatcher (nsbox-static, nsbox-aarch64, a versioned copy). */
static int
is_dispatcher(const char *name)
{
	return !strncmp(name, "nsbox", 5);
}

/* A name that is no applet (argv[0] "/proc/self/exe", or an fexecve'd
 * copy): the file name of the executable itself, if that is one. */
static const struct applet *
find_by_exe(const char **name)
{
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const struct applet *applet;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	applet = find_applet(base_name(exe));
	if (applet)
		*name = applet->name;
	return applet;
}

/* nsbox --install [-s] [--compat] DIR: a link to this binary for each
 * applet name in DIR, hard or symbolic (-s), for an image that has no
 * install script. An entry that is there already is left alone (one
 * that is not us makes the status 1); any other failure stops it. */
static int
install_links(int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX];
	struct stat ours, there;
	int symbolic = 0, compat = 0, status = 0, i = 2;
	ssize_t n;

	for (; i < argc - 1 && argv[i][0] == '-'; i++)
		if (!strcmp(argv[i], "-s"))
			symbolic = 1;
		else if (!strcmp(argv[i], "--compat"))
			compat = 1;
		else
			break;
	if (i != argc - 1 || argv[i][0] == '-')
		die("usage: nsbox --install [-s] [--compat] DIR");
	if (stat(argv[i], &there) < 0 || !S_ISDIR(there.st_mode))
		die("--install: %s is not a directory", argv[i]);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0 || stat("/proc/self/exe", &ours) < 0)
		die_errno("cannot find this binary (/proc/self/exe)");
	self[n] = '\0';
	for (size_t a = 0; a < sizeof(applets) / sizeof(applets[0]); a++) {
		if (applets[a].install == COMPAT && !compat)
			continue;
		format(path, sizeof(path), "%s/%s", argv[i], applets[a].name);
		if ((symbolic ? symlink(self, path) : link(self, path)) == 0)
			continue;
		if (errno == EEXIST && stat(path, &there) == 0 &&
		    there.st_dev == ours.st_dev && there.st_ino == ours.st_ino)
			continue;
		warn_errno("cannot link %s", path);
		status = 1;
		if (errno == EEXIST)
			continue;
		/* The rest would fail alike (EXDEV, EACCES, EROFS). */
		if (errno == EXDEV)
			hint("a hard link cannot cross file systems: -s makes "
			     "symbolic links");
		break;
	}
	return status;
}

/* Refuse privilege given by the executable (set-uid, set-gid or file
 * capabilities: the kernel says AT_SECURE): none of the applets is
 * written to be safe with an environment and arguments chosen by a less
 * privileged user. */
static void
refuse_setid(void)
{
	if (getauxval(AT_SECURE) || getuid() != geteuid() ||
	    getgid() != getegid())
		die("refusing to run with privileges from the executable "
		    "(set-uid, set-gid or file capabilities)");
}

int
main(int argc, char **argv)
{
	const struct applet *applet;
	int status;
	const char *name = argc > 0 ? base_name(argv[0]) : "nsbox";

	if (is_dispatcher(name)) {
		applet_name = "nsbox";
		applet_fail_status = EXIT_REPORT_FAIL;
		if (argc < 2 || !strcmp(argv[1], "--list"))
			return list_applets();
		if (!strcmp(argv[1], "--install"))
			return install_links(argc, argv);
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			out_str(
			    "Usage: nsbox APPLET [ARG]...\n"
			    "       nsbox --list\n"
			    "       nsbox --install [-s] [--compat] DIR\n\n"
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
	if (!applet)
		applet = find_by_exe(&name);
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
