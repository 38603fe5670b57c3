// The CLI's subcommands. Each is a thin client of the engine: it parses flags, calls the engine
// and prints what the engine returned.
#pragma once

#include <CLI/CLI.hpp>

namespace towerlab::cli {

void register_train_command(CLI::App& app);
void register_compare_command(CLI::App& app);
void register_serve_bench_command(CLI::App& app);
void register_update_replay_command(CLI::App& app);
void register_checkpoint_command(CLI::App& app);
void register_export_embeddings_command(CLI::App& app);
void register_inspect_embeddings_command(CLI::App& app);
void register_lesson_command(CLI::App& app);
void register_bench_command(CLI::App& app);
void register_bench_loader_command(CLI::App& app);
void register_layout_bench_command(CLI::App& app);
void register_frequency_estimates_command(CLI::App& app);

}  // namespace towerlab::cli
