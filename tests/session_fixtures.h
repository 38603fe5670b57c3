// The small session every session test starts from: 600 users, 300 items, 9000 clicks, a narrow
// model on one thread, so a test trains dozens of steps in milliseconds.
#pragma once

#include "session/training_session.h"

namespace towerlab::test {

inline SessionSetup tiny_setup() {
    SessionSetup s;
    s.synthetic.num_users = 600;
    s.synthetic.num_items = 300;
    s.synthetic.num_clicks = 9000;
    s.synthetic.num_topics = 6;
    s.config.batch_size = 64;
    s.config.ssl_batch_size = 64;
    s.config.model.hidden_widths = {32};
    s.config.model.output_dim = 16;
    s.config.threads = 1;
    return s;
}

}  // namespace towerlab::test
