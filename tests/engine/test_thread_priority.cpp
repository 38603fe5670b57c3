// Background work yields the CPU (core/thread_priority.h): a thread raises its own nice value and
// no other thread's, and a session task's runs start at the lower priority it was given.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "core/thread_priority.h"
#include "session/session_task.h"

using namespace towerlab;

TEST_CASE("a thread lowers its own priority, not its creator's", "[threads]") {
    const int base = this_thread_nice();
    int inside = -100;
    std::thread t([&] { inside = lower_this_thread_priority(3); });
    t.join();
#if defined(__linux__)
    CHECK(inside == std::min(19, base + 3));
#endif
    CHECK(this_thread_nice() == base);  // the caller is untouched
    CHECK(lower_this_thread_priority(0) == base);  // nothing asked, nothing changed
}

TEST_CASE("a session task's job runs at the priority the task was given", "[threads][session]") {
    const int base = this_thread_nice();
    SessionTask task("test");
    task.set_nice(5);
    int seen = -100;
    task.start([&](TaskContext&) { seen = this_thread_nice(); });
    REQUIRE(task.wait(10));
#if defined(__linux__)
    CHECK(seen == std::min(19, base + 5));
#else
    CHECK(seen == 0);
#endif
}
