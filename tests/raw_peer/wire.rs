//! ZMTP bytes written by hand (RFC 23/37), right or deliberately wrong, for raw
//! peers: greetings, commands, frame headers.

/// A 64-byte ZMTP 3.x greeting with any version and mechanism field.
pub fn greeting(major: u8, minor: u8, mechanism: &[u8]) -> Vec<u8> {
    let mut g = vec![0u8; 64];
    g[0] = 0xFF;
    g[8] = 1;
    g[9] = 0x7F;
    g[10] = major;
    g[11] = minor;
    g[12..12 + mechanism.len()].copy_from_slice(mechanism);
    g
}

/// The greeting of a well-behaved ZMTP 3.1 NULL peer.
pub fn good_greeting() -> Vec<u8> {
    greeting(3, 1, b"NULL")
}

/// The header of a frame with `flags` (LONG is added as needed) and a body of `size`.
pub fn header(flags: u8, size: u64) -> Vec<u8> {
    if size <= 255 {
        vec![flags, size as u8]
    } else {
        let mut h = vec![flags | 0x02];
        h.extend_from_slice(&size.to_be_bytes());
        h
    }
}

/// A message frame.
pub fn frame(more: bool, body: &[u8]) -> Vec<u8> {
    let mut f = header(u8::from(more), body.len() as u64);
    f.extend_from_slice(body);
    f
}

/// A command frame: name length, name, then `data`.
pub fn command(name: &str, data: &[u8]) -> Vec<u8> {
    let mut body = vec![name.len() as u8];
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(data);
    let mut f = header(0x04, body.len() as u64);
    f.extend_from_slice(&body);
    f
}

/// A READY command with these properties.
pub fn ready(properties: &[(&str, &[u8])]) -> Vec<u8> {
    let mut list = Vec::new();
    for (name, value) in properties {
        list.push(name.len() as u8);
        list.extend_from_slice(name.as_bytes());
        list.extend_from_slice(&(value.len() as u32).to_be_bytes());
        list.extend_from_slice(value);
    }
    command("READY", &list)
}

/// A READY announcing `socket_type` ("PAIR", "PUSH", ...).
pub fn ready_as(socket_type: &str) -> Vec<u8> {
    ready(&[("Socket-Type", socket_type.as_bytes())])
}

/// Greeting and READY of a well-behaved peer of `socket_type`: after these, oxzmq
/// takes our frames as traffic.
pub fn good_handshake(socket_type: &str) -> Vec<u8> {
    let mut bytes = good_greeting();
    bytes.extend_from_slice(&ready_as(socket_type));
    bytes
}

/// The name libzmq gives a socket type number.
pub fn type_name(socket_type: i32) -> &'static str {
    match socket_type {
        0 => "PAIR",
        7 => "PULL",
        8 => "PUSH",
        _ => panic!("no name for {socket_type}"),
    }
}
