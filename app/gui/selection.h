// What the user has picked to look at: the item and user in the inspector, the imported item, and
// how the user view serves (brute force or an ANN index with these parameters), and which map the
// session lays out. Panels read it
// through the frame view (frame_view.h) and change it only through the intents (intents.h), which
// send the matching command to the session at the same time, so the selection and what the worker
// inspects never disagree.
#pragma once

#include "serving/ann_index.h"
#include "session/item_layout.h"

namespace app {

struct Selection {
    int item = -1;           // the item inspector's item, -1 none
    int user = -1;           // the user view's user, -1 none
    int imported_item = -1;  // the imported embeddings' selected item, -1 none
    bool ann_retrieval = false;          // the user view serves through the ANN index
    towerlab::AnnIndexConfig ann_index;  // the index it builds when it does
    // The map the session lays out: the one on screen (the item map or the user map) and its method.
    towerlab::MapSubject map_subject = towerlab::MapSubject::Items;
    towerlab::LayoutMethod map_method = towerlab::LayoutMethod::Pca;
};

}  // namespace app
