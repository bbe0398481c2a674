// Secrets referenced from the config ("file:/path", "env:NAME") and redaction for logging.
// Error messages name the file or variable, never the value.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "newsdedup/config/config.h"

namespace newsdedup::config {
namespace {

constexpr std::string_view kFilePrefix = "file:";
constexpr std::string_view kEnvPrefix = "env:";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// librdkafka names its secrets sasl.password, ssl.key.password, ssl.key.pem,
// ssl.keystore.password, sasl.oauthbearer.client.secret, sasl.oauthbearer.config; the rules
// below cover those and the obvious variants of other clients.
bool looks_secret(std::string_view key) {
  const std::string k = lower(key);
  for (std::string_view word : {"password", "secret", "token", "sasl.oauthbearer.config"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  // A "key" segment: ssl.key.pem, ssl.key.location, api.key; not "keystore.location".
  size_t start = 0;
  while (start <= k.size()) {
    size_t dot = k.find('.', start);
    if (dot == std::string::npos) dot = k.size();
    const std::string_view segment = std::string_view(k).substr(start, dot - start);
    if (segment == "key" || segment == "apikey" || segment == "api_key") return true;
    start = dot + 1;
  }
  return false;
}

}  // namespace

bool is_secret_key(std::string_view key) {
  if (looks_secret(key)) return true;
  const std::string k = lower(key);
  return k.find("jaas") != std::string::npos || k.find("oauthbearer") != std::string::npos;
}

Result<std::string> resolve_secret(const std::string& value) {
  if (starts_with(value, kFilePrefix)) {
    const std::string path = value.substr(kFilePrefix.size());
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorCode::kConfig, value + ": cannot open: " + std::strerror(errno)};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Error{ErrorCode::kConfig, value + ": read error"};
    std::string s = text.str();
    // Files written by `echo` or editors end in a newline that is not part of the secret.
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }
  if (starts_with(value, kEnvPrefix)) {
    const std::string name = value.substr(kEnvPrefix.size());
    const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
    if (v == nullptr) return Error{ErrorCode::kConfig, value + ": environment variable is not set"};
    return std::string(v);
  }
  return value;
}

std::map<std::string, std::string> redacted(const std::map<std::string, std::string>& properties) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : properties) {
    const bool hide =
        looks_secret(key) || starts_with(value, kFilePrefix) || starts_with(value, kEnvPrefix);
    out.emplace(key, hide ? "[redacted]" : value);
  }
  return out;
}

}  // namespace newsdedup::config
