/**
 * The player's actions on a kernel and their validation: parse checks the shape and every parameter against the
 * block catalogue (blocks.ts), `applyEdit` checks what the stage permits and changes the kernel or nothing.
 *
 * Actions:
 *   {type: "set", block, param, value}     a block's parameter
 *   {type: "add", at, block}               insert a whole block (stage permitting)
 *   {type: "remove", block} / {type: "move", from, to}
 *   {type: "script", text}                 the linker script (≤ 4 KiB)
 *   {type: "opt", level}                   opt-level 0 or 1 (stage permitting)
 *   {type: "boot"}                         build, load and run the machine (heavy)
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { isRecord } from "../../engine/validate.ts";
import { type Block, type BlockKind, KINDS, MAX_BLOCKS, MAX_SCRIPT_CHARS, type ParamSpec, PRINTABLE } from "./blocks.ts";

export type KernelAction =
  | { type: "set"; block: number; param: string; value: unknown }
  | { type: "add"; at: number; block: Block }
  | { type: "remove"; block: number }
  | { type: "move"; from: number; to: number }
  | { type: "script"; text: string }
  | { type: "opt"; level: number }
  | { type: "boot" };

/** What an edit works on (the level state holds these fields among others). */
export interface KernelSource {
  blocks: Block[];
  linkerScript: string;
  optLevel: number;
}

export interface EditRules {
  readonly structure: boolean;
  readonly optLocked: boolean;
}

const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < MAX_BLOCKS;

/** A parameter value checked against its spec: the value, or why not. */
export function checkParam(spec: ParamSpec, value: unknown, name: string): Result<unknown> {
  switch (spec.type) {
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? ok(value) : fail("E_BAD_PARAM", `${name} must be an integer from ${spec.min} to ${spec.max}.`);
    case "bool":
      return typeof value === "boolean" ? ok(value) : fail("E_BAD_PARAM", `${name} must be true or false.`);
    case "text":
      if (typeof value !== "string" || value.length === 0 || value.length > spec.max) return fail("E_BAD_PARAM", `${name} must be 1 to ${spec.max} characters.`);
      if (spec.max <= 80 ? !PRINTABLE.test(value) : !/^[\x20-\x7e\t\n\r]*$/.test(value)) return fail("E_BAD_PARAM", `${name} may hold printable ASCII only.`);
      return ok(value);
    case "choice":
      return typeof value === "string" && spec.values.includes(value) ? ok(value) : fail("E_BAD_PARAM", `${name} must be one of ${spec.values.join(", ")}.`);
    case "checksum":
      return value === "auto" || (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff)
        ? ok(value) : fail("E_BAD_PARAM", `${name} must be "auto" or a 32-bit unsigned integer.`);
    case "vectors":
      if (!Array.isArray(value) || value.length > 256) return fail("E_BAD_PARAM", `${name} must be a list of up to 256 vectors.`);
      if (!value.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 255)) return fail("E_BAD_PARAM", `${name} must hold vectors 0 to 255.`);
      return ok([...new Set(value as number[])].sort((a, b) => a - b));
  }
}

/** A whole block from untrusted data: a known kind with exactly its parameters, each valid. */
export function parseBlock(untrusted: unknown): Result<Block> {
  if (!isRecord(untrusted) || typeof untrusted.kind !== "string" || !(untrusted.kind in KINDS)) {
    return fail("E_BAD_BLOCK", `A block needs a kind, one of ${Object.keys(KINDS).join(", ")}.`);
  }
  const info = KINDS[untrusted.kind as BlockKind];
  const out: Record<string, unknown> = { kind: untrusted.kind };
  for (const key of Object.keys(untrusted)) if (key !== "kind" && !(key in info.params)) return fail("E_BAD_BLOCK", `${info.label} has no parameter ${key.slice(0, 40)}.`);
  for (const [name, spec] of Object.entries(info.params)) {
    const v = checkParam(spec, untrusted[name], name);
    if (!v.ok) return v;
    out[name] = v.value;
  }
  return ok(out as Block);
}

