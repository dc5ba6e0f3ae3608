/*
 * probe.h: the few helpers every tamix probe program shares. A probe
 * prints one line per check ("what: ok" or "what: FAIL ..."), then PASS or
 * FAIL, and exits 0 or 1, so a mismatch with Linux shows which check
 * differs. Errno values print by name (strerrorname_np, glibc >= 2.32).
 */
#ifndef PROBE_H
#define PROBE_H
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

static const char *errname(int e)
{
	const char *n = e ? strerrorname_np(e) : "0";
	return n ? n : "E?";
}

/* Line-buffer stdout so output interleaves with children's in order. */
__attribute__((constructor)) static void probe_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* EXPECT_ERR checks that call returns -1 with errno want. */
#define EXPECT_ERR(what, call, want) do {				\
	errno = 0;							\
	long r_ = (long)(call);						\
	int e_ = errno;							\
	if (r_ == -1 && e_ == (want))					\
		printf("%s: %s ok\n", what, errname(e_));		\
	else {								\
		printf("%s: FAIL ret=%ld errno=%s want %s\n", what, r_,	\
		       errname(e_), errname(want));			\
		failures++;						\
	}								\
} while (0)

/* CHECK checks a condition; the message names what was checked. */
#define CHECK(what, cond) do {						\
	if (cond)							\
		printf("%s: ok\n", what);				\
	else {								\
		printf("%s: FAIL (%s) errno=%s\n", what, #cond,	\
		       errname(errno));					\
		failures++;						\
	}								\
} while (0)

/* EXPECT_EQ checks that a long-valued expression equals want. */
#define EXPECT_EQ(what, got, want) do {					\
	long g_ = (long)(got), w_ = (long)(want);			\
	if (g_ == w_)							\
		printf("%s: %ld ok\n", what, g_);			\
	else {								\
		printf("%s: FAIL got %ld want %ld errno=%s\n", what,	\
		       g_, w_, errname(errno));				\
		failures++;						\
	}								\
} while (0)

static int done(void)
{
	puts(failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}

#endif
