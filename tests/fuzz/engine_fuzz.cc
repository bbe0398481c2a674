// Fuzz target: one untrusted record through parse -> normalize -> fingerprint -> decide with the
// default config (pipeline::Engine), the path every Kafka record takes. Checked invariants:
// every record gets exactly one verdict; invalid records carry a non-ok error code and a reason;
// valid records carry their id; the pure stages are deterministic; and the same bytes decided
// again are a duplicate of the first copy's cluster.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_check.h"
#include "newsdedup/config/config.h"
#include "newsdedup/parse/parser.h"
#include "newsdedup/pipeline/engine.h"

namespace newsdedup::fuzz {
namespace {

// An article already in the index, so that fuzzed fingerprints also go through candidate
// lookup and the near / contained / update rules, not only into an empty index.
constexpr std::string_view kResidentTime = "2025-06-03T09:00:00Z";
constexpr std::string_view kResident =
    R"({"id":"resident-1","published_at":"2025-06-03T09:00:00Z","body":"OSLO, June 3 (Agency) - )"
    R"(The Oslo harbour authority said on Tuesday it would spend 450 million crowns on new )"
    R"(quays by 2027, after cargo volumes rose 12 percent last year. Mayor Anne Lind said the )"
    R"(work starts in the autumn."})";

bool valid_verdict(Verdict v) {
  return v == Verdict::kCanonical || v == Verdict::kDuplicate || v == Verdict::kInvalid;
}

void check_decision(const Decision& d) {
  FUZZ_CHECK(valid_verdict(d.verdict));
  if (d.verdict == Verdict::kInvalid) {
    FUZZ_CHECK(d.error != ErrorCode::kOk);
    FUZZ_CHECK(d.error != ErrorCode::kInternal);  // never caused by input
    FUZZ_CHECK(!d.reason.empty());
    FUZZ_CHECK(d.rule == Rule::kNone);
    return;
  }
  FUZZ_CHECK(d.error == ErrorCode::kOk);
  FUZZ_CHECK(!d.id.empty());  // id is a required, non-empty field
  if (d.verdict == Verdict::kCanonical) {
    FUZZ_CHECK(d.rule == Rule::kNone);
    FUZZ_CHECK(d.canonical_id.empty());
  } else {
    FUZZ_CHECK(d.rule != Rule::kNone);
    FUZZ_CHECK(!d.canonical_id.empty());
    FUZZ_CHECK(d.similarity >= 0.0 && d.similarity <= 1.0);
  }
}

bool same_fingerprint(const Fingerprint& a, const Fingerprint& b) {
  return a.exact == b.exact && a.minhash == b.minhash && a.lead == b.lead &&
         a.numbers == b.numbers && a.names == b.names && a.place == b.place && a.day == b.day &&
         a.shingles == b.shingles && a.tokens == b.tokens && a.numeric_tokens == b.numeric_tokens;
}

}  // namespace
}  // namespace newsdedup::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsdedup;
  using newsdedup::fuzz::check_decision;
  static const auto config = std::make_shared<const config::Config>(config::default_config());
  static const int64_t ttl_ms = static_cast<int64_t>(config->index.ttl_seconds) * 1000;
  // One Preparer for the whole run: its buffers are reused across records, as in the daemon.
  static pipeline::Preparer preparer(config);
  // Records without a usable published_at get the resident's time, as Kafka time would be.
  static const int64_t resident_ms = [] {
    int64_t ms = 0;
    FUZZ_CHECK(parse::parse_rfc3339_ms(fuzz::kResidentTime, ms));
    return ms;
  }();
  const std::string_view record(reinterpret_cast<const char*>(data), size);

  // Prepared once: MinHash of the resident would otherwise take half of every execution.
  static pipeline::Prepared resident = [] {
    pipeline::Prepared p;
    preparer.prepare(fuzz::kResident, 0, p);
    FUZZ_CHECK(p.status.ok());
    return p;
  }();

  pipeline::Engine engine(config);  // fresh index per input: a crash replays from one file
  FUZZ_CHECK(engine.decide(resident).verdict == Verdict::kCanonical);

  pipeline::Prepared first;
  preparer.prepare(record, resident_ms, first);
  const Decision d1 = engine.decide(first);
  check_decision(d1);
  FUZZ_CHECK((d1.verdict == Verdict::kInvalid) == !first.status.ok());

  // The same bytes again: the pure stages must give the same result.
  pipeline::Prepared again;
  preparer.prepare(record, resident_ms, again);
  FUZZ_CHECK(again.status.ok() == first.status.ok());
  if (!first.status.ok()) {
    FUZZ_CHECK(again.status.error().code == first.status.error().code);
    FUZZ_CHECK(again.status.error().message == first.status.error().message);
  } else {
    FUZZ_CHECK(fuzz::same_fingerprint(again.fingerprint, first.fingerprint));
    FUZZ_CHECK(again.event_ms == first.event_ms);
    FUZZ_CHECK(first.fingerprint.minhash.size() == config->fingerprint.permutations);
    FUZZ_CHECK(first.fingerprint.lead.size() == config->fingerprint.lead_permutations);
    FUZZ_CHECK(first.fingerprint.numeric_tokens <= first.fingerprint.tokens);
  }

  // ... and deciding them again makes a duplicate of the first copy's cluster, unless it had
  // no text left or is older than the resident by more than the TTL (index expiry is by event
  // time: such a record leaves the index at once, so its copy cannot find it).
  const Decision d2 = engine.decide(again);
  check_decision(d2);
  if (d1.verdict == Verdict::kInvalid) {
    FUZZ_CHECK(d2.verdict == Verdict::kInvalid);
    FUZZ_CHECK(d2.error == d1.error);
  } else if (first.fingerprint.tokens > 0 && first.event_ms >= resident_ms - ttl_ms) {
    const std::string& root = d1.verdict == Verdict::kCanonical ? d1.id : d1.canonical_id;
    FUZZ_CHECK(d2.verdict == Verdict::kDuplicate);
    FUZZ_CHECK(d2.canonical_id == root);
    FUZZ_CHECK(d2.cluster == d1.cluster);
  }
  return 0;
}
