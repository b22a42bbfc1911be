#pragma once
// What `spillover weights info` reports about a W: size, sparsity, neighbour counts and their
// histogram, islands, connected components, symmetry, transform, and the extreme real eigenvalues
// with the interval of ρ they imply (spdep's summary.nb and print.listw, plus the spectrum).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "weights/spatial_weights.hpp"
#include "weights/spectrum.hpp"

namespace spillover {

struct WeightsSummary {
    SpatialWeights::Index n = 0;
    SpatialWeights::Index links = 0;
    double percent_nonzero = 0.0;
    SpatialWeights::Index min_neighbours = 0;
    double mean_neighbours = 0.0;
    SpatialWeights::Index max_neighbours = 0;
    std::map<SpatialWeights::Index, SpatialWeights::Index> histogram;  ///< neighbours → units
    std::vector<std::string> islands;                                   ///< ids with no neighbour
    int components = 0;
    std::vector<SpatialWeights::Index> component_sizes;  ///< largest first
    bool symmetric = false;
    bool pattern_symmetric = false;
    std::string transform;
    std::optional<ExtremeEigenvalues> eigenvalues;  ///< absent when not requested
};

WeightsSummary summarise_weights(const SpatialWeights& w, bool with_spectrum = true,
                                 const SpectrumOptions& spectrum = {});

std::string to_text(const WeightsSummary& s);
nlohmann::ordered_json to_json(const WeightsSummary& s);

}  // namespace spillover
