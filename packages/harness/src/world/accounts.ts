/** Deterministic user accounts: addresses derived from a label, impersonated on the node. */
import { keccak256, toUtf8Bytes, getAddress } from "ethers";

export function derivedAddress(label: string): string {
  return getAddress(`0x${keccak256(toUtf8Bytes(label)).slice(26)}`);
}

export function userAddresses(count: number, namespace = "lanes user"): string[] {
  return Array.from({ length: count }, (_, i) => derivedAddress(`${namespace} ${i}`));
}
