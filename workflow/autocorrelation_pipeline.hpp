#pragma once
// The pipeline of `spillover moran`, `geary` and `getis`: read one variable (and, bivariate, a second)
// and W for the units (workflow/variable_inputs.hpp), then the global test (esda/moran.hpp,
// esda/geary.hpp, esda/getis_ord.hpp, esda/bivariate_moran.hpp) and, with `local`, the local
// statistics (esda/local_moran.hpp, esda/local_getis_ord.hpp), for a cross-section or for each period
// of a balanced panel plus the pooled statistic (esda/pooled_panel.hpp).
//
// Reading W: as the request says (row-standardised by default; the `getis` command asks for binary);
// for local G* the W as read, each unit added to its own neighbours with weight 1, then transformed.
//
// The result keeps, per period, the Moran scatterplot's points (z, Wz, ids, LISA classes) for the
// figures, besides the statistics; report() is what every writer renders.

#include <optional>
#include <string>
#include <vector>

#include "engine/result_table.hpp"
#include "esda/autocorrelation_test.hpp"
#include "esda/local_getis_ord.hpp"
#include "esda/local_moran.hpp"
#include "esda/moran_scatter.hpp"
#include "esda/pooled_panel.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

enum class AutocorrelationStatistic { Moran, Geary, Getis };
std::string_view to_string(AutocorrelationStatistic statistic);

struct AutocorrelationRequest {
    InputRequest input;  ///< data, ids, panel, W (required)
    AutocorrelationStatistic statistic = AutocorrelationStatistic::Moran;
    std::string variable;
    std::string bivariate;  ///< Moran only: the y of x against W y
    GlobalTestOptions global;
    bool local = false;  ///< Moran, Getis
    bool star = false;   ///< Getis local: G* instead of G
    LocalInferenceOptions local_inference;  ///< its permutations follow global.permutation
    QuadrantRule quadrant = QuadrantRule::Centred;
    PooledCentring centring = PooledCentring::Period;
    /// InputError naming what is wrong: no variable, --bivariate or --star with the wrong statistic,
    /// --star without --local, a bivariate local, and the options' own checks.
    void validate() const;
};

/// One period's statistics (the cross-section is one period with an empty label).
struct PeriodAutocorrelation {
    std::string period;
    GlobalTest global;
    std::optional<LocalMoranResult> local_moran;
    std::optional<LocalGResult> local_g;
    std::optional<MoranScatter> scatter;  ///< Moran (and bivariate Moran): the scatterplot's points
};

struct AutocorrelationResult {
    InputRequest input;  ///< the data it was computed from (the figures read a map's coordinates there)
    AutocorrelationStatistic statistic = AutocorrelationStatistic::Moran;
    std::string variable, bivariate;
    std::vector<std::string> units;      ///< N unit ids (W's order)
    std::vector<PeriodAutocorrelation> periods;  ///< one per period
    std::optional<GlobalTest> pooled;    ///< panels: over the stacked N·T vector with I_T ⊗ W
    PooledCentring centring = PooledCentring::Period;
    bool star = false;
    std::string weights_line;
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    bool is_panel() const { return pooled.has_value(); }
    /// The report: fields statistic, variable, n, the headline statistic (I, C or G), expected,
    /// variance, z, p_value, permutation_p_value (the cross-section's, or the pooled one of a panel);
    /// a panel adds the table `periods` (array, "period"); --local adds the table `local` (array,
    /// "id"; with a period column for panels). Conventions and status.
    StatisticsReport report() const;
};

AutocorrelationResult run_autocorrelation(const AutocorrelationRequest& request);

}  // namespace spillover
