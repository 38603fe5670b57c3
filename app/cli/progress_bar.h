// A one-line progress bar on stderr: steps/s, loss and ETA. On a terminal it redraws in place;
// otherwise (CI logs, pipes) it prints a line every tenth of the run.
#pragma once

#include <chrono>
#include <string>

namespace towerlab::cli {

class ProgressBar {
public:
    explicit ProgressBar(long total, bool enabled = true);
    void update(long done, double loss, const std::string& extra = "");
    void finish();

private:
    long total_;
    bool enabled_, tty_;
    long last_decile_ = -1;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace towerlab::cli
