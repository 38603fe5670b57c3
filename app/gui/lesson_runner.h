// A guided lesson (engine/lessons/lesson.h) run for the app: run_lesson() on a task of its own
// (session_task.h), beside the training worker and never on the UI thread, with progress, a stage
// text and Cancel; each lesson's latest result is kept, so a student can go back to it. The
// lessons panel draws from status() and result(); it never touches the running lesson.
//
// lesson_glyph_texts() is every Chinese text a lesson can show (titles, sentences, claims, legend
// names, the words run_lesson's verdicts and figure labels are built from): the font merges exactly
// the glyphs of the texts it is given (fonts.h), so these must be among them.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lessons/lesson.h"
#include "session/session_task.h"

namespace app {

class LessonRunner {
public:
    LessonRunner();

    // Starts `lesson` with its own preset on `threads` training threads; a running lesson is
    // cancelled first. The result replaces that lesson's previous one when it finishes.
    void start(const towerlab::Lesson& lesson, int threads);
    void cancel();

    towerlab::TaskStatus status() const;
    const std::string& running_id() const { return running_id_; }  // the last started lesson
    // The latest finished result of a lesson, or null.
    std::shared_ptr<const towerlab::LessonResult> result(const std::string& lesson_id) const;
    // +1 whenever the status or a result changes (the app redraws when it moves).
    long revision() const { return revision_.load(); }
    // Blocks until the current run has ended or timeout_s passed (tests, screenshot mode).
    bool wait(double timeout_s) const { return task_.wait(timeout_s); }

private:
    std::atomic<long> revision_{0};
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const towerlab::LessonResult>> results_;
    std::string running_id_;
    towerlab::SessionTask task_;  // last: destroyed (and joined) first
};

std::vector<std::string> lesson_glyph_texts();

}  // namespace app
