package virtio_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/tamix/tamix/drivers/virtio"
	vt "github.com/tamix/tamix/drivers/virtio/internal/virtiotest"
)

// memBase is above 4 GiB so the modern …High registers are exercised.
const memBase = 0x1_4000_0000

func newFake(version uint32) *vt.Device { return vt.NewDevice(version, vt.NewMem(memBase, 1<<20)) }

func mustNew(t *testing.T, f *vt.Device) *virtio.Device {
	t.Helper()
	d, err := virtio.New(f, f.Mem)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func w(off uintptr, v uint32) vt.Write { return vt.Write{Off: off, V: v} }

func TestProbe(t *testing.T) {
	for _, tc := range []struct {
		name           string
		magic, ver, id uint32
		wantID         uint32
		ok             bool
	}{
		{"legacy rng", 0x74726976, 1, 4, 4, true},
		{"modern rng", 0x74726976, 2, 4, 4, true},
		{"modern block", 0x74726976, 2, 2, 2, true},
		{"empty slot", 0x74726976, 1, 0, 0, false},
		{"bad magic", 0x12345678, 2, 4, 0, false},
		{"version 3", 0x74726976, 3, 4, 0, false},
		{"version 0", 0x74726976, 0, 4, 0, false},
	} {
		f := newFake(tc.ver)
		f.Magic, f.ID = tc.magic, tc.id
		id, ok := virtio.Probe(f)
		if id != tc.wantID || ok != tc.ok {
			t.Errorf("%s: Probe = %d, %v; want %d, %v", tc.name, id, ok, tc.wantID, tc.ok)
		}
		if len(f.Writes) != 0 {
			t.Errorf("%s: Probe wrote registers: %v", tc.name, f.Writes)
		}
	}
}

// TestNewHandshake checks every register write New makes, in order:
// the status sequence of §3.1.1, the features, and the queue addresses.
func TestNewHandshake(t *testing.T) {
	const (
		descLo  = memBase & 0xffffffff
		high    = memBase >> 32
		availLo = descLo + 16*8          // after 8 descriptors
		usedLo  = availLo + (6+2*8+3)&^3 // after the avail ring, 4-aligned
		pfn     = memBase / 4096         // legacy: page frame of the queue
	)
	for _, tc := range []struct {
		version uint32
		want    []vt.Write
	}{
		{1, []vt.Write{
			w(vt.Status, 0), w(vt.Status, 1), w(vt.Status, 1|2),
			w(vt.DriverFeaturesSel, 0), w(vt.DriverFeatures, 0),
			w(vt.GuestPageSize, 4096), w(vt.QueueSel, 0), w(vt.QueueNum, 8),
			w(vt.QueueAlign, 4096), w(vt.QueuePFN, pfn),
			w(vt.Status, 1|2|4),
		}},
		{2, []vt.Write{
			w(vt.Status, 0), w(vt.Status, 1), w(vt.Status, 1|2),
			w(vt.DriverFeaturesSel, 0), w(vt.DriverFeatures, 0),
			w(vt.DeviceFeaturesSel, 1), w(vt.DriverFeaturesSel, 1), w(vt.DriverFeatures, 1),
			w(vt.Status, 1|2|8),
			w(vt.QueueSel, 0), w(vt.QueueNum, 8),
			w(vt.QueueDescLow, descLo), w(vt.QueueDescHigh, high),
			w(vt.QueueDriverLow, availLo), w(vt.QueueDriverHigh, high),
			w(vt.QueueDeviceLow, usedLo), w(vt.QueueDeviceHigh, high),
			w(vt.QueueReady, 1),
			w(vt.Status, 1|2|8|4),
		}},
	} {
		f := newFake(tc.version)
		mustNew(t, f)
		if !slices.Equal(f.Writes, tc.want) {
			t.Errorf("version %d writes:\n got %v\nwant %v", tc.version, f.Writes, tc.want)
		}
	}
}

func TestQueueSizeBoundedByMax(t *testing.T) {
	for _, tc := range []struct{ max, want uint32 }{{1024, 8}, {8, 8}, {6, 4}, {4, 4}, {1, 1}} {
		for _, v := range []uint32{1, 2} {
			f := newFake(v)
			f.QueueNumMax = tc.max
			d := mustNew(t, f)
			var num uint32
			for _, w := range f.Writes {
				if w.Off == vt.QueueNum {
					num = w.V
				}
			}
			if num != tc.want {
				t.Errorf("version %d, QueueNumMax %d: QueueNum %d, want %d", v, tc.max, num, tc.want)
			}
			receiveOK(t, f, d, 3) // the device finds the smaller rings
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version uint32
		base    uint64
		setup   func(*vt.Device)
	}{
		{"not virtio", 2, memBase, func(f *vt.Device) { f.Magic = 0 }},
		{"no VERSION_1", 2, memBase, func(f *vt.Device) { f.Features = 0 }},
		{"FEATURES_OK refused", 2, memBase, func(f *vt.Device) { f.Reject = true }},
		{"no legacy queue", 1, memBase, func(f *vt.Device) { f.QueueNumMax = 0 }},
		{"no modern queue", 2, memBase, func(f *vt.Device) { f.QueueNumMax = 0 }},
		{"legacy PFN overflow", 1, 1 << 44, func(*vt.Device) {}},
	} {
		f := vt.NewDevice(tc.version, vt.NewMem(tc.base, 1<<16))
		tc.setup(f)
		if _, err := virtio.New(f, f.Mem); err == nil {
			t.Errorf("%s: New succeeded", tc.name)
			continue
		}
		if tc.name == "not virtio" {
			if len(f.Writes) != 0 {
				t.Errorf("%s: wrote registers: %v", tc.name, f.Writes)
			}
			continue
		}
		if last := f.Writes[len(f.Writes)-1]; last.Off != vt.Status || last.V&128 == 0 {
			t.Errorf("%s: last write %v, want FAILED set", tc.name, last)
		}
	}
}

// receiveOK hands the device an n-byte buffer and checks it comes back
// full of the device's output.
func receiveOK(t *testing.T, f *vt.Device, d *virtio.Device, n int) {
	t.Helper()
	buf, pa := d.Alloc(n)
	start := f.Produced()
	got, err := d.Receive(pa, uint32(n))
	if err != nil || got != uint32(n) {
		t.Fatalf("Receive = %d, %v; want %d", got, err, n)
	}
	if want := pattern(start, n); !bytes.Equal(buf, want) {
		t.Fatalf("buffer % x, want % x", buf, want)
	}
}

func pattern(start, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = vt.Pattern(start + i)
	}
	return b
}

func TestReceive(t *testing.T) {
	for _, v := range []uint32{1, 2} {
		f := newFake(v)
		d := mustNew(t, f)
		for i := 0; i < 20; i++ { // wraps the 8-entry rings
			receiveOK(t, f, d, 1+i)
		}
		for _, fl := range f.AvailFlags {
			if fl != 1 {
				t.Errorf("version %d: avail flags %#x, want VIRTQ_AVAIL_F_NO_INTERRUPT", v, fl)
			}
		}
	}
}

// TestReceiveIndexWrap runs the 16-bit ring indexes past 65535.
func TestReceiveIndexWrap(t *testing.T) {
	f := newFake(2)
	d := mustNew(t, f)
	buf, pa := d.Alloc(1)
	for i := 0; i < 70000; i++ {
		if n, err := d.Receive(pa, 1); n != 1 || err != nil {
			t.Fatalf("request %d: Receive = %d, %v", i, n, err)
		}
		if buf[0] != vt.Pattern(i) {
			t.Fatalf("request %d: byte %#x, want %#x", i, buf[0], vt.Pattern(i))
		}
	}
}

func TestReceiveShort(t *testing.T) {
	f := newFake(1)
	f.Chunk = 5
	d := mustNew(t, f)
	_, pa := d.Alloc(64)
	if n, err := d.Receive(pa, 64); n != 5 || err != nil {
		t.Errorf("Receive = %d, %v; want 5, nil", n, err)
	}
}

func TestReceiveErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*vt.Device)
	}{
		{"needs reset", func(f *vt.Device) { f.Stall = true }},
		{"wrong used id", func(f *vt.Device) { f.WrongID = true }},
	} {
		f := newFake(2)
		d := mustNew(t, f)
		tc.setup(f)
		_, pa := d.Alloc(16)
		if n, err := d.Receive(pa, 16); err == nil {
			t.Errorf("%s: Receive = %d, nil", tc.name, n)
		}
	}
}

func TestReceiveCapsLength(t *testing.T) {
	f := newFake(2)
	d := mustNew(t, f)
	f.ExtraLen = 100
	_, pa := d.Alloc(16)
	if n, err := d.Receive(pa, 16); n != 16 || err != nil {
		t.Errorf("Receive = %d, %v; want 16, nil", n, err)
	}
}
