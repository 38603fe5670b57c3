// A team of threads that runs a training step's parallel phases: each phase is a number of
// independent tasks, handed out one at a time to whichever thread is free (the caller works too);
// run() returns when every task of the phase is done.
//
// Why not OpenMP here: libgomp's threads spin while they wait (its default, and "active"), and on
// a machine whose cores are shared (the app's UI thread, other programs) a spinning thread burns
// the very core its partner needs: the reference step took 67 ms with libgomp's default wait
// policy against 28 ms with OMP_WAIT_POLICY=passive on the busy 2-core machine, and the policy
// can only be chosen by an environment variable before the program starts. A TaskTeam's threads
// spin for at most a few tens of microseconds, then sleep on a condition variable, whatever the
// environment. The caller waits only for tasks already claimed: a worker the OS has not woken
// yet holds up nothing, and joins the phase (or a later one) when it runs.
//
// Tasks must not throw. One caller at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace towerlab {

class TaskTeam {
public:
    explicit TaskTeam(int threads = 1);  // threads - 1 workers besides the caller
    ~TaskTeam();
    TaskTeam(const TaskTeam&) = delete;
    TaskTeam& operator=(const TaskTeam&) = delete;

    int threads() const { return static_cast<int>(workers_.size()) + 1; }

    // Runs f(t) for every t in [0, tasks) on the team and returns when all are done.
    template <typename F>
    void run(int tasks, F&& f) {
        run_phase(tasks, [](void* fn, int t) { (*static_cast<std::remove_reference_t<F>*>(fn))(t); }, &f);
    }

private:
    using TaskFn = void (*)(void*, int);
    struct Phase {
        TaskFn fn = nullptr;
        void* ctx = nullptr;
        int tasks = 0;
        uint32_t generation = 0;
    };
    void run_phase(int tasks, TaskFn fn, void* ctx);
    void worker_loop();
    int work(const Phase& p);  // claims and runs tasks of phase p until none is left; returns how many

    std::vector<std::thread> workers_;
    std::mutex mu_;
    std::condition_variable wake_, done_;
    Phase phase_;                          // guarded by mu_
    bool stop_ = false;                    // guarded by mu_
    std::atomic<uint32_t> generation_{0};  // of the current phase
    std::atomic<uint64_t> next_{0};        // generation << 32 | next unclaimed task
    std::atomic<int> finished_{0};         // tasks of the current phase done
};

}  // namespace towerlab
