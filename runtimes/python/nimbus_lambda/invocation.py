"""One invocation as either transport (HTTP Runtime API or Nimbus's channel) delivers it."""

import collections

Invocation = collections.namedtuple(
    "Invocation",
    [
        "request_id",
        "deadline_ms",
        "invoked_function_arn",
        "trace_id",
        "client_context",
        "cognito_identity",
        "content_type",
        "body",
    ],
)
