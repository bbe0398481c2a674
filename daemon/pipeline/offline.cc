// `newsdedup dedup`: the engine over JSONL files, one record per line, in input order.
// With --threads N > 1, batches of lines are prepared (parse, normalize, fingerprint: the pure
// stages, most of the time) on N threads while the calling thread decides the previous batch in
// input order, so the outputs are byte-identical to --threads 1.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/commands.h"
#include "newsdedup/pipeline/engine.h"
#include "pipeline/chunk_pool_internal.h"
#include "pipeline/json_writer.h"

namespace newsdedup::pipeline {
namespace {

constexpr unsigned kMaxThreads = 64;

struct Options {
  std::string config, input, output, duplicates, decisions;
  bool explain = false;  // add the decision trace to each decision line
  unsigned threads = 1;  // threads that prepare records (the calling thread is one of them)
};

bool parse_threads(const char* text, unsigned& threads) {
  char* end = nullptr;
  errno = 0;
  const unsigned long v = std::strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < 1 || v > kMaxThreads || text[0] == '-') {
    std::fprintf(stderr, "newsdedup dedup: --threads must be 1..%u, not '%s'\n", kMaxThreads, text);
    return false;
  }
  threads = static_cast<unsigned>(v);
  return true;
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--explain") {
      o.explain = true;
      continue;
    }
    if (a == "--threads" && i + 1 < argc) {
      if (!parse_threads(argv[++i], o.threads)) return false;
      continue;
    }
    std::string* slot = nullptr;
    if (a == "--config") slot = &o.config;
    if (a == "--input") slot = &o.input;
    if (a == "--output") slot = &o.output;
    if (a == "--duplicates") slot = &o.duplicates;
    if (a == "--decisions") slot = &o.decisions;
    if (slot == nullptr || i + 1 >= argc) {
      std::fprintf(stderr, "newsdedup dedup: unexpected argument '%s'\n", argv[i]);
      return false;
    }
    *slot = argv[++i];
  }
  return true;
}

// An output file, or stdout for "" / "-"; nullptr-safe writes.
class Output {
 public:
  bool open(const std::string& path, bool default_stdout) {
    if (path.empty() || path == "-") {
      if (default_stdout) f_ = stdout;
      return true;
    }
    f_ = std::fopen(path.c_str(), "wb");
    owned_ = f_ != nullptr;
    if (!f_)
      std::fprintf(stderr, "newsdedup dedup: cannot write %s: %s\n", path.c_str(),
                   std::strerror(errno));
    return f_ != nullptr;
  }
  void line(std::string_view s) {
    if (!f_) return;
    std::fwrite(s.data(), 1, s.size(), f_);
    std::fputc('\n', f_);
  }
  bool close() {
    bool ok = true;
    if (f_) ok = std::fflush(f_) == 0 && !std::ferror(f_);
    if (owned_) ok = std::fclose(f_) == 0 && ok;
    f_ = nullptr;
    return ok;
  }
  bool is_stdout() const { return f_ == stdout; }

 private:
  FILE* f_ = nullptr;
  bool owned_ = false;
};

class Progress {
 public:
  Progress(uint64_t total_bytes) : total_(total_bytes), enabled_(isatty(STDERR_FILENO) == 1) {}
  void update(uint64_t records, uint64_t bytes, double seconds) {
    if (!enabled_ || (records & 1023) != 0) return;
    const double pct =
        total_ ? 100.0 * static_cast<double>(bytes) / static_cast<double>(total_) : 0.0;
    const int filled = static_cast<int>(pct / 5);
    std::fprintf(stderr, "\r[%-20.*s] %5.1f%% %llu records %.0f docs/s", filled,
                 "####################", pct, static_cast<unsigned long long>(records),
                 seconds > 0 ? static_cast<double>(records) / seconds : 0.0);
  }
  void done() {
    if (enabled_) std::fputs("\r\033[K", stderr);
  }

 private:
  uint64_t total_;
  bool enabled_;
};

