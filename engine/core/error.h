// The one error mechanism of the engine: an exception that carries where the problem is
// (file, line, field or parameter) and what was expected. Loaders, config validation and the
// trainer all throw it; the CLI prints what(); the app shows it in a message box and keeps running.
#pragma once

#include <stdexcept>
#include <string>

namespace towerlab {

struct ErrorContext {
    std::string file;   // path of the input file, empty if none
    long line = 0;      // 1-based line number, 0 if not applicable
    std::string field;  // column, JSON key or hyper-parameter name
};

class Error : public std::runtime_error {
public:
    Error(ErrorContext where, const std::string& message)
        : std::runtime_error(format(where, message)), where_(std::move(where)), message_(message) {}
    explicit Error(const std::string& message) : Error(ErrorContext{}, message) {}

    const ErrorContext& where() const { return where_; }
    const std::string& message() const { return message_; }

private:
    static std::string format(const ErrorContext& w, const std::string& message) {
        std::string s;
        if (!w.file.empty()) s += w.file;
        if (w.line > 0) s += (s.empty() ? "line " : ":") + std::to_string(w.line);
        if (!w.field.empty()) s += (s.empty() ? "" : ": ") + std::string("field '") + w.field + "'";
        if (!s.empty()) s += ": ";
        return s + message;
    }
    ErrorContext where_;
    std::string message_;
};

// Thrown by the trainer when a loss or gradient stops being finite; training state is left as it
// was before the failing step so that nothing already learned is lost.
class NonFiniteLoss : public Error {
public:
    explicit NonFiniteLoss(const std::string& which_loss, long step)
        : Error(ErrorContext{"", 0, which_loss},
                "loss became NaN or infinite at step " + std::to_string(step) +
                    "; training stopped, parameters kept from the last good step "
                    "(lower the learning rate or raise tau)"),
          which_loss_(which_loss) {}
    const std::string& which_loss() const { return which_loss_; }

private:
    std::string which_loss_;
};

}  // namespace towerlab
