#include "progress_bar.h"

#include <cstdio>
#include <unistd.h>

namespace towerlab::cli {

ProgressBar::ProgressBar(long total, bool enabled)
    : total_(total), enabled_(enabled), tty_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressBar::update(long done, double loss, const std::string& extra) {
    if (!enabled_ || total_ <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const long decile = done * 10 / total_;
    const bool redraw = tty_ ? std::chrono::duration<double>(now - last_draw_).count() > 0.2 || done == total_
                             : decile != last_decile_;
    if (!redraw) return;
    last_draw_ = now;
    last_decile_ = decile;
    const double rate = elapsed > 0 ? done / elapsed : 0;
    const double eta = rate > 0 ? (total_ - done) / rate : 0;
    const int width = 24, filled = static_cast<int>(width * done / total_);
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < width) bar += '>' + std::string(static_cast<size_t>(width - filled - 1), ' ');
    std::fprintf(stderr, "%s step %ld/%ld [%s] %5.1f steps/s  loss %.4f  ETA %4.0fs %s%s", tty_ ? "\r" : "", done,
                 total_, bar.c_str(), rate, loss, eta, extra.c_str(), tty_ ? "   " : "\n");
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

}  // namespace towerlab::cli
