//! The security options: which ZMTP mechanism a socket uses, its role, its credentials
//! (PLAIN, CURVE, GSSAPI) and its ZAP domain.
//!
//! libzmq has no single "mechanism" setter: setting a credential selects its mechanism,
//! and the last setting wins. [`SecurityOptions::set`] reproduces those side effects:
//! - `ZMQ_PLAIN_SERVER` 1/0 selects PLAIN server / resets to NULL;
//! - `ZMQ_PLAIN_USERNAME`/`_PASSWORD` select PLAIN client; `NULL, 0` resets to NULL (the
//!   stored text is kept), an empty non-NULL value is `EINVAL`;
//! - `ZMQ_CURVE_SERVER` 1/0 selects CURVE server / resets to NULL; any CURVE key selects
//!   CURVE, and `ZMQ_CURVE_SERVERKEY` also makes the socket a client;
//! - every GSSAPI setting selects GSSAPI; `ZMQ_GSSAPI_SERVER` 0 keeps GSSAPI as client.

use super::codec::{Value, put_binary, put_bool, put_int, put_string, until_nul};
use super::ids::*;
use crate::error::{Error, Result};
use crate::util::z85;

/// Size of a binary CURVE key.
pub const CURVE_KEY_SIZE: usize = 32;
/// Length of a Z85-encoded CURVE key, without its NUL.
pub const CURVE_KEY_Z85_SIZE: usize = 40;

/// Longest PLAIN/GSSAPI credential or ZAP domain libzmq accepts (`UCHAR_MAX`).
const MAX_CREDENTIAL: usize = 255;

/// A ZMTP security mechanism, with its `ZMQ_NULL`... value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mechanism {
    /// `ZMQ_NULL` (0): no security.
    #[default]
    Null,
    /// `ZMQ_PLAIN` (1): clear-text user name and password.
    Plain,
    /// `ZMQ_CURVE` (2): CurveZMQ encryption.
    Curve,
    /// `ZMQ_GSSAPI` (3): Kerberos.
    Gssapi,
}

impl Mechanism {
    /// The `ZMQ_MECHANISM` value.
    pub fn as_i32(self) -> i32 {
        match self {
            Mechanism::Null => 0,
            Mechanism::Plain => 1,
            Mechanism::Curve => 2,
            Mechanism::Gssapi => 3,
        }
    }
}

/// The security settings of a socket (read by the ZMTP handshake).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityOptions {
    /// `ZMQ_MECHANISM` (read-only): the mechanism the settings select. Default NULL.
    pub mechanism: Mechanism,
    /// Whether the socket takes the server role of [`mechanism`](Self::mechanism)
    /// (`ZMQ_PLAIN_SERVER`, `ZMQ_CURVE_SERVER`, `ZMQ_GSSAPI_SERVER`). Default false.
    pub as_server: bool,
    /// `ZMQ_ZAP_DOMAIN`: 1..=255 bytes as given; empty (the default) disables ZAP.
    pub zap_domain: Vec<u8>,
    /// `ZMQ_ZAP_ENFORCE_DOMAIN`: require a ZAP domain for PLAIN/CURVE. Default false.
    pub zap_enforce_domain: bool,
    /// `ZMQ_PLAIN_USERNAME`: 1..=255 bytes as given. Default empty.
    pub plain_username: Vec<u8>,
    /// `ZMQ_PLAIN_PASSWORD`: 1..=255 bytes as given. Default empty.
    pub plain_password: Vec<u8>,
    /// `ZMQ_CURVE_PUBLICKEY`; `None` until set (read back as 32 zero bytes, as libzmq).
    pub curve_public_key: Option<[u8; CURVE_KEY_SIZE]>,
    /// `ZMQ_CURVE_SECRETKEY`; `None` until set.
    pub curve_secret_key: Option<[u8; CURVE_KEY_SIZE]>,
    /// `ZMQ_CURVE_SERVERKEY`: the server's public key, for a client; `None` until set.
    pub curve_server_key: Option<[u8; CURVE_KEY_SIZE]>,
    /// `ZMQ_GSSAPI_PRINCIPAL`: 1..=255 bytes as given. Default empty.
    pub gssapi_principal: Vec<u8>,
    /// `ZMQ_GSSAPI_SERVICE_PRINCIPAL`: 1..=255 bytes as given. Default empty.
    pub gssapi_service_principal: Vec<u8>,
    /// `ZMQ_GSSAPI_PRINCIPAL_NAMETYPE`: 0 host-based (default), 1 user name, 2 krb5.
    pub gssapi_principal_nametype: i32,
    /// `ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE`: as above. Default 0.
    pub gssapi_service_principal_nametype: i32,
    /// `ZMQ_GSSAPI_PLAINTEXT`: disable GSSAPI encryption. Default false.
    pub gssapi_plaintext: bool,
}

