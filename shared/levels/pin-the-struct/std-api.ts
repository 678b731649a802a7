/**
 * The standard-library surface of the subset, with the signatures rustc 1.95 gives them (std docs: `std::pin::Pin`,
 * `std::boxed::Box`, `std::vec::Vec`, `std::string::String`, `std::mem`, `std::task`). Each entry says what
 * the checker needs: receiver shape, parameter and return types as functions of the receiver's type arguments,
 * `unsafe`, and the `Unpin` bound that makes a call E0277.
 *
 * Omits: everything else in std. Paths are accepted in the spellings a program after the stage prelude can use
 * (the prelude imports `Pin`, `pin`, `mem`, `Context`, `Poll`, `Waker`, `PhantomPinned` and `Future`).
 */
import { adt, ref, STRING, USIZE, type Ty } from "./types.ts";

/** Full paths a program may write, mapped to the canonical name the checker and interpreter use. */
export const PATH_ALIASES: Record<string, string> = {
  "Box::pin": "Box::pin", "std::boxed::Box::pin": "Box::pin", "Box::new": "Box::new", "std::boxed::Box::new": "Box::new",
  "Pin::new": "Pin::new", "std::pin::Pin::new": "Pin::new", "Pin::new_unchecked": "Pin::new_unchecked",
  "std::pin::Pin::new_unchecked": "Pin::new_unchecked", "Pin::into_inner": "Pin::into_inner", "std::pin::Pin::into_inner": "Pin::into_inner",
  "Pin::as_mut": "Pin::as_mut", "Pin::as_ref": "Pin::as_ref", "Pin::get_mut": "Pin::get_mut", "Pin::get_ref": "Pin::get_ref",
  "Pin::get_unchecked_mut": "Pin::get_unchecked_mut", "Pin::map_unchecked_mut": "Pin::map_unchecked_mut", "Pin::set": "Pin::set",
  "mem::swap": "mem::swap", "std::mem::swap": "mem::swap", "mem::replace": "mem::replace", "std::mem::replace": "mem::replace",
  "drop": "drop", "std::mem::drop": "drop", "mem::drop": "drop",
  "Vec::new": "Vec::new", "std::vec::Vec::new": "Vec::new", "Vec::with_capacity": "Vec::with_capacity",
  "String::from": "String::from", "String::new": "String::new", "std::ptr::null": "ptr::null",
  "Context::from_waker": "Context::from_waker", "std::task::Context::from_waker": "Context::from_waker",
  "Future::poll": "Future::poll", "std::future::Future::poll": "Future::poll",
};

export const PIN_MACROS = ["pin", "std::pin::pin", "core::pin::pin"];

/** How a method takes `self`, relative to its `Self` type. */
export type RecvKind = "value" | "ref" | "mut" | "pinMut" | "pinRef";

export interface StdMethod {
  readonly owner: "Pin" | "Vec" | "String" | "Poll";
  readonly recv: RecvKind;
  /** For Pin methods taking `self` by value: the pointer the Pin must wrap. */
  readonly pinPtr?: "mut" | "ref";
  readonly unsafe?: boolean;
  /** rustc's path for the method in E0133 messages. */
  readonly unsafePath?: string;
  readonly unpinBound?: boolean;
  /** Parameters and return type, given the owner's type (e.g. `Pin<&mut T>`). */
  readonly params: (self: Ty) => readonly Ty[];
  readonly ret: (self: Ty, args: readonly Ty[]) => Ty;
}

/** `P::Target` for the pointers a Pin can wrap. */
export function pinTarget(pin: Ty): Ty {
  const p = pin.k === "adt" ? pin.args[0]! : pin;
  if (p.k === "ref") return p.to;
  if (p.k === "adt" && p.name === "Box") return p.args[0]!;
  return { k: "error" };
}

const arg0 = (t: Ty): Ty => (t.k === "adt" ? t.args[0]! : { k: "error" });

export const STD_METHODS: Record<string, StdMethod> = {
  "Pin::as_mut": { owner: "Pin", recv: "mut", params: () => [], ret: (s) => adt("Pin", ref(true, pinTarget(s))) },
  "Pin::as_ref": { owner: "Pin", recv: "ref", params: () => [], ret: (s) => adt("Pin", ref(false, pinTarget(s))) },
  "Pin::get_mut": { owner: "Pin", recv: "value", pinPtr: "mut", unpinBound: true, params: () => [], ret: (s) => ref(true, pinTarget(s)) },
  "Pin::get_ref": { owner: "Pin", recv: "value", pinPtr: "ref", params: () => [], ret: (s) => ref(false, pinTarget(s)) },
  "Pin::get_unchecked_mut": { owner: "Pin", recv: "value", pinPtr: "mut", unsafe: true, unsafePath: "Pin::<&'a mut T>::get_unchecked_mut", params: () => [], ret: (s) => ref(true, pinTarget(s)) },
  "Pin::map_unchecked_mut": {
    owner: "Pin", recv: "value", pinPtr: "mut", unsafe: true, unsafePath: "Pin::<&'a mut T>::map_unchecked_mut",
    params: (s) => [{ k: "closure", param: ref(true, pinTarget(s)), ret: { k: "error" } }],
    ret: (_s, args) => { const c = args[0]; return c && c.k === "closure" && c.ret.k === "ref" ? adt("Pin", ref(true, c.ret.to)) : { k: "error" }; },
  },
  "Pin::set": { owner: "Pin", recv: "mut", params: (s) => [pinTarget(s)], ret: () => ({ k: "unit" }) },
  "Vec::push": { owner: "Vec", recv: "mut", params: (s) => [arg0(s)], ret: () => ({ k: "unit" }) },
  "Vec::len": { owner: "Vec", recv: "ref", params: () => [], ret: () => USIZE },
  "Vec::capacity": { owner: "Vec", recv: "ref", params: () => [], ret: () => USIZE },
  "String::push_str": { owner: "String", recv: "mut", params: () => [ref(false, { k: "str" })], ret: () => ({ k: "unit" }) },
  "String::clone": { owner: "String", recv: "ref", params: () => [], ret: () => STRING },
  "String::len": { owner: "String", recv: "ref", params: () => [], ret: () => USIZE },
  "String::as_ptr": { owner: "String", recv: "ref", params: () => [], ret: () => ({ k: "raw", mut: false, to: { k: "int", name: "u8" } }) },
  "Poll::is_ready": { owner: "Poll", recv: "ref", params: () => [], ret: () => ({ k: "bool" }) },
  "Poll::is_pending": { owner: "Poll", recv: "ref", params: () => [], ret: () => ({ k: "bool" }) },
};

export { STRING };
