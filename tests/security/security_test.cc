// Security checks that need no daemon: metrics and health listen on loopback unless configured
// otherwise; secrets referenced from the config ("env:", "file:") are resolved but never shown
// by redaction, config errors or `newsdedup validate`; SASL/SSL properties reach librdkafka
// unchanged, seen through the public sink/source API (rdkafka.h stays in those modules): in
// librdkafka's own configuration dump and, for the password, on the wire to a fake broker.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/commands.h"
#include "newsdedup/sink/kafka_sink.h"
#include "newsdedup/source/kafka_source.h"

namespace newsdedup {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Made-up secret values; a test fails if one of them shows up where it must not.
constexpr const char* kEnvSecret = "env-s3cret-Vx9q";
constexpr const char* kFileSecret = "file-s3cret-Kp4z";
constexpr const char* kLiteralSecret = "literal-s3cret-Rt7w";

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// A SASL_SSL config as an operator would write it: the password from the environment, the key
// password from a file, and (discouraged, but legal) one secret written inline.
std::string sasl_yaml(const std::string& key_password_file) {
  return "kafka:\n"
         "  brokers: \"broker-1:9093\"\n"
         "  common:\n"
         "    security.protocol: SASL_SSL\n"
         "    sasl.mechanisms: SCRAM-SHA-512\n"
         "    sasl.username: newsdedup-svc\n"
         "    sasl.password: \"env:NDD_SECRET\"\n"
         "  consumer:\n"
         "    ssl.key.password: \"file:" +
         key_password_file +
         "\"\n"
         "  producer:\n"
         "    sasl.oauthbearer.client.secret: " +
         kLiteralSecret + "\n";
}

// ---- listen addresses ------------------------------------------------------------------------

TEST(SecurityTest, DefaultMetricsListenAddressIsLoopback) {
  EXPECT_EQ(config::default_config().metrics.listen, "127.0.0.1:9464");
}

TEST(SecurityTest, ShippedConfigListensOnLoopback) {
  auto loaded =
      config::load_config_file(std::string(NEWSDEDUP_SOURCE_DIR) + "/config/newsdedup.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->metrics.listen, "127.0.0.1:9464");
}

TEST(SecurityTest, AConfigWithoutAMetricsSectionKeepsLoopback) {
  auto loaded = config::load_config_string("log:\n  level: info\n");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->metrics.listen, "127.0.0.1:9464");
}

TEST(SecurityTest, ListenAddressesThatWouldBindSomewhereUnexpectedAreRefused) {
  // Host names are not resolved and octets above 255 would wrap into another address.
  for (const char* listen : {"example.org:9464", "127.0.0.256:9464", "[::]:9464", "9464"}) {
    auto loaded =
        config::load_config_string(std::string("metrics:\n  listen: \"") + listen + "\"\n");
    ASSERT_FALSE(loaded.ok()) << listen;
    EXPECT_THAT(loaded.error().message, HasSubstr("metrics.listen: must be IPv4:port")) << listen;
  }
}

// ---- secrets ---------------------------------------------------------------------------------

TEST(SecurityTest, SaslSecretsAreResolvedFromTheEnvironmentAndFiles) {
  ScopedEnv env("NDD_SECRET", kEnvSecret);
  const std::string file = write_temp("ndd_key_password", std::string(kFileSecret) + "\n");
  auto loaded = config::load_config_string(sasl_yaml(file));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  // The loaded config keeps the references, not the values: a dump of it cannot leak them.
  EXPECT_EQ(loaded->kafka.common.at("sasl.password"), "env:NDD_SECRET");
  EXPECT_EQ(loaded->kafka.consumer.at("ssl.key.password"), "file:" + file);

  auto password = config::resolve_secret(loaded->kafka.common.at("sasl.password"));
  ASSERT_TRUE(password.ok()) << password.error().message;
  EXPECT_EQ(password.value(), kEnvSecret);
  auto key_password = config::resolve_secret(loaded->kafka.consumer.at("ssl.key.password"));
  ASSERT_TRUE(key_password.ok()) << key_password.error().message;
  EXPECT_EQ(key_password.value(), kFileSecret);
}

TEST(SecurityTest, RedactedPropertiesNeverShowASecretValue) {
  ScopedEnv env("NDD_SECRET", kEnvSecret);
  const std::string file = write_temp("ndd_key_password2", kFileSecret);
  auto loaded = config::load_config_string(sasl_yaml(file));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;

  // As the daemon logs them: the maps merged, references resolved, then redacted.
  std::map<std::string, std::string> resolved;
  for (const auto* props :
       {&loaded->kafka.common, &loaded->kafka.consumer, &loaded->kafka.producer}) {
    for (const auto& [key, value] : *props) {
      auto v = config::resolve_secret(value);
      ASSERT_TRUE(v.ok()) << key;
      resolved[key] = v.value();
    }
  }
  const std::map<std::string, std::string> expected = {
      {"security.protocol", "SASL_SSL"},  {"sasl.mechanisms", "SCRAM-SHA-512"},
      {"sasl.username", "newsdedup-svc"}, {"sasl.password", "[redacted]"},
      {"ssl.key.password", "[redacted]"}, {"sasl.oauthbearer.client.secret", "[redacted]"},
  };
  EXPECT_EQ(config::redacted(resolved), expected);

  // Redacting the unresolved references hides them as well (a reference names a file or
  // variable: that is the attacker's map to the secret).
  std::string shown;
  for (const auto* props :
       {&loaded->kafka.common, &loaded->kafka.consumer, &loaded->kafka.producer}) {
    for (const auto& [key, value] : config::redacted(*props)) shown += key + "=" + value + "\n";
  }
  EXPECT_THAT(shown, Not(HasSubstr(kEnvSecret)));
  EXPECT_THAT(shown, Not(HasSubstr(kFileSecret)));
  EXPECT_THAT(shown, Not(HasSubstr(kLiteralSecret)));
  EXPECT_THAT(shown, Not(HasSubstr("NDD_SECRET")));
  EXPECT_THAT(shown, Not(HasSubstr(file)));
  EXPECT_THAT(shown, HasSubstr("sasl.username=newsdedup-svc"));
}

TEST(SecurityTest, ConfigErrorsDoNotEchoSecretValues) {
  // Another key is wrong; the message lists it and nothing of the secret written inline.
  auto loaded = config::load_config_string(std::string("kafka:\n  brokers: \"\"\n  common:\n") +
                                           "    sasl.password: " + kLiteralSecret + "\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "kafka.brokers: must not be empty");
}

TEST(SecurityTest, UnresolvableSecretsNameTheReferenceNotAValue) {
  auto unset = config::resolve_secret("env:NDD_SECRET_NOT_SET_ANYWHERE");
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(unset.error().code, ErrorCode::kConfig);
  EXPECT_EQ(unset.error().message,
            "env:NDD_SECRET_NOT_SET_ANYWHERE: environment variable is not set");
}

TEST(SecurityTest, ValidateWithCheckSecretsNeverPrintsASecret) {
  ScopedEnv env("NDD_SECRET", kEnvSecret);
  const std::string key_file = write_temp("ndd_key_password3", kFileSecret);
  const std::string config_file = write_temp("ndd_sasl.yaml", sasl_yaml(key_file));
  std::string arg0 = "validate", arg1 = "--config", arg2 = config_file, arg3 = "--check-secrets";
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), arg3.data()};
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int rc = pipeline::validate_command(4, argv);
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(out, "config OK\n");
  for (const std::string& s : {out, err}) {
    EXPECT_THAT(s, Not(HasSubstr(kEnvSecret)));
    EXPECT_THAT(s, Not(HasSubstr(kFileSecret)));
    EXPECT_THAT(s, Not(HasSubstr(kLiteralSecret)));
  }
}

