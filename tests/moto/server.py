"""The project's AWS emulator: moto 5.2.5's server with the patches of `patches/` applied.

Usage: python tests/moto/server.py -H 127.0.0.1 -p PORT [--exit-with-stdin]

  --exit-with-stdin  exit as soon as standard input reaches end of file, so that the server dies
                     with the process that started it (tests/it/support/mod.rs holds the pipe),
                     however that process ends.

Any other argument goes to moto's server (`-H`, `-p`, ...). Environment, when not set already:

  MOTO_IAM_LOAD_MANAGED_POLICIES=true  AWS-managed IAM policies exist (AttachRolePolicy of
                                       AmazonECSTaskExecutionRolePolicy works, as on AWS).
  MOTO_RECORDER_FILEPATH               a new private file for this server, so that two servers never
                                       record into the same file; removed when the server ends.

Optional:

  ECS_EMULATOR_LATENCY_MS=N            every AWS request is answered N ms late (not /moto-api/), so
                                       that benchmarks see round trips as on AWS (~30 ms).
  ECS_EMULATOR_SERVICE_TASKS=1         services run real tasks (patch ecs.services_start_tasks).

Request recording uses moto's own endpoints: POST /moto-api/recorder/reset-recording,
start-recording, stop-recording; GET /moto-api/recorder/download-recording (JSON lines).
See README.md beside this file for the list of patches.
"""
import atexit
import glob
import os
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
_RECORDING_PREFIX = "ecs-cli-moto-recording-"


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_recordings(directory):
    """Recording files of servers that died without cleaning up (killed): `<prefix><pid>-*`."""
    for path in glob.glob(os.path.join(directory, f"{_RECORDING_PREFIX}*")):
        pid = os.path.basename(path)[len(_RECORDING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            try:
                os.remove(path)
            except OSError:
                pass


def _private_recording_file():
    """A fresh recording file for this process, removed at exit."""
    directory = tempfile.gettempdir()
    _remove_stale_recordings(directory)
    fd, path = tempfile.mkstemp(prefix=f"{_RECORDING_PREFIX}{os.getpid()}-", suffix=".jsonl", dir=directory)
    os.close(fd)
    atexit.register(_remove_quietly, path)
    return path


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass


def prepare_environment():
    """Sets the defaults above. Must run before moto is imported: its recorder reads the path then."""
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    if not os.environ.get("MOTO_RECORDER_FILEPATH"):
        os.environ["MOTO_RECORDER_FILEPATH"] = _private_recording_file()


def exit_with_stdin():
    """Ends the whole server when standard input reaches end of file (its parent has gone)."""

    def watch():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            atexit._run_exitfuncs()  # os._exit skips them; the recording file must go
            os._exit(0)

    threading.Thread(target=watch, name="exit-with-stdin", daemon=True).start()


def add_latency(value):
    """ECS_EMULATOR_LATENCY_MS: each AWS request waits that long before it is handled."""
    try:
        delay = float(value) / 1000.0
    except ValueError:
        return
    if delay <= 0:
        return
    import time

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    dispatch = DomainDispatcherApplication.__call__

    def slow(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/moto-api"):
            time.sleep(delay)
        return dispatch(self, environ, start_response)

    DomainDispatcherApplication.__call__ = slow


def main(argv):
    args = list(argv)
    if "--exit-with-stdin" in args:
        args.remove("--exit-with-stdin")
        exit_with_stdin()
    prepare_environment()
    sys.path.insert(0, HERE)
    import patches  # noqa: E402  (after prepare_environment: it imports moto)

    patches.apply_all()
    add_latency(os.environ.get("ECS_EMULATOR_LATENCY_MS", ""))
    from moto.server import main as moto_main

    return moto_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
