#!/usr/bin/python3
"""The window as a screen reader sees it: Vaihde's accessibility tree read
over AT-SPI (what Orca reads), for src-tauri/tests/e2e_atspi.rs.

Runs with Debian's own Python (python3-gi, gir1.2-atspi-2.0) in the D-Bus
session and X display the app runs in (scripts/e2e runs the tests under
dbus-run-session). Two modes, each printing JSON on stdout:

  tree.py snapshot        the search box (role, states, relations), the
                          results' options with their states, and the live
                          regions' text
  tree.py listen SECONDS  every live-region announcement that reaches
                          AT-SPI meanwhile, as a screen reader is told of it

Finds the app by its name and process (VAIHDE_APP_PID) on the AT-SPI
desktop, and the page's parts by the DOM id WebKitGTK exposes as the
object attribute "id".
"""
import json
import os
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

APP = "vaihde-desktop"
# Every event the listener sees, on stderr (VAIHDE_ATSPI_DEBUG=1).
DEBUG = bool(os.environ.get("VAIHDE_ATSPI_DEBUG"))
TIMEOUT = 15.0


def attrs(o):
    try:
        return o.get_attributes() or {}
    except GLib.Error:
        return {}


def states(o):
    return sorted(Atspi.StateType(s).value_nick for s in o.get_state_set().get_states())


def relations(o):
    out = []
    for r in o.get_relation_set():
        for i in range(r.get_n_targets()):
            t = r.get_target(i)
            out.append(f"{r.get_relation_type().value_nick} {t.get_role_name()}#{attrs(t).get('id', '')}")
    return out


def text_of(o):
    """The text of `o` and everything under it (a live region holds a paragraph)."""
    try:
        own = Atspi.Text.get_text(o, 0, Atspi.Text.get_character_count(o))
    except (GLib.Error, TypeError, AttributeError):
        own = ""
    # Children are embedded objects (U+FFFC) in the parent's text.
    own = own.replace("\ufffc", "").strip()
    if own:
        return own
    return " ".join(text_of(o.get_child_at_index(i)) for i in range(o.get_child_count())).strip()


def pump(seconds):
    """Events arrive only while the GLib main loop runs."""
    ctx = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while ctx.iteration(False):
            pass
        time.sleep(0.01)


def by_id(root, want, max_depth=40):
    stack = [(root, 0)]
    while stack:
        o, depth = stack.pop()
        if o is None:
            continue
        if attrs(o).get("id") == want:
            return o
        if depth < max_depth:
            for i in reversed(range(o.get_child_count())):
                stack.append((o.get_child_at_index(i), depth + 1))
    return None


def wait_for(what, fn):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            found = fn()
        except GLib.Error:
            found = None
        if found:
            return found
        pump(0.05)
    print(json.dumps({"error": f"timed out after {TIMEOUT}s waiting for {what}"}))
    sys.exit(1)


def the_app():
    """The test's own window: by its process (VAIHDE_APP_PID) when given,
    since windows other tests left open may share the desktop."""
    desktop = Atspi.get_desktop(0)
    pid = int(os.environ.get("VAIHDE_APP_PID", "0"))

    def find():
        for i in range(desktop.get_child_count()):
            a = desktop.get_child_at_index(i)
            if a is not None and a.get_name() == APP and (pid == 0 or a.get_process_id() == pid):
                return a

    return wait_for(f"the application {APP!r} on the AT-SPI desktop", find)


def the_dialog(app, max_depth=12):
    """The open dialog: while it is open, the page's only content."""
    stack = [(app, 0)]
    while stack:
        o, depth = stack.pop()
        if o is None:
            continue
        if attrs(o).get("xml-roles") == "dialog":
            return o
        if depth < max_depth:
            for i in reversed(range(o.get_child_count())):
                stack.append((o.get_child_at_index(i), depth + 1))
    return None


def dialog_text(app):
    """The open dialog's name and what its live regions hold, if one is open."""
    d = the_dialog(app)
    if d is None:
        return None
    said = [text_of(d.get_child_at_index(i)) for i in range(d.get_child_count())
            if attrs(d.get_child_at_index(i)).get("live")]
    return {"name": d.get_name(), "said": [t for t in said if t]}


def snapshot():
    app = the_app()
    # The search box, or an open dialog (a modal dialog hides the rest of
    # the page, the footer's live regions too).
    wait_for("#search or a dialog", lambda: by_id(app, "search") or the_dialog(app))
    search = by_id(app, "search")
    results = by_id(app, "results")
    options = []
    for i in range(results.get_child_count() if results else 0):
        c = results.get_child_at_index(i)
        a = attrs(c)
        options.append({"id": a.get("id", ""), "xml_roles": a.get("xml-roles", ""), "name": c.get_name(), "states": states(c)})
    live = {}
    for region in ("announce-polite", "announce"):
        o = by_id(app, region)
        live[region] = {"live": attrs(o).get("live", ""), "text": text_of(o)} if o else None
    return {
        "search": {
            "role": search.get_role_name(),
            "xml_roles": attrs(search).get("xml-roles", ""),
            "name": search.get_name(),
            "states": states(search),
            "relations": relations(search),
        } if search else None,
        "dialog": dialog_text(app),
        "options": options,
        "live": live,
    }


def listen(seconds):
    app = the_app()
    # Walk the tree once, as a screen reader does on start: WebKit builds
    # it lazily and tells of changes only to parts that were asked for.
    wait_for("#search", lambda: by_id(app, "search"))

    def walk(o, depth=0):
        for i in range(o.get_child_count()):
            c = o.get_child_at_index(i)
            if c is not None and depth < 40:
                walk(c, depth + 1)

    walk(app)
    heard = []

    def on_event(e):
        child = e.any_data
        if DEBUG:
            try:
                src = f"{e.source.get_role_name()}#{attrs(e.source).get('id', '')}"
                data = f"{child.get_role_name()} {attrs(child)}" if isinstance(child, Atspi.Accessible) else repr(child)
            except GLib.Error:
                src, data = "(gone)", ""
            print(f"{e.type} {src} {data}", file=sys.stderr, flush=True)
        if not isinstance(child, Atspi.Accessible):
            return
        try:
            live = attrs(child).get("container-live", "")
            text = text_of(child) if live else ""
            # An empty region appearing (a dialog's own) says nothing.
            if text:
                heard.append({"event": e.type, "live": live, "text": text})
        except GLib.Error:
            pass

    listener = Atspi.EventListener.new(on_event)
    listener.register("object:children-changed")
    print(json.dumps({"listening": True}), flush=True)
    # Until both kinds were heard, or the time is up.
    end = time.monotonic() + seconds
    while time.monotonic() < end and {h["live"] for h in heard} < {"polite", "assertive"}:
        pump(0.1)
    pump(0.3)
    print(json.dumps({"heard": heard}), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["snapshot"]:
        print(json.dumps(snapshot()))
    elif sys.argv[1:2] == ["listen"] and len(sys.argv) == 3:
        listen(float(sys.argv[2]))
    else:
        sys.exit(__doc__)
