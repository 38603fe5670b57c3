#include "core/task_team.h"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TOWERLAB_PAUSE() _mm_pause()
#else
#define TOWERLAB_PAUSE() std::this_thread::yield()
#endif

namespace towerlab {

namespace {
// How long a thread spins before it sleeps: long enough to bridge the gap between two phases of
// a step on an idle machine, short enough that a busy one loses almost nothing.
constexpr std::chrono::microseconds kSpin{30};

template <typename Done>
bool spin_until(Done&& done) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 0;; ++i) {
        if (done()) return true;
        TOWERLAB_PAUSE();
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) return done();
    }
}
}  // namespace

TaskTeam::TaskTeam(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

TaskTeam::~TaskTeam() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
}

int TaskTeam::work(const Phase& p) {
    int done = 0;
    uint64_t v = next_.load(std::memory_order_acquire);
    for (;;) {
        // A task is claimed only while the phase is still p's: a late worker never runs a task of
        // a phase it did not see start.
        if (static_cast<uint32_t>(v >> 32) != p.generation || static_cast<int>(v & 0xffffffffu) >= p.tasks) break;
        if (!next_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) continue;
        p.fn(p.ctx, static_cast<int>(v & 0xffffffffu));
        ++done;
        v = next_.load(std::memory_order_acquire);
    }
    if (done > 0 && finished_.fetch_add(done, std::memory_order_acq_rel) + done == p.tasks) {
        std::lock_guard<std::mutex> lock(mu_);
        done_.notify_one();
    }
    return done;
}

void TaskTeam::run_phase(int tasks, TaskFn fn, void* ctx) {
    if (tasks <= 0) return;
    if (workers_.empty() || tasks == 1) {
        for (int t = 0; t < tasks; ++t) fn(ctx, t);
        return;
    }
    Phase p;
    {
        std::lock_guard<std::mutex> lock(mu_);
        p = Phase{fn, ctx, tasks, generation_.load(std::memory_order_relaxed) + 1};
        phase_ = p;
        finished_.store(0, std::memory_order_relaxed);
        next_.store(static_cast<uint64_t>(p.generation) << 32, std::memory_order_release);
        generation_.store(p.generation, std::memory_order_release);
    }
    wake_.notify_all();
    work(p);
    auto all_done = [&] { return finished_.load(std::memory_order_acquire) == tasks; };
    if (spin_until(all_done)) return;
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, all_done);
}

void TaskTeam::worker_loop() {
    uint32_t seen = 0;
    for (;;) {
        spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; });
        Phase p;
        {
            std::unique_lock<std::mutex> lock(mu_);
            wake_.wait(lock, [&] { return stop_ || generation_.load(std::memory_order_acquire) != seen; });
            if (stop_) return;
            p = phase_;
            seen = p.generation;
        }
        work(p);
    }
}

}  // namespace towerlab
