//! scan-keys' regex engine for WebAssembly: Rust's `regex` crate behind a
//! small C-style interface that src/engine/wasm-regex.ts drives. Patterns and
//! texts are UTF-8 in this module's memory; every offset is a byte offset.
//! The module imports nothing: no WASI, no host functions.

use regex::{CaptureLocations, Regex, RegexBuilder};

/// A compiled pattern and its anchored twin (built on the first anchored
/// search): `\A(?:pattern)` settles "does a match start at 0?" itself.
pub struct Compiled {
    re: Regex,
    anchored: Option<(Regex, CaptureLocations)>,
    locs: CaptureLocations,
    source: String,
    dfa_limit: usize,
}

/// Where results go: [found, start0, end0, start1, end1, …]; u32::MAX for a
/// group that took no part. Grown to fit the pattern with the most groups.
static mut SPANS: Vec<u32> = Vec::new();
/// The message of the last compile error (UTF-8).
static mut ERROR: String = String::new();

// The program-size limit is the crate's default; the lazy DFA's cache limit
// is the host's choice (a scan holds some hundreds of patterns, and a DFA
// whose cache keeps filling gives up for the much slower NFA).
fn build(pattern: &str, dfa_limit: usize) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).dfa_size_limit(dfa_limit).build()
}

/// Memory for the host to write a pattern or a text into.
#[no_mangle]
pub extern "C" fn sk_alloc(len: usize) -> *mut u8 {
    let mut v: Vec<u8> = Vec::with_capacity(len.max(1));
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

#[no_mangle]
pub unsafe extern "C" fn sk_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Compiles the UTF-8 pattern at `ptr`, its lazy DFA's cache limited to
/// `dfa_limit` bytes; a handle, or 0 with the reason in sk_error.
#[no_mangle]
pub unsafe extern "C" fn sk_compile(ptr: *const u8, len: usize, dfa_limit: usize) -> *mut Compiled {
    let bytes = std::slice::from_raw_parts(ptr, len);
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => {
            ERROR = String::from("the pattern is not UTF-8");
            return std::ptr::null_mut();
        }
    };
    match build(source, dfa_limit) {
        Ok(re) => {
            let locs = re.capture_locations();
            Box::into_raw(Box::new(Compiled { re, anchored: None, locs, source: source.to_string(), dfa_limit }))
        }
        Err(e) => {
            ERROR = e.to_string();
            std::ptr::null_mut()
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn sk_release(h: *mut Compiled) {
    drop(Box::from_raw(h));
}

/// The error message of the last failed compile: its address; its length in sk_error_len.
#[no_mangle]
pub unsafe extern "C" fn sk_error() -> *const u8 {
    ERROR.as_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn sk_error_len() -> usize {
    ERROR.len()
}

/// Capture groups, the whole match included.
#[no_mangle]
pub unsafe extern "C" fn sk_groups(h: *const Compiled) -> usize {
    (*h).re.captures_len()
}

/// The name of group `i` written as UTF-8 into ERROR's buffer (reused as
/// scratch): its length, or usize::MAX for an unnamed group.
#[no_mangle]
pub unsafe extern "C" fn sk_group_name(h: *const Compiled, i: usize) -> usize {
    match (*h).re.capture_names().nth(i).flatten() {
        Some(name) => {
            ERROR = name.to_string();
            ERROR.len()
        }
        None => usize::MAX,
    }
}

/// The results buffer: its address (valid until the next search with more groups).
#[no_mangle]
pub unsafe extern "C" fn sk_spans() -> *const u32 {
    SPANS.as_ptr()
}

unsafe fn anchored(c: &mut Compiled) -> Option<&mut (Regex, CaptureLocations)> {
    if c.anchored.is_none() {
        // Cannot fail where the pattern itself compiled; if it ever did, no anchored match is claimed.
        let re = build(&format!("\\A(?:{})", c.source), c.dfa_limit).ok()?;
        let locs = re.capture_locations();
        c.anchored = Some((re, locs));
    }
    c.anchored.as_mut()
}

/// Searches the UTF-8 text at `ptr` (`len` bytes) from byte `from` (earlier
/// bytes still count for `^` and `\b`). `mode`: 0 is there a match, 1 the
/// match and its groups, 2 is there a match starting at 0, 3 that match and
/// its groups. Returns 1 when found (spans in sk_spans for modes 1 and 3), else 0.
#[no_mangle]
pub unsafe extern "C" fn sk_search(h: *mut Compiled, ptr: *const u8, len: usize, from: usize, mode: u32) -> u32 {
    let text = std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr, len));
    let c = &mut *h;
    let (re, locs) = if mode >= 2 {
        match anchored(c) {
            Some((re, locs)) => (&*re, locs),
            None => return 0,
        }
    } else {
        (&c.re, &mut c.locs)
    };
    if mode & 1 == 0 {
        // regex 1.7's is_match_at panics past 0 for a pattern anchored at the
        // end (`a+$`, `a+\z`), and a panic here unwinds nothing: the shadow
        // stack stays where it was, and some thousands of them exhaust it.
        return if from == 0 { re.is_match_at(text, 0) } else { re.find_at(text, from).is_some() } as u32;
    }
    if re.captures_read_at(locs, text, from).is_none() {
        return 0;
    }
    let n = locs.len();
    SPANS.clear();
    for i in 0..n {
        match locs.get(i) {
            Some((s, e)) => {
                SPANS.push(s as u32);
                SPANS.push(e as u32);
            }
            None => {
                SPANS.push(u32::MAX);
                SPANS.push(u32::MAX);
            }
        }
    }
    1
}
