#pragma once
// domain.md C8: RFM scores and value tiers are quintiles — the customers ranked on one measure and
// cut into five equal fifths, 1 = the lowest fifth, 5 = the highest.
//
// Ties. Rank-based cuts would put equal values into different quintiles depending on the order the
// rows happen to be in. Here a value's score is decided by the position of the FIRST row holding
// that value in ascending order (the minimum rank): score = 1 + floor(5 × first_position / n). So
// equal measures always score the same, the result does not depend on row order, and a large tie
// (every prospect has paid 0) sits wholly in the quintile where it starts — the quintiles above it
// may then hold fewer than a fifth of the rows, which is the honest answer.

#include <span>
#include <vector>

namespace inscrm {

// One score 1..5 per value, in the order given. Values must not be NaN.
std::vector<int> quintile_scores(std::span<const double> values);

}  // namespace inscrm
