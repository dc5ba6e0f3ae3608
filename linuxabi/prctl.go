package linuxabi

// prctl(2) options (include/uapi/linux/prctl.h).
const (
	PR_SET_PDEATHSIG       = 1
	PR_GET_PDEATHSIG       = 2
	PR_GET_DUMPABLE        = 3
	PR_SET_DUMPABLE        = 4
	PR_GET_KEEPCAPS        = 7
	PR_SET_KEEPCAPS        = 8
	PR_SET_NAME            = 15
	PR_GET_NAME            = 16
	PR_GET_SECCOMP         = 21
	PR_SET_SECCOMP         = 22
	PR_CAPBSET_READ        = 23
	PR_GET_TIMERSLACK      = 30
	PR_SET_TIMERSLACK      = 29
	PR_SET_CHILD_SUBREAPER = 36
	PR_GET_CHILD_SUBREAPER = 37
	PR_SET_NO_NEW_PRIVS    = 38
	PR_GET_NO_NEW_PRIVS    = 39
	PR_GET_TID_ADDRESS     = 40
	PR_SET_THP_DISABLE     = 41
	PR_GET_THP_DISABLE     = 42
	PR_SET_VMA             = 0x53564d41
)

// TASK_COMM_LEN is the size of the PR_SET_NAME/PR_GET_NAME buffer,
// including the terminating NUL (include/linux/sched.h).
const TASK_COMM_LEN = 16
