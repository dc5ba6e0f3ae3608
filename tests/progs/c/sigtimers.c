/* sigtimers: setitimer(2)/alarm(2) with SIGALRM, getitimer(2),
 * timer_create(2) POSIX timers with SIGEV_SIGNAL and SI_TIMER siginfo,
 * SIGEV_NONE, timer_gettime/getoverrun/delete, timerfd_create(2) with
 * read counts, O_NONBLOCK and poll(2), rt_sigtimedwait(2) (EAGAIN on
 * timeout, a queued signal's siginfo), sigqueue(3) values through
 * SA_SIGINFO, real-time signals queueing in order, and signalfd(2).
 * Only orderings and bounds are printed, never elapsed times. */
#include "probe.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

static volatile int vtalrms, profs;
static volatile unsigned long spins;

static void on_cpu(int sig)
{
	if (sig == SIGVTALRM)
		vtalrms++;
	else
		profs++;
}

static volatile int alarms, rtcount, rtorder[8], lastcode, lastval;

static void on_alarm(int sig) { (void)sig; alarms++; }

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (rtcount < 8)
		rtorder[rtcount] = si->si_value.sival_int;
	rtcount++;
	lastcode = si->si_code;
	lastval = si->si_value.sival_int;
	(void)sig;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int main(void)
{
	/* SA_RESTART: a timer signal that lands while a result line is being
	 * written must not cut the write short (EINTR loses the line). */
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	/* setitimer: one shot, then getitimer reports it disarmed. */
	struct itimerval it = { .it_value = { 0, 20000 } }, got;
	EXPECT_EQ("setitimer ITIMER_REAL", setitimer(ITIMER_REAL, &it, NULL), 0);
	EXPECT_EQ("getitimer: armed", getitimer(ITIMER_REAL, &got) == 0 && (got.it_value.tv_sec || got.it_value.tv_usec), 1);
	pause();
	EXPECT_EQ("SIGALRM delivered once", alarms, 1);
	getitimer(ITIMER_REAL, &got);
	EXPECT_EQ("getitimer: disarmed after expiry", got.it_value.tv_sec + got.it_value.tv_usec, 0);
	/* Periodic, then cancelled: the old value comes back. */
	it.it_interval.tv_usec = 10000;
	setitimer(ITIMER_REAL, &it, NULL);
	while (alarms < 4)
		pause();
	struct itimerval zero = { 0 }, old;
	EXPECT_EQ("setitimer cancel", setitimer(ITIMER_REAL, &zero, &old), 0);
	EXPECT_EQ("old interval", old.it_interval.tv_usec, 10000);
	EXPECT_ERR("setitimer bad usec", setitimer(ITIMER_REAL, &(struct itimerval){ .it_value = { 0, 1000000 } }, NULL), EINVAL);
	EXPECT_ERR("setitimer bad which", setitimer(7, &it, NULL), EINVAL);
	EXPECT_EQ("alarm: none pending", alarm(5), 0);
	EXPECT_EQ("alarm: previous left", alarm(0) > 0, 1);

	/* CPU-time timers: sleeping does not run them down, spinning does. */
	signal(SIGVTALRM, on_cpu);
	signal(SIGPROF, on_cpu);
	struct itimerval cpu = { .it_value = { 0, 50000 } };
	EXPECT_EQ("setitimer ITIMER_VIRTUAL", setitimer(ITIMER_VIRTUAL, &cpu, NULL), 0);
	sleep_ms(200);
	EXPECT_EQ("sleeping: no SIGVTALRM", vtalrms, 0);
	getitimer(ITIMER_VIRTUAL, &got);
	CHECK("ITIMER_VIRTUAL still armed", got.it_value.tv_sec > 0 || got.it_value.tv_usec > 0);
	while (vtalrms == 0)
		spins++;
	EXPECT_EQ("spinning: SIGVTALRM once", vtalrms, 1);
	cpu = (struct itimerval){ .it_value = { 0, 10000 }, .it_interval = { 0, 10000 } };
	EXPECT_EQ("setitimer ITIMER_PROF periodic", setitimer(ITIMER_PROF, &cpu, NULL), 0);
	while (profs < 3)
		spins++;
	setitimer(ITIMER_PROF, &zero, &old);
	EXPECT_EQ("ITIMER_PROF old interval", old.it_interval.tv_usec, 10000);
	getitimer(ITIMER_PROF, &got);
	EXPECT_EQ("ITIMER_PROF disarmed", got.it_value.tv_sec + got.it_value.tv_usec, 0);

	/* POSIX timer to a real-time signal with SA_SIGINFO. */
	struct sigaction si = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&si.sa_mask);
	sigaction(SIGRTMIN, &si, NULL);
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN, .sigev_value.sival_int = 77 };
	timer_t tid;
	EXPECT_EQ("timer_create", timer_create(CLOCK_MONOTONIC, &ev, &tid), 0);
	struct itimerspec its = { .it_value = { 0, 5000000 } }, cur;
	EXPECT_EQ("timer_settime", timer_settime(tid, 0, &its, NULL), 0);
	while (rtcount == 0)
		pause();
	EXPECT_EQ("timer signal si_code SI_TIMER", lastcode, SI_TIMER);
	EXPECT_EQ("timer signal si_value", lastval, 77);
	EXPECT_EQ("timer_gettime disarmed", timer_gettime(tid, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0, 1);
	/* Absolute deadline in the past: fires at once. */
	rtcount = 0;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	its.it_value = now;
	its.it_value.tv_sec -= 1;
	EXPECT_EQ("timer_settime TIMER_ABSTIME past", timer_settime(tid, TIMER_ABSTIME, &its, NULL), 0);
	while (rtcount == 0)
		pause();
	EXPECT_EQ("past deadline fired", rtcount, 1);
	/* Overruns while the signal is blocked: taken while the timer
	 * still runs, the signal reports them. */
	sigset_t rt;
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &rt, NULL);
	its = (struct itimerspec){ .it_value = { 0, 1000000 }, .it_interval = { 0, 1000000 } };
	timer_settime(tid, 0, &its, NULL);
	sleep_ms(30);
	siginfo_t tinfo;
	EXPECT_EQ("sigwaitinfo takes the timer signal", sigwaitinfo(&rt, &tinfo), SIGRTMIN);
	CHECK("si_overrun counted", tinfo.si_overrun > 0);
	CHECK("timer_getoverrun as si_overrun", timer_getoverrun(tid) == tinfo.si_overrun);
	its = (struct itimerspec){ 0 };
	timer_settime(tid, 0, &its, NULL);
	sigprocmask(SIG_UNBLOCK, &rt, NULL);
	EXPECT_EQ("timer_delete", timer_delete(tid), 0);
	EXPECT_ERR("timer_delete again", timer_delete(tid), EINVAL);
	EXPECT_ERR("timer_create bad clock", timer_create(99, &ev, &tid), EINVAL);
	ev.sigev_notify = 99;
	EXPECT_ERR("timer_create bad notify", timer_create(CLOCK_MONOTONIC, &ev, &tid), EINVAL);
	ev.sigev_notify = SIGEV_NONE;
	EXPECT_EQ("timer_create SIGEV_NONE", timer_create(CLOCK_REALTIME, &ev, &tid), 0);
	its.it_value.tv_sec = 100;
	timer_settime(tid, 0, &its, NULL);
	timer_gettime(tid, &cur);
	EXPECT_EQ("SIGEV_NONE timer counts down", cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100, 1);
	timer_delete(tid);

	/* Real-time signals queue, in order, with their values. */
	sigprocmask(SIG_BLOCK, &rt, NULL);
	rtcount = 0;
	for (int i = 1; i <= 3; i++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i });
	sigprocmask(SIG_UNBLOCK, &rt, NULL);
	EXPECT_EQ("three queued rt signals", rtcount, 3);
	CHECK("rt signals in order", rtorder[0] == 1 && rtorder[1] == 2 && rtorder[2] == 3);
	EXPECT_EQ("sigqueue si_code SI_QUEUE", lastcode, SI_QUEUE);

	/* sigtimedwait: timeout, then a pending signal with its info. */
	sigset_t u;
	sigemptyset(&u);
	sigaddset(&u, SIGUSR1);
	sigprocmask(SIG_BLOCK, &u, NULL);
	struct timespec shortwait = { 0, 10000000 };
	EXPECT_ERR("sigtimedwait timeout", sigtimedwait(&u, NULL, &shortwait), EAGAIN);
	EXPECT_ERR("sigtimedwait bad timeout", sigtimedwait(&u, NULL, &(struct timespec){ 0, -1 }), EINVAL);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 5 });
	siginfo_t info;
	EXPECT_EQ("sigtimedwait takes SIGUSR1", sigtimedwait(&u, &info, &shortwait), SIGUSR1);
	EXPECT_EQ("sigtimedwait si_value", info.si_value.sival_int, 5);
	CHECK("sigtimedwait si_pid", info.si_pid == getpid());
	sigset_t pend;
	sigpending(&pend);
	EXPECT_EQ("taken: not pending", sigismember(&pend, SIGUSR1), 0);
	EXPECT_ERR("sigqueue to another as kernel", syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &(siginfo_t){ .si_code = SI_KERNEL }), EPERM);

	/* signalfd: a blocked signal read as a record. */
	int sfd = signalfd(-1, &u, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK("signalfd", sfd >= 0);
	struct signalfd_siginfo ssi;
	EXPECT_ERR("signalfd empty", read(sfd, &ssi, sizeof ssi), EAGAIN);
	EXPECT_ERR("signalfd short buffer", read(sfd, &ssi, 8), EINVAL);
	kill(getpid(), SIGUSR1);
	struct pollfd pfd = { sfd, POLLIN, 0 };
	EXPECT_EQ("signalfd poll", poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN), 1);
	EXPECT_EQ("signalfd read", read(sfd, &ssi, sizeof ssi), sizeof ssi);
	EXPECT_EQ("ssi_signo", ssi.ssi_signo, SIGUSR1);
	EXPECT_EQ("ssi_code SI_USER", ssi.ssi_code, SI_USER);
	CHECK("ssi_pid", ssi.ssi_pid == (uint32_t)getpid());
	EXPECT_ERR("signalfd on a non-signalfd", signalfd(1, &u, 0), EINVAL);
	close(sfd);

	/* timerfd: periodic expiries are counted; settime resets. */
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	CHECK("timerfd_create", tfd >= 0);
	uint64_t n = 0;
	its = (struct itimerspec){ .it_value = { 0, 2000000 }, .it_interval = { 0, 2000000 } };
	EXPECT_EQ("timerfd_settime", timerfd_settime(tfd, 0, &its, NULL), 0);
	EXPECT_EQ("timerfd read blocks for an expiry", read(tfd, &n, 8), 8);
	CHECK("at least one expiry", n >= 1);
	sleep_ms(20);
	read(tfd, &n, 8);
	CHECK("expiries accumulate", n >= 2);
	EXPECT_ERR("timerfd short read", read(tfd, &n, 4), EINVAL);
	EXPECT_ERR("timerfd write", write(tfd, &n, 8), EINVAL);
	struct itimerspec off = { 0 }, was;
	timerfd_settime(tfd, 0, &off, &was);
	EXPECT_EQ("old interval", was.it_interval.tv_nsec, 2000000);
	int fl = fcntl(tfd, F_GETFL);
	fcntl(tfd, F_SETFL, fl | O_NONBLOCK);
	EXPECT_ERR("disarmed timerfd nonblocking read", read(tfd, &n, 8), EAGAIN);
	pfd = (struct pollfd){ tfd, POLLIN, 0 };
	EXPECT_EQ("disarmed timerfd not readable", poll(&pfd, 1, 0), 0);
	its = (struct itimerspec){ .it_value = { 0, 1000000 } };
	timerfd_settime(tfd, 0, &its, NULL);
	EXPECT_EQ("timerfd poll readable", poll(&pfd, 1, 1000), 1);
	EXPECT_ERR("timerfd_settime bad flags", timerfd_settime(tfd, 99, &its, NULL), EINVAL);
	EXPECT_ERR("timerfd_gettime on a pipe fd", timerfd_gettime(0, &cur), EINVAL);
	EXPECT_ERR("timerfd_create bad clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
	close(tfd);
	return done();
}
