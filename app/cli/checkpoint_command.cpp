// `towerlab-cli checkpoint save|resume|info`: train and save a checkpoint, continue training from
// one (the dataset is reloaded from what the checkpoint recorded), or describe one.
#include <cstdio>
#include <iostream>
#include <memory>

#include "checkpoint/checkpoint.h"
#include "cli_options.h"
#include "commands.h"
#include "core/config_json.h"
#include "core/error.h"
#include "model_source.h"

namespace towerlab::cli {
namespace {

struct CheckpointOptions {
    CommonOptions common;
    long steps = 2000;
    std::string in, out;
    int threads = 0;
    bool quiet = false;
};

void print_info(const std::string& path) {
    const Checkpoint c = load_checkpoint(path);
    const TrainerState& s = c.state;
    size_t params = 0, moments = 0;
    for (const TowerState* t : {&s.user, &s.item}) {
        for (const auto& b : t->parameters) params += b.size();
        for (const auto& b : t->moments) moments += b.size();
    }
    std::printf("%s: TowerLab checkpoint, format %u\n", path.c_str(), c.version);
    std::printf("  step %lld; optimizer updates user %lld, item %lld\n", static_cast<long long>(s.step),
                static_cast<long long>(s.user.optimizer_steps), static_cast<long long>(s.item.optimizer_steps));
    std::printf("  dataset '%s': %d users, %d items, %lld training clicks\n", s.data.name.c_str(), s.data.users, s.data.items,
                static_cast<long long>(s.data.train_clicks));
    std::printf("  %zu parameters, %zu optimizer moments, frequency estimator of %zu slots\n", params, moments,
                s.frequency_last_seen.size());
    std::printf("  source %s\n  config %s\n", c.dataset_source.dump().c_str(), to_json(s.config).dump().c_str());
}

}  // namespace

void register_checkpoint_command(CLI::App& app) {
    auto o = std::make_shared<CheckpointOptions>();
    CLI::App* cmd = app.add_subcommand("checkpoint", "save, resume and describe training checkpoints");
    cmd->require_subcommand(1);

    CLI::App* save = cmd->add_subcommand("save", "train --steps steps, then save a checkpoint to --out");
    add_common_options(*save, o->common);
    save->add_option("--steps", o->steps, "training steps before saving")->check(CLI::Range(1L, 1000000000L));
    save->add_option("--out", o->out, "checkpoint file to write (atomically)")->required();
    save->add_flag("--quiet", o->quiet, "no progress output");
    save->callback([save, o] {
        check_writable(o->out, "--out");  // before the run, not after it
        LoadedModel m = train_model(*save, o->common, o->steps, o->quiet);
        save_checkpoint(o->out, *m.trainer, m.dataset_source);
        std::printf("saved %s at step %ld\n", o->out.c_str(), m.trainer->steps_done());
    });

    CLI::App* resume = cmd->add_subcommand("resume", "load --in, train --steps more steps, save to --out");
    resume->add_option("--in", o->in, "checkpoint to resume")->required();
    resume->add_option("--steps", o->steps, "further training steps")->check(CLI::Range(0L, 1000000000L));
    resume->add_option("--out", o->out, "checkpoint file to write (default: overwrite --in)");
    resume->add_option("--threads", o->threads, "threads (default: as saved)")->check(CLI::Range(0, 256));
    resume->add_option("--dataset", o->common.dataset, "the checkpoint's data from another place (a folder or zip moved since)");
    resume->add_flag("--quiet", o->quiet, "no progress output");
    resume->callback([resume, o] {
        check_writable(o->out.empty() ? o->in : o->out, o->out.empty() ? "--in" : "--out");
        LoadedModel m = resume_model(o->in, o->threads, o->quiet, resume->count("--dataset") ? o->common.dataset : std::string());
        train_steps(*m.trainer, o->steps, o->quiet);
        const std::string out = o->out.empty() ? o->in : o->out;
        save_checkpoint(out, *m.trainer, m.dataset_source);
        std::printf("saved %s at step %ld\n", out.c_str(), m.trainer->steps_done());
    });

    CLI::App* info = cmd->add_subcommand("info", "describe a checkpoint file");
    info->add_option("file", o->in, "checkpoint file")->required();
    info->callback([o] { print_info(o->in); });
}

}  // namespace towerlab::cli
