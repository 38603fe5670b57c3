// towerlab-cli: train, evaluate, compare, benchmark and export without a window.
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
    CLI::App app{"TowerLab command line: two-tower retrieval with self-supervised learning"};
    app.require_subcommand(1);
    towerlab::cli::register_train_command(app);
    towerlab::cli::register_compare_command(app);
    towerlab::cli::register_serve_bench_command(app);
    towerlab::cli::register_update_replay_command(app);
    towerlab::cli::register_checkpoint_command(app);
    towerlab::cli::register_export_embeddings_command(app);
    towerlab::cli::register_inspect_embeddings_command(app);
    towerlab::cli::register_lesson_command(app);
    towerlab::cli::register_bench_command(app);
    towerlab::cli::register_bench_loader_command(app);
    towerlab::cli::register_layout_bench_command(app);
    towerlab::cli::register_frequency_estimates_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const towerlab::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 3;
    }
    return 0;
}
