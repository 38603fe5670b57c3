#include "lesson_runner.h"

namespace app {

LessonRunner::LessonRunner() : task_("lesson", [this] { ++revision_; }) {}

void LessonRunner::start(const towerlab::Lesson& lesson, int threads) {
    running_id_ = lesson.id;
    const towerlab::Lesson* l = &lesson;  // all_lessons() lives for the program
    task_.start(
        [this, l, threads](towerlab::TaskContext& ctx) {
            towerlab::LessonRunOptions o;
            o.threads = threads;
            o.cancel = &ctx.cancel_flag();
            o.on_progress = [this, &ctx](const towerlab::LessonProgress& p) { task_.progress(ctx, p.fraction, p.stage); };
            auto r = std::make_shared<const towerlab::LessonResult>(towerlab::run_lesson(*l, o));
            task_.publish_if_current(ctx, [&] {
                std::lock_guard<std::mutex> lk(mutex_);
                results_[l->id] = r;
            });
        },
        "preparing the data");
}

void LessonRunner::cancel() { task_.cancel(); }

towerlab::TaskStatus LessonRunner::status() const { return task_.status(); }

std::shared_ptr<const towerlab::LessonResult> LessonRunner::result(const std::string& lesson_id) const {
    std::lock_guard<std::mutex> lk(mutex_);
    const auto it = results_.find(lesson_id);
    return it == results_.end() ? nullptr : it->second;
}

std::vector<std::string> lesson_glyph_texts() {
    std::vector<std::string> out;
    for (const towerlab::Lesson& l : towerlab::all_lessons()) {
        out.push_back(l.title.zh);
        out.push_back(l.text.zh);
        out.push_back(l.look_for.zh);
        for (const towerlab::ClaimSpec& c : l.claims) {
            out.push_back(c.statement.zh);
            out.push_back(c.figure.zh);
            out.push_back(c.each.zh);
        }
        for (const towerlab::Text& t : l.preset().variant_names) out.push_back(t.zh);
    }
    // judge_claim's verdicts and lesson_support's figure labels are assembled from these words;
    // tests/app/test_lessons_panel.cpp checks that every Chinese character of engine/lessons is here.
    out.push_back("成立：实测，预期高于低于。在这组种子下不成立（各：；单独达标）");
    out.push_back("召回率头部物品长尾物品新物品中头部物品占比覆盖的物品比例");
    out.push_back("互信息最强的内容特征对与");
    return out;
}

}  // namespace app
