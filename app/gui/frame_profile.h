// Where a frame's time goes: named phases (ImGui's new frame with its input, the window's whole
// frame, and inside it taking the session's view and each panel, ImGui's render and the GL draw)
// timed every frame, kept over the last kWindow frames, and summarised as
// percentiles. The benchmark mode prints it, so a frame over budget names its cost instead of
// leaving it to guesswork.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace app {

class FrameProfile {
public:
    static constexpr size_t kWindow = 600;

    // Adds `seconds` to phase `name` in the frame being built (a phase may run several times).
    void add(const std::string& name, double seconds) { current_[name] += seconds; }
    // Closes the frame: every phase seen so far gets this frame's total (0 when it did not run).
    void end_frame();

    struct Phase {
        std::string name;
        double p50 = 0, p99 = 0, mean = 0;  // seconds, over the kept frames
    };
    // Every phase, the most expensive p99 first.
    std::vector<Phase> summary() const;
    size_t frames() const { return frames_; }

    // Times a scope into a phase.
    class Scope {
    public:
        Scope(FrameProfile* p, const char* name) : profile_(p), name_(name), start_(std::chrono::steady_clock::now()) {}
        ~Scope() {
            if (profile_)
                profile_->add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        FrameProfile* profile_;
        const char* name_;
        std::chrono::steady_clock::time_point start_;
    };

private:
    std::map<std::string, double> current_;
    std::map<std::string, std::deque<float>> history_;
    size_t frames_ = 0;
};

}  // namespace app
