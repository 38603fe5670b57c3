#include "updates/update_policy.h"

#include "core/error.h"

namespace towerlab {

const char* to_string(UpdatePolicy p) {
    switch (p) {
        case UpdatePolicy::NoUpdate: return "no_update";
        case UpdatePolicy::Full: return "full";
        case UpdatePolicy::Incremental: return "incremental";
    }
    return "?";
}

UpdatePolicy update_policy_from_string(const std::string& s, const std::string& field) {
    for (UpdatePolicy p : all_update_policies())
        if (s == to_string(p)) return p;
    throw Error(ErrorContext{"", 0, field}, "unknown update policy '" + s + "' (no_update | full | incremental)");
}

std::vector<UpdatePolicy> all_update_policies() { return {UpdatePolicy::NoUpdate, UpdatePolicy::Full, UpdatePolicy::Incremental}; }

}  // namespace towerlab
