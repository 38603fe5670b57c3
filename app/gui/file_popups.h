// The File menu's dialogs: a path (two for an import) and a button. Saving and loading a setup is
// done here (a small JSON file); everything else becomes an intent to the session, which writes
// checkpoints and exports atomically and imports on a task: errors come back in the session's
// view and are shown in the menu bar, and nothing already loaded is lost.
#pragma once

#include <functional>
#include <string>

#include "frame_view.h"
#include "intents.h"

namespace app {

enum class FileAction { SaveSetup, LoadSetup, SaveCheckpoint, LoadCheckpoint, ExportEmbeddings, ImportEmbeddings, OpenDataset };

class FilePopups {
public:
    void open(FileAction action) { pending_ = action, open_ = true; }
    // Draws the open dialog, if any. `load_setup` starts a run from a setup (the window's load()).
    void draw(const FrameView& s, Intents& in, const std::function<void(const towerlab::SessionSetup&)>& load_setup);

    // What the dialog's button does, without the dialog (tests, and the dialog itself).
    static void act(const FrameView& s, Intents& in, FileAction action, const std::string& path, const std::string& metadata_path,
                    const std::function<void(const towerlab::SessionSetup&)>& load_setup);

private:
    FileAction pending_ = FileAction::SaveSetup;
    bool open_ = false;
    std::string setup_path_ = "towerlab_setup.json";
    std::string checkpoint_path_ = "towerlab_model.tlck";
    std::string export_dir_ = "towerlab_embeddings";
    std::string vectors_path_ = "towerlab_embeddings/items.npy";
    std::string metadata_path_ = "towerlab_embeddings/items_metadata.tsv";
    std::string dataset_path_ = "ml-100k.zip";
};

}  // namespace app
