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
#include "core/hyperparameters.h"
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

// "Train to convergence": early stopping on the validation clicks (train/training_budget.h) with
// its rule editable in place, and where the last such run stopped and why.
void convergence_controls(const FrameView& s, Intents& in, const towerlab::TrainingSnapshot& snap, bool ready) {
    const towerlab::ConvergenceProgress* c = snap.convergence.get();
    const bool has_validation = s.data() && !s.data()->split->validation.empty();
    const bool active = c && c->active;
    ImGui::BeginDisabled(!ready || (!has_validation && !active));
    if (active) {
        if (ImGui::Button(tr("Stop (keep best)"))) in.session().pause();
    } else if (ImGui::Button(tr("Train to convergence"))) {
        in.train_to_convergence();
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        if (!has_validation)
            ImGui::SetTooltip("%s", tr("Needs validation clicks: tick \"hold out a validation click\" in the Dataset panel\n"
                              "and load the dataset again."));
        else
            ImGui::SetTooltip(tr("Train until validation Recall@%d has not improved for %d checks (or %.0f epochs),\n"
                                 "then pause with the parameters of the best check. The test click is never used."),
                              in.draft().stopping.k, in.draft().stopping.patience, in.draft().stopping.max_epochs);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("rule..."))) ImGui::OpenPopup("stopping rule");
    if (ImGui::BeginPopup("stopping rule")) {
        towerlab::EarlyStopping& e = in.draft().stopping;
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

void run_buttons(const FrameView& s, Intents& in, bool pending) {
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const bool ready = snap && !s.view.loading;
    const bool running = snap && snap->running;
    const ImVec2 big(ImGui::GetFontSize() * 4.6f, 0);
    ImGui::BeginDisabled(!ready);
    if (running) {
        if (ImGui::Button(tr("Pause"), big)) in.session().pause();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.5f, 0.25f, 1));
        if (ImGui::Button(tr("Train"), big)) in.session().start();
        ImGui::PopStyleColor();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Train until paused; every panel updates as it learns."));
    ImGui::SameLine();
    if (ImGui::Button(tr("Step"))) in.session().step_once();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("One training step (one batch), then pause."));
    ImGui::SameLine();
    if (ImGui::Button("+500")) in.session().run_steps(500);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("500 more steps, then pause."));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(s.view.loading);
    if (pending) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.42f, 0.1f, 1));
    if (ImGui::Button(pending ? tr("Apply & reset") : tr("Reset"))) in.apply_setup();
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
    convergence_controls(s, in, *snap, ready);
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

// One hyper-parameter's control, as the table (core/hyperparameters.h) describes it. Returns
// nothing: the draft is edited in place through the row's reader and writer.
void ControlsPanel::control(const towerlab::Hyperparameter& p, TrainConfig& c) {
    using towerlab::ParamControl;
    using towerlab::ParamType;
    const char* label = tr(p.label.c_str());
    const nlohmann::json value = p.get(c);
    switch (p.control) {
        case ParamControl::None: return;
        case ParamControl::Combo: {
            const std::string current = value.get<std::string>();
            if (ImGui::BeginCombo(label, current.c_str())) {
                for (const std::string& choice : p.choices)
                    if (ImGui::Selectable(choice.c_str(), choice == current)) p.set(c, choice);
                ImGui::EndCombo();
            }
            return;
        }
        case ParamControl::Checkbox: {
            bool v = value.get<bool>();
            if (ImGui::Checkbox(label, &v)) p.set(c, v);
            return;
        }
        case ParamControl::Slider:
        case ParamControl::LogSlider: {
            const ImGuiSliderFlags flags = p.control == ParamControl::LogSlider ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None;
            if (p.type == ParamType::Real) {
                double v = value.get<double>(), lo = p.slider_min, hi = p.slider_max;
                if (ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, p.format.c_str(), flags)) p.set(c, v);
            } else {
                int v = value.get<int>();
                if (ImGui::SliderInt(label, &v, static_cast<int>(p.slider_min), static_cast<int>(p.slider_max), "%d", flags))
                    p.set(c, v);
            }
            return;
        }
        case ParamControl::Input: {
            int v = static_cast<int>(std::min<uint64_t>(value.get<uint64_t>(), 2147483647u));
            if (ImGui::InputInt(label, &v)) p.set(c, static_cast<uint64_t>(std::max(0, v)));
            return;
        }
        case ParamControl::Text: {
            // The text follows the draft when something else changed it (a loaded setup file).
            TextField& f = text_fields_[p.key];
            if (f.synced != value) {
                f.text.clear();
                for (const auto& e : value) f.text += (f.text.empty() ? "" : ",") + e.dump();
                f.synced = value;
                f.error.clear();
            }
            if (ImGui::InputText(label, &f.text)) {
                try {
                    const nlohmann::json parsed = towerlab::parse_flag_value(p, f.text);
                    TrainConfig trial = c;
                    p.set(trial, parsed);
                    p.check_range(trial);
                    p.set(c, parsed);
                    f.synced = parsed;
                    f.error.clear();
                } catch (const std::exception& e) {
                    f.error = e.what();
                }
            }
            return;
        }
    }
}

