// The augmentation viewer (lessons 8 and 9): one item's fields and the two views one of the four
// feature transformations makes of it, drawn by the engine's own make_augmented_views
// (describe_augmented_views) with the loaded data, its MI matrix and the run's TrainConfig: the
// mask and dropout probabilities and the ssl_id_masking rule (by default the ID stays in both
// views). Resample draws the views again from a new seed.
#include <algorithm>
#include <cstdio>

#include "panels/panels.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"

namespace app {
namespace {

const towerlab::Augmentation kKinds[] = {towerlab::Augmentation::RandomMask, towerlab::Augmentation::Dropout,
                                         towerlab::Augmentation::Complementary, towerlab::Augmentation::CorrelatedMask};

const char* explanation(towerlab::Augmentation kind) {
    switch (kind) {
        case towerlab::Augmentation::RandomMask:
            return tr("Random mask: each field is replaced by the learned \"missing\" value with probability p, in each view independently.");
        case towerlab::Augmentation::Dropout:
            return tr("Dropout: each value of a multi-valued field is dropped with probability p (at least one is kept); other fields stay.");
        case towerlab::Augmentation::Complementary:
            return tr("Complementary: the fields are dealt into two random groups; view 1 keeps one, view 2 the other.");
        case towerlab::Augmentation::CorrelatedMask:
            return tr("Correlated masking: a random seed field and its most related fields by mutual information are masked together in one view, the rest in the other.");
        case towerlab::Augmentation::None: break;
    }
    return "";
}

}  // namespace

void AugmentationViewerPanel::draw(const FrameView& s, Intents& in) {
    const towerlab::SessionData* d = s.data();
    if (!d || !d->mi) {
        ImGui::TextDisabled("%s", tr("No dataset loaded."));
        return;
    }
    const towerlab::Dataset& ds = *d->dataset;
    const towerlab::TrainConfig& config = s.snapshot() ? s.snapshot()->config : in.draft().setup.config;

    // The inspected item is followed until an item is typed in.
    if (follow_inspected_ && s.selection().item >= 0) item_ = s.selection().item;
    item_ = std::clamp(item_, 0, std::max(0, ds.num_items() - 1));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt(tr("item"), &item_, 1, 100)) follow_inspected_ = false;
    ImGui::SameLine();
    ImGui::BeginDisabled(s.selection().item < 0);
    if (ImGui::Button(tr("Inspected item"))) follow_inspected();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Follow the item selected in the projection or the item inspector."));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo(tr("transformation"), augmentation_name(kind_))) {
        for (towerlab::Augmentation k : kKinds)
            if (ImGui::Selectable(augmentation_name(k), k == kind_)) kind_ = k;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Resample"))) resample();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Draw the two views again with a new random seed."));
    ImGui::SameLine();
    ImGui::TextDisabled(tr("seed %llu"), static_cast<unsigned long long>(seed_));

    // Recomputed only when something it depends on changed (it is one item: microseconds).
    const Key key{d->generation, item_, kind_, seed_, config.mask_probability, config.dropout_probability,
                  config.ssl_id_masking};
    if (!(key == key_) || views_.item < 0) {
        key_ = key;
        error_.clear();
        try {
            towerlab::Rng rng(seed_);
            views_ = towerlab::describe_augmented_views(ds, *d->mi, item_, kind_, config, rng);
        } catch (const std::exception& e) {
            views_ = {};
            error_ = e.what();
        }
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", explanation(kind_));
    ImGui::TextDisabled(tr("p(mask) = %.2f, p(dropout) = %.2f; item ID in SSL: %s (the run's settings)"),
                        config.mask_probability, config.dropout_probability, towerlab::to_string(config.ssl_id_masking));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("never / kept_frozen: both views keep the item ID; always: both views lose it;\n"
                                   "as_field: the ID is one more field the transformation may mask."));
    ImGui::PopTextWrapPos();
    if (!error_.empty()) {
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", error_.c_str());
        return;
    }
    ImGui::Text("%s", views_.title.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    item_views_table(views_, "augmented views", std::max(80.0f, ImGui::GetContentRegionAvail().y));
    in.note_rect("augmentations.table", at, ImGui::GetItemRectMax());
}

}  // namespace app
