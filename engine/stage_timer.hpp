#pragma once
// Wall-clock seconds of the stages a command reports ("read", "search", "impacts" ...), measured
// with the steady clock so that a change of the system time cannot make a stage negative.

#include <chrono>

namespace spillover {

using StageClock = std::chrono::steady_clock;

/// Seconds from `start` to now.
inline double seconds_since(StageClock::time_point start) {
    return std::chrono::duration<double>(StageClock::now() - start).count();
}

/// Seconds from `start` to `end`.
inline double seconds_between(StageClock::time_point start, StageClock::time_point end) {
    return std::chrono::duration<double>(end - start).count();
}

}  // namespace spillover
