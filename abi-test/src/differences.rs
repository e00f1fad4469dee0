//! Where libzmq 4.3.5's `zmq.h` (which capi matches) differs from 4.3.4's, the version
//! Debian installs as `/usr/include/zmq.h`.
//!
//! The check against Debian's header skips exactly these items, each for the reason
//! given; every other constant, type and function must agree with 4.3.4 as well. The
//! list was found by running that check without skips: a name that 4.3.4 lacks fails
//! to compile, a value that changed fails the comparison. (`zmq_ppoll` was found with a
//! probe definition before capi had the function: 4.3.4's header does not declare it.)

/// One item whose 4.3.5 form is not in libzmq 4.3.4's header.
#[derive(Debug, Clone, Copy)]
pub struct Difference {
    /// The constant or function.
    pub name: &'static str,
    /// How 4.3.4 differs.
    pub why: &'static str,
}

const NEW_DRAFT_OPTION: &str = "draft socket option added in 4.3.5; absent from 4.3.4";
const NEW_NORM_VALUE: &str = "draft ZMQ_NORM_MODE value added in 4.3.5; absent from 4.3.4";

/// The differences, constants and functions alike.
pub const FROM_4_3_4: &[Difference] = &[
    Difference {
        name: "ZMQ_VERSION_PATCH",
        why: "5 in 4.3.5, 4 in 4.3.4",
    },
    Difference {
        name: "ZMQ_VERSION",
        why: "40305 in 4.3.5, 40304 in 4.3.4",
    },
    Difference {
        name: "ZMQ_RECONNECT_STOP_AFTER_DISCONNECT",
        why: "draft; 4.3.4 has 0x3, which overlaps the two other bits; 4.3.5 fixed it to 0x4",
    },
    Difference {
        name: "ZMQ_BUSY_POLL",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_HICCUP_MSG",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_XSUB_VERBOSE_UNSUBSCRIBE",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_TOPICS_COUNT",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_MODE",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_UNICAST_NACK",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_BUFFER_SIZE",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_SEGMENT_SIZE",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_BLOCK_SIZE",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_NUM_PARITY",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_NUM_AUTOPARITY",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_PUSH",
        why: NEW_DRAFT_OPTION,
    },
    Difference {
        name: "ZMQ_NORM_FIXED",
        why: NEW_NORM_VALUE,
    },
    Difference {
        name: "ZMQ_NORM_CC",
        why: NEW_NORM_VALUE,
    },
    Difference {
        name: "ZMQ_NORM_CCL",
        why: NEW_NORM_VALUE,
    },
    Difference {
        name: "ZMQ_NORM_CCE",
        why: NEW_NORM_VALUE,
    },
    Difference {
        name: "ZMQ_NORM_CCE_ECNONLY",
        why: NEW_NORM_VALUE,
    },
    Difference {
        name: "zmq_ppoll",
        why: "draft function exported by 4.3.4's library but declared in zmq.h only from 4.3.5",
    },
];

/// Whether the check against 4.3.4's header must skip `name`.
pub fn differs_from_4_3_4(name: &str) -> bool {
    FROM_4_3_4.iter().any(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_difference_is_listed_once() {
        let mut names: Vec<_> = FROM_4_3_4.iter().map(|d| d.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }
}
