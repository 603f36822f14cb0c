"""`runa-admin` for the e2e tests without an interpreter start per command (`python -m tests.e2e.admin_runner`).

Starting Python and importing the tool (boto3, the layer) costs about a second of CPU per command, and the e2e tests
run dozens. This process imports the tool once, in the environment the tests give it, then runs every command in a
child forked for it: its own process with that same environment, stdin from /dev/null, stdout and stderr captured,
the exit status `python -m runa_ops.admin` would have (runa_ops/admin/__main__.py's `sys.exit(main())`).

Protocol: one JSON line per command on stdin, {"args": [...]}; one JSON line per answer on stdout,
{"code": int, "stdout": str, "stderr": str}. It stops when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback


def _exit_code(error: SystemExit) -> int:
    if error.code is None or isinstance(error.code, int):
        return error.code or 0
    print(error.code, file=sys.stderr)  # sys.exit("message"): the interpreter prints it and exits 1
    return 1


def _child(args: list[str], out: int, err: int) -> None:
    """In the forked child: run one command as `python -m runa_ops.admin ARGS` would, then exit with its status."""
    from runa_ops.admin.__main__ import main

    null = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(source, target)
    sys.argv = ["runa-admin", *args]
    code = 1
    try:
        code = main(args)
    except SystemExit as error:
        code = _exit_code(error)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    import runa_ops.admin.__main__  # noqa: F401 - imported once, here: what every forked command starts from

    replies = os.fdopen(os.dup(1), "w")
    for line in sys.stdin:
        args = json.loads(line)["args"]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            pid = os.fork()
            if pid == 0:
                _child(args, out.fileno(), err.fileno())
            _, status = os.waitpid(pid, 0)
            captured = []
            for stream in (out, err):
                stream.seek(0)
                captured.append(stream.read().decode(errors="replace"))
        reply = {"code": os.waitstatus_to_exitcode(status), "stdout": captured[0], "stderr": captured[1]}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
