// Private to the daemon's modules: which vector kernels run. The AVX-512 kernels need AVX-512
// F, DQ, BW and VL and POPCNT (what x86-64-v4 CPUs have: Intel since Skylake-SP, AMD since Zen
// 4); the AVX2 kernels need AVX2 (Intel since Haswell, AMD since Zen 1), which CPUs without
// AVX-512 (AMD Zen 1-3, many cloud machines) still have; every other CPU runs the SSE2 or scalar
// code beside them. All compute the same values. Tests and benchmarks cap the kernels to hold
// every path to one answer and to measure one against another in the same run.
#pragma once

// Where the vector kernels are compiled at all (GCC or clang on x86-64; each kernel carries its
// own target attribute, the rest of the binary stays baseline x86-64): 1, with the intrinsics.
#if defined(__x86_64__) && defined(__GNUC__)
#define NEWSDEDUP_X86_KERNELS 1
#include <immintrin.h>
// The target attribute of every AVX-512 kernel: exactly the features kernels() checks for it.
#define NEWSDEDUP_AVX512_TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,popcnt")))
// The same for the AVX2 kernels.
#define NEWSDEDUP_AVX2_TARGET __attribute__((target("avx2,popcnt")))
#else
#define NEWSDEDUP_X86_KERNELS 0
#endif

namespace newsdedup::simd {

// The kernel sets, each CPU running the best it has: SSE2 and scalar code (every x86-64 CPU, and
// the scalar code elsewhere), AVX2, AVX-512.
enum class Kernels { kBaseline, kAvx2, kAvx512 };

// The set that runs: the CPU's best that nothing has capped.
Kernels kernels();
inline bool avx512_enabled() { return kernels() == Kernels::kAvx512; }
inline bool avx2_enabled() { return kernels() >= Kernels::kAvx2; }

// Caps the kernels at `most` (the CPU's best is the cap that lifts every other); returns the set
// that now runs. For tests and benchmarks: callers on other threads may see the change late.
Kernels limit_kernels(Kernels most);

// A set's name for messages and benchmark labels: "AVX-512", "AVX2", "SSE2".
const char* name(Kernels k);

}  // namespace newsdedup::simd
