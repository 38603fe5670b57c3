// Pieces several panels draw the same way.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "lessons/augmentation_views.h"
#include "serving/serving_benchmark.h"
#include "data/feature_schema.h"
#include "session/item_layout.h"
#include "session/session_task.h"

namespace app {

class Intents;

// The figures serve-bench prints, for one index: recall@K against brute force, latency p50/p99 of
// both, build time and memory.
void serving_figures(const towerlab::ServingBenchReport& report);

// A task's state in one line: a progress bar, its stage and a Cancel button while it runs (returns
// true when Cancel was pressed), its error or "cancelled" afterwards.
bool task_status_line(const towerlab::TaskStatus& task, const char* id);

// One item's fields with the original values and the two views of a transformation: a masked
// field greyed as "masked", dropped values struck through after the kept ones.
void item_views_table(const towerlab::ItemViews& views, const char* id, float height = 0);

// `text` (UTF-8) broken into lines of at most `width` pixels in the current font: at spaces, and
// between any two CJK characters. ImGui 1.86 wraps only at spaces and punctuation, so a run of
// Chinese, which has neither, would leave a short line before it and overflow.
std::string wrap_text(const std::string& text, float width);
// Draws text wrapped so to the content width, in the style colour `colour`.
void wrapped_text(const std::string& text, ImGuiCol colour = ImGuiCol_Text);

// A "K = 50" combo over `ks`; `index` is clamped into range first. ks must not be empty.
void k_combo(const std::vector<int>& ks, int& index);

// The map's method combo (PCA, UMAP, t-SNE) with `tooltip`; returns the method picked this frame
// when it differs from `current`, else `current`.
towerlab::LayoutMethod layout_method_combo(const char* id, towerlab::LayoutMethod current, const char* tooltip);

// The map's colouring combo: 0 `first` (the map's own groups), 1 ground-truth topic (offered when
// `has_topics`), 2 + f the first value of field f of `fields`; `colouring` is changed on a pick.
void colouring_combo(int& colouring, const char* first, bool has_topics, const towerlab::FeatureTable& fields,
                     const char* tooltip);

// A button (`label`, with `tooltip`) that opens a popup (`popup_id`) holding a file path and Save.
// Save, when `ready`, runs `save` (which reads `path`) through Intents::attempt, with the notice
// `done` followed by the path, and closes the popup; not ready, it does nothing.
void file_export_button(const char* label, const char* tooltip, const char* popup_id, std::string& path, bool ready,
                        const std::function<void()>& save, const std::string& done, Intents& in);

// The display name of a transformation ("random mask", "correlated masking"), translated.
const char* augmentation_name(towerlab::Augmentation kind);

}  // namespace app
