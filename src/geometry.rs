//! Points, boxes and quadrilaterals in image coordinates (pixels of the input image).

use serde::{Deserialize, Serialize};

/// A point in image pixels; x grows right, y grows down.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An axis-aligned box in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// A quadrilateral with corners in the order top-left, top-right, bottom-right, bottom-left.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Quad {
    pub corners: [Point; 4],
}

impl Rect {
    /// The box scaled by `s` about the origin (used to map analysis coordinates to image ones).
    pub fn scaled(&self, s: f32) -> Rect {
        Rect { x: self.x * s, y: self.y * s, width: self.width * s, height: self.height * s }
    }

    pub fn area(&self) -> f32 {
        self.width.max(0.0) * self.height.max(0.0)
    }

    /// The part of the box inside a `width`×`height` frame.
    pub fn clamped(&self, width: u32, height: u32) -> Rect {
        let (x0, y0) = (self.x.clamp(0.0, width as f32), self.y.clamp(0.0, height as f32));
        let x1 = (self.x + self.width).clamp(x0, width as f32);
        let y1 = (self.y + self.height).clamp(y0, height as f32);
        Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
    }
}

impl Quad {
    /// The quadrilateral scaled by `s` about the origin.
    pub fn scaled(&self, s: f32) -> Quad {
        let mut q = *self;
        for p in &mut q.corners {
            p.x *= s;
            p.y *= s;
        }
        q
    }

    /// Area by the shoelace formula (always non-negative).
    pub fn area(&self) -> f32 {
        let c = &self.corners;
        let mut twice = 0.0;
        for i in 0..4 {
            let (a, b) = (c[i], c[(i + 1) % 4]);
            twice += a.x * b.y - b.x * a.y;
        }
        twice.abs() / 2.0
    }

    /// The smallest axis-aligned box holding all four corners.
    pub fn bounds(&self) -> Rect {
        let xs = self.corners.map(|p| p.x);
        let ys = self.corners.map(|p| p.y);
        let (x0, x1) = (xs.iter().cloned().fold(f32::MAX, f32::min), xs.iter().cloned().fold(f32::MIN, f32::max));
        let (y0, y1) = (ys.iter().cloned().fold(f32::MAX, f32::min), ys.iter().cloned().fold(f32::MIN, f32::max));
        Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
    }

    /// Mean length of the top and bottom edges, and of the left and right edges.
    pub fn side_lengths(&self) -> (f32, f32) {
        let d = |a: Point, b: Point| ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
        let c = &self.corners;
        ((d(c[0], c[1]) + d(c[3], c[2])) / 2.0, (d(c[0], c[3]) + d(c[1], c[2])) / 2.0)
    }

    /// The centroid of the four corners.
    pub fn center(&self) -> Point {
        let c = &self.corners;
        Point { x: c.iter().map(|p| p.x).sum::<f32>() / 4.0, y: c.iter().map(|p| p.y).sum::<f32>() / 4.0 }
    }

    /// The quadrilateral moved toward its centre by `fraction` of each corner's distance to it.
    pub fn shrunk(&self, fraction: f32) -> Quad {
        let m = self.center();
        let mut q = *self;
        for p in &mut q.corners {
            p.x += (m.x - p.x) * fraction;
            p.y += (m.y - p.y) * fraction;
        }
        q
    }

    /// The axis-aligned box covering the central `fraction` of a `width`×`height` frame along
    /// each axis, as a quadrilateral: where a check looks when no document was located.
    pub fn central(width: u32, height: u32, fraction: f32) -> Quad {
        let (w, h) = (width as f32, height as f32);
        let (x0, y0) = (w * (1.0 - fraction) / 2.0, h * (1.0 - fraction) / 2.0);
        let (x1, y1) = (w - x0, h - y0);
        let p = |x, y| Point { x, y };
        Quad { corners: [p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)] }
    }

    /// The point at (`u`, `v`) in the unit square mapped bilinearly onto the quadrilateral:
    /// (0, 0) is the top-left corner, (1, 0) the top-right, (1, 1) the bottom-right.
    pub fn lerp(&self, u: f32, v: f32) -> Point {
        let c = &self.corners;
        let top = (c[0].x + (c[1].x - c[0].x) * u, c[0].y + (c[1].y - c[0].y) * u);
        let bottom = (c[3].x + (c[2].x - c[3].x) * u, c[3].y + (c[2].y - c[3].y) * u);
        Point { x: top.0 + (bottom.0 - top.0) * v, y: top.1 + (bottom.1 - top.1) * v }
    }

    /// Whether the point lies inside the (convex) quadrilateral.
    pub fn contains(&self, p: Point) -> bool {
        let c = &self.corners;
        let mut sign = 0.0f32;
        for i in 0..4 {
            let (a, b) = (c[i], c[(i + 1) % 4]);
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
            if cross != 0.0 {
                if sign != 0.0 && cross.signum() != sign {
                    return false;
                }
                sign = cross.signum();
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Quad {
        let p = |x, y| Point { x, y };
        Quad { corners: [p(0.0, 0.0), p(10.0, 0.0), p(10.0, 5.0), p(0.0, 5.0)] }
    }

    #[test]
    fn area_and_bounds_of_a_rectangle() {
        let q = square();
        assert_eq!(q.area(), 50.0);
        assert_eq!(q.bounds(), Rect { x: 0.0, y: 0.0, width: 10.0, height: 5.0 });
        assert_eq!(q.side_lengths(), (10.0, 5.0));
    }

    #[test]
    fn contains_inside_but_not_outside() {
        let q = square();
        assert!(q.contains(Point { x: 5.0, y: 2.0 }));
        assert!(!q.contains(Point { x: 11.0, y: 2.0 }));
        assert!(!q.contains(Point { x: 5.0, y: -1.0 }));
    }

    #[test]
    fn central_region_and_bilinear_map() {
        let q = Quad::central(100, 50, 0.5);
        assert_eq!(q.bounds(), Rect { x: 25.0, y: 12.5, width: 50.0, height: 25.0 });
        assert_eq!(q.lerp(0.0, 0.0), q.corners[0]);
        assert_eq!(q.lerp(1.0, 1.0), q.corners[2]);
        assert_eq!(q.lerp(0.5, 0.5), Point { x: 50.0, y: 25.0 });
    }
}
