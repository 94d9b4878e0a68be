/* helper.h - a helper process forked before unshare(2), so it stays in
 * the caller's namespaces and keeps the caller's privilege there. The
 * parent sends it one-byte requests and reads back one-byte answers. */
#ifndef NSBOX_HELPER_H
#define NSBOX_HELPER_H

#include <sys/types.h>

/* fn(arg, request) runs in the helper for each request byte and returns 0
 * or -1; request 0 means the parent closed the pipe (it is done or died). */
typedef int (*helper_fn)(void *arg, char request);

struct helper {
	pid_t pid;
	int to, from;
};

int helper_start(struct helper *h, helper_fn fn, void *arg);
/* Send one request; 0 if fn returned 0 in the helper, else -1. */
int helper_call(struct helper *h, char request);
/* Close the pipe (fn gets request 0) and reap the helper. */
void helper_end(struct helper *h);

#endif
