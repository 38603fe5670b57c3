// The guided lessons (engine/lessons/lesson.h): the course's claims in order; for the selected
// lesson its sentences, formula, the panel to look at and what to look for; Run trains the
// lesson's comparison on a task (lesson_runner.h) while the window stays responsive; then every
// claim beside what the engine measured (said plainly, in red, when it did not hold for these
// seeds), the lesson's pictures (curves per variant, mean over seeds, one colour each; head vs
// tail; the two views; the MI groups; the update timeline and ANN vs brute force) and its figures.
// "Load into the session" puts a variant of the preset into the live session, so the ordinary
// panels train it.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "setup_file.h"
#include "ui_text.h"

namespace app {
namespace {

const ImVec4 kGreen(0.45f, 0.85f, 0.45f, 1), kRed(1.0f, 0.42f, 0.38f, 1);
const ImU32 kVariantColour[] = {IM_COL32(90, 170, 255, 255), IM_COL32(255, 140, 60, 255), IM_COL32(110, 210, 110, 255),
                                IM_COL32(235, 95, 210, 255), IM_COL32(240, 220, 80, 255)};
const ImU32 kHeadColour = IM_COL32(255, 140, 60, 255), kTailColour = IM_COL32(90, 170, 255, 255);
const char* const kFirstStage = "preparing the data";

ImU32 variant_colour(size_t v) { return kVariantColour[v % (sizeof kVariantColour / sizeof kVariantColour[0])]; }

const char* localised(const towerlab::Text& t) { return t.in(language()).c_str(); }

// Four decimals, or scientific notation for tiny non-zero values (as the engine's verdicts).
std::string number(double v, bool sign = true) {
    char b[32];
    const double a = std::abs(v);
    std::snprintf(b, sizeof b, a > 0 && a < 1e-3 ? (sign ? "%+.1e" : "%.1e") : (sign ? "%+.4f" : "%.4f"), v);
    return b;
}

// The curve a comparison lesson opens with: what its first claim is about.
LessonsPanel::Metric default_metric(const std::string& lesson_id) {
    if (lesson_id == "logq_popularity_bias" || lesson_id == "negative_sampling") return LessonsPanel::Metric::HeadShare;
    if (lesson_id == "temperature") return LessonsPanel::Metric::LossMain;
    if (lesson_id == "self_supervision") return LessonsPanel::Metric::TailRecall;
    return LessonsPanel::Metric::Recall;
}

const char* metric_name(LessonsPanel::Metric m) {
    switch (m) {
        case LessonsPanel::Metric::LossMain: return tr("L_main (smoothed)");
        case LessonsPanel::Metric::Recall: return tr("Recall@K, all test items");
        case LessonsPanel::Metric::HeadRecall: return tr("Recall@K, head items");
        case LessonsPanel::Metric::TailRecall: return tr("Recall@K, long-tail items");
        case LessonsPanel::Metric::ColdRecall: return tr("Recall@K, cold items");
        case LessonsPanel::Metric::HeadShare: return tr("head share of the top-K");
        case LessonsPanel::Metric::Coverage: return tr("catalogue coverage of the top-K");
    }
    return "?";
}

// K = 50 when evaluated, else the largest K.
size_t k_index(const towerlab::EvalReport& r) {
    const int i = r.k_index(50);
    return i >= 0 ? static_cast<size_t>(i) : (r.ks.empty() ? 0 : r.ks.size() - 1);
}

double metric_of(LessonsPanel::Metric m, const towerlab::EvalReport& r) {
    const size_t q = k_index(r);
    auto at = [q](const std::vector<double>& v) { return q < v.size() ? v[q] : NAN; };
    switch (m) {
        case LessonsPanel::Metric::Recall: return at(r.overall.recall);
        case LessonsPanel::Metric::HeadRecall: return at(r.group(towerlab::ItemGroup::Head).recall);
        case LessonsPanel::Metric::TailRecall: return at(r.group(towerlab::ItemGroup::Tail).recall);
        case LessonsPanel::Metric::ColdRecall: return at(r.group(towerlab::ItemGroup::Cold).recall);
        case LessonsPanel::Metric::HeadShare: return at(r.head_share_topk);
        case LessonsPanel::Metric::Coverage: return at(r.coverage);
        case LessonsPanel::Metric::LossMain: break;
    }
    return NAN;
}

std::string variant_label(const towerlab::LessonPreset& p, size_t v) {
    return v < p.variant_names.size() ? localised(p.variant_names[v]) : p.variants.at(v).label;
}

}  // namespace

void LessonsPanel::select(int index) {
    const int n = static_cast<int>(towerlab::all_lessons().size());
    selected_ = std::clamp(index, 0, n - 1);
    load_variant_ = 0;
    metric_ = -1;
}

void LessonsPanel::run(int threads) {
    runner_.start(towerlab::all_lessons()[static_cast<size_t>(selected_)], threads > 0 ? threads : app_training_threads());
}

std::shared_ptr<const towerlab::LessonResult> LessonsPanel::result() const {
    return runner_.result(towerlab::all_lessons()[static_cast<size_t>(selected_)].id);
}

void LessonsPanel::load_into_session(Intents& in, size_t variant) {
    const towerlab::Lesson& l = towerlab::all_lessons()[static_cast<size_t>(selected_)];
    const std::shared_ptr<const towerlab::LessonResult> r = result();
    const towerlab::LessonPreset preset = r ? r->preset : l.preset();
    in.draft().setup = towerlab::lesson_session_setup(preset, std::min(variant, preset.variants.empty() ? 0 : preset.variants.size() - 1));
    in.draft().setup.config.threads = app_training_threads();
    in.apply_setup();
    in.point_at(l.look_at);
}

void LessonsPanel::draw(const FrameView& s, Intents& in) {
    const float list_w = std::min(ImGui::GetFontSize() * 15, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("lesson list", ImVec2(list_w, 0), true);
    lesson_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("lesson page", ImVec2(0, 0), false);
    lesson_page(s, in, towerlab::all_lessons()[static_cast<size_t>(selected_)]);
    ImGui::EndChild();
}

// Number and title, wrapped; the number is green when every claim held in the latest run, red
// when one did not.
void LessonsPanel::lesson_list() {
    const std::vector<towerlab::Lesson>& lessons = towerlab::all_lessons();
    for (size_t i = 0; i < lessons.size(); ++i) {
        const towerlab::Lesson& l = lessons[i];
        char number[8];
        std::snprintf(number, sizeof number, "%d.", l.number);
        const float indent = ImGui::CalcTextSize("10. ").x;
        const float wrap = ImGui::GetContentRegionAvail().x - indent;
        const char* title = localised(l.title);
        const std::string lines = wrap_text(title, wrap);
        const ImVec2 size = ImGui::CalcTextSize(lines.c_str());
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable("##lesson", selected_ == static_cast<int>(i), 0, ImVec2(0, size.y))) select(static_cast<int>(i));
        ImGui::PopID();
        ImU32 number_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
        if (const auto r = runner_.result(l.id)) number_colour = ImGui::ColorConvertFloat4ToU32(r->all_held() ? kGreen : kRed);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(at, number_colour, number);
        dl->AddText(ImVec2(at.x + indent, at.y), ImGui::GetColorU32(ImGuiCol_Text), lines.c_str());
        ImGui::Spacing();
    }
}

void LessonsPanel::lesson_page(const FrameView& s, Intents& in, const towerlab::Lesson& l) {
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.45f, 1), tr("Lesson %d: %s"), l.number, localised(l.title));
    wrapped_text(localised(l.text));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.85f, 1.0f, 1));
    wrapped_text(l.formula);
    ImGui::PopStyleColor();
    // The lesson names its panel by id; the window's registry has its title.
    const PanelEntry* p = s.panels ? s.panels->find(l.look_at) : nullptr;
    const char* title = p ? tr(p->title) : l.look_at.c_str();
    if (ImGui::SmallButton((std::string(tr("Look at")) + ": " + title + "###look").c_str())) in.point_at(l.look_at);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Brings the panel this lesson is about to the front and outlines it."));
    ImGui::SameLine();
    wrapped_text(localised(l.look_for), ImGuiCol_TextDisabled);

    run_controls(in, l);
    const std::shared_ptr<const towerlab::LessonResult> r = runner_.result(l.id);
    if (!r) {
        wrapped_text(tr("Press Run: the lesson trains its comparison (about a minute) and checks each claim against what it measured."),
                     ImGuiCol_TextDisabled);
        return;
    }
    ImGui::Separator();
    claims_table(*r);
    pictures(in, *r);
    if (ImGui::CollapsingHeader(tr_id("Figures", "figures").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) figures_table(*r);
}

