// Which data the model trains on: the embedded synthetic generator (with its parameters) or a
// MovieLens / CSV folder. Loading happens on the training thread; a failed load is shown here with
// the loader's message (file, line, field) and the previous dataset stays loaded.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "item_description.h"
#include "panels/panels.h"
#include "ui_text.h"

namespace app {
namespace {

// English; shown through tr().
const char* const kKinds[] = {"synthetic (embedded)", "MovieLens 100K folder", "MovieLens 1M folder", "CSV folder",
                              "folder or zip (format from its files)"};
const char* const kPrefixes[] = {"synthetic", "ml-100k", "ml-1m", "csv", ""};
constexpr int kNumKinds = 5;
const double kZero = 0, kOne = 1, kThree = 3, kTen = 10, kAlmostOne = 0.89;

// Splits a source string back into (kind, folder); a bare path (a drop, a detected format) is kind 4.
void parse_source(const std::string& source, int& kind, std::string& folder) {
    kind = 0;
    folder.clear();
    if (source != "synthetic" && source.rfind("synthetic:", 0) != 0) {
        kind = 4;
        folder = source;
    }
    for (int k = 1; k < 4; ++k) {
        const std::string p = std::string(kPrefixes[k]) + ":";
        if (source.rfind(p, 0) == 0) {
            kind = k;
            folder = source.substr(p.size());
        }
    }
}

void loaded_summary(const towerlab::SessionData& d) {
    const towerlab::Dataset& ds = *d.dataset;
    const towerlab::Split& sp = *d.split;
    ImGui::Text(tr("Loaded: %s"), ds.name.c_str());
    ImGui::Text(tr("%d users, %d items, %zu clicks"), ds.num_users(), ds.num_items(), ds.clicks.size());
    if (sp.validation.empty()) ImGui::Text(tr("train %zu clicks, test %zu users"), sp.train.size(), sp.test.size());
    else
        ImGui::Text(tr("train %zu clicks, validation %zu users, test %zu users"), sp.train.size(), sp.validation.size(),
                    sp.test.size());
    const towerlab::ItemGroup groups[] = {towerlab::ItemGroup::Head, towerlab::ItemGroup::Tail, towerlab::ItemGroup::Cold};
    const int counts[] = {sp.num_head, sp.num_tail, sp.num_cold};
    for (int g = 0; g < 3; ++g) {
        if (g) ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(groups[g])), "%s %d", group_name(groups[g]), counts[g]);
    }
    std::string fields;
    for (const auto& f : ds.items.fields()) fields += (fields.empty() ? "" : ", ") + f.name;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(tr("item fields: %s"), fields.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace

std::string DatasetPanel::source_string(int kind, const std::string& folder) {
    if (kind <= 0 || kind >= kNumKinds) return "synthetic";
    if (kind == 4) return folder;
    return std::string(kPrefixes[kind]) + ":" + folder;
}

void DatasetPanel::dataset_view(const towerlab::SessionData& d) {
    if (profile_generation_ != d.generation) {
        profile_ = towerlab::profile_dataset(*d.dataset, *d.split);
        profile_generation_ = d.generation;
        // The curve's two parts (the head, then the long tail from the cut), each reduced once to
        // its min/max envelope on log10(rank): a frame then reads a few thousand points, not one
        // per item. 100,000 items cost the panel 1.1 ms a frame before (p99 4 ms on a quiet VM,
        // 11-15 ms beside training), when the plot decimated every rank each frame.
        const std::vector<float>& clicks = profile_.clicks_by_rank;
        const size_t n = clicks.size();
        const size_t head = std::min(static_cast<size_t>(profile_.num_head), n);
        std::vector<double> rank_log10(n);
        for (size_t r = 0; r < n; ++r) rank_log10[r] = std::log10(static_cast<double>(r + 1));
        const auto envelope = [&](size_t begin, size_t end, CurvePart& part) {
            part = {};
            if (end <= begin) return;
            const double lo = rank_log10[begin], hi = rank_log10[end - 1];
            const int columns = std::max(1, static_cast<int>(kCurveColumns * (hi - lo) / std::max(1e-9, rank_log10.back())));
            for (const plot::Point& q : plot::decimate_min_max(rank_log10.data() + begin, clicks.data() + begin, end - begin,
                                                                lo, hi > lo ? hi : lo + 1, columns)) {
                part.x.push_back(q.x);
                part.y.push_back(static_cast<float>(q.y));
            }
        };
        envelope(0, head, head_curve_);
        envelope(head > 0 ? head - 1 : 0, n, tail_curve_);  // joined at the cut
        curve_ = plot::LinePlotState{};
        curve_.y_scale = plot::YScale::Log10;
    }
    if (!ImGui::CollapsingHeader(tr("Dataset view"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    const towerlab::DatasetProfile& p = profile_;
    ImGui::Text(tr("sparsity %.4f%%: %ld positives in %d x %d user-item pairs"), 100.0 * p.sparsity, p.positives, p.users, p.items);
    ImGui::Text(tr("head items (%d) take %.0f%% of the training clicks"), p.num_head, 100.0 * p.head_click_share);
    ImGui::TextDisabled("%s", tr("items by training clicks:"));
    for (int b = 0; b < towerlab::kNumClickBuckets; ++b) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s: %d", towerlab::click_bucket_name(b), p.items_by_bucket[static_cast<size_t>(b)]);
    }
    // The curve: head ranks in the head colour, the long tail after the cut in its own; cold items
    // have no clicks and no point on a log axis, so they are counted beside it.
    std::vector<plot::Series> series;
    plot::Series h;
    h.label = std::string(group_name(towerlab::ItemGroup::Head));
    h.color = group_colour(towerlab::ItemGroup::Head);
    h.x = head_curve_.x.data();
    h.y = head_curve_.y.data();
    h.n = head_curve_.x.size();
    series.push_back(h);
    plot::Series t = h;
    t.label = std::string(group_name(towerlab::ItemGroup::Tail));
    t.color = group_colour(towerlab::ItemGroup::Tail);
    t.x = tail_curve_.x.data();
    t.y = tail_curve_.y.data();
    t.n = tail_curve_.x.size();
    series.push_back(t);
    plot::LinePlotLabels labels;
    labels.title = tr("training clicks per item, by rank (log-log)");
    labels.x_label = tr("log10 rank");
    labels.y_label = tr("clicks");
    plot::line_plot("##clicks_per_item", curve_, series, labels, ImVec2(-1, ImGui::GetFontSize() * 11));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(towerlab::ItemGroup::Cold)),
                       tr("%d cold items: no training clicks (not on a log axis)"), p.num_cold);
    if (ImGui::BeginTable("##fields", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("field"));
        ImGui::TableSetupColumn(tr("vocabulary (used)"));
        ImGui::TableSetupColumn(tr("missing"));
        ImGui::TableSetupColumn(tr("values per row"));
        ImGui::TableHeadersRow();
        for (const auto* side : {&p.item_fields, &p.user_fields})
            for (const towerlab::FieldProfile& f : *side) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%s%s", side == &p.item_fields ? tr("item: ") : tr("user: "), f.name.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d (%d)", f.vocabulary, f.values_used);
                ImGui::TableNextColumn();
                ImGui::Text("%.1f%%", 100.0 * f.missing_share);
                ImGui::TableNextColumn();
                ImGui::Text("%.2f", f.mean_values);
            }
        ImGui::EndTable();
    }
}

