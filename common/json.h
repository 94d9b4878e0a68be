/* json.h - writing JSON strings. */
#ifndef NSBOX_JSON_H
#define NSBOX_JSON_H

#include <stdio.h>

/* s as a JSON string, quotes included: '"', '\' and control characters
 * escaped; other bytes (UTF-8 included) as they are. */
void json_string(FILE *out, const char *s);

#endif
