// Files and folders dropped onto the window (GLFW's drop callback): a dataset folder or zip is
// loaded with its format told from its files, a .json setup starts a run from it, anything else is
// tried as a checkpoint. The classification is a pure function; apply_drop forwards the intent
// through the same paths as the Dataset panel and the File menu, so errors appear where those show
// them (the loader's file, line and field in the Dataset panel).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "frame_view.h"
#include "intents.h"

namespace app {

enum class DropKind { Dataset, Setup, Checkpoint, Missing };

DropKind classify_drop(const std::string& path);

// Acts on one drop (GLFW delivers every path of one drop at once); more than one path is refused
// with a notice. load_setup starts a run from a setup, as File > Load setup does.
void apply_drop(const FrameView& s, Intents& in, const std::vector<std::string>& paths,
                const std::function<void(const towerlab::SessionSetup&)>& load_setup);

}  // namespace app
