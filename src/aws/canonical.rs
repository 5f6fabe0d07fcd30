//! A canonical JSON text of an SDK request, for cache keys: every member the SDK's schema
//! serialises (so no field can be left out by hand), under the API's member names, with the
//! keys of every object and map sorted and unset members absent. Unlike the types' `Debug`
//! output, this text only changes when the request does (or when the API itself adds a member
//! that the request then sets).
//!
//! It is built through the schema-driven serializer interface the SDK's types implement
//! (`aws_smithy_schema::serde::SerializableStruct`).

use std::collections::BTreeMap;

use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeSerializer};
use aws_smithy_schema::Schema;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use serde_json::{Map, Value};

/// The canonical JSON value of a request or any other SDK structure.
pub fn to_value(value: &dyn SerializableStruct) -> Result<Value, SerdeError> {
    let mut ser = Canonical::default();
    ser.write_struct(value.schema(), value)?;
    Ok(ser.root.unwrap_or(Value::Null))
}

/// One open structure, list or map while its members are written.
enum Frame {
    Struct(BTreeMap<String, Value>),
    List(Vec<Value>),
    /// Entries so far, and the key whose value comes next.
    Map(BTreeMap<String, Value>, Option<String>),
}

#[derive(Default)]
struct Canonical {
    stack: Vec<Frame>,
    root: Option<Value>,
}

fn object(entries: BTreeMap<String, Value>) -> Value {
    // BTreeMap iterates in key order, so the JSON object's keys are sorted.
    Value::Object(entries.into_iter().collect::<Map<String, Value>>())
}

fn document(d: &Document) -> Value {
    match d {
        Document::Object(m) => object(m.iter().map(|(k, v)| (k.clone(), document(v))).collect()),
        Document::Array(a) => Value::Array(a.iter().map(document).collect()),
        Document::Number(n) => match *n {
            Number::PosInt(u) => Value::from(u),
            Number::NegInt(i) => Value::from(i),
            Number::Float(f) => Value::from(f),
        },
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Null => Value::Null,
    }
}

impl Canonical {
    /// Puts a finished value where it belongs: under the member's name in a structure, at the
    /// end of a list, as a map's key or as the value of the pending key, or as the root.
    fn commit(&mut self, schema: &Schema<'_>, value: Value) -> Result<(), SerdeError> {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Struct(members)) => {
                let name = schema.member_name().ok_or_else(|| {
                    SerdeError::write_failed("a structure member without a member name")
                })?;
                members.insert(name.to_string(), value);
            }
            Some(Frame::List(items)) => items.push(value),
            Some(Frame::Map(entries, pending)) => match pending.take() {
                None => match value {
                    Value::String(key) => *pending = Some(key),
                    other => *pending = Some(other.to_string()),
                },
                Some(key) => {
                    entries.insert(key, value);
                }
            },
        }
        Ok(())
    }

    fn nested(
        &mut self,
        schema: &Schema<'_>,
        frame: Frame,
        write: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.stack.push(frame);
        write(self)?;
        let value = match self.stack.pop() {
            Some(Frame::Struct(members)) => object(members),
            Some(Frame::List(items)) => Value::Array(items),
            Some(Frame::Map(entries, _)) => object(entries),
            None => return Err(SerdeError::write_failed("unbalanced serializer frames")),
        };
        self.commit(schema, value)
    }
}

impl ShapeSerializer for Canonical {
    fn write_struct(
        &mut self,
        schema: &Schema<'_>,
        value: &dyn SerializableStruct,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::Struct(BTreeMap::new()), &|ser| {
            value.serialize_members(ser)
        })
    }

    fn write_list(
        &mut self,
        schema: &Schema<'_>,
        write_elements: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::List(Vec::new()), write_elements)
    }

    fn write_map(
        &mut self,
        schema: &Schema<'_>,
        write_entries: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::Map(BTreeMap::new(), None), write_entries)
    }

    fn write_boolean(&mut self, schema: &Schema<'_>, value: bool) -> Result<(), SerdeError> {
        self.commit(schema, Value::Bool(value))
    }

    fn write_byte(&mut self, schema: &Schema<'_>, value: i8) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_short(&mut self, schema: &Schema<'_>, value: i16) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_integer(&mut self, schema: &Schema<'_>, value: i32) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_long(&mut self, schema: &Schema<'_>, value: i64) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_float(&mut self, schema: &Schema<'_>, value: f32) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_double(&mut self, schema: &Schema<'_>, value: f64) -> Result<(), SerdeError> {
        self.commit(schema, Value::from(value))
    }

    fn write_big_integer(
        &mut self,
        schema: &Schema<'_>,
        value: &BigInteger,
    ) -> Result<(), SerdeError> {
        self.commit(schema, Value::String(value.as_ref().to_string()))
    }

    fn write_big_decimal(
        &mut self,
        schema: &Schema<'_>,
        value: &BigDecimal,
    ) -> Result<(), SerdeError> {
        self.commit(schema, Value::String(value.as_ref().to_string()))
    }

    fn write_string(&mut self, schema: &Schema<'_>, value: &str) -> Result<(), SerdeError> {
        self.commit(schema, Value::String(value.to_string()))
    }

    fn write_blob(&mut self, schema: &Schema<'_>, value: Blob) -> Result<(), SerdeError> {
        self.commit(schema, Value::String(hex::encode(value.as_ref())))
    }

    fn write_timestamp(&mut self, schema: &Schema<'_>, value: &DateTime) -> Result<(), SerdeError> {
        let text = format!("{}.{:09}", value.secs(), value.subsec_nanos());
        self.commit(schema, Value::String(text))
    }

    fn write_document(&mut self, schema: &Schema<'_>, value: &Document) -> Result<(), SerdeError> {
        self.commit(schema, document(value))
    }

    fn write_null(&mut self, schema: &Schema<'_>) -> Result<(), SerdeError> {
        self.commit(schema, Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::types::{ContainerDefinition, KeyValuePair, LogConfiguration, LogDriver};

    #[test]
    fn members_by_api_name_maps_sorted_unset_absent() {
        let cd = ContainerDefinition::builder()
            .name("web")
            .image("nginx")
            .environment(KeyValuePair::builder().name("B").value("2").build())
            .environment(KeyValuePair::builder().name("A").value("1").build())
            .docker_labels("z", "1")
            .docker_labels("a", "2")
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Awslogs)
                    .options("awslogs-group", "g")
                    .build()
                    .unwrap(),
            )
            .build();
        let v = to_value(&cd).unwrap();
        assert_eq!(
            v.to_string(),
            concat!(
                r#"{"cpu":0,"dockerLabels":{"a":"2","z":"1"},"#,
                r#""environment":[{"name":"B","value":"2"},{"name":"A","value":"1"}],"#,
                r#""image":"nginx","logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"g"}},"#,
                r#""name":"web"}"#
            )
        );
    }
}
