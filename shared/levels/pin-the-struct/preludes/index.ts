/**
 * Each stage's prelude as real Rust source: the player's program becomes the body of `fn main()` after it, and that
 * file is what rustc judges. Stage texts follow the ladder in DESIGN.md, Level 1.
 */
import { HEADER, NOOP_WAKER, SELF_REF } from "./common.ts";

/** Stage 2 adds an initializer that works on an unpinned value: a trap if the value moves afterwards. */
const SELF_REF_EARLY = `
impl SelfRef {
    /// Points \`ptr\` at \`data\` without pinning: valid only until the value next moves.
    pub fn init_early(&mut self) {
        self.ptr = &self.data;
    }
}
`;

/** Stage 3: the thinking exercise's node, without PhantomPinned (so it is Unpin and Vec may move it). */
const NODE = `
#[repr(C)]
pub struct Node {
    pub value: String,
    pub ptr_to_value: *const String,
}

impl Node {
    pub fn new(text: &str) -> Node {
        Node { value: String::from(text), ptr_to_value: std::ptr::null() }
    }
    pub fn init(&mut self) {
        self.ptr_to_value = &self.value;
    }
    pub fn value(&self) -> &String {
        unsafe { &*self.ptr_to_value }
    }
}
`;

/** Stage 4: three pointers; which survive `let b = a;`? */
const THREE = `
#[repr(C)]
pub struct Three {
    pub name: String,
    pub buf: [u8; 16],
    pub into_heap: *const u8,
    pub to_field: *const String,
    pub into_array: *const u8,
}

impl Three {
    pub fn new(text: &str) -> Three {
        Three { name: String::from(text), buf: [7; 16], into_heap: std::ptr::null(), to_field: std::ptr::null(), into_array: std::ptr::null() }
    }
    pub fn init(&mut self) {
        self.into_heap = self.name.as_ptr();
        self.to_field = &self.name;
        self.into_array = self.buf.as_ptr();
    }
    /// The first byte of the String's heap buffer.
    pub fn read_heap(&self) -> u8 {
        unsafe { *self.into_heap }
    }
    /// The length of the String field, read through a pointer to the field.
    pub fn read_field(&self) -> usize {
        unsafe { (&*self.to_field).len() }
    }
    /// The first byte of the inline array.
    pub fn read_array(&self) -> u8 {
        unsafe { *self.into_array }
    }
}
`;

/** Stage 6: two holders of a pinned SelfRef; one Drop recycles (moves) the pinned field, one drops it in place. */
const HOLDERS = `
#[repr(C)]
pub struct Recycler {
    pub inner: SelfRef,
}

impl Recycler {
    pub fn new(text: &str) -> Recycler {
        Recycler { inner: SelfRef::new(text) }
    }
    pub fn init(self: Pin<&mut Self>) {
        unsafe { self.map_unchecked_mut(|r| &mut r.inner) }.init();
    }
    pub fn value(&self) -> &String {
        self.inner.value()
    }
}

impl Drop for Recycler {
    /// Keeps the old SelfRef for reuse: moves a structurally pinned field out of a pinned value.
    fn drop(&mut self) {
        let recycled = mem::replace(&mut self.inner, SelfRef::new(""));
        if !recycled.ptr.is_null() {
            let _ = recycled.value().len();
        }
    }
}

#[repr(C)]
pub struct Holder {
    pub inner: SelfRef,
}

impl Holder {
    pub fn new(text: &str) -> Holder {
        Holder { inner: SelfRef::new(text) }
    }
    pub fn init(self: Pin<&mut Self>) {
        unsafe { self.map_unchecked_mut(|h| &mut h.inner) }.init();
    }
    pub fn value(&self) -> &String {
        self.inner.value()
    }
}

impl Drop for Holder {
    /// Reads the field where it is: drop runs in place.
    fn drop(&mut self) {
        if !self.inner.ptr.is_null() {
            let _ = self.inner.value().len();
        }
    }
}
`;

/** Stage 7: pinned \`data\` (structural) next to a plain counter (not structural). */
const TRACKED = `
#[repr(C)]
pub struct Tracked {
    pub data: String,
    pub ptr: *const String,
    pub edits: u32,
    _pin: PhantomPinned,
}

impl Tracked {
    pub fn new(text: &str) -> Tracked {
        Tracked { data: String::from(text), ptr: std::ptr::null(), edits: 0, _pin: PhantomPinned }
    }
    pub fn init(self: Pin<&mut Self>) {
        let this = unsafe { self.get_unchecked_mut() };
        this.ptr = &this.data;
    }
    pub fn value(&self) -> &String {
        unsafe { &*self.ptr }
    }
}
`;

/** Stage 8: a hand-written self-referential future: Pending, Pending, Ready(len) at a stable address. */
const COUNTDOWN = `
#[repr(C)]
pub struct Countdown {
    pub data: String,
    pub ptr: *const String,
    pub left: u32,
    _pin: PhantomPinned,
}

impl Countdown {
    pub fn new(text: &str, left: u32) -> Countdown {
        Countdown { data: String::from(text), ptr: std::ptr::null(), left, _pin: PhantomPinned }
    }
}

impl Future for Countdown {
    type Output = usize;
    /// The first poll points \`ptr\` at \`data\`; every poll reads through it, so the future must not move.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let this = unsafe { self.get_unchecked_mut() };
        if this.ptr.is_null() {
            this.ptr = &this.data;
        }
        let len = unsafe { (&*this.ptr).len() };
        if this.left == 0 {
            return Poll::Ready(len);
        }
        this.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
`;

/** Prelude source by stage number (1-based). */
export const PRELUDES: readonly string[] = [
  HEADER + SELF_REF,
  HEADER + SELF_REF + SELF_REF_EARLY,
  HEADER + NODE,
  HEADER + THREE,
  HEADER + SELF_REF,
  HEADER + SELF_REF + HOLDERS,
  HEADER + TRACKED,
  HEADER + COUNTDOWN + NOOP_WAKER,
];

/** The file rustc compiles for a program: prelude, then the program as the body of main. */
export function rustSource(stage: number, program: string): string {
  return `${PRELUDES[stage - 1]}\nfn main() {\n${program}\n}\n`;
}
