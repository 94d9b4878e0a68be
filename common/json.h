/* json.h - writing JSON strings. */
#ifndef NSBOX_JSON_H
#define NSBOX_JSON_H

/* s as a JSON string on standard output (common/out), quotes included:
 * '"', '\' and control characters escaped; other bytes (UTF-8 included)
 * as they are. */
void json_string(const char *s);

#endif
