// soak_driver: writes generated news records (JSONL, ~30% reposts) to stdout at a fixed rate for
// the soak run (scripts/soak.sh pipes it into `kcat -P`). Event time follows the wall clock: the
// first record is published "now" and new stories advance published_at at the real rate, so an
// index with a short event-time TTL reaches a steady state during the run.
//
//   soak_driver --rate R [--seconds S] [--count N] [--seed N] [--size BYTES]
//               [--repost-share F] [--event-rate E] [--input FILE]
//
// With --input FILE it replays that file's lines (made earlier with --rate 0 --count N
// --event-rate R) at --rate instead of generating, so on a busy machine the generator's CPU is
// not needed during the run; the index's TTL counts back from the newest published_at it has
// seen, so only the spacing of event times matters, not their date.
// It stops after --seconds or --count records, whichever comes first. --rate 0 writes as fast as
// it can (the max-throughput probe's backlog); then --event-rate (default 3000) sets how fast
// event time advances per record. At the end it prints
// `records=N seconds=T rate=R max_behind_ms=B` to stderr; a large max_behind_ms means the generator
// (or the pipe) could not keep the schedule.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

#include "support/article_generator.h"

namespace {

using Clock = std::chrono::steady_clock;

int usage(const char* why) {
  std::fprintf(stderr,
               "soak_driver: %s\n"
               "usage: soak_driver --rate R [--seconds S] [--count N] [--seed N] [--size BYTES]\n"
               "                   [--repost-share F] [--event-rate E] [--input FILE]\n",
               why);
  return 64;  // EX_USAGE
}

bool parse_double(const char* s, double& out) {
  char* end = nullptr;
  out = std::strtod(s, &end);
  return end != s && *end == '\0' && out >= 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  double rate = -1;
  double seconds = 60;
  double count = 1e18;
  double event_rate = 3000;
  double seed = 1;
  double size = 4096;
  double repost_share = 0.30;
  const char* input_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage("help"), 0;
    if (i + 1 >= argc) return usage(("missing value for " + std::string(arg)).c_str());
    if (arg == "--input") {
      input_path = argv[++i];
      continue;
    }
    double* target = arg == "--rate"           ? &rate
                     : arg == "--seconds"      ? &seconds
                     : arg == "--count"        ? &count
                     : arg == "--event-rate"   ? &event_rate
                     : arg == "--seed"         ? &seed
                     : arg == "--size"         ? &size
                     : arg == "--repost-share" ? &repost_share
                                               : nullptr;
    if (target == nullptr) return usage(("unknown option " + std::string(arg)).c_str());
    if (!parse_double(argv[++i], *target))
      return usage(("bad value for " + std::string(arg)).c_str());
  }
  if (rate < 0) return usage("--rate is required (0 = as fast as possible)");
  if (repost_share > 0.9 || size < 200 || event_rate <= 0) return usage("value out of range");
  // A closed pipe (kcat gone) ends the run through fwrite's EPIPE instead of a signal.
  std::signal(SIGPIPE, SIG_IGN);

  newsdedup::bench::GeneratorOptions options;
  options.seed = static_cast<uint64_t>(seed);
  options.target_bytes = static_cast<size_t>(size);
  options.repost_share = repost_share;
  options.start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  // New stories (originals and template negatives) are the non-repost share of the records;
  // their mean gap makes event time advance at the wall-clock rate.
  const double records_per_s = rate > 0 ? rate : event_rate;
  options.mean_gap_ms = static_cast<int64_t>(1000.0 / (records_per_s * (1.0 - repost_share)) + 0.5);
  if (options.mean_gap_ms < 1) options.mean_gap_ms = 1;
  newsdedup::bench::ArticleGenerator generator(options);
  FILE* input = nullptr;
  if (input_path != nullptr) {
    input = std::fopen(input_path, "rb");
    if (input == nullptr) {
      std::fprintf(stderr, "soak_driver: %s: %s\n", input_path, std::strerror(errno));
      return 66;  // EX_NOINPUT
    }
  }
  char* line = nullptr;
  size_t line_capacity = 0;

  static char buffer[1 << 20];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  const Clock::time_point start = Clock::now();
  const Clock::time_point end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  newsdedup::bench::GeneratedRecord record;
  uint64_t written = 0;
  double max_behind_ms = 0;  // the largest lag behind the schedule seen
  bool failed = false;
  while (!failed) {
    Clock::time_point now = Clock::now();
    if (now >= end || static_cast<double>(written) >= count) break;
    if (rate > 0) {
      const auto due =
          start + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(static_cast<double>(written) / rate));
      if (due > now) {
        // Ahead of schedule: hand what is buffered to the reader, then wait.
        if (std::fflush(stdout) != 0) break;
        std::this_thread::sleep_until(due);
      } else {
        const double lag = std::chrono::duration<double, std::milli>(now - due).count();
        if (lag > max_behind_ms) max_behind_ms = lag;
      }
    }
    std::string_view out;
    if (input != nullptr) {
      const ssize_t n = getline(&line, &line_capacity, input);
      if (n <= 0) break;  // the file is exhausted
      out = std::string_view(line, static_cast<size_t>(n));
    } else {
      generator.next(record);
      record.json.push_back('\n');
      out = record.json;
    }
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      failed = true;
      break;
    }
    ++written;
  }
  if (std::fflush(stdout) != 0) failed = true;
  std::free(line);
  if (input != nullptr) std::fclose(input);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "records=%llu seconds=%.1f rate=%.1f max_behind_ms=%.0f%s\n",
               static_cast<unsigned long long>(written), elapsed,
               static_cast<double>(written) / elapsed, max_behind_ms,
               failed ? " (output closed early)" : "");
  return failed ? 1 : 0;
}
