/* user.h - user and group names to ids, read from /etc only when a name
 * is given (no NSS: the static binary must behave like the dynamic one). */
#ifndef NSBOX_USER_H
#define NSBOX_USER_H

#include <sys/types.h>

/* A number, or a name from /etc/passwd (/etc/group). 0 ok, -1 not found. */
int user_to_uid(const char *spec, uid_t *uid);
int group_to_gid(const char *spec, gid_t *gid);
/* The login name of uid into buf, or -1 when /etc/passwd has none. */
int uid_to_name(uid_t uid, char *buf, size_t size);

#endif
