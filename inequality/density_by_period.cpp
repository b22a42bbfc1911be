#include "inequality/density_by_period.hpp"

#include <span>
#include <stdexcept>

#include "engine/number_format.hpp"

namespace spillover {

namespace {

bool is_panel(const std::vector<PeriodDensity>& periods) { return !(periods.size() == 1 && periods.front().period.empty()); }

}  // namespace

DensityResult density_by_period(const Eigen::VectorXd& values, std::int64_t units, const std::vector<std::string>& periods,
                                const std::string& variable, const KernelDensityOptions& options) {
    options.validate();
    const auto n = static_cast<std::size_t>(units);
    if (static_cast<std::size_t>(values.size()) != n * periods.size())
        throw std::invalid_argument("density_by_period: " + std::to_string(values.size()) + " values for " +
                                    std::to_string(units) + " units and " + std::to_string(periods.size()) + " periods");
    DensityResult r;
    r.variable = variable;
    r.options = options;
    for (std::size_t p = 0; p < periods.size(); ++p)
        r.periods.push_back({periods[p], kernel_density(std::span<const double>(values.data() + p * n, n), options)});
    r.conventions = {
        "Gaussian kernel; density evaluated exactly at each grid point (direct sum), not by R density()'s binned FFT",
        options.bandwidth ? "bandwidth h = " + format_number(*options.bandwidth) + " as given"
                          : "bandwidth by R's bw.nrd0: 0.9 min(sd, IQR/1.34) n^(-1/5) (Silverman's rule; sd with n - 1, "
                            "IQR from type-7 quantiles; if 0: sd, then |x_1|, then 1), per period",
        "grid of " + std::to_string(options.points) + " points from min - " + format_number(options.cut) + "h to max + " +
            format_number(options.cut) + "h (R's density() with n = 512, cut = 3)"};
    return r;
}

StatisticsReport DensityResult::report() const {
    StatisticsReport r;
    r.title = "Kernel density of " + variable + (is_panel(periods) ? " by period" : "");
    r.fields = {{"variable", "Variable", ColumnKind::Text, variable},
                {"kernel", "Kernel", ColumnKind::Text, std::string("gaussian")},
                {"bandwidth_rule", "Bandwidth", ColumnKind::Text, std::string(options.bandwidth ? "given" : "nrd0")},
                {"points", "Grid points", ColumnKind::Count, static_cast<double>(options.points)}};
    ResultTable t;
    t.key = "density";
    t.title = "Density by period";
    t.layout = JsonLayout::Array;
    t.array_key = "period";
    t.columns = {{"n", "n", ColumnKind::Count},
                 {"bandwidth", "Bandwidth", ColumnKind::Number},
                 {"from", "From", ColumnKind::Number},
                 {"to", "To", ColumnKind::Number},
                 {"mode", "Mode", ColumnKind::Number},
                 {"peak", "Peak density", ColumnKind::Number}};
    for (const PeriodDensity& p : periods) {
        const DensityCurve& c = p.curve;
        Eigen::Index at = 0;
        const double peak = c.density.maxCoeff(&at);
        t.rows.push_back({p.period, p.period.empty() ? "all" : p.period,
                          {static_cast<double>(c.n), c.bandwidth, c.x(0), c.x(c.x.size() - 1), c.x(at), peak}});
    }
    r.tables.push_back(std::move(t));
    r.conventions = conventions;
    r.status = status;
    r.message = message;
    return r;
}

ResultTable DensityResult::curves_table() const {
    ResultTable t;
    t.key = "curves";
    t.title = "Kernel density curves";
    t.layout = JsonLayout::Array;
    t.columns = {{"period", "Period", ColumnKind::Text}, {"x", "x", ColumnKind::Number}, {"density", "Density", ColumnKind::Number}};
    for (const PeriodDensity& p : periods)
        for (Eigen::Index g = 0; g < p.curve.x.size(); ++g)
            t.rows.push_back({p.period + ":" + std::to_string(g), p.period, {p.period, p.curve.x(g), p.curve.density(g)}});
    return t;
}

}  // namespace spillover
