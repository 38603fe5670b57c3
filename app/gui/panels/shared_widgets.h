// Pieces several panels draw the same way.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "lessons/augmentation_views.h"
#include "serving/serving_benchmark.h"
#include "session/session_task.h"

namespace app {

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

// The display name of a transformation ("random mask", "correlated masking"), translated.
const char* augmentation_name(towerlab::Augmentation kind);

}  // namespace app
