/* applet.h - the entry point of every applet, declared from the one list. */
#ifndef NSBOX_APPLET_H
#define NSBOX_APPLET_H

#define APPLET(fn, name, kind) int fn(int argc, char **argv);
#define LINK(fn, name, kind, install)
#include "common/applets.h"
#undef APPLET
#undef LINK

#endif
