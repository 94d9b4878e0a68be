/* proc.c - /proc/PID/stat and cmdline. */
#include <stdlib.h>
#include <string.h>

#include "common/proc.h"
#include "common/scan.h"

int
proc_stat_parse(const char *line, char *comm, size_t size, pid_t *ppid)
{
	const char *open = strchr(line, '('), *close = strrchr(line, ')');
	const char *p;
	size_t len;
	char *end;
	long v;

	if (!open || !close || close < open || !size)
		return -1;
	len = (size_t)(close - open - 1);
	if (len >= size)
		len = size - 1;
	memcpy(comm, open + 1, len);
	comm[len] = '\0';
	/* ") S 1234": a state letter, then the parent's PID. */
	p = close + 1;
	if (p[0] != ' ' || !p[1] || p[2] != ' ')
		return -1;
	v = (long)scan_ull(p + 3, &end);
	if (end == p + 3 || v < 0)
		return -1;
	*ppid = (pid_t)v;
	return 0;
}

long
proc_stat_threads(const char *line)
{
	/* Field 20 is the 18th after COMM, which ends at the last ')'. */
	const char *p = strrchr(line, ')');

	for (int field = 2; p && field < 20; field++)
		p = strchr(p + 1, ' ');
	return p ? (long)scan_ull(p + 1, NULL) : 0;
}

size_t
proc_cmdline_join(char *buf, size_t n)
{
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return n;
}
