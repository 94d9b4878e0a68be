/* xalloc.h - memory for listers: out of memory ends the run, because
 * a listing with holes in it would look complete. */
#ifndef NSBOX_XALLOC_H
#define NSBOX_XALLOC_H

#include <stddef.h>

void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* item added to the comma-separated list *list (NULL is empty). */
void xappend(char **list, const char *item);

#endif
