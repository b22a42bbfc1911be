#include "workflow/autocorrelation_pipeline.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "esda/bivariate_moran.hpp"
#include "esda/geary.hpp"
#include "esda/getis_ord.hpp"
#include "esda/moran.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_for_data.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover {

std::string_view to_string(AutocorrelationStatistic statistic) {
    switch (statistic) {
        case AutocorrelationStatistic::Moran: return "moran";
        case AutocorrelationStatistic::Geary: return "geary";
        case AutocorrelationStatistic::Getis: return "getis";
    }
    return "?";
}

void AutocorrelationRequest::validate() const {
    input.validate();
    if (variable.empty()) throw InputError("no variable given (--var X)");
    if (input.weights_path.empty())
        throw InputError("spatial autocorrelation needs a weights file (--weights FILE: .gal, .gwt, .mtx, .csv, .txt)");
    if (!bivariate.empty() && statistic != AutocorrelationStatistic::Moran)
        throw InputError("--bivariate is for moran (the bivariate Moran's I of x against W y)");
    if (!bivariate.empty() && local) throw InputError("--bivariate with --local is not available: the bivariate Moran is global");
    if (local && statistic == AutocorrelationStatistic::Geary)
        throw InputError("geary has no --local (local statistics: moran --local, getis --local [--star])");
    if (star && !(statistic == AutocorrelationStatistic::Getis && local)) throw InputError("--star is for getis --local (G*)");
    try {
        global.validate();
        local_inference.validate();
    } catch (const InputError&) {
        throw;
    } catch (const std::invalid_argument& e) {
        throw InputError(e.what());
    }
}

namespace {

/// The variables and W; for G*, W as read, each unit its own neighbour, then the transform.
VariableInputs read_inputs(const AutocorrelationRequest& request) {
    std::vector<std::string> variables{request.variable};
    if (!request.bivariate.empty()) variables.push_back(request.bivariate);
    if (!request.star) return read_variable_inputs(request.input, variables, "", true);
    InputRequest without_w = request.input;
    without_w.weights_path.clear();
    VariableInputs in = read_variable_inputs(without_w, variables);
    const SpatialWeights as_read = read_weights_for(in.units, request.input.weights_path, "none", &in.weights_line);
    in.w = transformed(star_weights(as_read), parse_weights_transform(request.input.weights_transform));
    in.weights_line += "; G*: each unit added to its own neighbours with weight 1 before the transform '" +
                       request.input.weights_transform + "' (spdep include.self)";
    return in;
}

/// InputError naming every period in which a variable takes one value for all units: Moran's I and
/// Geary's C (global, local, bivariate) divide by its variance there. Getis–Ord's G divides by the
/// products of the values, which a constant does not zero.
void check_variation(const AutocorrelationRequest& request, const VariableInputs& in) {
    if (request.statistic == AutocorrelationStatistic::Getis) return;
    for (std::size_t j = 0; j < in.variables.size(); ++j) {
        std::string periods;
        double value = 0.0;
        for (std::int64_t t = 0; t < in.period_count(); ++t) {
            const Eigen::VectorXd x = in.period_column(t, j);
            if (x.size() == 0 || x.maxCoeff() != x.minCoeff()) continue;
            if (periods.empty()) value = x(0);
            periods += (periods.empty() ? "" : ", ") + in.periods[static_cast<std::size_t>(t)];
        }
        if (periods.empty()) continue;
        const bool one = periods.find(',') == std::string::npos;
        const std::string where = in.is_panel() ? (one ? " in period " : " in periods ") + periods : "";
        const char* statistic = request.statistic == AutocorrelationStatistic::Moran ? "Moran's I" : "Geary's C";
        throw InputError(fmt::format("'{}' takes one value ({}) for every unit{}: {} is undefined without variation; "
                                     "fix the data or drop {}",
                                     in.variables[j], format_round_trip(value), where, statistic,
                                     !in.is_panel() ? "the variable" : one ? "that period" : "those periods"));
    }
}

/// The global test of `x` (and y) on `w`.
GlobalTest global_test(const AutocorrelationRequest& request, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                       const SpatialWeights& w) {
    if (!request.bivariate.empty()) return bivariate_moran_test(x, y, w, request.global);
    switch (request.statistic) {
        case AutocorrelationStatistic::Moran: return moran_test(x, w, request.global);
        case AutocorrelationStatistic::Geary: return geary_test(x, w, request.global);
        case AutocorrelationStatistic::Getis: return getis_ord_test(x, w, request.global);
    }
    throw std::logic_error("unknown statistic");
}

PeriodAutocorrelation period_statistics(const AutocorrelationRequest& request, const VariableInputs& in,
                                        const SpatialWeights& w_global, std::int64_t t) {
    PeriodAutocorrelation p;
    p.period = in.periods[static_cast<std::size_t>(t)];
    const Eigen::VectorXd x = in.period_column(t, 0);
    const Eigen::VectorXd y = request.bivariate.empty() ? Eigen::VectorXd() : in.period_column(t, 1);
    p.global = global_test(request, x, y, w_global);
    LocalInferenceOptions local = request.local_inference;
    local.permutation = request.global.permutation;
    if (request.statistic == AutocorrelationStatistic::Moran) {
        p.scatter = moran_scatter(x, w_global, y);
        if (request.local) {
            p.local_moran = local_moran(x, w_global, {local, request.quadrant});
            p.scatter->classes = p.local_moran->cluster;
        }
    }
    if (request.statistic == AutocorrelationStatistic::Getis && request.local)
        p.local_g = local_g(x, in.w, request.star, local);
    return p;
}

/// The pooled test over the stacked periods with I_T ⊗ W.
GlobalTest pooled_test(const AutocorrelationRequest& request, const VariableInputs& in, const SpatialWeights& w) {
    const SpatialWeights stacked = stacked_weights(w, in.period_count());
    const PooledCentring centring =
        request.statistic == AutocorrelationStatistic::Getis ? PooledCentring::Pooled : request.centring;
    const Eigen::VectorXd x = pooled_values(in.values.col(0), in.unit_count(), centring);
    const Eigen::VectorXd y =
        request.bivariate.empty() ? Eigen::VectorXd() : pooled_values(in.values.col(1), in.unit_count(), centring);
    return global_test(request, x, y, stacked);
}

void add_unique(std::vector<std::string>& lines, const std::vector<std::string>& more) {
    for (const std::string& line : more)
        if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
}

std::vector<std::string> global_conventions(const AutocorrelationRequest& request, const SpatialWeights& w) {
    std::vector<std::string> lines;
    const GlobalTestOptions& g = request.global;
    if (request.bivariate.empty()) {
        if (request.statistic == AutocorrelationStatistic::Getis)
            lines.push_back("variance of G under randomisation (spdep globalG.test)");
        else
            lines.push_back(fmt::format("variance under {} ({}; spdep's default is randomisation)", to_string(g.assumption),
                                        request.statistic == AutocorrelationStatistic::Moran ? "spdep moran.test" : "spdep geary.test"));
    }
    lines.push_back(fmt::format("p_value: normal approximation, alternative {}", to_string(g.alternative)));
    if (request.statistic == AutocorrelationStatistic::Geary)
        lines.push_back("Geary: z = (1 - C)/sqrt(Var[C]); alternative greater = positive autocorrelation (C < 1), as spdep geary.test");
    if (g.permutation.permutations > 0)
        lines.push_back(fmt::format(
            "permutation_p_value: {} free permutations of the values, seed {}, (#{{at least as extreme}} + 1)/(N + 1); "
            "R's random numbers are not reproduced, so spdep's moran.mc, geary.mc agree up to Monte Carlo error",
            g.permutation.permutations, g.permutation.seed));
    if (w.has_islands())
        lines.push_back(fmt::format(
            "{} unit(s) without neighbours: n counts the units with neighbours (spdep zero.policy = TRUE, adjust.n = TRUE); "
            "the mean, z'z and the kurtosis run over all units",
            w.islands().size()));
    return lines;
}

}  // namespace

