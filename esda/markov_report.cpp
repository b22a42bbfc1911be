#include "esda/markov_report.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace spillover {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string number(Eigen::Index i) { return std::to_string(i + 1); }  // classes shown 1..k

/// Columns "1" … "k", the classes a chain moves to.
std::vector<TableColumn> class_columns(Eigen::Index k) {
    std::vector<TableColumn> columns;
    for (Eigen::Index j = 0; j < k; ++j) columns.push_back({number(j), number(j), ColumnKind::Number});
    return columns;
}

std::vector<TableCell> row_cells(const Eigen::MatrixXd& m, Eigen::Index i) {
    std::vector<TableCell> cells;
    for (Eigen::Index j = 0; j < m.cols(); ++j) cells.emplace_back(m(i, j));
    return cells;
}

ResultTable cutoffs_table(const QuantileClasses& c, const std::vector<std::string>& periods, const std::string& key,
                          const std::string& what) {
    ResultTable t;
    t.key = key;
    t.title = "Class cut-offs of " + what + " (upper bound of class c; a value equal to it is in class c)";
    t.layout = JsonLayout::Array;
    t.array_key = "breaks";
    const int k = c.breaks == ClassBreaks::Pooled ? c.k : c.requested;
    for (int j = 1; j < k; ++j) t.columns.push_back({"cut_" + std::to_string(j), "cut " + std::to_string(j)});
    for (std::size_t b = 0; b < c.edges.size(); ++b) {
        const std::string label = c.breaks == ClassBreaks::Pooled ? "pooled" : periods.at(b);
        TableRow row{label, label, {}};
        for (int j = 0; j + 1 < k; ++j)
            row.cells.emplace_back(j + 1 < static_cast<int>(c.edges[b].size()) ? c.edges[b][j] : nan);
        t.rows.push_back(std::move(row));
    }
    if (c.breaks == ClassBreaks::PerPeriod)
        t.notes.push_back("Empty where ties merged quantile edges in that period.");
    return t;
}

/// A k × k matrix with rows "from" class, columns "to" class, and a count column after them.
ResultTable matrix_table(const std::string& key, const std::string& title, const Eigen::MatrixXd& m,
                         const Eigen::VectorXd& totals, const std::string& total_key, ColumnKind kind) {
    ResultTable t;
    t.key = key;
    t.title = title;
    t.columns = class_columns(m.cols());
    for (auto& c : t.columns) c.kind = kind;
    if (!total_key.empty()) t.columns.push_back({total_key, total_key, ColumnKind::Count});
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        TableRow row{number(i), number(i), row_cells(m, i)};
        if (!total_key.empty()) row.cells.emplace_back(totals(i));
        t.rows.push_back(std::move(row));
    }
    return t;
}

