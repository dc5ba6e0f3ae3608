// Package vfs is tamix's virtual filesystem: inodes, path resolution and
// open file descriptions, with Linux's semantics (fs/namei.c, fs/open.c,
// fs/read_write.c, fs/readdir.c, fs/libfs.c and the man 2 pages of the
// calls). The system calls that take paths or file descriptors sit on it.
//
// A filesystem (FS) is made from a Store, which keeps only directory
// entries and file bytes; tamix's tmpfs is one. The VFS itself keeps
// every inode's attributes and does the namespace rules: Lookup resolves
// paths as namei does; Open, Mkdir, Mknod, Symlink, Link, Unlink, Rmdir
// and Rename change the tree; Inode's methods change attributes; File
// reads, writes, seeks and lists directories. Errors are
// linuxabi.Errno values.
//
// Filesystems are mounted on directories (mount.go): a walk that reaches
// a mountpoint goes on at the mounted root, ".." at a mounted root goes
// to the mountpoint's parent, and the mount table is what /proc/mounts
// lists. Filesystem types register by name (RegisterFilesystem) for
// mount(2) to find. Synthetic filesystems such as procfs make their own
// inodes (synthetic.go): computed directories, files generated when read
// and symbolic links computed per caller, including "magic" links that
// jump to a file.
//
// Permissions are checked as generic_permission does, without ACLs
// (perm.go): path walks need search permission, creating and removing
// need write and search on the directory (and, in a sticky one, owning
// the directory or the file), opens need read or write. Caller's fsuid 0
// stands for root's capabilities.
//
// Everything is safe for concurrent use; README.md gives the lock order.
package vfs
