package rng_test

import (
	"slices"
	"testing"

	"github.com/tamix/tamix/drivers/virtio"
	vt "github.com/tamix/tamix/drivers/virtio/internal/virtiotest"
	"github.com/tamix/tamix/drivers/virtio/rng"
)

func newRNG(t *testing.T, version uint32, chunk int) (*rng.RNG, *vt.Device) {
	t.Helper()
	f := vt.NewDevice(version, vt.NewMem(0x4000_0000, 1<<16))
	f.Chunk = chunk
	d, err := virtio.New(f, f.Mem)
	if err != nil {
		t.Fatal(err)
	}
	return rng.New(d), f
}

func checkPattern(t *testing.T, b []byte) {
	t.Helper()
	for i, c := range b {
		if c != vt.Pattern(i) {
			t.Fatalf("byte %d = %#x, want %#x", i, c, vt.Pattern(i))
		}
	}
}

// TestReadShortRequests has the device return 5 bytes per request, so a
// 1000-byte Read takes 200 requests.
func TestReadShortRequests(t *testing.T) {
	for _, v := range []uint32{1, 2} {
		r, f := newRNG(t, v, 5)
		b := make([]byte, 1000)
		if n, err := r.Read(b); n != len(b) || err != nil {
			t.Fatalf("version %d: Read = %d, %v", v, n, err)
		}
		checkPattern(t, b)
		if len(f.Requests) != 200 {
			t.Errorf("version %d: %d requests, want 200", v, len(f.Requests))
		}
	}
}

// TestReadFullRequests has the device fill each buffer, so a Read is cut
// into requests of at most the driver's 256-byte buffer.
func TestReadFullRequests(t *testing.T) {
	for _, v := range []uint32{1, 2} {
		r, f := newRNG(t, v, 0)
		b := make([]byte, 600)
		if n, err := r.Read(b); n != len(b) || err != nil {
			t.Fatalf("version %d: Read = %d, %v", v, n, err)
		}
		checkPattern(t, b)
		if want := []uint32{256, 256, 88}; !slices.Equal(f.Requests, want) {
			t.Errorf("version %d: requests %v, want %v", v, f.Requests, want)
		}
	}
}

func TestReadEmpty(t *testing.T) {
	r, f := newRNG(t, 2, 0)
	if n, err := r.Read(nil); n != 0 || err != nil || len(f.Requests) != 0 {
		t.Errorf("Read(nil) = %d, %v after %d requests", n, err, len(f.Requests))
	}
}

func TestReadError(t *testing.T) {
	r, f := newRNG(t, 2, 4)
	b := make([]byte, 16)
	if n, err := r.Read(b[:8]); n != 8 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	f.Stall = true
	if n, err := r.Read(b); n != 0 || err == nil {
		t.Errorf("Read on a stalled device = %d, %v; want 0 and an error", n, err)
	}
}
