/**
 * Rust source shared by the stage preludes: the imports every program may rely on, the `SelfRef` type of the
 * Manual Pin Projector project (String 24 bytes + pointer 8 + PhantomPinned 0 = 32 bytes, `#[repr(C)]` so the
 * offsets are exactly 0x00, 0x18, 0x20), and a no-op waker built from a `RawWakerVTable` (std::task docs).
 * Method bodies are real Rust; the machine models them by name (see ../methods.ts).
 */
export const HEADER = `#![allow(unused)]
use std::future::Future;
use std::marker::PhantomPinned;
use std::mem;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
`;

/** The project's self-referential struct: build it, pin it, then point \`ptr\` at \`data\`. */
export const SELF_REF = `
#[repr(C)]
pub struct SelfRef {
    pub data: String,
    pub ptr: *const String,
    _pin: PhantomPinned,
}

impl SelfRef {
    pub fn new(text: &str) -> SelfRef {
        SelfRef { data: String::from(text), ptr: std::ptr::null(), _pin: PhantomPinned }
    }
    /// Points \`ptr\` at \`data\`. Sound only once the value is pinned: it takes \`Pin<&mut Self>\`.
    pub fn init(self: Pin<&mut Self>) {
        let this = unsafe { self.get_unchecked_mut() };
        this.ptr = &this.data;
    }
    /// Reads \`data\` through the self-pointer.
    pub fn value(&self) -> &String {
        unsafe { &*self.ptr }
    }
}
`;

export const NOOP_WAKER = `
fn noop_raw_waker() -> std::task::RawWaker {
    fn clone(_: *const ()) -> std::task::RawWaker { noop_raw_waker() }
    fn no_op(_: *const ()) {}
    static VTABLE: std::task::RawWakerVTable = std::task::RawWakerVTable::new(clone, no_op, no_op, no_op);
    std::task::RawWaker::new(std::ptr::null(), &VTABLE)
}

/// A waker that does nothing when woken: the executor polls again on its own.
pub fn noop_waker() -> Waker {
    unsafe { Waker::from_raw(noop_raw_waker()) }
}
`;
