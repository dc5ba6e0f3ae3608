package procfs

import (
	"fmt"
	"strings"

	"github.com/tamix/tamix/kernel/vfs"
)

// mangle escapes the characters that would break a mounts line (space,
// tab, newline, backslash) as octal, as seq_escape() does for
// show_vfsmnt().
func mangle(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\\':
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mntOpts are the per-mount flags after "rw" or "ro" (show_mnt_opts()).
func mntOpts(flags uint32) string {
	var b strings.Builder
	if flags&vfs.MountReadOnly != 0 {
		b.WriteString("ro")
	} else {
		b.WriteString("rw")
	}
	for _, o := range [...]struct {
		flag uint32
		name string
	}{
		{vfs.MountNoSUID, ",nosuid"}, {vfs.MountNoDev, ",nodev"}, {vfs.MountNoExec, ",noexec"},
		{vfs.MountNoAtime, ",noatime"}, {vfs.MountNoDiratime, ",nodiratime"}, {vfs.MountRelatime, ",relatime"},
	} {
		if flags&o.flag != 0 {
			b.WriteString(o.name)
		}
	}
	return b.String()
}

// formatMounts is /proc/<pid>/mounts (show_vfsmnt() in
// fs/proc_namespace.c).
func formatMounts(ms []vfs.MountEntry) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%s %s %s %s%s 0 0\n", mangle(m.Source), mangle(m.Mountpoint), m.Type, mntOpts(m.Flags), m.Options)
	}
	return b.String()
}

// formatMountinfo is /proc/<pid>/mountinfo (show_mountinfo()): every
// mount is private, so there are no optional fields.
func formatMountinfo(ms []vfs.MountEntry) string {
	var b strings.Builder
	for _, m := range ms {
		sb := "rw"
		if m.Flags&vfs.MountReadOnly != 0 {
			sb = "ro"
		}
		fmt.Fprintf(&b, "%d %d %d:%d / %s %s - %s %s %s%s\n", m.ID, m.ParentID, devMajor(m.Dev), devMinor(m.Dev),
			mangle(m.Mountpoint), mntOpts(m.Flags), m.Type, mangle(m.Source), sb, m.Options)
	}
	return b.String()
}
