// Loads a YAML config over default_config(), driven by the schema in schema_internal.h.
// yaml-cpp throws; every call into it stays inside this file behind a catch, so no exception
// leaves the module. Every violation is collected; the error lists them all, in file order.
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "config/schema_internal.h"
#include "newsdedup/config/config.h"

namespace newsdedup::config {
namespace internal {

std::optional<std::string> check_json_pointer(const std::string& v) {
  if (v.empty() || v[0] != '/') return std::string("must be a JSON pointer starting with '/'");
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '~' && (i + 1 == v.size() || (v[i + 1] != '0' && v[i + 1] != '1'))) {
      return std::string("must be a JSON pointer: '~' must be followed by 0 or 1");
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_log_level(const std::string& v) {
  static const char* const kLevels[] = {"trace", "debug", "info", "warn", "error"};
  for (const char* l : kLevels) {
    if (v == l) return std::nullopt;
  }
  return std::string("must be one of trace, debug, info, warn, error");
}

// "a.b.c.d:port", "localhost:port" or "" (disabled). The port may be 0 (any free port, for
// tests). Debian's civetweb is built without IPv6 and resolves no host names, and it wraps
// octets above 255 into another address, so anything else is refused here rather than
// binding somewhere unexpected.
std::optional<std::string> check_listen(const std::string& v) {
  if (v.empty()) return std::nullopt;
  const std::string reason =
      "must be IPv4:port (e.g. 0.0.0.0:9464), localhost:port, or empty to disable";
  const size_t colon = v.rfind(':');
  if (colon == std::string::npos) return reason;
  auto number = [](std::string_view s, unsigned max) -> bool {
    unsigned n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    return !s.empty() && s.size() <= 5 && ec == std::errc() && ptr == s.data() + s.size() &&
           n <= max;
  };
  const std::string_view host = std::string_view(v).substr(0, colon);
  if (!number(std::string_view(v).substr(colon + 1), 65535)) return reason;
  if (host == "localhost") return std::nullopt;
  int octets = 0;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    if (!number(host.substr(start, dot - start), 255) || dot - start > 3) return reason;
    ++octets;
    start = dot + 1;
  }
  if (octets != 4) return reason;
  return std::nullopt;
}

}  // namespace internal

namespace {

using internal::Apply;

// A dotted path and what went wrong there.
struct Violation {
  std::string path;
  std::string reason;
};

bool is_quoted(const YAML::Node& n) { return n.Tag() == "!"; }

const char* kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return is_quoted(n) ? "a string" : "a scalar";
    default:
      return "nothing";
  }
}

// Conversions from one YAML node to one field. They return the reason on failure. yaml-cpp's own
// as<T>() is not used: it accepts "yes"/"on" as booleans and wraps negative numbers into
// unsigned ones.
std::optional<std::string> convert(const YAML::Node& n, bool& out) {
  if (n.IsScalar() && !is_quoted(n)) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") {
      out = true;
      return std::nullopt;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
      out = false;
      return std::nullopt;
    }
  }
  return std::string("expected true or false");
}

std::optional<std::string> parse_unsigned(const YAML::Node& n, uint64_t max, uint64_t& out) {
  const std::string reason = "expected an unsigned integer";
  if (!n.IsScalar() || is_quoted(n)) return reason;
  std::string s = n.Scalar();
  int base = 10;
  size_t skip = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    skip = 2;
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'o') {
    base = 8;
    skip = 2;
  }
  uint64_t v = 0;
  const char* first = s.data() + skip;
  const char* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(first, last, v, base);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == last && v > max)) {
    return "must be <= " + std::to_string(max);
  }
  if (ec != std::errc() || ptr != last || first == last) return reason;
  out = v;
  return std::nullopt;
}

std::optional<std::string> convert(const YAML::Node& n, uint64_t& out) {
  return parse_unsigned(n, UINT64_MAX, out);
}

std::optional<std::string> convert(const YAML::Node& n, uint32_t& out) {
  uint64_t v = 0;
  if (auto err = parse_unsigned(n, UINT32_MAX, v)) return err;
  out = static_cast<uint32_t>(v);
  return std::nullopt;
}

