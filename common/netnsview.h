/* netnsview.h - the mounts ip netns exec gives a command, for a process
 * that has just entered the network namespace NAME and a new mount
 * namespace of its own. */
#ifndef NSBOX_NETNSVIEW_H
#define NSBOX_NETNSVIEW_H

/* / becomes a slave mount (so mounts made outside later still show); a
 * sysfs of this network namespace replaces /sys, with the mounts that
 * sat on the old one put back (ip netns exec loses them); each file in
 * $NETNS_ETC_DIR/NAME (/etc/netns/NAME) is bound over its namesake in
 * /etc. Dies if / cannot be made a slave or the new /sys cannot be
 * put in place once the old one is gone; a sysfs we may not make leaves
 * /sys as it was. */
void netns_mount_view(const char *name);

#endif
