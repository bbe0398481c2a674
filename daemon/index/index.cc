// LSH index. Band keys hash `rows` consecutive signature values together with the band number,
// so one hash table serves every band of both signatures. An entry is a fixed-size Record, its
// ids and fact hashes in a FIFO arena and its compact signatures in per-slot rows; the
// layout and the figures behind it are in daemon/index/README.md.
#include "newsdedup/index/index.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>

#include "newsdedup/fingerprint/fingerprinter.h"
#include "simd/bytes_internal.h"

namespace newsdedup::index {

namespace {

// b-bit MinHash. The body signature keeps 8 bits per value, taken from a multiplicative mix
// (not the low bits, so values that differ only in their low byte still differ): two different
// minima agree with probability 2^-8, and similarity() removes that bias from the estimate.
// Its bands hash 4 such values (32 bits). The lead signature keeps 16 bits: its bands have
// only 2 rows, and 2 x 8 bits would let unrelated leads meet once in 65,536 per band.
inline uint8_t compact8(uint32_t v) { return static_cast<uint8_t>((v * 0x9E3779B1u) >> 24); }
inline uint16_t compact16(uint32_t v) { return static_cast<uint16_t>(v); }

// Whether a band's `n` bytes are equal in two signatures. The default band (4 rows of 8 bits)
// is one 32-bit compare, where a memcmp of a run-time length is a library call per tag hit.
inline bool same_rows(const uint8_t* a, const uint8_t* b, size_t n) {
  if (n != 4) return std::memcmp(a, b, n) == 0;
  uint32_t x, y;
  std::memcpy(&x, a, 4);
  std::memcpy(&y, b, 4);
  return x == y;
}

// The hash of one band's bytes; `kind` (1 body, 2 lead) and `band` name the band. Only the
// band table sees it (rebuilt from the signatures, never stored), so it may change freely.
// The default bands are 4 bytes (4 x 8-bit body rows, 2 x 16-bit lead rows): those go with
// kind and band through one 64-bit bijective mix (murmur3's finalizer), about half the work
// of the general hash, which runs three times per band and record (lookup, insert, eviction).
inline uint64_t band_hash(const void* bytes, size_t n, uint32_t kind, uint32_t band) {
  if (n != 4) return XXH3_64bits_withSeed(bytes, n, uint64_t{kind} << 32 | band);
  uint32_t v;
  std::memcpy(&v, bytes, 4);
  // Distinct for distinct (kind, band, bytes) while band < 2^30 (a config holds at most 1,024).
  uint64_t x = uint64_t{band} << 34 | uint64_t{kind} << 32 | v;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

// P(equal 8-bit values) = J + (1 - J) / 256, so J = (P - 1/256) / (1 - 1/256).
constexpr double kChance = 1.0 / 256.0;

// Jaccard similarity from `same` equal values of `k` compact ones.
double estimate(size_t same, size_t k) {
  if (k == 0) return 0.0;
  const double p = static_cast<double>(same) / static_cast<double>(k);
  return std::max(0.0, (p - kChance) / (1.0 - kChance));
}

// How many of the first k bytes of a and b are equal, 16 per step.
size_t equal_bytes(const uint8_t* a, const uint8_t* b, size_t k) {
  size_t same = 0, i = 0;
#if defined(__SSE2__)
  same = simd::count_in_blocks(k, i, [&](size_t at) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + at)),
                          _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at)));
  });
#endif
  for (; i < k; ++i) same += a[i] == b[i];
  return same;
}

// Appends the compact form of a sorted, unique fact set to `out` (resized to `at` first);
// returns its length. compact_fact is monotone: the result is sorted, only adjacent repeats
// need dropping.
size_t compact_facts(const std::vector<uint32_t>& in, std::vector<uint16_t>& out, size_t at) {
  out.resize(at);
  for (const uint32_t v : in) {
    const uint16_t x = fingerprint::compact_fact(v);
    if (out.size() == at || out.back() != x) out.push_back(x);
  }
  return out.size() - at;
}

}  // namespace

Index::Index(const config::IndexConfig& config, uint32_t permutations, uint32_t lead_permutations,
             size_t small_band_slots, size_t first_band_slots)
    : config_(config),
      permutations_(permutations),
      lead_permutations_(lead_permutations),
      rows_(config.bands ? std::max<uint32_t>(1, permutations / config.bands) : 1),
      lead_rows_(config.lead_bands ? std::max<uint32_t>(1, lead_permutations / config.lead_bands)
                                   : 1),
      bands_(small_band_slots, first_band_slots),
      sigs_(permutations),
      leads_(lead_permutations) {}