void LessonsPanel::run_controls(Intents& in, const towerlab::Lesson& l) {
    const towerlab::TaskStatus t = runner_.status();
    const bool this_one = runner_.running_id() == l.id;
    if (t.running) {
        if (ImGui::Button(tr("Cancel"))) runner_.cancel();
        ImGui::SameLine();
        const towerlab::Lesson* running = nullptr;
        for (const towerlab::Lesson& x : towerlab::all_lessons())
            if (x.id == runner_.running_id()) running = &x;
        const float w = ImGui::GetFontSize() * 10;
        ImGui::ProgressBar(static_cast<float>(std::max(0.0, t.fraction)), ImVec2(w, 0));
        ImGui::SameLine();
        const std::string stage = t.stage == kFirstStage ? tr(kFirstStage) : t.stage;
        if (this_one) ImGui::TextDisabled("%s", stage.c_str());
        else if (running) ImGui::TextDisabled(tr("lesson %d is running: %s"), running->number, stage.c_str());
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.5f, 0.25f, 1));
        if (ImGui::Button(runner_.result(l.id) ? tr("Run again") : tr("Run"))) run();
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("Trains the lesson's preset beside the session (which keeps its own run) and\n"
                                       "judges every claim on the seeds it lists."));
        if (this_one && !t.error.empty()) {
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(kRed, tr("the lesson failed: %s"), t.error.c_str());
            ImGui::PopTextWrapPos();
        } else if (this_one && t.cancelled) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", tr("cancelled"));
        }
    }
    // Load a variant of the preset into the live session.
    const std::shared_ptr<const towerlab::LessonResult> r = runner_.result(l.id);
    const towerlab::LessonPreset preset = r ? r->preset : l.preset();
    ImGui::SameLine();
    if (preset.variants.size() > 1) {
        load_variant_ = std::min(load_variant_, preset.variants.size() - 1);
        float widest = 0;
        for (size_t v = 0; v < preset.variants.size(); ++v)
            widest = std::max(widest, ImGui::CalcTextSize(variant_label(preset, v).c_str()).x);
        ImGui::SetNextItemWidth(std::min(widest + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x,
                                         ImGui::GetFontSize() * 16));
        if (ImGui::BeginCombo("##variant", variant_label(preset, load_variant_).c_str())) {
            for (size_t v = 0; v < preset.variants.size(); ++v)
                if (ImGui::Selectable(variant_label(preset, v).c_str(), v == load_variant_)) load_variant_ = v;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
    }
    if (ImGui::Button(tr("Load into the session"))) load_into_session(in, load_variant_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Loads the lesson's data and this variant's hyper-parameters into the session,\n"
                                   "so the ordinary panels train it: press Train and watch."));
}

