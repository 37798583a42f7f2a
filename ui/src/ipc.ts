// The one module that talks to Tauri. Everything else calls the typed
// functions generated into bindings.ts, which come here.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { ApiError } from "./bindings";

export async function call<T>(cmd: string, args: unknown): Promise<T> {
  return invoke<T>("api", { cmd, args });
}

/** Calls `handler` with each payload of the shell's event `name` (bindings.ts names them). */
export async function onEvent<T>(name: string, handler: (payload: T) => void): Promise<void> {
  await listen<T>(name, (ev) => handler(ev.payload));
}

/** Whatever was thrown, as the core's {kind, message}. */
export function asApiError(e: unknown): ApiError {
  if (typeof e === "object" && e !== null && "message" in e && "kind" in e) {
    return e as ApiError;
  }
  return { kind: "internal", said: null, message: String(e), field: null };
}
