//! go-yaml v2 (`gopkg.in/yaml.v2`), the YAML library behind every file the original reads or
//! writes: compose files (through libcompose and docker/cli), ecs-params, registry-creds output
//! files, and `~/.ecs/config` / `~/.ecs/credentials`.
//!
//! Reading goes through libyaml's events (`unsafe-libyaml` is the C libyaml that go-yaml
//! ported, so parse errors read the same), then go-yaml's rules on top: YAML 1.1 resolution
//! (`yes`, `0x1F`, `017`), the raw text of scalars decoded into string fields (`version: 3.0`
//! is "3.0"), duplicate keys (the last wins), merge keys in document order, and go-yaml's
//! `cannot unmarshal` type errors with their lines. Writing is go-yaml's encoder on libyaml's
//! emitter. Pure code: no clap, tokio or AWS (the compose fuzz target includes it).

mod decode;
mod encode;
mod parser;
mod resolve;
mod value;

pub use decode::{collect_entries, load_value, Decoder, ValueDecoder};
pub use encode::{key_cmp, marshal, Doc};
pub use parser::{parse, Kind, Node, Style};
pub use resolve::{resolve, short_tag};
pub use value::{Map, Value};
