package linuxabi

// StatxTimestamp is struct statx_timestamp (include/uapi/linux/stat.h).
type StatxTimestamp struct {
	Sec  int64
	Nsec uint32
	_    int32
}

// Statx is struct statx (include/uapi/linux/stat.h), what statx(2)
// writes. Fields after DioOffsetAlign are newer than tamix needs and are
// written as zero.
type Statx struct {
	Mask           uint32
	Blksize        uint32
	Attributes     uint64
	Nlink          uint32
	Uid            uint32
	Gid            uint32
	Mode           uint16
	_              uint16
	Ino            uint64
	Size           uint64
	Blocks         uint64
	AttributesMask uint64
	Atime          StatxTimestamp
	Btime          StatxTimestamp
	Ctime          StatxTimestamp
	Mtime          StatxTimestamp
	RdevMajor      uint32
	RdevMinor      uint32
	DevMajor       uint32
	DevMinor       uint32
	MntID          uint64
	DioMemAlign    uint32
	DioOffsetAlign uint32
	_              [12]uint64 // __spare3 and later additions
}

// StatxSize is sizeof(struct statx).
const StatxSize = 256

func putStatxTimestamp(b []byte, t StatxTimestamp) {
	le.PutUint64(b, uint64(t.Sec))
	le.PutUint32(b[8:], t.Nsec)
	le.PutUint32(b[12:], 0)
}

func getStatxTimestamp(b []byte) StatxTimestamp {
	return StatxTimestamp{Sec: int64(le.Uint64(b)), Nsec: le.Uint32(b[8:])}
}

// Marshal writes s to b[:StatxSize].
func (s *Statx) Marshal(b []byte) {
	_ = b[StatxSize-1]
	clear(b[:StatxSize])
	le.PutUint32(b[0:], s.Mask)
	le.PutUint32(b[4:], s.Blksize)
	le.PutUint64(b[8:], s.Attributes)
	le.PutUint32(b[16:], s.Nlink)
	le.PutUint32(b[20:], s.Uid)
	le.PutUint32(b[24:], s.Gid)
	le.PutUint16(b[28:], s.Mode)
	le.PutUint64(b[32:], s.Ino)
	le.PutUint64(b[40:], s.Size)
	le.PutUint64(b[48:], s.Blocks)
	le.PutUint64(b[56:], s.AttributesMask)
	putStatxTimestamp(b[64:], s.Atime)
	putStatxTimestamp(b[80:], s.Btime)
	putStatxTimestamp(b[96:], s.Ctime)
	putStatxTimestamp(b[112:], s.Mtime)
	le.PutUint32(b[128:], s.RdevMajor)
	le.PutUint32(b[132:], s.RdevMinor)
	le.PutUint32(b[136:], s.DevMajor)
	le.PutUint32(b[140:], s.DevMinor)
	le.PutUint64(b[144:], s.MntID)
	le.PutUint32(b[152:], s.DioMemAlign)
	le.PutUint32(b[156:], s.DioOffsetAlign)
}

// Unmarshal reads s from b[:StatxSize].
func (s *Statx) Unmarshal(b []byte) {
	_ = b[StatxSize-1]
	s.Mask = le.Uint32(b[0:])
	s.Blksize = le.Uint32(b[4:])
	s.Attributes = le.Uint64(b[8:])
	s.Nlink = le.Uint32(b[16:])
	s.Uid = le.Uint32(b[20:])
	s.Gid = le.Uint32(b[24:])
	s.Mode = le.Uint16(b[28:])
	s.Ino = le.Uint64(b[32:])
	s.Size = le.Uint64(b[40:])
	s.Blocks = le.Uint64(b[48:])
	s.AttributesMask = le.Uint64(b[56:])
	s.Atime = getStatxTimestamp(b[64:])
	s.Btime = getStatxTimestamp(b[80:])
	s.Ctime = getStatxTimestamp(b[96:])
	s.Mtime = getStatxTimestamp(b[112:])
	s.RdevMajor = le.Uint32(b[128:])
	s.RdevMinor = le.Uint32(b[132:])
	s.DevMajor = le.Uint32(b[136:])
	s.DevMinor = le.Uint32(b[140:])
	s.MntID = le.Uint64(b[144:])
	s.DioMemAlign = le.Uint32(b[152:])
	s.DioOffsetAlign = le.Uint32(b[156:])
}

// Statx mask bits (include/uapi/linux/stat.h).
const (
	STATX_TYPE        = 0x1
	STATX_MODE        = 0x2
	STATX_NLINK       = 0x4
	STATX_UID         = 0x8
	STATX_GID         = 0x10
	STATX_ATIME       = 0x20
	STATX_MTIME       = 0x40
	STATX_CTIME       = 0x80
	STATX_INO         = 0x100
	STATX_SIZE        = 0x200
	STATX_BLOCKS      = 0x400
	STATX_BASIC_STATS = 0x7ff
	STATX_BTIME       = 0x800
	STATX_MNT_ID      = 0x1000
)
