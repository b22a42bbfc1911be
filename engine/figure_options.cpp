#include "engine/figure_options.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover::figure {

FigureFormat figure_format(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".svg") return FigureFormat::Svg;
    if (extension == ".pdf") return FigureFormat::Pdf;
    if (extension == ".png") return FigureFormat::Png;
    throw InputError("cannot draw figure '" + path + "': the file name must end in .svg, .pdf or .png");
}


void FigureOptions::validate() const {
    if (!(width_pt >= 72.0 && width_pt <= 3600.0))
        throw std::invalid_argument(fmt::format("figure width must be between 72 and 3600 points, got {}", width_pt));
    if (!(height_pt >= 72.0 && height_pt <= 3600.0))
        throw std::invalid_argument(fmt::format("figure height must be between 72 and 3600 points, got {}", height_pt));
    if (!(png_scale >= 0.25 && png_scale <= 10.0))
        throw std::invalid_argument(fmt::format("figure PNG scale must be between 0.25 and 10 pixels a point, got {}", png_scale));
    // A side of 20 000 pixels is 1.6 GB of image at most; cairo itself stops at 32 767.
    if (std::max(width_pt, height_pt) * png_scale > 20000.0)
        throw std::invalid_argument(fmt::format(
            "figure PNG would be {:.0f} pixels on its longer side, more than 20000: lower the size or the PNG scale",
            std::max(width_pt, height_pt) * png_scale));
}

}  // namespace spillover::figure
