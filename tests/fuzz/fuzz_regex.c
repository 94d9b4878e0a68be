/* The linear-time ERE matcher (common/regex.c) against glibc's
 * regcomp/regexec (REG_EXTENDED | REG_NOSUB) in the C locale. The input
 * is a pattern and subjects, separated by NUL bytes. Both must accept
 * and refuse the same patterns, except that ours may refuse what it
 * does not support; where both accept, both must say the same of every
 * subject. Patterns that compile large, or that glibc would take too
 * long over, are skipped. */
#include <regex.h>

#include "common/regex.h"
#include "tests/fuzz/fuzz.h"

/* What makes glibc's regcomp take gigabytes (c++++, (a+)+ nested
 * deep), which lsns refuses for that reason: more than four repetition
 * operators, or two in a row. */
static int
hard_for_glibc(const char *pattern)
{
	int ops = 0;

	for (const char *p = pattern; *p; p++)
		if (strchr("*+?{", *p) &&
		    (++ops > 4 || (p[1] && strchr("*+?{", p[1]))))
			return 1;
	return 0;
}

/* Whether both match subject or both do not. glibc lets an anchor
 * next to a character it has read match at a newline ("a$." matches
 * "a\nb") although no REG_NEWLINE was asked for; POSIX and we do not, so
 * such subjects are not compared. */
static int
same_answer(struct regex *ours, regex_t *theirs, const char *pattern,
    const char *subject)
{
	if (strchr(subject, '\n') && strpbrk(pattern, "^$"))
		return 1;
	return regex_search(ours, subject) ==
	    !regexec(theirs, subject, 0, NULL, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_string(data, size), *subject;
	struct regex ours;
	regex_t theirs;
	int our_rc, their_rc;

	if (!input)
		return 0;
	/* glibc's own time and memory grow fast with counted repeats
	 * ((a{99}){99}): it sees only what compiles small for us. */
	our_rc = regex_compile(&ours, input);
	if (our_rc == REGEX_TOO_BIG || hard_for_glibc(input) ||
	    (our_rc == REGEX_OK && ours.n > 400)) {
		if (our_rc == REGEX_OK)
			regex_free(&ours);
		free(input);
		return 0;
	}
	their_rc = regcomp(&theirs, input, REG_EXTENDED | REG_NOSUB);
	if (our_rc == REGEX_OK && their_rc != 0)
		abort(); /* we took a pattern glibc refuses */
	if (our_rc >= REGEX_BAD && their_rc == 0)
		abort(); /* we called a valid pattern wrong */
	if (our_rc == REGEX_OK) {
		for (subject = input + strlen(input); subject < input + size;
		     subject += strlen(subject)) {
			subject++;
			if (!same_answer(&ours, &theirs, input, subject))
				abort();
		}
		/* The pattern itself and the empty string, always. */
		if (!same_answer(&ours, &theirs, input, input) ||
		    !same_answer(&ours, &theirs, input, ""))
			abort();
		regex_free(&ours);
	}
	if (their_rc == 0)
		regfree(&theirs);
	free(input);
	return 0;
}
