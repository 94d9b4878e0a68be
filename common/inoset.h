/* inoset.h - sets and indexes keyed by inode number: a namespace is
 * named by its nsfs inode, and a scan of /proc meets thousands. */
#ifndef NSBOX_INOSET_H
#define NSBOX_INOSET_H

/* Where an inode's search starts in an open-addressing table of size
 * slots (a power of two); each probe goes one on. */
static inline int
ino_slot(unsigned long ino, int size)
{
	return (int)((ino * 2654435761UL) & (unsigned long)(size - 1));
}

/* Grows as it fills; all zero is empty. */
struct inoset {
	unsigned long *ino;
	int n, size;
};

/* 1 if ino was new to the set (it is in it now), 0 if it was there. */
int inoset_add(struct inoset *s, unsigned long ino);
void inoset_free(struct inoset *s);

#endif
