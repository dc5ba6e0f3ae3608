// Package devicetree parses a flattened devicetree blob (DTB), the
// hardware description that firmware or the boot loader hands to the kernel
// on arm64, and answers the questions the kernel asks of it at boot: where
// memory and the reserved regions are, what the command line and initrd are,
// and where each device's registers and interrupts are.
//
// The format and the meaning of the standard properties follow the
// Devicetree Specification, release v0.4 (referred to below as "DT spec"):
// §5 for the blob layout, §2.3 for standard properties, §2.4 for interrupts,
// §3 for the /aliases, /memory and /chosen nodes. Where the specification
// leaves room, behaviour follows Linux's drivers/of.
//
// Parse builds an in-memory tree whose property values alias the blob: the
// caller must keep the blob alive and unmodified while the tree is in use.
// Parse never panics on malformed input; it returns an error instead.
package devicetree
