#include "data/dataset_source.h"

#include "core/error.h"
#include "data/csv_loader.h"
#include "data/movielens_loader.h"

namespace towerlab {

Dataset load_dataset(const std::string& source, const SyntheticConfig& synthetic) {
    if (source == "synthetic") return make_synthetic_dataset(synthetic);
    throw Error(ErrorContext{"", 0, "dataset"}, "unknown dataset source '" + source + "'");
}

}  // namespace towerlab
