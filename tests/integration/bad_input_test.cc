// Hostile and broken input through `newsdedup run`: every kind of bad record reaches the
// dead-letter topic with its own newsdedup-error, the counts add up (in = canonical +
// duplicate + invalid, one output per input) and the daemon keeps running: a valid record
// sent after the bad ones is still processed. Runs against librdkafka's mock cluster.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "article_generator.h"
#include "kafka_harness.h"

namespace newsdedup::testing {
namespace {

constexpr milliseconds kCollect(60000);
const std::vector<std::string> kOutputs = {kCanonical, kDuplicates, kDeadLetter};

// A producer for records the harness Producer cannot send: headers, a null value and values
// of more than 10 MB (message.max.bytes raised to 16 MB; the mock broker takes them).
class RawProducer {
 public:
  explicit RawProducer(const std::string& bootstrap) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "message.max.bytes", "16777216", err, sizeof err);
    rd_kafka_conf_set(conf, "linger.ms", "5", err, sizeof err);
    rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        static_cast<RawProducer*>(opaque)->failures_.push_back(rd_kafka_err2str(m->err));
      }
    });
    rd_kafka_conf_set_opaque(conf, this);
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    EXPECT_NE(rk_, nullptr) << err;
  }
  ~RawProducer() {
    if (rk_ != nullptr) {
      rd_kafka_flush(rk_, 10000);
      rd_kafka_destroy(rk_);
    }
  }
  // `null_value` sends a record without a value (a tombstone) instead of `value`.
  void send(int32_t partition, const std::string& key, const std::string& value,
            const std::vector<std::pair<std::string, std::string>>& headers = {},
            bool null_value = false) {
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(headers.size());
    for (const auto& [name, v] : headers) {
      rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                          static_cast<ssize_t>(v.size()));
    }
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_, RD_KAFKA_V_TOPIC(kInput), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_VALUE(null_value ? nullptr : const_cast<char*>(value.data()),
                         null_value ? 0 : value.size()),
        RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_headers_destroy(hdrs);
    ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
  }
  void flush() {
    ASSERT_EQ(rd_kafka_flush(rk_, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_TRUE(failures_.empty()) << "test producer: " << failures_.front();
  }

 private:
  rd_kafka_t* rk_ = nullptr;
  std::vector<std::string> failures_;
};

struct BadCase {
  std::string name;   // also the record's key
  std::string value;  // the record's bytes
  std::string error;  // the expected newsdedup-error
  bool null_value = false;
};

std::string nested(size_t depth) {
  return "{\"id\":\"deep\",\"body\":\"text\",\"meta\":" + std::string(depth, '[') +
         std::string(depth, ']') + "}";
}

std::vector<BadCase> bad_cases() {
  using namespace std::string_literals;
  return {
      {"not_json", "this is not json", "malformed_json"},
      {"not_json_brace", "{id: 1, body: two}", "malformed_json"},
      {"truncated_string", R"({"id":"t1","body":"half a sen)", "malformed_json"},
      {"truncated_object", R"({"id":"t2","body":"whole",)", "malformed_json"},
      {"trailing_garbage", R"({"id":"t3","body":"x"} extra)", "malformed_json"},
      {"utf8_cut", "{\"id\":\"u1\",\"body\":\"caf\xC3\"}", "invalid_utf8"},
      {"utf8_overlong", "{\"id\":\"u2\",\"body\":\"\xC0\xAF\"}", "invalid_utf8"},
      {"utf8_surrogate", "{\"id\":\"u3\",\"body\":\"\xED\xA0\x80\"}", "invalid_utf8"},
      {"utf8_in_key", "{\"id\":\"u4\",\"b\xFFody\":\"x\",\"body\":\"y\"}", "invalid_utf8"},
      // JSON forbids raw control characters inside strings; NUL is one.
      {"nul_in_body", "{\"id\":\"z1\",\"body\":\"a\0b\"}"s, "malformed_json"},
      {"nul_after_object", "{\"id\":\"z2\",\"body\":\"ab\"}\0"s, "malformed_json"},
      {"nul_only", "\0"s, "malformed_json"},
      {"missing_id", R"({"body":"no id here"})", "missing_field"},
      {"missing_body", R"({"id":"m2","title":"no body"})", "missing_field"},
      {"null_id", R"({"id":null,"body":"x"})", "missing_field"},
      {"id_number", R"({"id":17,"body":"x"})", "wrong_type"},
      {"body_object", R"({"id":"w2","body":{"text":"x"}})", "wrong_type"},
      {"body_array", R"({"id":"w3","body":["x"]})", "wrong_type"},
      {"body_bool", R"({"id":"w4","body":true})", "wrong_type"},
      {"empty_body", R"({"id":"e1","body":""})", "empty_field"},
      {"empty_id", R"({"id":"","body":"x"})", "empty_field"},
      {"not_an_object", R"(["id","body"])", "not_an_object"},
      {"a_string", R"("id body")", "not_an_object"},
      {"deep_nesting", nested(100000), "too_deep"},
      {"deep_unclosed", "{\"id\":\"d2\",\"body\":\"x\",\"m\":" + std::string(5000, '{'),
       "too_deep"},
      {"duplicate_body", R"({"id":"k1","body":"one","body":"two"})", "duplicate_key"},
      {"duplicate_id", R"({"id":"k2","id":"k3","body":"x"})", "duplicate_key"},
      {"empty_value", "", "malformed_json"},
      {"null_value", "", "malformed_json", true},
  };
}

bool running(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

TEST(BadInputTest, EveryKindOfBadRecordIsDeadLetteredWithItsReasonAndTheDaemonGoesOn) {
  auto cluster = start_cluster();
  ASSERT_TRUE(cluster);
  const std::string dir = scratch_dir();
  const std::vector<BadCase> cases = bad_cases();
  ArticleGenerator gen(41);
  RawProducer producer(cluster->bootstrap());

  // Partition 2: the small bad records in a known order (offset i = cases[i]).
  for (const auto& c : cases) producer.send(2, c.name, c.value, {}, c.null_value);
  // Partition 1: huge headers (1 MB in 16 headers) are not part of the article: a valid record
  // carrying them is processed, a bad one is dead-lettered for its value.
  std::vector<std::pair<std::string, std::string>> huge_headers;
  for (int i = 0; i < 16; ++i) {
    huge_headers.push_back({"x-crawler-" + std::to_string(i), std::string(64 * 1024, 'h')});
  }
  const std::string headed =
      ArticleGenerator::article_json("headed", "Headers", gen.body(50), "wire");
  producer.send(1, "huge_headers_valid", headed, huge_headers);
  producer.send(1, "huge_headers_bad", "{\"id\":\"hh\",\"body\":", huge_headers);
  // Partition 3: a 10 MB body alone (the mock cluster keeps only a few MB per partition, so
  // nothing else is in that partition until it was consumed).
  const std::string huge =
      ArticleGenerator::article_json("huge10", "Big", std::string(10u << 20, 'a'), "wire");
  producer.send(3, "ten_mb", huge);
  producer.flush();

  DaemonProcess daemon(write_config(dir, cluster->bootstrap(), "bad"), dir, "daemon");
  Collector collector(cluster->bootstrap(), kOutputs);
  const size_t first_wave = cases.size() + 3;
  ASSERT_TRUE(collector.collect_until(
      [&](const std::vector<OutputRecord>& r) { return r.size() >= first_wave; }, kCollect))
      << daemon.log();
  ASSERT_TRUE(running(daemon.pid())) << daemon.log();

  // The daemon is still working: valid records after the bad ones are processed as usual.
  // (Not in partition 3: appending there makes the mock cluster drop the 10 MB record's
  // segment, and it answered the daemon's next fetch with "offset out of range".)
  const std::string after2 = ArticleGenerator::article_json("after2", "T", gen.body(40), "wire");
  const std::string after3 = ArticleGenerator::article_json("after3", "T", gen.body(40), "wire");
  producer.send(2, "after2", after2);
  producer.send(0, "after3", after3);
  producer.flush();
  const size_t total = first_wave + 2;
  ASSERT_TRUE(collector.collect_until(
      [&](const std::vector<OutputRecord>& r) { return r.size() >= total; }, kCollect))
      << daemon.log();
  ASSERT_TRUE(running(daemon.pid())) << daemon.log();
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  collector.drain();

  // One output per input, located by its newsdedup-source header.
  std::map<std::pair<int32_t, int64_t>, const OutputRecord*> by_source;
  for (const auto& r : collector.records()) {
    EXPECT_TRUE(by_source.emplace(std::make_pair(r.source_partition, r.source_offset), &r).second)
        << "published twice: " << r.headers.at("newsdedup-source");
  }
  ASSERT_EQ(collector.records().size(), total);
  size_t canonical = 0, invalid = 0;
  for (const auto& r : collector.records()) {
    if (r.topic == kCanonical) ++canonical;
    if (r.topic == kDeadLetter) ++invalid;
  }

  for (size_t i = 0; i < cases.size(); ++i) {
    const auto it = by_source.find({2, static_cast<int64_t>(i)});
    ASSERT_NE(it, by_source.end()) << cases[i].name << " lost";
    const OutputRecord& out = *it->second;
    EXPECT_EQ(out.topic, kDeadLetter) << cases[i].name;
    EXPECT_EQ(out.key, cases[i].name);
    EXPECT_EQ(out.value, cases[i].value) << cases[i].name;  // the bytes as they came
    EXPECT_EQ(out.headers.at("newsdedup-verdict"), "invalid") << cases[i].name;
    EXPECT_EQ(out.headers.at("newsdedup-error"), cases[i].error)
        << cases[i].name << ": " << out.headers.at("newsdedup-reason");
    EXPECT_FALSE(out.headers.at("newsdedup-reason").empty()) << cases[i].name;
  }
  const OutputRecord& after_2 = *by_source.at({2, static_cast<int64_t>(cases.size())});
  EXPECT_EQ(after_2.topic, kCanonical);
  EXPECT_EQ(after_2.value, after2);

  // Input headers are not republished; the valid record with huge headers is a canonical.
  const OutputRecord& headed_out = *by_source.at({1, 0});
  EXPECT_EQ(headed_out.topic, kCanonical);
  EXPECT_EQ(headed_out.value, headed);
  EXPECT_FALSE(headed_out.headers.contains("x-crawler-0"));
  const OutputRecord& headed_bad = *by_source.at({1, 1});
  EXPECT_EQ(headed_bad.topic, kDeadLetter);
  EXPECT_EQ(headed_bad.headers.at("newsdedup-error"), "malformed_json");
  EXPECT_FALSE(headed_bad.headers.contains("x-crawler-0"));

  // The 10 MB record exceeds parse.max_record_bytes (8 MiB) and the daemon's producer limit:
  // it is reported as too_large, without its value.
  const OutputRecord& big = *by_source.at({3, 0});
  EXPECT_EQ(big.topic, kDeadLetter);
  EXPECT_EQ(big.key, "ten_mb");
  EXPECT_EQ(big.headers.at("newsdedup-error"), "too_large") << big.headers.at("newsdedup-reason");
  EXPECT_TRUE(big.value.empty());
  const OutputRecord& after_3 = *by_source.at({0, 0});
  EXPECT_EQ(after_3.topic, kCanonical);
  EXPECT_EQ(after_3.value, after3);

  // The summary accounts for every record, and matches the output topics.
  EXPECT_EQ(canonical, 3u);
  EXPECT_EQ(invalid, cases.size() + 2);
  EXPECT_EQ(daemon.summary("in"), static_cast<int64_t>(total));
  EXPECT_EQ(daemon.summary("in"),
            daemon.summary("canonical") + daemon.summary("duplicate") + daemon.summary("invalid"));
  EXPECT_EQ(daemon.summary("canonical"), static_cast<int64_t>(canonical));
  EXPECT_EQ(daemon.summary("invalid"), static_cast<int64_t>(invalid));
  EXPECT_EQ(daemon.summary("in_flight"), 0);
}

}  // namespace
}  // namespace newsdedup::testing
