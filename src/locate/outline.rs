//! The locator's choice among candidate outlines: every card-like quadrilateral the detected lines
//! make is scored by the edges along its sides, the colours across them, the print inside and
//! the contrast with its surroundings, and the best is kept.

use super::*;

/// Four lines in order around the document; corner `i` joins side `i − 1` and side `i`.
/// A side that is not `observed` was extrapolated (it lies beyond the frame).
#[derive(Debug, Clone, Copy)]
pub(super) struct Outline {
    pub(super) sides: [Line; 4],
    pub(super) observed: [bool; 4],
    /// For an extrapolated side 2: its distance from side 0, as a multiple of side 0's length.
    pub(super) ratio: f32,
    pub(super) score: f32,
    /// The visible length of the outline's sides the score was earned on, in working pixels.
    pub(super) seen: f32,
}

impl Outline {
    /// Whether a side is extrapolated or a corner lies outside the `w`×`h` working image.
    pub(super) fn is_cut(&self, w: f32, h: f32) -> bool {
        let inside = |p: &Point| p.x >= 0.0 && p.y >= 0.0 && p.x <= w && p.y <= h;
        self.observed.contains(&false) || !self.corners().iter().all(inside)
    }

    /// The share of the seen sides' length, between their corners, that lies on `edges`.
    pub(super) fn support_on(&self, edges: &Edges) -> f32 {
        let c = self.corners();
        let (mut sup, mut vis) = (0.0, 0.0);
        for i in (0..4).filter(|&i| self.observed[i]) {
            let Some(line) = SupportedLine::new(self.sides[i], edges) else { continue };
            let (s, v) = line.support_between(c[i], c[(i + 1) % 4]);
            (sup, vis) = (sup + s, vis + v);
        }
        sup / vis.max(1.0)
    }

    /// Score earned per pixel of the visible outline.
    pub(super) fn fit(&self) -> f32 {
        self.score / self.seen.max(1.0)
    }

    pub(super) fn corners(&self) -> [Point; 4] {
        let s = &self.sides;
        [0, 1, 2, 3].map(|i| s[(i + 3) % 4].intersect(&s[i]).unwrap_or_default())
    }
}

/// The context every candidate outline is scored in.
struct Scene<'a> {
    lines: &'a [SupportedLine],
    work: &'a Work,
    w: f32,
    h: f32,
    opts: &'a LocateOptions,
    /// The angle between lines i and j, in degrees, at `i * n + j`, computed once.
    angles: Vec<f32>,
    /// Edge pixels and colours summed along each row (see [`RowSums`]).
    sums: RowSums,
    /// How well a seen side must show near its corners and across its length.
    tests: SideTests,
}

/// The least a seen side must show: the share of [`CORNER_STRETCH`] seen near each corner inside
/// the frame (see [`Scene::corner_evidence`]), and its colour coherence (see [`Scene::coherence`]).
#[derive(Clone, Copy)]
struct SideTests {
    corner_support: f32,
    coherence: f32,
}

const STRICT: SideTests = SideTests { corner_support: MIN_CORNER_SUPPORT, coherence: MIN_COHERENCE };
const LOOSE: SideTests = SideTests { corner_support: LOOSE_CORNER_SUPPORT, coherence: LOOSE_COHERENCE };

/// Running sums along each row of the working image, so that any convex region is summed in one
/// step per row: `edges[y * (w + 1) + x]` counts the edge pixels of row `y` left of `x`, and
/// `rgb[k]` sums channel `k` the same way.
struct RowSums {
    w: usize,
    h: usize,
    edges: Vec<u32>,
    rgb: [Vec<f32>; 3],
}

/// What lies inside a region: its pixels, its edge pixels and the sum of each colour channel.
#[derive(Debug, Clone, Copy, Default)]
struct Region {
    pixels: f32,
    edges: f32,
    rgb: [f32; 3],
}

impl Region {
    /// The part of `self` outside `inner`, which it must contain.
    fn without(self, inner: Region) -> Region {
        Region { pixels: self.pixels - inner.pixels, edges: self.edges - inner.edges, rgb: [0, 1, 2].map(|k| self.rgb[k] - inner.rgb[k]) }
    }

    fn mean_colour(&self) -> [f32; 3] {
        self.rgb.map(|v| v / self.pixels.max(1.0))
    }

    /// The share of its pixels that are edge pixels; 0 when it has none.
    fn density(&self) -> f32 {
        if self.pixels == 0.0 { 0.0 } else { self.edges / self.pixels }
    }
}

impl RowSums {
    fn new(edges: &Edges, work: &Work) -> RowSums {
        let (w, h) = (edges.w, edges.h);
        let stride = w + 1;
        let mut counts = vec![0u32; h * stride];
        let mut rgb = [(); 3].map(|_| vec![0f32; h * stride]);
        // The four running sums of a row go side by side, so that none waits on the last
        // addition to its own (each is added up in order along the row, as alone).
        for y in 0..h {
            let row = y * w..(y + 1) * w;
            let (dir, [r, g, b]) = (&edges.dir[row.clone()], work.rgb.each_ref().map(|p| &p[row.clone()]));
            let out = y * stride + 1..(y + 1) * stride;
            let counts = &mut counts[out.clone()];
            let [sr, sg, sb] = rgb.each_mut().map(|p| &mut p[out.clone()]);
            let (mut count, mut sum) = (0u32, [0f32; 3]);
            for x in 0..w {
                count += (dir[x] != NO_EDGE) as u32;
                sum = [sum[0] + r[x], sum[1] + g[x], sum[2] + b[x]];
                (counts[x], sr[x], sg[x], sb[x]) = (count, sum[0], sum[1], sum[2]);
            }
        }
        RowSums { w, h, edges: counts, rgb }
    }

    /// What lies inside the convex quadrilateral `c`, counting only pixels inside the image.
    fn region(&self, c: &[Point; 4]) -> Region {
        let y0 = c.iter().map(|p| p.y).fold(f32::INFINITY, f32::min).max(0.0) as usize;
        let y1 = (c.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max).max(0.0) as usize).min(self.h);
        let mut r = Region::default();
        for y in y0..y1 {
            let Some((x0, x1)) = row_span(c, y as f32 + 0.5) else { continue };
            let x0 = x0.ceil().clamp(0.0, self.w as f32) as usize;
            let x1 = x1.floor().clamp(0.0, self.w as f32) as usize;
            if x1 > x0 {
                let (a, b) = (y * (self.w + 1) + x0, y * (self.w + 1) + x1);
                r.edges += (self.edges[b] - self.edges[a]) as f32;
                r.pixels += (x1 - x0) as f32;
                (0..3).for_each(|k| r.rgb[k] += self.rgb[k][b] - self.rgb[k][a]);
            }
        }
        r
    }
}

/// Where the horizontal line at `y` enters and leaves the convex quadrilateral `c`.
fn row_span(c: &[Point; 4], y: f32) -> Option<(f32, f32)> {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        if (a.y <= y) != (b.y <= y) {
            let x = a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x);
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    (lo < hi).then_some((lo, hi))
}

