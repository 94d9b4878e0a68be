/* helper.c - request/answer helper processes over two pipes. */
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/helper.h"
#include "common/sync.h"

static _Noreturn void
helper_loop(int from_parent, int to_parent, helper_fn fn, void *arg)
{
	char request, answer;

	while (sync_read(from_parent, &request) == 1) {
		answer = fn(arg, request) == 0 ? 0 : 1;
		if (write(to_parent, &answer, 1) != 1)
			break;
	}
	fn(arg, 0);
	/* _exit: the parent's atexit handlers are not ours to run. */
	_exit(0);
}

int
helper_start(struct helper *h, helper_fn fn, void *arg)
{
	int down[2], up[2];

	if (pipe2(down, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(up, O_CLOEXEC) < 0) {
		close(down[0]);
		close(down[1]);
		return -1;
	}
	h->pid = _Fork();
	if (h->pid < 0) {
		int err = errno;

		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		errno = err;
		return -1;
	}
	if (h->pid == 0) {
		close(down[1]);
		close(up[0]);
		helper_loop(down[0], up[1], fn, arg);
	}
	close(down[0]);
	close(up[1]);
	h->to = down[1];
	h->from = up[0];
	return 0;
}

int
helper_call(struct helper *h, char request)
{
	char answer;

	if (write(h->to, &request, 1) != 1)
		return -1;
	if (sync_read(h->from, &answer) != 1)
		return -1;
	return answer == 0 ? 0 : -1;
}

void
helper_end(struct helper *h)
{
	int status;

	if (h->pid <= 0)
		return;
	close(h->to);
	close(h->from);
	while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
		;
	h->pid = 0;
}
