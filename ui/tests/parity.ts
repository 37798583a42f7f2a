// Words the window and the core both say, compared (issue 31): reads
// cases from standard input ({ lang, method, args } with args as the core
// serialises them to the window), words each with the window's own
// `Words` from src/i18n.ts and writes the sentences out as JSON, in order.
// Built for Node by vite.parity.config.ts and run by the desktop crate's
// test `window_words.rs`, which holds the core's sentences for the same
// values; it is not part of the app.

import { readFileSync } from "node:fs";
import { type Lang, Words } from "../src/i18n";

type Case = { lang: Lang; method: string; args: unknown[] };

const cases = JSON.parse(readFileSync(0, "utf8")) as Case[];
const words: Record<Lang, Words> = { fi: new Words("fi"), sv: new Words("sv"), en: new Words("en") };
const out = cases.map((c) => {
  const method = (words[c.lang] as unknown as Record<string, (...a: unknown[]) => unknown>)[c.method];
  if (typeof method !== "function") return `no method ${c.method}`;
  const said = method.apply(words[c.lang], c.args);
  // A rota is several lines in both faces.
  return Array.isArray(said) ? said.map((l) => (typeof l === "string" ? l : (l as { text: string }).text)).join("\n") : String(said);
});
process.stdout.write(JSON.stringify(out));
