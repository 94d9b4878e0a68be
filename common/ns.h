/* ns.h - the one table of namespace types every applet iterates. */
#ifndef NSBOX_NS_H
#define NSBOX_NS_H

struct ns_type {
	const char *name;     /* as lsns prints it: "mnt", "net", ... */
	const char *proc;     /* entry in /proc/PID/ns/ */
	const char *children; /* the *_for_children entry, or NULL */
	const char *longopt;  /* "mount", "net", ... */
	int flag;	      /* CLONE_NEW* */
	char opt;	      /* 'm', 'n', ... */
};

/* In the order namespaces are entered: user first (see ns-exec), mnt last
 * but one so paths given for the others resolve in the caller's view. */
extern const struct ns_type ns_types[];
extern const int ns_type_count;
/* Sizes arrays indexed like ns_types[]; ns.c checks it against the table,
 * so a ninth type cannot overflow them unnoticed. */
#define NS_TYPE_COUNT 8

const struct ns_type *ns_by_opt(int opt);
const struct ns_type *ns_by_flag(int flag);
const struct ns_type *ns_by_name(const char *name);
/* CLONE_NEW* flags of every type this kernel offers (/proc/self/ns). */
int ns_all_flags(void);
/* "net", or "mnt,net" for a mask, into buf. */
const char *ns_flags_str(int flags, char *buf, unsigned long size);

#define NS_FOREACH(t)                                                          \
	for (const struct ns_type *t = ns_types; t < ns_types + ns_type_count; \
	     t++)

#endif
