/* child.h - running the command: exec, fork and wait, passing the exit
 * status through, forwarding signals, and learning whether exec happened. */
#ifndef NSBOX_CHILD_H
#define NSBOX_CHILD_H

#include <signal.h>
#include <sys/types.h>

/* Signals a forking applet passes on to its command by default. */
extern const int forwarded_signals[];
extern const int forwarded_signal_count;

/* execvp the command (argv[0] NULL: $SHELL, else /bin/sh). On failure:
 * 127 if not found, 126 otherwise, with a message. */
void exec_command(char **argv) __attribute__((noreturn));
/* Set: a failed exec is the applet's own failure, worded as execvp's
 * (bwrap: "execvp CMD: ERROR", status 1). */
extern int exec_fail_own;
/* Set: the command's argv[0], the file still found by its own name. */
extern const char *exec_argv0;
/* Set: called in the command's process just before exec (bwrap's
 * seccomp programs). */
extern void (*exec_last_step)(void);

/* How fork_forwarding() starts the child that runs the command. */
struct fork_how {
	int forward;	      /* pass the forwarded signals on to it */
	int death_signal;     /* it gets this when we die (0: none) */
	pid_t (*start)(void); /* makes the child, like fork (NULL: fork) */
};
/* Start the child with the caller's signal mask (returned in mask, for
 * a reaper) and, when asked, forwarding and a parent-death signal that
 * cannot miss our death before it was set (the child then leaves, 125).
 * Returns like fork(); -1 with errno if the child could not be made. */
pid_t fork_forwarding(const struct fork_how *how, sigset_t *mask);

/* Wait for child; returns its wait status. */
int child_wait(pid_t child);
/* Leave as the child left: its exit code, or the same signal re-raised. */
void exit_like(int status) __attribute__((noreturn));

/* A signal by number, "TERM" or "SIGTERM"; -1 if unknown. */
int signal_from_name(const char *name);

/* The exec report: a close-on-exec pipe that tells the parent whether its
 * child reached exec (EOF) or failed before it (a byte written at exit). */
int execreport_open(void);
void execreport_child(void);  /* in the child, right after fork */
void execreport_forget(void); /* in a process that will not exec */
int execreport_reached(void); /* in the parent: 1 exec'd, 0 failed */

#endif
