// Package diff is tamix's differential end-to-end suite: a table of
// busybox sh cases plus the probe programs from tests/progs run in one
// initramfs, once on Linux (tests/oracle) and once on tamix per board, and
// every case's output and exit status must match. See README.md.
package diff