// ---- librdkafka client configuration ---------------------------------------------------------

// librdkafka logs its effective client configuration with debug=conf ("  key = value" per
// property it holds, secrets masked by librdkafka itself), which the sink and source forward to
// their log function. That shows what librdkafka received without including rdkafka.h here.
struct LogCapture {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::string joined() {
    std::lock_guard<std::mutex> lock(mutex);
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
};

std::map<std::string, std::string> sasl_ssl_properties() {
  return {
      {"bootstrap.servers", "127.0.0.1:1"},  // nothing listens there; nothing is sent
      {"security.protocol", "SASL_SSL"},
      {"sasl.mechanisms", "SCRAM-SHA-512"},
      {"sasl.username", "newsdedup-svc"},
      {"sasl.password", kEnvSecret},  // already resolved, as the daemon passes it
      {"ssl.endpoint.identification.algorithm", "https"},
      {"ssl.cipher.suites", "ECDHE-RSA-AES256-GCM-SHA384"},
      {"sasl.kerberos.service.name", "kafka-custom"},
      {"client.id", "newsdedup-security-test"},
      {"debug", "conf"},
      {"log_level", "7"},
  };
}

void expect_sasl_ssl_arrived(const std::string& log) {
  // Values librdkafka keeps as strings arrive byte for byte.
  EXPECT_THAT(log, HasSubstr("sasl.mechanisms = SCRAM-SHA-512")) << log;
  EXPECT_THAT(log, HasSubstr("sasl.kerberos.service.name = kafka-custom")) << log;
  EXPECT_THAT(log, HasSubstr("ssl.cipher.suites = ECDHE-RSA-AES256-GCM-SHA384")) << log;
  EXPECT_THAT(log, HasSubstr("client.id = newsdedup-security-test")) << log;
  EXPECT_THAT(log, HasSubstr("metadata.broker.list = 127.0.0.1:1")) << log;  // its alias
  // Enumerations are printed in librdkafka's own spelling.
  EXPECT_THAT(log, HasSubstr("security.protocol = sasl_ssl")) << log;
  EXPECT_THAT(log, HasSubstr("ssl.endpoint.identification.algorithm = https")) << log;
  // The credentials were set (librdkafka lists them) but it never prints them; the test below
  // compares the password's bytes on the wire instead.
  EXPECT_THAT(log, HasSubstr("sasl.username = [redacted]")) << log;
  EXPECT_THAT(log, HasSubstr("sasl.password = [redacted]")) << log;
  EXPECT_THAT(log, Not(HasSubstr(kEnvSecret)));
}

TEST(SecurityTest, SaslSslPropertiesReachTheProducerUnchanged) {
  LogCapture capture;
  sink::SinkOptions options;
  options.properties = sasl_ssl_properties();
  options.log = [&](int, std::string_view message) {
    std::lock_guard<std::mutex> lock(capture.mutex);
    capture.lines.emplace_back(message);
  };
  auto sink = sink::KafkaSink::create(std::move(options));
  ASSERT_TRUE(sink.ok()) << sink.error().message;
  expect_sasl_ssl_arrived(capture.joined());
}

TEST(SecurityTest, SaslSslPropertiesReachTheConsumerUnchanged) {
  LogCapture capture;
  source::SourceOptions options;
  options.properties = sasl_ssl_properties();
  options.properties["group.id"] = "newsdedup-security-test";
  options.topics = {"articles.raw"};
  options.log = [&](int, std::string_view message) {
    std::lock_guard<std::mutex> lock(capture.mutex);
    capture.lines.emplace_back(message);
  };
  auto source = source::KafkaSource::create(std::move(options));
  ASSERT_TRUE(source.ok()) << source.error().message;
  expect_sasl_ssl_arrived(capture.joined());
  (void)source.value()->close();
}

// A one-shot broker on 127.0.0.1 that speaks just enough Kafka to receive a SASL/PLAIN token:
// it answers ApiVersions with "SaslHandshake v0 only" and the handshake with ["PLAIN"], after
// which librdkafka sends the bare token as one length-prefixed frame, "\0username\0password"
// (RFC 4616), so the password can be compared byte for byte.
class SaslTokenCatcher {
 public:
  SaslTokenCatcher() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 4) != 0) {
      return;
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SaslTokenCatcher() {
    if (fd_ >= 0) ::close(fd_);
  }
  SaslTokenCatcher(const SaslTokenCatcher&) = delete;
  SaslTokenCatcher& operator=(const SaslTokenCatcher&) = delete;

  int port() const { return port_; }

  // Accepts one connection, answers its SaslHandshake and returns the token that follows;
  // "" on timeout or when the client sends anything else.
  std::string token(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return {};
    const int conn = ::accept(fd_, nullptr, nullptr);
    if (conn < 0) return {};
    std::string result;
    std::string request;
    constexpr int16_t kSaslHandshake = 17;
    constexpr int16_t kApiVersions = 18;
    bool ok = read_frame(conn, request, timeout_ms) && request.size() >= 8;
    if (ok && be16(request, 0) == kApiVersions) {
      // v3 body: error 0, api_keys [{17, 0, 0, no tags}], throttle 0, no tags.
      ok = send_frame(conn,
                      request.substr(4, 4) + std::string("\0\0\2\0\21\0\0\0\0\0\0\0\0\0\0", 15)) &&
           read_frame(conn, request, timeout_ms) && request.size() >= 8;
    }
    if (ok && be16(request, 0) == kSaslHandshake &&
        send_frame(conn, request.substr(4, 4) + std::string("\0\0\0\0\0\1\0\5PLAIN", 13))) {
      (void)read_frame(conn, result, timeout_ms);
    }
    ::close(conn);
    return result;
  }

 private:
  static int16_t be16(const std::string& s, size_t at) {
    return static_cast<int16_t>((static_cast<unsigned char>(s[at]) << 8) |
                                static_cast<unsigned char>(s[at + 1]));
  }
  static bool read_exact(int fd, char* p, size_t n, int timeout_ms) {
    while (n > 0) {
      pollfd pf{fd, POLLIN, 0};
      if (::poll(&pf, 1, timeout_ms) != 1) return false;
      const ssize_t got = ::read(fd, p, n);
      if (got <= 0) return false;
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }
  static bool send_frame(int fd, const std::string& payload) {
    const auto size = static_cast<uint32_t>(payload.size());
    std::string frame = {static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                         static_cast<char>(size >> 8), static_cast<char>(size)};
    frame += payload;
    return ::write(fd, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size());
  }
  static bool read_frame(int fd, std::string& out, int timeout_ms) {
    unsigned char h[4];
    if (!read_exact(fd, reinterpret_cast<char*>(h), 4, timeout_ms)) return false;
    const uint32_t size =
        (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | uint32_t{h[3]};
    if (size > 4096) return false;
    out.resize(size);
    return read_exact(fd, out.data(), size, timeout_ms);
  }

  int fd_ = -1;
  int port_ = 0;
};

// The SASL/PLAIN token a producer built from these credentials sends to a broker.
std::string sasl_plain_token(const std::string& username, const std::string& password) {
  SaslTokenCatcher broker;
  EXPECT_GT(broker.port(), 0);
  sink::SinkOptions options;
  options.properties = {
      {"bootstrap.servers", "127.0.0.1:" + std::to_string(broker.port())},
      {"security.protocol", "SASL_PLAINTEXT"},
      {"sasl.mechanisms", "PLAIN"},
      {"sasl.username", username},
      {"sasl.password", password},
      {"api.version.request", "false"},
      {"broker.version.fallback", "0.10.0"},
  };
  auto sink = sink::KafkaSink::create(std::move(options));
  EXPECT_TRUE(sink.ok()) << sink.error().message;
  if (!sink.ok()) return {};
  // A send needs metadata, so the producer connects to the bootstrap broker and authenticates.
  const std::string value = "x";
  sink::OutRecord record;
  record.topic = "articles.canonical";
  record.value = value;
  (void)sink.value()->send(record, 1);
  return broker.token(10000);
}

TEST(SecurityTest, TheSaslPasswordReachesTheWireUnchanged) {
  // Bytes a careless layer might trim, escape or re-encode: inner and trailing spaces, quotes,
  // '=', '%', '\\', UTF-8.
  const std::string password = std::string(kEnvSecret) + " =%\"'\\\u00e9 ";
  EXPECT_EQ(sasl_plain_token("newsdedup-svc", password),
            std::string("\0newsdedup-svc\0", 15) + password);
}

// Not newsdedup's doing (the value is handed to rd_kafka_conf_set as is) but worth pinning: an
// operator whose password starts with whitespace must know that librdkafka 2.0 drops it.
TEST(SecurityTest, LibrdkafkaDropsLeadingWhitespaceOfAPassword) {
  EXPECT_EQ(sasl_plain_token("newsdedup-svc", std::string(" \t") + kEnvSecret),
            std::string("\0newsdedup-svc\0", 15) + kEnvSecret);
}

TEST(SecurityTest, ARejectedSecretPropertyDoesNotEchoItsValue) {
  sink::SinkOptions options;
  options.properties = {{"sasl.oauthbearer.config", kLiteralSecret},
                        {"sasl.oauthbearer.method", kLiteralSecret}};
  auto sink = sink::KafkaSink::create(std::move(options));
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.error().code, ErrorCode::kConfig);
  EXPECT_THAT(sink.error().message, Not(HasSubstr(kLiteralSecret)));
}

}  // namespace
}  // namespace newsdedup
