// The languages TowerLab speaks: English and Simplified Chinese. One enum for the engine's
// bilingual texts (a lesson's Text) and the app's UI text table (app/gui/ui_text.h).
#pragma once

#include <cstdint>

namespace towerlab {

enum class Language : uint8_t { English = 0, Chinese = 1 };

}  // namespace towerlab
