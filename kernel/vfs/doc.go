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
// Permission checks are not done yet; owners and modes are kept as
// Linux keeps them, so that they can be. There are no mount points:
// a path walk stays in one FS.
//
// Everything is safe for concurrent use; README.md gives the lock order.
package vfs
