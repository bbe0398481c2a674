/* LD_PRELOAD shim for ThreadSanitizer runs (the tsan test preset sets it).
 * Debian's librdkafka is built on C11 <threads.h>, which glibc >= 2.34 implements by calling its
 * internal pthread functions directly, past TSan's interceptors: TSan never saw librdkafka's
 * threads (the first instrumented callback they ran crashed in __tsan_func_entry) nor its
 * mutexes and condition variables (so every hand-over through librdkafka looked like a race).
 * These definitions route the C11 calls through the public pthread functions, which TSan
 * intercepts. glibc's C11 types are the pthread types (mtx_t wraps pthread_mutex_t, cnd_t
 * pthread_cond_t, thrd_t is pthread_t, once_flag is pthread_once_t). Plain C, not
 * instrumented, only ever preloaded. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

static int result(int err) {
  switch (err) {
    case 0: return thrd_success;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    case ENOMEM: return thrd_nomem;
    default: return thrd_error;
  }
}

struct start {
  thrd_start_t func;
  void* arg;
};

static void* trampoline(void* p) {
  struct start s = *(struct start*)p;
  free(p);
  /* thrd_join below reads the int result back from the pthread exit value. */
  return (void*)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
  struct start* s = malloc(sizeof *s);
  if (s == NULL) return thrd_nomem;
  s->func = func;
  s->arg = arg;
  const int err = pthread_create(thr, NULL, trampoline, s);
  if (err != 0) free(s);
  return result(err);
}

int thrd_join(thrd_t thr, int* res) {
  void* value = NULL;
  const int err = pthread_join(thr, &value);
  if (err == 0 && res != NULL) *res = (int)(intptr_t)value;
  return result(err);
}

int thrd_detach(thrd_t thr) { return result(pthread_detach(thr)); }

_Noreturn void thrd_exit(int res) { pthread_exit((void*)(intptr_t)res); }

int mtx_init(mtx_t* m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  const int err = pthread_mutex_init((pthread_mutex_t*)m, &attr);
  pthread_mutexattr_destroy(&attr);
  return result(err);
}

int mtx_lock(mtx_t* m) { return result(pthread_mutex_lock((pthread_mutex_t*)m)); }
int mtx_trylock(mtx_t* m) { return result(pthread_mutex_trylock((pthread_mutex_t*)m)); }
int mtx_timedlock(mtx_t* restrict m, const struct timespec* restrict ts) {
  return result(pthread_mutex_timedlock((pthread_mutex_t*)m, ts));
}
int mtx_unlock(mtx_t* m) { return result(pthread_mutex_unlock((pthread_mutex_t*)m)); }
void mtx_destroy(mtx_t* m) { pthread_mutex_destroy((pthread_mutex_t*)m); }

int cnd_init(cnd_t* c) { return result(pthread_cond_init((pthread_cond_t*)c, NULL)); }
int cnd_signal(cnd_t* c) { return result(pthread_cond_signal((pthread_cond_t*)c)); }
int cnd_broadcast(cnd_t* c) { return result(pthread_cond_broadcast((pthread_cond_t*)c)); }
int cnd_wait(cnd_t* c, mtx_t* m) {
  return result(pthread_cond_wait((pthread_cond_t*)c, (pthread_mutex_t*)m));
}
int cnd_timedwait(cnd_t* restrict c, mtx_t* restrict m, const struct timespec* restrict ts) {
  return result(pthread_cond_timedwait((pthread_cond_t*)c, (pthread_mutex_t*)m, ts));
}
void cnd_destroy(cnd_t* c) { pthread_cond_destroy((pthread_cond_t*)c); }

void call_once(once_flag* flag, void (*func)(void)) { pthread_once((pthread_once_t*)flag, func); }
