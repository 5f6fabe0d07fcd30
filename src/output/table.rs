//! The tables the original printed through libcompose's `InfoSet.String`: Go's `text/tabwriter`
//! with minwidth 4, tabwidth 4, padding 2 and space padding. Every cell but the last of a row is
//! padded to its column's width; the last cell is written as it is, so a row whose last cell is
//! empty keeps the padding of the cell before it. The header is written only with the first row,
//! so an empty table prints nothing at all.

const MIN_WIDTH: usize = 4;
const PADDING: usize = 2;

/// Renders `rows` under `header` the way `InfoSet.String(columns, true)` did.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut text = header.join("\t");
    text.push('\n');
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    crate::go::tabwriter::format(&text, MIN_WIDTH, PADDING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_table_prints_nothing() {
        assert_eq!(render(&["A", "B"], &[]), "");
    }

    #[test]
    fn columns_are_padded_like_tabwriter() {
        let t = render(
            &["Name", "State", "Health"],
            &[
                vec!["a/b/web".into(), "RUNNING".into(), "HEALTHY".into()],
                vec!["a/b/x".into(), "".into(), "".into()],
            ],
        );
        assert_eq!(
            t,
            "Name     State    Health\na/b/web  RUNNING  HEALTHY\na/b/x             \n"
        );
    }

    #[test]
    fn min_width_applies() {
        assert_eq!(
            render(&["A", "B"], &[vec!["x".into(), "y".into()]]),
            "A   B\nx   y\n"
        );
    }
}
