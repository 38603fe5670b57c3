// One user: their training clicks, the top-K items the model retrieves for them now (training
// positives excluded, as evaluation does) with cosine scores, and where their held-out test item
// ranks among all the items.
//
// Retrieval is brute force (every item scored) or ANN: an HNSW index of the item vectors
// (engine/serving), as a server would use. In ANN mode the list is the index's answer and each
// entry says how it differs from brute force (its rank there, or that only the index returned
// it); the items the index missed are listed below, and the index's parameters and measured
// recall@K, latency and build time for this catalogue are shown above.
#include <algorithm>
#include <cstdio>

#include "item_description.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"

namespace app {
namespace {

const ImVec4 kShifted(1.0f, 0.8f, 0.3f, 1), kOnlyAnn(1.0f, 0.45f, 0.4f, 1), kSame(0.55f, 0.85f, 0.55f, 1);

void item_row(Intents& in, const towerlab::Dataset& ds, const towerlab::Split& split, int32_t item, int id) {
    const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(item)];
    ImGui::PushID(id);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(group_colour(g)));
    if (ImGui::Selectable(item_label(ds, item).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) in.select_item(item);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        item_tooltip_body(ds, split, item);
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

// Rank (0-based) of `item` in `list`, -1 if absent.
long rank_in(const towerlab::ScoredList& list, int32_t item) {
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].item == item) return static_cast<long>(i);
    return -1;
}

}  // namespace

void UserPanel::serving_controls(const FrameView& s, Intents& in) {
    const towerlab::SessionView& v = s.view;
    int mode = s.selection().ann_retrieval ? 1 : 0;
    ImGui::TextUnformatted(tr("Retrieval:"));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("brute force"), &mode, 0)) in.set_ann_retrieval(false);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Score every item with the user vector and keep the best: exact, and slow on a large catalogue."));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("ANN (HNSW)"), &mode, 1)) {
        draft_ = s.selection().ann_index;
        in.set_ann_retrieval(true);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Approximate nearest neighbours: the item vectors are stored in an HNSW graph\n"
                                   "(hnswlib) and a query walks the graph instead of scoring every item, as\n"
                                   "serving does. Inner product of unit vectors = cosine."));
    if (!s.selection().ann_retrieval) return;

    const float w = ImGui::GetFontSize() * 3.3f;
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("M"), &draft_.M, 0, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Links per node of the graph: more links, better recall, more memory."));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("efConstruction"), &draft_.ef_construction, 0, 0);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Candidates kept while inserting an item: a better graph for a longer build."));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt(tr("efSearch"), &draft_.ef_search, 0, 0);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Candidates kept while answering a query (at least K): recall against latency."));
    const bool edited = draft_.M != s.selection().ann_index.M || draft_.ef_construction != s.selection().ann_index.ef_construction ||
                        draft_.ef_search != s.selection().ann_index.ef_search;
    if (edited) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("Rebuild"))) {
            try {
                draft_.validate();
                in.set_ann_retrieval(true, draft_);
                draft_error_.clear();
            } catch (const std::exception& e) {
                draft_error_ = e.what();
            }
        }
    }
    if (!draft_error_.empty()) ImGui::TextColored(kOnlyAnn, "%s", draft_error_.c_str());

    if (task_status_line(v.serving_task, "serving")) in.set_ann_retrieval(false);
    const towerlab::ServingState* sv = v.serving.get();
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    if (sv && sv->run == v.run) {
        serving_figures(sv->report);
        if (snap && sv->step != snap->step)
            ImGui::TextColored(kShifted, tr("index of step %ld's item vectors; rebuilt when training pauses"), sv->step);
    } else if (!v.serving_task.running) {
        ImGui::TextDisabled("%s", tr("no index yet: it is built when training pauses"));
    }
}

void UserPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionData* d = s.data();
    if (!d) {
        ImGui::TextDisabled("%s", tr("No dataset loaded."));
        return;
    }
    const towerlab::Dataset& ds = *d->dataset;
    const towerlab::Split& split = *d->split;
    if (s.selection().user >= 0) user_input_ = s.selection().user;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt(tr("user"), &user_input_, 1, 100, ImGuiInputTextFlags_EnterReturnsTrue) && user_input_ >= 0 &&
        user_input_ < ds.num_users())
        in.select_user(user_input_);
    ImGui::SameLine();
    if (ImGui::Button(tr("random test user")) && !split.test.empty()) {
        // A deterministic walk through the test users (so a class sees the same sequence).
        const size_t i = static_cast<size_t>((pick_counter_++ * 2654435761ULL + 17) % split.test.size());
        in.select_user(split.test[i].user);
    }
    serving_controls(s, in);
    if (s.selection().user < 0 || s.selection().user >= ds.num_users()) {
        ImGui::TextDisabled(tr("Pick a user (0..%d)."), ds.num_users() - 1);
        return;
    }
    const int u = s.selection().user;
    const std::vector<int32_t>& clicks = split.user_train_items[static_cast<size_t>(u)];
    const towerlab::UserInspection* ins = s.view.user.get();
    const bool fresh = ins && ins->user == u;
    ImGui::Separator();
    if (fresh && ins->held_out >= 0) {
        const towerlab::ItemGroup g = split.item_group[static_cast<size_t>(ins->held_out)];
        ImGui::Text(tr("held-out item: %s"), item_label(ds, ins->held_out).c_str());
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(group_colour(g)), "(%s)", group_name(g));
        ImGui::Text(tr("ranks %ld of %d (cosine %.3f) at step %ld"), ins->held_out_rank,
                    ds.num_items() - static_cast<int>(clicks.size()), ins->held_out_score, ins->step);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("Rank among all items except the user's training clicks; ties count half."));
    } else if (fresh) {
        ImGui::TextDisabled("%s", tr("This user has no held-out test item."));
    }

    const towerlab::RetrievalDifference* diff = fresh && s.selection().ann_retrieval ? ins->ann.get() : nullptr;
    const float h = ImGui::GetContentRegionAvail().y;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("clicks", ImVec2(w * 0.36f, h), true);
    ImGui::Text(tr("%zu training clicks"), clicks.size());
    for (size_t i = 0; i < clicks.size(); ++i) item_row(in, ds, split, clicks[i], static_cast<int>(i));
    ImGui::EndChild();
    ImGui::SameLine();
    const ImVec2 list_at = ImGui::GetCursorScreenPos();
    ImGui::BeginChild("retrieved", ImVec2(0, h), true);
    ImGui::PushTextWrapPos(0);
    if (!fresh) {
        ImGui::TextDisabled("%s", tr("retrieving..."));
    } else if (s.selection().ann_retrieval && !diff) {
        ImGui::TextDisabled("%s", tr("waiting for the ANN index..."));
    } else if (diff) {
        ann_list(in, ds, split, *ins, *diff);
    } else {
        ImGui::Text(tr("top %zu retrieved (brute force)"), ins->top_items.size());
        if (ImGui::BeginTable("top", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            for (size_t i = 0; i < ins->top_items.size(); ++i) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%zu", i + 1);
                ImGui::TableNextColumn();
                item_row(in, ds, split, ins->top_items[i], 100000 + static_cast<int>(i));
                ImGui::TableNextColumn();
                if (ins->top_items[i] == ins->held_out) ImGui::TextColored(kSame, tr("%.3f hit"), ins->top_scores[i]);
                else ImGui::Text("%.3f", ins->top_scores[i]);
            }
            ImGui::EndTable();
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    in.note_rect("user.retrieved", list_at, ImVec2(list_at.x + ImGui::GetItemRectSize().x, list_at.y + h));
}

void UserPanel::ann_list(Intents& in, const towerlab::Dataset& ds, const towerlab::Split& split,
                         const towerlab::UserInspection& ins, const towerlab::RetrievalDifference& diff) {
    long shifted = 0, only_ann = 0, missed = 0;
    for (size_t i = 0; i < diff.approximate.size(); ++i) {
        const long r = rank_in(diff.exact, diff.approximate[i].item);
        if (r < 0) ++only_ann;
        else if (r != static_cast<long>(i)) ++shifted;
    }
    for (uint8_t f : diff.exact_found) missed += f == 0;
    ImGui::Text(tr("top %zu by ANN: recall %.2f against brute force"), diff.approximate.size(), diff.recall);
    ImGui::TextColored(missed + only_ann ? kOnlyAnn : kSame, tr("%ld missed, %ld only in ANN, %ld at another rank"), missed,
                       only_ann, shifted);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Both lists exclude the user's training clicks and score the index's item vectors,\n"
                                   "so every difference is the approximation's. An item 'only in ANN' that ties the\n"
                                   "K-th exact score still counts as found."));
    if (ImGui::BeginTable("ann", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        for (size_t i = 0; i < diff.approximate.size(); ++i) {
            const towerlab::ScoredItem& it = diff.approximate[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%zu", i + 1);
            ImGui::TableNextColumn();
            item_row(in, ds, split, it.item, 200000 + static_cast<int>(i));
            ImGui::TableNextColumn();
            if (it.item == ins.held_out) ImGui::TextColored(kSame, tr("%.3f hit"), it.score);
            else ImGui::Text("%.3f", it.score);
            ImGui::TableNextColumn();
            const long r = rank_in(diff.exact, it.item);
            if (r < 0) {
                const bool tie = i < diff.approximate_correct.size() && diff.approximate_correct[i];
                ImGui::TextColored(tie ? kShifted : kOnlyAnn, "%s", tie ? tr("tie, not in exact list") : tr("only in ANN"));
            } else if (r == static_cast<long>(i)) {
                ImGui::TextColored(kSame, "=");
            } else {
                ImGui::TextColored(kShifted, tr("exact rank %ld"), r + 1);
            }
        }
        ImGui::EndTable();
    }
    if (missed > 0) {
        ImGui::Separator();
        ImGui::TextColored(kOnlyAnn, "%s", tr("in the brute-force top-K, missed by ANN:"));
        for (size_t i = 0; i < diff.exact.size(); ++i) {
            if (i < diff.exact_found.size() && diff.exact_found[i]) continue;
            ImGui::Text(tr("exact rank %ld"), static_cast<long>(i) + 1);
            ImGui::SameLine();
            item_row(in, ds, split, diff.exact[i].item, 300000 + static_cast<int>(i));
        }
    }
}

}  // namespace app
