// AutocorrelationResult::report(): the tables every writer renders (engine/result_table.hpp).

#include <fmt/format.h>

#include "workflow/autocorrelation_pipeline.hpp"

namespace spillover {

namespace {

/// JSON key and label of the headline statistic.
std::pair<std::string, std::string> statistic_name(const AutocorrelationResult& r) {
    if (!r.bivariate.empty()) return {"I", "Bivariate Moran's I"};
    switch (r.statistic) {
        case AutocorrelationStatistic::Moran: return {"I", "Moran's I"};
        case AutocorrelationStatistic::Geary: return {"C", "Geary's C"};
        case AutocorrelationStatistic::Getis: return {"G", "General G"};
    }
    return {"statistic", "statistic"};
}

std::string title(const AutocorrelationResult& r) {
    if (!r.bivariate.empty()) return fmt::format("Bivariate Moran's I: {} against the spatial lag of {}", r.variable, r.bivariate);
    switch (r.statistic) {
        case AutocorrelationStatistic::Moran: return "Moran's I test (spdep moran.test, moran.mc)";
        case AutocorrelationStatistic::Geary: return "Geary's C test (spdep geary.test)";
        case AutocorrelationStatistic::Getis: return "Getis-Ord General G test (spdep globalG.test)";
    }
    return "";
}

std::vector<ReportField> test_fields(const AutocorrelationResult& r, const GlobalTest& t) {
    const auto [key, label] = statistic_name(r);
    std::vector<ReportField> f{
        {key, label, ColumnKind::Number, t.value},
        {"expected", "Expectation", ColumnKind::Number, t.expected},
        {"variance", "Variance", ColumnKind::Number, t.variance},
        {"z", "Standard deviate", ColumnKind::Number, t.z},
        {"p_value", "p-value", ColumnKind::PValue, t.p_value},
        {"permutation_p_value", "Permutation p-value", ColumnKind::PValue, t.permutation_p_value},
        {"permutations", "Permutations", ColumnKind::Count, static_cast<double>(t.permutations)},
        {"alternative", "Alternative", ColumnKind::Text, std::string(to_string(t.alternative))},
    };
    if (r.statistic != AutocorrelationStatistic::Getis && r.bivariate.empty())
        f.push_back({"variance_assumption", "Variance under", ColumnKind::Text, std::string(to_string(t.assumption))});
    return f;
}

ResultTable periods_table(const AutocorrelationResult& r) {
    const auto [key, label] = statistic_name(r);
    ResultTable t{"periods", "By period",
                  {{key, label, ColumnKind::Number},
                   {"expected", "E", ColumnKind::Number},
                   {"variance", "Var", ColumnKind::Number},
                   {"z", "z", ColumnKind::Number},
                   {"p_value", "p-value", ColumnKind::PValue},
                   {"permutation_p_value", "perm. p", ColumnKind::PValue}},
                  {}, {}, JsonLayout::Array, "period", StarredColumn{key, "p_value"}};
    for (const PeriodAutocorrelation& p : r.periods) {
        const GlobalTest& g = p.global;
        t.rows.push_back({p.period, p.period, {g.value, g.expected, g.variance, g.z, g.p_value, g.permutation_p_value}});
    }
    return t;
}

ResultTable local_moran_table(const AutocorrelationResult& r) {
    ResultTable t{"local", "Local Moran's I (spdep localmoran)", {}, {}, {}, JsonLayout::Array, "id",
                  StarredColumn{"Ii", "p_value"}};
    if (r.is_panel()) t.columns.push_back({"period", "Period", ColumnKind::Text});
    for (TableColumn c : std::vector<TableColumn>{{"Ii", "Ii", ColumnKind::Number},
                                                  {"E_Ii", "E.Ii", ColumnKind::Number},
                                                  {"Var_Ii", "Var.Ii", ColumnKind::Number},
                                                  {"Z_Ii", "Z.Ii", ColumnKind::Number},
                                                  {"p_value", "p-value", ColumnKind::PValue},
                                                  {"permutation_p_value", "perm. p", ColumnKind::PValue},
                                                  {"p_adjusted", "adj. p", ColumnKind::PValue},
                                                  {"cluster", "Cluster", ColumnKind::Text},
                                                  {"standardised", "z", ColumnKind::Number},
                                                  {"spatial_lag", "Wz", ColumnKind::Number}})
        t.columns.push_back(std::move(c));
    for (const PeriodAutocorrelation& p : r.periods) {
        const LocalMoranResult& l = *p.local_moran;
        for (std::size_t i = 0; i < r.units.size(); ++i) {
            const auto k = static_cast<Eigen::Index>(i);
            TableRow row{r.units[i], r.is_panel() ? r.units[i] + " " + p.period : r.units[i], {}};
            if (r.is_panel()) row.cells.emplace_back(p.period);
            for (const double v : {l.ii[k], l.expected[k], l.variance[k], l.z[k], l.p_value[k], l.permutation_p_value[k],
                                   l.p_adjusted[k]})
                row.cells.emplace_back(v);
            row.cells.emplace_back(std::string(lisa_class_name(l.cluster[i])));
            row.cells.emplace_back(l.standardised[k]);
            row.cells.emplace_back(l.lag[k]);
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

ResultTable local_g_table(const AutocorrelationResult& r) {
    const std::string g = r.star ? "G*" : "G";
    ResultTable t{"local", fmt::format("Local {} (spdep localG{})", g, r.star ? " with include.self" : ""), {}, {}, {},
                  JsonLayout::Array, "id", StarredColumn{"Z_G", "p_value"}};
    if (r.is_panel()) t.columns.push_back({"period", "Period", ColumnKind::Text});
    for (TableColumn c : std::vector<TableColumn>{{"G", g, ColumnKind::Number},
                                                  {"E_G", "E." + g, ColumnKind::Number},
                                                  {"Var_G", "Var." + g, ColumnKind::Number},
                                                  {"Z_G", "Z." + g, ColumnKind::Number},
                                                  {"p_value", "p-value", ColumnKind::PValue},
                                                  {"permutation_p_value", "perm. p", ColumnKind::PValue},
                                                  {"p_adjusted", "adj. p", ColumnKind::PValue},
                                                  {"cluster", "Cluster", ColumnKind::Text}})
        t.columns.push_back(std::move(c));
    for (const PeriodAutocorrelation& p : r.periods) {
        const LocalGResult& l = *p.local_g;
        for (std::size_t i = 0; i < r.units.size(); ++i) {
            const auto k = static_cast<Eigen::Index>(i);
            TableRow row{r.units[i], r.is_panel() ? r.units[i] + " " + p.period : r.units[i], {}};
            if (r.is_panel()) row.cells.emplace_back(p.period);
            for (const double v : {l.g[k], l.expected[k], l.variance[k], l.z[k], l.p_value[k], l.permutation_p_value[k],
                                   l.p_adjusted[k]})
                row.cells.emplace_back(v);
            row.cells.emplace_back(std::string(to_string(l.cluster[i])));
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

}  // namespace

StatisticsReport AutocorrelationResult::report() const {
    StatisticsReport r;
    r.title = title(*this);
    r.fields = {{"statistic", "Statistic", ColumnKind::Text,
                 bivariate.empty() ? std::string(to_string(statistic)) : std::string("bivariate_moran")},
                {"variable", "Variable", ColumnKind::Text, variable}};
    if (!bivariate.empty()) r.fields.push_back({"lagged_variable", "Lagged variable", ColumnKind::Text, bivariate});
    r.fields.push_back({"n", "Units", ColumnKind::Count, static_cast<double>(units.size())});
    if (is_panel()) {
        r.fields.push_back({"periods_count", "Periods", ColumnKind::Count, static_cast<double>(periods.size())});
        r.fields.push_back({"pooled", "Headline statistic", ColumnKind::Text,
                            std::string("pooled over the periods (I_T (x) W), centring: ") + std::string(to_string(centring))});
    }
    for (ReportField& f : test_fields(*this, is_panel() ? *pooled : periods.front().global)) r.fields.push_back(std::move(f));
    if (is_panel()) r.tables.push_back(periods_table(*this));
    if (!periods.empty() && periods.front().local_moran) r.tables.push_back(local_moran_table(*this));
    if (!periods.empty() && periods.front().local_g) r.tables.push_back(local_g_table(*this));
    r.conventions = conventions;
    r.status = status;
    r.message = message;
    return r;
}

}  // namespace spillover
