/* pty.h - a command on a pseudo-terminal of its own, its bytes relayed
 * to and from ours (ns-exec --pty). */
#ifndef NSBOX_PTY_H
#define NSBOX_PTY_H

/* Fork: the parent relays until the command ends and exits as it did;
 * the child returns in a new session whose controlling terminal is the
 * pseudo-terminal, on its standard input, output and error. */
void pty_start(void);

#endif
