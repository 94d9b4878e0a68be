/* pin.h - keeping namespaces alive by bind-mounting their nsfs files. */
#ifndef NSBOX_PIN_H
#define NSBOX_PIN_H

#include <sys/types.h>

#include "common/helper.h"
#include "common/ns.h"

struct pin {
	const struct ns_type *type;
	char path[4096];
	int children;	 /* bind pid_for_children / time_for_children */
	const char *src; /* an nsfs file to bind instead of /proc/PID/ns */
	int created;	 /* we made the file, so we remove it on undo */
	int in_run_dir;	 /* a netns name: the file is in netns_run_dir();
			  * -1: a name that is none, refused when made */
	int bound;
};

struct pinset {
	struct pin pin[16];
	int n;
	int made_run_dir; /* removed on undo too, if left empty */
	pid_t source;	  /* whose /proc/PID/ns files are bound */
	pid_t owner;	  /* the process whose exit undoes the pins */
	int committed;
	struct helper helper; /* binds from the old namespaces, if used */
};

/* Resolve a pin argument: a name without '/' for a network namespace lives
 * in the netns run directory ($NETNS_RUN_DIR, /run/netns). */
int pin_add(struct pinset *set, const struct ns_type *type, const char *arg,
    int children);
/* A pin onto exactly path (no name lookup). */
int pin_add_path(struct pinset *set, const struct ns_type *type,
    const char *path, int children);
/* Check and create every target file. With a helper, binding is done by a
 * process forked now, which stays in the current namespaces (needed when
 * the caller is about to leave its mount or user namespace). */
int pinset_prepare(struct pinset *set, pid_t source, int use_helper);
int pinset_bind(struct pinset *set);
/* Undo binds and remove files we created; reports what it cannot undo. */
void pinset_undo(struct pinset *set);
/* Keep the pins: they outlive us now. */
void pinset_keep(struct pinset *set);
/* Mount point of the shared mount that holds path, or NULL. */
const char *pin_shared_mount(const char *path, char *buf, size_t size);

#endif
