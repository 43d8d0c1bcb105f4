/**
 * Storage references: navigating a state variable's layout (mapping keys, array elements,
 * struct members) and recording the slots each read or write touches.
 */
import { type Ctx, type State, pushWrite } from "./context";
import { type Expr, type LoadShape, bin, constant, unknown } from "./expr";
import { elementsPerSlot, isValueType, layoutType, slotCount, typeBytes } from "./layout";
import type { AccessMode, Root } from "./summary";
import type { AValue, Ref } from "./values";

export function rootRef(ctx: Ctx, varId: number, contractName: string): Ref | null {
  const v = ctx.vars.get(varId);
  if (!v) return null;
  const slot = BigInt(v.slot);
  const root: Root = { label: v.label, slot };
  return { slot: constant(slot), offset: v.offset, type: v.type, root, name: `${contractName}.${v.label}` };
}

const arrayData = (slot: Expr): Expr => ({ k: "keccak", parts: [{ value: slot, mode: "word" }] });

export function recordSlot(
  ctx: Ctx,
  ref: Ref,
  mode: AccessMode,
  src: string,
  value?: Expr | null,
  checked?: boolean,
  whole?: boolean,
): void {
  if (ref.root === null && ref.slot.k === "unknown") {
    ctx.sink.accesses.push({ kind: "wildcard", mode, scope: "contract", reason: ref.slot.reason, src });
    return;
  }
  if (ref.root === null) {
    ctx.sink.accesses.push({
      kind: "slot",
      mode,
      slot: ref.slot,
      root: { label: ref.name, slot: -1n },
      name: ref.name,
      src,
    });
    return;
  }
  ctx.sink.accesses.push({
    kind: "slot",
    mode,
    slot: ref.slot,
    root: ref.root,
    name: ref.name,
    src,
    ...(value !== undefined ? { value } : {}),
    ...(checked ? { checked } : {}),
    ...(whole ? { whole } : {}),
  });
}

export function recordWildcard(ctx: Ctx, ref: Ref, mode: AccessMode, reason: string, src: string): void {
  if (ref.root && ref.root.slot >= 0n) {
    ctx.sink.accesses.push({ kind: "wildcard", mode, scope: "slots", root: ref.root, reason, src });
  } else ctx.sink.accesses.push({ kind: "wildcard", mode, scope: "contract", reason, src });
}

/** A user-defined value type's label is its own name: its alignment is its underlying type's. */
function underlyingLabel(ctx: Ctx, typeId: string, label: string): string {
  // solc's layout id `t_userDefinedValueType(Tick)12`, or the AST's `t_userDefinedValueType$_Tick_$12`.
  const m = /^t_userDefinedValueType.*?(\d+)$/.exec(typeId);
  if (!m) return label;
  const def = ctx.index.nodes.get(Number(m[1]));
  const under = def?.underlyingType as { name?: string } | undefined;
  return under?.name ?? label;
}

export function shapeOf(ctx: Ctx, ref: Ref): LoadShape | null {
  if (ref.type === "" || ref.offset < 0) return null;
  const label = underlyingLabel(ctx, ref.type, layoutType(ctx.layout, ref.type).label);
  const bytes = typeBytes(ctx.layout, ref.type);
  const align = /^int\d*$/.test(label) ? "int" : /^bytes\d+$/.test(label) ? "fixedBytes" : "uint";
  return { offset: ref.offset, bytes, align };
}

export function isValueRef(ctx: Ctx, ref: Ref): boolean {
  return ref.type !== "" && isValueType(ctx.layout, ref.type);
}

/** Reads a value-type location: one slot read, and the loaded value as an expression. */
export function load(ctx: Ctx, st: State, ref: Ref, src: string): AValue {
  const shape = shapeOf(ctx, ref);
  if (!shape) {
    recordSlot(ctx, ref, "read", src);
    return { t: "val", e: unknown(`${ref.name}: packed element at an index not known statically`) };
  }
  const e: Expr = { k: "sload", slot: ref.slot, shape, writes: st.writes };
  recordSlot(ctx, ref, "read", src, e);
  return { t: "val", e };
}

/** Writes a value-type location (solc reads the slot too when it is packed; every write is a read anyway). */
export function store(ctx: Ctx, st: State, ref: Ref, value: Expr | null, src: string): void {
  const shape = shapeOf(ctx, ref);
  const whole = shape !== null && shape.offset === 0 && shape.bytes === 32 && ref.root !== null;
  recordSlot(ctx, ref, "write", src, value, ctx.unchecked === 0, whole);
  pushWrite(st, { slot: ref.slot, shape, value });
}

