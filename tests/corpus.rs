//! The corpus generator: the same seed gives the same photo, and labels agree with the pixels.
#![cfg(feature = "corpus")]

use kyc_preflight::corpus::{generate, sample_seed, Band, Class, Material};

fn no_photos() -> Material {
    Material { backgrounds: Vec::new(), portraits: Vec::new(), fonts: Default::default() }
}

#[test]
fn same_seed_same_sample_and_other_seed_another() {
    let m = no_photos();
    let seed = sample_seed(7, Class::Glare, 3);
    let a = generate(seed, Class::Glare, 0.25, &m);
    let b = generate(seed, Class::Glare, 0.25, &m);
    assert_eq!(a, b);
    let c = generate(sample_seed(7, Class::Glare, 4), Class::Glare, 0.25, &m);
    assert_ne!(a.jpeg, c.jpeg);
}

#[test]
fn labels_agree_with_the_image() {
    let m = no_photos();
    for class in Class::ALL {
        for i in 0..3 {
            let s = generate(sample_seed(11, class, i), class, 0.25, &m);
            let img = image::load_from_memory(&s.jpeg).expect("a decodable JPEG").to_rgb8();
            assert_eq!((img.width(), img.height()), (s.width, s.height));
            let (w, h) = (s.width as f32, s.height as f32);
            let outside = s.label.quad.iter().any(|p| p[0] < 0.0 || p[1] < 0.0 || p[0] > w || p[1] > h);
            match class {
                Class::Clean => {
                    assert_eq!((s.label.band, s.label.severity), (Band::Fine, 0.0));
                    assert!(!outside, "a clean card lies inside the frame: {:?}", s.label.quad);
                }
                Class::Crop => assert_eq!(outside, s.label.severity > 0.0, "{:?}", s.label),
                Class::Glare | Class::Blur => assert!(s.label.severity > 0.0),
                Class::Gray => {
                    if s.label.variant == "exact" {
                        assert!(img.pixels().all(|p| p[0].abs_diff(p[1]) <= 3 && p[1].abs_diff(p[2]) <= 3));
                    }
                }
            }
        }
    }
}
