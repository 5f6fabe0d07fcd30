//! Go's `text/tabwriter` (no flags, space padding), which the original used for every table:
//! cells are tab-terminated, a column is as wide as its widest cell in each block of
//! consecutive lines that have it, plus padding (at least `minwidth`); the last cell of a
//! line is never padded.

/// Lays out `text` (lines of `\t`-separated cells) like `tabwriter.NewWriter(w, minwidth,
/// tabwidth, padding, ' ', 0)` followed by `Flush`.
pub fn format(text: &str, minwidth: usize, padding: usize) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    layout(
        &lines,
        0,
        lines.len(),
        &mut widths,
        minwidth,
        padding,
        &mut out,
    );
    if !ends_with_newline && out.ends_with('\n') {
        out.pop();
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn layout(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        // `this` starts a block of lines that all have a terminated cell in `column`.
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + padding);
            this += 1;
        }
        widths.push(w);
        layout(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(
    lines: &[Vec<&str>],
    line0: usize,
    line1: usize,
    widths: &[usize],
    out: &mut String,
) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() && j + 1 < line.len() {
                out.push_str(&" ".repeat(widths[j].saturating_sub(width(cell))));
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn pads_columns_but_not_the_last_cell() {
        let t = "Name\tState\tHealth\nc/t/web\tRUNNING\tHEALTHY\nc/t/db\tPENDING\t\n";
        assert_eq!(
            format(t, 4, 2),
            "Name     State    Health\nc/t/web  RUNNING  HEALTHY\nc/t/db   PENDING  \n"
        );
    }

    #[test]
    fn minwidth_applies() {
        assert_eq!(format("a\tb\n", 20, 3), format!("a{}b\n", " ".repeat(19)));
    }

    #[test]
    fn blocks_are_separated_by_lines_without_the_column() {
        assert_eq!(format("aaaa\tb\nx\nc\td\n", 1, 1), "aaaa b\nx\nc d\n");
    }
}