void LessonsPanel::claims_table(const towerlab::LessonResult& r) {
    int held = 0;
    for (const towerlab::ClaimResult& c : r.claims) held += c.held;
    std::string seeds;
    for (uint64_t x : r.preset.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(x);
    ImGui::TextColored(held == static_cast<int>(r.claims.size()) ? kGreen : kRed, tr("%d of %zu claims held"), held,
                       r.claims.size());
    ImGui::SameLine();
    ImGui::TextDisabled(tr("(seeds %s; %.1f s)"), seeds.c_str(), r.seconds);
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("claims", 4, flags)) return;
    ImGui::TableSetupColumn(tr("claim, and the figure measured"), ImGuiTableColumnFlags_WidthStretch, 2.3f);
    ImGui::TableSetupColumn(tr("expected"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(tr("measured"), ImGuiTableColumnFlags_WidthStretch, 1.65f);
    ImGui::TableSetupColumn(tr("verdict"), ImGuiTableColumnFlags_WidthStretch, 0.75f);
    ImGui::TableHeadersRow();
    for (const towerlab::ClaimResult& c : r.claims) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        wrapped_text(localised(c.spec.statement));
        wrapped_text(localised(c.spec.figure), ImGuiCol_TextDisabled);
        ImGui::TableNextColumn();
        ImGui::Text(c.spec.expect == towerlab::Expect::Above ? tr("above %s") : tr("below %s"), number(c.spec.margin).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(number(c.value).c_str());
        if (c.per_seed.size() > 1) {
            // Wrapped between values, never inside one (ImGui would break "-0.4165" after the point).
            std::vector<std::string> words;
            char head[64], tail[64];
            std::snprintf(head, sizeof head, tr("per %s:"), localised(c.spec.each));
            words.push_back(head);
            for (size_t i = 0; i < c.per_seed.size(); ++i) words.push_back(number(c.per_seed[i]) + (i + 1 < c.per_seed.size() ? "," : ""));
            std::snprintf(tail, sizeof tail, tr("(%d of %zu alone)"), c.seeds_held, c.per_seed.size());
            words.push_back(tail);
            const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
            for (size_t i = 0; i < words.size(); ++i) {
                if (i > 0) {
                    ImGui::SameLine(0, ImGui::CalcTextSize(" ").x);
                    if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(words[i].c_str()).x > right) ImGui::NewLine();
                }
                ImGui::TextDisabled("%s", words[i].c_str());
            }
        }
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, c.held ? kGreen : kRed);
        wrapped_text(c.held ? tr("held") : tr("did not hold for these seeds"));
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", localised(c.verdict));
    }
    ImGui::EndTable();
}

