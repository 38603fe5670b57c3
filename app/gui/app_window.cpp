#include "app_window.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <imgui.h>

#include "core/error.h"
#include "setup_file.h"
#include "ui_text.h"

namespace app {

AppWindow::AppWindow(towerlab::TrainingSession& session, scatter::Backend* scatter, scatter::Backend* imported_scatter,
                     scatter::Backend* user_scatter)
    : state_(session, scatter, imported_scatter, user_scatter) {
    // Every panel, once: id, title, View-menu entry, slot, draw. The slots' places are frame()'s.
    const auto add = [this](const char* id, const char* title, const char* menu, const char* slot, auto& panel) {
        panels_.add({id, title, menu, slot, [this, &panel, id](const FrameView& view, Intents& intents) {
                         const FrameProfile::Scope timed(&profile_, id);
                         panel.draw(view, intents);
                     }});
    };
    add("training", "Training", nullptr, "training", controls_);
    add("dataset", "Dataset", nullptr, "dataset", dataset_);
    add("loss", "Loss curves", nullptr, "loss", loss_);
    add("pca", "Embedding map", nullptr, "projection", projection_);
    add("usermap", "User map", "User map", "projection", user_map_);
    add("updates", "Update timeline", "Update timeline", "projection", timeline_);
    add("recall", "Recall@K", "Recall@K", "evaluation", metrics_);
    add("geometry", "Geometry: head vs tail", "Geometry of head vs tail", "evaluation", geometry_);
    add("heatmap", "MI heatmap", "MI heatmap", "inspect", heatmap_);
    add("item", "Item", "Item inspector", "inspect", item_);
    add("user", "User", "User view", "inspect", user_);
    add("augmentations", "Augmentations", "Augmentation viewer", "inspect", augmentations_);
    add("lessons", "Lessons", "Lessons", "lessons", lessons_);  // a window of its own over the centre
    state_.frame.panels = &panels_;
}

void AppWindow::load(const towerlab::SessionSetup& setup) {
    state_.draft.setup = setup;
    state_.session.load(setup);
}

void AppWindow::pull_view() {
    const FrameProfile::Scope timed(&profile_, "pull_view");
    towerlab::SessionView v = state_.session.view();
    const towerlab::TrainingSnapshot* old = state_.frame.view.snapshot.get();
    // A new run began (reset or load): keep the finished run's losses for overlay.
    if (old && v.run != state_.frame.view.run && !old->losses.empty()) {
        state_.frame.past_runs.push_back({state_.frame.view.run, run_label(state_.frame.view.run, old->config), old->losses});
        if (state_.frame.past_runs.size() > FrameView::kMaxPastRuns) state_.frame.past_runs.erase(state_.frame.past_runs.begin());
    }
    if (v.data && (!state_.frame.view.data || v.data->generation != state_.frame.view.data->generation)) {
        state_.selection.item = -1;
        state_.selection.user = -1;
    }
    // A resumed checkpoint brings its own config (and maybe data): the draft follows it.
    if (v.run != state_.frame.view.run && v.run_origin == "checkpoint" && v.data && v.snapshot) {
        state_.draft.setup = v.data->setup;
        state_.draft.setup.config = v.snapshot->config;
    }
    if (v.error_serial != shown_error_serial_) {
        shown_error_serial_ = v.error_serial;
        error_dismissed_ = false;
    }
    if (v.notice_serial != shown_notice_serial_) {
        shown_notice_serial_ = v.notice_serial;
        state_.requests.notice = v.notice;
    }
    state_.frame.view = std::move(v);
}

void AppWindow::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    const bool has_model = state_.frame.snapshot() != nullptr && !state_.frame.view.loading;
    if (ImGui::BeginMenu(tr_id("File", "file").c_str())) {
        if (ImGui::MenuItem(tr("Save setup..."))) files_.open(FileAction::SaveSetup);
        if (ImGui::MenuItem(tr("Open dataset (folder or zip)..."))) files_.open(FileAction::OpenDataset);
        if (ImGui::MenuItem(tr("Load setup..."))) files_.open(FileAction::LoadSetup);
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Save checkpoint..."), nullptr, false, has_model)) files_.open(FileAction::SaveCheckpoint);
        if (ImGui::MenuItem(tr("Load checkpoint..."))) files_.open(FileAction::LoadCheckpoint);
        if (ImGui::MenuItem(tr("Export embeddings..."), nullptr, false, has_model)) files_.open(FileAction::ExportEmbeddings);
        if (ImGui::MenuItem(tr("Import item embeddings..."))) files_.open(FileAction::ImportEmbeddings);
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Quit"))) quit_ = true;
        ImGui::EndMenu();
    }
    state_.intents.note_rect("menu.file", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (ImGui::BeginMenu(tr_id("View", "view").c_str())) {
        ImGui::MenuItem(tr("Frame-time overlay"), nullptr, &state_.requests.show_frame_stats);
        if (ImGui::MenuItem(tr("Reset layout"))) layout_pending_ = true;
        ImGui::Separator();
        for (const PanelEntry& p : panels_.panels())
            if (p.menu && ImGui::MenuItem(tr(p.menu))) show(p.id);
        ImGui::MenuItem(tr("Imported embeddings"), nullptr, &state_.requests.show_imported);
        ImGui::Separator();
        if (ImGui::BeginMenu(tr("Language"))) {
            if (ImGui::MenuItem(language_name(Language::English), nullptr, language() == Language::English))
                set_language(Language::English);
            if (ImGui::MenuItem(language_name(Language::Chinese), nullptr, language() == Language::Chinese,
                                state_.frame.chinese_available))
                set_language(Language::Chinese);
            if (!state_.frame.chinese_available) ImGui::TextDisabled("%s", state_.frame.font_note.c_str());
            ImGui::EndMenu();
        }
        ImGui::EndMenu();
    }
    state_.intents.note_rect("menu.view", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    lessons_menu();
    if (ImGui::BeginMenu(tr_id("Help", "help").c_str())) {
        ImGui::TextUnformatted(tr("TowerLab trains a two-tower retrieval model and shows it learning."));
        ImGui::TextUnformatted(tr("Hover any control's (?) for the concept and its formula."));
        ImGui::TextUnformatted(tr("Plots: drag to pan, wheel to zoom (shift: y), double-click to fit."));
        ImGui::TextUnformatted(tr("Projection: hover an item for its fields, click to inspect it."));
        ImGui::EndMenu();
    }
    status_message();
    ImGui::EndMainMenuBar();
}

// The course's lessons in order; choosing one opens the lessons window on it.
void AppWindow::lessons_menu() {
    if (ImGui::BeginMenu(tr_id("Lessons", "lessons menu").c_str())) {
        const std::vector<towerlab::Lesson>& lessons = towerlab::all_lessons();
        const Language lang = language();
        for (size_t i = 0; i < lessons.size(); ++i) {
            const std::string label = std::to_string(lessons[i].number) + ". " + lessons[i].title.in(lang);
            if (ImGui::MenuItem(label.c_str(), nullptr, state_.requests.show_lessons && lessons_.selected() == static_cast<int>(i))) {
                lessons_.select(static_cast<int>(i));
                show("lessons");
            }
        }
        ImGui::EndMenu();
    }
    state_.intents.note_rect("menu.lessons", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

// Status on the right of the menu bar: the current error, else the latest notice.
void AppWindow::status_message() {
    const towerlab::SessionView& v = state_.frame.view;
    std::string message;
    ImVec4 colour(0.6f, 0.85f, 0.6f, 1);
    if (!state_.requests.ui_error.empty()) {
        message = tr("Error: ") + state_.requests.ui_error;
        colour = ImVec4(1, 0.45f, 0.4f, 1);
    } else if (!v.error.empty() && !error_dismissed_) {
        message = tr("Error (") + std::string(tr(v.error_source.c_str())) + "): " + v.error;
        colour = ImVec4(1, 0.45f, 0.4f, 1);
    } else if (v.loading) {
        message = tr("loading dataset...");
    } else if (!state_.requests.notice.empty()) {
        message = state_.requests.notice;
    }
    if (message.empty()) return;
    ImGui::Separator();
    const float avail = ImGui::GetContentRegionAvail().x - 20;
    std::string shown = message;
    if (ImGui::CalcTextSize(shown.c_str()).x > avail) {
        // Cut whole UTF-8 characters until it fits with the ellipsis.
        while (!shown.empty() && ImGui::CalcTextSize((shown + "...").c_str()).x > avail) {
            size_t cut = shown.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
            shown.resize(cut);
        }
        shown += "...";
    }
    ImGui::TextColored(colour, "%s", shown.c_str());
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(600);
        ImGui::TextUnformatted(message.c_str());
        ImGui::TextDisabled("%s", tr("click to dismiss"));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (ImGui::IsItemClicked()) {
        if (!state_.requests.ui_error.empty()) state_.requests.ui_error.clear();
        else if (!v.error.empty() && !error_dismissed_) error_dismissed_ = true;
        else state_.requests.notice.clear();
    }
}

bool AppWindow::begin_slot(const char* label, const char* id, float x, float y, float w, float h) {
    const ImGuiCond cond = layout_pending_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    const PanelEntry* pointed = panels_.find(state_.requests.pointed);
    if (state_.requests.raise_pointed && pointed && pointed->slot == id) {
        ImGui::SetNextWindowFocus();
        state_.requests.raise_pointed = false;
    }
    ImGui::SetNextWindowPos(ImVec2(x, y), cond);
    ImGui::SetNextWindowSize(ImVec2(w, h), cond);
    // Software GL pays for every pixel it blends, and the six slots' backgrounds are a whole
    // screen of them (about 6 ms a frame under llvmpipe). Laid side by side the slots need none:
    // the clear colour is the window colour. A slot moved over another window draws its own.
    const bool overlaps = !layout_pending_ && overlaps_other_window(id);
    return ImGui::Begin(tr_id(label, id).c_str(), nullptr,
                        ImGuiWindowFlags_NoCollapse | (overlaps ? 0 : ImGuiWindowFlags_NoBackground));
}

bool AppWindow::overlaps_other_window(const std::string& id) const {
    const auto mine = window_rects_.find(id);
    if (mine == window_rects_.end()) return true;  // not placed yet: be opaque
    const Rect& a = mine->second;
    for (const auto& [other, b] : window_rects_) {
        if (other == id) continue;
        // A shared edge (the tiled layout) is no overlap; more than a pixel is.
        const float w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
        const float h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
        if (w > 1 && h > 1) return true;
    }
    return false;
}

void AppWindow::note_window(const std::string& id) {
    const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
    next_window_rects_[id] = {p.x, p.y, sz.x, sz.y};
}

// Ends a slot's window; a panel a lesson points at gets a pulsing frame.
void AppWindow::end_slot(const char* id) {
    if (state_.highlighted(id)) {
        const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
        const float pulse = 0.6f + 0.4f * std::sin(static_cast<float>(ImGui::GetTime()) * 6.0f);
        ImGui::GetForegroundDrawList()->AddRect(ImVec2(p.x + 1, p.y + 1), ImVec2(p.x + sz.x - 1, p.y + sz.y - 1),
                                                IM_COL32(255, 210, 60, static_cast<int>(255 * pulse)), 4.0f, 0, 3.0f);
        state_.intents.note_rect("highlight", p, ImVec2(p.x + sz.x, p.y + sz.y));
    }
    note_window(id);
    ImGui::End();
}

void AppWindow::frame() {
    pull_view();
    state_.requests.layout.clear();
    ImGuiIO& io = ImGui::GetIO();
    menu_bar();
    files_.draw(state_.frame, state_.intents, [this](const towerlab::SessionSetup& setup) { load(setup); });

    const ImVec2 display = io.DisplaySize;
    if (display.x != laid_out_for_.x || display.y != laid_out_for_.y) {
        layout_pending_ = true;
        laid_out_for_ = display;
    }
    const float top = ImGui::GetFrameHeight();
    const float H = std::max(200.0f, display.y - top), W = std::max(400.0f, display.x);
    const float left_w = std::clamp(W * 0.25f, 300.0f, 420.0f);
    const float right_w = std::floor((W - left_w) * 0.44f);
    const float centre_w = W - left_w - right_w;
    const float cx = left_w, rx = left_w + centre_w;

    std::set<std::string> want(state_.requests.focus.begin(), state_.requests.focus.end());
    state_.requests.focus.clear();
    // A slot's panels: one is drawn as is; several are tabs, a wanted one selected.
    const auto slot = [&](const char* title, const char* id, float x, float y, float w, float h) {
        if (begin_slot(title, id, x, y, w, h)) {
            const std::vector<const PanelEntry*> in = panels_.in_slot(id);
            if (in.size() == 1) {
                in[0]->draw(state_.frame, state_.intents);
            } else if (ImGui::BeginTabBar((std::string(id) + " tabs").c_str())) {
                for (const PanelEntry* p : in) {
                    const ImGuiTabItemFlags flags = want.count(p->id) ? ImGuiTabItemFlags_SetSelected : 0;
                    if (ImGui::BeginTabItem(tr_id(p->title, p->id.c_str()).c_str(), nullptr, flags)) {
                        p->draw(state_.frame, state_.intents);
                        ImGui::EndTabItem();
                    }
                }
                ImGui::EndTabBar();
            }
        }
        end_slot(id);
    };

    const float controls_h = std::floor(H * 0.63f);
    slot("Training", "training", 0, top, left_w, controls_h);
    slot("Dataset", "dataset", 0, top + controls_h, left_w, H - controls_h);
    const float loss_h = std::floor(H * 0.42f);
    slot("Loss curves", "loss", cx, top, centre_w, loss_h);
    slot("Item embeddings and updates", "projection", cx, top + loss_h, centre_w, H - loss_h);
    const float metrics_h = std::floor(H * 0.5f);
    slot("Evaluation", "evaluation", rx, top, right_w, metrics_h);
    slot("Inspect", "inspect", rx, top + metrics_h, right_w, H - metrics_h);

    if (state_.requests.show_imported) {
        const ImGuiCond cond = layout_pending_ ? ImGuiCond_Always : ImGuiCond_Appearing;
        ImGui::SetNextWindowPos(ImVec2(cx + 20, top + 20), cond);
        ImGui::SetNextWindowSize(ImVec2(centre_w + right_w - 40, std::floor(H * 0.75f)), cond);
        if (ImGui::Begin(tr_id("Imported embeddings", "imported").c_str(), &state_.requests.show_imported, ImGuiWindowFlags_NoCollapse))
            imported_.draw(state_.frame, state_.intents);
        note_window("imported");
        ImGui::End();
    }

    // The lessons window over the centre and the right, in front when asked for.
    if (want.count("lessons")) state_.requests.show_lessons = true;
    if (state_.requests.show_lessons) {
        const ImGuiCond cond = layout_pending_ ? ImGuiCond_Always : ImGuiCond_Appearing;
        ImGui::SetNextWindowPos(ImVec2(cx, top), cond);
        ImGui::SetNextWindowSize(ImVec2(centre_w + right_w, H), cond);
        if (want.count("lessons")) ImGui::SetNextWindowFocus();
        if (ImGui::Begin(tr_id("Lessons", "lessons").c_str(), &state_.requests.show_lessons, ImGuiWindowFlags_NoCollapse)) {
            panels_.find("lessons")->draw(state_.frame, state_.intents);
            note_window("lessons");
            state_.intents.note_rect("lessons", ImGui::GetWindowPos(),
                             ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
        }
        ImGui::End();
    }

    if (state_.requests.show_frame_stats && !state_.frame.capture) frame_stats_.draw(state_.frame);
    layout_pending_ = false;
    window_rects_ = std::move(next_window_rects_);  // the windows shown this frame, where they are
    next_window_rects_.clear();
}

}  // namespace app
