//! The rarely-used parts of a message, behind one pointer: group and metadata.
//!
//! A message must fit in 56 bytes (it lives inside C's 64-byte `zmq_msg_t`), and most
//! messages have neither a group (RADIO/DISH, draft) nor connection metadata. Both
//! therefore live in one shared [`Extras`] block that a message points to only when it
//! has one of them. The block is immutable while shared: changing the group of a
//! message whose block is shared with copies gives that message a block of its own.

use std::ffi::{CStr, CString};
use std::sync::Arc;

use super::metadata::Metadata;
use crate::error::{Error, Result};

/// The longest group name, in bytes (`ZMQ_GROUP_MAX_LENGTH`).
pub const GROUP_MAX_LENGTH: usize = 255;

/// Group and metadata of a message.
#[derive(Clone, Default)]
pub(crate) struct Extras {
    /// The group (never empty: an empty group is stored as none).
    group: Option<Box<CStr>>,
    /// The properties of the connection the message came from.
    metadata: Option<Arc<Metadata>>,
}

impl Extras {
    fn is_empty(&self) -> bool {
        self.group.is_none() && self.metadata.is_none()
    }
}

/// Reads and edits of the optional extras pointer of a message.
pub(crate) trait ExtrasSlot {
    /// The group as a C string (`""` when none).
    fn group_cstr(&self) -> &CStr;
    /// Set the group; EINVAL if longer than [`GROUP_MAX_LENGTH`] or containing NUL.
    fn set_group(&mut self, group: &str) -> Result<()>;
    /// The connection metadata, if any.
    fn metadata(&self) -> Option<&Metadata>;
    /// Attach connection metadata (`None` removes it).
    fn set_metadata(&mut self, metadata: Option<Arc<Metadata>>);
}

impl ExtrasSlot for Option<Arc<Extras>> {
    fn group_cstr(&self) -> &CStr {
        match self.as_deref().and_then(|extras| extras.group.as_deref()) {
            Some(group) => group,
            None => c"",
        }
    }

    fn set_group(&mut self, group: &str) -> Result<()> {
        if group.len() > GROUP_MAX_LENGTH {
            return Err(Error::Invalid);
        }
        let group = if group.is_empty() {
            None
        } else {
            Some(
                CString::new(group)
                    .map_err(|_| Error::Invalid)?
                    .into_boxed_c_str(),
            )
        };
        edit(self, |extras| extras.group = group);
        Ok(())
    }

    fn metadata(&self) -> Option<&Metadata> {
        self.as_deref()
            .and_then(|extras| extras.metadata.as_deref())
    }

    fn set_metadata(&mut self, metadata: Option<Arc<Metadata>>) {
        edit(self, |extras| extras.metadata = metadata);
    }
}

/// Apply `change` to the extras, copying a block shared with other messages first, and
/// dropping the block when nothing is left in it.
fn edit(slot: &mut Option<Arc<Extras>>, change: impl FnOnce(&mut Extras)) {
    let mut arc = slot.take().unwrap_or_default();
    change(Arc::make_mut(&mut arc));
    if !arc.is_empty() {
        *slot = Some(arc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_limits() {
        let mut slot: Option<Arc<Extras>> = None;
        assert_eq!(slot.group_cstr(), c"");
        slot.set_group(&"g".repeat(GROUP_MAX_LENGTH)).unwrap();
        assert_eq!(slot.group_cstr().to_bytes().len(), GROUP_MAX_LENGTH);
        assert_eq!(
            slot.set_group(&"g".repeat(GROUP_MAX_LENGTH + 1)),
            Err(Error::Invalid)
        );
        assert_eq!(slot.set_group("a\0b"), Err(Error::Invalid));
        // A refused group leaves the old one in place.
        assert_eq!(slot.group_cstr().to_bytes().len(), GROUP_MAX_LENGTH);
        slot.set_group("").unwrap();
        assert!(slot.is_none(), "an empty block is dropped");
    }

    #[test]
    fn shared_block_is_copied_on_write() {
        let mut first: Option<Arc<Extras>> = None;
        first.set_metadata(Some(Arc::new(Metadata::new().with("X-A", b"1"))));
        let mut second = first.clone();
        second.set_group("news").unwrap();
        assert_eq!(first.group_cstr(), c"");
        assert_eq!(second.group_cstr(), c"news");
        // Both still see the same metadata.
        assert!(std::ptr::eq(
            first.metadata().unwrap(),
            second.metadata().unwrap()
        ));
        second.set_metadata(None);
        assert!(second.metadata().is_none());
        assert!(first.metadata().is_some());
    }
}
