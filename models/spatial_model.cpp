#include "models/spatial_model.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(SpatialModel model) {
    switch (model) {
        case SpatialModel::Ols: return "ols";
        case SpatialModel::Slx: return "slx";
        case SpatialModel::Sar: return "sar";
        case SpatialModel::Sdm: return "sdm";
        case SpatialModel::Sem: return "sem";
        case SpatialModel::Sdem: return "sdem";
        case SpatialModel::Sac: return "sac";
    }
    return "unknown";
}

SpatialModel parse_spatial_model(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "lag") return SpatialModel::Sar;
    if (lower == "error") return SpatialModel::Sem;
    if (lower == "sarar") return SpatialModel::Sac;
    for (auto m : {SpatialModel::Ols, SpatialModel::Slx, SpatialModel::Sar, SpatialModel::Sdm, SpatialModel::Sem,
                   SpatialModel::Sdem, SpatialModel::Sac})
        if (lower == to_string(m)) return m;
    throw InputError(fmt::format("unknown model '{}' (available: ols, slx, sar, sdm, sem, sdem, sac)", name));
}

bool has_durbin_terms(SpatialModel model) {
    return model == SpatialModel::Slx || model == SpatialModel::Sdm || model == SpatialModel::Sdem;
}
bool has_rho(SpatialModel model) { return model == SpatialModel::Sar || model == SpatialModel::Sdm || model == SpatialModel::Sac; }
bool has_lambda(SpatialModel model) {
    return model == SpatialModel::Sem || model == SpatialModel::Sdem || model == SpatialModel::Sac;
}

namespace {

std::vector<Eigen::Index> lagged_columns(const DesignMatrix& d, const SpatialWeights& w,
                                         const std::vector<std::string>& lagged) {
    std::vector<Eigen::Index> columns;
    const auto& names = d.column_names;
    if (lagged.empty()) {
        const bool lag_intercept = w.transform() != WeightsTransform::Row;
        for (Eigen::Index j = 0; j < d.X.cols(); ++j)
            if (lag_intercept || names[j] != "(Intercept)") columns.push_back(j);
        return columns;
    }
    for (const auto& name : lagged) {
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end() || name == "(Intercept)") {
            std::string available;
            for (const auto& n : names)
                if (n != "(Intercept)") available += (available.empty() ? "" : ", ") + n;
            throw InputError(fmt::format("--durbin names '{}', which is not a regressor of the formula (regressors: {})",
                                         name, available));
        }
        const auto j = static_cast<Eigen::Index>(it - names.begin());
        if (std::find(columns.begin(), columns.end(), j) != columns.end())
            throw InputError(fmt::format("--durbin names '{}' twice", name));
        columns.push_back(j);
    }
    return columns;
}

}  // namespace

DesignMatrix durbin_design(const DesignMatrix& design, const SpatialSample& sample, const std::vector<std::string>& lagged) {
    const std::vector<Eigen::Index> columns = lagged_columns(design, sample.w(), lagged);
    DesignMatrix d = design;
    const Eigen::Index k = design.X.cols();
    d.X.conservativeResize(Eigen::NoChange, k + static_cast<Eigen::Index>(columns.size()));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        d.X.col(k + static_cast<Eigen::Index>(c)) = sample.lag(Eigen::VectorXd(design.X.col(columns[c])));
        d.column_names.push_back("W_" + design.column_names[columns[c]]);
    }
    return d;
}

}  // namespace spillover
