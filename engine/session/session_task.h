// Long work beside training (ImHex's tasks): a job on a thread of its own that reports progress,
// can be cancelled through an atomic flag, and hands its results to whoever started it only while
// it is still the current run. The TrainingSession runs its serving benchmark, the day-by-day
// update replay, embedding imports and lesson comparisons this way, so neither the training worker
// nor the UI ever waits for them.
//
// Starting a job while one runs cancels the old run and never waits for it: its thread retires,
// is joined once it has finished (or when the task is destroyed), and whatever it still tries to
// publish is refused (publish_if_current).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace towerlab {

struct TaskStatus {
    std::string name;           // what the task is ("update replay")
    std::string stage;          // what the current run is doing ("day 4 of 8")
    double fraction = -1;       // 0..1, negative while unknown
    bool running = false;
    bool cancelled = false;     // the last run stopped because it was cancelled
    bool finished = false;      // the last run ran to its end
    std::string error;          // the last run failed with this message
    long serial = 0;            // +1 per start, so a front end can tell runs apart
};

// What a job sees of its run.
class TaskContext {
public:
    bool cancelled() const { return cancel_.load(); }
    const std::atomic<bool>& cancel_flag() const { return cancel_; }
    long serial() const { return serial_; }

private:
    friend class SessionTask;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> done_{false};
    long serial_ = 0;
};

class SessionTask {
public:
    using Job = std::function<void(TaskContext&)>;

    // on_change is called (from any thread, no lock held) whenever the status changes.
    explicit SessionTask(std::string name, std::function<void()> on_change = {});
    ~SessionTask();  // cancels the current run and joins every thread
    SessionTask(const SessionTask&) = delete;
    SessionTask& operator=(const SessionTask&) = delete;

    // Runs `job` on a new thread; a running job is cancelled first. An exception thrown by the job
    // becomes the status's error.
    void start(Job job, const std::string& first_stage = "starting");
    // Each later run's thread lowers its priority by `increment` (core/thread_priority.h): work
    // beside training yields the CPU to training and the window. 0: as the caller's.
    void set_nice(int increment) { nice_ = increment; }
    void cancel();

    // From the job: where it is. Ignored when the run is no longer current.
    void progress(const TaskContext& ctx, double fraction, const std::string& stage);
    // Runs `publish` under the task's lock when ctx is still the current, uncancelled run; a
    // cancelled or superseded run's results are dropped. Returns whether it ran.
    bool publish_if_current(const TaskContext& ctx, const std::function<void()>& publish);

    TaskStatus status() const;
    // Blocks until the current run has ended or timeout_s passed; true if it ended. For tests.
    bool wait(double timeout_s) const;

private:
    int nice_ = 0;
    struct Run {
        std::thread thread;
        std::shared_ptr<TaskContext> ctx;
    };
    void reap_finished();  // joins retired runs that have ended; lock held
    void changed();

    std::function<void()> on_change_;
    mutable std::mutex mutex_;
    TaskStatus status_;
    std::shared_ptr<TaskContext> current_;
    std::vector<Run> runs_;  // the current run last; earlier ones retire here until joined
};

}  // namespace towerlab
