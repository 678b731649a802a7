/**
 * What the cpu-core board shows, without a browser: edits become patches that fit the protocol's message limit and
 * rebuild the text exactly; a real check with ADD's half carry from bit 4 shows flag H (and only H) as the
 * difference, with the ADD cells failing and the family marked; opcode cells are labelled from the opcode table;
 * the token colouring classes microcode like the lexer.
 */
import { describe, expect, it } from "vitest";
import { cpuCore, STAGE_RULES, writableFamilies, type CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { REFERENCE_MICROCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { MAX_MESSAGE_CHARS } from "../../../shared/protocol.ts";
import {
  applyPatch, cellLabel, divergencePicture, familyRows, familyText, flagLetters, highlightLine, pageCounts, patchesFor, starter, viewKey,
} from "../../../client/boards/cpu-core/picture.ts";

const HF_BIT4 = (src: string) => src.replace("HF = (A & 0xF) + (v & 0xF) > 0xF", "HF = (A & 0x1F) + (v & 0x1F) > 0x1F");

function stageOne(addSource: string): CpuCoreState {
  const s = cpuCore.init(1, 7);
  for (const f of writableFamilies(STAGE_RULES[0]!)) {
    const r = cpuCore.step(s, { type: "edit", family: f, source: f === "add-a-r" ? addSource : REFERENCE_MICROCODE[f]! });
    expect(r.ok).toBe(true);
  }
  expect(cpuCore.step(s, { type: "check" }).ok).toBe(true);
  return s;
}

describe("cpu-core board picture", () => {
  it("turns an edit into patches that each fit one client message and rebuild the text", () => {
    const from = REFERENCE_MICROCODE["add-a-r"]!;
    const big = "# a long comment with \"quotes\" and \\ backslashes\n".repeat(70) + from;
    for (const [a, b] of [["", big], [from, HF_BIT4(from)], [big, ""], [from, from + "\n  NF = 0\n"]] as const) {
      const patches = patchesFor("add-a-r", a, b);
      let text = a;
      for (const p of patches) {
        expect(JSON.stringify({ seq: 123456, action: p }).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        expect(cpuCore.parse(p).ok).toBe(true);
        text = applyPatch(text, p);
      }
      expect(text).toBe(b);
    }
    expect(patchesFor("add-a-r", from, HF_BIT4(from))).toHaveLength(1);
    expect(patchesFor("add-a-r", from, from)).toEqual([]);
  }, 10_000);

  it("shows a half carry from bit 4 as flag H differing, the ADD cells failing and ADD A,r marked", () => {
    const s = stageOne(HF_BIT4(REFERENCE_MICROCODE["add-a-r"]!));
    const p = divergencePicture(s)!;
    expect(p).not.toBeNull();
    expect(p.divergence.family).toBe("add-a-r");
    expect(p.sentences).toContain("flag H: reference 1, yours 0");
    expect(p.sentences.filter((x) => x.startsWith("flag"))).toHaveLength(1);
    // Exactly the H letter of ZNHC is boxed, at the same column in both rows.
    expect(p.spans).toHaveLength(1);
    const at = p.spans[0]!.at;
    expect(p.header.slice(at - 2, at + 2)).toBe("ZNHC");
    expect(p.reference[at]).toBe("H");
    expect(p.player[at]).toBe("-");
    expect(p.reference.slice(0, at)).toBe(p.player.slice(0, at));
    for (let op = 0x80; op <= 0x87; op++) expect(s.report!.opcodeStatus[op]).toBe("x");
    const rows = familyRows(s, new Set());
    expect(rows.find((r) => r.info.id === "add-a-r")!.status).toBe("fail");
    expect(rows.find((r) => r.info.id === "sub-a-r")!.status).toBe("pass");
    expect(pageCounts(s.report!.opcodeStatus, 0).fail).toBeGreaterThanOrEqual(8);
  }, 30_000);

  it("lists the stage's families first and hides reference microcode until its stage is cleared", () => {
    const s = cpuCore.init(3, 1);
    const rows = familyRows(s, new Set());
    expect(rows.slice(0, 3).every((r) => r.writable && r.info.topic === "loads")).toBe(true);
    expect(rows.every((r) => r.writable ? r.status === "empty" : true)).toBe(true);
    const add = rows.find((r) => r.info.id === "add-a-r")!;
    expect(add.locked).toBe(true);
    expect(familyText(s, add)).toMatch(/unlocks when you clear stage 1/);
    const unlocked = familyRows(s, new Set([1])).find((r) => r.info.id === "add-a-r")!;
    expect(familyText(s, unlocked)).toBe(REFERENCE_MICROCODE["add-a-r"]);
    expect(starter(add.info)).toMatch(/^family add-a-r matches 10 000 zzz\n/);
  });

  it("labels cells from the opcode table and spells flags out", () => {
    expect(cellLabel(0x80)).toMatchObject({ hex: "80", op: "ADD", args: "A,B", family: "add-a-r" });
    expect(cellLabel(0x100 + 0x7c)).toMatchObject({ hex: "CB 7C", op: "BIT", args: "7,H", family: "cb-bit" });
    expect(cellLabel(0xd3)).toMatchObject({ op: "—", family: "" });
    expect(cellLabel(512).mnemonic).toBe("interrupt dispatch");
    expect(flagLetters(0xa0)).toBe("Z-H-");
    expect(flagLetters(0x10)).toBe("---C");
  });

  it("colours microcode tokens as the language classes them", () => {
    const toks = highlightLine("  HF = (A & 0xF) + r[z] > $0F  # half carry").filter((t) => t.text.trim());
    const cls = Object.fromEntries(toks.map((t) => [t.text, t.cls]));
    expect(cls).toMatchObject({ HF: "flag", A: "register", "0xF": "number", r: "register", z: "field", $0F: "number", "# half carry": "comment" });
    expect(highlightLine("if ZF { A = imm8 }").map((t) => t.cls)).toContain("keyword");
    expect(highlightLine("a line").map((t) => t.text).join("")).toBe("a line");
  });

  it("redraws for an edit that keeps the text's length (spectators and replays see the new microcode)", () => {
    const right = stageOne(REFERENCE_MICROCODE["add-a-r"]!);
    const sameLength = stageOne(REFERENCE_MICROCODE["add-a-r"]!.replace("> 0xF", "> 0xE"));
    expect(Object.values(sameLength.sources).map((t) => t.length)).toEqual(Object.values(right.sources).map((t) => t.length));
    expect(viewKey(sameLength)).not.toBe(viewKey(right));
    expect(viewKey(stageOne(REFERENCE_MICROCODE["add-a-r"]!))).toBe(viewKey(right));
  });
});
