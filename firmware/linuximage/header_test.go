package linuximage

import (
	"bytes"
	"testing"
)

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{Code0: encodeB(0x1234), Code1: insnNOP, TextOffset: 0x80000, ImageSize: 0x340000,
		Flags: FlagPage4K, Res2: 2, Res3: 3, Res4: 4, Magic: Magic, Res5: 5}
	b := h.Marshal()
	if len(b) != HeaderSize {
		t.Fatalf("Marshal: %d bytes", len(b))
	}
	if !bytes.Equal(b[56:60], []byte("ARM\x64")) {
		t.Errorf("magic bytes %q", b[56:60])
	}
	got, err := ParseHeader(b)
	if err != nil || got != h {
		t.Fatalf("ParseHeader = %+v, %v; want %+v", got, err, h)
	}
	b[56] ^= 1
	if _, err := ParseHeader(b); err == nil {
		t.Error("bad magic accepted")
	}
	if _, err := ParseHeader(b[:HeaderSize-1]); err == nil {
		t.Error("short header accepted")
	}
}

func TestBranch(t *testing.T) {
	for _, off := range []uint64{4, 0x1234, 0x2000, maxImageSize - 4} {
		h := Header{Code0: encodeB(off)}
		got, err := h.BranchTarget()
		if err != nil || got != int64(off) {
			t.Errorf("B to %#x (%#08x) decodes to %#x, %v", off, h.Code0, got, err)
		}
	}
	// B -4 (0x17ffffff) sign-extends.
	if got, _ := (Header{Code0: 0x17ffffff}).BranchTarget(); got != -4 {
		t.Errorf("B -4 decodes to %d", got)
	}
	if _, err := (Header{Code0: insnNOP}).BranchTarget(); err == nil {
		t.Error("NOP decoded as a branch")
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add(Header{Magic: Magic, Flags: FlagPage4K}.Marshal())
	f.Add([]byte("ARM\x64"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			return
		}
		if h.Magic != Magic || !bytes.Equal(h.Marshal(), b[:HeaderSize]) {
			t.Fatalf("round trip mismatch for %x", b[:HeaderSize])
		}
	})
}
