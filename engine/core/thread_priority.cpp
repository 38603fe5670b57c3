#include "core/thread_priority.h"

#include <algorithm>

#if defined(__linux__)
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace towerlab {

int this_thread_nice() {
#if defined(__linux__)
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, tid);
    return errno == 0 ? nice : 0;
#else
    return 0;
#endif
}

int lower_this_thread_priority(int increment) {
#if defined(__linux__)
    if (increment <= 0) return this_thread_nice();
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    // Raising the nice value needs no privilege; failing to is harmless (the task runs as before).
    setpriority(PRIO_PROCESS, tid, std::min(19, this_thread_nice() + std::min(increment, 19)));
#else
    (void)increment;
#endif
    return this_thread_nice();
}

}  // namespace towerlab
