// Runs the built towerlab-cli (TOWERLAB_CLI) with arguments and captures its exit status and its
// output (stdout and stderr together), for tests of what a user of the command line sees.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

namespace towerlab::test {

struct CliResult {
    int status = -1;
    std::string output;  // stdout and stderr
};

// cwd (non-empty): run from that folder, as a user whose paths are relative to it.
inline CliResult run_cli(const std::string& args, const std::string& cwd = {}) {
    CliResult r;
    const std::string cd = cwd.empty() ? std::string() : "cd '" + cwd + "' && ";
    std::FILE* p = ::popen((cd + "'" + TOWERLAB_CLI + "' " + args + " 2>&1").c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.output.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace towerlab::test
