package klog

// Message log levels, include/linux/kern_levels.h. A message is shown on
// the console when its level is below the console log level.
const (
	KernEmerg   = 0 // system is unusable
	KernAlert   = 1 // action must be taken immediately
	KernCrit    = 2 // critical conditions
	KernErr     = 3 // error conditions
	KernWarning = 4 // warning conditions
	KernNotice  = 5 // normal but significant condition
	KernInfo    = 6 // informational
	KernDebug   = 7 // debug-level messages

	// LogLevelDefault (LOGLEVEL_DEFAULT) passed to Printf means "no
	// level": the message's KERN_<LEVEL> prefix, if any, decides, and
	// MessageLogLevelDefault otherwise.
	LogLevelDefault = -1
	// MessageLogLevelDefault is CONFIG_MESSAGE_LOGLEVEL_DEFAULT.
	MessageLogLevelDefault = KernWarning
)

// Console log levels, include/linux/printk.h.
const (
	ConsoleLogLevelMin     = 1  // CONSOLE_LOGLEVEL_MIN, set by SyslogActionConsoleOff
	ConsoleLogLevelQuiet   = 4  // CONSOLE_LOGLEVEL_QUIET, the "quiet" parameter
	ConsoleLogLevelDefault = 7  // CONFIG_CONSOLE_LOGLEVEL_DEFAULT
	ConsoleLogLevelDebug   = 10 // CONSOLE_LOGLEVEL_DEBUG, the "debug" parameter
)

// KernSOH starts a KERN_<LEVEL> prefix, which is KernSOH followed by the
// level digit, e.g. "\x01" "3" for KERN_ERR (include/linux/kern_levels.h).
// KernSOH followed by 'c' is KERN_CONT.
const KernSOH = "\x01"

// parsePrefix strips the KERN_<LEVEL> and KERN_CONT prefixes from msg as
// kernel/printk/printk.c printk_parse_prefix() does; the first level
// prefix sets level if it is LogLevelDefault. tamix does not join
// KERN_CONT continuations to the previous record: each is its own record.
func parsePrefix(msg []byte, level int) ([]byte, int) {
	for len(msg) >= 2 && msg[0] == KernSOH[0] {
		switch c := msg[1]; {
		case '0' <= c && c <= '7':
			if level == LogLevelDefault {
				level = int(c - '0')
			}
		case c == 'c':
		default:
			return msg, level
		}
		msg = msg[2:]
	}
	return msg, level
}
