"""The Runtime API client: one keep-alive connection to the environment's listener.

Used when Nimbus did not pass its private channel (runtime_channel.py, same interface)."""

import http.client

from .errors import to_json
from .invocation import Invocation

API = "/2018-06-01/runtime"


class RuntimeApiClient:
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.host = host
        self.port = int(port)
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                res = self.conn.getresponse()
                data = res.read()
                return res.status, res, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")

    def specialize(self):
        status, _, data = self.call("GET", "/_nimbus/specialize")
        if status != 200:
            raise RuntimeError("specialisation refused: %s" % status)
        return data

    def next(self):
        status, res, body = self.call("GET", API + "/invocation/next")
        if status != 200:
            raise RuntimeError("Runtime API refused /next: %s %s" % (status, body.decode("utf-8", "replace")))
        return Invocation(
            res.getheader("Lambda-Runtime-Aws-Request-Id"),
            int(res.getheader("Lambda-Runtime-Deadline-Ms") or 0),
            res.getheader("Lambda-Runtime-Invoked-Function-Arn"),
            res.getheader("Lambda-Runtime-Trace-Id"),
            res.getheader("Lambda-Runtime-Client-Context"),
            res.getheader("Lambda-Runtime-Cognito-Identity"),
            res.getheader("Content-Type") or "application/json",
            body,
        )

    def post_response(self, request_id, body, content_type):
        self.call(
            "POST",
            API + "/invocation/" + request_id + "/response",
            body,
            {"Content-Type": content_type},
        )

    def post_error(self, request_id, error):
        self.call(
            "POST",
            API + "/invocation/" + request_id + "/error",
            to_json(error).encode("utf-8"),
            {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]},
        )

    def post_init_error(self, error):
        self.call(
            "POST",
            API + "/init/error",
            to_json(error).encode("utf-8"),
            {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]},
        )
