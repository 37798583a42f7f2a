//! Charts of the figures, drawn with plotters: calls per hour of the day by
//! outcome (stacked bars) and how fast calls on the desk's line were
//! answered (one bar per span of seconds). A PNG goes into the client's
//! summary e-mail, an SVG into the window's figures panel; each comes with
//! a sentence that says what it shows, for the e-mail's text and for a
//! screen reader. Only numbers and the reader's own words are drawn, never
//! a caller's, a person's or a company's text.
//!
//! The PNG's text is drawn with DejaVu Sans carried in the binary, so the
//! image is the same on a desk with no fonts installed (a server's worker).

use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::Once;

use super::figures::{Bucket, Hour};
use crate::words::Words;

/// The charts' size in pixels: wide enough for 24 labelled bars, small
/// enough to read in a mail program's preview.
pub const SIZE: (u32, u32) = (720, 360);

/// Colours told apart also by readers with the common colour-blindnesses
/// (Okabe and Ito's palette); the text beside each chart carries the
/// numbers, so nothing depends on colour alone.
const PUT_THROUGH: RGBColor = RGBColor(0, 114, 178);
const MESSAGE: RGBColor = RGBColor(230, 159, 0);
const ANSWERED: RGBColor = RGBColor(0, 158, 115);
const NO_OUTCOME: RGBColor = RGBColor(153, 153, 153);
const TEXT: RGBColor = RGBColor(30, 30, 30);

static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
static REGISTER: Once = Once::new();

/// Why a chart could not be drawn (a bug, not the reader's doing: the
/// figures are counts the chart always fits).
#[derive(Debug, thiserror::Error)]
#[error("the chart could not be drawn: {0}")]
pub struct ChartError(String);

