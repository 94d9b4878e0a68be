/* xalloc.c - allocation that dies on failure. */
#include <stdlib.h>
#include <string.h>

#include "common/die.h"
#include "common/xalloc.h"

void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

void
xappend(char **list, const char *item)
{
	size_t old = *list ? strlen(*list) : 0, len = strlen(item);

	*list = xrealloc(*list, old + len + 2);
	if (old)
		(*list)[old++] = ',';
	memcpy(*list + old, item, len + 1);
}
