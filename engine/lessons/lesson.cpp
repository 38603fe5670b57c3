// The lesson registry, the judging of claims and run_lesson().
#include "lessons/lesson.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace towerlab {

const char* to_string(Expect expect) { return expect == Expect::Above ? "above" : "below"; }

const ClaimSpec* Lesson::claim(const std::string& claim_id) const {
    for (const ClaimSpec& c : claims)
        if (c.id == claim_id) return &c;
    return nullptr;
}

const std::vector<Lesson>& all_lessons() {
    static const std::vector<Lesson> lessons = [] {
        std::vector<Lesson> v{lesson_logq_popularity_bias(), lesson_temperature(),      lesson_negative_sampling(),
                              lesson_wrong_negatives(),      lesson_objectives(),        lesson_long_tail(),
                              lesson_self_supervision(),     lesson_augmentations(),     lesson_correlated_masking(),
                              lesson_updates_and_ann()};
        for (size_t i = 0; i < v.size(); ++i)
            if (v[i].number != static_cast<int>(i) + 1) throw Error("lesson '" + v[i].id + "' is out of course order");
        return v;
    }();
    return lessons;
}

const Lesson& find_lesson(const std::string& name) {
    std::string valid;
    for (const Lesson& l : all_lessons()) {
        if (l.id == name || std::to_string(l.number) == name) return l;
        valid += (valid.empty() ? "" : ", ") + l.id;
    }
    throw Error(ErrorContext{"", 0, "lesson"}, "unknown lesson '" + name + "' (expected a number 1-" +
                                                   std::to_string(all_lessons().size()) + " or one of: " + valid + ")");
}

bool LessonResult::all_held() const {
    for (const ClaimResult& c : claims)
        if (!c.held) return false;
    return true;
}

const ClaimResult* LessonResult::claim(const std::string& claim_id) const {
    for (const ClaimResult& c : claims)
        if (c.spec.id == claim_id) return &c;
    return nullptr;
}

const LessonFigure* LessonResult::figure(const std::string& key) const {
    for (const LessonFigure& f : figures)
        if (f.key == key) return &f;
    return nullptr;
}

namespace {

bool clears(Expect expect, double value, double margin) {
    return expect == Expect::Above ? value > margin : value < margin;
}

// Four decimals, or scientific notation for tiny non-zero values (a margin of 1e-9 is not "0.0000").
std::string number(double v) {
    char buf[32];
    const double a = std::abs(v);
    std::snprintf(buf, sizeof buf, a > 0 && a < 1e-3 ? "%+.1e" : "%+.4f", v);
    return buf;
}

}  // namespace

ClaimResult judge_claim(const ClaimSpec& spec, const std::vector<double>& per_seed) {
    if (per_seed.empty()) throw Error(ErrorContext{"", 0, spec.id}, "the lesson measured nothing for this claim");
    ClaimResult r;
    r.spec = spec;
    r.per_seed = per_seed;
    for (double v : per_seed) {
        r.value += v;
        r.seeds_held += clears(spec.expect, v, spec.margin) ? 1 : 0;
    }
    r.value /= static_cast<double>(per_seed.size());
    r.held = std::isfinite(r.value) && clears(spec.expect, r.value, spec.margin);

    std::string seeds_en, seeds_zh;
    if (per_seed.size() > 1) {
        std::string list;
        for (double v : per_seed) list += (list.empty() ? "" : ", ") + number(v);
        seeds_en = " (per " + spec.each.en + ": " + list + "; " + std::to_string(r.seeds_held) + " of " +
                   std::to_string(per_seed.size()) + " clear it alone)";
        seeds_zh = "（各" + spec.each.zh + "：" + list + "；单独达标 " + std::to_string(r.seeds_held) + "/" +
                   std::to_string(per_seed.size()) + "）";
    }
    const std::string need_en = std::string(spec.expect == Expect::Above ? "above " : "below ") + number(spec.margin);
    const std::string need_zh = std::string(spec.expect == Expect::Above ? "高于 " : "低于 ") + number(spec.margin);
    if (r.held) {
        r.verdict.en = "Held: measured " + number(r.value) + seeds_en + ", expected " + need_en + ".";
        r.verdict.zh = "成立：实测 " + number(r.value) + seeds_zh + "，预期" + need_zh + "。";
    } else {
        r.verdict.en = "Did not hold for these seeds: measured " + number(r.value) + seeds_en + ", expected " +
                       need_en + ".";
        r.verdict.zh = "在这组种子下不成立：实测 " + number(r.value) + seeds_zh + "，预期" + need_zh + "。";
    }
    return r;
}

LessonResult run_lesson(const Lesson& lesson, const LessonRunOptions& options) {
    return run_lesson(lesson, lesson.preset(), options);
}

LessonResult run_lesson(const Lesson& lesson, const LessonPreset& preset, const LessonRunOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    LessonResult out;
    out.lesson_id = lesson.id;
    out.preset = preset;
    lesson.measure(preset, options, out);
    for (const ClaimSpec& spec : lesson.claims) {
        const auto it = out.measured.find(spec.id);
        if (it == out.measured.end())
            throw Error(ErrorContext{"", 0, spec.id}, "lesson '" + lesson.id + "' did not measure this claim");
        out.claims.push_back(judge_claim(spec, it->second));
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (options.on_progress) options.on_progress({1.0, "done"});
    return out;
}

SessionSetup lesson_session_setup(const LessonPreset& preset, size_t variant, size_t seed_index) {
    SessionSetup s;
    s.dataset = "synthetic";
    s.synthetic = preset.data;
    s.split_seed = preset.split.seed;
    if (preset.variants.empty()) {
        s.config.head_share = preset.split.head_share;
        return s;
    }
    s.config = preset.variants.at(variant).config;
    s.config.head_share = preset.split.head_share;
    if (seed_index < preset.seeds.size()) s.config.seed = preset.seeds[seed_index];
    return s;
}

}  // namespace towerlab
