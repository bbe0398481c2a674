#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "config/schema_internal.h"
#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/commands.h"

namespace newsdedup::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kDefaultFile = std::string(NEWSDEDUP_SOURCE_DIR) + "/config/newsdedup.yaml";

std::string error_of(const std::string& yaml) {
  auto r = load_config_string(yaml);
  if (r.ok()) return "(loaded)";
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  return r.error().message;
}

// Every schema path with its live/restart class.
struct PathCollector {
  std::vector<std::pair<std::string, internal::Apply>> paths;
  template <class T, class Check>
  void operator()(const char* path, const T&, internal::Apply apply, Check) {
    paths.emplace_back(path, apply);
  }
};

std::vector<std::pair<std::string, internal::Apply>> schema_paths() {
  PathCollector c;
  const Config config = default_config();
  internal::visit_config(c, config);
  return c.paths;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ConfigLoadTest, DefaultFileLoadsToExactlyTheDefaults) {
  auto r = load_config_file(kDefaultFile);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value() == default_config());
}

TEST(ConfigLoadTest, DefaultFileSpellsOutEveryKey) {
  const YAML::Node root = YAML::LoadFile(kDefaultFile);
  for (const auto& [path, apply] : schema_paths()) {
    YAML::Node node = root;
    size_t start = 0;
    while (true) {
      const size_t dot = path.find('.', start);
      node.reset(node[path.substr(start, dot - start)]);
      ASSERT_TRUE(node.IsDefined()) << path << " is missing from config/newsdedup.yaml";
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
}

TEST(ConfigLoadTest, EmptyDocumentGivesTheDefaults) {
  auto r = load_config_string("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value() == default_config());
  auto sections = load_config_string("normalize:\nkafka:\n  topics:\n");
  ASSERT_TRUE(sections.ok()) << sections.error().message;
  EXPECT_TRUE(sections.value() == default_config());
}

TEST(ConfigLoadTest, KeysInTheFileOverrideTheDefaults) {
  auto r = load_config_string(R"(
parse:
  fields: {body: /content/text, id: "/meta/id~1x"}
  max_body_bytes: 1024
normalize:
  strip_html: false
fingerprint:
  shingle_size: 5
  permutations: 256
  seed: 0xff
index:
  ttl_seconds: 3600
decide:
  near_threshold: 0.8
  containment_threshold: 1
kafka:
  topics: {input: [a, b], duplicates: ""}
  consumer:
    fetch.max.bytes: "1048576"
    enable.partition.eof: false
log: {level: debug}
)");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Config& c = r.value();
  Config expected = default_config();
  expected.parse.fields.body = "/content/text";
  expected.parse.fields.id = "/meta/id~1x";
  expected.parse.max_body_bytes = 1024;
  expected.normalize.strip_html = false;
  expected.fingerprint.shingle_size = 5;
  expected.fingerprint.permutations = 256;
  expected.fingerprint.seed = 255;
  expected.index.ttl_seconds = 3600;
  expected.decide.near_threshold = 0.8;
  expected.decide.containment_threshold = 1.0;
  expected.kafka.topics.input = {"a", "b"};
  expected.kafka.topics.duplicates = "";
  expected.kafka.consumer = {{"fetch.max.bytes", "1048576"}, {"enable.partition.eof", "false"}};
  expected.log.level = "debug";
  EXPECT_TRUE(c == expected);
  EXPECT_EQ(c.kafka.consumer.at("enable.partition.eof"), "false");
}

TEST(ConfigLoadTest, StateAndExactlyOnceKeysHaveSafeDefaultsAndLoad) {
  const Config d = default_config();
  EXPECT_EQ(d.kafka.topics.state, "articles.state");
  EXPECT_FALSE(d.kafka.exactly_once);  // at-least-once stays the default
  EXPECT_EQ(d.kafka.transactional_id, "");
  auto r = load_config_string(
      "kafka:\n  topics: {state: \"\"}\n  exactly_once: true\n  transactional_id: dedup-0\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kafka.topics.state, "");
  EXPECT_TRUE(r->kafka.exactly_once);
  EXPECT_EQ(r->kafka.transactional_id, "dedup-0");
  Config b = d;
  b.kafka.topics.state = "other.state";
  b.kafka.exactly_once = true;
  EXPECT_THAT(restart_only_changes(d, b), ElementsAre("kafka.exactly_once", "kafka.topics.state"));
}

TEST(ConfigLoadTest, ListsReplaceTheDefaultsInsteadOfExtendingThem) {
  auto r = load_config_string("normalize:\n  chrome_phrases: [\"only this\"]\n  signoffs: []\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_THAT(r.value().normalize.chrome_phrases, ElementsAre("only this"));
  EXPECT_THAT(r.value().normalize.signoffs, IsEmpty());
  EXPECT_EQ(r.value().normalize.counter_words, default_config().normalize.counter_words);
}

struct ViolationCase {
  const char* yaml;
  const char* message;
};

constexpr const char* kBadListen =
    "metrics.listen: must be IPv4:port (e.g. 0.0.0.0:9464), localhost:port, or empty to disable";

class ConfigViolationTest : public ::testing::TestWithParam<ViolationCase> {};

TEST_P(ConfigViolationTest, GivesTheExactPathAndReason) {
  EXPECT_EQ(error_of(GetParam().yaml), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    EachKind, ConfigViolationTest,
    ::testing::Values(
        ViolationCase{"fingerprint: {shingle_size: 0}",
                      "fingerprint.shingle_size: must be in [1, 16]"},
        ViolationCase{"fingerprint: {shingle_size: 17}",
                      "fingerprint.shingle_size: must be in [1, 16]"},
        ViolationCase{"fingerprint: {permutations: 8}",
                      "fingerprint.permutations: must be in [16, 1024]"},
        ViolationCase{"fingerprint: {permutations: 2048}",
                      "fingerprint.permutations: must be in [16, 1024]"},
        ViolationCase{"fingerprint: {permutations: 100}",
                      "fingerprint.permutations: must be a multiple of index.bands (32)"},
        ViolationCase{"index: {lead_bands: 5}",
                      "fingerprint.lead_permutations: must be a multiple of index.lead_bands (5)"},
        ViolationCase{"decide: {near_threshold: 0}", "decide.near_threshold: must be in (0, 1]"},
        ViolationCase{"decide: {near_threshold: 1.01}", "decide.near_threshold: must be in (0, 1]"},
        ViolationCase{"decide: {containment_threshold: -0.5}",
                      "decide.containment_threshold: must be in (0, 1]"},
        ViolationCase{"decide: {near_miss_margin: 1}",
                      "decide.near_miss_margin: must be in [0, 1)"},
        ViolationCase{"decide: {min_name_overlap: 2}",
                      "decide.min_name_overlap: must be in [0, 1]"},
        ViolationCase{"decide: {near_threshold: .nan}", "decide.near_threshold: expected a number"},
        ViolationCase{"index: {ttl_seconds: 0}", "index.ttl_seconds: must be > 0"},
        ViolationCase{"index: {ttl_seconds: 18446744073709551615}",
                      "index.ttl_seconds: must be <= 3162240000"},
        ViolationCase{"index: {ttl_seconds: -5}",
                      "index.ttl_seconds: expected an unsigned integer"},
        ViolationCase{"index: {ttl_seconds: 1.5}",
                      "index.ttl_seconds: expected an unsigned integer"},
        ViolationCase{"index: {ttl_seconds: \"60\"}",
                      "index.ttl_seconds: expected an unsigned integer"},
        ViolationCase{"index: {bands: 4294967296}", "index.bands: must be <= 4294967295"},
        ViolationCase{"normalize: {strip_html: yes}",
                      "normalize.strip_html: expected true or false"},
        ViolationCase{"normalize: {chrome_phrases: advertisement}",
                      "normalize.chrome_phrases: expected a list of strings, got a scalar"},
        ViolationCase{"normalize: {chrome_phrases: [Advertisement]}",
                      "normalize.chrome_phrases: must be lowercase: \"Advertisement\""},
        ViolationCase{"kafka: {topics: {input: []}}", "kafka.topics.input: must not be empty"},
        ViolationCase{"kafka: {topics: {input: [a, \"\"]}}",
                      "kafka.topics.input: must not contain an empty string"},
        ViolationCase{"kafka: {topics: {output: \"\"}}", "kafka.topics.output: must not be empty"},
        ViolationCase{"kafka: {brokers: [a, b]}", "kafka.brokers: expected a string, got a list"},
        ViolationCase{"kafka: {group_id: }", "kafka.group_id: expected a string, got null"},
        ViolationCase{"kafka: {consumer: {a: {b: c}}}",
                      "kafka.consumer: expected a mapping of strings"},
        ViolationCase{"log: {level: verbose}",
                      "log.level: must be one of trace, debug, info, warn, error"},
        ViolationCase{"parse: {fields: {body: body}}",
                      "parse.fields.body: must be a JSON pointer starting with '/'"},
        ViolationCase{"parse: {fields: {id: \"\"}}",
                      "parse.fields.id: must be a JSON pointer starting with '/'"},
        ViolationCase{"parse: {fields: {id: /a~2}}",
                      "parse.fields.id: must be a JSON pointer: '~' must be followed by 0 or 1"},
        ViolationCase{"parse: {max_body_bytes: 9000000}",
                      "parse.max_body_bytes: must be <= parse.max_record_bytes (8388608)"},
        ViolationCase{"metrics: {listen: localhost}", kBadListen},
        ViolationCase{"metrics: {listen: \"0.0.0.0:70000\"}", kBadListen},
        ViolationCase{"metrics: {listen: \"999.1.1.1:9464\"}", kBadListen},
        ViolationCase{"metrics: {listen: \"10.0.0:9464\"}", kBadListen},
        ViolationCase{"metrics: {listen: \"[::1]:9464\"}", kBadListen},
        ViolationCase{"metrics: {listen: \"metrics.example:9464\"}", kBadListen},
        ViolationCase{"metrics: {listen: \":9464\"}", kBadListen},
        ViolationCase{"embedded_broker: {partitions: 0}",
                      "embedded_broker.partitions: must be in [1, 1024]"},
        ViolationCase{"bogus: 1", "bogus: unknown key"},
        ViolationCase{"index: {ttl: 5}", "index.ttl: unknown key"},
        ViolationCase{"parse: {fields: {body: /b, text: /t}}", "parse.fields.text: unknown key"},
        ViolationCase{"index: {bands: 16, bands: 8}", "index.bands: duplicate key"},
        ViolationCase{"decide: 0.5", "decide: expected a mapping, got a scalar"},
        ViolationCase{"- a\n- b", "(document): expected a mapping, got a list"}));

TEST(ConfigLoadTest, AcceptsTheListenAddressesTheHttpServerCanBind) {
  for (const char* listen : {"127.0.0.1:9464", "0.0.0.0:0", "localhost:9464", ""}) {
    auto r = load_config_string(std::string("metrics: {listen: \"") + listen + "\"}");
    ASSERT_TRUE(r.ok()) << listen << ": " << r.error().message;
    EXPECT_EQ(r.value().metrics.listen, listen);
  }
}

TEST(ConfigLoadTest, ListsEveryViolationInFileOrder) {
  EXPECT_EQ(error_of(R"(
fingerprint:
  shingle_size: 0
  permutations: 100
decide:
  near_threshold: 2
  colour: blue
log:
  level: loud
kafka:
  topics:
    input: []
)"),
            "fingerprint.shingle_size: must be in [1, 16]\n"
            "decide.near_threshold: must be in (0, 1]\n"
            "decide.colour: unknown key\n"
            "log.level: must be one of trace, debug, info, warn, error\n"
            "kafka.topics.input: must not be empty\n"
            "fingerprint.permutations: must be a multiple of index.bands (32)");
}

TEST(ConfigLoadTest, ACrossFieldRuleIsSkippedWhenOneOfItsKeysIsAlreadyBad) {
  EXPECT_EQ(error_of("fingerprint: {permutations: 100}\nindex: {bands: 0}"),
            "index.bands: must be in [1, 1024]");
}

TEST(ConfigLoadTest, SyntaxErrorsNameLineAndColumn) {
  EXPECT_EQ(error_of("decide:\n  near_threshold: [0.5\n"),
            "yaml: line 3, column 1: end of sequence flow not found");
}

TEST(ConfigLoadTest, AMissingFileIsAConfigError) {
  auto r = load_config_file("/nonexistent/newsdedup.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_EQ(r.error().message,
            "/nonexistent/newsdedup.yaml: cannot open: No such file or directory");
}

TEST(ConfigLoadTest, FileErrorsNameTheFile) {
  const std::string path = write_temp("bad.yaml", "log: {level: [x]}\n");
  auto r = load_config_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "log.level: expected a string, got a list");
  const std::string broken = write_temp("broken.yaml", "a: [\n");
  auto b = load_config_file(broken);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message.rfind(broken + ": line ", 0), 0u) << b.error().message;
}

TEST(RestartOnlyTest, LiveChangesMayApply) {
  Config a = default_config();
  Config b = a;
  b.decide.near_threshold = 0.9;
  b.normalize.chrome_phrases.push_back("new phrase");
  b.index.ttl_seconds = 60;
  b.index.max_articles = 10;
  b.kafka.shadow = true;
  b.kafka.topics.duplicates = "";
  b.log.level = "debug";
  b.parse.max_body_bytes = 10;
  EXPECT_THAT(restart_only_changes(a, b), IsEmpty());
}

TEST(RestartOnlyTest, NamesEveryRestartOnlyKeyThatDiffers) {
  Config a = default_config();
  Config b = a;
  b.fingerprint.shingle_size = 4;
  b.parse.fields.body = "/text";
  b.index.bands = 16;
  b.kafka.brokers = "other:9092";
  b.kafka.topics.input = {"x"};
  b.kafka.consumer["sasl.password"] = "p";
  a.kafka.producer["linger.ms"] = "5";
  b.embedded_broker.partitions = 8;
  b.metrics.listen = "";
  b.decide.near_threshold = 0.7;  // live: not listed
  EXPECT_THAT(
      restart_only_changes(a, b),
      ElementsAre("embedded_broker.partitions", "fingerprint.shingle_size", "index.bands",
                  "kafka.brokers", "kafka.consumer.sasl.password", "kafka.producer.linger.ms",
                  "kafka.topics.input", "metrics.listen", "parse.fields.body"));
}

// The live/restart split of every key, restated from the design: fingerprint inputs, field
// mapping, LSH layout, connections and the listen address need a restart.
TEST(RestartOnlyTest, EveryKeyIsClassifiedAsDesigned) {
  auto starts = [](const std::string& s, const char* p) { return s.rfind(p, 0) == 0; };
  for (const auto& [path, apply] : schema_paths()) {
    const bool restart =
        starts(path, "parse.fields.") || starts(path, "fingerprint.") || path == "index.bands" ||
        path == "index.lead_bands" ||
        (starts(path, "kafka.") && path != "kafka.shadow" && path != "kafka.topics.duplicates") ||
        starts(path, "embedded_broker.") || path == "metrics.listen";
    EXPECT_EQ(apply == internal::Apply::kRestart, restart) << path;
  }
}

TEST(SecretTest, PlainValuesAreThemselves) {
  auto r = resolve_secret("hunter2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), "hunter2");
}

TEST(SecretTest, FileValuesAreReadWithoutTheTrailingNewline) {
  const std::string path = write_temp("secret.txt", "s3cr3t value\n");
  auto r = resolve_secret("file:" + path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "s3cr3t value");
  const std::string crlf = write_temp("secret-crlf.txt", "abc\r\n");
  EXPECT_EQ(resolve_secret("file:" + crlf).value(), "abc");
}

TEST(SecretTest, EnvValuesComeFromTheEnvironment) {
  ASSERT_EQ(setenv("NEWSDEDUP_TEST_SECRET", "from-env", 1), 0);
  auto r = resolve_secret("env:NEWSDEDUP_TEST_SECRET");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "from-env");
}

TEST(SecretTest, UnresolvableSecretsNameTheSourceNotTheValue) {
  ASSERT_EQ(unsetenv("NEWSDEDUP_TEST_UNSET"), 0);
  auto env = resolve_secret("env:NEWSDEDUP_TEST_UNSET");
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.error().code, ErrorCode::kConfig);
  EXPECT_EQ(env.error().message, "env:NEWSDEDUP_TEST_UNSET: environment variable is not set");
  auto file = resolve_secret("file:/nonexistent/secret");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().message,
            "file:/nonexistent/secret: cannot open: No such file or directory");
}

TEST(RedactionTest, HidesSecretKeysAndIndirectValues) {
  const std::map<std::string, std::string> props = {
      {"sasl.password", "p"},
      {"ssl.key.password", "p"},
      {"ssl.key.pem", "-----BEGIN"},
      {"ssl.keystore.password", "p"},
      {"sasl.oauthbearer.client.secret", "s"},
      {"sasl.oauthbearer.config", "principal=x"},
      {"SASL.Token", "t"},
      {"sasl.username", "env:KAFKA_USER"},
      {"ssl.ca.location", "file:/etc/ca.pem"},
      {"security.protocol", "SASL_SSL"},
      {"ssl.keystore.location", "/etc/ks.p12"},
      {"bootstrap.servers", "b:9092"},
  };
  const std::map<std::string, std::string> expected = {
      {"sasl.password", "[redacted]"},
      {"ssl.key.password", "[redacted]"},
      {"ssl.key.pem", "[redacted]"},
      {"ssl.keystore.password", "[redacted]"},
      {"sasl.oauthbearer.client.secret", "[redacted]"},
      {"sasl.oauthbearer.config", "[redacted]"},
      {"SASL.Token", "[redacted]"},
      {"sasl.username", "[redacted]"},
      {"ssl.ca.location", "[redacted]"},
      {"security.protocol", "SASL_SSL"},
      {"ssl.keystore.location", "/etc/ks.p12"},
      {"bootstrap.servers", "b:9092"},
  };
  EXPECT_EQ(redacted(props), expected);
}

// validate_command writes to stderr; the exit code is what scripts and init containers see.
int run_validate(std::vector<std::string> args) {
  args.insert(args.begin(), "validate");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return pipeline::validate_command(static_cast<int>(argv.size()), argv.data());
}

TEST(ValidateCommandTest, AcceptsTheDefaultFile) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run_validate({"--config", kDefaultFile}), 0);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "config OK\n");
}

TEST(ValidateCommandTest, ListsViolationsAndExits78) {
  const std::string path =
      write_temp("invalid.yaml", "index: {ttl_seconds: 0}\nlog: {level: loud}\n");
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_validate({"--config=" + path}), 78);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "index.ttl_seconds: must be > 0\n"
            "log.level: must be one of trace, debug, info, warn, error\n");
}

TEST(ValidateCommandTest, ChecksSecretsOnlyWhenAsked) {
  ASSERT_EQ(unsetenv("NEWSDEDUP_TEST_UNSET"), 0);
  const std::string path = write_temp(
      "secrets.yaml", "kafka:\n  common:\n    sasl.password: env:NEWSDEDUP_TEST_UNSET\n");
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run_validate({"--config", path}), 0);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "config OK\n");
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_validate({"--config", path, "--check-secrets"}), 78);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "kafka.common.sasl.password: env:NEWSDEDUP_TEST_UNSET: environment variable is not "
            "set\n");
}

TEST(ValidateCommandTest, UsageErrorsExit64) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_validate({}), 64);
  EXPECT_EQ(run_validate({"--config"}), 64);
  EXPECT_EQ(run_validate({"--bogus", "x"}), 64);
  ::testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace newsdedup::config
