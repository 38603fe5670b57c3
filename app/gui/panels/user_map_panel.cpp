// The user map: the user tower's vectors of a seeded sample of users, laid out like the item map
// (PCA, UMAP or t-SNE on the session's layout task, refreshed warm while training) and read the
// same way. Both towers end in one cosine space, so users close together here are served alike;
// colouring by training clicks shows whether light users (few clicks to learn from) get vectors as
// structured as heavy ones, colouring by the generator's topic whether users group by taste.
//
// The session lays out one map at a time, the one on screen: drawing this panel asks for the user
// map (Intents::show_map), drawing the item map asks for the items again.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "layout_tsv.h"
#include "item_description.h"
#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "render/colormap.h"
#include "ui_text.h"

namespace app {
namespace {

constexpr uint32_t kAlpha = 210;

// Click buckets in order, light to heavy, on one sequential scale.
ImU32 bucket_colour(int bucket) { return colormap::viridis(0.1f + 0.8f * static_cast<float>(bucket) / (towerlab::kNumClickBuckets - 1)); }

uint32_t with_alpha(ImU32 c, uint32_t a) { return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT); }

int training_clicks(const towerlab::Split& split, int32_t user) {
    return static_cast<int>(split.user_train_items[static_cast<size_t>(user)].size());
}

// The user's first preferred topic in the generator, or -1 for real data.
int user_topic(const towerlab::Dataset& d, int32_t user) {
    if (!d.truth || static_cast<size_t>(user) >= d.truth->user_topics.size()) return -1;
    return d.truth->user_topics[static_cast<size_t>(user)][0];
}

}  // namespace

const towerlab::ItemLayout* UserMapPanel::shown(const FrameView& s) const {
    const towerlab::ItemLayout* l = s.view.layout.get();
    return l && l->subject == towerlab::MapSubject::Users && l->run == s.view.run && l->method == method_ ? l : nullptr;
}

void UserMapPanel::set_method(Intents& in, towerlab::LayoutMethod m) {
    if (m == method_) return;
    method_ = m;
    canvas_.auto_fit = true;
    in.show_map(towerlab::MapSubject::Users, m);
}

void UserMapPanel::upload(const FrameView& s, const towerlab::ItemLayout& l) {
    const towerlab::SessionData* d = s.data();
    uploaded_for_ = &l;
    uploaded_colouring_ = colouring_;
    xy_ = l.xy;
    rgba_.assign(l.items.size(), 0u);
    if (!d) return;
    const towerlab::Dataset& ds = *d->dataset;
    const int field = colouring_ - 2;
    const bool by_field = field >= 0 && field < ds.users.num_fields();
    for (size_t k = 0; k < l.items.size(); ++k) {
        const int32_t u = l.items[k];
        ImU32 c = bucket_colour(towerlab::click_bucket(training_clicks(*d->split, u)));
        if (colouring_ == 1 && user_topic(ds, u) >= 0) c = colormap::category(user_topic(ds, u), ds.num_topics);
        if (by_field) {
            const int32_t v = ds.users.value(u, field);
            c = v == towerlab::kMissingValue ? IM_COL32(110, 110, 110, 255)
                                             : colormap::category(v - 1, ds.users.fields()[static_cast<size_t>(field)].cardinality);
        }
        rgba_[k] = with_alpha(c, kAlpha);
    }
    if (s.user_scatter_backend) s.user_scatter_backend->set_points({xy_, rgba_});
    canvas_.data_bounds = scatter::robust_bounds(xy_);
}

void UserMapPanel::export_popup(const FrameView& s, Intents& in, const towerlab::ItemLayout* l) {
    const towerlab::SessionData* d = s.data();
    file_export_button(
        tr("TSV"), tr("Save this map as TSV: user id, training clicks, click bucket, topic, x, y."), "export user map tsv",
        tsv_path_, d && l, [&] { save_user_layout_tsv(tsv_path_, *d->dataset, *d->split, l->items, l->xy); },
        tr("saved the map to "), in);
}

