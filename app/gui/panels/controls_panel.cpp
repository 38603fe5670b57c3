// Start, pause, step and reset, then every hyper-parameter of TrainConfig, each with a tooltip that
// explains it (hyperparameter_help.cpp). The controls edit a draft; a field whose draft differs from
// the running configuration is marked, and "Apply & reset" starts a new run with the draft.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/config_json.h"
#include "core/error.h"
#include "hyperparameter_help.h"
#include "panels/panels.h"
#include "ui_text.h"
#include "setup_file.h"

namespace app {
namespace {

using towerlab::TrainConfig;

const ImVec4 kPending(1.0f, 0.8f, 0.3f, 1.0f);

// Keys (as in core/config_json.h, "model.x" for the model's) whose values differ between a and b.
std::set<std::string> changed_keys(const TrainConfig& a, const TrainConfig& b) {
    std::set<std::string> out;
    const nlohmann::json ja = towerlab::to_json(a), jb = towerlab::to_json(b);
    for (auto it = ja.begin(); it != ja.end(); ++it) {
        if (it.key() == "model") {
            for (auto m = it->begin(); m != it->end(); ++m)
                if (jb["model"][m.key()] != *m) out.insert("model." + m.key());
        } else if (jb[it.key()] != *it) {
            out.insert(it.key());
        }
    }
    return out;
}

// The marker after a control: "(?)" with the concept's help, and a "*" when the draft differs.
struct Marker {
    const std::set<std::string>& changed;
    void operator()(const char* key, const char* help_key = nullptr) const {
        help_marker(help_key ? help_key : key);
        if (changed.count(key)) {
            ImGui::SameLine();
            ImGui::TextColored(kPending, "*");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Edited: takes effect when you press Apply & reset."));
        }
    }
};

template <typename E, size_t N>
void enum_combo(const char* label, E& value, const E (&values)[N]) {
    if (ImGui::BeginCombo(label, towerlab::to_string(value))) {
        for (E v : values)
            if (ImGui::Selectable(towerlab::to_string(v), v == value)) value = v;
        ImGui::EndCombo();
    }
}

bool slider_double(const char* label, double& v, double lo, double hi, const char* fmt, bool log_scale = false) {
    return ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, fmt,
                               log_scale ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

bool slider_int(const char* label, int& v, int lo, int hi, bool log_scale = false) {
    return ImGui::SliderInt(label, &v, lo, hi, "%d", log_scale ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

std::string join(const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
    return s;
}

// "128,64" -> {128, 64}; false (and `error`) on anything else.
bool parse_ints(const std::string& text, int lo, int hi, std::vector<int>& out, std::string& error) {
    std::vector<int> v;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        size_t used = 0;
        int x = 0;
        try {
            x = std::stoi(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        while (used < part.size() && part[used] == ' ') ++used;
        if (used != part.size() || part.empty() || x < lo || x > hi) {
            char buf[160];
            std::snprintf(buf, sizeof buf, tr("'%s' is not a whole number in %d..%d"), part.c_str(), lo, hi);
            error = buf;
            return false;
        }
        v.push_back(x);
    }
    if (v.empty()) {
        error = tr("give at least one number");
        return false;
    }
    out = v;
    error.clear();
    return true;
}

// "Train to convergence": early stopping on the validation clicks (train/training_budget.h) with
// its rule editable in place, and where the last such run stopped and why.
void convergence_controls(AppState& s, const towerlab::TrainingSnapshot& snap, bool ready) {
    const towerlab::ConvergenceProgress* c = snap.convergence.get();
    const bool has_validation = s.data() && !s.data()->split->validation.empty();
    const bool active = c && c->active;
    ImGui::BeginDisabled(!ready || (!has_validation && !active));
    if (active) {
        if (ImGui::Button(tr("Stop (keep best)"))) s.session.pause();
    } else if (ImGui::Button(tr("Train to convergence"))) {
        s.session.train_to_convergence(s.stopping);
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        if (!has_validation)
            ImGui::SetTooltip("%s", tr("Needs validation clicks: tick \"hold out a validation click\" in the Dataset panel\n"
                              "and load the dataset again."));
        else
            ImGui::SetTooltip(tr("Train until validation Recall@%d has not improved for %d checks (or %.0f epochs),\n"
                                 "then pause with the parameters of the best check. The test click is never used."),
                              s.stopping.k, s.stopping.patience, s.stopping.max_epochs);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("rule..."))) ImGui::OpenPopup("stopping rule");
    if (ImGui::BeginPopup("stopping rule")) {
        towerlab::EarlyStopping& e = s.stopping;
        ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
        ImGui::SliderInt(tr("patience (checks)"), &e.patience, 1, 20);
        const double lo = 1, hi = 500;
        ImGui::SliderScalar(tr("cap (epochs)"), ImGuiDataType_Double, &e.max_epochs, &lo, &hi, "%.0f", ImGuiSliderFlags_Logarithmic);
        int every = static_cast<int>(e.eval_every);
        if (ImGui::InputInt(tr("check every (steps, 0 = one epoch)"), &every)) e.eval_every = std::max(0, every);
        ImGui::InputInt(tr("Recall@K on validation"), &e.k);
        e.k = std::max(1, e.k);
        int users = e.eval_users;
        if (ImGui::InputInt(tr("validation users (0 = all)"), &users)) e.eval_users = std::max(0, users);
        ImGui::PopItemWidth();
        ImGui::EndPopup();
    }
    if (!c) return;
    ImGui::PushTextWrapPos(0);
    if (c->active) {
        const towerlab::ConvergenceReport& r = c->report;
        if (r.curve.empty())
            ImGui::TextDisabled(tr("converging: a validation check every %ld steps"), r.eval_every);
        else
            ImGui::TextDisabled(tr("converging: best validation Recall@%d %.4f at step %ld; %d of %d checks since; cap step %ld"),
                                c->options.k, r.best_recall, r.best_step,
                                static_cast<int>(r.curve.size()) - 1 -
                                    static_cast<int>(std::find_if(r.curve.begin(), r.curve.end(),
                                                                  [&](const towerlab::ValidationPoint& p) { return p.step == r.best_step; }) -
                                                     r.curve.begin()),
                                c->options.patience, r.max_steps);
    } else {
        ImGui::TextColored(ImVec4(0.55f, 0.85f, 0.55f, 1), "%s", c->summary.c_str());
    }
    ImGui::PopTextWrapPos();
}

void run_buttons(AppState& s, bool pending) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const bool ready = snap && !s.view.loading;
    const bool running = snap && snap->running;
    const ImVec2 big(ImGui::GetFontSize() * 4.6f, 0);
    ImGui::BeginDisabled(!ready);
    if (running) {
        if (ImGui::Button(tr("Pause"), big)) s.session.pause();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.5f, 0.25f, 1));
        if (ImGui::Button(tr("Train"), big)) s.session.start();
        ImGui::PopStyleColor();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Train until paused; every panel updates as it learns."));
    ImGui::SameLine();
    if (ImGui::Button(tr("Step"))) s.session.step_once();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("One training step (one batch), then pause."));
    ImGui::SameLine();
    if (ImGui::Button("+500")) s.session.run_steps(500);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("500 more steps, then pause."));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(s.view.loading);
    if (pending) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.42f, 0.1f, 1));
    if (ImGui::Button(pending ? tr("Apply & reset") : tr("Reset"))) s.apply_setup();
    if (pending) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", s.setup_needs_reload() ? tr("Reload the dataset with the edited settings and start a new run.")
                                                       : tr("Start a new run from fresh weights (the old run's losses stay\n"
                                                            "in the loss plot for comparison)."));
    ImGui::EndDisabled();

    if (!snap) {
        ImGui::TextDisabled("%s", s.view.loading ? tr("loading the dataset...") : tr("no dataset loaded"));
        return;
    }
    convergence_controls(s, *snap, ready);
    if (s.capture) ImGui::Text(tr("step %ld  %s"), snap->step, snap->running ? tr("training") : tr("paused"));
    else
        ImGui::Text(tr("step %ld  %s  %.0f steps/s"), snap->step, snap->running ? tr("training") : tr("paused"),
                    snap->steps_per_second);
    if (s.view.error_source == "training" || s.view.error_source == "reset") {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", s.view.error.c_str());
        ImGui::PopTextWrapPos();
    }
    if (pending) ImGui::TextColored(kPending, "%s", tr("* edited: press Apply & reset (training restarts)"));
}

}  // namespace

