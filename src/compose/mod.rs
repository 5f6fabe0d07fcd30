//! The compose → task definition translator (see docs/compose.md).