impl<'a> Scene<'a> {
    fn new(lines: &'a [SupportedLine], edges: &Edges, work: &'a Work, opts: &'a LocateOptions, tests: SideTests) -> Scene<'a> {
        let n = lines.len();
        let angles = (0..n * n).map(|k| angle_diff(lines[k / n].deg, lines[k % n].deg)).collect();
        Scene { lines, work, w: edges.w as f32, h: edges.h as f32, opts, angles, sums: RowSums::new(edges, work), tests }
    }

    #[inline]
    fn angle(&self, i: usize, j: usize) -> f32 {
        self.angles[i * self.lines.len() + j]
    }
}

/// The best outline whose sides pass the strict tests or, when none does, the best whose sides
/// pass the loose ones (see [`LOOSE_CORNER_SUPPORT`]). The scene (the lines' angles, the row
/// sums) is built once for both searches.
pub(super) fn best_outline(lines: &[SupportedLine], edges: &Edges, work: &Work, opts: &LocateOptions) -> Option<Outline> {
    let mut scene = Scene::new(lines, edges, work, opts, STRICT);
    search(&scene).or_else(|| {
        scene.tests = LOOSE;
        search(&scene)
    })
}

/// Tries every pair of roughly parallel lines against every other such pair (four seen sides),
/// and every such pair with one crossing line (a fourth side beyond the frame).
fn search(scene: &Scene) -> Option<Outline> {
    let lines = scene.lines;
    let n = lines.len();
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if angle_diff(lines[i].deg, lines[j].deg) <= MAX_OPPOSITE_ANGLE {
                pairs.push((i, j));
            }
        }
    }
    let mut best: Option<Outline> = None;
    // The outlines that earn the most score per pixel of outline (see [`better_fit_inside`]).
    let mut fits: Vec<Outline> = Vec::with_capacity(TOP_FITS + 1);
    let consider = |best: &mut Option<Outline>, fits: &mut Vec<Outline>, o: Option<Outline>| {
        let Some(o) = o else { return };
        if best.is_none_or(|b| o.score > b.score) {
            *best = Some(o);
        }
        if fits.len() < TOP_FITS || o.fit() > fits[fits.len() - 1].fit() {
            let at = fits.partition_point(|t| t.fit() >= o.fit());
            fits.insert(at, o);
            fits.truncate(TOP_FITS);
        }
    };
    // What an outline must beat to matter: the best so far, or enter the list of best fits and
    // score [`INNER_SCORE`] of the best (nothing lower is ever chosen). Those whose first score
    // reaches [`CARD_SCORE`] of the best are noted as runners-up (see [`Scene::card_around`]).
    let floor = |best: &Option<Outline>, fits: &Vec<Outline>| {
        let best = best.map_or(0.0, |b| b.score);
        let fit = if fits.len() < TOP_FITS { 0.0 } else { fits[fits.len() - 1].fit() };
        Floor { score: best, inner: INNER_SCORE * best, fit, noted: CARD_SCORE * best }
    };
    let mut runners = Vec::new();
    let mut rungs = Vec::with_capacity(n);
    for &(a, b) in &pairs {
        // 1. The lines crossing both `a` and `b` that are seen between them: candidate sides.
        rungs.clear();
        rungs.extend((0..n).filter(|&c| scene.is_rung(a, b, c)));
        // 2. Two such lines, roughly parallel, close the outline; one alone may have its
        //    opposite side beyond the frame. Each four-sided outline is tried once, from the
        //    pair holding its lowest-numbered line.
        for (ri, &c) in rungs.iter().enumerate() {
            for &e in &rungs[ri + 1..] {
                if a.min(b) < c.min(e) && scene.angle(c, e) <= MAX_OPPOSITE_ANGLE {
                    let o = scene.four_sides([a, b, c, e], floor(&best, &fits), &mut runners);
                    consider(&mut best, &mut fits, o);
                }
            }
            let o = scene.three_sides(a, b, c, &rungs, floor(&best, &fits), &mut runners);
            consider(&mut best, &mut fits, o);
        }
    }
    let best = best?;
    // An outline chosen for fitting better than one around it keeps its place.
    let chosen = better_fit_inside(best, &fits).unwrap_or_else(|| scene.card_around(&best, &runners).unwrap_or(best));
    let chosen = scene.card_in_view(&chosen, &fits).unwrap_or(chosen);
    Some(scene.snap_inward(chosen))
}

/// What a candidate outline must beat, checked before its costlier corner and colour tests (which
/// only lower its score and its score per pixel).
/// An outline whose first score reaches `noted` is kept as a [`Runner`] as well.
#[derive(Clone, Copy)]
struct Floor {
    score: f32,
    inner: f32,
    fit: f32,
    noted: f32,
}

impl Floor {
    /// Lets every outline through and notes none: for scoring a [`Runner`] in full.
    const NONE: Floor = Floor { score: f32::NEG_INFINITY, inner: f32::NEG_INFINITY, fit: f32::NEG_INFINITY, noted: f32::INFINITY };

    fn passes(&self, o: &Outline) -> bool {
        o.score > self.score || (o.score > self.inner && o.fit() > self.fit)
    }
}

/// An outline the search met whose first score (before the corner and colour tests, which only
/// lower it) reached [`CARD_SCORE`] of the best so far: its corners, that score, and its lines,
/// to score it in full later (see [`Scene::card_around`]).
#[derive(Clone, Copy)]
struct Runner {
    corners: [Point; 4],
    score: f32,
    lines: RunnerLines,
}

#[derive(Clone, Copy)]
enum RunnerLines {
    /// Lines `a`, `b` opposite each other, and `c`, `e` (see [`Scene::four_sides`]).
    Four([usize; 4]),
    /// Lines `a`, `b`, `c` and the extrapolated side's signed ratio (see [`Scene::three_sides`]).
    Three([usize; 3], f32),
}

/// Whether `inner` lies inside `outer` where a document's portrait does (ISO/IEC 7810 ID-1 cards
/// and passport pages carry it beside their text, about a quarter of the card wide and half of
/// it high): inside (with [`PORTRAIT_SLACK`]: a portrait starts close to the card's edge, and
/// the coarse lines of both may cross), covering [`PORTRAIT_AREA`] of it, its centre toward one end of
/// `outer`'s long axis ([`PORTRAIT_ALONG`] of the long side from the middle) and near that axis
/// (within [`PORTRAIT_ACROSS`] of the short side), and no longer along that axis than across it.
fn portrait_inside(inner: &[Point; 4], outer: &[Point; 4]) -> bool {
    let (qi, qo) = (Quad { corners: *inner }, Quad { corners: *outer });
    let around = qo.shrunk(-PORTRAIT_SLACK);
    if !inner.iter().all(|p| around.contains(*p)) {
        return false;
    }
    let share = qi.area() / qo.area().max(1e-3);
    let (long, short) = {
        let (p, q) = mean_sides(outer);
        if norm(p) >= norm(q) { (p, q) } else { (q, p) }
    };
    let (u, long_len, short_len) = ((long.0 / norm(long), long.1 / norm(long)), norm(long), norm(short).max(1e-3));
    let (mi, mo) = (qi.center(), qo.center());
    let d = (mi.x - mo.x, mi.y - mo.y);
    let along = (d.0 * u.0 + d.1 * u.1).abs() / long_len;
    let across = (d.1 * u.0 - d.0 * u.1).abs() / short_len;
    // The inner outline's extent along `outer`'s long axis and across it.
    let (p, q) = mean_sides(inner);
    let parallel = |v: (f32, f32)| (v.0 * u.0 + v.1 * u.1).abs() / norm(v).max(1e-3);
    let (on_axis, off_axis) = if parallel(p) >= parallel(q) { (norm(p), norm(q)) } else { (norm(q), norm(p)) };
    (PORTRAIT_AREA.0..=PORTRAIT_AREA.1).contains(&share)
        && (PORTRAIT_ALONG.0..=PORTRAIT_ALONG.1).contains(&along)
        && across <= PORTRAIT_ACROSS
        && on_axis <= off_axis
}

/// The mean of sides 0 and 2 (as vectors along corners 0→1 and 3→2) and of sides 1 and 3
/// (1→2 and 0→3) of a quadrilateral.
fn mean_sides(c: &[Point; 4]) -> ((f32, f32), (f32, f32)) {
    let half = |a: Point, b: Point, p: Point, q: Point| ((b.x - a.x + q.x - p.x) / 2.0, (b.y - a.y + q.y - p.y) / 2.0);
    (half(c[0], c[1], c[3], c[2]), half(c[1], c[2], c[0], c[3]))
}

fn norm(v: (f32, f32)) -> f32 {
    v.0.hypot(v.1)
}

/// The best-scoring outline lying inside `chosen` that fits clearly better per pixel of outline
/// (see [`INNER_FIT`]), if any: a long outline earns score from its length, so that a building's
/// facade or a desk's frame around a small card can outscore the card's own, better-fitting sides.
fn better_fit_inside(chosen: Outline, fits: &[Outline]) -> Option<Outline> {
    let outer = Quad { corners: chosen.corners() };
    let mut pick: Option<Outline> = None;
    for o in fits {
        let inner = Quad { corners: o.corners() };
        let inside = inner.corners.iter().all(|p| outer.contains(*p));
        let small = inner.area() <= INNER_AREA * outer.area();
        let better = o.score >= INNER_SCORE * chosen.score && o.fit() >= INNER_FIT * chosen.fit();
        if inside && small && better && turned_within(o, &chosen) && pick.is_none_or(|p| o.score > p.score) {
            pick = Some(*o);
        }
    }
    pick
}

/// Whether some side of `inner` is turned more than [`ALIGNED`] degrees beyond the directions of
/// both of `outer`'s sides it runs nearest to (the directions between those two are what
/// perspective gives a line drawn on `outer`'s surface parallel to them). A document's portrait
/// or text block follows its edges; a card held in front of a building or laid on a desk lies
/// at its own angle.
fn turned_within(inner: &Outline, outer: &Outline) -> bool {
    let deg = outer.sides.map(|l| l.degrees());
    inner.sides.iter().any(|l| {
        let d = l.degrees();
        let near = |i: usize, j: usize| angle_diff(d, deg[i]).min(angle_diff(d, deg[j]));
        let (a, b) = if near(0, 2) <= near(1, 3) { (deg[0], deg[2]) } else { (deg[1], deg[3]) };
        angle_diff(d, a) + angle_diff(d, b) > angle_diff(a, b) + 2.0 * ALIGNED
    })
}

