#include "engine/sample_shape.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace spillover {

SampleShape SampleShape::cross_section(std::int64_t units) {
    SampleShape s;
    s.units = units;
    s.observations = static_cast<double>(units);
    return s;
}

SampleShape SampleShape::panel(std::int64_t units, std::int64_t periods) {
    SampleShape s;
    s.units = units;
    s.periods = periods;
    s.observations = static_cast<double>(units * periods);
    s.logdet_multiplier = static_cast<double>(periods);
    return s;
}

void SampleShape::validate() const {
    if (units < 1) throw std::invalid_argument(fmt::format("sample shape: {} units (need at least 1)", units));
    if (periods < 1) throw std::invalid_argument(fmt::format("sample shape: {} periods (need at least 1)", periods));
    if (!(observations >= 1.0 && observations <= static_cast<double>(rows())))
        throw std::invalid_argument(
            fmt::format("sample shape: {} observations for {} rows (need 1 to the rows)", observations, rows()));
    if (!(logdet_multiplier > 0.0 && std::isfinite(logdet_multiplier)))
        throw std::invalid_argument(fmt::format("sample shape: log-determinant multiplier {} (need > 0)", logdet_multiplier));
    if (!std::isfinite(unit_root)) throw std::invalid_argument("sample shape: the unit-root term is not finite");
}

}  // namespace spillover
