// Private to the daemon's modules: whether the AVX-512 kernels run. They need AVX-512 F, DQ, BW
// and VL and POPCNT (what x86-64-v4 CPUs have: Intel since Skylake-SP, AMD since Zen 4); every
// other CPU runs the SSE2 or scalar code beside them, which computes the same values. Tests and
// benchmarks turn them off to hold both paths to one answer and to measure one against the other in
// the same run.
#pragma once

// Where the AVX-512 kernels are compiled at all (GCC or clang on x86-64; each kernel carries its
// own target attribute, the rest of the binary stays baseline x86-64): 1, with the intrinsics.
#if defined(__x86_64__) && defined(__GNUC__)
#define NEWSDEDUP_AVX512_KERNELS 1
#include <immintrin.h>
// The target attribute of every AVX-512 kernel: exactly the features avx512_enabled() checks.
#define NEWSDEDUP_AVX512_TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,popcnt")))
#else
#define NEWSDEDUP_AVX512_KERNELS 0
#endif

namespace newsdedup::simd {

// True when the CPU has AVX-512 F, DQ, BW, VL and POPCNT and nothing has turned the kernels off.
bool avx512_enabled();

// Turns the AVX-512 kernels off, or back on where the CPU has them; returns whether they now
// run. For tests and benchmarks: callers on other threads may see the change late.
bool set_avx512_enabled(bool on);

}  // namespace newsdedup::simd
