// Which data the model trains on: the embedded synthetic generator (with its parameters) or a
// MovieLens / CSV folder. Loading happens on the training thread; a failed load is shown here with
// the loader's message (file, line, field) and the previous dataset stays loaded.
#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "item_description.h"
#include "panels/panels.h"
#include "ui_text.h"

namespace app {
namespace {

// English; shown through tr().
const char* const kKinds[] = {"synthetic (embedded)", "MovieLens 100K folder", "MovieLens 1M folder", "CSV folder"};
const char* const kPrefixes[] = {"synthetic", "ml-100k", "ml-1m", "csv"};
const double kZero = 0, kOne = 1, kThree = 3, kTen = 10, kAlmostOne = 0.89;

// Splits a source string back into (kind, folder).
void parse_source(const std::string& source, int& kind, std::string& folder) {
    kind = 0;
    folder.clear();
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
    ImGui::Text(tr("train %zu clicks, test %zu users"), sp.train.size(), sp.test.size());
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
    if (kind <= 0 || kind > 3) return "synthetic";
    return std::string(kPrefixes[kind]) + ":" + folder;
}

void DatasetPanel::draw(AppState& s) {
    if (s.setup.dataset != synced_source_) parse_source(s.setup.dataset, source_kind_, folder_);
    if (const towerlab::SessionData* d = s.data()) loaded_summary(*d);
    else ImGui::TextDisabled("%s", s.view.loading ? tr("loading...") : tr("no dataset loaded yet"));
    if (s.view.error_source == "load") {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), tr("Could not load: %s"), s.view.error.c_str());
        if (s.data()) ImGui::TextDisabled("%s", tr("The previous dataset stays loaded."));
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();

    ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
    const char* kinds[4];
    for (int k = 0; k < 4; ++k) kinds[k] = tr(kKinds[k]);
    ImGui::Combo(tr("source"), &source_kind_, kinds, 4);
    towerlab::SessionSetup& setup = s.setup;
    if (source_kind_ == 0) {
        towerlab::SyntheticConfig& y = setup.synthetic;
        ImGui::InputInt(tr("users"), &y.num_users, 1000, 10000);
        ImGui::InputInt(tr("items"), &y.num_items, 1000, 10000);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(tr("Catalogue size. The projection shows up to %d items, sampled by popularity group."),
                              s.session.options().max_projected_items);
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
            ImGui::SetTooltip("%s", source_kind_ == 3 ? tr("A folder with schema.json, interactions.csv, items.csv (users.csv optional).")
                                                      : tr("The unpacked GroupLens folder (u.data ... or ratings.dat ...)."));
        ImGui::SliderScalar(tr("cold item share"), ImGuiDataType_Double, &setup.cold_item_share, &kZero, &kAlmostOne, "%.2f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("Real data has no new items: this share of items (chosen by the split seed) is held out\n"
                              "of training entirely and evaluated as cold."));
    }
    int split_seed = static_cast<int>(setup.split_seed);
    if (ImGui::InputInt(tr("split seed"), &split_seed)) setup.split_seed = static_cast<uint64_t>(std::max(0, split_seed));
    ImGui::PopItemWidth();
    setup.dataset = source_string(source_kind_, folder_);
    synced_source_ = setup.dataset;

    ImGui::BeginDisabled(s.view.loading || (source_kind_ != 0 && folder_.empty()));
    if (ImGui::Button(tr("Load dataset"))) {
        s.session.load(setup);
        s.selected_item = s.selected_user = -1;
    }
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
