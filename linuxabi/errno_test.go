package linuxabi

import "testing"

func TestErrnoValues(t *testing.T) {
	for e, want := range map[Errno]int{EPERM: 1, ENOENT: 2, EFAULT: 14, EINVAL: 22, ENOSYS: 38, EWOULDBLOCK: 11, EHWPOISON: 133} {
		if int(e) != want {
			t.Errorf("%v = %d, want %d", e, int(e), want)
		}
	}
	if EAGAIN.Error() != "EAGAIN" || Errno(999).Error() != "errno 999" {
		t.Errorf("names: %q %q", EAGAIN.Error(), Errno(999).Error())
	}
}
