//! Bad input through the native core: each gives its typed error, quickly, without a large allocation.

mod common;

use kyc_preflight::{validate, Error, Input, Options, Report};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Records the largest single allocation made on the current thread.
struct Tracking;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
}

#[global_allocator]
static ALLOC: Tracking = Tracking;

/// A bad input may allocate no more than this at once (the inputs themselves are under 200 KB).
const MAX_ALLOCATION: usize = 8 << 20;
/// And must be refused within this time (debug build; each takes well under 10 ms).
const MAX_TIME: Duration = Duration::from_millis(500);

/// Validates `bytes`, returning the result with the time taken and the largest allocation made.
fn run(bytes: &[u8]) -> (Result<Report, Error>, Duration, usize) {
    LARGEST.with(|l| l.set(0));
    let start = Instant::now();
    let result = validate(Input::Encoded(bytes), &Options::default());
    let elapsed = start.elapsed();
    (result, elapsed, LARGEST.with(|l| l.get()))
}

/// Asserts that `bytes` is refused with an error matching `expected`, quickly and cheaply.
fn refused(name: &str, bytes: &[u8], expected: fn(&Error) -> bool) -> Error {
    let (result, elapsed, largest) = run(bytes);
    let err = result.expect_err(&format!("{name} must be refused"));
    assert!(expected(&err), "{name}: unexpected error {err:?}");
    assert!(elapsed < MAX_TIME, "{name}: took {elapsed:?}");
    assert!(largest < MAX_ALLOCATION, "{name}: allocated {largest} bytes at once");
    err
}

#[test]
fn empty_input_is_empty() {
    let err = refused("empty", &[], |e| *e == Error::Empty);
    assert_eq!(err.code(), "empty");
}

#[test]
fn empty_rgba_buffer_is_empty() {
    let r = validate(Input::Rgba { data: &[], width: 0, height: 0 }, &Options::default());
    assert_eq!(r.unwrap_err(), Error::Empty);
}

#[test]
fn random_bytes_are_not_an_image() {
    let err = refused("random", &common::random_bytes(5000, 1), |e| matches!(e, Error::UnsupportedFormat(_)));
    assert_eq!(err, Error::UnsupportedFormat("not an image".into()));
    assert_eq!(err.code(), "unsupported-format");
}

#[test]
fn a_png_signature_followed_by_garbage_is_corrupt() {
    let err = refused("corrupt png", &common::corrupt_png(), |e| matches!(e, Error::Corrupt(_)));
    assert_eq!(err.code(), "corrupt");
    assert_eq!(err, Error::Corrupt("the PNG data is damaged".into()));
}

#[test]
fn a_jpeg_cut_in_its_scan_is_corrupt() {
    refused("truncated jpeg", &common::truncated_jpeg(), |e| matches!(e, Error::Corrupt(_)));
}

#[test]
fn a_cut_jpeg_is_corrupt_even_when_its_thumbnail_has_an_end_marker() {
    refused("truncated jpeg with thumbnail", &common::truncated_jpeg_after_thumbnail(), |e| {
        matches!(e, Error::Corrupt(_))
    });
}

#[test]
fn a_png_cut_in_its_idat_is_corrupt() {
    let err = refused("truncated png", &common::truncated_png(), |e| matches!(e, Error::Corrupt(_)));
    assert_eq!(err, Error::Corrupt("the PNG data ends before the image does".into()));
}

#[test]
fn a_png_claiming_100000_by_100000_is_too_large_before_allocating() {
    let err = refused("huge png", &common::huge_png(), |e| matches!(e, Error::TooLarge { .. }));
    assert_eq!(err, Error::TooLarge { width: 100_000, height: 100_000, max_pixels: 50_000_000 });
    assert_eq!(err.code(), "too-large");
}

#[test]
fn a_jpeg_claiming_65535_by_65535_is_too_large_before_allocating() {
    let err = refused("huge jpeg", &common::huge_jpeg(), |e| matches!(e, Error::TooLarge { .. }));
    assert_eq!(err, Error::TooLarge { width: 65_535, height: 65_535, max_pixels: 50_000_000 });
}

#[test]
fn webp_cut_damaged_or_claiming_400_megapixels_is_refused_with_its_code() {
    let err = refused("huge webp", &common::huge_webp(), |e| matches!(e, Error::TooLarge { .. }));
    assert_eq!(err, Error::TooLarge { width: 20_000, height: 20_000, max_pixels: 50_000_000 });
    refused("truncated webp", &common::truncated_webp(), |e| matches!(e, Error::Corrupt(_)));
    // The native build decodes WebP, so a bitstream of noise is found damaged by the decoder.
    refused("bad webp bitstream", &common::webp_with_bad_bitstream(320, 200), |e| matches!(e, Error::Corrupt(_)));
}

