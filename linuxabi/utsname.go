package linuxabi

// UtsnameFieldLen is __NEW_UTS_LEN + 1 (include/uapi/linux/utsname.h).
const UtsnameFieldLen = 65

// Utsname is struct new_utsname, what uname(2) writes. Each field is a
// NUL-terminated string.
type Utsname struct {
	Sysname    [UtsnameFieldLen]byte
	Nodename   [UtsnameFieldLen]byte
	Release    [UtsnameFieldLen]byte
	Version    [UtsnameFieldLen]byte
	Machine    [UtsnameFieldLen]byte
	Domainname [UtsnameFieldLen]byte
}

// UtsnameSize is sizeof(struct new_utsname).
const UtsnameSize = 6 * UtsnameFieldLen

// SetUtsField copies s into f, truncated to leave a terminating NUL, and
// zeroes the rest, as the kernel's uts namespace setters do.
func SetUtsField(f *[UtsnameFieldLen]byte, s string) {
	clear(f[:])
	copy(f[:UtsnameFieldLen-1], s)
}

func (u *Utsname) fields() [6]*[UtsnameFieldLen]byte {
	return [6]*[UtsnameFieldLen]byte{&u.Sysname, &u.Nodename, &u.Release, &u.Version, &u.Machine, &u.Domainname}
}

// Marshal writes u to b[:UtsnameSize].
func (u *Utsname) Marshal(b []byte) {
	_ = b[UtsnameSize-1]
	for i, f := range u.fields() {
		copy(b[i*UtsnameFieldLen:], f[:])
	}
}

// Unmarshal reads u from b[:UtsnameSize].
func (u *Utsname) Unmarshal(b []byte) {
	_ = b[UtsnameSize-1]
	for i, f := range u.fields() {
		copy(f[:], b[i*UtsnameFieldLen:])
	}
}
