/**
 * Starts anvil (npm @foundry-rs/anvil, a native binary, offline) on a free loopback port and
 * stops it. Bounded everywhere: a node that does not answer within the deadline is killed and
 * the test fails rather than hangs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import type { JsonRpc } from "../../packages/tracer/src";

export const ANVIL_BIN = path.join(__dirname, "..", "..", "node_modules", ".bin", "anvil");

export interface Anvil {
  readonly url: string;
  readonly rpc: JsonRpc;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A minimal JSON-RPC client over fetch: no polling, no caching, one request per call. */
export function httpRpc(url: string): JsonRpc {
  let id = 0;
  return {
    async send(method: string, params: unknown[]): Promise<unknown> {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result;
    },
  };
}

export async function startAnvil(deadlineMs = 20_000): Promise<Anvil> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    ANVIL_BIN,
    ["--port", String(port), "--host", "127.0.0.1", "--hardfork", "cancun", "--steps-tracing", "--silent"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const rpc = httpRpc(url);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const start = Date.now();
  while (Date.now() - start < deadlineMs) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr.split("\n")[0]}`);
    try {
      await rpc.send("eth_chainId", []);
      return { url, rpc, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await stop();
  throw new Error(`anvil did not answer on ${url} within ${deadlineMs} ms`);
}
