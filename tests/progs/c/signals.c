/* signals: sigaction(2) handlers with siginfo for kill(2) to self,
 * sigprocmask(2) blocking with sigpending(2) and delivery on unblock,
 * SIG_IGN, SA_RESETHAND, sigaltstack(2) with SA_ONSTACK, and a blocked
 * signal's handler running once however often it was sent (standard
 * signals do not queue, signal(7)). */
#include "probe.h"
#include <signal.h>
#include <stdint.h>

static volatile int got, gotsig, gotcode, gotpid, onalt;
static char altstack[65536];

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got++;
	gotsig = sig;
	gotcode = si->si_code;
	gotpid = si->si_pid;
	char x;
	onalt = (uintptr_t)&x >= (uintptr_t)altstack && (uintptr_t)&x < (uintptr_t)altstack + sizeof altstack;
}

static void install(int sig, int flags)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO | flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	sigset_t set, old, pend;
	struct sigaction sa;

	install(SIGUSR1, 0);
	EXPECT_EQ("kill self", kill(getpid(), SIGUSR1), 0);
	EXPECT_EQ("handler ran once", got, 1);
	EXPECT_EQ("signal number", gotsig, SIGUSR1);
	EXPECT_EQ("si_code SI_USER", gotcode, SI_USER);
	CHECK("si_pid is self", gotpid == getpid());
	CHECK("not on alt stack", !onalt);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	EXPECT_EQ("block SIGUSR1", sigprocmask(SIG_BLOCK, &set, &old), 0);
	got = 0;
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	EXPECT_EQ("blocked: not delivered", got, 0);
	sigpending(&pend);
	EXPECT_EQ("sigpending has SIGUSR1", sigismember(&pend, SIGUSR1), 1);
	EXPECT_EQ("unblock", sigprocmask(SIG_SETMASK, &old, NULL), 0);
	EXPECT_EQ("delivered once on unblock", got, 1);
	sigpending(&pend);
	EXPECT_EQ("nothing pending after", sigismember(&pend, SIGUSR1), 0);

	sigprocmask(SIG_BLOCK, NULL, &old);
	EXPECT_EQ("SIGUSR1 not in mask", sigismember(&old, SIGUSR1), 0);
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &old);
	EXPECT_EQ("SIGKILL cannot be blocked", sigismember(&old, SIGKILL), 0);
	EXPECT_EQ("SIGSTOP cannot be blocked", sigismember(&old, SIGSTOP), 0);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	EXPECT_ERR("sigaction SIGKILL", sigaction(SIGKILL, &(struct sigaction){ .sa_handler = SIG_IGN }, NULL), EINVAL);
	EXPECT_ERR("sigaction bad signal", sigaction(65, &(struct sigaction){ .sa_handler = SIG_IGN }, NULL), EINVAL);
	EXPECT_ERR("kill bad signal", kill(getpid(), 99), EINVAL);
	EXPECT_EQ("kill signal 0", kill(getpid(), 0), 0);
	EXPECT_ERR("kill no such pid", kill(999999, 0), ESRCH);

	signal(SIGUSR2, SIG_IGN);
	EXPECT_EQ("ignored signal", kill(getpid(), SIGUSR2), 0);
	sigaction(SIGUSR2, NULL, &sa);
	CHECK("SIG_IGN reported", sa.sa_handler == SIG_IGN);

	got = 0;
	install(SIGUSR2, SA_RESETHAND);
	kill(getpid(), SIGUSR2);
	EXPECT_EQ("SA_RESETHAND ran", got, 1);
	sigaction(SIGUSR2, NULL, &sa);
	CHECK("SA_RESETHAND reset to SIG_DFL", sa.sa_handler == SIG_DFL);

	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack }, oss;
	EXPECT_EQ("sigaltstack", sigaltstack(&ss, NULL), 0);
	sigaltstack(NULL, &oss);
	CHECK("sigaltstack reported", oss.ss_sp == altstack && oss.ss_size == sizeof altstack && oss.ss_flags == 0);
	stack_t tiny = { .ss_sp = altstack, .ss_size = 16 };
	EXPECT_ERR("sigaltstack too small", sigaltstack(&tiny, NULL), ENOMEM);
	install(SIGUSR1, SA_ONSTACK);
	got = 0;
	raise(SIGUSR1);
	EXPECT_EQ("SA_ONSTACK handler ran", got, 1);
	CHECK("handler ran on alt stack", onalt);

	/* Real-time signals queue: three sent while blocked, three delivered. */
	install(SIGRTMIN, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	got = 0;
	for (int i = 0; i < 3; i++)
		kill(getpid(), SIGRTMIN);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	EXPECT_EQ("SIGRTMIN queued 3", got, 3);
	return done();
}