void LessonsPanel::figures_table(const towerlab::LessonResult& r) {
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("figures", 3, flags)) return;
    ImGui::TableSetupColumn(tr("figure"), ImGuiTableColumnFlags_WidthStretch, 2.4f);
    ImGui::TableSetupColumn(tr("value (mean ± sd)"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("per seed"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    for (const towerlab::LessonFigure& f : r.figures) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        wrapped_text(localised(f.label));
        ImGui::TableNextColumn();
        if (f.per_seed.size() > 1) ImGui::Text("%s ± %s", number(f.value, false).c_str(), number(f.sd, false).c_str());
        else ImGui::TextUnformatted(number(f.value, false).c_str());
        ImGui::TableNextColumn();
        std::string list;
        for (double v : f.per_seed) list += (list.empty() ? "" : ", ") + number(v, false);
        ImGui::TextDisabled("%s", list.c_str());
    }
    ImGui::EndTable();
}

// Whatever the lesson produced, each in its own picture.
void LessonsPanel::pictures(Intents& in, const towerlab::LessonResult& r) {
    // As much of what is left of the page as a plot can use, within reason.
    const float h = std::clamp(ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() - 4,
                               ImGui::GetFontSize() * 9, ImGui::GetFontSize() * 20);
    if (!r.comparison.runs.empty()) comparison_plot(in, r, h);
    if (!r.long_tail.empty()) long_tail_plots(in, r, h);
    if (!r.groups.empty() && r.mi) correlated_groups(in, r);
    if (!r.views.empty()) views(in, r);
    if (!r.timeline.days.empty()) timeline_plots(in, r, h);
    if (r.ann.queries > 0) ann_lists(r);
}

// Per variant, the mean over seeds of the chosen curve; one colour per variant.
void LessonsPanel::comparison_plot(Intents& in, const towerlab::LessonResult& r, float height) {
    const towerlab::ComparisonResult& c = r.comparison;
    if (metric_ < 0) metric_ = static_cast<int>(default_metric(r.lesson_id));
    const bool has_curves = !c.runs.empty() && !c.runs[0].empty() && !c.runs[0][0].curve.empty();
    if (!has_curves) metric_ = static_cast<int>(Metric::LossMain);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::BeginCombo("##curve", metric_name(static_cast<Metric>(metric_)))) {
        for (int m = 0; m < static_cast<int>(Metric::kCount); ++m) {
            if (m != static_cast<int>(Metric::LossMain) && !has_curves) continue;
            if (ImGui::Selectable(metric_name(static_cast<Metric>(m)), m == metric_)) metric_ = m;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextDisabled(tr("mean over %zu seeds per variant"), c.seeds.size());

    if (built_for_ != &r || built_metric_ != metric_) {
        built_for_ = &r;
        built_metric_ = metric_;
        curve_x_.assign(c.runs.size(), {});
        curve_y_.assign(c.runs.size(), {});
        const Metric m = static_cast<Metric>(metric_);
        for (size_t v = 0; v < c.runs.size(); ++v) {
            const std::vector<towerlab::RunResult>& seeds = c.runs[v];
            if (seeds.empty()) continue;
            std::vector<double>& x = curve_x_[v];
            std::vector<float>& y = curve_y_[v];
            if (m == Metric::LossMain) {
                size_t n = seeds[0].losses.size();
                for (const towerlab::RunResult& run : seeds) n = std::min(n, run.losses.size());
                std::vector<float> mean(n, 0);
                for (const towerlab::RunResult& run : seeds)
                    for (size_t i = 0; i < n; ++i) mean[i] += static_cast<float>(run.losses[i].loss_main / static_cast<double>(seeds.size()));
                for (size_t i = 0; i < n; ++i) x.push_back(static_cast<double>(seeds[0].losses[i].step));
                y = plot::debiased_ema(mean.data(), n, 0.97);
            } else {
                size_t n = seeds[0].curve.size();
                for (const towerlab::RunResult& run : seeds) n = std::min(n, run.curve.size());
                for (size_t i = 0; i < n; ++i) {
                    double sum = 0;
                    for (const towerlab::RunResult& run : seeds) sum += metric_of(m, run.curve[i].report);
                    x.push_back(static_cast<double>(seeds[0].curve[i].step));
                    y.push_back(static_cast<float>(sum / static_cast<double>(seeds.size())));
                }
            }
        }
    }
    std::vector<plot::Series> series;
    for (size_t v = 0; v < curve_x_.size(); ++v) {
        plot::Series sr;
        sr.label = variant_label(r.preset, v);
        sr.color = variant_colour(v);
        sr.x = curve_x_[v].data();
        sr.y = curve_y_[v].data();
        sr.n = curve_x_[v].size();
        sr.thickness = 2.0f;
        series.push_back(sr);
    }
    plot::LinePlotLabels labels;
    labels.title = metric_name(static_cast<Metric>(metric_));
    labels.x_label = tr("step");
    const plot::LinePlotHover hv = plot::line_plot("lesson curves", plots_[0], series, labels, ImVec2(-1, height));
    in.note_rect("lesson.curves", hv.area_min, hv.area_max);
}

// Lesson 6: head vs long-tail Recall@K, alignment and uniformity over steps (first seed).
void LessonsPanel::long_tail_plots(Intents& in, const towerlab::LessonResult& r, float height) {
    const size_t n = r.long_tail.size();
    lt_x_.assign(n, 0);
    for (auto& y : lt_y_) y.assign(n, NAN);
    for (size_t i = 0; i < n; ++i) {
        const towerlab::LongTailPoint& p = r.long_tail[i];
        lt_x_[i] = static_cast<double>(p.step);
        const size_t q = k_index(p.report);
        const auto& head = p.report.group(towerlab::ItemGroup::Head).recall;
        const auto& tail = p.report.group(towerlab::ItemGroup::Tail).recall;
        if (q < head.size()) lt_y_[0][i] = static_cast<float>(head[q]);
        if (q < tail.size()) lt_y_[1][i] = static_cast<float>(tail[q]);
        lt_y_[2][i] = static_cast<float>(p.geometry.head_alignment);
        lt_y_[3][i] = static_cast<float>(p.geometry.tail_alignment);
        lt_y_[4][i] = static_cast<float>(p.geometry.head_uniformity);
        lt_y_[5][i] = static_cast<float>(p.geometry.tail_uniformity);
    }
    const char* titles[3] = {tr("Recall@50 over steps"), tr("alignment (lower: views agree)"), tr("uniformity (lower: more spread)")};
    static const char* const kRects[3] = {"lesson.recall", "lesson.alignment", "lesson.uniformity"};
    const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    for (int g = 0; g < 3; ++g) {
        std::vector<plot::Series> series;
        for (int k = 0; k < 2; ++k) {
            plot::Series sr;
            sr.label = k == 0 ? tr("head items") : tr("long-tail items");
            sr.color = k == 0 ? kHeadColour : kTailColour;
            sr.x = lt_x_.data();
            sr.y = lt_y_[static_cast<size_t>(2 * g + k)].data();
            sr.n = n;
            sr.thickness = 2.0f;
            series.push_back(sr);
        }
        plot::LinePlotLabels labels;
        labels.title = titles[g];
        labels.x_label = tr("step");
        if (g > 0) ImGui::SameLine();
        char id[24];
        std::snprintf(id, sizeof id, "long tail %d", g);
        const plot::LinePlotHover hv = plot::line_plot(id, plots_[1 + g], series, labels, ImVec2(w, height));
        in.note_rect(kRects[g], hv.area_min, hv.area_max);
    }
    ImGui::TextDisabled("%s", tr("First seed, evaluated as it trained; alignment on random-mask views of each group's items."));
}

// Lesson 9: the groups each seed field pulls in, and the MI heatmap of the lesson's data.
void LessonsPanel::correlated_groups(Intents& in, const towerlab::LessonResult& r) {
    const towerlab::MutualInformation& mi = *r.mi;
    auto names = [&](const std::vector<int>& fields) {
        std::string out;
        for (int f : fields) out += (out.empty() ? "" : ", ") + mi.field_names[static_cast<size_t>(f)];
        return out;
    };
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("groups", 4, flags)) {
        ImGui::TableSetupColumn(tr("seed field"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn(tr("masked in view 1"), ImGuiTableColumnFlags_WidthStretch, 1.7f);
        ImGui::TableSetupColumn(tr("masked in view 2"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn(tr("MI within / across"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableHeadersRow();
        for (const towerlab::CorrelatedGroup& g : r.groups) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(mi.field_names[static_cast<size_t>(g.seed_field)].c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", names(g.masked).c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", names(g.kept).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(g.mi_within > g.mi_across ? kGreen : kRed, "%.2f / %.2f", g.mi_within, g.mi_across);
        }
        ImGui::EndTable();
    }
    wrapped_text(tr("MI in nats: the seed's partners share more with it than with the fields left to the other view."),
                 ImGuiCol_TextDisabled);
    ImGui::BeginChild("lesson heatmap", ImVec2(0, ImGui::GetFontSize() * 18), false);
    heatmap_.draw(in, mi, "lesson.heatmap");
    ImGui::EndChild();
}

// Lessons 8 and 9: an example item's two views under each transformation the lesson shows.
void LessonsPanel::views(Intents& in, const towerlab::LessonResult& r) {
    view_index_ = std::clamp(view_index_, 0, static_cast<int>(r.views.size()) - 1);
    if (r.views.size() > 1) {
        for (int i = 0; i < static_cast<int>(r.views.size()); ++i) {
            if (i > 0) ImGui::SameLine();
            if (ImGui::RadioButton(augmentation_name(r.views[static_cast<size_t>(i)].kind), view_index_ == i)) view_index_ = i;
        }
    }
    const towerlab::ItemViews& v = r.views[static_cast<size_t>(view_index_)];
    ImGui::TextDisabled(tr("%s on %s: the two views self-supervision compares"), augmentation_name(v.kind), v.title.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    item_views_table(v, "lesson views");
    in.note_rect("lesson.views", at, ImGui::GetItemRectMax());
}

// Lesson 10: Recall@K per replayed day for each update policy, all test items and cold items.
void LessonsPanel::timeline_plots(Intents& in, const towerlab::LessonResult& r, float height) {
    const towerlab::UpdateTimeline& tl = r.timeline;
    const size_t n = tl.days.size();
    tl_x_.assign(n, 0);
    for (auto& g : tl_y_)
        for (auto& p : g) p.assign(n, NAN);
    for (size_t i = 0; i < n; ++i) {
        tl_x_[i] = tl.days[i].day;
        for (towerlab::UpdatePolicy p : towerlab::all_update_policies()) {
            const towerlab::EvalReport& rep = tl.days[i].policy(p).report;
            const size_t q = k_index(rep);
            const towerlab::GroupMetrics* g[2] = {&rep.overall, &rep.group(towerlab::ItemGroup::Cold)};
            for (int k = 0; k < 2; ++k)
                if (g[k]->users > 0 && q < g[k]->recall.size())
                    tl_y_[static_cast<size_t>(k)][static_cast<size_t>(p)][i] = static_cast<float>(g[k]->recall[q]);
        }
    }
    const char* policy[3] = {tr("no update"), tr("full update"), tr("incremental")};
    const ImU32 colour[3] = {IM_COL32(170, 170, 170, 255), IM_COL32(235, 95, 210, 255), IM_COL32(70, 205, 225, 255)};
    const char* titles[2] = {tr("Recall@50 per day, all test items"), tr("Recall@50 per day, cold items")};
    const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    for (int g = 0; g < 2; ++g) {
        std::vector<plot::Series> series;
        for (int p = 0; p < 3; ++p) {
            plot::Series sr;
            sr.label = policy[p];
            sr.color = colour[p];
            sr.x = tl_x_.data();
            sr.y = tl_y_[static_cast<size_t>(g)][static_cast<size_t>(p)].data();
            sr.n = n;
            sr.thickness = 2.0f;
            series.push_back(sr);
        }
        plot::LinePlotLabels labels;
        labels.title = titles[g];
        labels.x_label = tr("day");
        if (g > 0) ImGui::SameLine();
        const plot::LinePlotHover hv = plot::line_plot(g == 0 ? "timeline all" : "timeline cold", plots_[4 + g], series, labels,
                                                       ImVec2(w, height * 0.8f));
        in.note_rect(g == 0 ? "lesson.timeline" : "lesson.timeline.cold", hv.area_min, hv.area_max);
    }
}

// Lesson 10: HNSW against brute force, the figures and one query's two lists side by side.
void LessonsPanel::ann_lists(const towerlab::LessonResult& r) {
    const towerlab::AnnVsExact& a = r.ann;
    char line[320];
    std::snprintf(line, sizeof line,
                  tr("HNSW vs brute force over %d items, %d queries: recall@%d %.3f (worst query %.3f); %.0f us vs %.0f us a query, index built in %.2f s"),
                  a.items, a.queries, a.k, a.recall, a.min_recall, a.ann_us, a.exact_us, a.build_seconds);
    wrapped_text(line);
    const towerlab::RetrievalDifference& d = a.example;
    const size_t rows = std::min<size_t>(10, std::min(d.exact.size(), d.approximate.size()));
    if (rows == 0) return;
    ImGui::TextDisabled(tr("user %d, the first %zu of each list (grey: not in the other list)"), a.example_user, rows);
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("ann lists", 3, flags)) return;
    ImGui::TableSetupColumn(tr("rank"), ImGuiTableColumnFlags_WidthStretch, 0.4f);
    ImGui::TableSetupColumn(tr("brute force: item (cosine)"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("HNSW: item (cosine)"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < rows; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", i + 1);
        ImGui::TableNextColumn();
        const ImVec4 grey(0.55f, 0.55f, 0.6f, 1), text = ImGui::GetStyle().Colors[ImGuiCol_Text];
        ImGui::TextColored(i < d.exact_found.size() && !d.exact_found[i] ? grey : text, "%d (%.3f)", d.exact[i].item,
                           static_cast<double>(d.exact[i].score));
        ImGui::TableNextColumn();
        ImGui::TextColored(i < d.approximate_correct.size() && !d.approximate_correct[i] ? grey : text, "%d (%.3f)",
                           d.approximate[i].item, static_cast<double>(d.approximate[i].score));
    }
    ImGui::EndTable();
}

}  // namespace app
