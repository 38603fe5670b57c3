// Lessons as JSON: what `towerlab-cli lesson ... --json` prints and what docs/lessons.md quotes.
// Both languages are written ({"en": ..., "zh": ...}); numbers are the measured values.
#pragma once

#include <nlohmann/json.hpp>

#include "lessons/lesson.h"

namespace towerlab {

nlohmann::json to_json(const Text& text);
// Metadata only: number, id, title, text, formula, panel, claims with direction and margin.
nlohmann::json to_json(const Lesson& lesson);
// The lesson's metadata plus what ran (data sizes, variants, seeds, steps), every figure and every
// claim with its measured values, whether it held and the verdict sentence.
nlohmann::json to_json(const Lesson& lesson, const LessonResult& result);

}  // namespace towerlab
