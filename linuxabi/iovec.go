package linuxabi

// Iovec is struct iovec (readv(2), writev(2)).
type Iovec struct {
	Base uint64 // user address
	Len  uint64
}

// IovecSize is sizeof(struct iovec).
const IovecSize = 16

// UIO_MAXIOV is the most iovecs one call accepts (include/uapi/linux/uio.h).
const UIO_MAXIOV = 1024

// Marshal writes v to b[:IovecSize].
func (v *Iovec) Marshal(b []byte) {
	_ = b[IovecSize-1]
	le.PutUint64(b, v.Base)
	le.PutUint64(b[8:], v.Len)
}

// Unmarshal reads v from b[:IovecSize].
func (v *Iovec) Unmarshal(b []byte) {
	_ = b[IovecSize-1]
	v.Base = le.Uint64(b)
	v.Len = le.Uint64(b[8:])
}
