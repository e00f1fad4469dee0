//! The user and group databases (`getpwuid_r`, `getgrgid_r`), for
//! `ZMQ_IPC_FILTER_GID`: a peer is admitted when its group is listed, or when its user is
//! a listed member of a listed group. These lookups may go through the name service
//! (files, LDAP, sssd), so they can block; libzmq makes the same calls on its I/O thread.

use std::ffi::CStr;
use std::mem::zeroed;

/// Whether the user `uid` is listed as a member of group `gid` in the group database
/// (a supplementary group; the primary group is the caller's to compare).
pub fn user_in_group(uid: u32, gid: u32) -> bool {
    let Some(user) = user_name(uid) else {
        return false;
    };
    group_members(gid).is_some_and(|members| members.contains(&user))
}

/// Room for the string fields of a passwd or group entry; grown on `ERANGE`.
const ENTRY_BUFFER: usize = 1024;
/// Largest buffer tried before giving up on an entry.
const ENTRY_BUFFER_MAX: usize = 1 << 20;

/// The login name of `uid` (`getpwuid_r`).
fn user_name(uid: u32) -> Option<Vec<u8>> {
    let mut size = ENTRY_BUFFER;
    while size <= ENTRY_BUFFER_MAX {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: an all-zero passwd is a valid out-value.
        let mut entry: libc::passwd = unsafe { zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is to a live local of the size passed.
        let rc = unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), size, &mut found) };
        if rc == libc::ERANGE {
            size *= 2;
            continue;
        }
        if rc != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name points into `buf`, NUL-terminated by getpwuid_r.
        return Some(unsafe { CStr::from_ptr(entry.pw_name) }.to_bytes().to_vec());
    }
    None
}

/// The member names of group `gid` (`getgrgid_r`).
fn group_members(gid: u32) -> Option<Vec<Vec<u8>>> {
    let mut size = ENTRY_BUFFER;
    while size <= ENTRY_BUFFER_MAX {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: an all-zero group is a valid out-value.
        let mut entry: libc::group = unsafe { zeroed() };
        let mut found: *mut libc::group = std::ptr::null_mut();
        // SAFETY: every pointer is to a live local of the size passed.
        let rc = unsafe { libc::getgrgid_r(gid, &mut entry, buf.as_mut_ptr(), size, &mut found) };
        if rc == libc::ERANGE {
            size *= 2;
            continue;
        }
        if rc != 0 || found.is_null() {
            return None;
        }
        let mut members = Vec::new();
        let mut cursor = entry.gr_mem;
        // SAFETY: gr_mem is a NULL-terminated array of NUL-terminated strings in `buf`.
        while !cursor.is_null() && !unsafe { *cursor }.is_null() {
            // SAFETY: as above; `cursor` stays inside the array until its NULL.
            unsafe {
                members.push(CStr::from_ptr(*cursor).to_bytes().to_vec());
                cursor = cursor.add(1);
            }
        }
        return Some(members);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_membership_reads_the_group_database() {
        // root (uid 0) is a member of no group by listing in most databases, and no
        // group 4294967294 exists.
        assert!(!user_in_group(0, u32::MAX - 1));
        assert!(user_name(0).is_some_and(|name| name == b"root"));
        assert!(group_members(0).is_some());
        assert!(group_members(u32::MAX - 1).is_none());
    }
}