void ControlsPanel::draw(const FrameView& s, Intents& in) {
    TrainConfig& c = in.draft().setup.config;
    const towerlab::TrainingSnapshot* snap = s.snapshot();
    const std::set<std::string> changed = snap ? changed_keys(c, snap->config) : std::set<std::string>{};
    const bool pending = !changed.empty() || (s.data() && s.setup_needs_reload());
    run_buttons(s, in, pending);
    ImGui::Separator();

    const Marker mark{changed};
    ImGui::BeginChild("hyper-parameters");
    // Widgets on the left, labels and the (?) help on the right.
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 9.5f);

    // Group by group, row by row, as the one table of hyper-parameters lists them.
    using towerlab::ParamGroup;
    for (ParamGroup g : {ParamGroup::MainLoss, ParamGroup::SelfSupervision, ParamGroup::Optimiser, ParamGroup::Towers,
                         ParamGroup::Evaluation}) {
        const ImGuiTreeNodeFlags open =
            g == ParamGroup::MainLoss || g == ParamGroup::SelfSupervision ? ImGuiTreeNodeFlags_DefaultOpen : 0;
        if (!ImGui::CollapsingHeader(tr(towerlab::to_string(g)), open)) continue;
        for (const towerlab::Hyperparameter& p : towerlab::hyperparameters()) {
            if (p.group != g || p.control == towerlab::ParamControl::None) continue;
            if (p.shown && !p.shown(c)) continue;
            const bool disabled = p.enabled && !p.enabled(c);
            ImGui::BeginDisabled(disabled);
            control(p, c);
            const std::string help = p.help_key();
            mark(p.key.c_str(), help.c_str());
            ImGui::EndDisabled();
            if (p.control == towerlab::ParamControl::Text) {
                const std::string& error = text_fields_[p.key].error;
                if (!error.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", error.c_str());
            }
            // The split depends on these two: changing them reloads the dataset.
            if (p.key == "head_share" && (ImGui::IsItemEdited() || changed.count("head_share")))
                ImGui::TextDisabled("%s", tr("(head share changes the split: the dataset reloads)"));
            if (p.key == "label_fraction" && (ImGui::IsItemEdited() || changed.count("label_fraction")))
                ImGui::TextDisabled("%s", tr("(the label fraction changes the split: the dataset reloads)"));
        }
        if (g == ParamGroup::Evaluation)
            ImGui::TextDisabled(tr("The app evaluates on %d sampled test users every %ld steps."), in.session().options().eval_users,
                                in.session().options().eval_every);
    }

    if (ImGui::CollapsingHeader(tr("Setup file"))) {
        ImGui::TextWrapped("%s", tr("Dataset, split, hyper-parameters and seeds in one JSON file: hand it to someone "
                           "and they start exactly here."));
        ImGui::InputText(tr("path"), &setup_path_);
        if (ImGui::Button(tr("Save"))) {
            in.attempt([&] { save_setup(in.draft().setup, setup_path_); }, tr("saved setup to ") + setup_path_);
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Load and apply"))) {
            in.attempt(
                [&] {
                    in.draft().setup = load_setup_for_app(setup_path_);
                    in.load_draft();
                },
                tr("loaded setup from ") + setup_path_);
        }
    }
    ImGui::PopItemWidth();
    ImGui::EndChild();
}

}  // namespace app
