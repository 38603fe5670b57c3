#include "loss_csv.h"

#include <fstream>

#include "core/error.h"

namespace app {
namespace {

std::string quoted(const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

void write_loss_csv(std::ostream& out, const std::vector<LossCsvRun>& runs) {
    out << "run,step,main,alpha_self,total,label\n";
    out.precision(7);
    for (const LossCsvRun& r : runs) {
        if (!r.losses) continue;
        const std::string label = quoted(r.label);
        for (const towerlab::LossPoint& p : *r.losses)
            out << r.run << ',' << p.step << ',' << p.main << ',' << p.self_weighted << ',' << p.total << ',' << label << '\n';
    }
}

void save_loss_csv(const std::string& path, const std::vector<LossCsvRun>& runs) {
    std::ofstream out(path);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "cannot write the CSV file");
    write_loss_csv(out, runs);
    if (!out) throw towerlab::Error(towerlab::ErrorContext{path, 0, ""}, "writing the CSV file failed");
}

}  // namespace app
