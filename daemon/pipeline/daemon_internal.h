// Private helpers shared by the `run` and `broker` commands.
#pragma once

#include <memory>
#include <string>

#include "newsdedup/config/config.h"
#include "newsdedup/source/mock_cluster.h"

namespace newsdedup::pipeline {

// Starts the mock cluster of `config.embedded_broker` and creates every configured topic.
Result<std::unique_ptr<source::MockCluster>> start_embedded_broker(const config::Config& config);

}  // namespace newsdedup::pipeline
