#include "engine/panel_within.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(PanelEffects effects) {
    switch (effects) {
        case PanelEffects::None: return "none";
        case PanelEffects::Individual: return "individual";
        case PanelEffects::Time: return "time";
        case PanelEffects::TwoWays: return "twoways";
    }
    return "unknown";
}

PanelEffects parse_panel_effects(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "none" || lower == "pooled") return PanelEffects::None;
    if (lower == "individual" || lower == "unit") return PanelEffects::Individual;
    if (lower == "time") return PanelEffects::Time;
    if (lower == "twoways" || lower == "twoway" || lower == "both") return PanelEffects::TwoWays;
    throw InputError(fmt::format("unknown panel effects '{}' (available: none, individual, time, twoways)", name));
}

bool has_unit_effects(PanelEffects effects) {
    return effects == PanelEffects::Individual || effects == PanelEffects::TwoWays;
}
bool has_time_effects(PanelEffects effects) { return effects == PanelEffects::Time || effects == PanelEffects::TwoWays; }

std::int64_t absorbed_parameters(PanelEffects effects, std::int64_t units, std::int64_t periods) {
    switch (effects) {
        case PanelEffects::None: return 0;
        case PanelEffects::Individual: return units;
        case PanelEffects::Time: return periods;
        case PanelEffects::TwoWays: return units + periods - 1;
    }
    return 0;
}

namespace {

void check_rows(Eigen::Index rows, std::int64_t units, std::int64_t periods) {
    if (units <= 0 || periods <= 0 || rows != units * periods)
        throw std::invalid_argument(
            fmt::format("within: {} rows are not {} units x {} periods", rows, units, periods));
}

}  // namespace

Eigen::MatrixXd unit_means(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods) {
    check_rows(x.rows(), units, periods);
    Eigen::MatrixXd means = Eigen::MatrixXd::Zero(units, x.cols());
    for (std::int64_t t = 0; t < periods; ++t) means += x.middleRows(t * units, units);
    return means / static_cast<double>(periods);
}

Eigen::MatrixXd period_means(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods) {
    check_rows(x.rows(), units, periods);
    Eigen::MatrixXd means(periods, x.cols());
    for (std::int64_t t = 0; t < periods; ++t) means.row(t) = x.middleRows(t * units, units).colwise().mean();
    return means;
}

Eigen::MatrixXd within(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods, PanelEffects effects) {
    check_rows(x.rows(), units, periods);
    if (effects == PanelEffects::None) return x;
    Eigen::MatrixXd out = x;
    const bool unit = has_unit_effects(effects), time = has_time_effects(effects);
    const Eigen::MatrixXd by_unit = unit ? unit_means(x, units, periods) : Eigen::MatrixXd();
    const Eigen::MatrixXd by_period = time ? period_means(x, units, periods) : Eigen::MatrixXd();
    const Eigen::RowVectorXd grand = x.colwise().mean();
    for (std::int64_t t = 0; t < periods; ++t) {
        auto block = out.middleRows(t * units, units);
        if (unit) block -= by_unit;
        if (time) block.rowwise() -= by_period.row(t);
        if (unit && time) block.rowwise() += grand;
    }
    return out;
}

Eigen::VectorXd within(const Eigen::VectorXd& x, std::int64_t units, std::int64_t periods, PanelEffects effects) {
    return within(Eigen::MatrixXd(x), units, periods, effects).col(0);
}

}  // namespace spillover
