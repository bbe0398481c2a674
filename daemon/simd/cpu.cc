// The AVX-512 switch; see cpu_internal.h.
#include "simd/cpu_internal.h"

#include <atomic>

namespace newsdedup::simd {
namespace {

bool cpu_has_avx512() {
#if NEWSDEDUP_AVX512_KERNELS
  // libgcc's checks include the OS's XCR0: AVX-512 state is saved on context switches.
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("popcnt");  // NEWSDEDUP_AVX512_TARGET's features, all of them
#else
  return false;
#endif
}

// Function statics: the first use may come from another file's static initializer.
bool cpu_has() {
  static const bool has = cpu_has_avx512();
  return has;
}
std::atomic<bool>& enabled() {
  static std::atomic<bool> on{cpu_has()};
  return on;
}

}  // namespace

bool avx512_enabled() { return enabled().load(std::memory_order_relaxed); }

bool set_avx512_enabled(bool on) {
  enabled().store(on && cpu_has(), std::memory_order_relaxed);
  return avx512_enabled();
}

}  // namespace newsdedup::simd
