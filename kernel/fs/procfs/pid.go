package procfs

import (
	"fmt"
	"strconv"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

var errSrch error = linuxabi.ESRCH

// pidEntry is /proc/<pid>: a directory owned by the process's effective
// user, as pid_revalidate() makes it.
func (p *procfs) pidEntry(pid int) entry {
	return entry{strconv.Itoa(pid), func(parent *vfs.Inode, name string) *vfs.Inode {
		i := p.newDir(parent, name, 0o555, p.pidFiles(pid, 0))
		if pr, ok := p.k.Process(pid, 0); ok {
			i.SetOwner(pr.UID[1], pr.GID[1])
		}
		return i
	}}
}

// process is the snapshot a file of pid (thread tid, or the whole group
// for 0) shows to c. A process reading about itself is running, which
// is what Linux's reader sees of itself.
func (p *procfs) process(c vfs.Caller, pid, tid int) (Process, error) {
	pr, ok := p.k.Process(pid, tid)
	if !ok {
		return pr, errSrch
	}
	if pr.State == 'S' && c.PID == pid && (tid == 0 || tid == c.TID) {
		pr.State = 'R'
	}
	return pr, nil
}

// pidFiles lists /proc/<pid> (tgid_base_stuff in fs/proc/base.c), or for
// tid != 0 /proc/<pid>/task/<tid> (tid_base_stuff).
func (p *procfs) pidFiles(pid, tid int) func() []entry {
	gen := func(name string, mode uint32, f func(c vfs.Caller) (string, error)) entry {
		return p.file(name, mode, func(c vfs.Caller) ([]byte, error) {
			s, err := f(c)
			return []byte(s), err
		})
	}
	ents := []entry{
		p.file("cmdline", 0o444, func(vfs.Caller) ([]byte, error) { return p.k.Cmdline(pid) }),
		gen("comm", 0o644, func(c vfs.Caller) (string, error) {
			pr, err := p.process(c, pid, tid)
			return pr.Comm + "\n", err
		}),
		p.link("cwd", 0o777, magicLink(func(vfs.Caller) (vfs.Dentry, string, error) {
			c, cwd, ok := p.k.FS(pid)
			if !ok {
				return vfs.Dentry{}, "", errNoEnt
			}
			d := vfs.Dentry{Inode: cwd}
			return d, d.Path(c), nil
		})),
		p.file("environ", 0o400, func(vfs.Caller) ([]byte, error) { return p.k.Environ(pid) }),
		p.link("exe", 0o777, magicLink(func(vfs.Caller) (vfs.Dentry, string, error) {
			exe, ok := p.k.Exe(pid)
			if !ok {
				return vfs.Dentry{}, "", errNoEnt
			}
			c, _, _ := p.k.FS(pid)
			return exe, exe.Path(c), nil
		})),
		p.subdir("fd", 0o500, p.fdDir(pid, false)),
		p.subdir("fdinfo", 0o500, p.fdDir(pid, true)),
		gen("maps", 0o444, func(vfs.Caller) (string, error) {
			vmas, err := p.k.Maps(pid)
			return formatMaps(vmas), err
		}),
		gen("mountinfo", 0o444, func(vfs.Caller) (string, error) {
			c, _, ok := p.k.FS(pid)
			if !ok {
				return "", errSrch
			}
			return formatMountinfo(vfs.Mounts(c)), nil
		}),
		gen("mounts", 0o444, func(vfs.Caller) (string, error) {
			c, _, ok := p.k.FS(pid)
			if !ok {
				return "", errSrch
			}
			return formatMounts(vfs.Mounts(c)), nil
		}),
		p.link("root", 0o777, magicLink(func(vfs.Caller) (vfs.Dentry, string, error) {
			c, _, ok := p.k.FS(pid)
			if !ok {
				return vfs.Dentry{}, "", errNoEnt
			}
			d := vfs.Dentry{Inode: c.Root}
			return d, d.Path(c), nil
		})),
		gen("stat", 0o444, func(c vfs.Caller) (string, error) {
			pr, err := p.process(c, pid, tid)
			return formatStat(pr), err
		}),
		gen("statm", 0o444, func(c vfs.Caller) (string, error) {
			pr, err := p.process(c, pid, tid)
			return formatStatm(pr.Mem), err
		}),
		gen("status", 0o444, func(c vfs.Caller) (string, error) {
			pr, err := p.process(c, pid, tid)
			return formatStatus(pr), err
		}),
	}
	if tid == 0 {
		ents = append(ents, p.subdir("task", 0o555, func() []entry {
			var ts []entry
			for _, t := range p.k.Threads(pid) {
				ts = append(ts, p.subdir(strconv.Itoa(t), 0o555, p.pidFiles(pid, t)))
			}
			return ts
		}))
	}
	return fixed(ents...)
}

// fdDir lists /proc/<pid>/fd, whose entries are magic links to the open
// files (proc_fd_link()), or with info /proc/<pid>/fdinfo, whose files
// give each one's position, flags, mount and inode (seq_show() in
// fs/proc/fd.c).
func (p *procfs) fdDir(pid int, info bool) func() []entry {
	return func() []entry {
		files, _ := p.k.Files(pid)
		ents := make([]entry, 0, len(files))
		for _, f := range files {
			fd := f.FD
			name := strconv.Itoa(fd)
			if info {
				ents = append(ents, p.file(name, 0o444, func(vfs.Caller) ([]byte, error) {
					f, ok := p.fileOf(pid, fd)
					if !ok {
						return nil, errNoEnt
					}
					mnt, ino := 0, uint64(0)
					if i := f.Dentry.Inode; i != nil {
						mnt, ino = i.FS().MountID(), i.Ino()
					}
					return fmt.Appendf(nil, "pos:\t%d\nflags:\t0%o\nmnt_id:\t%d\nino:\t%d\n", f.Pos, f.Flags, mnt, ino), nil
				}))
				continue
			}
			mode := uint32(0)
			switch f.Flags & linuxabi.O_ACCMODE {
			case linuxabi.O_RDONLY:
				mode = 0o500
			case linuxabi.O_WRONLY:
				mode = 0o200
			default:
				mode = 0o700
			}
			ents = append(ents, p.link(name, mode, magicLink(func(vfs.Caller) (vfs.Dentry, string, error) {
				f, ok := p.fileOf(pid, fd)
				switch {
				case !ok:
					return vfs.Dentry{}, "", errNoEnt
				case f.Dentry.Inode == nil:
					return vfs.Dentry{}, f.Anon, nil
				}
				c, _, _ := p.k.FS(pid)
				return f.Dentry, f.Dentry.Path(c), nil
			})))
		}
		return ents
	}
}

// fileOf is descriptor fd of pid.
func (p *procfs) fileOf(pid, fd int) (File, bool) {
	files, err := p.k.Files(pid)
	if err != nil {
		return File{}, false
	}
	for _, f := range files {
		if f.FD == fd {
			return f, true
		}
	}
	return File{}, false
}
