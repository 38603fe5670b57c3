#include "lessons/lesson_json.h"

#include "core/config_json.h"

namespace towerlab {

nlohmann::json to_json(const Text& text) { return {{"en", text.en}, {"zh", text.zh}}; }

namespace {

nlohmann::json claim_spec_json(const ClaimSpec& c) {
    return {{"id", c.id},           {"statement", to_json(c.statement)}, {"figure", to_json(c.figure)},
            {"expect", to_string(c.expect)}, {"margin", c.margin}};
}

}  // namespace

nlohmann::json to_json(const Lesson& lesson) {
    nlohmann::json j{{"number", lesson.number},
                     {"id", lesson.id},
                     {"title", to_json(lesson.title)},
                     {"text", to_json(lesson.text)},
                     {"formula", lesson.formula},
                     {"look_at", lesson.look_at},
                     {"look_for", to_json(lesson.look_for)}};
    j["claims"] = nlohmann::json::array();
    for (const ClaimSpec& c : lesson.claims) j["claims"].push_back(claim_spec_json(c));
    return j;
}

nlohmann::json to_json(const Lesson& lesson, const LessonResult& result) {
    nlohmann::json j = to_json(lesson);
    const LessonPreset& p = result.preset;
    nlohmann::json preset{{"data", {{"users", p.data.num_users}, {"items", p.data.num_items}, {"clicks", p.data.num_clicks},
                                    {"seed", p.data.seed}}},
                          {"split_seed", p.split.seed},
                          {"seeds", p.seeds},
                          {"steps", p.steps}};
    preset["variants"] = nlohmann::json::array();
    for (size_t v = 0; v < p.variants.size(); ++v) {
        nlohmann::json vj{{"label", p.variants[v].label}, {"config", to_json(p.variants[v].config)}};
        if (v < p.variant_names.size()) vj["name"] = to_json(p.variant_names[v]);
        preset["variants"].push_back(vj);
    }
    j["preset"] = preset;
    j["seconds"] = result.seconds;
    j["figures"] = nlohmann::json::array();
    for (const LessonFigure& f : result.figures) {
        nlohmann::json fj{{"key", f.key}, {"label", to_json(f.label)}, {"value", f.value}};
        if (!f.per_seed.empty()) {
            fj["sd"] = f.sd;
            fj["per_seed"] = f.per_seed;
        }
        j["figures"].push_back(fj);
    }
    j["claims"] = nlohmann::json::array();
    for (const ClaimResult& c : result.claims) {
        nlohmann::json cj = claim_spec_json(c.spec);
        cj["value"] = c.value;
        cj["per_seed"] = c.per_seed;
        cj["seeds_held"] = c.seeds_held;
        cj["held"] = c.held;
        cj["verdict"] = to_json(c.verdict);
        j["claims"].push_back(cj);
    }
    j["all_held"] = result.all_held();
    return j;
}

}  // namespace towerlab
