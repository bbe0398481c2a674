// `newsdedup dedup` (pipeline::dedup_command) on a generated JSONL file: --threads N writes the
// same bytes as --threads 1 (canonical, duplicate and decision files), across many batches,
// with invalid lines, CRLF lines and records without published_at (whose event time is the
// stream time, which depends on earlier decisions; the index today keys entries by the
// largest event time seen, so a wrong fallback would not show in the outputs yet). The
// articles are invented words.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "integration/article_generator.h"
#include "newsdedup/pipeline/commands.h"

namespace newsdedup::pipeline {
namespace {

struct Outputs {
  std::string canonical, duplicates, decisions;
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

int run_dedup(std::vector<std::string> args) {
  args.insert(args.begin(), "dedup");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return dedup_command(static_cast<int>(args.size()), argv.data());
}

Outputs run_with_threads(const std::string& input, const std::string& threads) {
  const std::string dir = ::testing::TempDir() + "offline_test_" + threads;
  Outputs paths{dir + ".canonical.jsonl", dir + ".duplicates.jsonl", dir + ".decisions.jsonl"};
  EXPECT_EQ(
      run_dedup({"--input", input, "--output", paths.canonical, "--duplicates", paths.duplicates,
                 "--decisions", paths.decisions, "--threads", threads, "--explain"}),
      0);
  Outputs out{read_file(paths.canonical), read_file(paths.duplicates), read_file(paths.decisions)};
  std::remove(paths.canonical.c_str());
  std::remove(paths.duplicates.c_str());
  std::remove(paths.decisions.c_str());
  return out;
}

std::string record(const std::string& id, const std::string& body, int day, bool dated) {
  std::string r = R"({"id":")" + id + R"(","title":"T )" + id + R"(","body":")" + body + '"';
  if (dated) {
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "2026-11-%02dT%02d:00:00Z", 1 + day % 5, day % 24);
    r += R"(,"published_at":")" + std::string(stamp) + '"';
  }
  return r + "}";
}

// (Not "o" + std::to_string(i): GCC 12 reports a false -Wrestrict for it at -O2.)
std::string id_of(char prefix, size_t i) {
  std::string id(1, prefix);
  id += std::to_string(i);
  return id;
}

struct Input {
  std::string path;
  size_t lines = 0;
  size_t reposts = 0;
  size_t invalid = 0;
};

// 1,300 originals (every 7th from the 4th without published_at, event times going back and forth
// within five days, less than the 7-day TTL, so that every repost finds its original), an exact
// repost of every 5th one 40 lines later (every 3rd repost undated), an invalid line every 97 lines
// and CRLF endings on every 11th line: more than five 256-record batches.
Input write_input() {
  Input in;
  in.path = ::testing::TempDir() + "offline_test_input.jsonl";
  std::ofstream f(in.path, std::ios::binary);
  newsdedup::testing::ArticleGenerator gen(7);
  std::vector<std::string> bodies;
  std::vector<std::pair<size_t, std::string>> pending;  // (line to write at, record)
  for (size_t i = 0; i < 1300; ++i) {
    bodies.push_back(gen.body(60 + (i * 37) % 400));
    std::vector<std::string> now;
    now.push_back(record(id_of('o', i), bodies.back(), static_cast<int>(i % 50), i % 7 != 3));
    if (i % 5 == 0) {
      pending.emplace_back(in.lines + 40, record(id_of('r', i), bodies.back(),
                                                 static_cast<int>(i % 50) + 1, (i / 5) % 3 != 0));
      ++in.reposts;
    }
    while (!pending.empty() && pending.front().first <= in.lines) {
      now.push_back(pending.front().second);
      pending.erase(pending.begin());
    }
    for (const auto& line : now) {
      ++in.lines;
      if (in.lines % 97 == 0) {
        f << "{\"id\":\"bad" << in.lines << "\",\"body\":42}\n";
        ++in.invalid;
        ++in.lines;
      }
      f << line << (in.lines % 11 == 0 ? "\r\n" : "\n");
    }
  }
  for (const auto& p : pending) {
    f << p.second << '\n';
    ++in.lines;
  }
  return in;
}

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(OfflineTest, ThreadsWriteTheSameBytesAsOneThread) {
  const Input in = write_input();
  const Outputs one = run_with_threads(in.path, "1");
  // The single-threaded run itself: one decision per line, each exact repost a duplicate.
  ASSERT_EQ(count_lines(one.decisions), in.lines);
  EXPECT_EQ(count_lines(one.canonical) + count_lines(one.duplicates) + in.invalid, in.lines);
  EXPECT_EQ(count_lines(one.duplicates), in.reposts);
  EXPECT_NE(one.decisions.find(R"("id":"r5","verdict":"duplicate","canonical_id":"o5")"),
            std::string::npos);
  EXPECT_EQ(one.canonical.find('\r'), std::string::npos) << "CR of CRLF lines is dropped";
  for (const char* threads : {"2", "3", "8"}) {
    SCOPED_TRACE(threads);
    const Outputs many = run_with_threads(in.path, threads);
    EXPECT_EQ(many.canonical, one.canonical);
    EXPECT_EQ(many.duplicates, one.duplicates);
    EXPECT_EQ(many.decisions, one.decisions);
  }
  std::remove(in.path.c_str());
}

TEST(OfflineTest, ThreadsOutsideOneToSixtyFourAreAUsageError) {
  for (const char* bad : {"0", "65", "-1", "two", ""}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(run_dedup({"--input", "/dev/null", "--output", "/dev/null", "--decisions",
                         "/dev/null", "--threads", bad}),
              64);
  }
}

TEST(OfflineTest, EmptyInputWithThreadsWritesNothing) {
  const std::string dec = ::testing::TempDir() + "offline_test_empty.decisions.jsonl";
  EXPECT_EQ(run_dedup({"--input", "/dev/null", "--output", "/dev/null", "--decisions", dec,
                       "--threads", "2"}),
            0);
  EXPECT_EQ(read_file(dec), "");
  std::remove(dec.c_str());
}

}  // namespace
}  // namespace newsdedup::pipeline
