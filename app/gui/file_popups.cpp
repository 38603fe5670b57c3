#include "file_popups.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/error.h"
#include "setup_file.h"
#include "ui_text.h"

namespace app {
namespace {

const char* popup_id(FileAction a) {
    switch (a) {
        case FileAction::SaveSetup: return "save setup";
        case FileAction::LoadSetup: return "load setup";
        case FileAction::SaveCheckpoint: return "save checkpoint";
        case FileAction::LoadCheckpoint: return "load checkpoint";
        case FileAction::ExportEmbeddings: return "export embeddings";
        case FileAction::ImportEmbeddings: return "import embeddings";
        case FileAction::OpenDataset: return "open dataset";
    }
    return "file";
}

const char* title(FileAction a) {
    switch (a) {
        case FileAction::SaveSetup: return tr("Save setup");
        case FileAction::LoadSetup: return tr("Load setup");
        case FileAction::SaveCheckpoint: return tr("Save checkpoint");
        case FileAction::LoadCheckpoint: return tr("Load checkpoint");
        case FileAction::ExportEmbeddings: return tr("Export embeddings");
        case FileAction::ImportEmbeddings: return tr("Import item embeddings");
        case FileAction::OpenDataset: return tr("Open dataset");
    }
    return "";
}

const char* prompt(FileAction a) {
    switch (a) {
        case FileAction::SaveSetup: return tr("Dataset, split, hyper-parameters and seeds (the edited draft) go to:");
        case FileAction::LoadSetup: return tr("Load a setup file and start a run from it:");
        case FileAction::SaveCheckpoint:
            return tr("The model, its optimizer state, the frequency estimator and the step, written atomically to:");
        case FileAction::LoadCheckpoint:
            return tr("Resume training from a checkpoint (its data is loaded first when it is not the current data):");
        case FileAction::ExportEmbeddings:
            return tr("items.npy, items_vectors.tsv, items_metadata.tsv and the same for users go into the folder:");
        case FileAction::ImportEmbeddings:
            return tr("Item vectors (.npy or Projector TSV) and a metadata TSV with the item ids (optional clicks and fields):");
        case FileAction::OpenDataset:
            return tr("A dataset folder or zip (MovieLens 100K, 1M, latest or 25M as GroupLens ships them, or the CSV\n"
                      "format); its files say which. It loads with the current hyper-parameters:");
    }
    return "";
}

}  // namespace

void FilePopups::act(const FrameView& s, Intents& in, FileAction action, const std::string& path, const std::string& metadata_path,
                     const std::function<void(const towerlab::SessionSetup&)>& load_setup) {
    switch (action) {
        case FileAction::SaveSetup:
            save_setup(in.draft().setup, path);
            in.notify(tr("saved setup to ") + path);
            break;
        case FileAction::LoadSetup:
            load_setup(load_setup_for_app(path));
            in.notify(tr("loaded setup from ") + path);
            break;
        case FileAction::SaveCheckpoint: {
            const towerlab::SessionData* d = s.data();
            if (!d) throw towerlab::Error(tr("no model to save: load a dataset first"));
            in.session().save_checkpoint(path, checkpoint_dataset_source(d->setup));
            break;
        }
        case FileAction::LoadCheckpoint:
            in.session().load_checkpoint(path, [path](const nlohmann::json& source) {
                return setup_from_checkpoint_source(source, path);
            });
            break;
        case FileAction::ExportEmbeddings: in.session().export_embeddings(path); break;
        case FileAction::OpenDataset:
            // A bare path: load_dataset() tells the formats apart by their files.
            in.draft().setup.dataset = path;
            in.load_draft();
            in.notify(tr("loading dataset ") + path);
            break;
        case FileAction::ImportEmbeddings:
            in.import_embeddings(path, metadata_path);
            break;
    }
}

void FilePopups::draw(const FrameView& s, Intents& in, const std::function<void(const towerlab::SessionSetup&)>& load_setup) {
    if (open_) ImGui::OpenPopup(popup_id(pending_));
    open_ = false;
    const FileAction a = pending_;
    const std::string name = std::string(title(a)) + "###" + popup_id(a);
    if (!ImGui::BeginPopupModal(name.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(prompt(a));
    std::string* path = &setup_path_;
    if (a == FileAction::SaveCheckpoint || a == FileAction::LoadCheckpoint) path = &checkpoint_path_;
    if (a == FileAction::ExportEmbeddings) path = &export_dir_;
    if (a == FileAction::ImportEmbeddings) path = &vectors_path_;
    if (a == FileAction::OpenDataset) path = &dataset_path_;
    ImGui::SetNextItemWidth(460);
    ImGui::InputText(a == FileAction::ExportEmbeddings ? tr("folder") : a == FileAction::ImportEmbeddings ? tr("vectors") : tr("path"),
                     path);
    if (a == FileAction::ImportEmbeddings) {
        ImGui::SetNextItemWidth(460);
        ImGui::InputText(tr("metadata"), &metadata_path_);
    }
    const bool saving = a == FileAction::SaveSetup || a == FileAction::SaveCheckpoint || a == FileAction::ExportEmbeddings;
    if (ImGui::Button(saving ? tr("Save") : tr("Load"), ImVec2(120, 0))) {
        try {
            act(s, in, a, *path, metadata_path_, load_setup);
            in.clear_error();
        } catch (const std::exception& e) {
            in.fail(e.what());
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"), ImVec2(120, 0))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace app
