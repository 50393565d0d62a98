//! Reads a JS value into a Rust type through serde, seeing every key of every object.
//!
//! serde-wasm-bindgen reads a struct by asking the object for the fields the struct names, so a
//! misspelt key is never seen and `deny_unknown_fields` cannot refuse it. Here the value is first
//! copied into a plain tree ([`Value`]) and a struct is read from all of its entries, so the
//! derived code refuses an unknown key as serde_json does. This keeps serde_json (its parser and
//! its number tables) out of the wasm build, with one small deserializer instead.

use serde::de::value::{MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// Reads `value` as JSON would give it (through `JSON.stringify` and `JSON.parse`, so that
/// `undefined` properties are left out and dates become strings), refusing unknown keys. The
/// error is a plain sentence.
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let cannot = || "the value cannot be written as JSON".to_string();
    let text = js_sys::JSON::stringify(value).map_err(|e| message(&e).unwrap_or_else(cannot))?;
    let text = text.as_string().ok_or_else(cannot)?;
    let plain = js_sys::JSON::parse(&text).map_err(|e| message(&e).unwrap_or_else(cannot))?;
    T::deserialize(Value::from_js(&plain)).map_err(|e| e.0)
}

/// The text of a JS `Error`.
fn message(e: &JsValue) -> Option<String> {
    e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()).or_else(|| e.as_string())
}

/// A JSON value: what `JSON.parse` can give.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Copies a value made by `JSON.parse` (anything else not listed reads as null).
    fn from_js(v: &JsValue) -> Value {
        if let Some(b) = v.as_bool() {
            Value::Bool(b)
        } else if let Some(n) = v.as_f64() {
            Value::Number(n)
        } else if let Some(s) = v.as_string() {
            Value::String(s)
        } else if let Some(a) = v.dyn_ref::<js_sys::Array>() {
            Value::Array(a.iter().map(|item| Value::from_js(&item)).collect())
        } else if let Some(o) = v.dyn_ref::<js_sys::Object>() {
            let entries = js_sys::Object::entries(o);
            let entries = entries.iter().map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                (pair.get(0).as_string().unwrap_or_default(), Value::from_js(&pair.get(1)))
            });
            Value::Object(entries.collect())
        } else {
            Value::Null
        }
    }

    fn unexpected(&self) -> de::Unexpected<'_> {
        match self {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => de::Unexpected::Float(*n),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

/// Why a value does not fit the type: serde's own sentence.
#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

/// Hands an object's entries to `visitor` as a map, refusing entries it leaves unread.
fn visit_object<'de, V: Visitor<'de>>(entries: Vec<(String, Value)>, visitor: V) -> Result<V::Value, Error> {
    let mut map = MapDeserializer::new(entries.into_iter());
    let value = visitor.visit_map(&mut map)?;
    map.end()?;
    Ok(value)
}

/// Whole numbers within ±2⁵³ are handed over as integers, so that integer fields accept them.
const SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) if n.fract() == 0.0 && (0.0..=SAFE_INTEGER).contains(&n) => visitor.visit_u64(n as u64),
            Value::Number(n) if n.fract() == 0.0 && (-SAFE_INTEGER..0.0).contains(&n) => visitor.visit_i64(n as i64),
            Value::Number(n) => visitor.visit_f64(n),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(entries) => visit_object(entries, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    /// A struct is read only from an object, with all its entries. Going straight to `visit_map`
    /// (not through `deserialize_any`) keeps each struct's unused `visit_seq` and its other
    /// `visit_*` out of the wasm.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::Object(entries) => visit_object(entries, visitor),
            other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
        }
    }

    /// Enums are unit variants written as strings (`"zh-Hans"`, `"passport"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_enum(StringDeserializer::<Error>::new(s)),
            other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}
