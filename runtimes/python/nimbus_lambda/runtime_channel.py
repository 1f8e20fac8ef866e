"""Nimbus's private fast path between this bootstrap and the engine.

The UNIX socket Nimbus passes as the descriptor named by _NIMBUS_RUNTIME_FD carries length-prefixed
frames instead of Runtime API HTTP requests (src/engines/lambda/runtime-channel.ts describes them).
Same interface as RuntimeApiClient. A response or error frame also says "ready for the next
invocation", so an invocation costs one write each way.
"""

import json
import os
import socket
import stat
import struct

from .errors import to_json
from .invocation import Invocation

_HEAD = struct.Struct(">IIB")
_N, _R, _E, _I, _S, _V, _X = (ord(c) for c in "NREISVX")


def open_runtime_channel():
    """The channel named by the environment, or None (then the bootstrap speaks HTTP)."""
    name = os.environ.pop("_NIMBUS_RUNTIME_FD", None)  # not part of the function's environment
    if name is None:
        return None
    try:
        fd = int(name)
        if not stat.S_ISSOCK(os.fstat(fd).st_mode):
            return None
    except (ValueError, OSError):
        return None
    return RuntimeChannel(fd)


class RuntimeChannel:
    def __init__(self, fd):
        self.sock = socket.socket(fileno=fd)
        # Not inherited by processes the function starts (os.system, subprocess without close_fds).
        self.sock.set_inheritable(False)
        self.reader = self.sock.makefile("rb")
        self.announced = False

    def specialize(self):
        self._write(_S, b"", b"")
        _, body = self._read(_S)
        return body

    def next(self):
        if not self.announced:
            self._write(_N, b"", b"")
        self.announced = False
        meta, body = self._read(_V)
        return Invocation(meta[0], meta[1], meta[2], meta[3], meta[4], meta[5], "application/json", body)

    def post_response(self, request_id, body, content_type):
        self.announced = True
        self._write(_R, json.dumps([request_id]).encode("utf-8"), body)

    def post_error(self, request_id, error):
        self.announced = True
        meta = json.dumps([request_id, error["errorType"]]).encode("utf-8")
        self._write(_E, meta, to_json(error).encode("utf-8"))

    def post_init_error(self, error):
        self._write(_I, json.dumps([error["errorType"]]).encode("utf-8"), to_json(error).encode("utf-8"))

    def _write(self, kind, meta, body):
        self.sock.sendall(_HEAD.pack(len(meta), len(body), kind) + meta + body)

    def _read(self, expected):
        head = self.reader.read(_HEAD.size)
        if len(head) < _HEAD.size:
            raise SystemExit(0)  # Nimbus closed the channel: it is stopping this environment
        meta_length, body_length, kind = _HEAD.unpack(head)
        meta = json.loads(self.reader.read(meta_length)) if meta_length else []
        body = self.reader.read(body_length) if body_length else b""
        if kind != expected:
            detail = "%s: %s" % (meta[0], meta[1]) if kind == _X else "unexpected frame %s" % chr(kind)
            raise RuntimeError("Nimbus refused the request: " + detail)
        return meta, body
