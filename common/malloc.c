/* malloc.c - the static build's allocator.
 *
 * musl's allocator is 8 KiB of a binary whose budget is counted in
 * bytes, tuned for long-lived programs with many threads.  An applet
 * is one short-lived thread: power-of-two blocks kept on one free
 * list per size, carved from mapped chunks, with large blocks mapped
 * and unmapped on their own, do the same job in a few hundred bytes.
 * Only the static build defines NSBOX_OWN_MALLOC; the sanitizer and
 * valgrind builds keep the C library's, whose checks they need.
 */
#ifdef NSBOX_OWN_MALLOC
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Each block starts with its size, padded to keep payloads aligned
 * as malloc's are (16 bytes on 64-bit, 8 or 16 on 32-bit). */
#define HEADER	    16
#define SMALLEST    5  /* 32 bytes: 16 of payload */
#define CHUNK_SHIFT 16 /* small blocks come from 64 KiB chunks */

static void *free_lists[CHUNK_SHIFT];
static char *chunk, *chunk_end;

static void *
map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void *
malloc(size_t n)
{
	size_t *block;
	unsigned shift = SMALLEST;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	while (((size_t)1 << shift) < n + HEADER)
		shift++;
	if (shift >= CHUNK_SHIFT) {
		/* Page-rounded, mapped alone and unmapped by free. */
		n = (n + HEADER + 4095) & ~(size_t)4095;
		block = map(n);
	} else if ((block = free_lists[shift])) {
		free_lists[shift] = *(void **)block;
		n = (size_t)1 << shift;
	} else {
		n = (size_t)1 << shift;
		if ((size_t)(chunk_end - chunk) < n) {
			/* The rest of the old chunk is too small: left. */
			if (!(chunk = map((size_t)1 << CHUNK_SHIFT)))
				return NULL;
			chunk_end = chunk + ((size_t)1 << CHUNK_SHIFT);
		}
		block = (size_t *)chunk;
		chunk += n;
	}
	if (!block)
		return NULL;
	*block = n;
	return (char *)block + HEADER;
}

void
free(void *p)
{
	size_t *block = (size_t *)((char *)p - HEADER);
	unsigned shift = SMALLEST;

	if (!p)
		return;
	if (*block >= (size_t)1 << CHUNK_SHIFT) {
		munmap(block, *block);
		return;
	}
	while (((size_t)1 << shift) < *block)
		shift++;
	*(void **)block = free_lists[shift];
	free_lists[shift] = block;
}

void *
calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(count * size)))
		memset(p, 0, count * size);
	return p;
}

/* musl's atexit() takes its overflow slots from its own early
 * allocator under this name; answering it here keeps that allocator,
 * a second one, out of the binary. */
void *__libc_calloc(size_t, size_t);

void *
__libc_calloc(size_t count, size_t size)
{
	return calloc(count, size);
}

void *
realloc(void *p, size_t n)
{
	size_t have = p ? *(size_t *)((char *)p - HEADER) - HEADER : 0;
	void *q;

	if (p && n <= have)
		return p;
	if ((q = malloc(n)) && p) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}
#endif
