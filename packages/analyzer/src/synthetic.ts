/**
 * Layouts solc does not print: a struct reached only through a storage pointer set in assembly
 * (ERC-7201 namespaced storage, `assembly { $.slot := LOCATION }`, as OpenZeppelin 5's
 * upgradeable contracts keep all their state) has no entry in the contract's storageLayout.
 * Its layout follows from the AST by solc's documented packing rules, and is added to the
 * layout's type table (under the AST's type identifiers, which never clash with the ids solc's
 * storageLayout uses), so the rest of the analysis reads it like any other type. A test checks
 * the result against solc's own layout of the same struct declared as a state variable.
 */
import type { AstNode } from "./ast";
import type { Ctx } from "./context";
import type { LayoutType, LayoutVariable } from "./layout";

type N = AstNode;
const arr = (v: unknown): N[] => (Array.isArray(v) ? (v as N[]) : []);

interface Built {
  readonly id: string;
  readonly bytes: number;
  /** Structs and arrays start a new slot and the next item starts after them. */
  readonly wholeSlots: boolean;
}

/** solc's storage type id for an AST type identifier (`…_storage_ptr` → `…_storage`). */
export function storageTypeId(typeIdentifier: string): string {
  return typeIdentifier.replace(/_ptr$/, "");
}

/**
 * The storage layout type of a struct a pointer declared as `decl` points to, built on demand;
 * "" when the declaration's type is not a struct whose definition is in the AST.
 */
export function structTypeOf(ctx: Ctx, decl: N): string {
  const typeName = decl.typeName as N | undefined;
  if (!typeName) return "";
  try {
    const built = build(ctx, typeName);
    return built && ctx.layout.types?.[built.id]?.members ? built.id : "";
  } catch {
    return "";
  }
}

function types(ctx: Ctx): Record<string, LayoutType> {
  return ctx.layout.types as Record<string, LayoutType>;
}

function put(ctx: Ctx, id: string, type: LayoutType): Built {
  const table = types(ctx);
  if (!table[id]) table[id] = type;
  const t = table[id];
  return { id, bytes: Number(t.numberOfBytes), wholeSlots: t.encoding !== "inplace" || !!t.members || !!t.base };
}

const VALUE_BYTES: Record<string, number> = { bool: 1, address: 20, "address payable": 20 };

function valueBytes(name: string): number | null {
  if (name in VALUE_BYTES) return VALUE_BYTES[name];
  let m = /^u?int(\d*)$/.exec(name);
  if (m) return Number(m[1] || 256) / 8;
  m = /^bytes(\d+)$/.exec(name);
  if (m) return Number(m[1]);
  return null;
}

/** The layout type of an AST type name, registered in the table; null when not modelled. */
function build(ctx: Ctx, t: N): Built | null {
  const descr = t.typeDescriptions as { typeIdentifier?: string; typeString?: string } | undefined;
  const id = storageTypeId(descr?.typeIdentifier ?? "");
  const label = (descr?.typeString ?? "").replace(/ storage (ref|pointer)$/, "");
  if (!id) return null;
  const known = ctx.layout.types?.[id];
  if (known) return put(ctx, id, known);
  switch (t.nodeType) {
    case "ElementaryTypeName": {
      const name = (t.name as string) === "address" && t.stateMutability === "payable" ? "address payable" : t.name;
      if (name === "string" || name === "bytes") return put(ctx, id, { encoding: "bytes", label, numberOfBytes: "32" });
      const bytes = valueBytes(name as string);
      return bytes === null ? null : put(ctx, id, { encoding: "inplace", label, numberOfBytes: String(bytes) });
    }
    case "UserDefinedTypeName": {
      const decl = ctx.index.nodes.get(t.referencedDeclaration as number);
      if (!decl) return null;
      if (decl.nodeType === "ContractDefinition")
        return put(ctx, id, { encoding: "inplace", label, numberOfBytes: "20" });
      if (decl.nodeType === "EnumDefinition") {
        const bytes = Math.max(1, Math.ceil(Math.log2(Math.max(2, arr(decl.members).length)) / 8));
        return put(ctx, id, { encoding: "inplace", label, numberOfBytes: String(bytes) });
      }
      if (decl.nodeType === "UserDefinedValueTypeDefinition") {
        const under = decl.underlyingType as N;
        const bytes = valueBytes(under.name as string);
        return bytes === null ? null : put(ctx, id, { encoding: "inplace", label, numberOfBytes: String(bytes) });
      }
      if (decl.nodeType === "StructDefinition") return buildStruct(ctx, id, label, decl);
      return null;
    }
    case "Mapping": {
      const key = build(ctx, t.keyType as N);
      const value = build(ctx, t.valueType as N);
      if (!key || !value) return null;
      return put(ctx, id, { encoding: "mapping", label, numberOfBytes: "32", key: key.id, value: value.id });
    }
    case "ArrayTypeName": {
      const base = build(ctx, t.baseType as N);
      if (!base) return null;
      const length = t.length as N | null | undefined;
      if (!length) return put(ctx, id, { encoding: "dynamic_array", label, numberOfBytes: "32", base: base.id });
      const m = /\[(\d+)\]$/.exec(label);
      if (!m) return null;
      const count = Number(m[1]);
      const per = base.bytes <= 16 && !base.wholeSlots ? Math.floor(32 / base.bytes) : 0;
      const slots = per > 0 ? Math.ceil(count / per) : count * Math.ceil(base.bytes / 32);
      return put(ctx, id, { encoding: "inplace", label, numberOfBytes: String(slots * 32), base: base.id });
    }
    default:
      return null;
  }
}

/** Members in order: a value packs into the current slot if it fits; structs and arrays take whole slots. */
function buildStruct(ctx: Ctx, id: string, label: string, def: N): Built | null {
  const members: LayoutVariable[] = [];
  let slot = 0;
  let offset = 0;
  for (const m of arr(def.members)) {
    const built = build(ctx, m.typeName as N);
    if (!built) return null;
    if (built.wholeSlots || offset + built.bytes > 32) {
      if (offset > 0) slot++;
      offset = 0;
    }
    members.push({
      astId: m.id as number,
      contract: "",
      label: m.name as string,
      offset,
      slot: String(slot),
      type: built.id,
    });
    if (built.wholeSlots) {
      slot += Math.max(1, Math.ceil(built.bytes / 32));
      offset = 0;
    } else {
      offset += built.bytes;
    }
  }
  const slots = offset > 0 ? slot + 1 : Math.max(slot, 1);
  return put(ctx, id, { encoding: "inplace", label, numberOfBytes: String(slots * 32), members });
}
