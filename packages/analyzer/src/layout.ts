/**
 * solc's storageLayout, read as plain data: where each state variable lives and how its type
 * lays out (struct members, array elements, mapping values). Slots are never recomputed by
 * hand: they come from here, and only hashing rules (mappings, dynamic arrays) are applied.
 */
export interface LayoutType {
  readonly encoding: "inplace" | "mapping" | "dynamic_array" | "bytes";
  readonly label: string;
  readonly numberOfBytes: string;
  readonly key?: string;
  readonly value?: string;
  readonly base?: string;
  readonly members?: readonly LayoutVariable[];
}

export interface LayoutVariable {
  readonly astId: number;
  readonly contract: string;
  readonly label: string;
  readonly offset: number;
  readonly slot: string;
  readonly type: string;
}

export interface StorageLayout {
  readonly storage: readonly LayoutVariable[];
  readonly types: Readonly<Record<string, LayoutType>> | null;
}

export function layoutType(layout: StorageLayout, id: string): LayoutType {
  const type = layout.types?.[id];
  if (!type) throw new Error(`storage layout has no type ${id}`);
  return type;
}

/** Bytes a value of this type takes in storage. */
export function typeBytes(layout: StorageLayout, id: string): number {
  return Number(layoutType(layout, id).numberOfBytes);
}

/** Whether the type is a value type (fits in one slot, read with one SLOAD). */
export function isValueType(layout: StorageLayout, id: string): boolean {
  const type = layoutType(layout, id);
  return type.encoding === "inplace" && !type.members && !type.base;
}

/** How many whole slots a type spans (structs and static arrays are contiguous). */
export function slotCount(layout: StorageLayout, id: string): number {
  return Math.max(1, Math.ceil(typeBytes(layout, id) / 32));
}

/** Element placement in arrays: elements of 16 bytes or fewer share slots. */
export function elementsPerSlot(layout: StorageLayout, base: string): number {
  const size = typeBytes(layout, base);
  return size <= 16 ? Math.floor(32 / size) : 0;
}