/** Every slot of a location (a struct or array copied to memory, deleted, or assigned whole). */
export function touchAll(ctx: Ctx, st: State, ref: Ref, mode: AccessMode, src: string): void {
  if (ref.type === "") {
    recordWildcard(ctx, ref, mode, `${ref.name}: layout of a slot set in assembly not known (stage 1)`, src);
    if (mode === "write") pushWrite(st, { slot: null, shape: null, value: null });
    return;
  }
  const type = layoutType(ctx.layout, ref.type);
  const mark = (slot: Expr): void => {
    if (mode === "write") pushWrite(st, { slot, shape: null, value: null });
  };
  switch (type.encoding) {
    case "mapping":
      return; // mappings are neither copied nor deleted
    case "bytes":
    case "dynamic_array":
      recordSlot(ctx, { ...ref, offset: 0 }, mode, src);
      mark(ref.slot);
      recordWildcard(
        ctx,
        ref,
        mode,
        `${ref.name}: ${type.encoding === "bytes" ? "long bytes/string" : "array"} data, length known only at run time`,
        src,
      );
      if (mode === "write") pushWrite(st, { slot: null, shape: null, value: null });
      return;
    case "inplace":
      break;
  }
  if (type.members) {
    for (const member of type.members) {
      touchAll(ctx, st, memberRef(ref, member.label, BigInt(member.slot), member.offset, member.type), mode, src);
    }
    return;
  }
  if (type.base) {
    const count = slotCount(ctx.layout, ref.type);
    if (count > 256) {
      recordWildcard(ctx, ref, mode, `${ref.name}: static array of ${count} slots`, src);
      if (mode === "write") pushWrite(st, { slot: null, shape: null, value: null });
      return;
    }
    if (isValueType(ctx.layout, type.base)) {
      for (let i = 0; i < count; i++) {
        const slot = bin("+", ref.slot, constant(BigInt(i)));
        recordSlot(ctx, { ...ref, slot, offset: 0, name: `${ref.name}[${i}]` }, mode, src);
        mark(slot);
      }
      return;
    }
    const per = slotCount(ctx.layout, type.base);
    for (let i = 0; i < count / per; i++) {
      const slot = bin("+", ref.slot, constant(BigInt(i * per)));
      touchAll(ctx, st, { ...ref, slot, offset: 0, type: type.base, name: `${ref.name}[${i}]` }, mode, src);
    }
    return;
  }
  recordSlot(ctx, ref, mode, src);
  mark(ref.slot);
}

function memberRef(ref: Ref, label: string, slot: bigint, offset: number, type: string): Ref {
  return { ...ref, slot: bin("+", ref.slot, constant(slot)), offset, type, name: `${ref.name}.${label}` };
}

/** `ref.member` for a struct location. */
export function member(ctx: Ctx, ref: Ref, name: string): Ref | null {
  if (ref.type === "") return null;
  const type = layoutType(ctx.layout, ref.type);
  const m = type.members?.find((x) => x.label === name);
  return m ? memberRef(ref, name, BigInt(m.slot), m.offset, m.type) : null;
}

/**
 * `ref[index]` for a mapping or an array location. A dynamic array's bounds check reads its
 * length slot, which is recorded here.
 */
export function indexRef(
  ctx: Ctx,
  ref: Ref,
  index: Expr,
  indexText: string,
  keyIsBytes: boolean,
  src: string,
): Ref | null {
  if (ref.type === "") return null;
  const type = layoutType(ctx.layout, ref.type);
  const name = `${ref.name}[${indexText}]`;
  if (type.encoding === "mapping") {
    // How the key is hashed follows the mapping's key type (a string literal indexing a
    // bytes32 mapping is a left-aligned word), not the index expression's type.
    const keyBytes = type.key ? ctx.layout.types?.[type.key]?.encoding === "bytes" : keyIsBytes;
    const slot: Expr = { k: "mapslot", key: index, keyBytes, base: ref.slot };
    return { ...ref, slot, offset: 0, type: type.value as string, name };
  }
  if (!type.base) return null;
  let data = ref.slot;
  if (type.encoding === "dynamic_array") {
    recordSlot(ctx, { ...ref, offset: 0, name: `${ref.name}.length` }, "read", src);
    data = arrayData(ref.slot);
  }
  return elementRef(ctx, ref, type.base, data, index, name);
}

/** Element `index` of an array whose elements start at `data`. */
export function elementRef(ctx: Ctx, ref: Ref, base: string, data: Expr, index: Expr, name: string): Ref {
  const per = elementsPerSlot(ctx.layout, base);
  if (per === 0) {
    const size = BigInt(slotCount(ctx.layout, base));
    return { ...ref, slot: bin("+", data, bin("*", index, constant(size))), offset: 0, type: base, name };
  }
  const slot = bin("+", data, bin("/", index, constant(BigInt(per))));
  const offset = index.k === "const" ? Number(index.value % BigInt(per)) * typeBytes(ctx.layout, base) : -1;
  return { ...ref, slot, offset, type: base, name };
}

export { arrayData };
