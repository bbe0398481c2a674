// The kernel switch; see cpu_internal.h.
#include "simd/cpu_internal.h"

#include <algorithm>
#include <atomic>

namespace newsdedup::simd {
namespace {

Kernels cpu_best() {
#if NEWSDEDUP_X86_KERNELS
  // libgcc's checks include the OS's XCR0: AVX and AVX-512 state is saved on context switches.
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("popcnt")) return Kernels::kBaseline;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
    return Kernels::kAvx512;  // NEWSDEDUP_AVX512_TARGET's features, all of them
  }
  return __builtin_cpu_supports("avx2") ? Kernels::kAvx2 : Kernels::kBaseline;
#else
  return Kernels::kBaseline;
#endif
}

// Function statics: the first use may come from another file's static initializer.
Kernels cpu_has() {
  static const Kernels best = cpu_best();
  return best;
}
std::atomic<Kernels>& running() {
  static std::atomic<Kernels> k{cpu_has()};
  return k;
}

}  // namespace

Kernels kernels() { return running().load(std::memory_order_relaxed); }

Kernels limit_kernels(Kernels most) {
  running().store(std::min(most, cpu_has()), std::memory_order_relaxed);
  return kernels();
}

const char* name(Kernels k) {
  switch (k) {
    case Kernels::kAvx512:
      return "AVX-512";
    case Kernels::kAvx2:
      return "AVX2";
    case Kernels::kBaseline:
      break;
  }
  return "SSE2";
}

}  // namespace newsdedup::simd
