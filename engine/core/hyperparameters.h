// The one table of TowerLab's hyper-parameters. Each TrainConfig field is described once: its JSON
// key, its command-line flag, its valid range, a one-line help, where the app shows it, with which
// control and under which label in English and Chinese, and how to read and write it. Everything
// else is generated from the table: the JSON codec (config_json.cpp), the range checks of
// TrainConfig::validate(), the CLI's flags and their --help (app/cli/cli_options.cpp), and the
// app's controls (app/gui/panels/controls_panel.cpp) with their labels in both languages
// (app/gui/ui_text.cpp). Adding a hyper-parameter means a field in config.h, a row here, and the
// code that uses it.
//
// The long explanations with formulas shown in the app's tooltips live in
// app/gui/hyperparameter_help.cpp (keyed by help_key()), beside their Chinese in the UI text table.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.h"

namespace towerlab {

enum class ParamType {
    Int,      // a whole number (int)
    Count,    // a non-negative whole number that may exceed int (uint64_t: the seed)
    Real,     // a double
    Flag,     // true / false
    Choice,   // one of `choices` (an enum's to_string names)
    IntList,  // whole numbers separated by commas ("256,128")
};

enum class ParamGroup { MainLoss, SelfSupervision, Optimiser, Towers, Evaluation };
const char* to_string(ParamGroup g);  // "Main loss", "Self-supervision", ...

// The app's control for a parameter.
enum class ParamControl { None, Combo, Slider, LogSlider, Checkbox, Text, Input };

// A closed or open range; an open end is written with a parenthesis: (0, 10].
struct ParamRange {
    double min = 0, max = 0;
    bool min_open = false, max_open = false;
    bool contains(double v) const;
    std::string text(bool whole_numbers) const;  // "2..65536" for whole numbers, "(0, 10]" else
};

struct Hyperparameter {
    std::string key;          // JSON key; "model.x" for ModelConfig's fields
    std::string flag;         // the CLI flag ("--tau")
    ParamGroup group = ParamGroup::MainLoss;
    ParamType type = ParamType::Real;
    ParamRange range;         // valid values (each element for IntList); unused for Flag and Choice
    std::string what;         // names the value in the range message ("temperature must be in ...")
    std::string why;          // appended to the range message ("; tau = 0 would divide by zero")
    std::string help;         // one line: the CLI's --help and the first line a reader sees
    std::vector<std::string> choices;  // Choice: the accepted names
    // The app: label in English and Simplified Chinese (the lecture's terms; the app's UI text
    // table takes both from here), control, the slider's own range (narrower than the valid one)
    // and format.
    std::string label, label_zh;
    ParamControl control = ParamControl::None;
    double slider_min = 0, slider_max = 1;
    std::string format = "%.3f";
    // Shown only when this holds for the draft (margin only for triplet hinge); null: always.
    std::function<bool(const TrainConfig&)> shown;
    // Shown but disabled unless this holds (the SSL settings while augmentation is none); null: always.
    std::function<bool(const TrainConfig&)> enabled;

    std::function<nlohmann::json(const TrainConfig&)> get;
    // Throws Error naming the key for a value of the wrong type or outside `choices`; the range is
    // checked by validate() (so a JSON file and a flag get the same message).
    std::function<void(TrainConfig&, const nlohmann::json&)> set;

    // The key of the app's long help: the key without "model.".
    std::string help_key() const;
    // Throws Error naming the key when `c`'s value is outside the range (Int, Count, Real, IntList).
    void check_range(const TrainConfig& c) const;
};

// Every hyper-parameter, in the order the app shows them (group by group).
const std::vector<Hyperparameter>& hyperparameters();
// The row with this JSON key, or null.
const Hyperparameter* find_hyperparameter(const std::string& key);

// A command-line value as the JSON value `p.set` reads: numbers parsed strictly ("1e3" is not a
// whole number, "128abc" is nothing), "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off" for Flag,
// names for Choice, "256,128" for IntList. Throws Error naming p.flag.
nlohmann::json parse_flag_value(const Hyperparameter& p, const std::string& text);

}  // namespace towerlab
