/**
 * The AST of one build: every node by id, the source text behind a `src` location, and the
 * few structural questions the interpreter asks (which contract declares a node, enum values).
 */
import type { ContractDefinition, SourceUnit } from "solidity-ast";
import type { BuildInfo } from "./buildinfo";

/** Any AST node: what the interpreter switches on. */
export interface AstNode {
  readonly id: number;
  readonly nodeType: string;
  readonly src: string;
  readonly [field: string]: unknown;
}

export interface AstIndex {
  readonly nodes: ReadonlyMap<number, AstNode>;
  /** Node id -> id of the contract (or source unit) declaring it, for scope questions. */
  readonly scopeOf: ReadonlyMap<number, number>;
  /** EnumValue id -> its position in the enum. */
  readonly enumValues: ReadonlyMap<number, number>;
  readonly text: (src: string) => string;
  readonly units: readonly SourceUnit[];
  /** StructDefinition by canonical name (`Contract.Struct`, or `Struct` at file level). */
  readonly structs: ReadonlyMap<string, AstNode>;
}

export function indexAst(info: BuildInfo): AstIndex {
  const nodes = new Map<number, AstNode>();
  const scopeOf = new Map<number, number>();
  const enumValues = new Map<number, number>();
  const structs = new Map<string, AstNode>();
  const files = new Map<number, string>();
  const units: SourceUnit[] = [];
  const visit = (value: unknown, scope: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, scope);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as AstNode;
    let inner = scope;
    if (typeof node.nodeType === "string" && typeof node.id === "number") {
      nodes.set(node.id, node);
      scopeOf.set(node.id, scope);
      if (node.nodeType === "ContractDefinition") inner = node.id;
      if (node.nodeType === "StructDefinition") structs.set(node.canonicalName as string, node);
      if (node.nodeType === "EnumDefinition") {
        (node.members as AstNode[]).forEach((member, i) => enumValues.set(member.id, i));
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== "typeDescriptions" && typeof child === "object") visit(child, inner);
    }
  };
  for (const [file, source] of Object.entries(info.output.sources)) {
    files.set(source.id, file);
    if (source.ast) {
      units.push(source.ast);
      visit(source.ast, source.ast.id);
    }
  }
  const text = (src: string): string => {
    const [start, length, file] = src.split(":").map(Number);
    const name = files.get(file);
    const content = name === undefined ? undefined : info.input.sources[name]?.content;
    return content === undefined
      ? src
      : Buffer.from(content)
          .subarray(start, start + length)
          .toString("utf8");
  };
  return { nodes, scopeOf, enumValues, text, units, structs };
}

export function contractsOf(index: AstIndex): ContractDefinition[] {
  return [...index.nodes.values()].filter(
    (n) => n.nodeType === "ContractDefinition",
  ) as unknown as ContractDefinition[];
}

/** The typeString of an expression node (`uint256`, `struct P storage ref`, `contract IERC20`). */
export function typeOf(node: AstNode | undefined | null): string {
  const td = node?.typeDescriptions as { typeString?: string | null } | undefined;
  return td?.typeString ?? "";
}

export function typeIdOf(node: AstNode | undefined | null): string {
  const td = node?.typeDescriptions as { typeIdentifier?: string | null } | undefined;
  return td?.typeIdentifier ?? "";
}
