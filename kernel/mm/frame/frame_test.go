package frame

import (
	"testing"

	"github.com/tamix/tamix/kernel/machine"
)

func TestPoolSubtractsReserved(t *testing.T) {
	ram := []machine.Region{{Base: 0x4000_0000, Size: 64 << 20}}
	reserved := []machine.Region{
		{Base: 0x4000_0000, Size: 16 << 20},  // runtime window
		{Base: 0x4200_0100, Size: 0x1000},    // unaligned DTB: two frames
		{Base: 0x4800_0000, Size: 16 << 20},  // outside RAM
		{Base: 0x43ff_f000, Size: 0x2000000}, // runs past the end
	}
	p := New(ram, reserved)
	want := uint64(64<<20) - 16<<20 - 2*Size - (0x4400_0000 - 0x43ff_f000)
	if p.Total() != want {
		t.Fatalf("Total = %#x, want %#x", p.Total(), want)
	}
	pa, err := p.Alloc()
	if err != nil || pa != 0x4100_0000 {
		t.Fatalf("first Alloc = %#x, %v", pa, err)
	}
	seen := map[uint64]bool{pa: true}
	for {
		pa, err := p.Alloc()
		if err != nil {
			break
		}
		if seen[pa] || pa%Size != 0 {
			t.Fatalf("bad frame %#x", pa)
		}
		for _, r := range reserved {
			if pa+Size > r.Base && pa < r.End() {
				t.Fatalf("frame %#x inside reserved %#x+%#x", pa, r.Base, r.Size)
			}
		}
		seen[pa] = true
	}
	if uint64(len(seen))*Size != want || p.Used() != want {
		t.Fatalf("allocated %d frames, used %#x, want %#x", len(seen), p.Used(), want)
	}
	p.Free(0x4100_0000)
	if pa, _ := p.Alloc(); pa != 0x4100_0000 {
		t.Fatalf("freed frame not reused: %#x", pa)
	}
}

func TestPoolEmpty(t *testing.T) {
	p := New([]machine.Region{{Base: 0x1000, Size: 0x800}}, nil)
	if _, err := p.Alloc(); err != ErrNoMemory {
		t.Fatalf("Alloc on empty pool: %v", err)
	}
}
