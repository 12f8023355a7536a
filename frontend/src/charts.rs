//! Charts of the dashboard, drawn as SVG by `plotters`: bars for counts per
//! key and lines for receipts and completions over days.

use plotters::prelude::*;

/// Size of a chart, in pixels (it scales with the page).
const SIZE: (u32, u32) = (440, 260);
/// The labels' size in the chart's own pixels: read at 12 px or more once
/// the chart is scaled down to a phone's width.
const LABEL_PX: u32 = 22;
/// Bars and the "received" line.
pub const BLUE: RGBColor = RGBColor(0x1f, 0x6f, 0xb2);
/// The "completed" line.
pub const GREEN: RGBColor = RGBColor(0x2e, 0x8b, 0x57);

/// A label cut to fit under its bar (the table beside the chart has it
/// whole).
fn short(label: &str) -> String {
    if label.chars().count() <= 9 {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(8).collect();
        s.push('…');
        s
    }
}

/// A bar per label, in order; empty when there is nothing to draw.
pub fn bars(labels: &[String], values: &[u64]) -> String {
    let mut svg = String::new();
    if labels.is_empty() {
        return svg;
    }
    let ok = draw_bars(&mut svg, labels, values).is_ok();
    if ok {
        svg
    } else {
        String::new()
    }
}

fn draw_bars<'a>(
    svg: &'a mut String,
    labels: &[String],
    values: &[u64],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let n = labels.len();
    let top = values.iter().copied().max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((0..n).into_segmented(), 0u64..top + top / 10 + 1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_style(("sans-serif", LABEL_PX))
        .y_label_style(("sans-serif", LABEL_PX))
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                short(labels.get(*i).map(String::as_str).unwrap_or_default())
            }
            SegmentValue::Last => String::new(),
        })
        .draw()?;
    chart.draw_series(
        Histogram::vertical(&chart)
            .style(BLUE.filled())
            .margin(6)
            .data(values.iter().enumerate().map(|(i, v)| (i, *v))),
    )?;
    root.present()?;
    Ok(())
}

/// Two lines over days: received and completed.
pub fn days(keys: &[String], received: &[u64], completed: &[u64], names: (&str, &str)) -> String {
    let mut svg = String::new();
    if keys.is_empty() {
        return svg;
    }
    if draw_days(&mut svg, keys, received, completed, names).is_ok() {
        svg
    } else {
        String::new()
    }
}

fn draw_days<'a>(
    svg: &'a mut String,
    keys: &[String],
    received: &[u64],
    completed: &[u64],
    names: (&str, &str),
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let n = keys.len();
    let top = received
        .iter()
        .chain(completed)
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0..n.max(2) - 1, 0u64..top + top / 10 + 1)?;
    chart
        .configure_mesh()
        .x_label_style(("sans-serif", LABEL_PX))
        .y_label_style(("sans-serif", LABEL_PX))
        .x_labels(6)
        .x_label_formatter(&|i| {
            keys.get(*i)
                .map(|k| k.get(5..).unwrap_or(k).to_string())
                .unwrap_or_default()
        })
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            received.iter().enumerate().map(|(i, v)| (i, *v)),
            BLUE.stroke_width(2),
        ))?
        .label(names.0.to_string())
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            completed.iter().enumerate().map(|(i, v)| (i, *v)),
            GREEN.stroke_width(2),
        ))?
        .label(names.1.to_string())
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], GREEN.stroke_width(2)));
    chart
        .configure_series_labels()
        .label_font(("sans-serif", LABEL_PX))
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}