impl Scene<'_> {
    /// When `chosen` runs out of the frame (see [`Outline::is_cut`]): the outline among the best
    /// fits (`fits`) lying wholly in view that fits best, if one scores at least [`VIEW_SCORE`]
    /// of `chosen`, earns at least [`VIEW_FIT`] times its score per pixel and no less than
    /// [`VIEW_LEAST_FIT`], and whose centre does not lie inside `chosen` with its sides aligned
    /// to it (see [`turned_within`]): that is a box printed on the same document, or its portrait.
    /// A building's or a wall's lines beside a small card make long outlines running out of the
    /// frame, which outscore the card's own.
    fn card_in_view(&self, chosen: &Outline, fits: &[Outline]) -> Option<Outline> {
        if !chosen.is_cut(self.w, self.h) {
            return None;
        }
        let outer = chosen.corners();
        let mut pick: Option<Outline> = None;
        for o in fits.iter().filter(|o| !o.is_cut(self.w, self.h)) {
            let within = Quad { corners: outer }.contains(Quad { corners: o.corners() }.center()) && !turned_within(o, chosen);
            let better = o.score >= VIEW_SCORE * chosen.score && o.fit() >= (VIEW_FIT * chosen.fit()).max(VIEW_LEAST_FIT);
            if better && !within && pick.is_none_or(|p| o.fit() > p.fit()) {
                pick = Some(*o);
            }
        }
        pick
    }

    /// The best-scoring of the `runners` around `portrait` (the best outline, when
    /// [`better_fit_inside`] finds none inside it) where the document's portrait would lie (see
    /// [`portrait_inside`]), aligned with it, that scores at least [`CARD_SCORE`] of it in full,
    /// if any: a cut card's outline pays for its extrapolated side and, on gravel or grass, for
    /// its thinly seen edges, while its portrait's box is seen all round. Not asked of an outline
    /// that [`better_fit_inside`] chose: the small card on a building clean:b18a132d6b02a2ac (seed
    /// 2), chosen inside the facade's outline, lies where another outline of the facade would hold
    /// its portrait. Nor for a document held up in a selfie ([`LocateOptions::held_up`]): there
    /// the card is small in front of a scene, whose card-like outlines are not the card.
    fn card_around(&self, portrait: &Outline, runners: &[Runner]) -> Option<Outline> {
        if self.opts.held_up {
            return None;
        }
        let inner = portrait.corners();
        let least = CARD_SCORE * portrait.score;
        let mut pick: Option<Outline> = None;
        for r in runners.iter().filter(|r| r.score >= least && portrait_inside(&inner, &r.corners)) {
            let Some(o) = self.scored_in_full(r) else { continue };
            if o.score >= least && !turned_within(portrait, &o) && pick.is_none_or(|p| o.score > p.score) {
                pick = Some(o);
            }
        }
        pick
    }

    /// The runner's outline with every test and factor of the search applied.
    fn scored_in_full(&self, r: &Runner) -> Option<Outline> {
        match r.lines {
            RunnerLines::Four(ids) => self.four_sides(ids, Floor::NONE, &mut Vec::new()),
            RunnerLines::Three([a, b, c], ratio) => {
                let rungs: Vec<usize> = (0..self.lines.len()).filter(|&e| self.is_rung(a, b, e)).collect();
                self.three_sides_at([a, b, c], &rungs, ratio, Floor::NONE, &mut Vec::new())
            }
        }
    }

    /// Whether line `c` crosses lines `a` and `b` at corner-like angles and is seen on at least
    /// 30% of its stretch between them.
    fn is_rung(&self, a: usize, b: usize, c: usize) -> bool {
        let l = self.lines;
        if c == a || c == b || self.angle(a, c) < MIN_CORNER_ANGLE || self.angle(b, c) < MIN_CORNER_ANGLE {
            return false;
        }
        let (Some(p), Some(q)) = (l[c].line.intersect(&l[a].line), l[c].line.intersect(&l[b].line)) else { return false };
        let (s, v) = l[c].support_between(p, q);
        v >= 4.0 && s >= 0.3 * v
    }

    /// Lines `a`, `b` opposite each other, and `c`, `e` opposite each other.
    fn four_sides(&self, [a, b, c, e]: [usize; 4], floor: Floor, runners: &mut Vec<Runner>) -> Option<Outline> {
        let l = self.lines;
        for (p, q) in [(a, c), (a, e), (b, c), (b, e)] {
            if self.angle(p, q) < MIN_CORNER_ANGLE {
                return None;
            }
        }
        let sides = [l[c].line, l[a].line, l[e].line, l[b].line];
        let ids = [Some(c), Some(a), Some(e), Some(b)];
        let outline = Outline { sides, observed: [true; 4], ratio: 0.0, score: 0.0, seen: 0.0 };
        let corners = outline.corners();
        let least_fit = self.plausible(&corners)?;
        let (sup, vis) = self.side_support(&ids, &corners)?;
        // Overshoot only lowers the score: skip the corner checks when it cannot win anyway.
        let first = self.scored(outline, &corners, sup, vis, 0.0, 1.0)?;
        if first.score >= floor.noted {
            runners.push(Runner { corners, score: first.score, lines: RunnerLines::Four([a, b, c, e]) });
        }
        if !floor.passes(&first) {
            return None;
        }
        let (overshoot, thin) = self.corner_evidence(&ids, &corners)?;
        let coherence = self.coherence(&ids, &corners)?;
        let interior = self.interior(&corners);
        let colours = self.contrast(&interior, &corners) * self.edge_contrast(&ids, &corners) * lightness(&interior);
        self.scored(outline, &corners, sup, vis, overshoot, coherence * thin * self.print(&interior) * colours).filter(|o| o.fit() >= least_fit)
    }

    /// `o` with each seen side moved inward where a detected line just inside it is the
    /// document's edge rather than the side (see [`SNAP_STEP`]): the side was found on the
    /// background just off the edge, a stripe or a shadow that runs on past the corners.
    fn snap_inward(&self, o: Outline) -> Outline {
        let mut out = o;
        for i in (0..4).filter(|&i| o.observed[i]) {
            if let Some(line) = self.edge_inside(&out, i) {
                out.sides[i] = line;
            }
        }
        out
    }

    /// The line that side `i` of `o` should move inward to, if any (see [`Scene::snap_inward`]).
    fn edge_inside(&self, o: &Outline, i: usize) -> Option<Line> {
        let c = o.corners();
        let centre = Quad { corners: c }.center();
        let side = Strip::across(self.work, c[i], c[(i + 1) % 4], centre, SNAP_OFFSET);
        let step = side.mean_step()?;
        let (inside, outside) = (side.mean_inside(), side.mean_outside());
        let card = self.interior(&c).mean_colour();
        // The strip just inside the side must look like the surroundings, not the document.
        if gap(inside, outside) >= gap(inside, card) {
            return None;
        }
        let mid = Point { x: (c[i].x + c[(i + 1) % 4].x) / 2.0, y: (c[i].y + c[(i + 1) % 4].y) / 2.0 };
        let reach = SNAP_REACH * distance(c[0], c[2]).max(distance(c[1], c[3]));
        let (deg, here) = (o.sides[i].degrees(), o.sides[i].distance(centre).abs());
        let seen = self.lines.iter().find(|l| l.line == o.sides[i]).map_or(0.0, |l| l.seen_between(c[i], c[(i + 1) % 4]));
        let mut pick: Option<(f32, Line)> = None;
        for l in self.lines {
            let off = l.line.distance(mid).abs();
            if angle_diff(l.deg, deg) > SNAP_ANGLE || off > reach || off < 0.5 || l.line.distance(centre).abs() >= here {
                continue;
            }
            let mut moved = *o;
            moved.sides[i] = l.line;
            let m = moved.corners();
            if self.plausible(&m).is_none() || l.seen_between(m[i], m[(i + 1) % 4]) < SNAP_SUPPORT * seen {
                continue;
            }
            let edge = Strip::across(self.work, m[i], m[(i + 1) % 4], Quad { corners: m }.center(), SNAP_OFFSET);
            let (Some(s), between) = (edge.mean_step(), edge.mean_outside()) else { continue };
            if s >= SNAP_STEP * step && gap(between, outside) < gap(between, card) && pick.is_none_or(|(best, _)| s > best) {
                pick = Some((s, l.line));
            }
        }
        pick.map(|(_, l)| l)
    }

    /// Lines `a`, `b` opposite each other and `c` across them; the side opposite `c` lies beyond
    /// the frame, at the distance a document's aspect ratio puts it.
    fn three_sides(&self, a: usize, b: usize, c: usize, rungs: &[usize], floor: Floor, runners: &mut Vec<Runner>) -> Option<Outline> {
        if self.angle(a, c) < MIN_CORNER_ANGLE || self.angle(b, c) < MIN_CORNER_ANGLE {
            return None;
        }
        // Both `a` and `b` must run from `c` to the frame's edge, seen most of the way.
        let runs_off = [1.0f32, -1.0].map(|sign| self.runs_off(a, c, sign) && self.runs_off(b, c, sign));
        if runs_off == [false, false] {
            return None;
        }
        for ratio in [1.0 / ID1_ASPECT, 1.0 / PASSPORT_ASPECT, ID1_ASPECT, PASSPORT_ASPECT] {
            for sign in [1.0f32, -1.0] {
                if !runs_off[(sign < 0.0) as usize] {
                    continue;
                }
                if let Some(o) = self.three_sides_at([a, b, c], rungs, ratio * sign, floor, runners) {
                    return Some(o);
                }
            }
        }
        None
    }

    /// [`Scene::three_sides`] with the side opposite `c` at `ratio` (signed, see [`extrapolate`]).
    fn three_sides_at(&self, [a, b, c]: [usize; 3], rungs: &[usize], ratio: f32, floor: Floor, runners: &mut Vec<Runner>) -> Option<Outline> {
        let l = self.lines;
        let far = extrapolate(&l[c].line, &l[a].line, &l[b].line, ratio)?;
        let sides = [l[c].line, l[a].line, far, l[b].line];
        let ids = [Some(c), Some(a), None, Some(b)];
        let outline = Outline { sides, observed: [true, true, false, true], ratio, score: 0.0, seen: 0.0 };
        let corners = outline.corners();
        if !self.beyond_frame(corners[2]) || !self.beyond_frame(corners[3]) {
            return None;
        }
        let least_fit = self.plausible(&corners)?;
        let (sup, mut vis) = self.side_support(&ids, &corners)?;
        if let Some((p, q)) = clip_segment(corners[2], corners[3], self.w, self.h) {
            vis += ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
        }
        let first = self.scored(outline, &corners, sup, vis, 0.0, EXTRAPOLATED_FACTOR)?;
        if first.score >= floor.noted {
            runners.push(Runner { corners, score: first.score, lines: RunnerLines::Three([a, b, c], ratio) });
        }
        if !floor.passes(&first) || self.far_side_seen(a, b, c, rungs, &far, &corners) {
            return None;
        }
        let (overshoot, thin) = self.corner_evidence(&ids, &corners)?;
        let coherence = self.coherence(&ids, &corners)?;
        let interior = self.interior(&corners);
        let colours = self.contrast(&interior, &corners) * self.edge_contrast(&ids, &corners) * lightness(&interior);
        let factor = EXTRAPOLATED_FACTOR * coherence * thin * self.print(&interior) * colours;
        self.scored(outline, &corners, sup, vis, overshoot, factor).filter(|o| o.fit() >= least_fit)
    }

    /// Whether one of the `rungs` of lines `a` and `b` (the lines crossing both, see
    /// [`Scene::is_rung`]) closes the outline of `a`, `b`, `c` inside the frame, within
    /// [`SEEN_FAR_SIDE`] of where the extrapolated side `far` puts the fourth side: the
    /// document's fourth side is then in view, not beyond the frame. `corners` are the outline's,
    /// with `far` as side 2.
    fn far_side_seen(&self, a: usize, b: usize, c: usize, rungs: &[usize], far: &Line, corners: &[Point; 4]) -> bool {
        let l = self.lines;
        let reach = SEEN_FAR_SIDE * distance(corners[0], corners[3]).max(distance(corners[1], corners[2]));
        rungs.iter().any(|&e| {
            if e == c || self.angle(c, e) > MAX_OPPOSITE_ANGLE {
                return false;
            }
            let (Some(p), Some(q)) = (l[e].line.intersect(&l[a].line), l[e].line.intersect(&l[b].line)) else { return false };
            [p, q].iter().all(|&p| !self.beyond_frame(p) && far.distance(p).abs() < reach)
        })
    }

    /// Whether line `a`, followed from where it crosses `c` toward the side of `c` that `sign`
    /// picks (as in [`extrapolate`]), is seen on at least half of its way to the frame's edge.
    fn runs_off(&self, a: usize, c: usize, sign: f32) -> bool {
        let (la, lc) = (&self.lines[a], &self.lines[c].line);
        let Some(p) = lc.intersect(&la.line) else { return false };
        let toward = (-la.line.sin * lc.cos + la.line.cos * lc.sin).signum() * sign;
        let t_end = if toward > 0.0 { la.t0 + (la.prefix.len() - 1) as f32 } else { la.t0 };
        let (s, v) = la.support(p, la.line.at(t_end));
        v >= 4.0 && s >= 0.5 * v
    }

    /// Whether a point lies outside the frame or within 2% of its short side from the edge.
    fn beyond_frame(&self, p: Point) -> bool {
        let m = 0.02 * self.w.min(self.h);
        p.x < m || p.y < m || p.x > self.w - m || p.y > self.h - m
    }

    /// Rejects outlines that are not convex, too small, with a side much shorter than another
    /// ([`MIN_SIDE_SHARE`]), or reaching absurdly far out of the frame.
    /// Returns the least score per pixel of seen outline ([`Outline::fit`]) the outline must
    /// earn: 0, or [`CUT_FIT`] for one less than [`MIN_VISIBLE`] in view.
    fn plausible(&self, c: &[Point; 4]) -> Option<f32> {
        let (w, h) = (self.w, self.h);
        let mut sign = 0.0f32;
        let mut outside = 0;
        for i in 0..4 {
            let (p, q, r) = (c[i], c[(i + 1) % 4], c[(i + 2) % 4]);
            let cross = (q.x - p.x) * (r.y - q.y) - (q.y - p.y) * (r.x - q.x);
            if cross == 0.0 || (sign != 0.0 && cross.signum() != sign) {
                return None;
            }
            sign = cross.signum();
            if p.x < -0.5 * w || p.y < -0.5 * h || p.x > 1.5 * w || p.y > 1.5 * h {
                return None;
            }
            outside += (p.x < 0.0 || p.y < 0.0 || p.x > w || p.y > h) as usize;
        }
        let area = Quad { corners: *c }.area();
        if outside > 2 || area < self.opts.min_area * w * h || area > 1.5 * w * h {
            return None;
        }
        let sides = [0, 1, 2, 3].map(|i| distance(c[i], c[(i + 1) % 4]));
        if sides.iter().cloned().fold(f32::INFINITY, f32::min) < MIN_SIDE_SHARE * sides.iter().cloned().fold(0.0, f32::max) {
            return None;
        }
        // A document cut by the frame must still be mostly in view, or very clearly outlined.
        let in_view = if outside == 0 { 1.0 } else { visible_area(c, w, h) / area };
        match in_view {
            v if v >= MIN_VISIBLE => Some(0.0),
            v if v >= MIN_CUT_VISIBLE => Some(CUT_FIT),
            _ => None,
        }
    }

    /// Supported and visible lengths of the seen sides (`ids[i]` is side i's line), or `None`
    /// when a side is mostly unsupported.
    fn side_support(&self, ids: &[Option<usize>; 4], c: &[Point; 4]) -> Option<(f32, f32)> {
        let (mut sup, mut vis) = (0.0, 0.0);
        for (i, id) in ids.iter().enumerate() {
            let Some(li) = *id else { continue };
            let (s, v) = self.lines[li].support_between(c[i], c[(i + 1) % 4]);
            if v >= 4.0 && s < 0.3 * v {
                return None;
            }
            sup += s;
            vis += v;
        }
        Some((sup, vis))
    }

    /// Checks that each seen side is supported up to each corner inside the frame, and returns
    /// how many supporting pixels its line has beyond the corners (a document's side ends there;
    /// a desk's plank or a table edge runs on) with a score factor for the sides that thin out
    /// near a corner. `None` when a side fades before its corner.
    fn corner_evidence(&self, ids: &[Option<usize>; 4], c: &[Point; 4]) -> Option<(f32, f32)> {
        let (mut overshoot, mut factor) = (0.0, 1.0f32);
        let (near, far) = CORNER_STRETCH;
        for (i, id) in ids.iter().enumerate() {
            let Some(li) = *id else { continue };
            let (a, b) = (c[i], c[(i + 1) % 4]);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            for (p, sx, sy) in [(a, dx, dy), (b, -dx, -dy)] {
                if !self.inside(p) {
                    continue;
                }
                let at = |f: f32| Point { x: p.x + f * sx, y: p.y + f * sy };
                let (s_in, v_in) = self.lines[li].support(at(near), at(far));
                if v_in >= 3.0 {
                    // A card's edge against a busy desk loses some of its edge pixels to the
                    // desk's own stronger edges: thin support costs score, none vetoes.
                    let seen = s_in / v_in;
                    if seen < self.tests.corner_support {
                        return None;
                    }
                    factor *= (seen / FULL_CORNER_SUPPORT).min(1.0);
                }
                overshoot += self.lines[li].support(at(-far), at(-near)).0;
            }
        }
        Some((overshoot, factor))
    }

    /// The score factor from the colours across the seen sides: the mean of their
    /// [`Strip::coherence`] (or [`Strip::uniformity`], whichever is higher) divided by
    /// `1 + RING_WEIGHT × ring_spread`, or `None` when a side has too little coherence (a line
    /// through the desk, with the same surface on both sides, is no document's edge).
    fn coherence(&self, ids: &[Option<usize>; 4], c: &[Point; 4]) -> Option<f32> {
        let centre = Quad { corners: *c }.center();
        let (mut sum, mut n) = (0.0, 0.0);
        let mut ring = Vec::with_capacity(4);
        for (i, id) in ids.iter().enumerate() {
            if id.is_none() {
                continue;
            }
            let across = distance(c[(i + 1) % 4], c[(i + 2) % 4]);
            let offset = (STRIP_SHARE * across).clamp(MIN_STRIP_OFFSET, STRIP_OFFSET);
            let strip = Strip::across(self.work, c[i], c[(i + 1) % 4], centre, offset);
            let Some(k) = strip.coherence().map(|k| k.max(strip.uniformity())) else { continue };
            if k < self.tests.coherence {
                return None;
            }
            sum += k;
            n += 1.0;
            ring.push(strip);
        }
        let coherence = if n > 0.0 { sum / n } else { 1.0 };
        Some(coherence / (1.0 + RING_WEIGHT * ring_spread(&ring)))
    }

    /// The score factor from the print inside the outline: 1 when at least [`MIN_PRINT`] of the
    /// pixels of its `interior` (see [`Scene::interior`]) are edge pixels, falling in proportion
    /// below.
    fn print(&self, interior: &Region) -> f32 {
        (interior.density() / MIN_PRINT).min(1.0)
    }

    /// The score factor from how much the outline's inside differs in colour from its
    /// surroundings: 1 when the mean colour of its `interior` lies at least [`FULL_CONTRAST`] from
    /// the mean colour of the ring around it (the outline grown by [`RING_GROWTH`]), falling in
    /// proportion below, to no less than [`MIN_CONTRAST`].
    fn contrast(&self, interior: &Region, c: &[Point; 4]) -> f32 {
        let q = Quad { corners: *c };
        let inside = interior.mean_colour();
        let ring = self.sums.region(&q.shrunk(-RING_GROWTH).corners).without(self.sums.region(c));
        let around = ring.mean_colour();
        (gap(inside, around) / FULL_CONTRAST).clamp(MIN_CONTRAST, 1.0)
    }

    /// The score factor from the colour steps across the seen sides (`ids[i]` is side i's line):
    /// 1 when the second smallest (or the only one) lies at least [`FULL_SIDE_CONTRAST`] levels
    /// apart, falling in proportion below, to no less than [`MIN_SIDE_CONTRAST`]. The second
    /// smallest, so that one side against a surface of the document's own colour costs nothing.
    /// A step is the distance between the mean colours of the bands just inside and just outside
    /// the side (see [`SIDE_BAND`]); a side with either band out of the frame has none.
    fn edge_contrast(&self, ids: &[Option<usize>; 4], c: &[Point; 4]) -> f32 {
        let q = Quad { corners: *c };
        let (inward, outward) = (q.shrunk(SIDE_BAND).corners, q.shrunk(-SIDE_BAND).corners);
        let mut steps = [f32::INFINITY; 4];
        for i in (0..4).filter(|&i| ids[i].is_some()) {
            let j = (i + 1) % 4;
            let inner = self.sums.region(&[c[i], c[j], inward[j], inward[i]]);
            let outer = self.sums.region(&[outward[i], outward[j], c[j], c[i]]);
            if inner.pixels >= MIN_BAND_PIXELS && outer.pixels >= MIN_BAND_PIXELS {
                steps[i] = gap(inner.mean_colour(), outer.mean_colour());
            }
        }
        steps.sort_by(f32::total_cmp);
        // The only step when one was measured; none lowers nothing (the step is infinite).
        let second = if steps[1].is_finite() { steps[1] } else { steps[0] };
        (second / FULL_SIDE_CONTRAST).clamp(MIN_SIDE_CONTRAST, 1.0)
    }

    /// What lies inside the outline `c` shrunk by 10 % toward its centre, away from its own
    /// sides: where [`Scene::print`] and [`Scene::contrast`] read it.
    fn interior(&self, c: &[Point; 4]) -> Region {
        self.sums.region(&Quad { corners: *c }.shrunk(0.1).corners)
    }

    fn inside(&self, p: Point) -> bool {
        p.x >= 0.0 && p.y >= 0.0 && p.x <= self.w && p.y <= self.h
    }

    /// The outline with its score, or `None` when too little of it lies on edges.
    fn scored(&self, mut o: Outline, c: &[Point; 4], sup: f32, vis: f32, overshoot: f32, factor: f32) -> Option<Outline> {
        if vis <= 0.0 || sup < self.opts.min_support * vis {
            return None;
        }
        let gain = sup - GAP_PENALTY * (vis - sup) - OVERSHOOT_PENALTY * overshoot;
        o.score = gain * aspect_weight(c) * factor;
        o.seen = vis;
        (o.score > 0.0).then_some(o)
    }
}

