package linuxabi

// SysinfoLoadsShift is SI_LOAD_SHIFT: Sysinfo.Loads are fixed point with
// this many fraction bits.
const SysinfoLoadsShift = 16

// Sysinfo is struct sysinfo (include/uapi/linux/sysinfo.h), what
// sysinfo(2) writes. Memory sizes are in units of Unit bytes.
type Sysinfo struct {
	Uptime    int64
	Loads     [3]uint64
	Totalram  uint64
	Freeram   uint64
	Sharedram uint64
	Bufferram uint64
	Totalswap uint64
	Freeswap  uint64
	Procs     uint16
	Pad       uint16
	_         uint32
	Totalhigh uint64
	Freehigh  uint64
	Unit      uint32
	_         [4]byte // _f[20-2*sizeof(long)-sizeof(int)], then padding
}

// SysinfoSize is sizeof(struct sysinfo) on arm64.
const SysinfoSize = 112

// Marshal writes s to b[:SysinfoSize].
func (s *Sysinfo) Marshal(b []byte) {
	_ = b[SysinfoSize-1]
	clear(b[:SysinfoSize])
	le.PutUint64(b[0:], uint64(s.Uptime))
	for i, l := range s.Loads {
		le.PutUint64(b[8+8*i:], l)
	}
	le.PutUint64(b[32:], s.Totalram)
	le.PutUint64(b[40:], s.Freeram)
	le.PutUint64(b[48:], s.Sharedram)
	le.PutUint64(b[56:], s.Bufferram)
	le.PutUint64(b[64:], s.Totalswap)
	le.PutUint64(b[72:], s.Freeswap)
	le.PutUint16(b[80:], s.Procs)
	le.PutUint16(b[82:], s.Pad)
	le.PutUint64(b[88:], s.Totalhigh)
	le.PutUint64(b[96:], s.Freehigh)
	le.PutUint32(b[104:], s.Unit)
}

// Unmarshal reads s from b[:SysinfoSize].
func (s *Sysinfo) Unmarshal(b []byte) {
	_ = b[SysinfoSize-1]
	s.Uptime = int64(le.Uint64(b[0:]))
	for i := range s.Loads {
		s.Loads[i] = le.Uint64(b[8+8*i:])
	}
	s.Totalram = le.Uint64(b[32:])
	s.Freeram = le.Uint64(b[40:])
	s.Sharedram = le.Uint64(b[48:])
	s.Bufferram = le.Uint64(b[56:])
	s.Totalswap = le.Uint64(b[64:])
	s.Freeswap = le.Uint64(b[72:])
	s.Procs = le.Uint16(b[80:])
	s.Pad = le.Uint16(b[82:])
	s.Totalhigh = le.Uint64(b[88:])
	s.Freehigh = le.Uint64(b[96:])
	s.Unit = le.Uint32(b[104:])
}
