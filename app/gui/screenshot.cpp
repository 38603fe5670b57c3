#include "screenshot.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include <epoxy/gl.h>
#include <nlohmann/json.hpp>
#include <stb_image_write.h>

#include "fonts.h"
#include "render/plot_math.h"
#include "ui_text.h"

namespace gfx {

std::vector<uint8_t> read_pixels(int width, int height) {
    std::vector<uint8_t> rgba(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    // GL's row 0 is the bottom; PNG's is the top.
    const size_t row = static_cast<size_t>(width) * 4;
    std::vector<uint8_t> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        uint8_t* a = rgba.data() + static_cast<size_t>(y) * row;
        uint8_t* b = rgba.data() + static_cast<size_t>(height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;  // the window is opaque
    return rgba;
}

bool write_png(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height, std::string& error) {
    if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4)) {
        error = path + ": cannot write PNG";
        return false;
    }
    return true;
}

bool write_report(const std::string& png_path, app::AppWindow& window, int width, int height, double ready_s,
                  std::string& error) {
    const app::FrameView& s = window.state().frame;
    const app::WindowRequests& requests = window.state().requests;
    nlohmann::json j;
    j["width"] = width;
    j["height"] = height;
    j["run"] = s.view.run;
    if (const towerlab::SessionData* d = s.data()) j["dataset"] = d->dataset->name;
    // The language, and how many characters of its texts the font lacks (drawn as '?' or a box).
    const bool chinese = app::language() == app::Language::Chinese;
    j["language"] = chinese ? "zh" : "en";
    long missing = 0;
    for (const app::TextEntry& e : app::text_table()) missing += static_cast<long>(app::missing_glyphs(ImGui::GetFont(), chinese ? e.zh : e.en).size());
    j["missing_glyphs"] = missing;
    j["ready_s"] = ready_s;
    nlohmann::json layout = nlohmann::json::object();
    for (const auto& [name, r] : requests.layout) layout[name] = {r.x, r.y, r.w, r.h};
    j["layout"] = layout;
    if (const towerlab::TrainingSnapshot* snap = s.snapshot()) {
        j["step"] = snap->step;
        j["losses"] = snap->losses.size();
        j["metrics"] = snap->metrics.size();
        if (const towerlab::ConvergenceProgress* c = snap->convergence.get()) {
            j["convergence"] = {{"active", c->active},
                                {"checks", c->report.curve.size()},
                                {"best_step", c->report.best_step},
                                {"best_validation_recall", c->report.best_recall},
                                {"stopped_step", c->report.stopped_step},
                                {"reason", towerlab::to_string(c->report.reason)},
                                {"summary", c->summary}};
        }
        // Mean total loss over the first and the last tenth of the steps.
        const size_t n = snap->losses.size(), tenth = std::max<size_t>(1, n / 10);
        if (n > 0) {
            double first = 0, last = 0;
            for (size_t i = 0; i < tenth; ++i) {
                first += snap->losses[i].total;
                last += snap->losses[n - 1 - i].total;
            }
            j["loss_total_first"] = first / static_cast<double>(tenth);
            j["loss_total_last"] = last / static_cast<double>(tenth);
        }
        if (!snap->geometry.empty()) {
            const towerlab::GeometryPoint& g = snap->geometry.back();
            j["geometry"] = {{"step", g.step},
                             {"head_alignment", g.head_alignment},
                             {"tail_alignment", g.tail_alignment},
                             {"head_uniformity", g.head_uniformity},
                             {"tail_uniformity", g.tail_uniformity}};
        }
        if (!snap->metrics.empty()) {
            const towerlab::EvalReport& r = snap->metrics.back().report;
            nlohmann::json recall = nlohmann::json::object();
            for (size_t q = 0; q < r.ks.size(); ++q) {
                const auto at = [q](const towerlab::GroupMetrics& g) { return q < g.recall.size() ? g.recall[q] : 0.0; };
                recall[std::to_string(r.ks[q])] = {{"overall", at(r.overall)},
                                                   {"head", at(r.group(towerlab::ItemGroup::Head))},
                                                   {"tail", at(r.group(towerlab::ItemGroup::Tail))},
                                                   {"cold", at(r.group(towerlab::ItemGroup::Cold))}};
            }
            j["recall"] = recall;
            j["test_users"] = {r.overall.users, r.group(towerlab::ItemGroup::Head).users,
                               r.group(towerlab::ItemGroup::Tail).users, r.group(towerlab::ItemGroup::Cold).users};
        }
        if (const towerlab::ItemLayout* l = s.view.layout.get(); l && l->run == s.view.run) {
            j["layout_subject"] = towerlab::to_string(l->subject);
            j["layout_method"] = towerlab::to_string(l->method);
            j["layout_step"] = l->step;
            j["layout_warm"] = l->warm;
            j["layout_seconds"] = l->seconds;
            const towerlab::LayoutFaithfulness& f = l->faithfulness;
            j["layout_knn_recall"] = f.overall.knn_recall;
            j["layout_trustworthiness"] = f.overall.trustworthiness;
            nlohmann::json groups = nlohmann::json::array();
            for (const towerlab::FaithfulnessFigures& g : f.per_group)
                groups.push_back({{"queries", g.queries}, {"knn_recall", g.knn_recall}, {"trustworthiness", g.trustworthiness}});
            j["layout_per_group"] = groups;  // items: head, long tail, cold; users: click buckets
        }
        if (s.data()) j["num_topics"] = s.data()->dataset->num_topics;
        if (snap->projection && s.data()) {
            long counts[3] = {0, 0, 0};
            for (int32_t item : snap->projection->items)
                ++counts[static_cast<int>(s.data()->split->item_group[static_cast<size_t>(item)])];
            j["projected"] = {counts[0], counts[1], counts[2]};
        }
    }
    // The selected lesson's result, and how many characters of the texts it shows the font lacks.
    if (requests.show_lessons) {
        if (const auto r = window.lessons_panel().result()) {
            const app::Language lang = chinese ? app::Language::Chinese : app::Language::English;
            const towerlab::Lesson& l = towerlab::find_lesson(r->lesson_id);
            std::string shown = l.title.in(lang) + l.text.in(lang) + l.look_for.in(lang) + l.formula;
            nlohmann::json claims = nlohmann::json::array();
            for (const towerlab::ClaimResult& c : r->claims) {
                claims.push_back({{"id", c.spec.id}, {"held", c.held}, {"value", c.value}, {"per_seed", c.per_seed}});
                shown += c.spec.statement.in(lang) + c.spec.figure.in(lang) + c.verdict.in(lang) + c.spec.each.in(lang);
            }
            for (const towerlab::LessonFigure& fig : r->figures) shown += fig.label.in(lang);
            for (const towerlab::Text& t : r->preset.variant_names) shown += t.in(lang);
            j["lesson"] = {{"id", r->lesson_id}, {"all_held", r->all_held()}, {"seconds", r->seconds}, {"claims", claims},
                           {"missing_glyphs", app::missing_glyphs(ImGui::GetFont(), shown).size()}};
        }
    }
    app::FrameStatsOverlay& f = window.frame_stats();
    j["frame_ms"] = {{"frames", f.frames()},
                     {"p50", f.percentile(0.5) * 1000},
                     {"p99", f.percentile(0.99) * 1000},
                     {"work_p50", f.work_percentile(0.5) * 1000},
                     {"work_p99", f.work_percentile(0.99) * 1000}};
    std::ofstream out(png_path + ".json");
    out << j.dump(2) << "\n";
    if (!out) {
        error = png_path + ".json: cannot write the report";
        return false;
    }
    return true;
}

}  // namespace gfx
