#include "pipeline/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace newsdedup::pipeline {
namespace {

std::string line(const Decision& d) {
  std::string out;
  append_decision_json(out, d);
  return out;
}

// (The ids are moved in: assigning a literal trips GCC 12's false -Wrestrict at -O2.)
Decision duplicate(double similarity) {
  Decision d;
  d.verdict = Verdict::kDuplicate;
  d.rule = Rule::kNear;
  d.similarity = similarity;
  d.id = std::string(1, 'b');
  d.canonical_id = std::string(1, 'a');
  return d;
}

TEST(JsonWriterTest, DecisionLinesHaveEveryFieldAndNullsWhereTheyDoNotApply) {
  Decision canonical;
  canonical.id = std::string("x\"1");
  EXPECT_EQ(line(canonical),
            R"({"id":"x\"1","verdict":"canonical","canonical_id":null,"similarity":null,)"
            R"("rule":null,"reason":null})");
  EXPECT_EQ(line(duplicate(0.87654)),
            R"({"id":"b","verdict":"duplicate","canonical_id":"a","similarity":0.8765,)"
            R"("rule":"near","reason":null})");
}

// The similarity has printf's "%.4f" digits (the format dedup-score and earlier releases'
// decision files have): rounding at the fifth digit, ties as the binary value falls.
TEST(JsonWriterTest, SimilarityIsPrintedAsPercentPointFourF) {
  for (const double s : {0.0, 1.0, 0.5, 0.99995, 0.00005, 0.12345, 0.87655, 0.3333333333, 2.0 / 3.0,
                         0.999949999, 1e-9, 0.1}) {
    char expected[32];
    std::snprintf(expected, sizeof(expected), "%.4f", s);
    const std::string l = line(duplicate(s));
    EXPECT_NE(l.find(std::string("\"similarity\":") + expected + ","), std::string::npos)
        << s << " -> " << l;
  }
  for (int i = 0; i <= 100000; ++i) {  // every value the estimate rounds to, and between them
    const double s = i / 100000.0;
    char expected[32];
    std::snprintf(expected, sizeof(expected), "%.4f", s);
    const std::string l = line(duplicate(s));
    ASSERT_NE(l.find(std::string("\"similarity\":") + expected + ","), std::string::npos)
        << s << " -> " << l;
  }
}

}  // namespace
}  // namespace newsdedup::pipeline
