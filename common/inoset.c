/* inoset.c - a growing set of inode numbers. */
#include <stdlib.h>

#include "common/die.h"
#include "common/inoset.h"

int
inoset_add(struct inoset *s, unsigned long ino)
{
	int slot;

	if ((s->n + 1) * 2 > s->size) {
		unsigned long *old = s->ino;
		int old_size = s->size;

		s->size = s->size ? s->size * 2 : 1024;
		s->ino = calloc((size_t)s->size, sizeof(*s->ino));
		if (!s->ino)
			die("out of memory");
		s->n = 0;
		for (int i = 0; i < old_size; i++)
			if (old[i])
				inoset_add(s, old[i]);
		free(old);
	}
	slot = ino_slot(ino, s->size);
	for (; s->ino[slot]; slot = (slot + 1) & (s->size - 1))
		if (s->ino[slot] == ino)
			return 0;
	s->ino[slot] = ino;
	s->n++;
	return 1;
}

void
inoset_free(struct inoset *s)
{
	free(s->ino);
	*s = (struct inoset){ 0 };
}
