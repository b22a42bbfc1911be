#pragma once
// Group labels (regions: eastern, central, western …) as codes 0..G−1, for the decompositions by
// group (Dagum's Gini, Theil). Groups are ordered by their labels (std::string's order), so the
// columns of a table by period are the same in every period and in every run.

#include <string>
#include <vector>

namespace spillover {

struct GroupCoding {
    std::vector<std::string> labels;  ///< the G distinct labels, sorted
    std::vector<int> code;            ///< per value, its group's index in `labels`
    int group_count() const noexcept { return static_cast<int>(labels.size()); }
};

/// The coding of `labels_of_values` (one label per value); `all_labels`, when not empty, fixes the
/// list of groups (a group of it may then have no value here, e.g. in one period).
GroupCoding code_groups(const std::vector<std::string>& labels_of_values, const std::vector<std::string>& all_labels = {});

}  // namespace spillover