void Index::update_live(const config::IndexConfig& config) {
  config_.ttl_seconds = config.ttl_seconds;
  config_.max_articles = config.max_articles;
  config_.index_duplicates = config.index_duplicates;
  config_.max_candidates = config.max_candidates;
}

uint32_t Index::hash_bands(const uint8_t* sig, const uint16_t* lead,
                           std::vector<uint64_t>& out) const {
  const bool body = sig != nullptr && permutations_ >= config_.bands * rows_;
  const bool lead_bands = lead != nullptr && lead_permutations_ >= config_.lead_bands * lead_rows_;
  const uint32_t n_body = body ? config_.bands : 0;
  const uint32_t n = n_body + (lead_bands ? config_.lead_bands : 0);
  out.resize(n);
  uint64_t* h = out.data();
  for (uint32_t b = 0; b < n_body; ++b) {
    h[b] = band_hash(sig + static_cast<size_t>(b) * rows_, rows_, 1, b);
  }
  for (uint32_t b = n_body; b < n; ++b) {
    h[b] = band_hash(lead + static_cast<size_t>(b - n_body) * lead_rows_,
                     lead_rows_ * sizeof(uint16_t), 2, b - n_body);
  }
  return n_body;
}

template <class F>
void Index::probe_bands(const std::vector<uint64_t>& hashes, uint32_t n_body,
                        const BandTable& table, F&& f, const BandTable* other) const {
  const uint64_t* h = hashes.data();
  const auto n = static_cast<uint32_t>(hashes.size());
  for (uint32_t b = 0; b < n; ++b) table.prefetch(h[b]);
  if (other != nullptr) {
    for (uint32_t b = 0; b < n; ++b) other->prefetch(h[b]);
  }
  for (uint32_t b = 0; b < n_body; ++b) f(h[b], false, b);
  for (uint32_t b = n_body; b < n; ++b) f(h[b], true, b - n_body);
}

template <class F>
void Index::for_each_band(const uint8_t* sig, const uint16_t* lead, const BandTable& table, F&& f,
                          const BandTable* other) const {
  const uint32_t n_body = hash_bands(sig, lead, band_hashes_);
  probe_bands(band_hashes_, n_body, table, std::forward<F>(f), other);
}

size_t Index::band_count(uint8_t flags) const {
  size_t n = 0;
  if ((flags & kBandedSig) && permutations_ >= config_.bands * rows_) n += config_.bands;
  if ((flags & kBandedLead) && lead_permutations_ >= config_.lead_bands * lead_rows_) {
    n += config_.lead_bands;
  }
  return n;
}

void Index::rebuild_bands(size_t extra, size_t id_limit) {
  old_bands_.reset();  // every live entry is re-inserted below: a move in progress is moot
  bands_.rebuild(live_bands_ + extra, static_cast<uint32_t>(std::max(id_limit, records_.size())));
  for (EntryId e = 0; e < records_.size(); ++e) {
    Record& r = records_[e];
    if (!(r.flags & kLive)) continue;
    r.flags &= ~kInNew;
    for_each_band((r.flags & kBandedSig) ? sig_of(e) : nullptr,
                  (r.flags & kBandedLead) ? lead_of(e) : nullptr, bands_,
                  [&](uint64_t h, bool, uint32_t) { bands_.insert(h, e); });
  }
  ++band_rebuilds_;
}

void Index::start_band_move(size_t extra) {
  move_bands(records_.size());  // finish a move still in progress (rare: ids outgrew the tag)
  BandTable next = bands_.successor(live_bands_ + extra, static_cast<uint32_t>(records_.size()));
  old_bands_.emplace(std::move(bands_));
  bands_ = std::move(next);
  move_next_ = 0;
  ++band_rebuilds_;
}

