/**
 * A flat 64 KiB bus for CPU unit tests: every address is plain RAM, IE is $FFFF and IF is $FF0F as on the
 * real machine, and every access is logged with the CPU's cycle count at that moment, so a test can check both
 * how many M-cycles an instruction took and in which of them it touched memory.
 */
import type { Bus, Cpu } from "../../../shared/levels/cpu-core/cpu.ts";

export interface Access { kind: "r" | "w"; address: number; value: number; cycle: number }

export class FakeBus implements Bus {
  readonly memory = new Uint8Array(0x10000);
  readonly log: Access[] = [];
  stops = 0;
  cpu: Cpu | null = null;

  read(address: number): number {
    const value = this.memory[address]!;
    this.log.push({ kind: "r", address, value, cycle: this.cpu?.cycles ?? -1 });
    return value;
  }
  write(address: number, value: number): void {
    this.memory[address] = value;
    this.log.push({ kind: "w", address, value, cycle: this.cpu?.cycles ?? -1 });
  }
  pendingInterrupts(): number {
    return this.memory[0xffff]! & this.memory[0xff0f]! & 0x1f;
  }
  acknowledgeInterrupt(bit: number): void {
    this.memory[0xff0f] = this.memory[0xff0f]! & ~(1 << bit);
  }
  stop(): void {
    this.stops++;
  }
}
