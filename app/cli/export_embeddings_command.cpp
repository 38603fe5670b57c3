// `towerlab-cli export-embeddings`: write item (and user) embeddings as .npy and as the
// TensorFlow Embedding Projector's vectors TSV + metadata TSV.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli_options.h"
#include "commands.h"
#include "core/error.h"
#include "export/embedding_export.h"
#include "model_source.h"

namespace towerlab::cli {
namespace {

struct ExportOptions {
    CommonOptions common;
    std::string checkpoint;
    long steps = 2000;
    std::string out = ".";
    std::string format = "both";
    bool users = true;
    bool quiet = false;
};

void run_export(const CLI::App& sub, ExportOptions& o) {
    ExportFormats formats;
    if (o.format == "npy") formats.tsv = false;
    else if (o.format == "tsv") formats.npy = false;
    else if (o.format != "both") throw Error(ErrorContext{"", 0, "--format"}, "expected npy, tsv or both, got '" + o.format + "'");
    // The folder must take files before the model is trained, not after (a bad --out lost the run).
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) throw Error(ErrorContext{o.out, 0, "--out"}, "cannot create the folder (" + ec.message() + "); nothing was run");
    check_writable((std::filesystem::path(o.out) / "items_vectors.tsv").string(), "--out");
    LoadedModel m = load_or_train_model(sub, o.common, o.checkpoint, o.steps, o.quiet);
    std::vector<std::string> files = export_embeddings(item_embedding_table(*m.trainer), o.out, "items", formats);
    if (o.users) {
        const auto more = export_embeddings(user_embedding_table(*m.trainer), o.out, "users", formats);
        files.insert(files.end(), more.begin(), more.end());
    }
    for (const auto& f : files) std::printf("wrote %s\n", f.c_str());
}

}  // namespace

void register_export_embeddings_command(CLI::App& app) {
    auto o = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand("export-embeddings",
                                       "write item/user embeddings as .npy and Embedding Projector TSVs (vectors + metadata)");
    add_common_options(*sub, o->common);
    sub->add_option("--checkpoint", o->checkpoint, "export this checkpoint's model (else train --steps on --dataset)");
    sub->add_option("--steps", o->steps, "training steps when no checkpoint is given")->check(CLI::Range(1L, 1000000000L));
    sub->add_option("--out", o->out, "directory for items.npy, items_vectors.tsv, items_metadata.tsv, users.*");
    sub->add_option("--format", o->format, "npy | tsv | both (the metadata TSV is always written)");
    sub->add_option("--users", o->users, "also export user embeddings (true/false)");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_export(*sub, *o); });
}

}  // namespace towerlab::cli