void Index::move_bands(size_t entries) {
  // Finishing a move (all entries) does the page work at once too.
  const size_t page_step = entries >= records_.size() ? SIZE_MAX : kPageStep;
  if (retired_bands_ && retired_bands_->release(page_step)) retired_bands_.reset();
  if (!old_bands_) return;
  // No entry moves before the new table is resident: each moved entry writes 40 random slots,
  // and on fresh pages nearly every one of them was a page fault.
  if (!bands_.populate(page_step)) return;
  for (; move_next_ < records_.size() && entries > 0; ++move_next_, --entries) {
    Record& r = records_[move_next_];
    if (r.flags & kInNew) {  // inserted into the new table already
      r.flags &= ~kInNew;
      continue;
    }
    if (!(r.flags & kLive)) continue;
    const EntryId e = move_next_;
    // Its slots stay in the old table (dropped whole at the end); lookups skip them there.
    for_each_band((r.flags & kBandedSig) ? sig_of(e) : nullptr,
                  (r.flags & kBandedLead) ? lead_of(e) : nullptr, bands_,
                  [&](uint64_t h, bool, uint32_t) { bands_.insert(h, e); });
  }
  if (move_next_ >= records_.size()) {
    retired_bands_ = std::move(old_bands_);
    old_bands_.reset();
  }
}

void Index::reserve(size_t articles) {
  articles = std::min<size_t>(articles, config_.max_articles);
  if (articles <= live_count_) return;
  const size_t per_article = config_.bands + config_.lead_bands;
  const size_t want = articles * per_article;
  if (want <= live_bands_) return;
  // Only when the table would have to grow on the way: rebuilding costs one re-hash of
  // every live band.
  if (live_bands_ + (articles - live_count_) * per_article <= bands_.capacity() * 3 / 4) return;
  rebuild_bands(want - live_bands_, articles);
}

void Index::fit() {
  // Less than a third full: an over-estimate in reserve(), or most entries expired. Never
  // below the first table's size: a fresh index restored from nothing keeps its head start.
  if (live_bands_ * 3 < bands_.capacity() &&
      bands_.capacity() > std::max<size_t>(4096, bands_.min_capacity())) {
    rebuild_bands(0);
  }
}

EntryView Index::entry(EntryId e) const {
  const Record& r = records_[e];
  const unsigned char* p = data_.at(r.data);
  const auto* numbers = reinterpret_cast<const uint16_t*>(p);
  const uint16_t* names = numbers + r.n_numbers;
  const auto* id = reinterpret_cast<const char*>(names + r.n_names);
  EntryView v;
  v.id = std::string_view(id, r.id_len);
  v.root = r.root;
  v.root_id = (r.flags & kOwnRoot) ? v.id : std::string_view(id + r.id_len, r.root_len);
  v.event_ms = r.event_ms;
  v.source = r.source;
  v.fp.exact = r.exact;
  v.fp.numbers = std::span<const uint16_t>(numbers, r.n_numbers);
  v.fp.names = std::span<const uint16_t>(names, r.n_names);
  v.fp.place = r.place;
  v.fp.day = r.day;
  v.fp.shingles = r.shingles;
  v.fp.tokens = r.tokens;
  v.fp.numeric_tokens = r.numeric_tokens;
  v.live = (r.flags & kLive) != 0;
  return v;
}

double Index::similarity(const Fingerprint& fp, EntryId e) const {
  const size_t k = std::min<size_t>(fp.minhash.size(), permutations_);
  std::vector<uint8_t> query(k);  // off the hot path: the decider asks candidate_similarity()
  std::transform(fp.minhash.begin(), fp.minhash.begin() + static_cast<std::ptrdiff_t>(k),
                 query.begin(), compact8);
  return estimate(equal_bytes(query.data(), sig_of(e), k), k);
}

double Index::candidate_similarity(EntryId e) const {
  const size_t k = std::min<size_t>(query_sig_.size(), permutations_);
  return estimate(equal_bytes(query_sig_.data(), sig_of(e), k), k);
}

std::optional<EntryId> Index::find_exact(const Hash128& h) const {
  return exact_.find(h.low, [&](uint32_t e) { return records_[e].exact == h; });
}

