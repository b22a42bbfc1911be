#include "inequality/group_coding.hpp"

#include <algorithm>
#include <stdexcept>

namespace spillover {

GroupCoding code_groups(const std::vector<std::string>& labels_of_values, const std::vector<std::string>& all_labels) {
    GroupCoding coding;
    coding.labels = all_labels.empty() ? labels_of_values : all_labels;
    std::sort(coding.labels.begin(), coding.labels.end());
    coding.labels.erase(std::unique(coding.labels.begin(), coding.labels.end()), coding.labels.end());
    coding.code.reserve(labels_of_values.size());
    for (const std::string& label : labels_of_values) {
        const auto at = std::lower_bound(coding.labels.begin(), coding.labels.end(), label);
        if (at == coding.labels.end() || *at != label)
            throw std::invalid_argument("code_groups: group '" + label + "' is not in the list of groups");
        coding.code.push_back(static_cast<int>(at - coding.labels.begin()));
    }
    return coding;
}

}  // namespace spillover
