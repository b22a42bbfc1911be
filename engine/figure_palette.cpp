#include "engine/figure_palette.hpp"

#include <algorithm>
#include <cmath>

namespace spillover::figure {

namespace {

// viridisLite::viridis(17), R 4.2: evenly spaced in t, so stop i sits at t = i / 16.
constexpr std::array<Rgb, 17> viridis_stops{
    rgb_hex(0x440154), rgb_hex(0x48186A), rgb_hex(0x472D7B), rgb_hex(0x424086), rgb_hex(0x3B528B),
    rgb_hex(0x33638D), rgb_hex(0x2C728E), rgb_hex(0x26828E), rgb_hex(0x21908C), rgb_hex(0x1F9F88),
    rgb_hex(0x27AD81), rgb_hex(0x3EBC74), rgb_hex(0x5DC863), rgb_hex(0x82D34D), rgb_hex(0xAADC32),
    rgb_hex(0xD5E21A), rgb_hex(0xFDE725)};

}  // namespace

const std::array<Rgb, 8>& okabe_ito() {
    static constexpr std::array<Rgb, 8> colours{rgb_hex(0x0072B2), rgb_hex(0xD55E00), rgb_hex(0x56B4E9),
                                                rgb_hex(0x000000), rgb_hex(0xE69F00), rgb_hex(0x009E73),
                                                rgb_hex(0xCC79A7), rgb_hex(0xF0E442)};
    return colours;
}

Rgb category_colour(std::size_t i) { return okabe_ito()[i % okabe_ito().size()]; }

Rgb sequential_colour(double t) {
    if (!(t > 0.0)) t = 0.0;  // NaN too: a colour is always returned
    t = std::min(t, 1.0);
    const double position = t * static_cast<double>(viridis_stops.size() - 1);
    const std::size_t i = std::min(static_cast<std::size_t>(position), viridis_stops.size() - 2);
    const double f = position - static_cast<double>(i);
    const Rgb& a = viridis_stops[i];
    const Rgb& b = viridis_stops[i + 1];
    return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

std::vector<Rgb> sequential_classes(std::size_t k) {
    std::vector<Rgb> colours;
    colours.reserve(k);
    for (std::size_t i = 0; i < k; ++i)
        colours.push_back(sequential_colour(k == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(k - 1)));
    return colours;
}

Rgb lisa_colour(LisaClass c) {
    switch (c) {
        case LisaClass::HighHigh: return rgb_hex(0xCA0020);
        case LisaClass::LowLow: return rgb_hex(0x0571B0);
        case LisaClass::LowHigh: return rgb_hex(0x92C5DE);
        case LisaClass::HighLow: return rgb_hex(0xF4A582);
        case LisaClass::NotSignificant: return rgb_hex(0xE8E8E8);
        case LisaClass::Neighbourless: return rgb_hex(0x8C8C8C);
    }
    return rgb_hex(0xE8E8E8);
}

}  // namespace spillover::figure
