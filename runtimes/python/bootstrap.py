"""Nimbus's Python runtime.

Loads the function's handler ("package.module.function") and serves invocations through the
Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), as the
AWS python3.x runtimes do (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html,
python-context.html, python-logging.html): the context object, the logging format
"[LEVEL]\\t<time>Z\\t<requestId>\\t<message>", errors {errorMessage, errorType, requestId,
stackTrace} and the init errors Runtime.ImportModuleError / HandlerNotFound /
UserCodeSyntaxError / MalformedHandlerName.

Runs on the machine's python3. When started by Nimbus's warm pool (_NIMBUS_SPECIALIZE=1) it
first asks Nimbus which function it runs. It talks to Nimbus over the private channel Nimbus
passes (nimbus_lambda/runtime_channel.py), or over HTTP (AWS_LAMBDA_RUNTIME_API).
"""

import importlib
import json
import os
import sys
import tempfile

from nimbus_lambda.context import LambdaContext
from nimbus_lambda.errors import FaultException, fault_result, log_error, make_error, to_json
from nimbus_lambda.log_setup import Unbuffered, set_request_id, setup_logging
from nimbus_lambda.runtime_channel import open_runtime_channel
from nimbus_lambda.runtime_client import RuntimeApiClient


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e))
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname)
        )


def parse_json_header(value, name):
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e))
        )


def handle(client, handler, inv):
    request_id = inv.request_id
    set_request_id(request_id)
    trace_id = inv.trace_id
    # Written only when it differs: an os.environ write is a putenv(3) call.
    if trace_id:
        if os.environ.get("_X_AMZN_TRACE_ID") != trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
    elif "_X_AMZN_TRACE_ID" in os.environ:
        del os.environ["_X_AMZN_TRACE_ID"]
    error = None
    try:
        client_context = inv.client_context
        cognito = inv.cognito_identity
        context = LambdaContext(
            request_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(cognito, "Cognito Identity") if cognito else None,
            inv.deadline_ms,
            inv.invoked_function_arn,
        )
        body = inv.body
        if inv.content_type == "application/json":
            try:
                event = json.loads(body)
            except Exception as e:
                raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)))
        else:
            event = body
        response = handler(event, context)
        if isinstance(response, bytes):
            result, result_type = response, "application/unknown"
        else:
            try:
                result, result_type = to_json(response).encode("utf-8"), "application/json"
            except Exception as e:
                raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        error = fault_result(sys.exc_info(), request_id)
    if error is not None:
        log_error(error)
        client.post_error(request_id, error)
    else:
        client.post_response(request_id, result, result_type)


def specialize(client):
    """Pre-started by the warm pool: adopt the function's environment before loading its code."""
    spec = json.loads(client.specialize())
    env = spec["env"]
    for key in list(os.environ):
        if key not in env:
            del os.environ[key]
    os.environ.update(env)
    os.chdir(spec["cwd"])
    tempfile.tempdir = None  # TMPDIR changed


def setup_sys_path():
    """sys.path as on AWS: the task root, then the layer and runtime folders (PYTHONPATH), then the rest."""
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    here = os.path.dirname(os.path.abspath(__file__))
    extra = [p for p in (os.environ.get("PYTHONPATH") or "").split(":") if p]
    rest = [p for p in sys.path if p not in extra and p != task_root and p != here]
    sys.path[:] = [task_root] + extra + rest


def main():
    # The task root is read-only on Lambda: never leave __pycache__ folders in the function's code.
    sys.dont_write_bytecode = True
    # Nimbus's private channel when it passed one, else the Runtime API over HTTP.
    client = open_runtime_channel() or RuntimeApiClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    if os.environ.get("_NIMBUS_SPECIALIZE"):
        specialize(client)
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    setup_sys_path()
    setup_logging()
    try:
        handler = get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace)
        log_error(error)
        client.post_init_error(error)
        sys.exit(1)
    except Exception:
        error = fault_result(sys.exc_info())
        log_error(error)
        client.post_init_error(error)
        sys.exit(1)
    while True:
        handle(client, handler, client.next())


if __name__ == "__main__":
    main()
