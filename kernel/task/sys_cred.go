package task

import (
	"slices"

	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_SETUID, sysSetuid, Full, "")
	register(linuxabi.SYS_SETGID, sysSetgid, Full, "")
	register(linuxabi.SYS_SETREUID, sysSetreuid, Full, "")
	register(linuxabi.SYS_SETREGID, sysSetregid, Full, "")
	register(linuxabi.SYS_SETRESUID, sysSetresuid, Full, "")
	register(linuxabi.SYS_SETRESGID, sysSetresgid, Full, "")
	register(linuxabi.SYS_SETFSUID, sysSetfsuid, Full, "")
	register(linuxabi.SYS_SETFSGID, sysSetfsgid, Full, "")
	register(linuxabi.SYS_SETGROUPS, sysSetgroups, Full, "")
}

// Credentials are the process's (glibc and Go apply set*id to every
// thread anyway). tamix has no capability sets: a process is privileged
// for CAP_SETUID and CAP_SETGID while its effective uid is 0, which is
// what Linux's capability emulation of set*id gives a process without
// file capabilities or SECBIT_KEEP_CAPS (cap_emulate_setxuid).

// noID is (uid_t)-1: "unchanged" for the set*id calls that take it.
const noID = ^uint32(0)

// idSet is one of the two families: the user or the group ids.
type idSet struct{ real, eff, saved, fs *uint32 }

func (c *creds) uids() idSet { return idSet{&c.uid, &c.euid, &c.suid, &c.fsuid} }
func (c *creds) gids() idSet { return idSet{&c.gid, &c.egid, &c.sgid, &c.fsgid} }

// setCreds runs change on a copy of the process's credentials and keeps
// the result unless change fails.
func (t *Task) setCreds(change func(c *creds, privileged bool) error) error {
	p := t.p
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.creds
	c.groups = slices.Clone(c.groups)
	if err := change(&c, p.creds.euid == 0); err != nil {
		return err
	}
	p.creds = c
	return nil
}

// oneOf reports whether id is one of the ids.
func oneOf(id uint32, ids ...uint32) bool { return slices.Contains(ids, id) }

// setID is setuid(2)/setgid(2) (__sys_setuid): privileged, all of real,
// effective, saved and filesystem id; else the effective (and fs) id, if
// it is the real or saved one.
func setID(s idSet, id uint32, privileged bool) error {
	switch {
	case id == noID:
		return linuxabi.EINVAL
	case privileged:
		*s.real, *s.saved = id, id
	case id != *s.real && id != *s.saved:
		return linuxabi.EPERM
	}
	*s.eff, *s.fs = id, id
	return nil
}

// setREID is setreuid(2)/setregid(2) (__sys_setreuid): -1 leaves an id
// alone; unprivileged, the real id may become the effective one, and the
// effective id the real or saved one. The saved id follows the effective
// one if the real id changed or the effective id became other than the
// old real id.
func setREID(s idSet, r, e uint32, privileged bool) error {
	oldReal, oldEff, oldSaved := *s.real, *s.eff, *s.saved
	if r != noID && !privileged && !oneOf(r, oldReal, oldEff) ||
		e != noID && !privileged && !oneOf(e, oldReal, oldEff, oldSaved) {
		return linuxabi.EPERM
	}
	if r != noID {
		*s.real = r
	}
	if e != noID {
		*s.eff = e
	}
	if r != noID || e != noID && e != oldReal {
		*s.saved = *s.eff
	}
	*s.fs = *s.eff
	return nil
}

// setRESID is setresuid(2)/setresgid(2): -1 leaves an id alone;
// unprivileged, each new id must be one of the old real, effective and
// saved ones.
func setRESID(s idSet, r, e, sv uint32, privileged bool) error {
	oldReal, oldEff, oldSaved := *s.real, *s.eff, *s.saved
	for _, id := range []uint32{r, e, sv} {
		if id != noID && !privileged && !oneOf(id, oldReal, oldEff, oldSaved) {
			return linuxabi.EPERM
		}
	}
	for _, f := range []struct {
		id  uint32
		dst *uint32
	}{{r, s.real}, {e, s.eff}, {sv, s.saved}} {
		if f.id != noID {
			*f.dst = f.id
		}
	}
	*s.fs = *s.eff
	return nil
}

func sysSetuid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error { return setID(c.uids(), uint32(a[0]), priv) })
}

func sysSetgid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error { return setID(c.gids(), uint32(a[0]), priv) })
}

func sysSetreuid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error { return setREID(c.uids(), uint32(a[0]), uint32(a[1]), priv) })
}

func sysSetregid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error { return setREID(c.gids(), uint32(a[0]), uint32(a[1]), priv) })
}

func sysSetresuid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error {
		return setRESID(c.uids(), uint32(a[0]), uint32(a[1]), uint32(a[2]), priv)
	})
}

func sysSetresgid(t *Task, a args) (uint64, error) {
	return 0, t.setCreds(func(c *creds, priv bool) error {
		return setRESID(c.gids(), uint32(a[0]), uint32(a[1]), uint32(a[2]), priv)
	})
}

// setFSID is setfsuid(2)/setfsgid(2): it returns the old filesystem id
// whether or not it changed it, which it does if privileged or if the
// new id is one of the real, effective, saved and filesystem ids.
func (t *Task) setFSID(ids func(c *creds) idSet, id uint32) uint64 {
	var old uint32
	t.setCreds(func(c *creds, priv bool) error {
		s := ids(c)
		old = *s.fs
		if id != noID && (priv || oneOf(id, *s.real, *s.eff, *s.saved, *s.fs)) {
			*s.fs = id
		}
		return nil
	})
	return uint64(old)
}

func sysSetfsuid(t *Task, a args) (uint64, error) {
	return t.setFSID((*creds).uids, uint32(a[0])), nil
}

func sysSetfsgid(t *Task, a args) (uint64, error) {
	return t.setFSID((*creds).gids, uint32(a[0])), nil
}

// ngroupsMax is NGROUPS_MAX.
const ngroupsMax = 65536

// sysSetgroups implements Linux system call setgroups(2): privileged
// only; the list is kept sorted, as groups_sort does.
func sysSetgroups(t *Task, a args) (uint64, error) {
	n := a[0]
	if n > ngroupsMax {
		return 0, linuxabi.EINVAL
	}
	groups := make([]uint32, n)
	for i := range groups {
		id, err := t.readU32(a[1] + uint64(4*i))
		if err != nil {
			return 0, err
		}
		groups[i] = id
	}
	slices.Sort(groups)
	return 0, t.setCreds(func(c *creds, priv bool) error {
		if !priv {
			return linuxabi.EPERM
		}
		c.groups = groups
		return nil
	})
}