fn error(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

fn font() {
    REGISTER.call_once(|| {
        // The font is the one above, known to parse; were it not, plotters
        // would draw no text, and the charts' own test would fail.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

/// A chart as the window and the e-mail use it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// What the chart shows, in one or two sentences.
    pub said: String,
}

/// Calls per hour: the title and what it shows.
pub fn calls_per_hour(hours: &[Hour], words: &Words) -> Chart {
    let total: u32 = hours.iter().map(hour_total).sum();
    let busiest = hours.iter().max_by_key(|h| (hour_total(h), std::cmp::Reverse(h.hour)));
    let said = match busiest {
        Some(h) if total > 0 => words.with(
            "chartCallsPerHourSaid",
            &[
                ("calls", total.into()),
                ("hour", h.hour.into()),
                ("next", ((h.hour + 1) % 24).into()),
                ("most", hour_total(h).into()),
            ],
        ),
        _ => words.text("chartNoCalls"),
    };
    Chart { title: words.text("chartCallsPerHour"), said }
}

/// Answer times: the title and what it shows.
pub fn answer_times(buckets: &[Bucket], words: &Words) -> Chart {
    let total: u32 = buckets.iter().map(|b| b.calls).sum();
    let within: u32 = buckets.iter().filter(|b| b.to_s.is_some_and(|t| t <= 20)).map(|b| b.calls).sum();
    let said = if total == 0 {
        words.text("chartNoAnswerTimes")
    } else {
        words.with("chartAnswerTimesSaid", &[("within", within.into()), ("calls", total.into())])
    };
    Chart { title: words.text("chartAnswerTimes"), said }
}

fn hour_total(h: &Hour) -> u32 {
    h.transferred + h.messages + h.information + h.no_outcome
}

/// Calls per hour as a PNG.
pub fn calls_per_hour_png(hours: &[Hour], words: &Words) -> Result<Vec<u8>, ChartError> {
    png(|root| draw_hours(root, hours, words))
}

/// Calls per hour as an SVG document.
pub fn calls_per_hour_svg(hours: &[Hour], words: &Words) -> Result<String, ChartError> {
    svg(|root| draw_hours(root, hours, words))
}

/// Answer times as a PNG.
pub fn answer_times_png(buckets: &[Bucket], words: &Words) -> Result<Vec<u8>, ChartError> {
    png(|root| draw_answers(root, buckets, words))
}

/// Answer times as an SVG document.
pub fn answer_times_svg(buckets: &[Bucket], words: &Words) -> Result<String, ChartError> {
    svg(|root| draw_answers(root, buckets, words))
}

/// The y axis reaches a little above the tallest bar (room for the legend).
fn axis_top(top: u32) -> f64 {
    (f64::from(top) * 1.15).ceil().max(f64::from(top) + 1.0)
}

/// Whole numbers only: no more labels than there are whole steps.
fn y_labels(top: u32) -> usize {
    (axis_top(top) as usize + 1).min(11)
}

/// One outcome's bars: its word, its colour and how many calls it had in an hour.
type Layer = (&'static str, RGBColor, fn(&Hour) -> u32);

type Area<'a, DB> = DrawingArea<DB, Shift>;

fn png(draw: impl FnOnce(Area<'_, BitMapBackend<'_>>) -> Result<(), ChartError>) -> Result<Vec<u8>, ChartError> {
    font();
    let (w, h) = SIZE;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        draw(root)?;
    }
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, w, h);
    encoder.set_color(::png::ColorType::Rgb);
    encoder.set_depth(::png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(error)?;
    writer.write_image_data(&rgb).map_err(error)?;
    writer.finish().map_err(error)?;
    Ok(out)
}

fn svg(draw: impl FnOnce(Area<'_, SVGBackend<'_>>) -> Result<(), ChartError>) -> Result<String, ChartError> {
    font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        draw(root)?;
    }
    Ok(out)
}

fn draw_hours<DB: DrawingBackend>(root: Area<'_, DB>, hours: &[Hour], words: &Words) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(error)?;
    // The legend is a row of its own under the chart, so it never hides a bar.
    let (plot, legend) = root.split_vertically(SIZE.1 - 28);
    let top = hours.iter().map(hour_total).max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(&plot)
        .caption(words.text("chartCallsPerHour"), ("sans-serif", 20).into_font().color(&TEXT))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..24f64, 0f64..axis_top(top))
        .map_err(error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(13)
        .x_label_formatter(&|x| format!("{:.0}", x))
        .y_labels(y_labels(top))
        .y_label_formatter(&|y| format!("{:.0}", y))
        .light_line_style(WHITE)
        .x_desc(words.text("chartHour"))
        .y_desc(words.text("chartCalls"))
        .label_style(("sans-serif", 14).into_font().color(&TEXT))
        .draw()
        .map_err(error)?;
    // Stacked from the bottom in the order a client reads an outcome's
    // worth: put through, answered, message taken, nothing.
    let layers: [Layer; 4] = [
        ("chartPutThrough", PUT_THROUGH, |h| h.transferred),
        ("chartAnswered", ANSWERED, |h| h.information),
        ("chartMessage", MESSAGE, |h| h.messages),
        ("chartNoOutcome", NO_OUTCOME, |h| h.no_outcome),
    ];
    for (i, (_, colour, count)) in layers.iter().enumerate() {
        let bars = hours.iter().filter(|h| count(h) > 0).map(|h| {
            let below: u32 = layers[..i].iter().map(|(_, _, c)| c(h)).sum();
            let x = f64::from(h.hour);
            Rectangle::new([(x + 0.1, f64::from(below)), (x + 0.9, f64::from(below + count(h)))], colour.filled())
        });
        chart.draw_series(bars).map_err(error)?;
    }
    let font = ("sans-serif", 14).into_font().color(&TEXT);
    let mut x = 60;
    for (word, colour, _) in layers {
        let text = words.text(word);
        legend.draw(&Rectangle::new([(x, 6), (x + 14, 20)], colour.filled())).map_err(error)?;
        legend.draw(&Text::new(text.clone(), (x + 20, 6), font.clone())).map_err(error)?;
        let (w, _) = legend.estimate_text_size(&text, &font).map_err(error)?;
        x += 20 + w as i32 + 24;
    }
    root.present().map_err(error)
}

fn draw_answers<DB: DrawingBackend>(root: Area<'_, DB>, buckets: &[Bucket], words: &Words) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(error)?;
    let top = buckets.iter().map(|b| b.calls).max().unwrap_or(0).max(1);
    let labels: Vec<String> = buckets
        .iter()
        .map(|b| match b.to_s {
            Some(to) => format!("{}–{}", b.from_s, to),
            None => format!("{}+", b.from_s),
        })
        .collect();
    let n = buckets.len().max(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(words.text("chartAnswerTimes"), ("sans-serif", 20).into_font().color(&TEXT))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..n, 0f64..axis_top(top))
        .map_err(error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(buckets.len() * 2 + 1)
        // A label under each bar's middle, none at its edges.
        .x_label_formatter(&|x| {
            let i = x - 0.5;
            if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
                labels.get(i.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(y_labels(top))
        .y_label_formatter(&|y| format!("{:.0}", y))
        .light_line_style(WHITE)
        .x_desc(words.text("chartSeconds"))
        .y_desc(words.text("chartCalls"))
        .label_style(("sans-serif", 14).into_font().color(&TEXT))
        .draw()
        .map_err(error)?;
    chart
        .draw_series(buckets.iter().enumerate().map(|(i, b)| {
            let x = i as f64;
            Rectangle::new([(x + 0.15, 0.0), (x + 0.85, f64::from(b.calls))], PUT_THROUGH.filled())
        }))
        .map_err(error)?;
    root.present().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::figures::answer_buckets;
    use crate::model::Language;

    fn day() -> Vec<Hour> {
        (0..24)
            .map(|hour| Hour {
                hour,
                transferred: if (8..16).contains(&hour) { 3 } else { 0 },
                messages: if hour == 10 { 4 } else { 0 },
                information: u32::from(hour == 9),
                no_outcome: u32::from(hour == 22),
            })
            .collect()
    }

    #[test]
    fn the_png_is_a_png_of_the_charts_size() {
        let png = calls_per_hour_png(&day(), Words::of(Language::Fi)).unwrap();
        let decoder = ::png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), SIZE);
        let png = answer_times_png(&answer_buckets(&[3.0, 12.0, 12.5, 80.0]), Words::of(Language::Sv)).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn the_png_has_text_drawn_in_it() {
        // Text drawn with the carried font darkens pixels the bars leave
        // white: the caption's row has dark pixels.
        let png = calls_per_hour_png(&vec![Hour::default(); 24], Words::of(Language::En)).unwrap();
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let row = |y: usize| &buf[y * SIZE.0 as usize * 3..(y + 1) * SIZE.0 as usize * 3];
        assert!((10..34).any(|y| row(y).iter().any(|&v| v < 100)), "no caption drawn");
    }

    #[test]
    fn the_svg_names_its_outcomes_in_the_readers_language() {
        let svg = calls_per_hour_svg(&day(), Words::of(Language::Fi)).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(&Words::of(Language::Fi).text("chartPutThrough")));
        assert!(svg.contains(&Words::of(Language::Fi).text("chartCallsPerHour")));
        let svg = answer_times_svg(&answer_buckets(&[3.0]), Words::of(Language::En)).unwrap();
        assert!(svg.contains("60+"));
    }

    #[test]
    fn what_a_chart_shows_is_said_in_words() {
        let en = Words::of(Language::En);
        assert_eq!(calls_per_hour(&day(), en).said, "30 calls; the busiest hour 10:00–11:00 with 7.");
        assert_eq!(calls_per_hour(&vec![Hour::default(); 24], en).said, en.text("chartNoCalls"));
        assert_eq!(
            answer_times(&answer_buckets(&[3.0, 12.0, 25.0, 80.0]), en).said,
            "2 of 4 calls on the line answered within 20 seconds."
        );
    }
}
