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

    /// How serde names the value in an error when it was handed over as `deserialize_any`
    /// hands it (whole numbers as integers).
    fn unexpected_any(&self) -> de::Unexpected<'_> {
        match *self {
            Value::Number(n) => match Number::of(n) {
                Number::Unsigned(u) => de::Unexpected::Unsigned(u),
                Number::Signed(i) => de::Unexpected::Signed(i),
                Number::Float(_) => self.unexpected(),
            },
            _ => self.unexpected(),
        }
    }

    /// Hands a null, boolean, number or string to `visitor` as `deserialize_any` does. An array
    /// or object is refused with the sentence of serde's own `visit_seq` and `visit_map`, which
    /// no scalar's visitor overrides; so a scalar field's reader carries no sequence or map code.
    fn visit_scalar<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_string(s),
            other => Err(wrong_type(other.unexpected(), &visitor)),
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
        Error::written(&msg)
    }
}

impl Error {
    /// The sentence, written once for every kind of message (not once per `custom::<T>`).
    #[inline(never)]
    fn written(msg: &dyn fmt::Display) -> Error {
        Error(msg.to_string())
    }
}

/// serde's "invalid type" sentence, compiled once rather than in every visitor's reader.
#[inline(never)]
fn wrong_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Error {
    de::Error::invalid_type(unexpected, expected)
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

/// Hands an array's items to `visitor` as a sequence, refusing items it leaves unread.
fn visit_array<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
    let mut seq = SeqDeserializer::new(items.into_iter());
    let value = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(value)
}

/// A number as `deserialize_any` hands it over: whole numbers within ±2⁵³ as integers.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    fn of(n: f64) -> Number {
        if n.fract() == 0.0 && (0.0..=SAFE_INTEGER).contains(&n) {
            Number::Unsigned(n as u64)
        } else if n.fract() == 0.0 && (-SAFE_INTEGER..0.0).contains(&n) {
            Number::Signed(n as i64)
        } else {
            Number::Float(n)
        }
    }
}

/// Hands a number to `visitor` as `deserialize_any` does.
fn visit_number<'de, V: Visitor<'de>>(n: f64, visitor: V) -> Result<V::Value, Error> {
    match Number::of(n) {
        Number::Unsigned(u) => visitor.visit_u64(u),
        Number::Signed(i) => visitor.visit_i64(i),
        Number::Float(f) => visitor.visit_f64(f),
    }
}

/// The `deserialize_*` methods of one kind of value: `$kind` is handed to the visitor as
/// `deserialize_any` hands it; anything else is refused with the sentence of the visitor's own
/// default `visit_*`, since the visitors of numbers, booleans and strings accept only their kind.
/// So a field's reader carries the code of its own kind only.
macro_rules! only {
    ($kind:pat => $visit:expr; $($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                match self {
                    $kind => $visit(visitor),
                    other => Err(wrong_type(other.unexpected_any(), &visitor)),
                }
            }
        )*
    };
}

/// The other scalar `deserialize_*` methods, each through [`Value::visit_scalar`].
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.visit_scalar(visitor)
            }
        )*
    };
}

/// Whole numbers within ±2⁵³ are handed over as integers, so that integer fields accept them.
const SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Array(items) => visit_array(items, visitor),
            Value::Object(entries) => visit_object(entries, visitor),
            scalar => scalar.visit_scalar(visitor),
        }
    }

    /// A sequence is read only from an array; anything else is refused as `visit_*` would.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Array(items) => visit_array(items, visitor),
            other => Err(wrong_type(other.unexpected_any(), &visitor)),
        }
    }

    /// A map is read only from an object; anything else is refused as `visit_*` would.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Object(entries) => visit_object(entries, visitor),
            other => Err(wrong_type(other.unexpected_any(), &visitor)),
        }
    }

    only! {
        Value::Number(n) => |v| visit_number(n, v);
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64
    }
    only! { Value::Bool(b) => |v: V| v.visit_bool(b); deserialize_bool }
    only! { Value::String(s) => |v: V| v.visit_string(s); deserialize_str deserialize_string }
    scalars! { deserialize_char deserialize_unit }

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
            other => Err(wrong_type(other.unexpected(), &visitor)),
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
            other => Err(wrong_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bytes byte_buf unit_struct tuple tuple_struct identifier ignored_any
    }
}