void Index::candidates(const Fingerprint& fp, std::vector<EntryId>& out) {
  out.clear();
  hits_scratch_.clear();
  query_sig_.resize(fp.minhash.size());
  std::transform(fp.minhash.begin(), fp.minhash.end(), query_sig_.begin(), compact8);
  query_lead_.resize(fp.lead.size());
  std::transform(fp.lead.begin(), fp.lead.end(), query_lead_.begin(), compact16);
  const bool full_sig = fp.minhash.size() >= permutations_;
  const bool full_lead = fp.lead.size() >= lead_permutations_;
  query_exact_ = fp.exact;
  query_body_bands_ = hash_bands(full_sig ? query_sig_.data() : nullptr,
                                 full_lead ? query_lead_.data() : nullptr, query_hashes_);
  // A tag hit is a candidate when the band's rows are equal in the stored signature (the key
  // is not stored); that also drops tag collisions.
  probe_bands(
      query_hashes_, query_body_bands_, bands_,
      [&](uint64_t h, bool lead, uint32_t b) {
        auto hit = [&](uint32_t e) {
          const bool same =
              lead ? (records_[e].flags & kBandedLead) &&
                         std::equal(query_lead_.data() + b * lead_rows_,
                                    query_lead_.data() + (b + 1) * lead_rows_,
                                    lead_of(e) + b * lead_rows_)
                   : (records_[e].flags & kBandedSig) &&
                         same_rows(query_sig_.data() + b * rows_, sig_of(e) + b * rows_, rows_);
          if (same) hits_scratch_.push_back(e);
        };
        bands_.for_each(h, hit);
        // Moved entries keep stale slots in the old table: counted once, in the new.
        if (old_bands_) {
          old_bands_->for_each(h, [&](uint32_t e) {
            if (!in_new_bands(e)) hit(e);
          });
        }
      },
      old_bands_ ? &*old_bands_ : nullptr);
  if (hits_scratch_.empty()) return;
  std::sort(hits_scratch_.begin(), hits_scratch_.end());
  // (hits, entry) pairs, most hits first.
  auto& counted = counted_scratch_;
  counted.clear();
  for (size_t i = 0; i < hits_scratch_.size();) {
    size_t j = i;
    while (j < hits_scratch_.size() && hits_scratch_[j] == hits_scratch_[i]) ++j;
    counted.emplace_back(static_cast<uint32_t>(j - i), hits_scratch_[i]);
    i = j;
  }
  // Most hits first, ties by entry: the order a stable sort by hits keeps (hits_scratch_ is
  // sorted by entry), without the buffer std::stable_sort allocates on every call.
  std::sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const size_t cap = std::min<size_t>(counted.size(), config_.max_candidates);
  for (size_t i = 0; i < cap; ++i) out.push_back(counted[i].second);
}

EntryId Index::insert(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                      std::optional<EntryId> root, std::string_view root_id, uint64_t source) {
  return add(id, fp, event_ms, root, root_id, source, false);
}

EntryId Index::insert_queried(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                              std::optional<EntryId> root, std::string_view root_id,
                              uint64_t source) {
  assert(fp.exact == query_exact_ && "insert_queried() takes the last candidates() query");
  return add(id, fp, event_ms, root, root_id, source, true);
}

