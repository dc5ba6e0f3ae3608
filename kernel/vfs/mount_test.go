package vfs_test

import (
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// mountEnv is an env whose tmpfs is the namespace's root, with a second
// tmpfs mounted on /mnt holding "inner/file".
func mountEnv(t *testing.T) (*env, *vfs.FS) {
	e := newEnv(t)
	vfs.MountRoot(e.fs, "rootfs", "rootfs")
	e.mkdir("mnt")
	e.write("mnt/hidden", "under")
	sub := tmpfs.New(e.clock.now)
	e.ok(vfs.Mount(sub, e.get("mnt"), "none", "tmpfs", vfs.MountRelatime))
	e.mkdir("mnt/inner")
	e.write("mnt/inner/file", "over")
	return e, sub
}

// A walk that reaches a mountpoint goes on at the mounted root; ".." at
// that root goes to the mountpoint's parent; names and links cannot
// cross between the filesystems (EXDEV); the mountpoint cannot be
// removed or renamed (EBUSY).
func TestMountWalk(t *testing.T) {
	e, sub := mountEnv(t)
	if got := e.get("mnt"); got != sub.Root() {
		t.Fatalf("/mnt is not the mounted root")
	}
	if e.exists("mnt/hidden") || e.read("mnt/inner/file") != "over" {
		t.Errorf("the mount does not cover /mnt")
	}
	if got := e.get("mnt/inner/../.."); got != e.root {
		t.Errorf("mnt/inner/../.. is not /")
	}
	if got := e.get("mnt/.."); got != e.root {
		t.Errorf("mnt/.. is not /")
	}
	e.mkdir("d")
	wantErr(t, "link across", vfs.Link(e.c, e.get("mnt/inner/file"), e.root, "d/f"), linuxabi.EXDEV)
	wantErr(t, "rename across", vfs.Rename(e.c, e.root, "mnt/inner/file", e.root, "d/f", 0), linuxabi.EXDEV)
	wantErr(t, "rmdir mountpoint", vfs.Rmdir(e.c, e.root, "mnt"), linuxabi.EBUSY)
	wantErr(t, "rename mountpoint", vfs.Rename(e.c, e.root, "mnt", e.root, "m2", 0), linuxabi.EBUSY)
	wantErr(t, "rename onto mountpoint", vfs.Rename(e.c, e.root, "d", e.root, "mnt", 0), linuxabi.EBUSY)
	wantErr(t, "rmdir mounted root", vfs.Rmdir(e.c, e.root, "mnt/."), linuxabi.EINVAL)
	// A chroot into the mounted filesystem stops ".." at its root.
	c := e.c
	c.Root = sub.Root()
	if i, err := vfs.Lookup(c, sub.Root(), "inner/../../..", 0); err != nil || i != sub.Root() {
		t.Errorf("chroot ..: %v", err)
	}
}

// Paths cross mounts: getcwd(2) and /proc/mounts' mountpoints, and
// "(unreachable)" for what is outside the caller's root.
func TestMountPaths(t *testing.T) {
	e, sub := mountEnv(t)
	inner := e.get("mnt/inner")
	if p, err := vfs.Getcwd(e.c, inner); err != nil || p != "/mnt/inner" {
		t.Errorf("getcwd %q %v", p, err)
	}
	c := e.c
	c.Root = sub.Root()
	if p, _ := vfs.Getcwd(c, inner); p != "/inner" {
		t.Errorf("getcwd in chroot %q", p)
	}
	e.mkdir("out")
	if p, _ := vfs.Getcwd(c, e.get("out")); p != "(unreachable)/out" {
		t.Errorf("getcwd outside the root %q", p)
	}
	f, err := vfs.Open(e.c, e.root, "mnt/inner/file", linuxabi.O_RDONLY, 0)
	e.ok(err)
	if p := f.Dentry().Path(e.c); p != "/mnt/inner/file" {
		t.Errorf("file path %q", p)
	}
	e.ok(vfs.Unlink(e.c, e.root, "mnt/inner/file"))
	if p := f.Dentry().Path(e.c); p != "/mnt/inner/file (deleted)" {
		t.Errorf("deleted file path %q", p)
	}
	var found bool
	for _, m := range vfs.Mounts(e.c) {
		if m.Mountpoint == "/mnt" && m.Type == "tmpfs" && m.Source == "none" {
			found = true
		}
	}
	if !found {
		t.Errorf("/mnt not in %+v", vfs.Mounts(e.c))
	}
	for _, m := range vfs.Mounts(c) {
		if m.Mountpoint != "/" {
			t.Errorf("chrooted caller sees %+v", m)
		}
	}
}

// Unmounting: EINVAL for what is not a mount, EBUSY with mounts inside
// unless MNT_DETACH, which takes them along; afterwards the mountpoint's
// own contents are back.
func TestUnmount(t *testing.T) {
	e, sub := mountEnv(t)
	in := tmpfs.New(e.clock.now)
	e.ok(vfs.Mount(in, e.get("mnt/inner"), "x", "tmpfs", 0))
	wantErr(t, "not mounted", vfs.Unmount(tmpfs.New(e.clock.now), 0), linuxabi.EINVAL)
	wantErr(t, "root", vfs.Unmount(e.fs, 0), linuxabi.EBUSY)
	wantErr(t, "busy", vfs.Unmount(sub, 0), linuxabi.EBUSY)
	if !e.get("mnt/inner").IsMountRoot() || e.get("mnt/inner").FS() != in {
		t.Errorf("mnt/inner is not the inner mount")
	}
	e.ok(vfs.Unmount(sub, linuxabi.MNT_DETACH))
	if e.read("mnt/hidden") != "under" {
		t.Errorf("the mountpoint's file is not back")
	}
	wantErr(t, "again", vfs.Unmount(in, 0), linuxabi.EINVAL)
	for _, m := range vfs.Mounts(e.c) {
		if strings.HasPrefix(m.Mountpoint, "/mnt") {
			t.Errorf("still listed: %+v", m)
		}
	}
}

// Mounting on a directory with a mount stacks the new one on top; a
// read-only mount refuses changes (EROFS).
func TestMountStackAndReadOnly(t *testing.T) {
	e, _ := mountEnv(t)
	top := tmpfs.New(e.clock.now)
	e.ok(vfs.Mount(top, e.get("mnt"), "top", "tmpfs", vfs.MountReadOnly))
	if e.get("mnt") != top.Root() {
		t.Fatalf("new mount is not on top")
	}
	wantErr(t, "mkdir on ro", vfs.Mkdir(e.c, e.root, "mnt/x", 0o755), linuxabi.EROFS)
	_, err := vfs.Open(e.c, e.root, "mnt/f", linuxabi.O_WRONLY|linuxabi.O_CREAT, 0o644)
	wantErr(t, "create on ro", err, linuxabi.EROFS)
	if st := top.Root().StatFS(); st.Flags&linuxabi.ST_RDONLY == 0 {
		t.Errorf("statfs flags %#x", st.Flags)
	}
	wantErr(t, "mount on file", vfs.Mount(tmpfs.New(e.clock.now), e.write("f", ""), "", "tmpfs", 0), linuxabi.ENOTDIR)
}

func TestRegisterFilesystem(t *testing.T) {
	ft := &vfs.FilesystemType{Name: "testfs-register"}
	e := vfs.RegisterFilesystem(ft)
	wantErr(t, "first", e, nil)
	wantErr(t, "again", vfs.RegisterFilesystem(&vfs.FilesystemType{Name: "testfs-register"}), linuxabi.EBUSY)
	if vfs.FilesystemByName("testfs-register") != ft || vfs.FilesystemByName("nope") != nil {
		t.Errorf("FilesystemByName")
	}
}

// MS_MOVE takes a mount, with what is inside it, to another directory;
// moving it below itself is ELOOP.
func TestMove(t *testing.T) {
	e, sub := mountEnv(t)
	e.mkdir("dest")
	wantErr(t, "into itself", vfs.Move(sub, e.get("mnt/inner")), linuxabi.ELOOP)
	wantErr(t, "root", vfs.Move(e.fs, e.get("dest")), linuxabi.EINVAL)
	e.ok(vfs.Move(sub, e.get("dest")))
	if e.read("dest/inner/file") != "over" || e.read("mnt/hidden") != "under" {
		t.Errorf("move did not move")
	}
	if p, _ := vfs.Getcwd(e.c, e.get("dest/inner")); p != "/dest/inner" {
		t.Errorf("path after move %q", p)
	}
	e.ok(vfs.Unmount(sub, 0))
}
