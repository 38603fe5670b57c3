// The loss CSV export: one row per step and run, raw values, labels quoted.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/error.h"
#include "loss_csv.h"

TEST_CASE("losses of several runs export as one CSV", "[csv]") {
    towerlab::LossHistory a{{1, 2.5f, 0.0f, 2.5f}, {2, 2.0f, 0.0f, 2.0f}};
    towerlab::LossHistory b{{1, 3.0f, 0.5f, 3.5f}};
    std::ostringstream out;
    app::write_loss_csv(out, {{1, "run 1: tau 0.05, no SSL", &a}, {2, "run 2: say \"cfm\"", &b}});
    CHECK(out.str() ==
          "run,step,main,alpha_self,total,label\n"
          "1,1,2.5,0,2.5,\"run 1: tau 0.05, no SSL\"\n"
          "1,2,2,0,2,\"run 1: tau 0.05, no SSL\"\n"
          "2,1,3,0.5,3.5,\"run 2: say \"\"cfm\"\"\"\n");
    CHECK_THROWS_AS(app::save_loss_csv("/nonexistent/dir/l.csv", {}), towerlab::Error);
}