impl Default for SecurityOptions {
    fn default() -> Self {
        SecurityOptions {
            mechanism: Mechanism::Null,
            as_server: false,
            zap_domain: Vec::new(),
            zap_enforce_domain: false,
            plain_username: Vec::new(),
            plain_password: Vec::new(),
            curve_public_key: None,
            curve_secret_key: None,
            curve_server_key: None,
            gssapi_principal: Vec::new(),
            gssapi_service_principal: Vec::new(),
            gssapi_principal_nametype: 0,
            gssapi_service_principal_nametype: 0,
            gssapi_plaintext: false,
        }
    }
}

impl SecurityOptions {
    /// Apply a security option; `None` if `option` is not one.
    pub(super) fn set(&mut self, option: i32, value: Value<'_>) -> Option<Result<()>> {
        let result = match option {
            PLAIN_SERVER => value.bool_strict().map(|server| {
                self.as_server = server;
                self.mechanism = if server {
                    Mechanism::Plain
                } else {
                    Mechanism::Null
                };
            }),
            PLAIN_USERNAME => self.set_plain(value, |s| &mut s.plain_username),
            PLAIN_PASSWORD => self.set_plain(value, |s| &mut s.plain_password),
            ZAP_DOMAIN => value.text(MAX_CREDENTIAL).map(|d| self.zap_domain = d),
            ZAP_ENFORCE_DOMAIN => value.bool_relaxed().map(|b| self.zap_enforce_domain = b),
            CURVE_SERVER => value.bool_strict().map(|server| {
                self.as_server = server;
                self.mechanism = if server {
                    Mechanism::Curve
                } else {
                    Mechanism::Null
                };
            }),
            CURVE_PUBLICKEY => parse_curve_key(value).map(|k| {
                self.curve_public_key = Some(k);
                self.mechanism = Mechanism::Curve;
            }),
            CURVE_SECRETKEY => parse_curve_key(value).map(|k| {
                self.curve_secret_key = Some(k);
                self.mechanism = Mechanism::Curve;
            }),
            CURVE_SERVERKEY => parse_curve_key(value).map(|k| {
                self.curve_server_key = Some(k);
                self.mechanism = Mechanism::Curve;
                self.as_server = false;
            }),
            GSSAPI_SERVER => value.bool_strict().map(|server| {
                self.as_server = server;
                self.mechanism = Mechanism::Gssapi;
            }),
            GSSAPI_PRINCIPAL => value.text(MAX_CREDENTIAL).map(|p| {
                self.gssapi_principal = p;
                self.mechanism = Mechanism::Gssapi;
            }),
            GSSAPI_SERVICE_PRINCIPAL => value.text(MAX_CREDENTIAL).map(|p| {
                self.gssapi_service_principal = p;
                self.mechanism = Mechanism::Gssapi;
                self.as_server = false;
            }),
            GSSAPI_PLAINTEXT => value.bool_strict().map(|b| self.gssapi_plaintext = b),
            GSSAPI_PRINCIPAL_NAMETYPE => value
                .int_where(is_name_type)
                .map(|t| self.gssapi_principal_nametype = t),
            GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => value
                .int_where(is_name_type)
                .map(|t| self.gssapi_service_principal_nametype = t),
            _ => return None,
        };
        Some(result)
    }

    /// Read a security option; `None` if `option` is not one.
    pub(super) fn get(&self, option: i32, out: &mut [u8]) -> Option<Result<usize>> {
        let server_of = |m: Mechanism| self.as_server && self.mechanism == m;
        let result = match option {
            MECHANISM => put_int(out, self.mechanism.as_i32()),
            PLAIN_SERVER => put_bool(out, server_of(Mechanism::Plain)),
            PLAIN_USERNAME => put_string(out, &self.plain_username),
            PLAIN_PASSWORD => put_string(out, &self.plain_password),
            ZAP_DOMAIN => put_string(out, &self.zap_domain),
            ZAP_ENFORCE_DOMAIN => put_bool(out, self.zap_enforce_domain),
            CURVE_SERVER => put_bool(out, server_of(Mechanism::Curve)),
            CURVE_PUBLICKEY => put_curve_key(out, self.curve_public_key),
            CURVE_SECRETKEY => put_curve_key(out, self.curve_secret_key),
            CURVE_SERVERKEY => put_curve_key(out, self.curve_server_key),
            GSSAPI_SERVER => put_bool(out, server_of(Mechanism::Gssapi)),
            GSSAPI_PRINCIPAL => put_string(out, &self.gssapi_principal),
            GSSAPI_SERVICE_PRINCIPAL => put_string(out, &self.gssapi_service_principal),
            GSSAPI_PLAINTEXT => put_bool(out, self.gssapi_plaintext),
            GSSAPI_PRINCIPAL_NAMETYPE => put_int(out, self.gssapi_principal_nametype),
            GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => {
                put_int(out, self.gssapi_service_principal_nametype)
            }
            _ => return None,
        };
        Some(result)
    }