std::optional<std::string> convert(const YAML::Node& n, double& out) {
  const std::string reason = "expected a number";
  if (!n.IsScalar() || is_quoted(n)) return reason;
  const std::string& s = n.Scalar();
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(v)) {
    return reason;
  }
  out = v;
  return std::nullopt;
}

std::optional<std::string> convert(const YAML::Node& n, std::string& out) {
  if (!n.IsScalar()) return std::string("expected a string, got ") + kind_name(n);
  out = n.Scalar();
  return std::nullopt;
}

std::optional<std::string> convert(const YAML::Node& n, std::vector<std::string>& out) {
  if (!n.IsSequence()) return std::string("expected a list of strings, got ") + kind_name(n);
  std::vector<std::string> v;
  for (const auto& item : n) {
    if (!item.IsScalar()) return std::string("expected a list of strings");
    v.push_back(item.Scalar());
  }
  out = std::move(v);
  return std::nullopt;
}

// kafka.common/consumer/producer: librdkafka properties, passed through as strings.
std::optional<std::string> convert(const YAML::Node& n, std::map<std::string, std::string>& out) {
  if (n.IsNull()) {
    out.clear();
    return std::nullopt;
  }
  if (!n.IsMap()) return std::string("expected a mapping of strings, got ") + kind_name(n);
  std::map<std::string, std::string> m;
  for (const auto& kv : n) {
    if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
      return std::string("expected a mapping of strings");
    }
    if (!m.emplace(kv.first.Scalar(), kv.second.Scalar()).second) {
      return "duplicate key " + kv.first.Scalar();
    }
  }
  out = std::move(m);
  return std::nullopt;
}

// One schema entry, type-erased for the tree walk.
struct Field {
  std::function<std::optional<std::string>(const YAML::Node&)> set;
};

// Collects the schema as path -> setter bound to a Config, and every section prefix.
struct SchemaCollector {
  std::map<std::string, Field> fields;
  std::set<std::string> sections;  // "parse", "parse.fields", ...

  template <class T, class Check>
  void operator()(const char* path, T& field, Apply /*apply*/, Check check) {
    std::string p = path;
    fields[p].set = [&field, check](const YAML::Node& n) -> std::optional<std::string> {
      T value = field;
      if (auto err = convert(n, value)) return err;
      if (auto err = check(value)) return err;
      field = std::move(value);
      return std::nullopt;
    };
    for (size_t dot = p.find('.'); dot != std::string::npos; dot = p.find('.', dot + 1)) {
      sections.insert(p.substr(0, dot));
    }
  }
};

std::string join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// Walks a mapping of the document against the schema; unknown keys are violations.
void walk(const YAML::Node& node, const std::string& prefix, const SchemaCollector& schema,
          std::vector<Violation>& out) {
  if (node.IsNull()) return;  // "normalize:" with nothing under it: all defaults
  if (!node.IsMap()) {
    out.push_back({prefix.empty() ? "(document)" : prefix,
                   std::string("expected a mapping, got ") + kind_name(node)});
    return;
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      out.push_back({prefix.empty() ? "(document)" : prefix, "keys must be strings"});
      continue;
    }
    const std::string path = join(prefix, kv.first.Scalar());
    if (!seen.insert(kv.first.Scalar()).second) {
      out.push_back({path, "duplicate key"});
      continue;
    }
    if (auto f = schema.fields.find(path); f != schema.fields.end()) {
      if (auto err = f->second.set(kv.second)) out.push_back({path, *err});
    } else if (schema.sections.count(path) != 0) {
      walk(kv.second, path, schema, out);
    } else {
      out.push_back({path, "unknown key"});
    }
  }
}

