/**
 * Summaries as plain JSON (what `lanes analyze --json` prints): expressions rendered as
 * Solidity-like text, numbers as strings, source positions as `file:line`.
 */
import type { Expr, ParamStep } from "./expr";
import type { Access, ContractSummary, EntryPoint } from "./summary";

export interface AccessJson {
  mode?: "read" | "write";
  kind: "slot" | "wildcard" | "balance" | "code" | "call";
  /** `Contract.variable[key].member` for slots. */
  name?: string;
  /** The slot (or address) as an expression over parameters, msg.sender, storage loads… */
  expr?: string;
  scope?: "slots" | "contract" | "any";
  reason?: string;
  /** Where in the source the access happens, `file:line`. */
  at?: string;
  /** The branch conditions it happens under (all must hold). */
  when?: string[];
  /** Calls: the kind, the callee's selector and the arguments. */
  call?: { kind: string; selector: string | null; args: string[] | null; value?: string; site: number };
}

export interface EntryPointJson {
  selector: string;
  signature: string;
  payable: boolean;
  accesses: AccessJson[];
  calls: { kind: string; target: string; sendsValue: boolean; at?: string }[];
  warnings: string[];
}

export interface ContractSummaryJson {
  contract: string;
  entryPoints: EntryPointJson[];
}

/** `start:length:fileIndex` → `file:line`, given the build-info's sources by index. */
export type SourceLocator = (src: string) => string | undefined;

export function summaryToJson(summary: ContractSummary, locate: SourceLocator = () => undefined): ContractSummaryJson {
  return { contract: summary.name, entryPoints: summary.entryPoints.map((e) => entryPointToJson(e, locate)) };
}

function entryPointToJson(e: EntryPoint, locate: SourceLocator): EntryPointJson {
  return {
    selector: e.selector,
    signature: e.signature,
    payable: e.payable,
    accesses: e.accesses.map((a) => accessToJson(a, locate)),
    calls: e.calls.map((c) => ({
      kind: c.kind,
      target: formatExpr(c.target),
      sendsValue: c.sendsValue,
      at: locate(c.src),
    })),
    warnings: [...e.warnings],
  };
}

function accessToJson(a: Access, locate: SourceLocator): AccessJson {
  const at = locate(a.src);
  const when = a.guard && a.guard.length > 0 ? { when: a.guard.map(formatExpr) } : {};
  switch (a.kind) {
    case "slot":
      return { mode: a.mode, kind: "slot", name: a.name, expr: formatExpr(a.slot), at, ...when };
    case "wildcard":
      return { mode: a.mode, kind: "wildcard", scope: a.scope, name: a.root?.label, reason: a.reason, at, ...when };
    case "balance":
    case "code":
      return { mode: a.mode, kind: a.kind, expr: formatExpr(a.address), at, ...when };
    case "call":
      return {
        kind: "call",
        name: a.text,
        expr: formatExpr(a.target),
        call: {
          kind: a.callKind,
          selector: a.selector,
          args: a.args ? a.args.map(formatExpr) : null,
          ...(a.value ? { value: formatExpr(a.value) } : {}),
          site: a.site,
        },
        at,
        ...when,
      };
  }
}

/** A readable rendering of a symbolic value; not meant to be parsed back. */
export function formatExpr(e: Expr): string {
  switch (e.k) {
    case "const":
      return e.value < 1_000_000n ? e.value.toString() : `0x${e.value.toString(16)}`;
    case "bytes":
      return `0x${Buffer.from(e.value).toString("hex")}`;
    case "param":
      return e.name + e.path.map(formatStep).join("");
    case "sender":
      return "msg.sender";
    case "value":
      return "msg.value";
    case "this":
      return "address(this)";
    case "immutable":
      return e.name;
    case "sload":
      return `sload(${formatExpr(e.slot)})`;
    case "keccak":
      return `keccak256(${e.parts.map((p) => formatExpr(p.value)).join(", ")})`;
    case "mapslot":
      return `keccak256(${formatExpr(e.key)} . ${formatExpr(e.base)})`;
    case "bin":
      return `(${formatExpr(e.a)} ${e.op} ${formatExpr(e.b)})`;
    case "not":
      return `~${formatExpr(e.a)}`;
    case "mask":
      return `${e.signed ? "int" : "uint"}${e.bits}(${formatExpr(e.a)})`;
    case "shiftBytes":
      return `shift${e.by}(${formatExpr(e.a)})`;
    case "phi":
      return `{${e.options.map(formatExpr).join(" | ")}}`;
    case "gphi":
      return `{${e.options.map((o) => `${o.when.map(formatExpr).join(" && ") || "true"} → ${formatExpr(o.value)}`).join(" | ")}}`;
    case "ite":
      return `(${formatExpr(e.c)} ? ${formatExpr(e.a)} : ${formatExpr(e.b)})`;
    case "env":
      return e.name === "origin" || e.name === "gasprice" ? `tx.${e.name}` : `block.${e.name}`;
    case "codesize":
      return `${formatExpr(e.address)}.code.length`;
    case "ret":
      return `${e.text}(…)#${e.index}`;
    case "unknown":
      return `?(${e.reason})`;
  }
}

function formatStep(step: ParamStep): string {
  if ("member" in step) return `.${step.member}`;
  if ("index" in step) return `[${formatExpr(step.index)}]`;
  return ".length";
}

/** Maps solc's `start:length:fileIndex` positions of one build-info to `file:line`. */
export function sourceLocator(info: {
  readonly input: { readonly sources: Readonly<Record<string, { readonly content?: string }>> };
  readonly output: { readonly sources: Readonly<Record<string, { readonly id: number }>> };
}): SourceLocator {
  const byIndex = new Map<number, { file: string; lineStarts: number[] }>();
  for (const [file, source] of Object.entries(info.output.sources)) {
    const bytes = Buffer.from(info.input.sources[file]?.content ?? "", "utf8");
    const lineStarts = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
    byIndex.set(source.id, { file, lineStarts });
  }
  return (src) => {
    const [start, , index] = src.split(":").map(Number);
    const hit = byIndex.get(index);
    if (!hit || !Number.isFinite(start) || start < 0) return undefined;
    let lo = 0;
    let hi = hit.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (hit.lineStarts[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    return `${hit.file}:${lo + 1}`;
  };
}
