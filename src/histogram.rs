//! Histograms counted in two halves, for the checks' per-pixel loops.
//!
//! Neighbouring pixels often fall in the same bin; counted into one table, each count waits on
//! the one before. Counting alternate values into two tables and adding them afterwards gives
//! the same histogram without that wait.

/// Counts each of `values` in bin `bin(value)`: values at even positions of the slice in
/// `hists[0]`, those at odd positions in `hists[1]` (a last, unpaired value in `hists[0]`).
#[inline]
pub fn count_alternately<T: Copy, const N: usize>(values: &[T], bin: impl Fn(T) -> usize, hists: &mut [[u32; N]; 2]) {
    let mut pairs = values.chunks_exact(2);
    for pair in &mut pairs {
        hists[0][bin(pair[0])] += 1;
        hists[1][bin(pair[1])] += 1;
    }
    for &v in pairs.remainder() {
        hists[0][bin(v)] += 1;
    }
}

/// The bin-by-bin sum of the first `M` bins of two histograms.
pub fn merged<const M: usize>(a: &[u32], b: &[u32]) -> [u32; M] {
    std::array::from_fn(|v| a[v] + b[v])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_halves_add_up_to_one_histogram() {
        let values = [3u8, 3, 3, 1, 0, 3, 1];
        let mut hists = [[0u32; 4]; 2];
        count_alternately(&values, |v| v as usize, &mut hists);
        assert_eq!(hists, [[1, 1, 0, 2], [0, 1, 0, 2]]);
        assert_eq!(merged::<4>(&hists[0], &hists[1]), [1, 2, 0, 4]);
        assert_eq!(merged::<2>(&hists[0], &hists[1]), [1, 2]);
    }
}
