/* nsfs.c - the namespace filesystem's link text. */
#include <stdlib.h>
#include <string.h>

#include "common/nsfs.h"

const struct ns_type *
nsfs_parse_link(const char *s, unsigned long *ino)
{
	const char *open = strchr(s, ':');
	char name[16];
	size_t len;

	if (!open || open[1] != '[' ||
	    (len = (size_t)(open - s)) >= sizeof(name))
		return NULL;
	memcpy(name, s, len);
	name[len] = '\0';
	*ino = strtoul(open + 2, NULL, 10);
	return *ino ? ns_by_name(name) : NULL;
}
