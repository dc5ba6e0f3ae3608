package vfs

import (
	"slices"

	"github.com/tamix/tamix/linuxabi"
)

// Access requests: MAY_EXEC, MAY_WRITE and MAY_READ (include/linux/fs.h),
// the bits access(2)'s X_OK, W_OK and R_OK are too.
const (
	MayExec  = 1
	MayWrite = 2
	MayRead  = 4
)

// inGroup reports whether gid is c's filesystem group or one of its
// supplementary groups (in_group_p).
func (c Caller) inGroup(gid uint32) bool {
	return c.GID == gid || slices.Contains(c.Groups, gid)
}

// privileged is whether c overrides permissions: tamix has no capability
// sets, and fsuid 0 stands for CAP_DAC_OVERRIDE, CAP_FOWNER and
// CAP_CHOWN, as Linux's capability emulation gives them to root.
func (c Caller) privileged() bool { return c.UID == 0 }

// Permission checks c's access to i for the requests in mask
// (generic_permission in fs/namei.c, without ACLs): the owner's bits if
// c's fsuid owns i, else the group's if i's group is one of c's, else
// the others'. A privileged caller may read and write anything and
// search any directory, and execute a file that has any execute bit.
// EACCES if refused.
func (i *Inode) Permission(c Caller, mask int) error {
	i.attrMu.Lock()
	mode, uid, gid := i.mode, i.uid, i.gid
	i.attrMu.Unlock()
	if c.privileged() {
		if mask&MayExec == 0 || i.isDir() || mode&0o111 != 0 {
			return nil
		}
		return linuxabi.EACCES
	}
	bits := mode
	switch {
	case c.UID == uid:
		bits >>= 6
	case c.inGroup(gid):
		bits >>= 3
	}
	if uint32(mask)&^bits&7 != 0 {
		return linuxabi.EACCES
	}
	return nil
}

// OwnerOrPrivileged is inode_owner_or_capable: whether c may change i's
// mode, times or group as its owner (EPERM otherwise).
func (i *Inode) OwnerOrPrivileged(c Caller) error {
	i.attrMu.Lock()
	uid := i.uid
	i.attrMu.Unlock()
	if c.privileged() || c.UID == uid {
		return nil
	}
	return linuxabi.EPERM
}

// mayCreate is may_create's permission check on the directory p.
func (p *Inode) mayCreate(c Caller) error { return p.Permission(c, MayWrite|MayExec) }

// mayDelete is may_delete's checks for removing child from directory p:
// write and search permission on p and, in a sticky directory, owning
// the directory or the child (check_sticky: EPERM).
func (p *Inode) mayDelete(c Caller, child *Inode) error {
	if err := p.Permission(c, MayWrite|MayExec); err != nil {
		return err
	}
	p.attrMu.Lock()
	sticky, downer := p.mode&linuxabi.S_ISVTX != 0, p.uid
	p.attrMu.Unlock()
	if !sticky || c.privileged() || c.UID == downer {
		return nil
	}
	child.attrMu.Lock()
	owner := child.uid
	child.attrMu.Unlock()
	if c.UID != owner {
		return linuxabi.EPERM
	}
	return nil
}

// mayOpen is may_open's permission check for opening i with flags:
// reading for O_RDONLY and O_RDWR, writing for O_WRONLY, O_RDWR and
// O_TRUNC; nothing for O_PATH.
func (i *Inode) mayOpen(c Caller, flags int) error {
	if flags&linuxabi.O_PATH != 0 {
		return nil
	}
	mask := 0
	switch flags & linuxabi.O_ACCMODE {
	case linuxabi.O_RDONLY:
		mask = MayRead
	case linuxabi.O_WRONLY:
		mask = MayWrite
	default:
		mask = MayRead | MayWrite
	}
	if flags&linuxabi.O_TRUNC != 0 {
		mask |= MayWrite
	}
	return i.Permission(c, mask)
}
