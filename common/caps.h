/* caps.h - capability sets across exec. */
#ifndef NSBOX_CAPS_H
#define NSBOX_CAPS_H

/* Make every permitted capability inheritable and ambient, so the command
 * keeps them across exec even though it is not uid 0 (--keep-caps). */
int caps_keep_ambient(void);

#endif
