// tests/data/sample_articles.jsonl and its labels agree with each other, with the parser's
// errors and with the engine's decisions (the demo relies on all three).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/model/article.h"
#include "newsdedup/parse/parser.h"
#include "newsdedup/pipeline/engine.h"

namespace newsdedup {
namespace {

struct Label {
  std::string id, expect, cluster, kind;
  int64_t line = 0;
};

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<Label> read_labels() {
  std::vector<Label> labels;
  simdjson::ondemand::parser parser;
  for (const auto& line :
       read_lines(std::string(NEWSDEDUP_TEST_DATA_DIR) + "/sample_articles.labels.jsonl")) {
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    EXPECT_EQ(parser.iterate(padded).get(doc), simdjson::SUCCESS) << line;
    Label l;
    std::string_view s;
    EXPECT_EQ(doc["id"].get_string().get(s), simdjson::SUCCESS) << line;
    l.id = s;
    EXPECT_EQ(doc["expect"].get_string().get(s), simdjson::SUCCESS) << line;
    l.expect = s;
    EXPECT_EQ(doc["cluster"].get_string().get(s), simdjson::SUCCESS) << line;
    l.cluster = s;
    EXPECT_EQ(doc["kind"].get_string().get(s), simdjson::SUCCESS) << line;
    l.kind = s;
    EXPECT_EQ(doc["line"].get_int64().get(l.line), simdjson::SUCCESS) << line;
    labels.push_back(l);
  }
  return labels;
}

std::vector<std::string> read_records() {
  return read_lines(std::string(NEWSDEDUP_TEST_DATA_DIR) + "/sample_articles.jsonl");
}

TEST(SampleDataTest, EveryLineHasOneLabel) {
  const auto records = read_records();
  const auto labels = read_labels();
  ASSERT_EQ(records.size(), 40u);
  ASSERT_EQ(labels.size(), records.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    EXPECT_EQ(labels[i].line, static_cast<int64_t>(i + 1));
    EXPECT_TRUE(labels[i].expect == "canonical" || labels[i].expect == "duplicate" ||
                labels[i].expect == "invalid")
        << labels[i].expect;
  }
}

TEST(SampleDataTest, TheFirstRecordOfEachClusterIsTheCanonical) {
  std::map<std::string, int> seen;
  for (const auto& l : read_labels()) {
    if (l.expect == "invalid") continue;
    EXPECT_EQ(l.expect, seen[l.cluster]++ == 0 ? "canonical" : "duplicate") << l.id;
  }
}

TEST(SampleDataTest, ParserRejectsExactlyTheInvalidLinesWithTheLabelledReason) {
  const auto records = read_records();
  const auto labels = read_labels();
  parse::Parser parser(config::default_config().parse);
  Article article;
  size_t invalid = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const Status s = parser.parse(records[i], article);
    if (labels[i].expect == "invalid") {
      ++invalid;
      ASSERT_FALSE(s.ok()) << labels[i].id;
      EXPECT_EQ(labels[i].kind, std::string("invalid:") + error_code_name(s.error().code));
    } else {
      EXPECT_TRUE(s.ok()) << labels[i].id << ": " << s.error().message;
      EXPECT_EQ(article.id, labels[i].id);
    }
  }
  EXPECT_EQ(invalid, 4u);
}

TEST(SampleDataTest, EngineReachesTheIntendedOutcomeOnEveryLine) {
  const auto records = read_records();
  const auto labels = read_labels();
  pipeline::Engine engine(std::make_shared<const config::Config>(config::default_config()));
  std::map<std::string, std::string> cluster_of;
  for (size_t i = 0; i < records.size(); ++i) {
    const Decision d = engine.process(records[i], 0);
    EXPECT_EQ(verdict_name(d.verdict), labels[i].expect)
        << labels[i].id << " (" << labels[i].kind << ")";
    if (d.verdict == Verdict::kDuplicate) {
      EXPECT_EQ(cluster_of[d.canonical_id], labels[i].cluster)
          << labels[i].id << " matched " << d.canonical_id;
    }
    cluster_of[labels[i].id] = labels[i].cluster;
  }
}

}  // namespace
}  // namespace newsdedup
