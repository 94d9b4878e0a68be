/* applets.h - the one list of applets. The dispatch table, `nsbox --list`,
 * install.sh and the tests all read it; keep one entry per line.
 *
 *   APPLET(function, "name", KIND)          an applet and its man page
 *   LINK(function, "name", KIND, INSTALL)   another name for it
 *
 * KIND is CHAIN (runs a command: fails with 125) or REPORT (fails with 1).
 * INSTALL is DEFAULT (always installed) or COMPAT (install.sh --compat). */
APPLET(ns_unshare_main, "ns-unshare", CHAIN)
LINK(ns_unshare_main, "unshare", CHAIN, COMPAT)
APPLET(ns_exec_main, "ns-exec", CHAIN)
LINK(ns_exec_main, "ns-setns", CHAIN, DEFAULT)
LINK(ns_exec_main, "nsenter", CHAIN, COMPAT)
APPLET(ns_ls_main, "ns-ls", REPORT)
LINK(ns_ls_main, "lsns", REPORT, COMPAT)
APPLET(ns_pin_main, "ns-pin", REPORT)
APPLET(ns_netns_main, "ns-netns", REPORT)
APPLET(ns_clone_main, "ns-clone", CHAIN)
LINK(ns_clone_main, "bwrap", REPORT, COMPAT)
