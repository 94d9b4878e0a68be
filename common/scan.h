/* scan.h - reading text: decimal numbers as strtoull(3) reads them,
 * without musl's general number scanner (2.5 KB), and strings within
 * strings as strstr(3) finds them, without its two-way search (1.2 KB):
 * what nsbox reads is a line at a time. */
#ifndef NSBOX_SCAN_H
#define NSBOX_SCAN_H

/* The decimal number at the start of s, after blanks (no sign); *end,
 * unless end is NULL, just after it, or at s when there is none. Too
 * big: ULLONG_MAX and errno ERANGE, as strtoull. */
unsigned long long scan_ull(const char *s, char **end);

/* The first needle in haystack, or NULL. */
char *scan_str(const char *haystack, const char *needle);
#endif
