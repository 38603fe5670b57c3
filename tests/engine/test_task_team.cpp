// The task team that runs a training step's parallel phases: every task of a phase runs exactly
// once, run() returns only when all are done, and phases follow each other without mixing.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "core/task_team.h"

using namespace towerlab;

TEST_CASE("a task team runs every task of every phase exactly once, phase after phase", "[kernel][threads]") {
    for (int threads : {1, 2, 3, 5}) {
        TaskTeam team(threads);
        CHECK(team.threads() == threads);
        std::vector<std::atomic<int>> runs(97);
        for (int phase = 0; phase < 400; ++phase) {
            const int tasks = 1 + phase % 97;
            for (auto& r : runs) r.store(0);
            std::atomic<int> total{0};
            team.run(tasks, [&](int t) {
                runs[static_cast<size_t>(t)].fetch_add(1);
                if (t % 7 == 0) std::this_thread::yield();  // uneven tasks
                total.fetch_add(1);
            });
            // run() has returned: every task is finished and none runs late
            INFO("threads " << threads << " phase " << phase);
            REQUIRE(total.load() == tasks);
            for (int t = 0; t < 97; ++t) REQUIRE(runs[static_cast<size_t>(t)].load() == (t < tasks ? 1 : 0));
        }
        team.run(0, [](int) { FAIL("no task to run"); });
    }
}
