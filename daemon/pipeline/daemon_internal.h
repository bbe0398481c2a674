// Private helpers shared by the `run` and `broker` commands.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "newsdedup/config/config.h"
#include "newsdedup/source/mock_cluster.h"

namespace newsdedup::pipeline {

// The daemon's default log: "<UTC time> newsdedup <level>: message" on stderr.
void stderr_log(int severity, std::string_view message);

// Starts the mock cluster of `config.embedded_broker` and creates every configured topic.
Result<std::unique_ptr<source::MockCluster>> start_embedded_broker(const config::Config& config);

}  // namespace newsdedup::pipeline
