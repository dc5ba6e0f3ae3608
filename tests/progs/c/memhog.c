/* memhog: touch anonymous memory until the kernel runs out; the OOM
 * killer must end this process with SIGKILL (never the kernel), so the
 * shell running it reports status 137 and goes on. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	const size_t chunk = 64 << 20;
	for (int i = 0; i < 1024; i++) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			puts("memhog: mmap failed before the memory ran out");
			return 1;
		}
		for (size_t off = 0; off < chunk; off += 4096)
			p[off] = 1;
	}
	puts("memhog: 64 GiB touched?");
	return 1;
}