// What the picture is, how old, and how faithful to the users' 64-D neighbours, per click bucket.
void UserMapPanel::caption(const FrameView& s, Intents& in, const towerlab::ItemLayout* l) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const towerlab::SessionData* d = s.data();
    if (!snap || !d) return;
    if (!l) {
        const towerlab::TaskStatus& task = s.view.layout_task;
        char progress[160];
        std::snprintf(progress, sizeof progress, tr("computing %s: %s"), towerlab::to_string(method_), task.stage.c_str());
        ImGui::ProgressBar(task.running && task.fraction >= 0 ? static_cast<float>(task.fraction) : 0.0f,
                           ImVec2(ImGui::GetFontSize() * 14, 0), progress);
        return;
    }
    ImGui::TextDisabled(tr("%s of step %ld (%ld behind): %zu of %d users. Drag: pan, wheel: zoom, double-click: fit."),
                        towerlab::to_string(method_), l->step, snap->step - l->step, l->items.size(), d->dataset->num_users());
    const towerlab::LayoutFaithfulness& f = l->faithfulness;
    if (f.overall.queries <= 0) return;
    char line[256];
    int at = std::snprintf(line, sizeof line, tr("kNN recall@%d %.2f; by training clicks:"), f.k, f.overall.knn_recall);
    for (size_t b = 0; b < f.per_group.size() && at < static_cast<int>(sizeof line); ++b)
        if (f.per_group[b].queries > 0)
            at += std::snprintf(line + at, sizeof line - static_cast<size_t>(at), " %s %.2f",
                                towerlab::click_bucket_name(static_cast<int>(b)), f.per_group[b].knn_recall);
    if (at < static_cast<int>(sizeof line))
        std::snprintf(line + at, sizeof line - static_cast<size_t>(at), tr("; trust %.2f"), f.overall.trustworthiness);
    ImGui::TextDisabled("%s", line);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("How much of the user tower's neighbourhood this picture keeps, over %d sampled users:\n"
                             "kNN recall@k: the share of a user's k nearest users by cosine that are among its k\n"
                             "nearest points here, per bucket of training clicks. Trust = trustworthiness@k."),
                          f.overall.queries);
    in.note_rect("usermap.faithfulness", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void UserMapPanel::draw(const FrameView& s, Intents& in) {
    in.show_map(towerlab::MapSubject::Users, method_);
    const towerlab::SessionData* d = s.data();
    const towerlab::ItemLayout* l = shown(s);

    set_method(in, layout_method_combo("##user method", method_,
                                       tr("The users' vectors from the user tower, laid out as the item map is: PCA (a linear view)\n"
                                          "or UMAP / t-SNE (each user near its nearest users by cosine).")));
    ImGui::SameLine();
    if (d)
        colouring_combo(colouring_, tr("training clicks"), d->dataset->truth && !d->dataset->truth->user_topics.empty(),
                        d->dataset->users,
                        tr("Training clicks: how many clicks the user trained on (light users have little to learn\n"
                           "from). Topic: the generator's hidden first preferred topic (synthetic data).\n"
                           "Field: the user's first value of that field."));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3);
    ImGui::SliderFloat(tr("size"), &point_size_, 1.0f, 8.0f, "%.1f");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputTextWithHint("##find user", tr("find user: id"), &query_, ImGuiInputTextFlags_EnterReturnsTrue) && d) {
        int found = -1;
        for (int u = 0; u < d->dataset->num_users() && found < 0; ++u)
            if (d->dataset->user_id(u) == query_) found = u;
        search_note_ = found < 0 ? tr("no user has this id") : "";
        if (found >= 0) in.select_user(found);
    }
    if (!search_note_.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", search_note_.c_str());
    }
    ImGui::SameLine();
    export_popup(s, in, l);

    if (l && (l != uploaded_for_ || colouring_ != uploaded_colouring_)) upload(s, *l);
    if (!l && uploaded_for_) {  // a new run or method: nothing of the old picture stays
        uploaded_for_ = nullptr;
        xy_.clear();
        rgba_.clear();
        if (s.user_scatter_backend) s.user_scatter_backend->set_points({});
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float caption_h = ImGui::GetTextLineHeightWithSpacing() * 2;
    const scatter::CanvasResult c =
        scatter::canvas("user canvas", canvas_, s.user_scatter_backend, xy_, rgba_, point_size_, ImVec2(avail.x, avail.y - caption_h));
    in.note_rect("usermap", c.min, c.max);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.min, c.max, true);
    if (l && d) {
        for (size_t i = 0; i < l->items.size() && s.selection().user >= 0; ++i)
            if (l->items[i] == s.selection().user)
                dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 7, IM_COL32(255, 255, 255, 255), 16, 2.0f);
        if (c.hovered >= 0 && static_cast<size_t>(c.hovered) < l->items.size()) {
            const size_t i = static_cast<size_t>(c.hovered);
            const int32_t u = l->items[i];
            dl->AddCircle(c.to_screen(xy_[2 * i], xy_[2 * i + 1]), 6, IM_COL32(255, 255, 255, 220), 16, 1.5f);
            ImGui::BeginTooltip();
            ImGui::Text(tr("user %s: %d training clicks"), d->dataset->user_id(u).c_str(), training_clicks(*d->split, u));
            if (user_topic(*d->dataset, u) >= 0) ImGui::Text(tr("ground-truth topic %d"), user_topic(*d->dataset, u));
            for (int f = 0; f < d->dataset->users.num_fields(); ++f)
                ImGui::TextDisabled("%s: %s", d->dataset->users.fields()[static_cast<size_t>(f)].name.c_str(),
                                    field_text(d->dataset->users, u, f).c_str());
            ImGui::TextDisabled("%s", tr("click to open in the user view"));
            ImGui::EndTooltip();
            if (c.clicked) in.select_user(u);
        }
        // Legend of the click buckets, top left.
        if (colouring_ == 0) {
            int count[towerlab::kNumClickBuckets] = {};
            for (int32_t u : l->items) ++count[towerlab::click_bucket(training_clicks(*d->split, u))];
            const float lh = ImGui::GetTextLineHeight();
            ImVec2 at(c.min.x + 8, c.min.y + 6);
            const ImVec2 box0(at.x - 4, at.y - 3), box1(at.x + 150, at.y + (towerlab::kNumClickBuckets + 1) * (lh + 2) + 2);
            dl->AddRectFilled(box0, box1, IM_COL32(10, 12, 16, 190));
            in.note_rect("usermap.legend", box0, box1);
            dl->AddText(at, ImGui::GetColorU32(ImGuiCol_TextDisabled), tr("training clicks"));
            at.y += lh + 2;
            for (int b = 0; b < towerlab::kNumClickBuckets; ++b) {
                dl->AddCircleFilled(ImVec2(at.x + 5, at.y + lh / 2), 4.5f, bucket_colour(b));
                char text[64];
                std::snprintf(text, sizeof text, "%s  %d", towerlab::click_bucket_name(b), count[b]);
                dl->AddText(ImVec2(at.x + 15, at.y), ImGui::GetColorU32(ImGuiCol_Text), text);
                at.y += lh + 2;
            }
        }
    } else {
        const char* msg = !d ? tr("Loading the dataset...") : tr("The user map appears when its first layout is done.");
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((c.min.x + c.max.x - ts.x) / 2, (c.min.y + c.max.y - ts.y) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), msg);
    }
    dl->PopClipRect();
    caption(s, in, l);
}

}  // namespace app
