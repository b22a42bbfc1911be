#include "inequality/inequality_by_period.hpp"

#include <cmath>
#include <span>
#include <stdexcept>

#include "inequality/gini.hpp"

namespace spillover {

namespace {

bool is_panel(const std::vector<PeriodInequality>& periods) {
    return !(periods.size() == 1 && periods.front().period.empty());
}

/// A table with a row per period (keyed "period" in the JSON).
ResultTable by_period(std::string key, std::string title) {
    ResultTable t;
    t.key = std::move(key);
    t.title = std::move(title);
    t.layout = JsonLayout::Array;
    t.array_key = "period";
    return t;
}

TableRow period_row(const PeriodInequality& p) { return {p.period, p.period.empty() ? "all" : p.period, {}}; }

std::string pair_key(const std::vector<std::string>& groups, const DagumPair& p) {
    return groups[static_cast<std::size_t>(p.first)] + "-" + groups[static_cast<std::size_t>(p.second)];
}

ResultTable summary_table(const InequalityResult& r) {
    ResultTable t = by_period("inequality", "Inequality of " + r.variable);
    t.columns = {{"n", "n", ColumnKind::Count},
                 {"mean", "Mean", ColumnKind::Number},
                 {"gini", "Gini", ColumnKind::Number},
                 {"theil_t", "Theil T", ColumnKind::Number},
                 {"theil_l", "Theil L", ColumnKind::Number}};
    for (const auto& p : r.periods) {
        TableRow row = period_row(p);
        row.cells = {static_cast<double>(p.n), p.mean, p.gini, p.theil.t, p.theil.l};
        t.rows.push_back(std::move(row));
    }
    return t;
}

ResultTable dagum_table(const InequalityResult& r) {
    ResultTable t = by_period("dagum", "Dagum (1997) decomposition of the Gini ratio");
    t.columns = {{"gini", "G", ColumnKind::Number},
                 {"within", "G_w", ColumnKind::Number},
                 {"net_between", "G_nb", ColumnKind::Number},
                 {"transvariation", "G_t", ColumnKind::Number},
                 {"within_share", "G_w/G", ColumnKind::Number},
                 {"net_between_share", "G_nb/G", ColumnKind::Number},
                 {"transvariation_share", "G_t/G", ColumnKind::Number}};
    for (const auto& p : r.periods) {
        const DagumDecomposition& d = *p.dagum;
        TableRow row = period_row(p);
        row.cells = {d.gini, d.within, d.net_between, d.transvariation,
                     d.within / d.gini, d.net_between / d.gini, d.transvariation / d.gini};
        t.rows.push_back(std::move(row));
    }
    t.notes.push_back("G = G_w + G_nb + G_t; G_t from Dagum's first-order moment of transvariation p_jh, not as a residual");
    return t;
}

ResultTable within_table(const InequalityResult& r) {
    ResultTable t = by_period("dagum_within", "Gini within groups G_jj");
    for (const auto& g : r.groups) t.columns.push_back({g, g, ColumnKind::Number});
    for (const auto& p : r.periods) {
        TableRow row = period_row(p);
        for (Eigen::Index j = 0; j < p.dagum->within_gini.size(); ++j) row.cells.emplace_back(p.dagum->within_gini(j));
        t.rows.push_back(std::move(row));
    }
    return t;
}

/// G_jh (or D_jh) per pair of groups.
ResultTable pair_table(const InequalityResult& r, std::string key, std::string title, double DagumPair::*value) {
    ResultTable t = by_period(std::move(key), std::move(title));
    for (const DagumPair& pair : r.periods.front().dagum->pairs) {
        const std::string name = pair_key(r.groups, pair);
        t.columns.push_back({name, name, ColumnKind::Number});
    }
    for (const auto& p : r.periods) {
        TableRow row = period_row(p);
        for (const DagumPair& pair : p.dagum->pairs) row.cells.emplace_back(pair.*value);
        t.rows.push_back(std::move(row));
    }
    return t;
}

ResultTable theil_table(const InequalityResult& r) {
    ResultTable t = by_period("theil", "Theil T and L: within and between groups");
    t.columns = {{"t", "T", ColumnKind::Number},
                 {"t_within", "T_w", ColumnKind::Number},
                 {"t_between", "T_b", ColumnKind::Number},
                 {"t_between_share", "T_b/T", ColumnKind::Number},
                 {"l", "L", ColumnKind::Number},
                 {"l_within", "L_w", ColumnKind::Number},
                 {"l_between", "L_b", ColumnKind::Number},
                 {"l_between_share", "L_b/L", ColumnKind::Number}};
    for (const auto& p : r.periods) {
        const TheilDecomposition& d = p.theil;
        TableRow row = period_row(p);
        row.cells = {d.t, d.t_within, d.t_between, d.t_between / d.t, d.l, d.l_within, d.l_between, d.l_between / d.l};
        t.rows.push_back(std::move(row));
    }
    return t;
}

std::vector<std::string> conventions(bool groups) {
    std::vector<std::string> c{
        "Gini G = sum_i sum_j |y_i - y_j| / (2 n^2 mu) over all ordered pairs (no n/(n-1) factor), units unweighted",
        "Theil T = GE(1) = (1/n) sum (y/mu) ln(y/mu), L = GE(0) = (1/n) sum ln(mu/y); units unweighted"};
    if (groups) {
        c.push_back(
            "Dagum (1997): p_j = n_j/n, s_j = n_j mu_j/(n mu); G_w = sum_j G_jj p_j s_j; G_nb = sum_{j>h} G_jh "
            "(p_j s_h + p_h s_j) D_jh; G_t = sum_{j>h} G_jh (p_j s_h + p_h s_j)(1 - D_jh); j the group of the larger "
            "mean; D_jh = (d_jh - p_jh)/(d_jh + p_jh), d_jh and p_jh the mean positive parts of y_ji - y_hr and "
            "y_hr - y_ji over all pairs");
        c.push_back("Theil decomposition: T_b = sum_g (n_g/n)(mu_g/mu) ln(mu_g/mu), T_w = sum_g s_g T_g; "
                    "L_b = sum_g (n_g/n) ln(mu/mu_g), L_w = sum_g (n_g/n) L_g; groups ordered by label");
    }
    return c;
}

}  // namespace

InequalityResult inequality_by_period(const Eigen::VectorXd& values, std::int64_t units,
                                      const std::vector<std::string>& periods,
                                      const std::vector<std::string>& group_of_row, const std::string& variable) {
    const auto n = static_cast<std::size_t>(units);
    if (static_cast<std::size_t>(values.size()) != n * periods.size())
        throw std::invalid_argument("inequality_by_period: " + std::to_string(values.size()) + " values for " +
                                    std::to_string(units) + " units and " + std::to_string(periods.size()) + " periods");
    if (!group_of_row.empty() && group_of_row.size() != n * periods.size())
        throw std::invalid_argument("inequality_by_period: a group label per value is needed");
    InequalityResult r;
    r.variable = variable;
    const bool grouped = !group_of_row.empty();
    if (grouped) r.groups = code_groups(group_of_row).labels;
    for (std::size_t p = 0; p < periods.size(); ++p) {
        const std::span<const double> y(values.data() + p * n, n);
        PeriodInequality period;
        period.period = periods[p];
        period.n = units;
        period.mean = values.segment(static_cast<Eigen::Index>(p * n), units).mean();
        period.gini = gini(y);
        const GroupCoding coding = grouped ? code_groups({group_of_row.begin() + static_cast<std::ptrdiff_t>(p * n),
                                                          group_of_row.begin() + static_cast<std::ptrdiff_t>((p + 1) * n)},
                                                         r.groups)
                                           : code_groups(std::vector<std::string>(n));
        period.theil = theil_decomposition(y, coding);
        if (grouped) {
            period.dagum = dagum_decomposition(y, coding);
            for (std::size_t g = 0; g < r.groups.size(); ++g)
                if (period.dagum->count[g] == 0) {
                    r.status = FitStatus::Warning;
                    r.message = "group '" + r.groups[g] + "' has no unit in period " + period.period +
                                ": its within and between numbers there are NaN";
                }
        }
        if (std::isnan(period.theil.l) && r.status == FitStatus::Ok) {
            r.status = FitStatus::Warning;
            r.message = "Theil L is undefined where a value is 0 (first in period " +
                        (period.period.empty() ? std::string("all") : period.period) + "): reported as NaN";
        }
        r.periods.push_back(std::move(period));
    }
    r.conventions = conventions(grouped);
    return r;
}

StatisticsReport InequalityResult::report() const {
    StatisticsReport r;
    r.title = "Inequality of " + variable + (is_panel(periods) ? " by period" : "");
    r.fields = {{"variable", "Variable", ColumnKind::Text, variable},
                {"periods", "Periods", ColumnKind::Count, static_cast<double>(is_panel(periods) ? periods.size() : 1)}};
    if (!groups.empty()) {
        std::string list;
        for (const auto& g : groups) list += (list.empty() ? "" : ", ") + g;
        r.fields.push_back({"groups", "Groups", ColumnKind::Text, list});
    }
    r.tables.push_back(summary_table(*this));
    if (!groups.empty()) {
        r.tables.push_back(dagum_table(*this));
        r.tables.push_back(within_table(*this));
        if (groups.size() > 1) {
            r.tables.push_back(pair_table(*this, "dagum_between", "Gini between groups G_jh", &DagumPair::gini));
            r.tables.push_back(pair_table(*this, "dagum_relative_affluence",
                                          "Relative economic affluence D_jh (j the group of the larger mean)",
                                          &DagumPair::relative_affluence));
        }
        r.tables.push_back(theil_table(*this));
    }
    r.conventions = conventions;
    r.status = status;
    r.message = message;
    return r;
}

}  // namespace spillover