void ControlsPanel::draw(AppState& s) {
    TrainConfig& c = s.setup.config;
    // The texts follow the draft when something else changed it (a loaded setup file).
    if (c.model.hidden_widths != hidden_synced_) {
        hidden_widths_text_ = join(c.model.hidden_widths);
        hidden_synced_ = c.model.hidden_widths;
        hidden_error_.clear();
    }
    if (c.eval_k != eval_k_synced_) {
        eval_k_text_ = join(c.eval_k);
        eval_k_synced_ = c.eval_k;
        eval_k_error_.clear();
    }
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const std::set<std::string> changed = snap ? changed_keys(c, snap->config) : std::set<std::string>{};
    const bool pending = !changed.empty() || (s.data() && s.setup_needs_reload());
    run_buttons(s, pending);
    ImGui::Separator();

    const Marker mark{changed};
    ImGui::BeginChild("hyper-parameters");
    // Widgets on the left, labels and the (?) help on the right.
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 9.5f);

    if (ImGui::CollapsingHeader(tr("Main loss"), ImGuiTreeNodeFlags_DefaultOpen)) {
        static const towerlab::Objective kObjectives[] = {
            towerlab::Objective::InBatchSoftmax, towerlab::Objective::SampledSoftmax, towerlab::Objective::Pointwise,
            towerlab::Objective::TripletHinge, towerlab::Objective::TripletLogistic};
        enum_combo(tr("objective"), c.objective, kObjectives);
        mark("objective");
        static const towerlab::NegativeSource kNegatives[] = {
            towerlab::NegativeSource::InBatch, towerlab::NegativeSource::Uniform, towerlab::NegativeSource::Popularity,
            towerlab::NegativeSource::Hard,    towerlab::NegativeSource::Mixed,   towerlab::NegativeSource::InBatchUniform,
            towerlab::NegativeSource::Impressions};
        enum_combo(tr("negatives"), c.negatives, kNegatives);
        mark("negatives");
        static const towerlab::LogQMode kLogQ[] = {towerlab::LogQMode::Off, towerlab::LogQMode::Streaming,
                                                   towerlab::LogQMode::ExactCounts};
        enum_combo(tr("logQ"), c.logq, kLogQ);
        mark("logq");
        if (c.logq == towerlab::LogQMode::Streaming) {
            slider_double(tr("estimator rate"), c.logq_alpha, 1e-4, 0.5, "%.4f", true);
            mark("logq_alpha");
            ImGui::Checkbox(tr("estimator warm start"), &c.logq_warm_start);
            mark("logq_warm_start");
        }
        slider_double(tr("tau"), c.tau, 0.01, 2.0, "%.3f", true);
        mark("tau");
        slider_int(tr("batch size n"), c.batch_size, 8, 4096, true);
        mark("batch_size");
        if (c.objective != towerlab::Objective::InBatchSoftmax) {
            slider_int(tr("negatives k"), c.num_negatives, 1, 200, true);
            mark("num_negatives");
        }
        ImGui::Checkbox(tr("mask accidental hits"), &c.remove_accidental_hits);
        mark("remove_accidental_hits");
        if (c.objective == towerlab::Objective::TripletHinge) {
            slider_double(tr("margin m"), c.margin, 0.0, 1.0, "%.2f");
            mark("margin");
        }
        if (c.objective == towerlab::Objective::TripletLogistic) {
            slider_double(tr("sigma"), c.sigma, 0.5, 50.0, "%.1f", true);
            mark("sigma");
        }
        if (c.negatives == towerlab::NegativeSource::Mixed) {
            slider_double(tr("hard share"), c.hard_share, 0.0, 1.0, "%.2f");
            mark("hard_share");
        }
        if (c.negatives == towerlab::NegativeSource::InBatchUniform) {
            slider_double(tr("uniform share"), c.uniform_share, 0.0, 1.0, "%.2f");
            mark("uniform_share");
        }
        if (c.negatives == towerlab::NegativeSource::Hard || c.negatives == towerlab::NegativeSource::Mixed) {
            slider_int(tr("hard pool N"), c.hard_pool, 5, 500, true);
            mark("hard_pool");
            slider_int(tr("hard refresh"), c.hard_refresh_steps, 10, 5000, true);
            mark("hard_refresh_steps");
        }
    }

    if (ImGui::CollapsingHeader(tr("Self-supervision"), ImGuiTreeNodeFlags_DefaultOpen)) {
        static const towerlab::Augmentation kAug[] = {towerlab::Augmentation::None, towerlab::Augmentation::RandomMask,
                                                      towerlab::Augmentation::Dropout,
                                                      towerlab::Augmentation::Complementary,
                                                      towerlab::Augmentation::CorrelatedMask};
        enum_combo(tr("augmentation"), c.augmentation, kAug);
        mark("augmentation");
        ImGui::BeginDisabled(c.augmentation == towerlab::Augmentation::None);
        slider_double(tr("alpha"), c.alpha, 0.0, 2.0, "%.3f");
        mark("alpha");
        slider_double(tr("SSL tau"), c.ssl_tau, 0.01, 2.0, "%.3f", true);
        mark("ssl_tau");
        slider_int(tr("SSL batch m"), c.ssl_batch_size, 8, 4096, true);
        mark("ssl_batch_size");
        static const towerlab::SslIdMasking kIdMasking[] = {towerlab::SslIdMasking::AsField, towerlab::SslIdMasking::Always,
                                                            towerlab::SslIdMasking::Never, towerlab::SslIdMasking::KeptFrozen};
        enum_combo(tr("ID in SSL"), c.ssl_id_masking, kIdMasking);
        mark("ssl_id_masking");
        slider_double(tr("SSL sampling power"), c.ssl_sampling_power, 0.0, 2.0, "%.2f");
        mark("ssl_sampling_power");
        if (c.augmentation == towerlab::Augmentation::RandomMask) {
            slider_double(tr("mask prob."), c.mask_probability, 0.0, 1.0, "%.2f");
            mark("mask_probability");
        }
        if (c.augmentation == towerlab::Augmentation::Dropout) {
            slider_double(tr("dropout prob."), c.dropout_probability, 0.0, 1.0, "%.2f");
            mark("dropout_probability");
        }
        ImGui::EndDisabled();
    }

    if (ImGui::CollapsingHeader(tr("Optimiser"))) {
        static const towerlab::OptimizerKind kOpt[] = {towerlab::OptimizerKind::Adam, towerlab::OptimizerKind::Adagrad,
                                                       towerlab::OptimizerKind::Sgd};
        enum_combo(tr("optimizer"), c.optimizer, kOpt);
        mark("optimizer");
        slider_double(tr("learning rate"), c.learning_rate, 1e-5, 1.0, "%.5f", true);
        mark("learning_rate");
        slider_double(tr("ID learning-rate scale"), c.id_learning_rate_scale, 0.01, 10.0, "%.3f", true);
        mark("id_learning_rate_scale");
        if (c.optimizer == towerlab::OptimizerKind::Adam) {
            slider_double(tr("beta1"), c.adam_beta1, 0.0, 0.999, "%.3f");
            mark("adam_beta1");
            slider_double(tr("beta2"), c.adam_beta2, 0.9, 0.99999, "%.5f");
            mark("adam_beta2");
            slider_double(tr("epsilon"), c.adam_epsilon, 1e-10, 1e-3, "%.1e", true);
            mark("adam_epsilon");
        }
        if (c.optimizer == towerlab::OptimizerKind::Adagrad) {
            slider_double(tr("initial accumulator"), c.adagrad_initial, 1e-4, 1.0, "%.4f", true);
            mark("adagrad_initial");
        }
        slider_int(tr("threads"), c.threads, 1, 16);
        mark("threads");
        int seed = static_cast<int>(c.seed);
        if (ImGui::InputInt(tr("seed"), &seed)) c.seed = static_cast<uint64_t>(std::max(0, seed));
        mark("seed");
    }

    if (ImGui::CollapsingHeader(tr("Towers"))) {
        if (ImGui::InputText(tr("hidden widths"), &hidden_widths_text_) &&
            parse_ints(hidden_widths_text_, 1, 4096, c.model.hidden_widths, hidden_error_))
            hidden_synced_ = c.model.hidden_widths;
        mark("model.hidden_widths", "hidden_widths");
        if (!hidden_error_.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", hidden_error_.c_str());
        slider_int(tr("output dim d"), c.model.output_dim, 2, 512, true);
        mark("model.output_dim", "output_dim");
        static const towerlab::Activation kAct[] = {towerlab::Activation::Relu, towerlab::Activation::Tanh,
                                                    towerlab::Activation::Identity};
        enum_combo(tr("activation"), c.model.activation, kAct);
        mark("model.activation", "activation");
        slider_int(tr("ID embedding"), c.model.id_embedding_dim, 1, 256, true);
        mark("model.id_embedding_dim", "id_embedding_dim");
        slider_int(tr("field embedding"), c.model.field_embedding_dim, 1, 128, true);
        mark("model.field_embedding_dim", "field_embedding_dim");
        slider_int(tr("multi-field emb."), c.model.multi_field_embedding_dim, 1, 128, true);
        mark("model.multi_field_embedding_dim", "multi_field_embedding_dim");
        slider_double(tr("init std"), c.model.init_std, 1e-4, 1.0, "%.4f", true);
        mark("model.init_std", "init_std");
        ImGui::Checkbox(tr("cold items: ID = missing"), &c.model.cold_items_use_missing_id);
        mark("model.cold_items_use_missing_id", "cold_items_use_missing_id");
        ImGui::Checkbox(tr("learn the missing ID"), &c.model.learn_missing_id);
        mark("model.learn_missing_id", "learn_missing_id");
        slider_double(tr("ID dropout"), c.id_dropout, 0.0, 1.0, "%.2f");
        mark("id_dropout");
        slider_double(tr("ID dropout, long tail"), c.id_dropout_tail, 0.0, 1.0, "%.2f");
        mark("id_dropout_tail");
        static const towerlab::ItemInputs kInputs[] = {towerlab::ItemInputs::All, towerlab::ItemInputs::FeaturesOnly,
                                                       towerlab::ItemInputs::IdOnly};
        enum_combo(tr("item tower reads"), c.model.item_inputs, kInputs);
        mark("model.item_inputs", "item_inputs");
    }

    if (ImGui::CollapsingHeader(tr("Evaluation"))) {
        if (ImGui::InputText(tr("K values"), &eval_k_text_) && parse_ints(eval_k_text_, 1, 100000, c.eval_k, eval_k_error_))
            eval_k_synced_ = c.eval_k;
        mark("eval_k");
        if (!eval_k_error_.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", eval_k_error_.c_str());
        slider_double(tr("head share"), c.head_share, 0.01, 0.9, "%.2f");
        mark("head_share");
        if (ImGui::IsItemEdited() || changed.count("head_share"))
            ImGui::TextDisabled("%s", tr("(head share changes the split: the dataset reloads)"));
        slider_double(tr("label fraction"), c.label_fraction, 0.01, 1.0, "%.2f", true);
        mark("label_fraction");
        if (ImGui::IsItemEdited() || changed.count("label_fraction"))
            ImGui::TextDisabled("%s", tr("(the label fraction changes the split: the dataset reloads)"));
        ImGui::TextDisabled(tr("The app evaluates on %d sampled test users every %ld steps."), s.session.options().eval_users,
                            s.session.options().eval_every);
    }

    if (ImGui::CollapsingHeader(tr("Setup file"))) {
        ImGui::TextWrapped("%s", tr("Dataset, split, hyper-parameters and seeds in one JSON file: hand it to someone "
                           "and they start exactly here."));
        ImGui::InputText(tr("path"), &setup_path_);
        if (ImGui::Button(tr("Save"))) {
            try {
                save_setup(s.setup, setup_path_);
                s.notice = tr("saved setup to ") + setup_path_;
                s.ui_error.clear();
            } catch (const std::exception& e) {
                s.ui_error = e.what();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Load and apply"))) {
            try {
                s.setup = load_setup_for_app(setup_path_);
                s.session.load(s.setup);
                s.notice = tr("loaded setup from ") + setup_path_;
                s.ui_error.clear();
            } catch (const std::exception& e) {
                s.ui_error = e.what();
            }
        }
    }
    ImGui::PopItemWidth();
    ImGui::EndChild();
}

}  // namespace app