EntryId Index::add(std::string_view id, const Fingerprint& fp, int64_t event_ms,
                   std::optional<EntryId> root, std::string_view root_id, uint64_t source,
                   bool queried) {
  EntryId e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
  } else {
    e = static_cast<EntryId>(records_.size());
    records_.add_row();
    sigs_.add_row();
    leads_.add_row();
  }
  Record& r = records_[e];
  r = Record{};
  r.exact = fp.exact;
  r.source = source;
  r.event_ms = event_ms;
  r.root = root.value_or(e);
  r.shingles = fp.shingles;
  r.tokens = fp.tokens;
  r.numeric_tokens = fp.numeric_tokens;
  r.place = fp.place;
  r.day = static_cast<uint16_t>(fp.day);
  // Variable-length part: numbers, names, id, then the root id unless it is the id.
  const std::string_view root_str = root || !root_id.empty() ? root_id : id;
  const bool own_root = root_str == id;
  r.n_numbers = static_cast<uint32_t>(compact_facts(fp.numbers, facts_scratch_, 0));
  r.n_names = static_cast<uint32_t>(compact_facts(fp.names, facts_scratch_, r.n_numbers));
  r.id_len = static_cast<uint32_t>(id.size());
  r.root_len = own_root ? 0 : static_cast<uint32_t>(root_str.size());
  const size_t fact_bytes = (r.n_numbers + r.n_names) * sizeof(uint16_t);
  r.data = data_.allocate(fact_bytes + r.id_len + r.root_len);
  unsigned char* p = data_.at(r.data);
  if (fact_bytes) std::memcpy(p, facts_scratch_.data(), fact_bytes);
  if (!id.empty()) std::memcpy(p + fact_bytes, id.data(), id.size());
  if (r.root_len) std::memcpy(p + fact_bytes + r.id_len, root_str.data(), r.root_len);

  uint8_t* sig = sigs_.row(e);
  uint16_t* lead = leads_.row(e);
  const bool full_sig = fp.minhash.size() >= permutations_;
  const bool full_lead = fp.lead.size() >= lead_permutations_;
  // A signature shorter than the index's is stored as zeros (and not banded).
  if (!full_sig) {
    std::fill(sig, sig + permutations_, uint8_t{0});
  } else if (queried) {
    std::memcpy(sig, query_sig_.data(), permutations_);
  } else {
    std::transform(fp.minhash.begin(), fp.minhash.begin() + permutations_, sig, compact8);
  }
  if (!full_lead) {
    std::fill(lead, lead + lead_permutations_, uint16_t{0});
  } else if (queried) {
    std::memcpy(lead, query_lead_.data(), lead_permutations_ * sizeof(uint16_t));
  } else {
    std::transform(fp.lead.begin(), fp.lead.begin() + lead_permutations_, lead, compact16);
  }
  uint8_t flags = kLive;
  if (own_root) flags |= kOwnRoot;
  if (fp.shingles > 0 && full_sig) flags |= kBandedSig;
  if (fp.shingles > 0 && full_lead) flags |= kBandedLead;
  // Make room while the entry is not live yet: a band move (or rebuild) re-inserts every live
  // entry's bands, and this one's would then go in twice (overfilling the table).
  const size_t n_bands = band_count(flags);
  move_bands(kMoveStep);
  if (!bands_.can_insert(e, n_bands)) start_band_move(n_bands);
  if (old_bands_ && e >= move_next_) flags |= kInNew;
  r.flags = flags;
  live_bands_ += n_bands;
  ++live_count_;
  // The first live entry with a text keeps the exact slot (later ones are found through it).
  if (!find_exact(fp.exact)) exact_.insert(fp.exact.low, e);
  auto insert_band = [&](uint64_t h, bool, uint32_t) { bands_.insert(h, e); };
  // The query hashed the full signatures of the same fingerprint, which are this entry's bands
  // unless the text has no shingles (no bands at all).
  if (queried && fp.shingles > 0) {
    probe_bands(query_hashes_, query_body_bands_, bands_, insert_band);
  } else {
    for_each_band((r.flags & kBandedSig) ? sig : nullptr, (r.flags & kBandedLead) ? lead : nullptr,
                  bands_, insert_band);
  }
  // A late record (older than the stream's newest event time) is kept for a full TTL of stream
  // time from its arrival: otherwise a backfill or a shuffled partition would be evicted on
  // the next record, before its own reposts arrive.
  max_event_ms_ = std::max(max_event_ms_, event_ms);
  r.stream_ms = max_event_ms_;
  order_.push_back(e);
  return e;
}

void Index::remove(EntryId e) {
  Record& r = records_[e];
  exact_.erase(r.exact.low, e);
  BandTable& table = in_new_bands(e) ? bands_ : *old_bands_;
  for_each_band((r.flags & kBandedSig) ? sig_of(e) : nullptr,
                (r.flags & kBandedLead) ? lead_of(e) : nullptr, table,
                [&](uint64_t h, bool, uint32_t) { table.erase(h, e); });
  live_bands_ -= band_count(r.flags);
  data_.release(r.data);
  r.flags = 0;
  --live_count_;
  free_.push_back(e);
}

void Index::expire(int64_t now_ms) {
  max_event_ms_ = std::max(max_event_ms_, now_ms);
  const int64_t cutoff = max_event_ms_ - static_cast<int64_t>(config_.ttl_seconds) * 1000;
  while (!order_.empty() && records_[order_.front()].stream_ms < cutoff) {
    remove(order_.front());
    order_.pop_front();
    ++evicted_ttl_;
  }
  while (live_count_ > config_.max_articles && !order_.empty()) {
    remove(order_.front());
    order_.pop_front();
    ++evicted_capacity_;
  }
}

IndexStats Index::stats() const {
  IndexStats s;
  s.entries = live_count_;
  s.evicted_ttl = evicted_ttl_;
  s.evicted_capacity = evicted_capacity_;
  s.band_rebuilds = band_rebuilds_;
  uint64_t bytes = records_.bytes() + free_.capacity() * sizeof(EntryId);
  bytes += data_.bytes() + exact_.bytes() + bands_.bytes();
  if (old_bands_) bytes += old_bands_->bytes();
  if (retired_bands_) bytes += retired_bands_->bytes();
  bytes += sigs_.bytes() + leads_.bytes();
  bytes += order_.size() * sizeof(EntryId);
  s.bytes = bytes;
  return s;
}

double Index::bytes_per_article() const {
  return live_count_ ? static_cast<double>(stats().bytes) / static_cast<double>(live_count_) : 0.0;
}

}  // namespace newsdedup::index
