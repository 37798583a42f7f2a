// High contrast, for an operator who sees the screen poorly: black text on
// white and light tints (every text at least 7:1, WCAG 1.4.6), borders
// drawn round chips and notes, a thicker focus ring. On when the system
// asks for more contrast, or by Ctrl+Shift+C; the choice is kept.

const KEY = "vaihde.contrast";

/** At start: the kept choice, else what the system asks for. */
export function initContrast(): void {
  const kept = localStorage.getItem(KEY);
  const on = kept === null ? window.matchMedia("(prefers-contrast: more)").matches : kept === "on";
  document.documentElement.classList.toggle("contrast", on);
}

/** Ctrl+Shift+C: on or off, kept; says which it is now. */
export function toggleContrast(): boolean {
  const on = !document.documentElement.classList.contains("contrast");
  document.documentElement.classList.toggle("contrast", on);
  localStorage.setItem(KEY, on ? "on" : "off");
  return on;
}
