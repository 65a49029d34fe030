//! Skewed choices: a few cities, enterprises and products sell most, as in the campaign's
//! reports (合肥's 45 companies alone sold about 46万斤). Zipf weights (the k-th largest has
//! weight 1/k^s) and sampling by binary search over the cumulative weights.

use rand::Rng;

/// Zipf weights for `n` ranks with exponent `s` (rank 1 first).
pub fn zipf(n: usize, s: f64) -> Vec<f64> {
    (1..=n).map(|k| 1.0 / (k as f64).powf(s)).collect()
}

/// Draws indices in proportion to weights.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// At least one positive weight is needed; otherwise every draw is index 0.
    pub fn new(weights: &[f64]) -> Weighted {
        let mut total = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    pub fn len(&self) -> usize {
        self.cumulative.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cumulative.is_empty()
    }

    pub fn draw(&self, rng: &mut impl Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// Splits `total` items over `weights` in proportion, every share at least `floor` (as far as
/// `total` allows), the rounding remainder going to the largest weights first.
pub fn apportion(total: usize, weights: &[f64], floor: usize) -> Vec<usize> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let base = floor.min(total / n);
    let rest = total - base * n;
    let sum: f64 = weights.iter().sum();
    let mut shares: Vec<usize> = weights
        .iter()
        .map(|w| base + (rest as f64 * w / sum).floor() as usize)
        .collect();
    let mut left = total - shares.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| weights[*b].total_cmp(&weights[*a]));
    for i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        shares[*i] += 1;
        left -= 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn the_first_rank_is_drawn_most_and_draws_are_reproducible() {
        let w = Weighted::new(&zipf(10, 1.0));
        let draws = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            (0..10_000).map(|_| w.draw(&mut rng)).collect::<Vec<_>>()
        };
        let a = draws(7);
        assert_eq!(a, draws(7));
        let mut counts = [0usize; 10];
        for i in &a {
            counts[*i] += 1;
        }
        // 1/H(10) ≈ 34 % for the first rank, ≈ 3.4 % for the last.
        assert!(counts[0] > 3_000 && counts[0] < 3_800, "{counts:?}");
        assert!(
            counts.windows(2).filter(|w| w[0] > w[1]).count() >= 7,
            "{counts:?}"
        );
    }

    #[test]
    fn apportion_keeps_the_total_and_the_floor() {
        let shares = apportion(100, &zipf(7, 1.0), 2);
        assert_eq!(shares.iter().sum::<usize>(), 100);
        assert!(shares.iter().all(|s| *s >= 2));
        assert!(shares[0] > shares[6]);
        assert_eq!(apportion(3, &zipf(5, 1.0), 1).iter().sum::<usize>(), 3);
    }
}
