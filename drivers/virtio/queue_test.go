package virtio

import "testing"

// virtqSize is the legacy queue size formula of §2.7 "Legacy Interfaces:
// A Note on Virtqueue Layout", with qalign = QueueAlign-1 as its ALIGN
// macro implies.
func virtqSize(qsz, qalign int) int {
	align := func(x int) int { return (x + qalign) &^ qalign }
	return align(16*qsz+2*(3+qsz)) + align(2*3+8*qsz)
}

func TestRingLayout(t *testing.T) {
	for n := 1; n <= 32768; n *= 2 {
		l := ringLayout(n, 4096)
		if l.avail != 16*n || l.used%4096 != 0 || l.used < l.avail+6+2*n || l.used-(l.avail+6+2*n) >= 4096 {
			t.Errorf("legacy n=%d: layout %+v", n, l)
		}
		if l.size != virtqSize(n, 4095) {
			t.Errorf("legacy n=%d: size %d, spec formula %d", n, l.size, virtqSize(n, 4095))
		}
		m := ringLayout(n, 4)
		if m.avail != 16*n || m.used != (16*n+6+2*n+3)&^3 || m.size < m.used+6+8*n {
			t.Errorf("modern n=%d: layout %+v", n, m)
		}
	}
	if got, want := ringLayout(8, 4), (layout{avail: 0x80, used: 0x98, size: 0xe0}); got != want {
		t.Errorf("modern n=8: %+v, want %+v", got, want)
	}
}
