#include "inequality/entropy_index.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/number_format.hpp"

namespace spillover {

void EntropyIndexOptions::validate() const {
    if (!(std::isfinite(shift) && shift >= 0.0))
        throw std::invalid_argument("the shift must be non-negative and finite (got " + format_number(shift) + ")");
}

namespace {

std::string_view direction_name(Direction d) { return d == Direction::Positive ? "positive" : "negative"; }

bool is_panel(const std::vector<std::string>& periods) { return !(periods.size() == 1 && periods.front().empty()); }

/// Weights, index and TOPSIS of one block of rows (all of them, or one period's).
void index_block(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::string& period, const std::string& where,
                 EntropyIndexResult& r, Eigen::Index first_row) {
    const Eigen::MatrixXd z = min_max_normalise(x, r.indicators, r.options.shift, where);
    const EntropyWeights w = entropy_weights(z);
    for (std::size_t j = 0; j < r.indicators.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        r.weights.push_back({period, r.indicators[j], w.entropy(jj), w.divergence(jj), w.weight(jj)});
    }
    r.index.segment(first_row, x.rows()) = z * w.weight;
    if (!r.options.topsis) return;
    r.topsis.segment(first_row, x.rows()) = topsis_closeness(
        r.options.topsis_normalisation == TopsisNormalisation::MinMax ? z : vector_normalise(x, r.indicators), w.weight);
}

std::vector<std::string> conventions(const EntropyIndexOptions& o, bool panel) {
    const std::string scope = o.scope == NormalisationScope::Pooled
                                  ? (panel ? "over all units and periods pooled" : "over all units")
                                  : "within each period (weights per period)";
    std::vector<std::string> c{
        "Entropy weights: min-max normalisation " + scope +
            " (positive indicator (x - min)/(max - min), negative (max - x)/(max - min)), plus a shift of " +
            format_number(o.shift) + " so that ln p is defined",
        "p_ij = x'_ij / sum_i x'_ij over the m observations of the scope; e_j = -(1/ln m) sum_i p_ij ln p_ij; "
        "w_j = (1 - e_j) / sum_j (1 - e_j)",
        "index = sum_j w_j x'_ij, the shifted normalised values (range [shift, 1 + shift])"};
    if (o.topsis)
        c.push_back(std::string("TOPSIS: v_ij = w_j r_ij with r ") +
                    (o.topsis_normalisation == TopsisNormalisation::MinMax
                         ? "the min-max values x'"
                         : "= x_ij / ||x_j|| (vector normalisation; a negative indicator's best is its smallest)") +
                    "; ideal best and worst per indicator over the same observations; Euclidean D+ and D-; "
                    "closeness C = D- / (D+ + D-)");
    return c;
}

}  // namespace

EntropyIndexResult entropy_index(const Eigen::MatrixXd& x, const std::vector<Indicator>& indicators,
                                 const std::vector<std::string>& units, const std::vector<std::string>& periods,
                                 const EntropyIndexOptions& options) {
    options.validate();
    const auto n = static_cast<Eigen::Index>(units.size()), t = static_cast<Eigen::Index>(periods.size());
    if (x.rows() != n * t || static_cast<std::size_t>(x.cols()) != indicators.size())
        throw std::invalid_argument(fmt::format("entropy_index: a {} x {} matrix for {} units, {} periods, {} indicators",
                                                x.rows(), x.cols(), n, t, indicators.size()));
    if (indicators.empty()) throw std::invalid_argument("entropy_index: no indicator");
    EntropyIndexResult r;
    r.indicators = indicators;
    r.units = units;
    r.periods = periods;
    r.options = options;
    r.index.resize(x.rows());
    if (options.topsis) r.topsis.resize(x.rows());
    if (x.rows() < 2) throw std::invalid_argument("the entropy method needs at least 2 observations");
    if (options.scope == NormalisationScope::Pooled)
        index_block(x, "", "", r, 0);
    else
        for (Eigen::Index p = 0; p < t; ++p)
            index_block(x.middleRows(p * n, n), periods[static_cast<std::size_t>(p)],
                        " in period " + periods[static_cast<std::size_t>(p)], r, p * n);
    r.conventions = conventions(options, is_panel(periods));
    if (options.topsis && r.topsis.hasNaN()) {
        r.status = FitStatus::Warning;
        r.message = "TOPSIS closeness is undefined where every observation is at both ideals";
    }
    return r;
}

ResultTable EntropyIndexResult::weights_table() const {
    const bool per_period = options.scope == NormalisationScope::PerPeriod;
    ResultTable t;
    t.key = "weights";
    t.title = "Entropy weights";
    t.layout = JsonLayout::Array;
    if (per_period) t.columns.push_back({"period", "Period", ColumnKind::Text});
    t.columns.insert(t.columns.end(), {{"indicator", "Indicator", ColumnKind::Text},
                                       {"direction", "Direction", ColumnKind::Text},
                                       {"entropy", "Entropy e_j", ColumnKind::Number},
                                       {"divergence", "Divergence 1 - e_j", ColumnKind::Number},
                                       {"weight", "Weight w_j", ColumnKind::Number}});
    for (const IndicatorWeight& w : weights) {
        TableRow row{w.period.empty() ? w.indicator.name : w.period + ":" + w.indicator.name, w.indicator.name, {}};
        if (per_period) row.cells.push_back(w.period);
        row.cells.insert(row.cells.end(), {w.indicator.name, std::string(direction_name(w.indicator.direction)),
                                           w.entropy, w.divergence, w.weight});
        t.rows.push_back(std::move(row));
    }
    return t;
}

ResultTable EntropyIndexResult::index_table() const {
    const bool panel = is_panel(periods);
    ResultTable t;
    t.key = "index";
    t.title = "Composite index";
    t.layout = JsonLayout::Array;
    t.columns.push_back({"unit", "Unit", ColumnKind::Text});
    if (panel) t.columns.push_back({"period", "Period", ColumnKind::Text});
    t.columns.push_back({"index", "Entropy-weight index", ColumnKind::Number});
    if (options.topsis) t.columns.push_back({"topsis", "TOPSIS closeness", ColumnKind::Number});
    const std::size_t n = units.size();
    for (std::size_t p = 0; p < periods.size(); ++p)
        for (std::size_t i = 0; i < n; ++i) {
            const auto row = static_cast<Eigen::Index>(p * n + i);
            TableRow r{units[i] + (panel ? ":" + periods[p] : ""), units[i], {units[i]}};
            if (panel) r.cells.push_back(periods[p]);
            r.cells.emplace_back(index(row));
            if (options.topsis) r.cells.emplace_back(topsis(row));
            t.rows.push_back(std::move(r));
        }
    return t;
}

namespace {

/// Per period: a row per period, a column per indicator's weight (the papers' table of yearly weights).
ResultTable weights_by_period(const EntropyIndexResult& r) {
    ResultTable t;
    t.key = "weights";
    t.title = "Entropy weights by period";
    t.layout = JsonLayout::Array;
    t.array_key = "period";
    for (const Indicator& i : r.indicators)
        t.columns.push_back({i.name, (i.direction == Direction::Negative ? "-" : "") + i.name, ColumnKind::Number});
    const std::size_t k = r.indicators.size();
    for (std::size_t p = 0; p < r.periods.size(); ++p) {
        TableRow row{r.periods[p], r.periods[p], {}};
        for (std::size_t j = 0; j < k; ++j) row.cells.emplace_back(r.weights[p * k + j].weight);
        t.rows.push_back(std::move(row));
    }
    return t;
}

/// Mean, min and max of the index (and the mean closeness) in each period.
ResultTable index_by_period(const EntropyIndexResult& r) {
    ResultTable t;
    t.key = "index_by_period";
    t.title = "Index by period";
    t.layout = JsonLayout::Array;
    t.array_key = "period";
    t.columns = {{"units", "Units", ColumnKind::Count},
                 {"mean", "Mean", ColumnKind::Number},
                 {"min", "Min", ColumnKind::Number},
                 {"max", "Max", ColumnKind::Number}};
    if (r.options.topsis) t.columns.push_back({"topsis_mean", "TOPSIS mean", ColumnKind::Number});
    const auto n = static_cast<Eigen::Index>(r.units.size());
    for (std::size_t p = 0; p < r.periods.size(); ++p) {
        const auto block = r.index.segment(static_cast<Eigen::Index>(p) * n, n);
        TableRow row{r.periods[p], r.periods[p].empty() ? "all" : r.periods[p],
                     {static_cast<double>(n), block.mean(), block.minCoeff(), block.maxCoeff()}};
        if (r.options.topsis) row.cells.push_back(r.topsis.segment(static_cast<Eigen::Index>(p) * n, n).mean());
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace

StatisticsReport EntropyIndexResult::report() const {
    StatisticsReport r;
    r.title = "Composite index by the entropy-weight method";
    std::string list;
    for (const Indicator& i : indicators) list += (list.empty() ? "" : ",") + std::string(i.direction == Direction::Negative ? "-" : "") + i.name;
    r.fields = {{"method", "Method", ColumnKind::Text, std::string(options.topsis ? "entropy_weight_topsis" : "entropy_weight")},
                {"indicators", "Indicators", ColumnKind::Text, list},
                {"units", "Units", ColumnKind::Count, static_cast<double>(units.size())},
                {"periods", "Periods", ColumnKind::Count, static_cast<double>(is_panel(periods) ? periods.size() : 1)},
                {"observations", "Observations", ColumnKind::Count, static_cast<double>(index.size())},
                {"normalisation", "Normalisation", ColumnKind::Text,
                 std::string(options.scope == NormalisationScope::Pooled ? "min_max_pooled" : "min_max_per_period")},
                {"shift", "Shift", ColumnKind::Number, options.shift}};
    if (options.topsis)
        r.fields.push_back({"topsis_normalisation", "TOPSIS normalisation", ColumnKind::Text,
                            std::string(options.topsis_normalisation == TopsisNormalisation::MinMax ? "min_max" : "vector")});
    if (options.scope == NormalisationScope::Pooled) {
        ResultTable w = weights_table();
        w.array_key = "indicator";
        w.columns.erase(w.columns.begin());  // the indicator is the row's key
        for (TableRow& row : w.rows) row.cells.erase(row.cells.begin());
        r.tables.push_back(std::move(w));
    } else {
        r.tables.push_back(weights_by_period(*this));
    }
    r.tables.push_back(index_by_period(*this));
    r.conventions = conventions;
    r.status = status;
    r.message = message;
    return r;
}

}  // namespace spillover
