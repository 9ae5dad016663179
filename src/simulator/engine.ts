import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "../clock.js";

/**
 * The simulator's engine: tasks that take time, per-account concurrency and credits, and a billing
 * log. The billing log is the ground truth for "never pay twice": tests read it, not our ledger.
 * State is appended to a JSONL file (when given), so a simulator that restarts, like a provider
 * that never stopped, still knows its tasks and what it charged.
 */
export interface SimTask {
  id: string;
  dialect: string;
  account: string;
  clientRef?: string;
  /** Hash of what was asked (the request without client references): same work, same fingerprint. */
  fingerprint: string;
  createdAtMs: number;
  queuedMs: number;
  processingMs: number;
  outputSeconds: number;
  usd: number;
  /** Set when the task is going to fail, with the reason the provider gives. */
  failWith?: string;
  request: Record<string, unknown>;
}

export type SimPhase = "queued" | "running" | "succeeded" | "failed";

export interface BillingEntry {
  atMs: number;
  kind: "charge" | "refund";
  taskId: string;
  clientRef?: string;
  account: string;
  dialect: string;
  fingerprint: string;
  seconds: number;
  usd: number;
}

export interface EngineOptions {
  clock: Clock;
  /** JSONL file that keeps tasks and billing across restarts. */
  stateFile?: string;
  /** Real milliseconds a task takes from creation to its end. @default 3000 */
  taskMs?: number;
  /** Running tasks allowed per account before creation is refused. @default 4 */
  concurrency?: number;
  /** Credits per account in USD. @default Infinity */
  creditsUsd?: number;
}

export type CreateRefusal = "concurrency_full" | "out_of_credits" | "duplicate_client_ref";

type StateLine = { type: "task"; task: SimTask } | { type: "billing"; entry: BillingEntry };

export class SimEngine {
  readonly clock: Clock;
  readonly taskMs: number;
  readonly concurrency: number;
  readonly creditsUsd: number;
  readonly #tasks = new Map<string, SimTask>();
  readonly #byClientRef = new Map<string, SimTask>();
  readonly #billing: BillingEntry[] = [];
  #fd: number | undefined;
  #sequence = 0;

  constructor(options: EngineOptions) {
    this.clock = options.clock;
    this.taskMs = options.taskMs ?? 3000;
    this.concurrency = options.concurrency ?? 4;
    this.creditsUsd = options.creditsUsd ?? Number.POSITIVE_INFINITY;
    if (options.stateFile) {
      if (existsSync(options.stateFile)) this.#replay(readFileSync(options.stateFile, "utf8"));
      mkdirSync(dirname(options.stateFile), { recursive: true });
      this.#fd = openSync(options.stateFile, "a");
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  create(input: Omit<SimTask, "id" | "createdAtMs" | "queuedMs" | "processingMs">): { task: SimTask } | { refused: CreateRefusal } {
    if (input.clientRef !== undefined && this.#byClientRef.has(refKey(input.account, input.clientRef))) {
      return { refused: "duplicate_client_ref" };
    }
    const now = this.clock.now();
    const active = [...this.#tasks.values()].filter((t) => t.account === input.account && !isTerminal(this.phaseOf(t, now)));
    if (active.length >= this.concurrency) return { refused: "concurrency_full" };
    if (this.spentUsd(input.account) + input.usd > this.creditsUsd) return { refused: "out_of_credits" };

    this.#sequence += 1;
    const task: SimTask = {
      ...input,
      id: `${now}${String(this.#sequence).padStart(6, "0")}`,
      createdAtMs: now,
      queuedMs: Math.round(this.taskMs * 0.2),
      processingMs: Math.round(this.taskMs * 0.8),
    };
    this.#remember(task);
    const lines: StateLine[] = [{ type: "task", task }];
    const charge: BillingEntry = {
      atMs: now,
      kind: "charge",
      taskId: task.id,
      account: task.account,
      dialect: task.dialect,
      fingerprint: task.fingerprint,
      seconds: task.outputSeconds,
      usd: task.usd,
      ...(task.clientRef !== undefined ? { clientRef: task.clientRef } : {}),
    };
    this.#billing.push(charge);
    lines.push({ type: "billing", entry: charge });
    if (task.failWith) {
      // A failed task is refunded (as Vidgo and reAPI do); the charge stays in the log.
      const refund: BillingEntry = { ...charge, kind: "refund", usd: -task.usd, seconds: -task.outputSeconds };
      this.#billing.push(refund);
      lines.push({ type: "billing", entry: refund });
    }
    // One write for the task and its charge: a kill never leaves a task without its billing.
    this.#append(lines);
    return { task };
  }

  find(account: string, idOrClientRef: string): SimTask | undefined {
    const byId = this.#tasks.get(idOrClientRef);
    if (byId && byId.account === account) return byId;
    return this.#byClientRef.get(refKey(account, idOrClientRef));
  }

  /** Any account's task by id (output links are not tied to an account, like a CDN's). */
  taskById(id: string): SimTask | undefined {
    return this.#tasks.get(id);
  }

  tasksOf(account: string): SimTask[] {
    return [...this.#tasks.values()].filter((t) => t.account === account);
  }

  phaseOf(task: SimTask, now = this.clock.now()): SimPhase {
    const elapsed = now - task.createdAtMs;
    if (elapsed < task.queuedMs) return "queued";
    if (elapsed < task.queuedMs + task.processingMs) return "running";
    return task.failWith ? "failed" : "succeeded";
  }

  billing(): readonly BillingEntry[] {
    return this.#billing;
  }

  spentUsd(account: string): number {
    return this.#billing.filter((b) => b.account === account).reduce((sum, b) => sum + b.usd, 0);
  }

  #remember(task: SimTask): void {
    this.#tasks.set(task.id, task);
    if (task.clientRef !== undefined) this.#byClientRef.set(refKey(task.account, task.clientRef), task);
  }

  #append(lines: StateLine[]): void {
    if (this.#fd !== undefined) writeSync(this.#fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
  }

  #replay(text: string): void {
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      let line: StateLine;
      try {
        line = JSON.parse(raw) as StateLine;
      } catch {
        continue; // a line cut by a kill: the simulator, like a provider, loses only what it never acknowledged
      }
      if (line.type === "task") this.#remember(line.task);
      else this.#billing.push(line.entry);
    }
    this.#sequence = this.#tasks.size;
  }
}

function isTerminal(phase: SimPhase): boolean {
  return phase === "succeeded" || phase === "failed";
}

function refKey(account: string, clientRef: string): string {
  return `${account}\u0000${clientRef}`;
}
