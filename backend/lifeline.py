"""The lifeline between `empact run` and its children: a child ends its process group the
moment the command that started it is gone, however it went (SIGKILL included).

Why a pipe and not Linux's PR_SET_PDEATHSIG: the supervisor holds the only write end of a pipe
whose read end each child watches. The kernel closes that write end when the supervisor dies,
however it dies, so the child reads end-of-file at once; if the supervisor died before the
child began to watch, the read ends at once too, so there is no race. PDEATHSIG is Linux-only,
fires when the *thread* that forked the child ends rather than the process, and kills only the
child itself: the Prefect runner's flow runs (its own subprocesses) would stay behind. A child
here leads a process group of its own, which its subprocesses join, so ending the group ends
them all.

A child is started as `python -m backend.lifeline FD -m MODULE ARGS...`: it watches the read
end FD in a daemon thread, then runs MODULE as `python -m MODULE ARGS...` would.
"""

import os
import runpy
import signal
import sys
import threading


def watch(read_fd: int) -> None:
    """End this process group as soon as the write end of the pipe is closed."""

    def wait_then_end_group() -> None:
        try:
            while os.read(read_fd, 1024):
                pass  # nothing is ever written: only the end of the pipe counts
        except OSError:
            pass
        # SIGKILL, not SIGTERM: the supervisor that would stop each part in order is gone,
        # and a part that takes its time over a clean stop (the runner pausing its schedules
        # on a server that is going away too) would outlive it. SQLite survives a kill.
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)  # started by hand inside someone else's group

    threading.Thread(target=wait_then_end_group, name="lifeline", daemon=True).start()


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        sys.exit("usage: python -m backend.lifeline FD -m MODULE [ARGS...]")
    watch(int(argv[0]))
    module = argv[2]
    sys.argv = [module, *argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
