#include "file_drop.h"

#include <sys/stat.h>

#include <exception>

#include "data/data_files.h"
#include "file_popups.h"
#include "ui_text.h"

namespace app {

DropKind classify_drop(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return DropKind::Missing;
    if (S_ISDIR(st.st_mode) || towerlab::has_zip_extension(path)) return DropKind::Dataset;
    const size_t dot = path.rfind('.');
    if (dot != std::string::npos && path.substr(dot) == ".json") return DropKind::Setup;
    return DropKind::Checkpoint;
}

void apply_drop(const FrameView& s, Intents& in, const std::vector<std::string>& paths,
                const std::function<void(const towerlab::SessionSetup&)>& load_setup) {
    if (paths.empty()) return;
    if (paths.size() > 1) {
        in.fail(tr("Drop one folder, zip, setup or checkpoint at a time."));
        return;
    }
    const std::string& path = paths.front();
    try {
        switch (classify_drop(path)) {
            case DropKind::Missing: in.fail(tr("Dropped path not found: ") + path); return;
            case DropKind::Dataset: FilePopups::act(s, in, FileAction::OpenDataset, path, {}, load_setup); return;
            case DropKind::Setup: FilePopups::act(s, in, FileAction::LoadSetup, path, {}, load_setup); return;
            case DropKind::Checkpoint: FilePopups::act(s, in, FileAction::LoadCheckpoint, path, {}, load_setup); return;
        }
    } catch (const std::exception& e) {
        in.fail(e.what());
    }
}

}  // namespace app
