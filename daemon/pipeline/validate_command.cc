// `newsdedup validate --config FILE [--check-secrets]`: loads a config the way the daemon does
// and lists every violation as `path: reason` on stderr. Exit codes follow sysexits.h.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/commands.h"

namespace newsdedup::pipeline {
namespace {

constexpr int kExOk = 0;
constexpr int kExUsage = 64;
constexpr int kExConfig = 78;

void validate_usage() {
  std::fputs(
      "usage: newsdedup validate --config FILE [--check-secrets]\n"
      "  --check-secrets  also resolve every \"file:\" and \"env:\" value of kafka.*\n",
      stderr);
}

// Secrets are checked only on request: the host that validates a config in CI rarely has the
// production secret files, the host about to run the daemon does.
std::vector<std::string> check_secrets(const config::Config& c) {
  std::vector<std::string> errors;
  const std::pair<const char*, const std::map<std::string, std::string>*> maps[] = {
      {"kafka.common", &c.kafka.common},
      {"kafka.consumer", &c.kafka.consumer},
      {"kafka.producer", &c.kafka.producer}};
  for (const auto& [prefix, props] : maps) {
    for (const auto& [key, value] : *props) {
      auto resolved = config::resolve_secret(value);
      if (!resolved.ok()) {
        errors.push_back(std::string(prefix) + "." + key + ": " + resolved.error().message);
      }
    }
  }
  return errors;
}

}  // namespace

int validate_command(int argc, char** argv) {
  std::string path;
  bool secrets = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      path = argv[++i];
    } else if (arg.substr(0, 9) == "--config=") {
      path = std::string(arg.substr(9));
    } else if (arg == "--check-secrets") {
      secrets = true;
    } else if (arg == "--help" || arg == "-h") {
      validate_usage();
      return kExOk;
    } else {
      std::fprintf(stderr, "newsdedup validate: unexpected argument '%s'\n", argv[i]);
      validate_usage();
      return kExUsage;
    }
  }
  if (path.empty()) {
    std::fputs("newsdedup validate: --config FILE is required\n", stderr);
    validate_usage();
    return kExUsage;
  }
  auto loaded = config::load_config_file(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return kExConfig;
  }
  if (secrets) {
    const auto errors = check_secrets(loaded.value());
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (!errors.empty()) return kExConfig;
  }
  std::puts("config OK");
  return kExOk;
}

}  // namespace newsdedup::pipeline
