/* json.c - JSON string escaping for every -J/--json output. */
#include "common/json.h"
#include "common/out.h"

void
json_string(const char *s)
{
	out_char('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			out_char('\\');
			out_char((char)c);
		} else if (c == '\n') {
			/* As libsmartcols writes a multi-line cell. */
			out_str("\\n");
		} else if (c < 0x20) {
			out_fmt("\\u%04x", c);
		} else {
			out_char((char)c);
		}
	}
	out_char('"');
}