// A batch of input lines and the pure stages' results for them, position by position.
struct Batch {
  std::vector<std::string> lines;  // '\r' of CRLF input already removed
  std::vector<uint64_t> sizes;     // bytes each line took in the input, newline included
  std::vector<Prepared> prepared;
  size_t count = 0;
};

constexpr size_t kBatchRecords = 256;  // ~10 ms of preparing: wake-ups are noise beside it

// Reads up to kBatchRecords lines into `batch` (reusing its strings' capacity).
void read_batch(std::istream& in, Batch& batch) {
  if (batch.lines.size() < kBatchRecords) {
    batch.lines.resize(kBatchRecords);
    batch.sizes.resize(kBatchRecords);
    batch.prepared.resize(kBatchRecords);
  }
  batch.count = 0;
  while (batch.count < kBatchRecords && std::getline(in, batch.lines[batch.count])) {
    std::string& line = batch.lines[batch.count];
    batch.sizes[batch.count] = line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++batch.count;
  }
}

// Prepares a batch on `workers` threads plus the caller (ChunkPool), a Preparer each. Records
// are prepared with fallback event time 0; the decide loop substitutes the stream time (which
// depends on earlier decisions) for records without a usable published_at.
class PreparePool {
 public:
  PreparePool(const std::shared_ptr<const config::Config>& config, unsigned workers)
      : pool_(workers) {
    for (unsigned i = 0; i <= workers; ++i)
      preparers_.push_back(std::make_unique<Preparer>(config));
  }

  // Hands `batch` to the workers and returns at once. Only after finish() of the previous one.
  void start(Batch& batch) {
    pool_.start(batch.count, [this, &batch](unsigned thread, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        preparers_[thread]->prepare(batch.lines[i], 0, batch.prepared[i]);
      }
    });
  }
  // The caller helps with the started batch, then waits until every record of it is prepared.
  void finish() { pool_.finish(); }

 private:
  ChunkPool pool_;
  std::vector<std::unique_ptr<Preparer>> preparers_;  // [0] belongs to the calling thread
};

}  // namespace