// Rules that link two keys; they run after every key is read, on the merged config.
void check_cross_field(const Config& c, const std::set<std::string>& bad,
                       std::vector<Violation>& out) {
  auto ok = [&](const char* a, const char* b) { return bad.count(a) == 0 && bad.count(b) == 0; };
  if (ok("fingerprint.permutations", "index.bands") &&
      c.fingerprint.permutations % c.index.bands != 0) {
    out.push_back({"fingerprint.permutations",
                   "must be a multiple of index.bands (" + std::to_string(c.index.bands) + ")"});
  }
  if (ok("fingerprint.lead_permutations", "index.lead_bands") &&
      c.fingerprint.lead_permutations % c.index.lead_bands != 0) {
    out.push_back({"fingerprint.lead_permutations", "must be a multiple of index.lead_bands (" +
                                                        std::to_string(c.index.lead_bands) + ")"});
  }
  if (ok("parse.max_body_bytes", "parse.max_record_bytes") &&
      c.parse.max_body_bytes > c.parse.max_record_bytes) {
    out.push_back({"parse.max_body_bytes", "must be <= parse.max_record_bytes (" +
                                               std::to_string(c.parse.max_record_bytes) + ")"});
  }
}

Result<Config> load_node(const YAML::Node& root) {
  Config config = default_config();
  SchemaCollector schema;
  internal::visit_config(schema, config);
  std::vector<Violation> violations;
  walk(root, "", schema, violations);
  std::set<std::string> bad;
  for (const auto& v : violations) bad.insert(v.path);
  check_cross_field(config, bad, violations);
  if (violations.empty()) return config;
  std::string message;
  for (const auto& v : violations) {
    if (!message.empty()) message += '\n';
    message += v.path + ": " + v.reason;
  }
  return Error{ErrorCode::kConfig, std::move(message)};
}

Result<Config> load_text(const std::string& yaml, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return Error{ErrorCode::kConfig, origin + ": line " + std::to_string(e.mark.line + 1) +
                                         ", column " + std::to_string(e.mark.column + 1) + ": " +
                                         e.msg};
  }
  try {
    return load_node(root);
  } catch (const std::exception& e) {  // yaml-cpp or allocation; keep it inside the module
    return Error{ErrorCode::kConfig, origin + ": " + e.what()};
  }
}

// restart_only_changes() compares a printed form of each key.
struct Printer {
  std::map<std::string, std::pair<Apply, std::string>> values;

  static std::string print(bool v) { return v ? "true" : "false"; }
  static std::string print(uint32_t v) { return std::to_string(v); }
  static std::string print(uint64_t v) { return std::to_string(v); }
  static std::string print(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  }
  static std::string print(const std::string& v) { return v; }
  static std::string print(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& item : v) s += std::to_string(item.size()) + ":" + item + ",";
    return s;
  }

  template <class T, class Check>
  void operator()(const char* path, const T& field, Apply apply, Check /*check*/) {
    values[path] = {apply, print(field)};
  }
  // A librdkafka property map: one entry per property, so a change names the property.
  template <class Check>
  void operator()(const char* path, const std::map<std::string, std::string>& field, Apply apply,
                  Check /*check*/) {
    for (const auto& [k, v] : field) values[std::string(path) + "." + k] = {apply, "=" + v};
  }
};

}  // namespace

Result<Config> load_config_string(const std::string& yaml) { return load_text(yaml, "yaml"); }

Result<Config> load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{ErrorCode::kConfig, path + ": cannot open: " + std::strerror(errno)};
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{ErrorCode::kConfig, path + ": read error"};
  return load_text(text.str(), path);
}

std::vector<std::string> restart_only_changes(const Config& old_config, const Config& new_config) {
  Printer a;
  Printer b;
  internal::visit_config(a, old_config);
  internal::visit_config(b, new_config);
  std::set<std::string> paths;
  for (const auto& [path, v] : a.values) {
    auto it = b.values.find(path);
    if (v.first == Apply::kRestart && (it == b.values.end() || it->second.second != v.second)) {
      paths.insert(path);
    }
  }
  for (const auto& [path, v] : b.values) {
    if (v.first == Apply::kRestart && a.values.count(path) == 0) paths.insert(path);
  }
  return {paths.begin(), paths.end()};
}

}  // namespace newsdedup::config
