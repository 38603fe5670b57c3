#include "session/loss_history.h"

namespace towerlab {

void LossHistory::push_back(const LossPoint& p) {
    if (size_ % kChunk == 0) {
        chunks_.push_back(std::make_shared<std::vector<LossPoint>>());
        chunks_.back()->reserve(kChunk);
    } else if (chunks_.back().use_count() > 1) {
        // A published copy holds the last chunk: append to a clone, never to what it reads. Only
        // the worker makes new references, so a count of 1 means nobody else can be reading it.
        auto clone = std::make_shared<std::vector<LossPoint>>();
        clone->reserve(kChunk);
        clone->assign(chunks_.back()->begin(), chunks_.back()->end());
        chunks_.back() = std::move(clone);
    }
    chunks_.back()->push_back(p);
    ++size_;
}

void LossHistory::truncate_after(long step) {
    LossHistory kept;
    for (const LossPoint& p : *this)
        if (p.step <= step) kept.push_back(p);
    *this = std::move(kept);
}

}  // namespace towerlab
