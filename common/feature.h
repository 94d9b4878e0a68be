/* feature.h - what a build may leave out, for the smallest images:
 * make WITHOUT="help pins subids pty", BusyBox's feature switches.
 * Each HAVE_X is a constant, not an #ifdef: code under `if (HAVE_X)` is
 * compiled and checked in every build, and in a build without X the
 * compiler drops it, and --gc-sections what only it called. */
#ifndef NSBOX_FEATURE_H
#define NSBOX_FEATURE_H

#ifdef NSBOX_WITHOUT_HELP /* help texts beyond the usage line, hints */
#define HAVE_HELP 0
#else
#define HAVE_HELP 1
#endif
#ifdef NSBOX_WITHOUT_PINS /* ns-unshare --TYPE=FILE */
#define HAVE_PINS 0
#else
#define HAVE_PINS 1
#endif
#ifdef NSBOX_WITHOUT_SUBIDS /* /etc/subuid blocks, newuidmap/newgidmap */
#define HAVE_SUBIDS 0
#else
#define HAVE_SUBIDS 1
#endif
#ifdef NSBOX_WITHOUT_PTY /* ns-exec --pty */
#define HAVE_PTY 0
#else
#define HAVE_PTY 1
#endif

/* What FMT names (an option, as the user gave it) needs FEATURE, which
 * this build left out: one line and the applet's failure status, before
 * anything is done. (die(): the file using this includes die.h.) */
#define feature_absent(feature, fmt, ...)                                      \
	die(fmt ": left out of this build (WITHOUT=" feature ")", ##__VA_ARGS__)

/* An applet's help text after its usage line: in a build without help,
 * where to read it instead. */
#if HAVE_HELP
#define HELP_TEXT(text) text
#else
#define HELP_TEXT(text) "(no help text in this build: see the manual)\n"
#endif

#endif
