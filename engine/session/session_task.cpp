#include "session/session_task.h"

#include <chrono>
#include <exception>

#include "core/thread_priority.h"

namespace towerlab {

SessionTask::SessionTask(std::string name, std::function<void()> on_change) : on_change_(std::move(on_change)) {
    status_.name = std::move(name);
}

SessionTask::~SessionTask() {
    std::vector<Run> runs;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        for (Run& r : runs_) r.ctx->cancel_ = true;
        runs.swap(runs_);
        on_change_ = nullptr;
    }
    for (Run& r : runs)
        if (r.thread.joinable()) r.thread.join();
}

void SessionTask::changed() {
    std::function<void()> f;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        f = on_change_;
    }
    if (f) f();
}

void SessionTask::reap_finished() {
    for (auto it = runs_.begin(); it != runs_.end();) {
        if (it->ctx != current_ && it->ctx->done_.load()) {
            if (it->thread.joinable()) it->thread.join();
            it = runs_.erase(it);
        } else {
            ++it;
        }
    }
}

void SessionTask::start(Job job, const std::string& first_stage) {
    auto ctx = std::make_shared<TaskContext>();
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (current_) current_->cancel_ = true;
        reap_finished();
        ctx->serial_ = ++status_.serial;
        current_ = ctx;
        status_.stage = first_stage;
        status_.fraction = -1;
        status_.running = true;
        status_.cancelled = status_.finished = false;
        status_.error.clear();
        Run run;
        run.ctx = ctx;
        run.thread = std::thread([this, ctx, job = std::move(job), nice = nice_] {
            lower_this_thread_priority(nice);
            std::string error;
            try {
                job(*ctx);
            } catch (const std::exception& e) {
                error = e.what();
            } catch (...) {
                error = "unknown error";
            }
            {
                std::lock_guard<std::mutex> lk2(mutex_);
                if (current_ == ctx) {
                    status_.running = false;
                    status_.cancelled = ctx->cancel_.load();
                    status_.finished = !status_.cancelled && error.empty();
                    status_.error = status_.cancelled ? "" : error;
                    if (status_.finished) status_.fraction = 1;
                }
                ctx->done_ = true;
            }
            changed();
        });
        runs_.push_back(std::move(run));
    }
    changed();
}

void SessionTask::cancel() {
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (!current_ || current_->done_.load()) return;
        current_->cancel_ = true;
        status_.stage = "cancelling";
    }
    changed();
}

void SessionTask::progress(const TaskContext& ctx, double fraction, const std::string& stage) {
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (current_.get() != &ctx || ctx.cancelled()) return;
        status_.fraction = fraction;
        status_.stage = stage;
    }
    changed();
}

bool SessionTask::publish_if_current(const TaskContext& ctx, const std::function<void()>& publish) {
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (current_.get() != &ctx || ctx.cancelled()) return false;
        publish();
    }
    changed();
    return true;
}

TaskStatus SessionTask::status() const {
    std::lock_guard<std::mutex> lk(mutex_);
    return status_;
}

bool SessionTask::wait(double timeout_s) const {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
        {
            std::lock_guard<std::mutex> lk(mutex_);
            if (!current_ || current_->done_.load()) return true;
        }
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace towerlab
