#pragma once
// Reading back the SVG that cairo writes, for the figure suites: fill colours as 0–255 channels (so
// that they compare exactly), a property of a node's style, and the circles of a map — cairo writes
// a circle as a <path> of Bézier curves, never as <circle>.

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/figure_palette.hpp"

namespace spillover::testing {

using Rgb255 = std::array<int, 3>;

inline Rgb255 to_255(figure::Rgb c) {
    return {static_cast<int>(std::lround(c.r * 255)), static_cast<int>(std::lround(c.g * 255)),
            static_cast<int>(std::lround(c.b * 255))};
}

/// An rgb(r%,g%,b%) or #rrggbb colour; nullopt for anything else (none, a pattern).
inline std::optional<Rgb255> parse_colour(const std::string& text) {
    double r = 0, g = 0, b = 0;
    if (std::sscanf(text.c_str(), "rgb(%lf%%,%lf%%,%lf%%)", &r, &g, &b) == 3)
        return Rgb255{static_cast<int>(std::lround(r * 2.55)), static_cast<int>(std::lround(g * 2.55)),
                      static_cast<int>(std::lround(b * 2.55))};
    unsigned hex = 0;
    if (text.size() == 7 && std::sscanf(text.c_str(), "#%x", &hex) == 1)
        return Rgb255{static_cast<int>(hex >> 16), static_cast<int>((hex >> 8) & 0xFF), static_cast<int>(hex & 0xFF)};
    return std::nullopt;
}

/// The value of `property` in a style attribute "a:b;c:d", or in an attribute of that name.
inline std::string style_value(xmlNode* node, const std::string& property) {
    if (xmlChar* style = xmlGetProp(node, BAD_CAST "style")) {
        const std::string s(reinterpret_cast<char*>(style));
        xmlFree(style);
        std::stringstream parts(s);
        std::string part;
        while (std::getline(parts, part, ';')) {
            const auto colon = part.find(':');
            if (colon != std::string::npos && part.substr(0, colon) == property) return part.substr(colon + 1);
        }
    }
    if (xmlChar* value = xmlGetProp(node, BAD_CAST property.c_str())) {
        const std::string s(reinterpret_cast<char*>(value));
        xmlFree(value);
        return s;
    }
    return "";
}

/// A filled path drawn with curves: its bounding box (of the coordinates in its data, control points
/// included: for a whole circle, centred on the circle's centre) and its fill.
struct SvgCircle {
    double x = 0.0;  ///< centre
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
    Rgb255 fill{};
};

namespace detail {

inline void collect_circles(xmlNode* node, bool in_glyphs, std::vector<SvgCircle>& out) {
    for (; node != nullptr; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        const std::string name(reinterpret_cast<const char*>(node->name));
        const bool glyphs = in_glyphs || name == "symbol" || name == "defs";
        if (name == "path" && !glyphs) {
            const auto fill = parse_colour(style_value(node, "fill"));
            const std::string d = style_value(node, "d");
            if (fill && d.find('C') != std::string::npos) {
                // cairo writes absolute M, L, C and Z only: the numbers pair up as x y.
                std::vector<double> numbers;
                for (const char* p = d.c_str(); *p != '\0';) {
                    char* end = nullptr;
                    const double v = std::strtod(p, &end);
                    if (end == p) {
                        ++p;
                    } else {
                        numbers.push_back(v);
                        p = end;
                    }
                }
                double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
                for (std::size_t i = 0; i + 1 < numbers.size(); i += 2) {
                    x0 = std::min(x0, numbers[i]);
                    x1 = std::max(x1, numbers[i]);
                    y0 = std::min(y0, numbers[i + 1]);
                    y1 = std::max(y1, numbers[i + 1]);
                }
                out.push_back({(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0, *fill});
            }
        }
        collect_circles(node->children, glyphs, out);
    }
}

}  // namespace detail

/// The filled, curved paths of an SVG file outside the glyph definitions, in drawing order: the
/// circles of a point map (empty when the file does not parse).
inline std::vector<SvgCircle> svg_circles(const std::string& path) {
    std::vector<SvgCircle> circles;
    xmlDoc* doc = xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == nullptr) return circles;
    if (xmlNode* root = xmlDocGetRootElement(doc)) detail::collect_circles(root->children, false, circles);
    xmlFreeDoc(doc);
    return circles;
}

}  // namespace spillover::testing
