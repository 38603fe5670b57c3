#include "intents.h"

namespace app {

void Intents::apply_setup() {
    if (frame_.setup_needs_reload()) {
        load_draft();
    } else {
        session_.reset(draft_.setup.config);
    }
}

void Intents::load_draft() {
    session_.load(draft_.setup);
    // A new dataset's rows are other items and users: the old selection means nothing there.
    selection_.item = -1;
    selection_.user = -1;
}

void Intents::import_embeddings(const std::string& path, const std::string& metadata_path) {
    session_.import_embeddings(path, metadata_path, selection_.ann_index);
    selection_.imported_item = -1;
    show_imported(true);
}

void Intents::select_item(int item) {
    selection_.item = item;
    session_.inspect_item(item);
    if (item >= 0) focus("item");
}

void Intents::select_user(int user) {
    selection_.user = user;
    session_.inspect_user(user);
    if (user >= 0) focus("user");
}

void Intents::select_imported_item(int item) {
    selection_.imported_item = item;
    session_.inspect_imported_item(item);
}

void Intents::set_ann_retrieval(bool on) { set_ann_retrieval(on, selection_.ann_index); }

void Intents::set_ann_retrieval(bool on, const towerlab::AnnIndexConfig& index) {
    selection_.ann_retrieval = on;
    selection_.ann_index = index;
    session_.set_serving(on, index);
}

void Intents::close_imported() {
    session_.close_imported();
    selection_.imported_item = -1;
    show_imported(false);
}

void Intents::show_map(towerlab::MapSubject subject, towerlab::LayoutMethod method) {
    if (selection_.map_subject == subject && selection_.map_method == method) return;
    selection_.map_subject = subject;
    selection_.map_method = method;
    session_.set_map_layout(subject, method);
}

void Intents::attempt(const std::function<void()>& action, const std::string& done) {
    try {
        action();
        notify(done);
        clear_error();
    } catch (const std::exception& e) {
        fail(e.what());
    }
}

void Intents::point_at(const std::string& id) {
    focus(id);
    requests_.pointed = id;
    requests_.raise_pointed = true;
    requests_.highlight_until = ImGui::GetTime() + 6.0;
}

}  // namespace app