export function parseKernelAction(untrusted: unknown): Result<KernelAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"boot\"}.");
  const keys = Object.keys(untrusted).sort().join(",");
  const t = untrusted.type;
  const shape = (expected: string): boolean => keys === expected;
  switch (t) {
    case "boot":
      return shape("type") ? ok({ type: "boot" }) : fail("E_BAD_ACTION", "A boot action has only the field type.");
    case "set":
      if (!shape("block,param,type,value") || !isIndex(untrusted.block) || typeof untrusted.param !== "string") {
        return fail("E_BAD_ACTION", "A set action is {type: \"set\", block: index, param: name, value}.");
      }
      return ok({ type: "set", block: untrusted.block, param: untrusted.param.slice(0, 40), value: untrusted.value });
    case "add": {
      if (!shape("at,block,type") || !isIndex(untrusted.at)) return fail("E_BAD_ACTION", "An add action is {type: \"add\", at: index, block: {kind, …}}.");
      const block = parseBlock(untrusted.block);
      return block.ok ? ok({ type: "add", at: untrusted.at, block: block.value }) : block;
    }
    case "remove":
      return shape("block,type") && isIndex(untrusted.block) ? ok({ type: "remove", block: untrusted.block })
        : fail("E_BAD_ACTION", "A remove action is {type: \"remove\", block: index}.");
    case "move":
      return shape("from,to,type") && isIndex(untrusted.from) && isIndex(untrusted.to) ? ok({ type: "move", from: untrusted.from, to: untrusted.to })
        : fail("E_BAD_ACTION", "A move action is {type: \"move\", from: index, to: index}.");
    case "script":
      if (!shape("text,type") || typeof untrusted.text !== "string") return fail("E_BAD_ACTION", "A script action is {type: \"script\", text}.");
      if (untrusted.text.length > MAX_SCRIPT_CHARS) return fail("E_SCRIPT_TOO_LONG", `The linker script may hold at most ${MAX_SCRIPT_CHARS} characters.`);
      if (!/^[\x20-\x7e\t\n\r]*$/.test(untrusted.text)) return fail("E_BAD_PARAM", "The linker script may hold printable ASCII only.");
      return ok({ type: "script", text: untrusted.text });
    case "opt":
      return shape("level,type") && (untrusted.level === 0 || untrusted.level === 1) ? ok({ type: "opt", level: untrusted.level })
        : fail("E_BAD_ACTION", "An opt action is {type: \"opt\", level: 0 or 1}.");
    default:
      return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(t)).slice(0, 40)}: boot-kernel accepts set, add, remove, move, script, opt and boot.`);
  }
}

/** Applies an edit (anything but boot) to the kernel, or returns why not and leaves it untouched. */
export function applyEdit(k: KernelSource, a: Exclude<KernelAction, { type: "boot" }>, rules: EditRules): Result<string> {
  const noStructure = () => fail<string>("E_STAGE_LOCKED", "This stage fixes the list of blocks: change parameters and the linker script only.");
  switch (a.type) {
    case "set": {
      const b = k.blocks[a.block];
      if (!b) return fail("E_NO_BLOCK", `There is no block ${a.block}.`);
      const spec = KINDS[b.kind].params[a.param];
      if (!spec) return fail("E_BAD_PARAM", `${KINDS[b.kind].label} has no parameter ${a.param}.`);
      const v = checkParam(spec, a.value, a.param);
      if (!v.ok) return v;
      k.blocks[a.block] = { ...b, [a.param]: v.value } as Block;
      return ok(`${KINDS[b.kind].label}: ${a.param} set.`);
    }
    case "add":
      if (!rules.structure) return noStructure();
      if (a.at > k.blocks.length) return fail("E_NO_BLOCK", `Blocks can be added at positions 0 to ${k.blocks.length}.`);
      if (k.blocks.length >= MAX_BLOCKS) return fail("E_TOO_MANY_BLOCKS", `A kernel holds at most ${MAX_BLOCKS} blocks.`);
      if (KINDS[a.block.kind].single && k.blocks.some((b) => b.kind === a.block.kind)) return fail("E_DUPLICATE_BLOCK", `A kernel has at most one ${KINDS[a.block.kind].label} block.`);
      k.blocks.splice(a.at, 0, a.block);
      return ok(`${KINDS[a.block.kind].label} added.`);
    case "remove": {
      if (!rules.structure) return noStructure();
      const [gone] = k.blocks.splice(a.block, 1);
      if (!gone) return fail("E_NO_BLOCK", `There is no block ${a.block}.`);
      return ok(`${KINDS[gone.kind].label} removed.`);
    }
    case "move": {
      if (!rules.structure) return noStructure();
      if (a.from >= k.blocks.length || a.to >= k.blocks.length) return fail("E_NO_BLOCK", `Blocks are numbered 0 to ${k.blocks.length - 1}.`);
      const [b] = k.blocks.splice(a.from, 1);
      k.blocks.splice(a.to, 0, b!);
      return ok(`${KINDS[b!.kind].label} moved.`);
    }
    case "script":
      k.linkerScript = a.text;
      return ok("Linker script edited.");
    case "opt":
      if (rules.optLocked && a.level !== k.optLevel) return fail("E_STAGE_LOCKED", `This stage builds at opt-level ${k.optLevel}.`);
      k.optLevel = a.level;
      return ok(`Opt-level ${a.level}.`);
  }
}