#[test]
fn the_header_size_is_read_from_each_kind_of_webp() {
    use kyc_preflight::container::walk;
    let lossless = [vec![0x2F], (299u32 | (199 << 14)).to_le_bytes().to_vec()].concat();
    assert_eq!(walk(&common::webp_file(&[(b"VP8L", lossless)])).size, Some((300, 200)));
    let lossy = [&[0, 0, 0, 0x9D, 0x01, 0x2A][..], &640u16.to_le_bytes(), &480u16.to_le_bytes()].concat();
    assert_eq!(walk(&common::webp_file(&[(b"VP8 ", lossy.clone())])).size, Some((640, 480)));
    // The extended format's canvas comes first and is the image's size.
    let canvas = [&[0u8; 4][..], &3999u32.to_le_bytes()[..3], &2999u32.to_le_bytes()[..3]].concat();
    let extended = common::webp_file(&[(b"VP8X", canvas), (b"VP8 ", lossy)]);
    assert_eq!(walk(&extended).size, Some((4000, 3000)));
    assert_eq!(walk(&extended).damage, None);
    assert!(walk(&extended[..extended.len() - 4]).damage.is_some());
}

#[test]
fn an_rgba_buffer_of_the_wrong_length_is_refused() {
    let data = vec![0u8; 10 * 10 * 4 - 1];
    let r = validate(Input::Rgba { data: &data, width: 10, height: 10 }, &Options::default());
    assert_eq!(r.unwrap_err(), Error::BufferSize { len: 399, width: 10, height: 10, expected: 400 });
}

#[test]
fn an_rgba_size_over_the_limit_is_too_large_without_reading_the_buffer() {
    let r = validate(Input::Rgba { data: &[], width: 100_000, height: 100_000 }, &Options::default());
    assert!(matches!(r, Err(Error::TooLarge { width: 100_000, height: 100_000, .. })));
}

#[test]
fn a_lower_pixel_limit_in_the_options_is_honoured() {
    let opts = Options { max_pixels: Some(1000), ..Options::default() };
    let r = validate(Input::Encoded(&common::colour_png()), &opts);
    assert_eq!(r.unwrap_err(), Error::TooLarge { width: 320, height: 200, max_pixels: 1000 });
}

#[test]
fn valid_photos_still_pass_through() {
    for (name, bytes) in [
        ("jpeg", common::colour_jpeg()),
        ("png", common::colour_png()),
        ("jpeg with thumbnail", common::jpeg_with_thumbnail()),
        ("jpeg with data after its end", common::jpeg_with_trailer()),
    ] {
        let (result, _, _) = run(&bytes);
        let report = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!((report.width, report.height), (320, 200), "{name}");
    }
}

#[test]
fn the_allocation_tracker_sees_a_large_allocation() {
    // Shows that the bound above means something: a valid 320×200 photo allocates its pixels.
    let (result, _, largest) = run(&common::colour_png());
    assert!(result.is_ok());
    assert!(largest >= 320 * 200 * 3, "largest allocation {largest}");
}

#[test]
fn damaged_copies_of_a_jpeg_and_a_png_give_a_report_or_an_error_never_a_panic() {
    // 48 damaged copies of each: cut at some byte, a few bytes changed anywhere or in the
    // header, or a run of up to 64 bytes taken out. Each must come back as a report or one of
    // the typed errors; a panic in the decoders or the checks would fail here.
    let mut state = 2024u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut reports, mut errors) = (0, 0);
    for (name, original) in [("jpeg", common::colour_jpeg()), ("png", common::colour_png())] {
        for i in 0..48 {
            let mut bytes = original.clone();
            let at = |r: u64, len: usize| (r % len as u64) as usize;
            match i % 4 {
                0 => bytes.truncate(at(next(), original.len())),
                1 => (0..1 + next() % 8).for_each(|_| {
                    let k = at(next(), bytes.len());
                    bytes[k] = next() as u8;
                }),
                2 => bytes[at(next(), 600.min(original.len()))] = next() as u8,
                _ => {
                    let k = at(next(), bytes.len());
                    let end = (k + (next() % 64) as usize).min(bytes.len());
                    bytes.drain(k..end);
                }
            }
            match std::panic::catch_unwind(|| validate(Input::Encoded(&bytes), &Options::default())) {
                Ok(Ok(_)) => reports += 1,
                Ok(Err(_)) => errors += 1,
                Err(_) => panic!("{name} copy {i} ({} bytes) panicked", bytes.len()),
            }
        }
    }
    // Both outcomes occur: the damage is not all harmless, nor all fatal.
    assert!(reports > 0 && errors > 0, "{reports} reports, {errors} errors");
}