    /// `ZMQ_PLAIN_USERNAME`/`_PASSWORD`: NULL resets the mechanism (keeping the text),
    /// 1..=255 bytes select PLAIN client.
    fn set_plain(&mut self, value: Value<'_>, field: fn(&mut Self) -> &mut Vec<u8>) -> Result<()> {
        if value.is_null() {
            self.mechanism = Mechanism::Null;
            return Ok(());
        }
        *field(self) = value.text(MAX_CREDENTIAL)?;
        self.as_server = false;
        self.mechanism = Mechanism::Plain;
        Ok(())
    }
}

/// GSSAPI name types: `ZMQ_GSSAPI_NT_HOSTBASED`, `_USER_NAME`, `_KRB5_PRINCIPAL`.
fn is_name_type(value: i32) -> bool {
    (0..=2).contains(&value)
}

/// A CURVE key as `zmq_setsockopt` takes it: 32 bytes binary, 40 characters of Z85, or
/// 41 bytes of Z85 ending in NUL.
///
/// libzmq decodes the Z85 forms up to the first NUL, so a 41-byte value whose last byte
/// is not NUL fails (its text is 41 characters long). A NUL earlier in the text makes it
/// shorter than 40 characters: libzmq then decodes a partial key when the length happens
/// to be a multiple of 5; we refuse it instead, as a key must be 40 characters.
fn parse_curve_key(value: Value<'_>) -> Result<[u8; CURVE_KEY_SIZE]> {
    let bytes = value.0.ok_or(Error::Invalid)?;
    match bytes.len() {
        CURVE_KEY_SIZE => Ok(bytes.try_into().map_err(|_| Error::Invalid)?),
        CURVE_KEY_Z85_SIZE | 41 => {
            let text = until_nul(bytes);
            if text.len() != CURVE_KEY_Z85_SIZE {
                return Err(Error::Invalid);
            }
            let text = std::str::from_utf8(text).map_err(|_| Error::Invalid)?;
            let key = z85::decode(text).ok_or(Error::Invalid)?;
            key.try_into().map_err(|_| Error::Invalid)
        }
        _ => Err(Error::Invalid),
    }
}

