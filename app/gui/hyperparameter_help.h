// One or two sentences per hyper-parameter, with its formula where it has one: the tooltips of
// the controls panel. Keys are the JSON keys of TrainConfig (core/config_json.h).
#pragma once

namespace app {

// The explanation for `key`, or an empty string.
const char* hyperparameter_help(const char* key);

// Shows a "(?)" marker after the previous widget that opens the help of `key` on hover; also
// attaches the same tooltip to the previous widget itself.
void help_marker(const char* key);

}  // namespace app
