// The day-by-day update replay (engine/updates/day_replay.h): how no update, full update and
// incremental update serve the following days. The replay runs on a task beside training (Run,
// Cancel, progress) with the current data and the current run's hyper-parameters; each replayed
// day is measured on that day's clicks and the three policies' Recall@K are drawn side by side for
// head, long-tail and cold items, one plot per group, a line per policy.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"

namespace app {
namespace {

const ImU32 kPolicyColour[towerlab::kNumUpdatePolicies] = {IM_COL32(170, 170, 170, 255), IM_COL32(235, 95, 210, 255),
                                                            IM_COL32(70, 205, 225, 255)};

const char* policy_name(towerlab::UpdatePolicy p) {
    switch (p) {
        case towerlab::UpdatePolicy::NoUpdate: return tr("no update");
        case towerlab::UpdatePolicy::Full: return tr("full update");
        case towerlab::UpdatePolicy::Incremental: return tr("incremental");
    }
    return "?";
}

}  // namespace

void UpdateTimelinePanel::rebuild(const towerlab::UpdateTimeline& tl) {
    built_for_ = &tl;
    built_k_ = k_index_;
    const size_t n = tl.days.size();
    x_.assign(n, 0);
    for (auto& group : y_)
        for (auto& policy : group) policy.assign(n, NAN);
    const size_t q = static_cast<size_t>(k_index_);
    for (size_t i = 0; i < n; ++i) {
        const towerlab::DayResult& d = tl.days[i];
        x_[i] = d.day;
        for (towerlab::UpdatePolicy p : towerlab::all_update_policies()) {
            const towerlab::EvalReport& r = d.policy(p).report;
            const towerlab::GroupMetrics* g[4] = {&r.group(towerlab::ItemGroup::Head), &r.group(towerlab::ItemGroup::Tail),
                                                  &r.group(towerlab::ItemGroup::Cold), &r.overall};
            for (int k = 0; k < 4; ++k)
                if (g[k]->users > 0 && q < g[k]->recall.size())
                    y_[static_cast<size_t>(k)][static_cast<size_t>(p)][i] = static_cast<float>(g[k]->recall[q]);
        }
    }
}

void UpdateTimelinePanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionView& v = s.view;
    if (!s.data()) {
        ImGui::TextDisabled("%s", tr("No dataset loaded."));
        return;
    }
    const towerlab::TaskStatus& task = v.replay_task;
    // Settings of the next replay; the model is the current run's hyper-parameters.
    const float w = ImGui::GetFontSize() * 4.5f;
    ImGui::BeginDisabled(task.running);
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("warm-up days"), &config_.warmup_days, 0, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("The first model trains on these days; every later day is replayed."));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("warm-up epochs"), &config_.warmup_epochs, 0, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("slices per day"), &config_.slices_per_day, 0, 0);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Incremental update: the day is cut into time slices; each slice is measured,\n"
                                   "then its clicks update the ID embeddings (MLPs frozen)."));
    ImGui::EndDisabled();
    if (task.running) {
        if (ImGui::Button(tr("Cancel replay"))) in.session().cancel_update_replay();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.5f, 0.25f, 1));
        if (ImGui::Button(tr("Run replay"))) {
            try {
                towerlab::DayReplayConfig c = config_;
                if (const towerlab::TrainingSnapshot* snap = s.snapshot()) c.ks = snap->config.eval_k;
                c.validate();
                in.session().start_update_replay(c);
                error_.clear();
            } catch (const std::exception& e) {
                error_ = e.what();
            }
        }
        ImGui::PopStyleColor();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Replays the clicks day by day beside training (it does not stop it): no update trains\n"
                                   "once and freezes; full update retrains every parameter on yesterday's clicks,\n"
                                   "shuffled, one epoch; incremental starts each day from the full model and updates\n"
                                   "only the ID embeddings as the day's clicks stream in."));
    ImGui::SameLine();
    if (task_status_line(task, "replay")) in.session().cancel_update_replay();
    if (!error_.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", error_.c_str());

    const towerlab::UpdateTimeline* tl = v.timeline.get();
    if (!tl || tl->days.empty()) {
        if (!task.running) ImGui::TextDisabled("%s", tr("Run the replay to see the three policies day by day."));
        else ImGui::TextDisabled("%s", tr("The first day appears after the warm-up model has trained."));
        return;
    }
    const std::vector<int>& ks = tl->days.front().policy(towerlab::UpdatePolicy::Full).report.ks;
    if (ks.empty()) return;
    k_combo(ks, k_index_);
    if (tl != built_for_ || k_index_ != built_k_) rebuild(*tl);
    ImGui::SameLine();
    ImGui::TextDisabled(tr("%zu of %d days replayed; first model: %ld steps on %d day(s)"), tl->days.size(),
                        std::max(0, tl->num_days - tl->config.warmup_days), tl->warmup_steps, tl->config.warmup_days);

    // Three plots side by side: head, long tail, cold; one line per policy.
    const char* group_titles[3] = {tr("head items"), tr("long-tail items"), tr("cold items")};
    const float table_h = ImGui::GetTextLineHeightWithSpacing() * 2.4f;
    const float plot_h = std::max(90.0f, ImGui::GetContentRegionAvail().y - table_h);
    const float plot_w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    char title[3][96];
    for (int g = 0; g < 3; ++g) {
        std::vector<plot::Series> series;
        for (towerlab::UpdatePolicy p : towerlab::all_update_policies()) {
            plot::Series sr;
            sr.label = policy_name(p);
            sr.color = kPolicyColour[static_cast<int>(p)];
            sr.x = x_.data();
            sr.y = y_[static_cast<size_t>(g)][static_cast<size_t>(p)].data();
            sr.n = x_.size();
            sr.thickness = 2.0f;
            sr.in_legend = g == 0;
            series.push_back(sr);
        }
        std::snprintf(title[g], sizeof title[g], "%s: Recall@%d", group_titles[g], ks[static_cast<size_t>(k_index_)]);
        plot::LinePlotLabels labels;
        labels.title = title[g];
        labels.x_label = tr("day");
        if (g > 0) ImGui::SameLine();
        // One legend (on the first plot) toggles a policy in all three.
        for (towerlab::UpdatePolicy p : towerlab::all_update_policies())
            plots_[g].hidden[policy_name(p)] = plots_[0].hidden[policy_name(p)];
        char id[16];
        std::snprintf(id, sizeof id, "timeline%d", g);
        const plot::LinePlotHover h = plot::line_plot(id, plots_[g], series, labels, ImVec2(plot_w, plot_h));
        static const char* const kRectNames[3] = {"timeline.head", "timeline.tail", "timeline.cold"};
        in.note_rect(kRectNames[g], h.area_min, h.area_max);
    }
    // Group sizes of the latest day (one hit in a small group moves recall a lot).
    const towerlab::DayResult& last = tl->days.back();
    const towerlab::EvalReport& r = last.policy(towerlab::UpdatePolicy::Full).report;
    ImGui::TextDisabled(tr("day %d: %ld clicks, %d new items; measured on %ld clicks: %d head, %d long-tail, %d cold users"),
                        last.day, last.clicks, last.new_items, last.eval_clicks, r.group(towerlab::ItemGroup::Head).users,
                        r.group(towerlab::ItemGroup::Tail).users, r.group(towerlab::ItemGroup::Cold).users);
    if (!task.running && task.finished)
        ImGui::TextDisabled(tr("replay took %.0f s"), tl->seconds);
}

}  // namespace app