/// A CURVE key as `zmq_getsockopt` gives it: a buffer of exactly 32 bytes gets it binary,
/// exactly 41 bytes gets Z85 and a NUL; an unset key reads as 32 zero bytes.
fn put_curve_key(out: &mut [u8], key: Option<[u8; CURVE_KEY_SIZE]>) -> Result<usize> {
    let key = key.unwrap_or([0; CURVE_KEY_SIZE]);
    match out.len() {
        CURVE_KEY_SIZE => put_binary(out, &key),
        41 => {
            let text = z85::encode(&key).ok_or(Error::Invalid)?;
            put_string(out, text.as_bytes())
        }
        _ => Err(Error::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A public key from the libzmq CURVE documentation, in Z85 and binary.
    const Z85_KEY: &str = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";

    fn set(s: &mut SecurityOptions, option: i32, bytes: Option<&[u8]>) -> Result<()> {
        s.set(option, Value(bytes)).expect("a security option")
    }

    fn int(v: i32) -> [u8; 4] {
        v.to_ne_bytes()
    }

    fn get_int(s: &SecurityOptions, option: i32) -> i32 {
        let mut out = [0u8; 4];
        s.get(option, &mut out).unwrap().unwrap();
        i32::from_ne_bytes(out)
    }

    #[test]
    fn plain_username_selects_plain_client_and_null_resets() {
        let mut s = SecurityOptions::default();
        set(&mut s, PLAIN_SERVER, Some(&int(1))).unwrap();
        set(&mut s, PLAIN_USERNAME, Some(b"admin")).unwrap();
        assert_eq!((s.mechanism, s.as_server), (Mechanism::Plain, false));
        assert_eq!(set(&mut s, PLAIN_USERNAME, Some(b"")), Err(Error::Invalid));
        set(&mut s, PLAIN_USERNAME, None).unwrap();
        assert_eq!(s.mechanism, Mechanism::Null);
        assert_eq!(s.plain_username, b"admin");
    }

    #[test]
    fn server_flags_read_back_only_for_their_mechanism() {
        let mut s = SecurityOptions::default();
        set(&mut s, CURVE_SERVER, Some(&int(1))).unwrap();
        assert_eq!(get_int(&s, CURVE_SERVER), 1);
        assert_eq!(get_int(&s, PLAIN_SERVER), 0);
        assert_eq!(get_int(&s, MECHANISM), 2);
        set(&mut s, CURVE_SERVERKEY, Some(Z85_KEY.as_bytes())).unwrap();
        assert_eq!(get_int(&s, CURVE_SERVER), 0);
        assert_eq!(get_int(&s, MECHANISM), 2);
        set(&mut s, CURVE_SERVER, Some(&int(0))).unwrap();
        assert_eq!(get_int(&s, MECHANISM), 0);
    }

    #[test]
    fn gssapi_server_zero_keeps_gssapi() {
        let mut s = SecurityOptions::default();
        set(&mut s, GSSAPI_SERVER, Some(&int(0))).unwrap();
        assert_eq!(s.mechanism, Mechanism::Gssapi);
        set(&mut s, GSSAPI_SERVER, Some(&int(1))).unwrap();
        set(&mut s, GSSAPI_SERVICE_PRINCIPAL, Some(b"svc")).unwrap();
        assert!(!s.as_server);
        assert_eq!(set(&mut s, GSSAPI_PRINCIPAL, None), Err(Error::Invalid));
        assert_eq!(
            set(&mut s, GSSAPI_PRINCIPAL_NAMETYPE, Some(&int(3))),
            Err(Error::Invalid)
        );
    }

    #[test]
    fn curve_key_forms() {
        let mut s = SecurityOptions::default();
        set(&mut s, CURVE_PUBLICKEY, Some(Z85_KEY.as_bytes())).unwrap();
        let binary = s.curve_public_key.unwrap();
        let mut with_nul = Z85_KEY.as_bytes().to_vec();
        with_nul.push(0);
        set(&mut s, CURVE_SECRETKEY, Some(&with_nul)).unwrap();
        assert_eq!(s.curve_secret_key, Some(binary));
        set(&mut s, CURVE_SERVERKEY, Some(&binary)).unwrap();
        assert_eq!(s.curve_server_key, Some(binary));

        let mut out41 = [0xAAu8; 41];
        assert_eq!(s.get(CURVE_PUBLICKEY, &mut out41), Some(Ok(41)));
        assert_eq!(&out41[..40], Z85_KEY.as_bytes());
        assert_eq!(out41[40], 0);
        let mut out32 = [0u8; 32];
        assert_eq!(s.get(CURVE_SERVERKEY, &mut out32), Some(Ok(32)));
        assert_eq!(out32, binary);
    }

    #[test]
    fn curve_key_rejections() {
        let mut s = SecurityOptions::default();
        let bad = |s: &mut SecurityOptions, v: &[u8]| set(s, CURVE_PUBLICKEY, Some(v));
        assert_eq!(bad(&mut s, &[7u8; 31]), Err(Error::Invalid));
        assert_eq!(bad(&mut s, &[7u8; 33]), Err(Error::Invalid));
        let mut not_nul = Z85_KEY.as_bytes().to_vec();
        not_nul.push(b'X');
        assert_eq!(bad(&mut s, &not_nul), Err(Error::Invalid));
        let mut short = Z85_KEY.as_bytes()[..35].to_vec();
        short.extend_from_slice(&[0; 6]);
        assert_eq!(bad(&mut s, &short), Err(Error::Invalid));
        assert_eq!(bad(&mut s, "~".repeat(40).as_bytes()), Err(Error::Invalid));
        assert_eq!(bad(&mut s, "%".repeat(40).as_bytes()), Err(Error::Invalid));
        assert_eq!(set(&mut s, CURVE_PUBLICKEY, None), Err(Error::Invalid));
        assert_eq!(s.mechanism, Mechanism::Null);
        for size in [0, 31, 33, 40, 42] {
            let mut out = vec![0u8; size];
            assert_eq!(s.get(CURVE_PUBLICKEY, &mut out), Some(Err(Error::Invalid)));
        }
    }

    #[test]
    fn unset_key_reads_as_zeros() {
        let s = SecurityOptions::default();
        let mut out = [0xAAu8; 41];
        assert_eq!(s.get(CURVE_SECRETKEY, &mut out), Some(Ok(41)));
        assert_eq!(&out[..40], "0".repeat(40).as_bytes());
    }

    #[test]
    fn zap_domain_cannot_be_emptied() {
        let mut s = SecurityOptions::default();
        set(&mut s, ZAP_DOMAIN, Some(b"global")).unwrap();
        assert_eq!(set(&mut s, ZAP_DOMAIN, Some(b"")), Err(Error::Invalid));
        assert_eq!(set(&mut s, ZAP_DOMAIN, None), Err(Error::Invalid));
        assert_eq!(
            set(&mut s, ZAP_DOMAIN, Some(&[b'a'; 256])),
            Err(Error::Invalid)
        );
        assert_eq!(s.zap_domain, b"global");
    }
}
