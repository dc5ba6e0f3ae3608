/* robust: a robust mutex whose owner thread exits holding it is handed to
 * the next locker with EOWNERDEAD (set_robust_list(2); the kernel walks
 * the dead thread's list), and pthread_mutex_consistent makes it usable. */
#include "probe.h"
#include <pthread.h>

static pthread_mutex_t m;

static void *die_holding(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	return NULL; /* exits with the mutex held */
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&m, &a);
	pthread_t th;
	pthread_create(&th, NULL, die_holding, NULL);
	pthread_join(th, NULL);
	int r = pthread_mutex_lock(&m);
	printf("lock after owner died: %s\n", errname(r));
	CHECK("EOWNERDEAD", r == EOWNERDEAD);
	EXPECT_EQ("consistent", pthread_mutex_consistent(&m), 0);
	EXPECT_EQ("unlock", pthread_mutex_unlock(&m), 0);
	EXPECT_EQ("lock again", pthread_mutex_lock(&m), 0);
	return done();
}