/// The same matrices stacked by lag class: columns lag class (the array key), from, classes, count.
ResultTable stacked_table(const std::string& key, const std::string& title, const std::vector<MarkovChain>& chains,
                          const Eigen::MatrixXd MarkovChain::*matrix, const std::string& total_key, ColumnKind kind) {
    ResultTable t;
    t.key = key;
    t.title = title;
    t.layout = JsonLayout::Array;
    t.array_key = "lag_class";
    t.columns.push_back({"from", "from", ColumnKind::Count});
    for (auto c : class_columns(chains.front().counts.cols())) t.columns.push_back({c.key, c.label, kind});
    if (!total_key.empty()) t.columns.push_back({total_key, total_key, ColumnKind::Count});
    for (std::size_t l = 0; l < chains.size(); ++l) {
        const Eigen::VectorXd totals = chains[l].row_totals();
        const Eigen::MatrixXd& m = chains[l].*matrix;
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            const std::string lag = std::to_string(l + 1);
            TableRow row{lag, "lag " + lag, {static_cast<double>(i + 1)}};
            for (auto& cell : row_cells(m, i)) row.cells.push_back(cell);
            if (!total_key.empty()) row.cells.emplace_back(totals(i));
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

void add_steady_states(ResultTable& t, const std::string& chain, const MarkovChain& c) {
    for (std::size_t s = 0; s < c.steady_states.size(); ++s) {
        TableRow row{chain, c.steady_states.size() > 1 ? chain + " (" + std::to_string(s + 1) + ")" : chain,
                     {static_cast<double>(s + 1)}};
        for (Eigen::Index j = 0; j < c.steady_states[s].size(); ++j) row.cells.emplace_back(c.steady_states[s](j));
        t.rows.push_back(std::move(row));
    }
}

ResultTable steady_state_table(const MarkovChain& pooled, const std::vector<MarkovChain>& conditional) {
    ResultTable t;
    t.key = "steady_state";
    t.title = "Steady state (long-run share in each class; one row per recurrent class)";
    t.layout = JsonLayout::Array;
    t.array_key = "chain";
    t.columns.push_back({"recurrent_class", "recurrent class", ColumnKind::Count});
    for (auto& c : class_columns(pooled.counts.cols())) t.columns.push_back(c);
    add_steady_states(t, "pooled", pooled);
    for (std::size_t l = 0; l < conditional.size(); ++l)
        add_steady_states(t, "lag_" + std::to_string(l + 1), conditional[l]);
    return t;
}

TableRow test_row(const std::string& key, const std::string& label, const ChiSquaredTest& test) {
    return {key, label, {test.statistic, test.df, test.p_value}};
}

ResultTable tests_table(const SpatialMarkovResult& r) {
    ResultTable t;
    t.key = "tests";
    t.title = "Homogeneity of the transition probabilities across lag classes";
    t.columns = {{"statistic", "Statistic"}, {"df", "df", ColumnKind::Count}, {"p_value", "p-value", ColumnKind::PValue}};
    t.rows = {test_row("lr", "LR (Bickenbach & Bode)", r.homogeneity.lr),
              test_row("q", "Q (Bickenbach & Bode)", r.homogeneity.q),
              test_row("x2", "x2 (sum of the chi2 by lag class)", r.x2)};
    t.stars = StarredColumn{"statistic", "p_value"};
    return t;
}

ResultTable chi2_table(const SpatialMarkovResult& r) {
    ResultTable t;
    t.key = "chi2_by_lag_class";
    t.title = "Each lag class against the pooled chain (giddy chi2)";
    t.layout = JsonLayout::Array;
    t.array_key = "lag_class";
    t.columns = {{"statistic", "Chi2"}, {"df", "df", ColumnKind::Count}, {"p_value", "p-value", ColumnKind::PValue}};
    for (std::size_t l = 0; l < r.chi2.size(); ++l)
        t.rows.push_back(test_row(std::to_string(l + 1), "lag " + std::to_string(l + 1), r.chi2[l]));
    t.stars = StarredColumn{"statistic", "p_value"};
    return t;
}

std::string breaks_words(const QuantileClasses& c, std::int64_t units, std::int64_t periods) {
    return c.breaks == ClassBreaks::Pooled
               ? "pooled over all " + std::to_string(units * periods) + " unit-periods (giddy fixed=True)"
               : "taken in each period over the " + std::to_string(units) + " units (giddy fixed=False)";
}

/// Fields and conventions both chains share.
StatisticsReport common_report(const std::string& analysis, const MarkovOptions& options, const QuantileClasses& c,
                               const MarkovChain& chain, const MarkovLabels& labels) {
    const auto units = static_cast<std::int64_t>(c.ids.rows()), periods = static_cast<std::int64_t>(c.ids.cols());
    StatisticsReport r;
    r.fields = {{"analysis", "Analysis", ColumnKind::Text, analysis},
                {"variable", "Variable", ColumnKind::Text, labels.variable},
                {"scale", "Values", ColumnKind::Text, std::string(options.relative ? "relative" : "levels")},
                {"classification", "Class breaks", ColumnKind::Text, std::string(to_string(c.breaks))},
                {"units", "Units", ColumnKind::Count, static_cast<double>(units)},
                {"periods", "Periods", ColumnKind::Count, static_cast<double>(periods)},
                {"transitions", "Transitions", ColumnKind::Count, chain.counts.sum()},
                {"classes", "Classes (k)", ColumnKind::Count, static_cast<double>(c.k)}};
    r.conventions = {
        options.relative ? "Values: each period's values divided by that period's mean over the units (relative, as "
                           "giddy's rpci = pci / pci.mean(axis=0))"
                         : "Values: as given (--relative divides each period by its mean)",
        "Classes: " + std::to_string(c.k) + " quantile classes " + breaks_words(c, units, periods) +
            "; edges as mapclassify Quantiles (scipy scoreatpercentile, linear interpolation = R type 7), classes "
            "(lower, upper]: a value equal to a cut-off is in the lower class; numbered 1..k from the lowest "
            "(giddy's 0..k-1)",
        "Transitions between consecutive periods, p_ij = n_ij / n_i (maximum likelihood); a class no transition "
        "starts from keeps a zero row",
        "Steady state and mean first passage times as giddy (ergodic.steady_state, mfpt): a zero row counts as "
        "absorbing; one steady state per recurrent class; the passage times' diagonal is the mean recurrence time"};
    return r;
}

}  // namespace

StatisticsReport markov_report(const ClassicMarkovResult& result, const MarkovLabels& labels) {
    StatisticsReport r = common_report("markov", result.options, result.classes, result.chain, labels);
    r.title = "Markov chain of " + labels.variable + " (giddy Markov)";
    const MarkovChain& c = result.chain;
    r.tables = {cutoffs_table(result.classes, labels.periods, "cutoffs", labels.variable),
                matrix_table("transition_counts", "Transition counts (rows: class in t, columns: class in t+1)",
                             c.counts, c.row_totals(), "total", ColumnKind::Count),
                matrix_table("transition_probabilities", "Transition probabilities", c.probabilities, c.row_totals(),
                             "n", ColumnKind::Number),
                steady_state_table(c, {}),
                matrix_table("first_passage_times", "Mean first passage times (periods; diagonal: recurrence)",
                             c.first_passage, {}, "", ColumnKind::Number)};
    r.status = result.status;
    r.message = result.message;
    return r;
}

StatisticsReport markov_report(const SpatialMarkovResult& result, const MarkovLabels& labels) {
    StatisticsReport r = common_report("spatial_markov", result.options, result.classes, result.pooled, labels);
    r.title = "Spatial Markov chain of " + labels.variable + " (giddy Spatial_Markov, Rey 2001)";
    r.fields.push_back({"lag_classes", "Lag classes (m)", ColumnKind::Count, static_cast<double>(result.lag_classes.k)});
    const MarkovChain& c = result.pooled;
    r.tables = {
        cutoffs_table(result.classes, labels.periods, "cutoffs", labels.variable),
        cutoffs_table(result.lag_classes, labels.periods, "lag_cutoffs", "the spatial lag"),
        matrix_table("transition_counts", "Transition counts, pooled (rows: class in t, columns: class in t+1)",
                     c.counts, c.row_totals(), "total", ColumnKind::Count),
        matrix_table("transition_probabilities", "Transition probabilities, pooled", c.probabilities, c.row_totals(),
                     "n", ColumnKind::Number),
        stacked_table("spatial_counts", "Transition counts by the lag class in t", result.conditional,
                      &MarkovChain::counts, "total", ColumnKind::Count),
        stacked_table("spatial_probabilities", "Transition probabilities by the lag class in t", result.conditional,
                      &MarkovChain::probabilities, "n", ColumnKind::Number),
        steady_state_table(c, result.conditional),
        matrix_table("first_passage_times", "Mean first passage times, pooled (periods; diagonal: recurrence)",
                     c.first_passage, {}, "", ColumnKind::Number),
        stacked_table("spatial_first_passage_times", "Mean first passage times by the lag class in t",
                      result.conditional, &MarkovChain::first_passage, "", ColumnKind::Number),
        tests_table(result),
        chi2_table(result)};
    r.conventions.push_back(
        "Spatial lag: Wy of the " + std::string(result.options.relative ? "relative " : "") +
        "values in each period, put into " + std::to_string(result.lag_classes.k) +
        " quantile classes by the same rule; a transition from t to t+1 is counted under its unit's lag class in t. " +
        labels.weights_line);
    r.conventions.push_back(
        "Homogeneity as giddy Spatial_Markov (Bickenbach & Bode 2003): LR and Q with df = sum_i (a_i - 1)(b_i - 1), "
        "a_i the positive pooled p_ij of row i, b_i the lag classes with transitions from class i (a class with none "
        "adds 0, giddy's code 1); chi2 by lag class and x2 as giddy (df (r1 - 1)(r2 - 1) and k(k - 1)^2)");
    r.status = result.status;
    r.message = result.message;
    return r;
}

}  // namespace spillover
