"""A real SMTP server for Vaihde's tests (aiosmtpd), on 127.0.0.1:PORT.

Each message it accepts is written to OUT/<n>.json: the envelope, the
headers as Python's e-mail parser decodes them (RFC 2047 words read back),
the raw bytes, the plain-text body decoded, and each attachment's name,
type and size (a PNG's width and height once its image data has been
inflated and found whole). Files in OUT steer it:
  TEMPFAIL  every RCPT gets 451 (a server refusing for now)
  DELAY     DATA waits this many seconds before accepting (kill tests)
Any recipient nobody@… gets 550 (refused for good).

Usage: smtp_sink.py PORT OUT
"""
import asyncio
import json
import os
import struct
import sys
import zlib
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


def png_size(data):
    """(width, height) of a whole 8-bit RGB PNG, else None."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, size = 8, b"", None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + chunk) != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]:
            return None
        if kind == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    if size is None or len(zlib.decompress(idat)) != size[1] * (1 + size[0] * 3):
        return None
    return list(size)


def attachments(msg):
    out = []
    for part in msg.iter_attachments():
        data = part.get_content()
        if isinstance(data, str):
            data = data.encode()
        out.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "size": len(data),
            "png_size": png_size(data),
        })
    return out


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if os.path.exists(os.path.join(self.out, "TEMPFAIL")):
            return "451 4.3.0 mailbox busy, try again later"
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        delay = os.path.join(self.out, "DELAY")
        if os.path.exists(delay):
            with open(delay) as f:
                await asyncio.sleep(float(f.read().strip() or "5"))
        raw = envelope.original_content or envelope.content
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        body = msg.get_body(preferencelist=("plain",))
        self.n += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": [[k, str(v)] for k, v in msg.items()],
            "body": body.get_content() if body is not None else "",
            "raw": raw.decode("utf-8", "replace"),
            "attachments": attachments(msg),
        }
        name = os.path.join(self.out, "%06d.json" % self.n)
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 OK queued as %d" % self.n


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    # Numbering goes on after a restart on the same directory.
    handler = Sink(out)
    handler.n = len([f for f in os.listdir(out) if f.endswith(".json")])
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="sink.test"), host="127.0.0.1", port=port)
    )
    print("ready", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