int dedup_command(int argc, char** argv) {
  Options opt;
  if (!parse_options(argc, argv, opt)) return 64;
  config::Config cfg = config::default_config();
  if (!opt.config.empty()) {
    auto loaded = config::load_config_file(opt.config);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      return 78;  // EX_CONFIG
    }
    cfg = std::move(loaded.value());
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  uint64_t total_bytes = 0;
  if (!opt.input.empty() && opt.input != "-") {
    file.open(opt.input, std::ios::binary | std::ios::ate);
    if (!file) {
      std::fprintf(stderr, "newsdedup dedup: cannot read %s: %s\n", opt.input.c_str(),
                   std::strerror(errno));
      return 66;  // EX_NOINPUT
    }
    total_bytes = static_cast<uint64_t>(file.tellg());
    file.seekg(0);
    in = &file;
  }
  Output canon, dups, decisions;
  // stdout carries the canonical records unless --output names a file.
  if (!canon.open(opt.output, true) || !dups.open(opt.duplicates, false) ||
      !decisions.open(opt.decisions, false)) {
    return 73;  // EX_CANTCREAT
  }

  auto shared_cfg = std::make_shared<const config::Config>(std::move(cfg));
  Engine engine(shared_cfg);
  Progress progress(total_bytes);
  std::map<std::string, uint64_t> by_rule;
  std::array<uint64_t, 3> by_verdict{};
  std::map<std::string, uint64_t> by_error;
  std::string out;
  uint64_t records = 0, bytes = 0;
  int64_t stream_time_ms = 0;  // for records without a usable published_at
  const auto start = std::chrono::steady_clock::now();
  // Everything after the decision, identical for both paths: outputs, counts, stream time.
  auto emit = [&](std::string_view line, uint64_t line_bytes, const Decision& d,
                  const decide::DecisionTrace& trace) {
    ++records;
    bytes += line_bytes;
    ++by_verdict[static_cast<size_t>(d.verdict)];
    switch (d.verdict) {
      case Verdict::kCanonical:
        canon.line(line);
        break;
      case Verdict::kDuplicate:
        ++by_rule[rule_name(d.rule)];
        dups.line(line);
        break;
      case Verdict::kInvalid:
        ++by_error[error_code_name(d.error)];
        std::fprintf(stderr, "newsdedup dedup: line %llu: invalid record: %s: %s\n",
                     static_cast<unsigned long long>(records), error_code_name(d.error),
                     d.reason.c_str());
        break;
    }
    out.clear();
    if (d.id.empty()) {
      // A record whose id could not be read is still accounted for: name it by its line.
      Decision named = d;
      named.id = "line:" + std::to_string(records);
      append_decision_json(out, named);
    } else {
      append_decision_json(out, d);
    }
    if (opt.explain) append_trace_json(out, trace);
    decisions.line(out);
    const int64_t published = engine.last_event_ms();
    if (published > stream_time_ms) stream_time_ms = published;
    progress.update(
        records, bytes,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };

  if (opt.threads <= 1) {
    std::string line;
    while (std::getline(*in, line)) {
      const uint64_t line_bytes = line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      decide::DecisionTrace trace;
      const Decision d = engine.process(line, stream_time_ms, &trace);
      emit(line, line_bytes, d, trace);
    }
  } else {
    // Double-buffered: the workers prepare `next` while this thread decides `cur`.
    PreparePool pool(shared_cfg, opt.threads - 1);
    Batch batches[2];
    Batch* cur = &batches[0];
    Batch* next = &batches[1];
    read_batch(*in, *cur);
    if (cur->count > 0) pool.start(*cur);
    while (cur->count > 0) {
      read_batch(*in, *next);
      pool.finish();
      if (next->count > 0) pool.start(*next);
      for (size_t i = 0; i < cur->count; ++i) {
        Prepared& p = cur->prepared[i];
        if (p.status.ok() && p.article.published_at_ms == 0) p.event_ms = stream_time_ms;
        decide::DecisionTrace trace;
        const Decision d = engine.decide(p, &trace);
        emit(cur->lines[i], cur->sizes[i], d, trace);
      }
      std::swap(cur, next);
    }
  }
  progress.done();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Close every output even when an earlier one failed.
  const bool canon_ok = canon.close();
  const bool dups_ok = dups.close();
  const bool decisions_ok = decisions.close();
  const bool ok = canon_ok && dups_ok && decisions_ok;

  std::fprintf(stderr, "newsdedup dedup: %llu records in %.2f s (%.0f docs/s, %.1f MB/s)\n",
               static_cast<unsigned long long>(records), seconds,
               seconds > 0 ? static_cast<double>(records) / seconds : 0.0,
               seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0);
  std::fprintf(stderr, "  canonical  %llu\n  duplicate  %llu\n",
               static_cast<unsigned long long>(by_verdict[0]),
               static_cast<unsigned long long>(by_verdict[1]));
  for (const auto& [rule, n] : by_rule) {
    std::fprintf(stderr, "    %-10s %llu\n", rule.c_str(), static_cast<unsigned long long>(n));
  }
  std::fprintf(stderr, "  invalid    %llu\n", static_cast<unsigned long long>(by_verdict[2]));
  for (const auto& [reason, n] : by_error) {
    std::fprintf(stderr, "    %-14s %llu\n", reason.c_str(), static_cast<unsigned long long>(n));
  }
  const auto& idx = engine.decider().index();
  std::fprintf(stderr, "  index      %zu articles, %.0f bytes/article\n", idx.size(),
               idx.bytes_per_article());
  if (!ok) {
    std::fprintf(stderr, "newsdedup dedup: write error: %s\n", std::strerror(errno));
    return 74;  // EX_IOERR
  }
  return 0;
}

}  // namespace newsdedup::pipeline