/// The colours `offset` working pixels inside a side (toward the outline's centre) and as far
/// outside it, at up to [`STRIP_SAMPLES`] places along its middle 80 %; places outside
/// the image are left out.
struct Strip {
    inside: [[f32; 3]; STRIP_SAMPLES],
    outside: [[f32; 3]; STRIP_SAMPLES],
    n: usize,
}

const STRIP_SAMPLES: usize = 32;

impl Strip {
    /// Samples the side from `a` to `b` (working pixels) of the outline centred on `centre`.
    fn across(work: &Work, a: Point, b: Point, centre: Point, offset: f32) -> Strip {
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt().max(1e-3);
        let (dx, dy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let mid = Point { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0 };
        let toward = (-dy * (centre.x - mid.x) + dx * (centre.y - mid.y)).signum();
        let (nx, ny) = (-dy * toward * offset, dx * toward * offset);
        let (w, h) = (work.w as isize, work.h as isize);
        let at = |x: f32, y: f32| -> Option<[f32; 3]> {
            let (xi, yi) = (x.floor() as isize, y.floor() as isize);
            (xi >= 0 && yi >= 0 && xi < w && yi < h).then(|| work.rgb.each_ref().map(|p| p[yi as usize * work.w + xi as usize]))
        };
        let mut s = Strip { inside: [[0.0; 3]; STRIP_SAMPLES], outside: [[0.0; 3]; STRIP_SAMPLES], n: 0 };
        for j in 0..STRIP_SAMPLES {
            let t = 0.1 + 0.8 * (j as f32 + 0.5) / STRIP_SAMPLES as f32;
            let p = Point { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
            let (Some(i), Some(o)) = (at(p.x + nx, p.y + ny), at(p.x - nx, p.y - ny)) else { continue };
            s.inside[s.n] = i;
            s.outside[s.n] = o;
            s.n += 1;
        }
        s
    }

    /// The mean length of the colour steps across the side; `None` when fewer than 6 places
    /// lie inside the image.
    fn mean_step(&self) -> Option<f32> {
        (self.n >= 6).then(|| self.steps().map(length).sum::<f32>() / self.n as f32)
    }

    fn mean_inside(&self) -> [f32; 3] {
        mean_of(&self.inside[..self.n])
    }

    fn mean_outside(&self) -> [f32; 3] {
        mean_of(&self.outside[..self.n])
    }

    /// The colour steps from outside to inside.
    fn steps(&self) -> impl Iterator<Item = [f32; 3]> + '_ {
        self.inside[..self.n].iter().zip(&self.outside[..self.n]).map(|(i, o)| [i[0] - o[0], i[1] - o[1], i[2] - o[2]])
    }

    /// How much more the colour steps across the side than it varies along its inside:
    /// `1 − UNIFORM_WEIGHT × spread` (the spread as in [`ring_spread`], for this side alone),
    /// clamped to 0..1. A document's edge against a background that is lighter in places and
    /// darker in others (a building's panels and their shadows) steps both ways, so its
    /// [`Strip::coherence`] is low, but its inside is the document's one-coloured margin.
    fn uniformity(&self) -> f32 {
        (1.0 - UNIFORM_WEIGHT * ring_spread(std::slice::from_ref(self))).max(0.0)
    }

    /// How consistently the colour changes across the side: the length of the mean step over the
    /// mean length of the steps, 0..1. A document's edge has its own margin on one side and the
    /// desk on the other, so the step keeps its direction: near 1. A plank, a mortar line or a
    /// circuit trace has the same surface on both sides: the steps point anywhere, near 0.
    /// `None` when fewer than 6 places lie inside the image.
    fn coherence(&self) -> Option<f32> {
        let (mut mean, mut abs) = ([0.0f32; 3], 0.0f32);
        for d in self.steps() {
            (0..3).for_each(|k| mean[k] += d[k]);
            abs += length(d);
        }
        (self.n >= 6 && abs > 0.0).then(|| length(mean) / abs)
    }
}

/// The mean of some colours; black when there are none.
fn mean_of(colours: &[[f32; 3]]) -> [f32; 3] {
    let n = colours.len().max(1) as f32;
    [0, 1, 2].map(|k| colours.iter().map(|c| c[k]).sum::<f32>() / n)
}

/// The distance between two colours.
fn gap(p: [f32; 3], q: [f32; 3]) -> f32 {
    length([p[0] - q[0], p[1] - q[1], p[2] - q[2]])
}

fn distance(a: Point, b: Point) -> f32 {
    (a.x - b.x).hypot(a.y - b.y)
}

fn length(v: [f32; 3]) -> f32 {
    (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt()
}

/// How much the colour just inside each side varies along it, relative to the colour step across
/// the sides: the mean distance of the inside samples from their own side's mean colour over the
/// mean length of the steps (0 when the strip inside each side is one colour). A document is one
/// object: the strip just inside an edge is its margin, of one colour or a slow gradient (a
/// coloured header band changes the colour from one side to the next, not along a side), while
/// the strips inside an outline made of a portrait's frame, a building's panels or a desk's
/// pattern hold whatever those hold. On the corpus it lets the cut card crop:aa52b6d7a9ef9601
/// (seed 1) win over its own portrait's box (docs/ACCURACY.md).
fn ring_spread(ring: &[Strip]) -> f32 {
    let (mut spread, mut step) = (0.0f32, 0.0f32);
    for s in ring {
        let inside = &s.inside[..s.n];
        let mut mean = [0.0f32; 3];
        inside.iter().for_each(|c| (0..3).for_each(|k| mean[k] += c[k] / s.n.max(1) as f32));
        spread += inside.iter().map(|&c| gap(c, mean)).sum::<f32>();
        step += s.steps().map(length).sum::<f32>();
    }
    // With no samples both sums are 0, and so is the spread.
    spread / step.max(1e-3)
}

/// The side opposite `near`, between lines `a` and `b`, at `ratio` times the length of `near`'s
/// stretch between them (the sign of `ratio` picks the direction).
pub(super) fn extrapolate(near: &Line, a: &Line, b: &Line, ratio: f32) -> Option<Line> {
    let (pa, pb) = (near.intersect(a)?, near.intersect(b)?);
    let len = ((pa.x - pb.x).powi(2) + (pa.y - pb.y).powi(2)).sqrt();
    // Direction along a and b pointing to the same side of `near`.
    let dir = |l: &Line| {
        let (dx, dy) = (-l.sin, l.cos);
        let s = (dx * near.cos + dy * near.sin).signum();
        (dx * s, dy * s)
    };
    let (da, db) = (dir(a), dir(b));
    let d = ratio * len;
    let qa = Point { x: pa.x + d * da.0, y: pa.y + d * da.1 };
    let qb = Point { x: pb.x + d * db.0, y: pb.y + d * db.1 };
    Some(Line::through(qa, qb))
}

/// The score factor from how light the outline's `interior` is (see [`Scene::interior`]): 1 when
/// its mean level (the mean of its red, green and blue) is at least [`LIGHT_GROUND`], falling as
/// the square of the level below. A document is printed in dark ink on a light ground; a chip on
/// a circuit board, a card's portrait or a window is dark all over.
fn lightness(interior: &Region) -> f32 {
    let level = interior.mean_colour().iter().sum::<f32>() / 3.0;
    (level / LIGHT_GROUND).min(1.0).powi(2)
}

/// Preference for card-like proportions: 1 for a long/short side ratio between 1.25 and 1.85
/// (ID-1 and passport pages with some perspective), falling off outside.
fn aspect_weight(c: &[Point; 4]) -> f32 {
    let (a, b) = Quad { corners: *c }.side_lengths();
    let r = a.max(b) / a.min(b).max(1e-3);
    let off = if r < 1.25 { (1.25 / r).ln() } else if r > 1.85 { (r / 1.85).ln() } else { 0.0 };
    (-(off / 0.2).powi(2)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64×48 working image of one colour with a block of another at x 16..48, y 12..36.
    fn block_work(desk: [f32; 3], block: [f32; 3]) -> Work {
        let (w, h) = (64, 48);
        let rgb = [0, 1, 2].map(|k| (0..w * h).map(|i| if (16..48).contains(&(i % w)) && (12..36).contains(&(i / w)) { block[k] } else { desk[k] }).collect());
        Work { w, h, k: 1, rgb }
    }

    /// Calls `f` with the scene of an orange block on a grey desk ([`block_work`]), without lines.
    fn on_orange_block(f: impl FnOnce(&Scene)) {
        let opts = LocateOptions::default();
        let work = block_work([90.0; 3], [200.0, 120.0, 60.0]);
        let edges = edge_map(&work, opts.min_edge_strength);
        f(&Scene::new(&[], &edges, &work, &opts, STRICT));
    }

    #[test]
    fn an_outline_mostly_out_of_the_frame_must_fit_well() {
        // 32×24 outlines, wholly in the 64×48 frame, then with 3/4, 1/2 and 1/4 of their width in it.
        let at = |x: f32| [[x, 12.0], [x + 32.0, 12.0], [x + 32.0, 36.0], [x, 36.0]].map(|[x, y]| Point { x, y });
        on_orange_block(|scene| {
            assert_eq!(scene.plausible(&at(16.0)), Some(0.0));
            assert_eq!(scene.plausible(&at(40.0)), Some(0.0));
            assert_eq!(scene.plausible(&at(48.0)), Some(CUT_FIT));
            assert_eq!(scene.plausible(&at(56.0)), None);
        });
    }

    #[test]
    fn an_outline_with_a_side_much_shorter_than_another_is_no_document() {
        let quad = |c: [[f32; 2]; 4]| c.map(|[x, y]| Point { x, y });
        on_orange_block(|scene| {
            // Trapezoids 32 wide at the top, 16 and then 4 at the bottom.
            assert_eq!(scene.plausible(&quad([[16.0, 12.0], [48.0, 12.0], [40.0, 36.0], [24.0, 36.0]])), Some(0.0));
            assert_eq!(scene.plausible(&quad([[16.0, 12.0], [48.0, 12.0], [34.0, 36.0], [30.0, 36.0]])), None);
        });
    }

    #[test]
    fn a_side_that_fades_near_a_corner_is_found_only_by_the_loose_search() {
        // A light block (x 16.., y 20..100, a checker printed on it) running off a 140×120 frame
        // on the right, whose left edge is lost for y 80..96, near its lower corner, to a patch
        // of its colour beside it.
        let (w, h) = (140, 120);
        let colour = |x: usize, y: usize| match (x, y) {
            (30.., 35..85) if (x / 3 + y / 3) % 2 == 0 => 120.0,
            (16.., 20..100) | (8..16, 80..96) => 200.0,
            _ => 40.0,
        };
        let work = Work { w, h, k: 1, rgb: [0, 1, 2].map(|_| (0..w * h).map(|i| colour(i % w, i / w)).collect()) };
        let opts = LocateOptions::default();
        let edges = edge_map(&work, opts.min_edge_strength);
        let lines = find_lines(&edges);
        assert!(search(&Scene::new(&lines, &edges, &work, &opts, STRICT)).is_none());
        let found = best_outline(&lines, &edges, &work, &opts).expect("the block").corners();
        for p in [Point { x: 16.0, y: 20.0 }, Point { x: 16.0, y: 100.0 }] {
            assert!(found.iter().any(|q| distance(*q, p) < 2.0), "{p:?} not among {found:?}");
        }
    }

    /// The outline of the box x0..x1, y0..y1 with the given score and seen length; its bottom
    /// side not `observed` when `cut`.
    fn boxed(x0: f32, y0: f32, x1: f32, y1: f32, cut: bool, score: f32, seen: f32) -> Outline {
        let across = |y: f32| Line::through(Point { x: 0.0, y }, Point { x: 1.0, y });
        let down = |x: f32| Line::through(Point { x, y: 0.0 }, Point { x, y: 1.0 });
        Outline { sides: [across(y0), down(x1), across(y1), down(x0)], observed: [true, true, !cut, true], ratio: 0.0, score, seen }
    }

    #[test]
    fn an_outline_running_out_of_the_frame_gives_way_to_a_card_in_view_that_fits_better() {
        // On the 64×48 orange block scene: only the frame's size matters here.
        on_orange_block(|scene| {
            // A long outline running off the frame's lower edge, 0.3 per pixel.
            let chosen = boxed(2.0, 10.0, 40.0, 70.0, true, 60.0, 200.0);
            // A card in view beside it, 0.5 per pixel at 0.6 of its score: taken.
            let card = boxed(44.0, 4.0, 62.0, 16.0, false, 36.0, 72.0);
            let got = scene.card_in_view(&chosen, &[card]).expect("the card").corners();
            assert_eq!(got, card.corners());
            // Not when the chosen outline is in view, nor under half its score.
            assert!(scene.card_in_view(&boxed(2.0, 10.0, 40.0, 40.0, false, 60.0, 200.0), &[card]).is_none());
            assert!(scene.card_in_view(&chosen, &[Outline { score: 29.0, seen: 58.0, ..card }]).is_none());
            // Nor under 1.3 times its score per pixel: against 0.5 per pixel, 0.6 is not enough.
            let fitting = Outline { score: 100.0, ..chosen };
            assert!(scene.card_in_view(&fitting, &[Outline { score: 60.0, seen: 100.0, ..card }]).is_none());
            assert!(scene.card_in_view(&fitting, &[Outline { score: 60.0, seen: 90.0, ..card }]).is_some());
            // Nor under 0.45 per pixel: against 0.25, 0.4 is 1.6 times as much but not enough.
            let thin = Outline { score: 50.0, ..chosen };
            assert!(scene.card_in_view(&thin, &[Outline { seen: 90.0, ..card }]).is_none());
            assert!(scene.card_in_view(&thin, &[Outline { seen: 80.0, ..card }]).is_some());
            // Inside the chosen outline and aligned with it (its portrait, or a printed box of
            // the same page): not taken, even with its centre alone inside.
            let portrait = boxed(11.0, 16.0, 31.0, 32.0, false, 36.0, 72.0);
            assert!(scene.card_in_view(&chosen, &[portrait]).is_none());
            assert!(scene.card_in_view(&chosen, &[boxed(30.0, 4.0, 48.0, 16.0, false, 36.0, 72.0)]).is_none());
        });
    }

    #[test]
    fn edge_contrast_allows_one_side_on_the_desk_but_not_two() {
        let quad = |c: [[f32; 2]; 4]| c.map(|[x, y]| Point { x, y });
        let seen = [Some(0); 4];
        on_orange_block(|scene| {
            // The block's own outline, and the same grown to the right into the desk: one side
            // with desk on both of its sides.
            assert_eq!(scene.edge_contrast(&seen, &quad([[16.0, 12.0], [48.0, 12.0], [48.0, 36.0], [16.0, 36.0]])), 1.0);
            assert_eq!(scene.edge_contrast(&seen, &quad([[16.0, 12.0], [60.0, 12.0], [60.0, 36.0], [16.0, 36.0]])), 1.0);
            // Below the block, its lower edge as the near side, the far side unseen (beyond a
            // frame): the two sides between lie on the desk.
            let below = quad([[16.0, 36.0], [48.0, 36.0], [48.0, 60.0], [16.0, 60.0]]);
            assert_eq!(scene.edge_contrast(&[Some(0), Some(0), None, Some(0)], &below), MIN_SIDE_CONTRAST);
        });
    }

    #[test]
    fn contrast_is_full_for_a_block_unlike_its_surroundings_and_lowest_for_a_patch_of_desk() {
        let opts = LocateOptions::default();
        let block = [[16.0, 12.0], [48.0, 12.0], [48.0, 36.0], [16.0, 36.0]].map(|[x, y]| Point { x, y });
        for (desk, colour, want) in [([90.0; 3], [200.0, 120.0, 60.0], 1.0), ([90.0; 3], [100.0; 3], 10.0 * 3f32.sqrt() / FULL_CONTRAST), ([90.0; 3], [90.0; 3], MIN_CONTRAST)] {
            let work = block_work(desk, colour);
            let edges = edge_map(&work, opts.min_edge_strength);
            let scene = Scene::new(&[], &edges, &work, &opts, STRICT);
            let got = scene.contrast(&scene.interior(&block), &block);
            assert!((got - want).abs() < 1e-3, "desk {desk:?}, block {colour:?}: contrast {got}, want {want}");
        }
    }

    #[test]
    fn a_dark_inside_lowers_the_score_as_the_square_of_its_level() {
        // A light card, a dark blue one at the level of a card's ground, a chip half as light.
        let region = |rgb: [f32; 3]| Region { pixels: 100.0, edges: 20.0, rgb: rgb.map(|v| v * 100.0) };
        assert_eq!(lightness(&region([230.0, 200.0, 150.0])), 1.0);
        assert_eq!(lightness(&region([10.0, 60.0, 155.0])), 1.0);
        let chip = lightness(&region([LIGHT_GROUND / 2.0 - 5.0, LIGHT_GROUND / 2.0, LIGHT_GROUND / 2.0 + 5.0]));
        assert!((chip - 0.25).abs() < 1e-6, "{chip}");
        assert_eq!(lightness(&Region::default()), 0.0);
    }

    #[test]
    fn region_sums_count_the_pixels_edges_and_colours_inside() {
        let work = block_work([0.0; 3], [10.0, 20.0, 30.0]);
        let edges = edge_map(&work, 4.0);
        let sums = RowSums::new(&edges, &work);
        let r = sums.region(&[[16.0, 12.0], [48.0, 12.0], [48.0, 36.0], [16.0, 36.0]].map(|[x, y]| Point { x, y }));
        assert_eq!(r.pixels, 32.0 * 24.0);
        assert_eq!(r.mean_colour(), [10.0, 20.0, 30.0]);
        // The block's border is an edge on its inner row and column of pixels, nothing inside it.
        assert!(r.edges > 0.0 && r.edges < 2.0 * (32.0 + 24.0), "{} edge pixels", r.edges);
    }

    #[test]
    fn row_sums_are_each_rows_running_sums_exactly() {
        let (w, h) = (67, 23);
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * 255.0
        };
        let work = Work { w, h, k: 1, rgb: [(); 3].map(|_| (0..w * h).map(|_| next()).collect()) };
        let edges = edge_map(&work, 4.0);
        let sums = RowSums::new(&edges, &work);
        for y in 0..h {
            let (mut count, mut rgb) = (0u32, [0f32; 3]);
            assert_eq!((sums.edges[y * (w + 1)], sums.rgb.each_ref().map(|p| p[y * (w + 1)])), (0, [0.0; 3]));
            for x in 0..w {
                count += (edges.dir[y * w + x] != NO_EDGE) as u32;
                (0..3).for_each(|k| rgb[k] += work.rgb[k][y * w + x]);
                let at = y * (w + 1) + x + 1;
                assert_eq!(sums.edges[at], count);
                assert_eq!(sums.rgb.each_ref().map(|p| p[at].to_bits()), rgb.map(f32::to_bits), "({x}, {y})");
            }
        }
        assert!(sums.edges.iter().any(|&c| c > 0));
    }

    /// A light block (x 16..116, y 20..100) on a desk of grey `desk`, with a stripe of grey 90 at
    /// x `stripe` and, when `print`, a dark printed column at x 21..23 inside it; the lines
    /// found in it, and the outline whose left, top and bottom sides are the block's and whose
    /// right side is the line nearest x `right`.
    fn block_outline(desk: f32, stripe: usize, print: bool, right: f32, f: impl FnOnce(&Scene, Outline)) {
        let (w, h) = (160, 120);
        let colour = |x: usize, y: usize| match (x, y) {
            (21..23, 24..96) if print => 60.0,
            (16..116, 20..100) => 200.0,
            _ if x == stripe || x == stripe + 1 => 90.0,
            _ => desk,
        };
        let rgb = [0, 1, 2].map(|_| (0..w * h).map(|i| colour(i % w, i / w)).collect());
        let work = Work { w, h, k: 1, rgb };
        let opts = LocateOptions::default();
        let edges = edge_map(&work, opts.min_edge_strength);
        let lines = find_lines(&edges);
        let find = |deg: f32, x: f32, y: f32| {
            let at = Point { x, y };
            let near = lines.iter().filter(|l| angle_diff(l.deg, deg) < 3.0).min_by(|p, q| p.line.distance(at).abs().total_cmp(&q.line.distance(at).abs()));
            near.unwrap_or_else(|| panic!("no line at {deg} degrees")).line
        };
        let sides = [find(0.0, right, 60.0), find(90.0, 60.0, 20.0), find(0.0, 16.0, 60.0), find(90.0, 60.0, 100.0)];
        let outline = Outline { sides, observed: [true; 4], ratio: 0.0, score: 0.0, seen: 0.0 };
        f(&Scene::new(&lines, &edges, &work, &opts, STRICT), outline);
    }

    #[test]
    fn a_side_found_on_a_stripe_just_off_the_document_moves_in_to_its_edge() {
        // The stripe 6 pixels off the edge: nearer, the line search takes them for one line.
        block_outline(40.0, 122, false, 122.0, |scene, o| {
            let edge = Point { x: 116.0, y: 60.0 };
            assert!(o.sides[0].distance(edge).abs() > 3.0, "the stripe's line is the right side: {:?}", o.sides[0]);
            let moved = scene.snap_inward(o);
            assert!(moved.sides[0].distance(edge).abs() < 1.0, "{:?}", moved.sides[0]);
            assert_eq!(moved.sides[1..], o.sides[1..]);
        });
    }

    #[test]
    fn a_side_on_the_document_edge_stays_though_print_steps_more_inside() {
        // The block's own outline on a desk nearly its colour: its left side does not move to the
        // printed column's edge 5 pixels inside, which steps from 200 to 60 where the block's
        // edge steps from 170 to 200, because the strip inside the side is the block's colour.
        block_outline(170.0, 150, true, 116.0, |scene, o| {
            let moved = scene.snap_inward(o);
            assert_eq!(moved.sides, o.sides);
        });
    }

    #[test]
    fn a_portrait_lies_beside_the_text_upright_on_a_card_on_its_long_side() {
        // An ID-1 card 158.6 × 100 turned by `deg` degrees about the origin, and boxes on it
        // (x0, y0, x1, y1 in card units).
        for deg in [0.0f32, 90.0, 200.0] {
            let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
            let quad = |[x0, y0, x1, y1]: [f32; 4]| [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(|[x, y]| Point { x: x * c - y * s, y: x * s + y * c });
            let card = quad([0.0, 0.0, 158.6, 100.0]);
            // The portrait at 0.04–0.3 of the width and 0.2–0.7 of the height, at either end, and
            // poking a pixel out of the card's coarse outline.
            assert!(portrait_inside(&quad([6.3, 20.0, 47.6, 70.0]), &card), "{deg}");
            assert!(portrait_inside(&quad([111.0, 20.0, 152.3, 70.0]), &card), "{deg}");
            assert!(portrait_inside(&quad([-1.0, 20.0, 47.6, 70.0]), &card), "{deg}");
            // Not a portrait: the same box in the middle of the card, or lying on its long side,
            // or a box covering a third of the card (a card in a larger outline of its desk).
            assert!(!portrait_inside(&quad([58.6, 20.0, 99.9, 70.0]), &card), "{deg}");
            assert!(!portrait_inside(&quad([6.3, 30.0, 56.3, 60.0]), &card), "{deg}");
            assert!(!portrait_inside(&quad([6.3, 10.0, 60.0, 90.0]), &card), "{deg}");
            // Nor a box partly outside the card.
            assert!(!portrait_inside(&quad([-12.0, 20.0, 30.0, 70.0]), &card), "{deg}");
        }
    }

    #[test]
    fn a_portrait_gives_way_to_the_cut_card_around_it() {
        // A light card 158.6 × 100 (x 60.., y 25..125) running off a 200×150 frame on the right,
        // a dark box at its portrait's place (x 66..108, y 45..95) and the same box in its middle.
        for (x0, x1, card) in [(66, 108, true), (110, 152, false)] {
            let (w, h) = (200, 150);
            let colour = |x: usize, y: usize| match (x, y) {
                _ if (x0..x1).contains(&x) && (45..95).contains(&y) => 70.0,
                (60.., 25..125) => 210.0,
                _ => 40.0,
            };
            let work = Work { w, h, k: 1, rgb: [0, 1, 2].map(|_| (0..w * h).map(|i| colour(i % w, i / w)).collect()) };
            let opts = LocateOptions::default();
            let edges = edge_map(&work, opts.min_edge_strength);
            let lines = find_lines(&edges);
            let scene = Scene::new(&lines, &edges, &work, &opts, STRICT);
            let find = |deg: f32, at: Point| {
                let near = lines.iter().position(|l| angle_diff(l.deg, deg) < 3.0 && l.line.distance(at).abs() < 1.5);
                near.unwrap_or_else(|| panic!("no line at {deg} degrees through {at:?}"))
            };
            let (top, bottom, left) = (find(90.0, Point { x: 150.0, y: 25.0 }), find(90.0, Point { x: 150.0, y: 125.0 }), find(0.0, Point { x: 60.0, y: 75.0 }));
            // The box as the chosen outline, and the card's three seen sides as a runner-up.
            let sides = [(0.0, x1 as f32), (90.0, 45.0), (0.0, x0 as f32), (90.0, 95.0)].map(|(d, r)| Line::from_degrees(d, r));
            let portrait = Outline { sides, observed: [true; 4], ratio: 0.0, score: 1.0, seen: 184.0 };
            let runners: Vec<Runner> = [ID1_ASPECT, -ID1_ASPECT]
                .into_iter()
                .filter_map(|ratio| {
                    let o = scene.three_sides_at([top, bottom, left], &[], ratio, Floor::NONE, &mut Vec::new())?;
                    Some(Runner { corners: o.corners(), score: 100.0, lines: RunnerLines::Three([top, bottom, left], ratio) })
                })
                .collect();
            assert_eq!(runners.len(), 1, "the card's outline, its right side beyond the frame");
            let found = scene.card_around(&portrait, &runners);
            assert_eq!(found.is_some(), card, "box at x {x0}..{x1}: {found:?}");
            // A document held up in a selfie keeps its chosen outline.
            let held = LocateOptions { held_up: true, ..opts };
            assert!(Scene::new(&lines, &edges, &work, &held, STRICT).card_around(&portrait, &runners).is_none());
            if let Some(o) = found {
                let c = o.corners();
                for p in [Point { x: 60.0, y: 25.0 }, Point { x: 60.0, y: 125.0 }] {
                    assert!(c.iter().any(|q| distance(*q, p) < 2.0), "{p:?} not among {c:?}");
                }
            }
        }
    }

    #[test]
    fn an_inner_outline_counts_as_turned_only_beyond_aligned_degrees() {
        // An upright card, and a box inside it with one side turned by `deg`: a portrait found
        // a few degrees off the card's sides follows them; a card on a facade lies at its own angle.
        let outline = |degs: [f32; 4], rhos: [f32; 4]| {
            let sides = [0, 1, 2, 3].map(|i| Line::from_degrees(degs[i], rhos[i]));
            Outline { sides, observed: [true; 4], ratio: 0.0, score: 0.0, seen: 0.0 }
        };
        let card = outline([90.0, 0.0, 90.0, 0.0], [10.0, 10.0, 60.0, 90.0]);
        for (deg, turned) in [(0.0, false), (6.0, false), (ALIGNED - 0.5, false), (ALIGNED + 0.5, true), (8.0, true)] {
            let inner = outline([90.0, deg, 90.0, 0.0], [20.0, 20.0, 40.0, 50.0]);
            assert_eq!(turned_within(&inner, &card), turned, "a side turned {deg} degrees");
        }
    }

    #[test]
    fn side_seen_just_inside_the_frame_is_not_extrapolated_beyond_it() {
        // A light block on a dark desk, its top edge 3 px below the frame's (and one whose top is
        // cut by the frame): lines for its left, right and bottom sides, and the top side put 3 px
        // above the frame as if extrapolated.
        for (top, seen) in [(3, true), (-6, false)] {
            let (w, h) = (64, 96);
            let inside = |i: usize| (8..56).contains(&(i % w)) && (top..88).contains(&((i / w) as i32));
            let rgb = [0, 1, 2].map(|_| (0..w * h).map(|i| if inside(i) { 200.0 } else { 40.0 }).collect());
            let work = Work { w, h, k: 1, rgb };
            let opts = LocateOptions::default();
            let edges = edge_map(&work, opts.min_edge_strength);
            let lines = find_lines(&edges);
            let scene = Scene::new(&lines, &edges, &work, &opts, STRICT);
            let near = |deg: f32, at: Point| lines.iter().position(|l| angle_diff(l.deg, deg) < 3.0 && l.line.distance(at).abs() < 1.5);
            let find = |deg: f32, x: f32, y: f32| near(deg, Point { x, y }).unwrap_or_else(|| panic!("no line at {deg} degrees through ({x}, {y})"));
            let (a, b, c) = (find(0.0, 8.0, 50.0), find(0.0, 56.0, 50.0), find(90.0, 30.0, 88.0));
            let far = Line::from_degrees(90.0, -3.0);
            let sides = [lines[c].line, lines[a].line, far, lines[b].line];
            let outline = Outline { sides, observed: [true, true, false, true], ratio: 0.0, score: 0.0, seen: 0.0 };
            let rungs: Vec<usize> = (0..lines.len()).filter(|&e| scene.is_rung(a, b, e)).collect();
            assert_eq!(scene.far_side_seen(a, b, c, &rungs, &far, &outline.corners()), seen, "top at {top}");
        }
    }
}
