#include "support/fingerprint_pool.h"

#include <cstdio>
#include <map>
#include <memory>
#include <utility>

#include <unistd.h>

#include "newsdedup/config/config.h"
#include "newsdedup/pipeline/engine.h"
#include "support/corpus.h"

namespace newsdedup::bench {

const FingerprintPool& fingerprint_pool(size_t target_bytes, size_t count) {
  static std::map<std::pair<size_t, size_t>, std::unique_ptr<FingerprintPool>> cache;
  auto& slot = cache[{target_bytes, count}];
  if (!slot) {
    slot = std::make_unique<FingerprintPool>();
    const Corpus& c = corpus(target_bytes, count);
    pipeline::Preparer preparer(std::make_shared<const config::Config>(config::default_config()));
    pipeline::Prepared prepared;
    for (const auto& r : c.records) {
      preparer.prepare(r.json, 0, prepared);
      if (!prepared.status.ok()) continue;
      slot->fps.push_back(prepared.fingerprint);
      slot->record_bytes.push_back(static_cast<uint32_t>(r.json.size()));
    }
  }
  return *slot;
}

void salted(const Fingerprint& in, uint64_t pass, Fingerprint& out) {
  out = in;
  if (pass == 0) return;
  const uint64_t s64 = (pass + 1) * 0x9e3779b97f4a7c15ull;
  const auto s = static_cast<uint32_t>(s64 >> 32);
  for (auto& v : out.minhash) v ^= s;
  for (auto& v : out.lead) v ^= s;
  out.exact.low ^= s64;
  out.exact.high ^= s64 * 0xff51afd7ed558ccdull;
}

void SaltedStream::next(Fingerprint& fp, std::string& id, uint32_t& record_bytes) {
  salted(pool_.fps[cursor_], pass_, fp);
  char buf[48];
  std::snprintf(buf, sizeof buf, "p%llu-%zu", static_cast<unsigned long long>(pass_), cursor_);
  id = buf;
  record_bytes = pool_.record_bytes[cursor_];
  if (++cursor_ == pool_.fps.size()) {
    cursor_ = 0;
    ++pass_;
  }
}

uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long pages_total = 0, pages_resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &pages_total, &pages_resident);
  std::fclose(f);
  if (n != 2) return 0;
  return pages_resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace newsdedup::bench
