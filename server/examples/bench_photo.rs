//! Writes a phone-sized JPEG of at least the given number of bytes, for `scripts/bench.sh`
//! (submitting an application with two 3 MB photos). `bench_photo OUT BYTES SEED`
fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("output path");
    let want: usize = args.next().and_then(|b| b.parse().ok()).unwrap_or(3_000_000);
    let seed: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let (mut w, mut h) = (1600u32, 1200u32);
    loop {
        // Photo-like: smooth gradients plus sensor noise, so JPEG cannot squeeze it away.
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed).wrapping_mul(2_246_822_519) >> 26;
            image::Rgb([((x * 255 / w) as u8).wrapping_add(n as u8), ((y * 255 / h) as u8).wrapping_add(n as u8), (n * 4) as u8])
        });
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 92))
            .expect("encode");
        if bytes.len() >= want {
            std::fs::write(&out, bytes).expect("write");
            return;
        }
        w += w / 12;
        h += h / 12;
    }
}
