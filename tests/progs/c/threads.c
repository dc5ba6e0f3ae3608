/* threads: clone(2) threads through pthreads — create/join with return
 * values, a mutex-protected counter, a condition-variable handshake, and
 * a counter built directly on futex(2) FUTEX_WAIT/FUTEX_WAKE. */
#include "probe.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int ready, turn;

static void *add(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
	}
	return (void *)((long)arg * 10);
}

/* Ping-pong over one condition variable: each side waits for its turn. */
static void *pong(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&mu);
		while (turn != 1)
			pthread_cond_wait(&cv, &mu);
		turn = 0;
		ready++;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

/* A lock made of a futex word: 0 free, 1 locked, 2 locked with waiters
 * (Drepper, "Futexes Are Tricky", mutex2). */
static atomic_int fword;
static long fcounter;

static void flock_(void)
{
	int c = 0;
	if (atomic_compare_exchange_strong(&fword, &c, 1))
		return;
	if (c != 2)
		c = atomic_exchange(&fword, 2);
	while (c != 0) {
		syscall(SYS_futex, &fword, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
		c = atomic_exchange(&fword, 2);
	}
}

static void funlock(void)
{
	if (atomic_fetch_sub(&fword, 1) != 1) {
		atomic_store(&fword, 0);
		syscall(SYS_futex, &fword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void *fadd(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		flock_();
		fcounter++;
		funlock();
	}
	return NULL;
}

static void *tid(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	void *ret;
	int sum = 0;

	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, add, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], &ret);
		sum += (long)ret;
	}
	EXPECT_EQ("mutex counter", counter, NTHREADS * ITERS);
	EXPECT_EQ("join return values", sum, 60);

	pthread_t p;
	pthread_create(&p, NULL, pong, NULL);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&mu);
		turn = 1;
		pthread_cond_signal(&cv);
		while (turn != 0)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
	}
	pthread_join(p, NULL);
	EXPECT_EQ("condvar ping-pongs", ready, 1000);

	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, fadd, NULL);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ("futex counter", fcounter, NTHREADS * ITERS);

	int w = 5;
	EXPECT_ERR("FUTEX_WAIT value mismatch", syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 6, NULL, NULL, 0), EAGAIN);
	struct timespec ts = { 0, 1000000 };
	EXPECT_ERR("FUTEX_WAIT timeout", syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 5, &ts, NULL, 0), ETIMEDOUT);
	EXPECT_EQ("FUTEX_WAKE nobody", syscall(SYS_futex, &w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);

	long t = 0;
	pthread_create(&p, NULL, tid, &t);
	pthread_join(p, NULL);
	CHECK("thread has its own tid", t > 0 && t != getpid());
	CHECK("main tid is pid", syscall(SYS_gettid) == getpid());
	return done();
}
