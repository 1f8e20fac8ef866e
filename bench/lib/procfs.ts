// Reading Linux /proc: a process's CPU time and memory, its descendants, its process group.
// Field numbers follow proc(5), /proc/<pid>/stat.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  /** R running, S sleeping, Z zombie (dead, waiting to be reaped), ... */
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Resident set size, in pages. */
  rssPages: number;
}

/** Parses one /proc/<pid>/stat line. The command name (field 2) may hold spaces and parentheses,
 *  so fields are counted from the last ')'. */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  const rest = line.slice(close + 2).split(" ");
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  return {
    pid: Number(line.slice(0, open).trim()),
    ppid: field(4),
    pgrp: field(5),
    state: rest[0]!,
    cpuTicks: field(14) + field(15),
    rssPages: field(24),
  };
}

export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // exited
  }
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** The process and every live descendant (threads are counted inside their process). */
export function processTree(rootPid: number): ProcStat[] {
  const stats = allStats();
  const byParent = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const siblings = byParent.get(s.ppid);
    if (siblings) siblings.push(s);
    else byParent.set(s.ppid, [s]);
  }
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(byParent.get(tree[i]!.pid) ?? []));
  return tree;
}

/** Live members of a process group (zombies have exited already and are left out). */
export function processGroupMembers(pgid: number): number[] {
  return allStats().filter((s) => s.pgrp === pgid && s.state !== "Z").map((s) => s.pid);
}

// Linux has used 100 ticks per second (USER_HZ) on every mainstream architecture for decades;
// `getconf CLK_TCK` prints it.
export const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** CPU seconds used so far by a process and its live descendants. Children that exited during
 *  the measurement are missed (their time moves to cutime only when waited for): benchmarks keep
 *  their servers' worker processes alive across a run, so this is small. */
export function treeCpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const s of processTree(rootPid)) ticks += s.cpuTicks;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export function treeRssMb(rootPid: number): number {
  let pages = 0;
  for (const s of processTree(rootPid)) pages += s.rssPages;
  return (pages * PAGE_BYTES) / (1024 * 1024);
}

/** Measures server CPU time per operation: call before a run, then pass the operation count. */
export function cpuMeter(rootPid: number): { perOpMs(ops: number): number; seconds(): number } {
  const start = treeCpuSeconds(rootPid);
  return {
    seconds: () => treeCpuSeconds(rootPid) - start,
    perOpMs: (ops: number) => ((treeCpuSeconds(rootPid) - start) * 1000) / Math.max(1, ops),
  };
}