void DatasetPanel::draw(const FrameView& s, Intents& in) {
    if (in.draft().setup.dataset != synced_source_) parse_source(in.draft().setup.dataset, source_kind_, folder_);
    if (const towerlab::SessionData* d = s.data()) {
        loaded_summary(*d);
        dataset_view(*d);
    }
    else ImGui::TextDisabled("%s", s.view.loading ? tr("loading...") : tr("no dataset loaded yet"));
    if (s.view.error_source == "load") {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), tr("Could not load: %s"), s.view.error.c_str());
        if (s.data()) ImGui::TextDisabled("%s", tr("The previous dataset stays loaded."));
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();

    ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
    const char* kinds[kNumKinds];
    for (int k = 0; k < kNumKinds; ++k) kinds[k] = tr(kKinds[k]);
    ImGui::Combo(tr("source"), &source_kind_, kinds, kNumKinds);
    towerlab::SessionSetup& setup = in.draft().setup;
    if (source_kind_ == 0) {
        towerlab::SyntheticConfig& y = setup.synthetic;
        ImGui::InputInt(tr("users"), &y.num_users, 1000, 10000);
        ImGui::InputInt(tr("items"), &y.num_items, 1000, 10000);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(tr("Catalogue size. The projection shows up to %d items, sampled by popularity group."),
                              in.session().options().max_projected_items);
        long long clicks = y.num_clicks;
        const long long step = 10000, fast = 100000;
        if (ImGui::InputScalar(tr("clicks"), ImGuiDataType_S64, &clicks, &step, &fast)) y.num_clicks = static_cast<long>(clicks);
        ImGui::SliderInt(tr("topics"), &y.num_topics, 1, 200);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Hidden topics: items' fields and users' tastes follow them."));
        ImGui::SliderInt(tr("days"), &y.num_days, 2, 60);
        ImGui::SliderScalar(tr("Zipf exponent"), ImGuiDataType_Double, &y.zipf_exponent, &kZero, &kThree, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Item popularity ~ 1 / rank^s: larger s, longer tail."));
        ImGui::SliderScalar(tr("topic Zipf"), ImGuiDataType_Double, &y.topic_zipf_exponent, &kZero, &kThree, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Topic popularity ~ 1 / rank^s: mainstream topics vs niche ones."));
        ImGui::SliderScalar(tr("taste sharpness"), ImGuiDataType_Double, &y.taste_sharpness, &kZero, &kTen, "%.1f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("beta: how much a click follows the user's fine-grained taste for an item's\n"
                              "categories, keywords and creator (0: topic and popularity only)."));
        ImGui::SliderScalar(tr("missing fields"), ImGuiDataType_Double, &y.missing_share, &kZero, &kAlmostOne, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Chance that each content field of an item is missing, as in real catalogues."));
        ImGui::SliderScalar(tr("new items"), ImGuiDataType_Double, &y.new_item_share, &kZero, &kAlmostOne, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Share of items launched after training: the cold-start group."));
        ImGui::SliderScalar(tr("topic affinity"), ImGuiDataType_Double, &y.topic_affinity, &kZero, &kOne, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Chance that a click follows the user's preferred topics."));
        ImGui::SliderInt(tr("impressions/click"), &y.impressions_per_click, 0, 20);
        int seed = static_cast<int>(y.seed);
        if (ImGui::InputInt(tr("generator seed"), &seed)) y.seed = static_cast<uint64_t>(std::max(0, seed));
    } else {
        ImGui::InputText(tr("folder"), &folder_);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", source_kind_ == 3   ? tr("A folder with schema.json, interactions.csv, items.csv (users.csv optional).")
                                    : source_kind_ == 4 ? tr("A folder or .zip; its files say the format (u.data, ratings.dat or schema.json).\n"
                                                             "Dropping a folder or zip onto the window loads it the same way.")
                                                        : tr("GroupLens' zip as downloaded, or the folder it unzips to (u.data ... or ratings.dat ...)."));
        ImGui::SliderScalar(tr("cold item share"), ImGuiDataType_Double, &setup.cold_item_share, &kZero, &kAlmostOne, "%.2f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("Real data has no new items: this share of items (chosen by the split seed) is held out\n"
                              "of training entirely and evaluated as cold."));
    }
    int split_seed = static_cast<int>(setup.split_seed);
    if (ImGui::InputInt(tr("split seed"), &split_seed)) setup.split_seed = static_cast<uint64_t>(std::max(0, split_seed));
    ImGui::Checkbox(tr("hold out a validation click"), &setup.validation);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Each user's previous positive (before the test click) is kept out of training and\n"
                          "used to decide when to stop: \"Train to convergence\" needs it. The test click is\n"
                          "never looked at while training."));
    ImGui::PopItemWidth();
    setup.dataset = source_string(source_kind_, folder_);
    synced_source_ = setup.dataset;

    ImGui::BeginDisabled(s.view.loading || (source_kind_ != 0 && folder_.empty()));
    if (ImGui::Button(tr("Load dataset"))) in.load_draft();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Load (or regenerate) the data with these settings and start a new run with the\n"
                          "current hyper-parameters. On failure the previous dataset stays."));
    if (s.view.loading) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("loading..."));
    }
}

}  // namespace app
