"""Logging as on AWS (https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html):
unbuffered stdout/stderr, and a root handler writing "[LEVEL]\\t<time>Z\\t<requestId>\\t<message>"
(or JSON records with AWS_LAMBDA_LOG_FORMAT=JSON), one event per record."""

import json
import logging
import os
import sys
import time
import traceback


class Unbuffered:
    """Every write reaches the log at once (the platform splits the stream into events)."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


_request_id = None


def set_request_id(request_id):
    global _request_id
    _request_id = request_id


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


class _LambdaHandler(logging.Handler):
    """One log event per record: inner newlines become \\r, as the platform's framed log sink keeps them together."""

    def emit(self, record):
        msg = self.format(record)
        if msg.endswith("\n"):
            msg = msg[:-1]
        sys.stdout.write(msg.replace("\n", "\r") + "\n")


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = _LambdaHandler()
    if (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    handler.addFilter(_RequestIdFilter())
    level = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    root = logging.getLogger()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


class _JsonFormatter(logging.Formatter):
    def format(self, record):
        out = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + ".%03dZ" % record.msecs,
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", ""),
        }
        if record.exc_info:
            etype, value, tb = record.exc_info
            out["errorType"] = etype.__name__ if etype else None
            out["errorMessage"] = str(value)
            out["stackTrace"] = traceback.format_tb(tb)
        return json.dumps(out, default=str) + "\n"