AutocorrelationResult run_autocorrelation(const AutocorrelationRequest& request) {
    request.validate();
    const VariableInputs in = read_inputs(request);
    check_variation(request, in);
    // G* changes W for the local statistic only: the global G stays on W without self-links.
    SpatialWeights w_plain;
    if (request.star) {
        InputRequest plain = request.input;
        w_plain = read_weights_for(in.units, plain.weights_path, plain.weights_transform);
    }
    const SpatialWeights& w = request.star ? w_plain : in.w;

    AutocorrelationResult r;
    r.input = request.input;
    r.statistic = request.statistic;
    r.variable = request.variable;
    r.bivariate = request.bivariate;
    r.units = in.units;
    r.centring = request.centring;
    r.star = request.star;
    r.weights_line = in.weights_line;
    r.conventions.push_back(in.weights_line);
    add_unique(r.conventions, global_conventions(request, w));
    for (std::int64_t t = 0; t < in.period_count(); ++t) {
        PeriodAutocorrelation p = period_statistics(request, in, w, t);
        add_unique(r.conventions, p.global.conventions);
        if (p.local_moran) add_unique(r.conventions, p.local_moran->conventions);
        if (p.local_g) add_unique(r.conventions, p.local_g->conventions);
        r.periods.push_back(std::move(p));
    }
    if (in.is_panel()) {
        r.pooled = pooled_test(request, in, w);
        r.conventions.push_back(
            request.statistic == AutocorrelationStatistic::Getis
                ? "pooled: G over the stacked N*T values with I_T (x) W (each unit's neighbours in its own period)"
                : fmt::format("pooled: the statistic over the stacked N*T values with I_T (x) W (each unit's neighbours in "
                              "its own period), {}",
                              request.centring == PooledCentring::Period
                                  ? "each period centred on its own mean (a common trend is not spatial clustering)"
                                  : "centred on the pooled mean"));
    }
    // The first trouble is the result's; the others are in their periods' rows.
    auto note = [&r](const std::string& where, FitStatus status, const std::string& message) {
        if (status == FitStatus::Ok || r.status != FitStatus::Ok) return;
        r.status = status;
        r.message = where.empty() ? message : where + ": " + message;
    };
    for (const PeriodAutocorrelation& p : r.periods) {
        const std::string where = p.period.empty() ? "" : "period " + p.period;
        note(where, p.global.status, p.global.message);
        if (p.local_moran) note(where, p.local_moran->status, p.local_moran->message);
        if (p.local_g) note(where, p.local_g->status, p.local_g->message);
    }
    if (r.pooled) note("pooled", r.pooled->status, r.pooled->message);
    return r;
}

}  // namespace spillover
