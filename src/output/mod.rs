//! What commands print besides log lines: the tables of `ps`, `compose ps` and
//! `check-attributes` ([`table`]).

pub mod table;
