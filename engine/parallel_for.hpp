#pragma once
// parallel_for: run work(c, t) for c in [0, count) on up to `threads` threads (the caller's
// included), handing out c in increasing order; t in [0, threads) says which thread runs the call,
// so per-thread workspaces can be indexed by it. The first exception thrown by any call is rethrown
// once all threads stopped.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace spillover {

/// The threads to use for `requested` (0 = one per hardware thread).
inline int thread_count(int requested) {
    return requested > 0 ? requested : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

template <typename Work>
void parallel_for(std::size_t count, int threads, Work&& work) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto run = [&](int thread) {
        try {
            for (std::size_t c = next++; c < count && !failed; c = next++) work(c, thread);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads && static_cast<std::size_t>(t) < count; ++t) pool.emplace_back(run, t);
    run(0);
    for (auto& thread : pool) thread.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace spillover
