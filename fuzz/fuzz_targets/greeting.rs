//! The greeting exchange on arbitrary bytes: never a panic, and the same verdict and
//! the same output whether the peer's bytes come all at once or one at a time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxzmq::zmtp::greeting::{GreetingExchange, GreetingStatus, OurGreeting};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, received)) = data.split_first() else {
        return;
    };
    let ours = OurGreeting {
        mechanism: if selector & 1 == 0 { "NULL" } else { "CURVE" },
        as_server: selector & 2 != 0,
        socket_type: selector >> 3,
        identity: vec![b'i'; usize::from(selector >> 4)],
    };
    let accept_v1 = selector & 4 == 0;
    let mut whole = GreetingExchange::new(ours.clone(), accept_v1);
    let mut whole_out = Vec::new();
    let whole_status = whole.advance(received, &mut whole_out);

    let mut stepped = GreetingExchange::new(ours, accept_v1);
    let mut stepped_out = Vec::new();
    let mut stepped_status = stepped.advance(&[], &mut stepped_out);
    for end in 1..=received.len() {
        if !matches!(stepped_status, Ok(GreetingStatus::Pending { .. })) {
            break;
        }
        let wanted = stepped.bytes_wanted(&received[..end - 1]);
        assert!(wanted >= 1);
        stepped_status = stepped.advance(&received[..end], &mut stepped_out);
    }
    assert_eq!(whole_status, stepped_status);
    assert_eq!(whole_out, stepped_out);
    if let Ok(GreetingStatus::Done(peer)) = &whole_status {
        assert!(peer.len <= received.len());
    }
    assert!(whole_out.len() <= 64 + 255);
});
