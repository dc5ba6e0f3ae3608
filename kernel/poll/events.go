package poll

import "github.com/tamix/tamix/linuxabi"

// alwaysPolled are the events poll(2) and epoll_wait(2) report whether or
// not they were asked for.
const alwaysPolled = linuxabi.POLLERR | linuxabi.POLLHUP | linuxabi.POLLNVAL
